// One item for editing (/admin/plans/:plan/items/:itemCode): its fields and owners, its
// indicators and their targets, each a plain POST form. A target or indicator form has a
// 「プレビュー」 button: the page comes back with the rate and grade the judgement engine would
// give the indicator's existing values, nothing saved. public/admin-item.js does the same live.
// Each indicator has 上へ・下へ and a link to the confirmation page of its deletion.
import { StaffLayout } from '../auth/staff-layout.js';
import { CsrfField } from '../auth/middleware.js';
import { AGGREGATIONS, DIRECTIONS, RATE_METHODS, TARGET_KINDS, TARGET_SOURCES } from '../db/schema.js';
import { RATE_METHOD_LABELS } from '../domain/judgement.js';
import { formatFiscalYear } from '../domain/wareki.js';
import { formatJapaneseNumber, MISSING_REASON_LABELS, type MissingReason } from '../domain/numbers.js';
import { d } from '../domain/decimal.js';
import type { AdminIndicator, DepartmentChoice, ItemRow, PlanRow, TargetRow } from './admin.repository.js';
import type { FormValues } from './form-reader.js';
import { Breadcrumbs, Check, Field, itemAdminUrl, itemsUrl, planAdminUrl, Problem, Saved, Select, TextArea, type Frame } from './admin-pages.js';
import type { PreviewRow } from './preview-indicator.js';
import { AGGREGATION_LABELS, DIRECTION_LABELS } from './save-indicator.js';
import { TARGET_KIND_LABELS, TARGET_SOURCE_LABELS } from './save-target.js';
import { ItemFields, itemAnchor } from './tree-page.js';
import { rowFingerprint } from '../shared/fingerprint.js';

/** The form that was sent, shown again with what was typed, its problem and its preview. */
export interface ActiveForm {
  /** 'item' | 'indicator:<code>' | 'indicator-new' | 'indicator-order:<code>' | 'target:<id>' | 'target-new:<indicatorCode>' */
  key: string;
  values: FormValues;
  error?: string;
  preview?: PreviewResult;
}

export interface PreviewResult {
  rows: PreviewRow[];
  /** How the target text was read (目標（原文どおり）). */
  reading: string | null;
  problems: string[];
  indicatorCode: string;
}

export function itemValues(item: ItemRow, owners: { departmentId: number; role: string }[]): FormValues {
  const v: FormValues = {
    code: item.code,
    number: item.number ?? '',
    name: item.name,
    description: item.description ?? '',
    numericTargetText: item.numericTargetText ?? '',
    isPriority: item.isPriority ? 'on' : '',
    isNew: item.isNew ? 'on' : '',
    isPartnerProject: item.isPartnerProject ? 'on' : '',
  };
  for (const o of owners) v[`dept-${o.departmentId}`] = o.role;
  return v;
}

export function indicatorValues(i: AdminIndicator): FormValues {
  return {
    code: i.code,
    name: i.name,
    unit: i.unit ?? '',
    direction: i.direction,
    aggregation: i.aggregation,
    rateMethod: i.rateMethod ?? '',
    baselineValue: i.baselineValue ?? '',
    baselineFy: i.baselineFy === null ? '' : formatFiscalYear(i.baselineFy),
    baselineText: i.baselineText ?? '',
    isReference: i.isReference ? 'on' : '',
    source: i.source ?? '',
    notes: i.notes ?? '',
  };
}

export function targetValues(t: TargetRow): FormValues {
  return {
    kind: t.kind,
    fiscalYear: t.fiscalYear === null ? '' : formatFiscalYear(t.fiscalYear),
    value: t.value ?? '',
    bandLow: t.bandLow ?? '',
    bandHigh: t.bandHigh ?? '',
    changePercent: t.changePercent ?? '',
    text: t.text ?? '',
    setBy: t.setBy,
    setByName: t.setByName ?? '',
    notes: t.notes ?? '',
  };
}

export function PreviewTable({ preview }: { preview: PreviewResult }) {
  return (
    <div class="admin-preview">
      <h4>プレビュー（保存していません）</h4>
      {preview.reading ? <p>目標の読み取り: {preview.reading}</p> : null}
      {preview.problems.length > 0 ? <div class="notice notice-error"><p>{preview.problems.join('。')}</p></div> : null}
      {preview.rows.length === 0 ? (
        <p>この指標にはまだ実績値がないため、達成率は計算できません。</p>
      ) : (
        <div class="table-scroll">
          <table class="data-table">
            <caption>既存の実績値に対する達成率と判定</caption>
            <thead><tr><th scope="col">年度</th><th scope="col">実績</th><th scope="col">目標</th><th scope="col">達成率</th><th scope="col">判定</th></tr></thead>
            <tbody>
              {preview.rows.map((r) => (
                <tr>
                  <th scope="row">{r.yearLabel}</th>
                  <td>{r.actual}</td>
                  <td>{r.target}</td>
                  <td class="num" data-preview-rate>{r.rate}<span class="formula">{r.method}: {r.formula}</span></td>
                  <td data-preview-grade>{r.grade ? `${r.grade} ${r.gradeLabel ?? ''}` : '—'}<span class="formula">{r.explanation}</span></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

function PreviewSlot({ indicatorCode, active }: { indicatorCode: string; active?: ActiveForm | undefined }) {
  const preview = active?.preview && active.preview.indicatorCode === indicatorCode ? active.preview : undefined;
  return (
    <div class="preview-slot" data-preview-slot aria-live="polite">
      {preview ? <PreviewTable preview={preview} /> : null}
    </div>
  );
}

function IndicatorFields({ values, prefix }: { values: FormValues; prefix: string }) {
  return (
    <>
      <Field idPrefix={prefix} name="code" label="指標コード" values={values} required hint="計画の中で一意（例: 1-①#1）" />
      <Field idPrefix={prefix} name="name" label="指標名" values={values} required />
      <Field idPrefix={prefix} name="unit" label="単位" values={values} hint="例: 団体、%、人、円" />
      <Select idPrefix={prefix} name="direction" label="方向" values={values} options={DIRECTIONS.map((d) => [d, DIRECTION_LABELS[d]])} />
      <Select idPrefix={prefix} name="aggregation" label="集計" values={values} options={AGGREGATIONS.map((a) => [a, AGGREGATION_LABELS[a]])} />
      <Select idPrefix={prefix} name="rateMethod" label="達成率の計算方法" values={values} options={[['', '計画の既定に従う'], ...RATE_METHODS.map((m): [string, string] => [m, RATE_METHOD_LABELS[m]])]} />
      <Field idPrefix={prefix} name="baselineText" label="基準値（原文どおり）" values={values} hint="例: 754団体（令和2年12月1日時点）。基準値が空欄なら、ここから読み取ります" />
      <Field idPrefix={prefix} name="baselineValue" label="基準値" values={values} hint="例: 754、2,500団体、7億4,000万円" />
      <Field idPrefix={prefix} name="baselineFy" label="基準年度" values={values} hint="例: 令和2年度、R2、2020" />
      <Check idPrefix={prefix} name="isReference" label="参考指標（評価の対象外）" values={values} />
      <Field idPrefix={prefix} name="source" label="出典" values={values} />
      <TextArea idPrefix={prefix} name="notes" label="備考" values={values} rows={2} />
    </>
  );
}

function TargetFields({ values, prefix }: { values: FormValues; prefix: string }) {
  return (
    <>
      <Field idPrefix={prefix} name="text" label="目標（原文どおり）" values={values} hint="例: 令和7年度までに800団体、毎年度720団体以上、754団体の20%増。目標値・目標年度が空欄なら、ここから読み取ります" />
      <Select idPrefix={prefix} name="kind" label="目標の種類" values={values} options={TARGET_KINDS.map((k) => [k, TARGET_KIND_LABELS[k]])} />
      <Field idPrefix={prefix} name="fiscalYear" label="目標年度" values={values} hint="例: 令和7年度、R7、2025" />
      <Field idPrefix={prefix} name="value" label="目標値" values={values} hint="例: 800、2,500団体、7億4,000万円" />
      <Field idPrefix={prefix} name="bandLow" label="範囲の下限（維持）" values={values} />
      <Field idPrefix={prefix} name="bandHigh" label="範囲の上限（維持）" values={values} />
      <Field idPrefix={prefix} name="changePercent" label="増減率（%）" values={values} hint="例: 20（20%増）" />
      <Select idPrefix={prefix} name="setBy" label="目標を定めた計画" values={values} options={TARGET_SOURCES.map((s) => [s, TARGET_SOURCE_LABELS[s]])} />
      <Field idPrefix={prefix} name="setByName" label="目標を定めた計画の名称" values={values} />
    </>
  );
}

function observationText(o: AdminIndicator['observations'][number]): string {
  if (o.missingReason) return `${o.text}（${MISSING_REASON_LABELS[o.missingReason as MissingReason] ?? o.missingReason}）`;
  return o.text;
}

/** 上へ・下へ (plain POST forms, no JavaScript needed) and the way to the deletion's confirmation page. */
function IndicatorActions({ base, indicator, first, last, csrfToken, error }: { base: string; indicator: AdminIndicator; first: boolean; last: boolean; csrfToken: string; error?: string | undefined }) {
  return (
    <>
      <Problem error={error} />
      <div class="item-actions indicator-actions">
        {first && last ? null : (
          <form method="post" action={`${base}/reorder`} class="reorder-form">
            <CsrfField token={csrfToken} />
            {first ? null : <button type="submit" name="direction" value="up" class="button-small" aria-label={`指標「${indicator.name}」を上へ`}>上へ</button>}
            {last ? null : <button type="submit" name="direction" value="down" class="button-small" aria-label={`指標「${indicator.name}」を下へ`}>下へ</button>}
          </form>
        )}
        <a href={`${base}/delete`} aria-label={`指標「${indicator.name}」を削除する（確認へ）`}>削除</a>
      </div>
    </>
  );
}

function IndicatorSection({ plan, indicator, csrfToken, active, first, last }: { plan: PlanRow; indicator: AdminIndicator; csrfToken: string; active?: ActiveForm | undefined; first: boolean; last: boolean }) {
  const key = `indicator:${indicator.code}`;
  const own = active?.key === key ? active : undefined;
  const base = `${planAdminUrl(plan.code)}/indicators/${encodeURIComponent(indicator.code)}`;
  const previewUrl = `${base}/preview`;
  const anchor = `indicator-${indicator.id}`;
  const newKey = `target-new:${indicator.code}`;
  const newTarget = active?.key === newKey ? active : undefined;
  return (
    <section aria-labelledby={anchor} class="admin-indicator">
      <h2 id={anchor} tabindex={-1}>指標: {indicator.name} <span class="item-code">{indicator.code}</span></h2>
      <IndicatorActions base={base} indicator={indicator} first={first} last={last} csrfToken={csrfToken} error={active?.key === `indicator-order:${indicator.code}` ? active.error : undefined} />
      {indicator.observations.length > 0 ? (
        <p>実績値: {indicator.observations.map((o) => `${formatFiscalYear(o.fiscalYear)} ${observationText(o)}${o.kind === 'actual' ? '' : `（${o.kind === 'estimate' ? '見込' : '状況'}）`}`).join('、')}</p>
      ) : (
        <p>実績値はまだありません（年度評価で入力されます）。</p>
      )}
      <details open={own !== undefined}>
        <summary>指標の設定を編集する</summary>
        <form method="post" action={base} class="form" data-preview-url={previewUrl}>
          <CsrfField token={csrfToken} />
          <input type="hidden" name="form" value="indicator" />
          <input type="hidden" name="seen" value={rowFingerprint(indicator)} />
          <Problem error={own?.error} />
          <IndicatorFields values={own?.values ?? indicatorValues(indicator)} prefix={`i${indicator.id}-`} />
          <p class="form-actions">
            <button type="submit" name="action" value="save" class="button button-primary">保存する</button>
            <button type="submit" name="action" value="preview" class="button button-secondary">プレビュー</button>
          </p>
        </form>
      </details>
      <h3>目標</h3>
      {indicator.targets.length === 0 ? <p>目標はまだありません。</p> : null}
      {indicator.targets.map((t, n) => {
        const tKey = `target:${t.id}`;
        const tActive = active?.key === tKey ? active : undefined;
        return (
          <details open={tActive !== undefined} id={`target-${t.id}`}>
            <summary>目標{n + 1}: {t.text ?? t.value ?? TARGET_KIND_LABELS[t.kind as 'by_year']}{t.fiscalYear ? `（${formatFiscalYear(t.fiscalYear)}）` : ''}{t.value ? ` → ${formatJapaneseNumber(d(t.value), indicator.unit)}` : ''}</summary>
            <form method="post" action={`${planAdminUrl(plan.code)}/targets/${t.id}`} class="form" data-preview-url={previewUrl}>
              <CsrfField token={csrfToken} />
              <input type="hidden" name="targetId" value={String(t.id)} />
              <input type="hidden" name="seen" value={rowFingerprint(t)} />
              <Problem error={tActive?.error} />
              <TargetFields values={tActive?.values ?? targetValues(t)} prefix={`t${t.id}-`} />
              <p class="form-actions">
                <button type="submit" name="action" value="save" class="button button-primary">保存する</button>
                <button type="submit" name="action" value="preview" class="button button-secondary">プレビュー</button>
                <button type="submit" name="action" value="delete" class="button button-tertiary">この目標を削除する</button>
              </p>
            </form>
            {tActive ? <PreviewSlot indicatorCode={indicator.code} active={tActive} /> : null}
          </details>
        );
      })}
      <details open={newTarget !== undefined || indicator.targets.length === 0}>
        <summary>目標を追加する</summary>
        <form method="post" action={`${base}/targets`} class="form" data-preview-url={previewUrl}>
          <CsrfField token={csrfToken} />
          <Problem error={newTarget?.error} />
          <TargetFields values={newTarget?.values ?? { kind: 'by_year', setBy: 'this_plan' }} prefix={`new-t${indicator.id}-`} />
          <p class="form-actions">
            <button type="submit" name="action" value="save" class="button button-primary">目標を追加する</button>
            <button type="submit" name="action" value="preview" class="button button-secondary">プレビュー</button>
          </p>
        </form>
        {newTarget ? <PreviewSlot indicatorCode={indicator.code} active={newTarget} /> : null}
      </details>
      {own ? <PreviewSlot indicatorCode={indicator.code} active={own} /> : null}
    </section>
  );
}

export function ItemEditPage(props: Frame & {
  plan: PlanRow;
  item: ItemRow;
  owners: { departmentId: number; role: string }[];
  departments: DepartmentChoice[];
  indicators: AdminIndicator[];
  active?: ActiveForm;
  saved?: string;
}) {
  const { user, csrfToken, plan, item, active } = props;
  const itemForm = active?.key === 'item' ? active : undefined;
  const newIndicator = active?.key === 'indicator-new' ? active : undefined;
  const title = `${item.number ? `${item.number} ` : ''}${item.name}`;
  const base = itemAdminUrl(plan.code, item.code);
  return (
    <StaffLayout title={`項目の編集: ${item.name}`} user={user} csrfToken={csrfToken}>
      <Breadcrumbs trail={[['計画・組織の管理', '/admin'], [plan.title, planAdminUrl(plan.code)], ['項目の体系', itemsUrl(plan.code)], [item.name, null]]} />
      <p class="eyebrow">{plan.levelNames[item.depth] ?? ''}・コード {item.code}{item.retiredAt ? `・廃止（${item.retiredAt}）` : ''}</p>
      <h1>{title}</h1>
      <Saved message={props.saved} />
      <p><a href={`${itemsUrl(plan.code)}#${itemAnchor(item.id)}`}>体系の中のこの項目へ戻る</a>{plan.status !== 'draft' ? <> ・ <a href={`/plans/${encodeURIComponent(plan.code)}/items/${encodeURIComponent(item.code)}`}>公開ページ</a></> : null}</p>
      <details open={itemForm !== undefined}>
        <summary>項目の内容・担当課を編集する</summary>
        <form method="post" action={base} class="form">
          <CsrfField token={csrfToken} />
          <input type="hidden" name="seen" value={item.updatedAt.toISOString()} />
          <Problem error={itemForm?.error} />
          <ItemFields values={itemForm?.values ?? itemValues(item, props.owners)} departments={props.departments} />
          <p><button type="submit" class="button button-primary">保存する</button></p>
        </form>
      </details>
      {props.indicators.map((indicator, n) => <IndicatorSection plan={plan} indicator={indicator} csrfToken={csrfToken} active={active} first={n === 0} last={n === props.indicators.length - 1} />)}
      <section aria-labelledby="add-indicator">
        <h2 id="add-indicator" tabindex={-1}>指標を追加する</h2>
        <form method="post" action={`${base}/indicators`} class="form">
          <CsrfField token={csrfToken} />
          <Problem error={newIndicator?.error} />
          <IndicatorFields values={newIndicator?.values ?? { direction: 'up', aggregation: 'annual' }} prefix="new-" />
          <p><button type="submit" class="button button-primary">指標を追加する</button></p>
        </form>
      </section>
      <script src="/assets/admin-item.js" defer></script>
    </StaffLayout>
  );
}
