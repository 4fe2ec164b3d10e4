// The item tree of a plan for editing (/admin/plans/:plan/items). Each action is its own small
// POST form (works with the keyboard and without JavaScript); public/admin-tree.js adds
// shortcuts and reordering without a page reload.
import { StaffLayout } from '../auth/staff-layout.js';
import { CsrfField } from '../auth/middleware.js';
import type { AdminItem, DepartmentChoice, PlanRow } from './admin.repository.js';
import type { FormValues } from './form-reader.js';
import { Breadcrumbs, Check, Field, itemAdminUrl, itemsUrl, planAdminUrl, Problem, Saved, statusLabel, TextArea, type Frame } from './admin-pages.js';
import { RELIST_KIND_LABELS } from './relist-item.js';
import { ROLE_LABELS } from './save-item.js';
import { inTreeOrder } from './tree.js';

export const itemAnchor = (id: number) => `item-${id}`;

export function DepartmentOwners({ departments, values }: { departments: DepartmentChoice[]; values: FormValues }) {
  if (departments.length === 0) {
    return <p class="hint">この組織には部局がまだありません。<a href="/admin">組織の部局（局・課）の管理</a>から登録してください。</p>;
  }
  return (
    <fieldset class="filters">
      <legend>担当課</legend>
      <div class="owner-grid">
        {departments.map((d) => (
          <p class="form-field">
            <label for={`dept-${d.id}`}>{d.parentName ? `${d.parentName} ` : ''}{d.name}</label>
            <select id={`dept-${d.id}`} name={`dept-${d.id}`}>
              <option value="" selected={!values[`dept-${d.id}`]}>担当しない</option>
              <option value="lead" selected={values[`dept-${d.id}`] === 'lead'}>{ROLE_LABELS.lead}</option>
              <option value="joint" selected={values[`dept-${d.id}`] === 'joint'}>{ROLE_LABELS.joint}</option>
            </select>
          </p>
        ))}
      </div>
    </fieldset>
  );
}

export function ItemFields({ values, departments }: { values: FormValues; departments: DepartmentChoice[] }) {
  return (
    <>
      <Field name="code" label="項目コード" values={values} required hint="計画の中で一意。公開ページの URL になります（例: 1-(1)-③）" />
      <Field name="number" label="番号（印刷どおり）" values={values} hint="例: ①、◎1-1" />
      <Field name="name" label="名称" values={values} required />
      <TextArea name="description" label="説明" values={values} rows={3} />
      <TextArea name="numericTargetText" label="数値目標等（原文どおり）" values={values} rows={2} />
      <div role="group" aria-label="印">
        <Check name="isPriority" label="重点（◎）" values={values} />
        <Check name="isNew" label="新規" values={values} />
        <Check name="isPartnerProject" label="＊ 地域づくりパートナープロジェクト" values={values} />
      </div>
      <DepartmentOwners departments={departments} values={values} />
    </>
  );
}

function ItemNode({ item, plan, byParent, byId, csrfToken }: { item: AdminItem; plan: PlanRow; byParent: Map<number | null, AdminItem[]>; byId: Map<number, AdminItem>; csrfToken: string }) {
  const children = byParent.get(item.id) ?? [];
  const base = itemAdminUrl(plan.code, item.code);
  const level = plan.levelNames[item.depth] ?? `第${item.depth + 1}階層`;
  const original = item.relistOfId !== null ? byId.get(item.relistOfId) : undefined;
  const label = `${item.number ?? ''}${item.number ? ' ' : ''}${item.name}`;
  return (
    <li id={itemAnchor(item.id)} class={`tree-item depth-${item.depth} admin-item${item.retiredAt ? ' retired' : ''}`} data-item-code={item.code}>
      <div class="item-head">
        {item.number ? <span class="item-code">{item.number}</span> : null}
        <a href={base} class="admin-item-link">{item.name}</a>
        {item.isPriority ? <span class="flag flag-priority">重点</span> : null}
        {item.isNew ? <span class="flag flag-new">新規</span> : null}
        {item.isPartnerProject ? <span class="flag flag-partner">＊</span> : null}
        {original ? <span class="flag flag-relist">{RELIST_KIND_LABELS[item.relistKind as 'full' | 'partial'] ?? '再掲'}: {original.code}</span> : null}
        {item.retiredAt ? <span class="flag flag-retired">廃止 {item.retiredAt}</span> : null}
      </div>
      <p class="admin-item-meta">
        {level}・コード <code>{item.code}</code>
        {item.owners.length > 0 ? `・担当: ${item.owners.map((o) => `${o.name}${o.role === 'joint' ? '（共同）' : ''}`).join('、')}` : ''}
        {item.indicatorCount > 0 ? `・指標 ${item.indicatorCount}` : ''}
        {item.retiredReason ? `・廃止理由: ${item.retiredReason}` : ''}
      </p>
      <div class="item-actions">
        <form method="post" action={`${base}/reorder`} class="reorder-form">
          <CsrfField token={csrfToken} />
          <button type="submit" name="direction" value="up" class="button-small" aria-label={`「${label}」を上へ`} data-reorder="up">上へ</button>
          <button type="submit" name="direction" value="down" class="button-small" aria-label={`「${label}」を下へ`} data-reorder="down">下へ</button>
        </form>
        <a href={base}>編集・指標</a>
        {item.depth + 1 < plan.levelNames.length ? <a href={`${itemsUrl(plan.code)}?parent=${encodeURIComponent(item.code)}#add`}>下に{plan.levelNames[item.depth + 1]}を追加</a> : null}
        <details class="item-more">
          <summary>移動・再掲・廃止</summary>
          <form method="post" action={`${base}/move`} class="inline-form">
            <CsrfField token={csrfToken} />
            <p class="form-field">
              <label for={`move-${item.id}`}>移動先の親項目のコード（空欄で最上位へ）</label>
              <input id={`move-${item.id}`} name="parent" type="text" list="item-codes" value="" />
            </p>
            <button type="submit" class="button button-secondary">移動する</button>
          </form>
          <form method="post" action={`${base}/relist`} class="inline-form">
            <CsrfField token={csrfToken} />
            <p class="form-field">
              <label for={`relist-${item.id}`}>再掲元の項目のコード（空欄で再掲を解除）</label>
              <input id={`relist-${item.id}`} name="original" type="text" list="item-codes" value={original?.code ?? ''} />
            </p>
            <p class="form-field">
              <label for={`relist-kind-${item.id}`}>種類</label>
              <select id={`relist-kind-${item.id}`} name="kind">
                <option value="full" selected={item.relistKind !== 'partial'}>再掲</option>
                <option value="partial" selected={item.relistKind === 'partial'}>一部再掲</option>
              </select>
            </p>
            <button type="submit" class="button button-secondary">再掲を設定する</button>
          </form>
          {item.retiredAt ? (
            <form method="post" action={`${base}/retire`} class="inline-form">
              <CsrfField token={csrfToken} />
              <input type="hidden" name="action" value="reinstate" />
              <button type="submit" class="button button-secondary">廃止を取り消す</button>
            </form>
          ) : (
            <form method="post" action={`${base}/retire`} class="inline-form">
              <CsrfField token={csrfToken} />
              <p class="form-field">
                <label for={`retire-${item.id}`}>廃止の理由</label>
                <input id={`retire-${item.id}`} name="reason" type="text" value="" />
              </p>
              <p class="form-field">
                <label for={`retire-date-${item.id}`}>廃止日（空欄で今日）</label>
                <input id={`retire-date-${item.id}`} name="retiredAt" type="date" value="" />
              </p>
              <button type="submit" class="button button-secondary">廃止する</button>
            </form>
          )}
          <form method="post" action={`${base}/delete`} class="inline-form">
            <CsrfField token={csrfToken} />
            <button type="submit" class="button button-tertiary">削除する（記入・実績・下位項目がない場合のみ）</button>
          </form>
        </details>
      </div>
      {children.length > 0 ? (
        <ul class="tree">
          {children.map((child) => <ItemNode item={child} plan={plan} byParent={byParent} byId={byId} csrfToken={csrfToken} />)}
        </ul>
      ) : null}
    </li>
  );
}

export function ItemTreePage({ user, csrfToken, plan, items, departments, values, error, saved }: Frame & {
  plan: PlanRow;
  items: AdminItem[];
  departments: DepartmentChoice[];
  values: FormValues;
  error?: string;
  saved?: string;
}) {
  const byParent = new Map<number | null, AdminItem[]>();
  for (const item of inTreeOrder(items)) byParent.set(item.parentId, [...(byParent.get(item.parentId) ?? []), item]);
  const byId = new Map(items.map((i) => [i.id, i]));
  const counts = plan.levelNames.map((name, depth) => `${name} ${items.filter((i) => i.depth === depth).length}`);
  const title = `項目の体系: ${plan.title}`;
  return (
    <StaffLayout title={title} user={user} csrfToken={csrfToken}>
      <Breadcrumbs trail={[['計画・組織の管理', '/admin'], [plan.title, planAdminUrl(plan.code)], ['項目の体系', null]]} />
      <h1>{title}</h1>
      <p>{statusLabel(plan.status)}・{counts.join('・')}</p>
      <Problem error={error} />
      <Saved message={saved} />
      <p class="hint" id="tree-help">
        各項目の「上へ」「下へ」で並べ替え、「移動・再掲・廃止」で親の変更・再掲・廃止ができます。JavaScript が有効なら、項目の中で Alt+↑ / Alt+↓ で並べ替え、Alt+N で項目の追加へ移動できます。
      </p>
      <p><a href="#add">項目を追加する</a></p>
      <datalist id="item-codes">
        {inTreeOrder(items).map((i) => <option value={i.code}>{`${i.number ?? ''} ${i.name}`.trim()}</option>)}
      </datalist>
      {items.length === 0 ? (
        <p>項目はまだありません。下のフォームから最上位の{plan.levelNames[0]}を追加してください。</p>
      ) : (
        <ul class="tree admin-tree" data-tree aria-describedby="tree-help">
          {(byParent.get(null) ?? []).map((item) => <ItemNode item={item} plan={plan} byParent={byParent} byId={byId} csrfToken={csrfToken} />)}
        </ul>
      )}
      <section aria-labelledby="add">
        <h2 id="add" tabindex={-1}>項目を追加する</h2>
        <form method="post" action={itemsUrl(plan.code)} class="form">
          <CsrfField token={csrfToken} />
          <p class="form-field">
            <label for="parent">親項目のコード（空欄で最上位の{plan.levelNames[0]}）</label>
            <span class="hint" id="parent-hint">一覧から選べます。親の下の最後に追加されます</span>
            <input id="parent" name="parent" type="text" list="item-codes" value={values.parent ?? ''} aria-describedby="parent-hint" />
          </p>
          <ItemFields values={values} departments={departments} />
          <p><button type="submit" class="button button-primary">追加する</button></p>
        </form>
      </section>
      <script src="/assets/admin-tree.js" defer></script>
    </StaffLayout>
  );
}
