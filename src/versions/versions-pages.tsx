// Pages of plan versions: for 本部 the list with the form to record a version, the changes since
// the latest one, the comparison of two versions and the copy of a plan into its successor; for
// the public the version history and the comparison (a plan's structure is public), in Japanese
// (/plans/…/versions) and English (/en/plans/…/versions).
import { StaffLayout } from '../auth/staff-layout.js';
import { CsrfField } from '../auth/middleware.js';
import type { SessionUser } from '../auth/policy.js';
import { formatFiscalYearRange } from '../domain/wareki.js';
import { Layout, type PageMeta } from '../web/layout.js';
import { dateLabel, href, messages, type Lang } from '../portal/i18n.js';
import { Breadcrumbs, Ja } from '../portal/portal-ui.js';
import type { DiffGroup } from './diff-versions.js';
import { versionLabel } from './version-label.js';
import { versionMessages } from './versions-i18n.js';
import type { PlanRow, PlanVersionRow } from './versions.repository.js';

type VersionSummary = Omit<PlanVersionRow, 'snapshot'>;

interface Frame {
  user: SessionUser;
  csrfToken: string;
  plan: PlanRow;
}

export const adminVersionsUrl = (planCode: string) => `/admin/plans/${encodeURIComponent(planCode)}/versions`;
export const publicVersionsUrl = (planCode: string, lang: Lang = 'ja') => href(lang, `/plans/${encodeURIComponent(planCode)}/versions`);

function StaffBreadcrumbs({ plan, here, parent }: { plan: PlanRow; here: string; parent?: { label: string; href: string } }) {
  return (
    <nav aria-label="パンくずリスト" class="breadcrumbs">
      <ol>
        <li><a href="/admin">計画・組織の管理</a></li>
        <li><a href={`/admin/plans/${encodeURIComponent(plan.code)}`}>{plan.title}</a></li>
        {parent ? <li><a href={parent.href}>{parent.label}</a></li> : null}
        <li aria-current="page">{here}</li>
      </ol>
    </nav>
  );
}

/** The groups of a comparison: a heading and a list of readable lines each. */
export function DiffView({ groups, headingLevel = 2, lang = 'ja' }: { groups: DiffGroup[]; headingLevel?: 2 | 3; lang?: Lang }) {
  const m = versionMessages(lang);
  if (groups.length === 0) return <p>{m.noChanges}</p>;
  return (
    <div class="version-diff">
      {groups.map((g) => (
        <section aria-labelledby={`diff-${g.kind}`}>
          {headingLevel === 2 ? <h2 id={`diff-${g.kind}`}>{m.groupHeading(g.title, g.lines.length)}</h2> : <h3 id={`diff-${g.kind}`}>{m.groupHeading(g.title, g.lines.length)}</h3>}
          <ul class="plain-list">{g.lines.map((line) => <li>{line}</li>)}</ul>
        </section>
      ))}
    </div>
  );
}

function VersionTable({ versions, caption, diffBase, lang = 'ja' }: { versions: VersionSummary[]; caption: string; diffBase: string; lang?: Lang }) {
  const m = versionMessages(lang);
  return (
    <div class="table-scroll">
      <table class="data-table">
        <caption>{caption}</caption>
        <thead><tr><th scope="col">{m.columnVersion}</th><th scope="col">{m.columnName}</th><th scope="col">{m.columnAdoptedOn}</th><th scope="col">{m.columnNote}</th><th scope="col">{m.columnChanges}</th></tr></thead>
        <tbody>
          {versions.map((v, i) => (
            <tr>
              <th scope="row">{m.versionNumber(v.number)}</th>
              <td><Ja lang={lang}>{v.name}</Ja></td>
              <td>{dateLabel(lang, v.adoptedOn)}</td>
              <td>{v.note ? <Ja lang={lang}>{v.note}</Ja> : ''}</td>
              <td>{i > 0 ? <a href={`${diffBase}?from=${versions[i - 1]?.number ?? ''}&to=${v.number}`}>{m.changesFrom(versions[i - 1]?.number ?? 0)}</a> : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function CompareForm({ action, versions, from, to, live, lang = 'ja' }: { action: string; versions: VersionSummary[]; from?: string | undefined; to?: string | undefined; live?: boolean; lang?: Lang }) {
  const m = versionMessages(lang);
  if (versions.length + (live ? 1 : 0) < 2) return null;
  const last = versions[versions.length - 1];
  const previous = versions[versions.length - 2];
  const fromValue = from ?? String(previous?.number ?? last?.number ?? '');
  const toValue = to ?? (live && versions.length < 2 ? 'current' : String(last?.number ?? ''));
  return (
    <form method="get" action={action} class="inline-form" aria-label={m.compareForm}>
      <div class="form-field"><label for="compare-from">{m.compareFrom}</label>
        <select id="compare-from" name="from">
          {versions.map((v) => <option value={String(v.number)} selected={fromValue === String(v.number)}>{m.version(v)}</option>)}
        </select></div>
      <div class="form-field"><label for="compare-to">{m.compareTo}</label>
        <select id="compare-to" name="to">
          {versions.map((v) => <option value={String(v.number)} selected={toValue === String(v.number)}>{m.version(v)}</option>)}
          {live ? <option value="current" selected={toValue === 'current'}>現在の計画（未記録の変更を含む）</option> : null}
        </select></div>
      <div class="form-field"><button type="submit" class="button button-primary">{m.compareSubmit}</button></div>
    </form>
  );
}

export function VersionListPage({ user, csrfToken, plan, versions, pending, values, error, notice }: Frame & {
  versions: VersionSummary[];
  /** Changes of the live plan since the latest version (null: no version yet). */
  pending: DiffGroup[] | null;
  values: Record<string, string>;
  error?: string | undefined;
  notice?: string | undefined;
}) {
  const latest = versions[versions.length - 1];
  return (
    <StaffLayout title={`計画の版: ${plan.title}`} user={user} csrfToken={csrfToken}>
      <StaffBreadcrumbs plan={plan} here="計画の版" />
      <h1>計画の版: {plan.title}</h1>
      {notice ? <p class="notification notification-success" role="status">{notice}</p> : null}
      <p class="hint">版は、策定や中間見直しの時点の計画の構成（項目・指標・目標・担当課）を記録したものです。評価を確定すると、その時点の版が「判定の基準」として記録されます。版の一覧と比較は公開されます（<a href={publicVersionsUrl(plan.code)}>公開ページ</a>）。</p>
      {versions.length === 0 ? <p>版はまだありません。最初の版は、現在の計画をそのまま記録します。</p> : (
        <>
          <VersionTable versions={versions} caption="記録された版" diffBase={`${adminVersionsUrl(plan.code)}/diff`} />
          <CompareForm action={`${adminVersionsUrl(plan.code)}/diff`} versions={versions} live />
        </>
      )}
      <section aria-labelledby="pending-heading">
        <h2 id="pending-heading">{latest ? `最新の版（${versionLabel(latest)}）からの変更` : '現在の計画'}</h2>
        {pending === null ? <p>新しい版を記録すると、現在の計画の構成がそのまま第1版になります。</p> : (
          <>
            <p class="hint">新しい版を記録すると、次の変更が記録されます。</p>
            <DiffView groups={pending} headingLevel={3} />
          </>
        )}
      </section>
      <section aria-labelledby="new-version-heading">
        <h2 id="new-version-heading">新しい版を記録する</h2>
        {error ? <p class="notice notice-error" role="alert">{error}</p> : null}
        <form method="post" action={adminVersionsUrl(plan.code)} class="form">
          <CsrfField token={csrfToken} />
          <div class="form-field"><label for="name">版の名前（例: 策定、中間見直し）</label>
            <input id="name" name="name" type="text" required maxlength={200} value={values.name ?? (versions.length === 0 ? '策定' : '')} /></div>
          <div class="form-field"><label for="adoptedOn">採択日</label>
            <input id="adoptedOn" name="adoptedOn" type="date" required value={values.adoptedOn ?? ''} /></div>
          <div class="form-field"><label for="note">備考</label>
            <textarea id="note" name="note" rows={3}>{values.note ?? ''}</textarea></div>
          <p><button type="submit" class="button button-primary">第{versions.length + 1}版として記録する</button></p>
        </form>
      </section>
      <p><a href={`/admin/plans/${encodeURIComponent(plan.code)}/copy`}>この計画を複製して次期計画を作る</a></p>
    </StaffLayout>
  );
}

export function StaffDiffPage({ user, csrfToken, plan, versions, from, to, groups }: Frame & {
  versions: VersionSummary[];
  from: VersionSummary;
  to: VersionSummary | 'current';
  groups: DiffGroup[];
}) {
  const toLabel = to === 'current' ? '現在の計画' : versionLabel(to);
  return (
    <StaffLayout title={`版の比較: ${plan.title}`} user={user} csrfToken={csrfToken}>
      <StaffBreadcrumbs plan={plan} here="版の比較" parent={{ label: '計画の版', href: adminVersionsUrl(plan.code) }} />
      <h1>版の比較: {versionLabel(from)} → {toLabel}</h1>
      <CompareForm action={`${adminVersionsUrl(plan.code)}/diff`} versions={versions} from={String(from.number)} to={to === 'current' ? 'current' : String(to.number)} live />
      <DiffView groups={groups} />
    </StaffLayout>
  );
}

function PublicBreadcrumbs({ lang, plan, here, parent }: { lang: Lang; plan: PlanRow; here: string; parent?: { label: string; href: string } }) {
  return (
    <Breadcrumbs
      lang={lang}
      trail={[
        { label: messages(lang).planList, href: href(lang, '/') },
        { label: <Ja lang={lang}>{plan.title}</Ja>, href: href(lang, `/plans/${encodeURIComponent(plan.code)}`) },
        ...(parent ? [parent] : []),
        { label: here },
      ]}
    />
  );
}

/** 「テスト計画（令和3〜7年度）」 / "テスト計画 (FY2021–FY2025)": the plan a page is about. */
function PlanLead({ lang, plan, children }: { lang: Lang; plan: PlanRow; children?: string }) {
  const m = versionMessages(lang);
  return lang === 'ja'
    ? <p class="lead">{plan.title}{children ?? `（${m.period(plan.periodStartFy, plan.periodEndFy)}）`}</p>
    : <p class="lead"><Ja lang={lang}>{plan.title}</Ja>{children ?? ` (${m.period(plan.periodStartFy, plan.periodEndFy)})`}</p>;
}

export function PublicVersionListPage({ lang = 'ja', meta, plan, versions }: { lang?: Lang; meta?: PageMeta; plan: PlanRow; versions: VersionSummary[] }) {
  const m = versionMessages(lang);
  return (
    <Layout title={m.historyPageTitle(plan.title)} lang={lang} {...(meta ? { meta } : {})}>
      <PublicBreadcrumbs lang={lang} plan={plan} here={m.historyTitle} />
      <h1>{m.historyTitle}</h1>
      <PlanLead lang={lang} plan={plan} />
      <p>{m.historyLead}</p>
      {versions.length === 0 ? <p>{m.noVersions}</p> : (
        <>
          <VersionTable lang={lang} versions={versions} caption={m.tableCaption} diffBase={`${publicVersionsUrl(plan.code, lang)}/diff`} />
          <h2>{m.compareHeading}</h2>
          <CompareForm lang={lang} action={`${publicVersionsUrl(plan.code, lang)}/diff`} versions={versions} />
        </>
      )}
    </Layout>
  );
}

export function PublicDiffPage({ lang = 'ja', meta, plan, versions, from, to, groups }: { lang?: Lang; meta?: PageMeta; plan: PlanRow; versions: VersionSummary[]; from: VersionSummary; to: VersionSummary; groups: DiffGroup[] }) {
  const m = versionMessages(lang);
  return (
    <Layout title={m.diffPageTitle(plan.title)} lang={lang} {...(meta ? { meta } : {})}>
      <PublicBreadcrumbs lang={lang} plan={plan} here={m.diffTitle} parent={{ label: m.historyTitle, href: publicVersionsUrl(plan.code, lang) }} />
      <h1>{m.diffTitle}</h1>
      <PlanLead lang={lang} plan={plan}>{`: ${m.version(from)} → ${m.version(to)}`}</PlanLead>
      <CompareForm lang={lang} action={`${publicVersionsUrl(plan.code, lang)}/diff`} versions={versions} from={String(from.number)} to={String(to.number)} />
      <DiffView lang={lang} groups={groups} />
    </Layout>
  );
}

export function CopyPlanPage({ user, csrfToken, plan, values, error }: Frame & { values: Record<string, string>; error?: string | undefined }) {
  const length = plan.periodEndFy - plan.periodStartFy;
  const start = plan.periodEndFy + 1;
  return (
    <StaffLayout title={`計画を複製して次期計画を作る: ${plan.title}`} user={user} csrfToken={csrfToken}>
      <StaffBreadcrumbs plan={plan} here="次期計画を作る" />
      <h1>計画を複製して次期計画を作る</h1>
      <p>複製元: {plan.title}（{plan.code}、{formatFiscalYearRange(plan.periodStartFy, plan.periodEndFy)}）</p>
      <p class="hint">項目の構成（重点・パートナープロジェクトの印、担当課）を複製します。担当課は組織改正後の現在の部署になります。廃止した項目、実績値、評価は複製しません。各項目は複製元の項目を「継続」として記録し、公開ページで前計画での経過を表示します。新しい計画は「策定中」（非公開）で作られ、第1版「策定」が記録されます。</p>
      {error ? <p class="notice notice-error" role="alert">{error}</p> : null}
      <form method="post" action={`/admin/plans/${encodeURIComponent(plan.code)}/copy`} class="form">
        <CsrfField token={csrfToken} />
        <div class="form-field"><label for="code">新しい計画のコード（半角小文字の英数字と -）</label>
          <input id="code" name="code" type="text" required value={values.code ?? ''} autocomplete="off" /></div>
        <div class="form-field"><label for="title">新しい計画の名称</label>
          <input id="title" name="title" type="text" required value={values.title ?? ''} /></div>
        <div class="form-field"><label for="periodStartFy">計画期間の始まり（西暦の年度）</label>
          <input id="periodStartFy" name="periodStartFy" type="text" inputmode="numeric" required value={values.periodStartFy ?? String(start)} /></div>
        <div class="form-field"><label for="periodEndFy">計画期間の終わり（西暦の年度）</label>
          <input id="periodEndFy" name="periodEndFy" type="text" inputmode="numeric" required value={values.periodEndFy ?? String(start + length)} /></div>
        <div class="form-field"><label for="adoptedOn">第1版（策定）の採択日（空なら計画期間の初日）</label>
          <input id="adoptedOn" name="adoptedOn" type="date" value={values.adoptedOn ?? ''} /></div>
        <div class="form-field form-check">
          <input id="withIndicators" name="withIndicators" type="checkbox" value="on" checked={values.withIndicators === undefined || values.withIndicators === 'on'} />
          <label for="withIndicators">指標と目標も複製する</label></div>
        <p><button type="submit" class="button button-primary">複製して作る</button></p>
      </form>
    </StaffLayout>
  );
}
