// Pages of departments (部署): the 局 → 課 tree with validity dates, current and ended ones, the
// history of reorganisations, and the forms to add, rename, merge and abolish. They work without
// JavaScript; a refused change shows the form again with what was typed.
import { StaffLayout } from '../auth/staff-layout.js';
import { CsrfField } from '../auth/middleware.js';
import type { SessionUser } from '../auth/policy.js';
import { DEPARTMENT_KINDS } from '../db/schema.js';
import { formatJapaneseDate } from '../domain/wareki.js';
import { OrganisationBreadcrumbs } from './organisation-of.js';
import { todayInJapan } from '../rounds/dashboard.js';
import { DEPARTMENT_KIND_LABELS, END_KIND_LABELS } from './department-input.js';
import type { DepartmentChange, DepartmentRow, OrganisationRow } from './departments.repository.js';

interface Frame {
  user: SessionUser;
  csrfToken: string;
  organisation: OrganisationRow;
}

export const departmentsUrl = (organisationCode: string) => `/admin/organisations/${encodeURIComponent(organisationCode)}/departments`;

function dateText(iso: string | null): string {
  return iso ? formatJapaneseDate(iso) : '—';
}

function validity(d: DepartmentRow): string {
  if (!d.validFrom && !d.validTo) return '期間の定めなし';
  return `${d.validFrom ? dateText(d.validFrom) : ''}〜${d.validTo ? dateText(d.validTo) : ''}`;
}

function kindLabel(kind: string): string {
  return DEPARTMENT_KIND_LABELS[kind as keyof typeof DEPARTMENT_KIND_LABELS] ?? kind;
}

function Breadcrumbs({ organisation, here }: { organisation: OrganisationRow; here?: string }) {
  return <OrganisationBreadcrumbs organisation={organisation} section="部署" sectionUrl={departmentsUrl(organisation.code)} here={here} />;
}

/** Current departments as a tree: each 局 (no current parent) followed by its 課, indented. */
export function currentTree(rows: DepartmentRow[]): { department: DepartmentRow; depth: number }[] {
  const current = rows.filter((d) => d.endKind === null);
  const ids = new Set(current.map((d) => d.id));
  const children = new Map<number | null, DepartmentRow[]>();
  for (const d of current) {
    const parent = d.parentId !== null && ids.has(d.parentId) ? d.parentId : null;
    children.set(parent, [...(children.get(parent) ?? []), d]);
  }
  const out: { department: DepartmentRow; depth: number }[] = [];
  const visit = (parent: number | null, depth: number) => {
    for (const d of children.get(parent) ?? []) {
      out.push({ department: d, depth });
      visit(d.id, depth + 1);
    }
  };
  visit(null, 0);
  return out;
}

function changeLine(change: DepartmentChange): string {
  const before = (change.before ?? {}) as { name?: string; code?: string };
  const after = (change.after ?? {}) as { name?: string; validTo?: string | null; validFrom?: string | null; successor?: { name?: string; validFrom?: string }; into?: { name?: string } };
  switch (change.action) {
    case 'department.create':
      return `部署「${after.name ?? ''}」を追加（${after.validFrom ? `${dateText(after.validFrom)}から` : '開始日なし'}）`;
    case 'department.rename':
      return `名称変更: 「${before.name ?? ''}」→「${after.successor?.name ?? ''}」（${dateText(after.successor?.validFrom ?? null)}から）`;
    case 'department.merge':
      return `統合: 「${before.name ?? ''}」を「${after.into?.name ?? ''}」へ（${dateText(after.validTo ?? null)}まで）`;
    case 'department.abolish':
      return `廃止: 「${before.name ?? ''}」（${dateText(after.validTo ?? null)}まで）`;
    default:
      return change.action;
  }
}

export function DepartmentListPage({ user, csrfToken, organisation, departments, changes, notice }: Frame & {
  departments: DepartmentRow[];
  changes: DepartmentChange[];
  notice?: string | undefined;
}) {
  const byId = new Map(departments.map((d) => [d.id, d]));
  const tree = currentTree(departments);
  const ended = departments.filter((d) => d.endKind !== null).sort((a, b) => (b.validTo ?? '').localeCompare(a.validTo ?? '') || a.code.localeCompare(b.code));
  const base = departmentsUrl(organisation.code);
  return (
    <StaffLayout title={`部署（${organisation.name}）`} user={user} csrfToken={csrfToken}>
      <Breadcrumbs organisation={organisation} />
      <h1>部署（{organisation.name}）</h1>
      {notice ? <p class="notification notification-success" role="status">{notice}</p> : null}
      <p class="hint">組織改正（名称変更・統合）をしても、各項目の担当課の記録は書き換えません。現在の画面は後継の部署を、過去の評価はその年度末時点の名称を表示します。</p>
      <p><a class="button button-primary" href={`${base}/new`}>部署を追加する</a></p>
      {ended.length > 0 ? (
        <>
        <h2 id="ended-heading">終了した部署</h2>
        <div class="table-scroll">
          <table class="data-table" aria-labelledby="ended-heading">
            <thead><tr><th scope="col">名称</th><th scope="col">コード</th><th scope="col">有効期間</th><th scope="col">終了</th><th scope="col">現在の後継</th></tr></thead>
            <tbody>
              {ended.map((d) => {
                const successor = d.successorId !== null ? byId.get(d.successorId) : undefined;
                const current = d.currentId !== null ? byId.get(d.currentId) : undefined;
                return (
                  <tr>
                    <th scope="row">{d.parentId !== null && byId.get(d.parentId) ? `${byId.get(d.parentId)?.name ?? ''} ` : ''}{d.name}</th>
                    <td class="code">{d.code}</td>
                    <td>{validity(d)}</td>
                    <td>{END_KIND_LABELS[d.endKind ?? '']?.ja ?? d.endKind}{successor ? ` → ${successor.name}（${dateText(successor.validFrom && d.endKind === 'rename' ? successor.validFrom : d.validTo)}${d.endKind === 'rename' ? 'から' : 'まで'}）` : ''}</td>
                    <td>{current && current.id !== successor?.id ? current.name : successor ? successor.name : '—（廃止）'}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
        </>
      ) : null}
      <h2>組織改正の履歴</h2>
      {changes.length === 0 ? <p>記録はまだありません。</p> : (
        <ol class="plain-list">
          {changes.map((c) => (
            <li><time datetime={c.at.toISOString()}>{formatJapaneseDate(todayInJapan(c.at))}</time> {changeLine(c)}（{c.actor}）</li>
          ))}
        </ol>
      )}
      <h2 id="current-heading">現在の部署（局 → 課）</h2>
      <div class="table-scroll">
        <table class="data-table" aria-labelledby="current-heading">
          <thead><tr><th scope="col">名称</th><th scope="col">コード</th><th scope="col">種別</th><th scope="col">有効期間</th><th scope="col">組織改正</th></tr></thead>
          <tbody>
            {tree.map(({ department: d, depth }) => (
              <tr>
                <th scope="row">{depth > 0 ? <span aria-hidden="true">{'　'.repeat(depth)}└ </span> : null}{d.name}</th>
                <td class="code">{d.code}</td>
                <td>{kindLabel(d.kind)}</td>
                <td>{validity(d)}</td>
                <td>
                  <a href={`${base}/${d.id}/rename`} aria-label={`${d.name}の名称変更`}>名称変更</a>{' ・ '}
                  <a href={`${base}/${d.id}/merge`} aria-label={`${d.name}の統合`}>統合</a>{' ・ '}
                  <a href={`${base}/${d.id}/abolish`} aria-label={`${d.name}の廃止`}>廃止</a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </StaffLayout>
  );
}

function ErrorNotice({ error }: { error?: string | undefined }) {
  return error ? <p class="notice notice-error" role="alert">{error}</p> : null;
}

function DepartmentFacts({ department, parent }: { department: DepartmentRow; parent?: DepartmentRow | undefined }) {
  return (
    <dl class="facts">
      <dt>現在の名称</dt><dd>{parent ? `${parent.name} ` : ''}{department.name}（{department.code}）</dd>
      <dt>有効期間</dt><dd>{validity(department)}</dd>
    </dl>
  );
}

export function NewDepartmentPage({ user, csrfToken, organisation, parents, values, error }: Frame & {
  parents: DepartmentRow[];
  values: Record<string, string>;
  error?: string | undefined;
}) {
  return (
    <StaffLayout title="部署を追加する" user={user} csrfToken={csrfToken}>
      <Breadcrumbs organisation={organisation} here="部署を追加する" />
      <h1>部署を追加する</h1>
      <ErrorNotice error={error} />
      <form method="post" action={departmentsUrl(organisation.code)} class="form">
        <CsrfField token={csrfToken} />
        <div class="form-field"><label for="code">コード（空白なし。例: 市民局/市民協働推進課）</label>
          <input id="code" name="code" type="text" required value={values.code ?? ''} autocomplete="off" /></div>
        <div class="form-field"><label for="name">名称</label>
          <input id="name" name="name" type="text" required value={values.name ?? ''} /></div>
        <div class="form-field"><label for="kind">種別</label>
          <select id="kind" name="kind">
            {DEPARTMENT_KINDS.map((k) => <option value={k} selected={(values.kind ?? 'section') === k}>{DEPARTMENT_KIND_LABELS[k]}</option>)}
          </select></div>
        <div class="form-field"><label for="parentId">上位の部署（課の場合は局）</label>
          <select id="parentId" name="parentId">
            <option value="">なし（局など最上位）</option>
            {parents.map((p) => <option value={String(p.id)} selected={values.parentId === String(p.id)}>{p.name}</option>)}
          </select></div>
        <div class="form-field"><label for="validFrom">開始日</label>
          <input id="validFrom" name="validFrom" type="date" value={values.validFrom ?? ''} /></div>
        <p><button type="submit" class="button button-primary">追加する</button></p>
      </form>
    </StaffLayout>
  );
}

export function RenameDepartmentPage({ user, csrfToken, organisation, department, parent, values, error }: Frame & {
  department: DepartmentRow;
  parent?: DepartmentRow | undefined;
  values: Record<string, string>;
  error?: string | undefined;
}) {
  return (
    <StaffLayout title={`名称変更: ${department.name}`} user={user} csrfToken={csrfToken}>
      <Breadcrumbs organisation={organisation} here={`名称変更: ${department.name}`} />
      <h1>名称変更: {department.name}</h1>
      <ErrorNotice error={error} />
      <DepartmentFacts department={department} parent={parent} />
      <p class="hint">変更日の前日で今の部署を終了し、新しい名称の部署を作ります（同じ上位の部署の下）。担当していた項目は新しい部署が引き継ぎ、過去の評価は当時の名称のまま表示されます。局の名称変更では、その下の現在の課も新しい局の下に移ります。</p>
      <form method="post" action={`${departmentsUrl(organisation.code)}/${department.id}/rename`} class="form">
        <CsrfField token={csrfToken} />
        <div class="form-field"><label for="name">新しい名称</label>
          <input id="name" name="name" type="text" required value={values.name ?? ''} /></div>
        <div class="form-field"><label for="date">変更日（新しい名称の初日）</label>
          <input id="date" name="date" type="date" required value={values.date ?? ''} /></div>
        <div class="form-field"><label for="code">新しい部署のコード</label>
          <p class="hint" id="code-hint">空のままなら「{department.code}-変更年」になります。</p>
          <input id="code" name="code" type="text" value={values.code ?? ''} aria-describedby="code-hint" autocomplete="off" /></div>
        <p><button type="submit" class="button button-primary">名称を変更する</button></p>
      </form>
    </StaffLayout>
  );
}

export function MergeDepartmentPage({ user, csrfToken, organisation, department, parent, candidates, values, error }: Frame & {
  department: DepartmentRow;
  parent?: DepartmentRow | undefined;
  candidates: DepartmentRow[];
  values: Record<string, string>;
  error?: string | undefined;
}) {
  return (
    <StaffLayout title={`統合: ${department.name}`} user={user} csrfToken={csrfToken}>
      <Breadcrumbs organisation={organisation} here={`統合: ${department.name}`} />
      <h1>統合: {department.name}</h1>
      <ErrorNotice error={error} />
      <DepartmentFacts department={department} parent={parent} />
      <p class="hint">統合日の前日で「{department.name}」を終了し、担当していた項目を統合先の部署が引き継ぎます。過去の評価は当時の名称のまま表示されます。</p>
      <form method="post" action={`${departmentsUrl(organisation.code)}/${department.id}/merge`} class="form">
        <CsrfField token={csrfToken} />
        <div class="form-field"><label for="into">統合先の部署</label>
          <select id="into" name="into" required>
            <option value="">選んでください</option>
            {candidates.map((d) => <option value={String(d.id)} selected={values.into === String(d.id)}>{d.name}（{d.code}）</option>)}
          </select></div>
        <div class="form-field"><label for="date">統合日（統合先が引き継ぐ初日）</label>
          <input id="date" name="date" type="date" required value={values.date ?? ''} /></div>
        <p><button type="submit" class="button button-primary">統合する</button></p>
      </form>
    </StaffLayout>
  );
}

export function AbolishDepartmentPage({ user, csrfToken, organisation, department, parent, values, error }: Frame & {
  department: DepartmentRow;
  parent?: DepartmentRow | undefined;
  values: Record<string, string>;
  error?: string | undefined;
}) {
  return (
    <StaffLayout title={`廃止: ${department.name}`} user={user} csrfToken={csrfToken}>
      <Breadcrumbs organisation={organisation} here={`廃止: ${department.name}`} />
      <h1>廃止: {department.name}</h1>
      <ErrorNotice error={error} />
      <DepartmentFacts department={department} parent={parent} />
      <p class="hint">後継のない廃止です。実施中の計画の項目をこの部署だけが担当している間は廃止できません（先に担当課の付け替えか統合をしてください）。</p>
      <form method="post" action={`${departmentsUrl(organisation.code)}/${department.id}/abolish`} class="form">
        <CsrfField token={csrfToken} />
        <div class="form-field"><label for="date">廃止日（部署がなくなる初日）</label>
          <input id="date" name="date" type="date" required value={values.date ?? ''} /></div>
        <p><button type="submit" class="button button-primary">廃止する</button></p>
      </form>
    </StaffLayout>
  );
}
