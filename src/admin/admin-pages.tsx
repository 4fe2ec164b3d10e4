// Pages of plan authoring (/admin): the home (organisations and their plans), the organisation
// form, the plan form and the evaluation scales. Every form is a plain POST form with its CSRF
// field; a form with a problem comes back with what was typed and the Japanese message.
import { StaffLayout } from '../auth/staff-layout.js';
import { CsrfField } from '../auth/middleware.js';
import type { SessionUser } from '../auth/policy.js';
import { ORGANISATION_KINDS, PLAN_STATUSES, RATE_METHODS } from '../db/schema.js';
import { RATE_METHOD_LABELS } from '../domain/judgement.js';
import { formatFiscalYear, formatFiscalYearRange } from '../domain/wareki.js';
import type { FormValues } from './form-reader.js';
import type { OrganisationRow, PlanRow, ScaleRow } from './admin.repository.js';
import { ORGANISATION_KIND_LABELS } from './save-organisation.js';
import { MAX_LEVELS, PLAN_STATUS_LABELS, ROUNDING_LABELS } from './save-plan.js';
import { gradesToLines } from './save-scale.js';

export interface Frame {
  user: SessionUser;
  csrfToken: string;
}

export const planAdminUrl = (code: string) => `/admin/plans/${encodeURIComponent(code)}`;
export const itemsUrl = (code: string) => `${planAdminUrl(code)}/items`;
export const itemAdminUrl = (planCode: string, itemCode: string) => `${itemsUrl(planCode)}/${encodeURIComponent(itemCode)}`;

export function statusLabel(status: string): string {
  return (PLAN_STATUS_LABELS as Record<string, string | undefined>)[status] ?? status;
}

export function Breadcrumbs({ trail }: { trail: [string, string | null][] }) {
  return (
    <nav class="breadcrumbs" aria-label="現在位置">
      <ol>
        {trail.map(([label, href]) => (href ? <li><a href={href}>{label}</a></li> : <li aria-current="page">{label}</li>))}
      </ol>
    </nav>
  );
}

export function Problem({ error }: { error?: string | undefined }) {
  return error ? <div class="notice notice-error" role="alert"><p>{error}</p></div> : null;
}

export function Saved({ message }: { message?: string | undefined }) {
  return message ? <div class="notification notification-success" role="status"><p>{message}</p></div> : null;
}

/** A labelled text input whose value is what was typed (values) or the stored value. */
export function Field(props: { name: string; label: string; values: FormValues; hint?: string; required?: boolean; type?: string; list?: string; inputmode?: 'numeric' | 'decimal'; idPrefix?: string }) {
  const id = `${props.idPrefix ?? ''}${props.name}`;
  const hintId = props.hint ? `${id}-hint` : undefined;
  return (
    <p class="form-field">
      <label for={id}>{props.label}{props.required ? '（必須）' : ''}</label>
      {props.hint ? <span class="hint" id={hintId}>{props.hint}</span> : null}
      <input id={id} name={props.name} type={props.type ?? 'text'} value={props.values[props.name] ?? ''} required={props.required} aria-describedby={hintId} list={props.list} inputmode={props.inputmode} />
    </p>
  );
}

export function TextArea(props: { name: string; label: string; values: FormValues; hint?: string; rows?: number; idPrefix?: string }) {
  const id = `${props.idPrefix ?? ''}${props.name}`;
  const hintId = props.hint ? `${id}-hint` : undefined;
  return (
    <p class="form-field">
      <label for={id}>{props.label}</label>
      {props.hint ? <span class="hint" id={hintId}>{props.hint}</span> : null}
      <textarea id={id} name={props.name} rows={props.rows ?? 4} aria-describedby={hintId}>{props.values[props.name] ?? ''}</textarea>
    </p>
  );
}

export function Select(props: { name: string; label: string; values: FormValues; options: [string, string][]; hint?: string; idPrefix?: string }) {
  const id = `${props.idPrefix ?? ''}${props.name}`;
  const hintId = props.hint ? `${id}-hint` : undefined;
  return (
    <p class="form-field">
      <label for={id}>{props.label}</label>
      {props.hint ? <span class="hint" id={hintId}>{props.hint}</span> : null}
      <select id={id} name={props.name} aria-describedby={hintId}>
        {props.options.map(([value, label]) => <option value={value} selected={(props.values[props.name] ?? '') === value}>{label}</option>)}
      </select>
    </p>
  );
}

export function Check(props: { name: string; label: string; values: FormValues; idPrefix?: string }) {
  const id = `${props.idPrefix ?? ''}${props.name}`;
  const on = ['on', '1', 'true'].includes(props.values[props.name] ?? '');
  return (
    <p class="form-check">
      <input type="checkbox" id={id} name={props.name} value="on" checked={on} />
      <label for={id}>{props.label}</label>
    </p>
  );
}

// ───────────────────────────── home ─────────────────────────────

export function AdminHomePage({ user, csrfToken, organisations, plans }: Frame & { organisations: OrganisationRow[]; plans: PlanRow[] }) {
  const wide = user.organisationId === null;
  return (
    <StaffLayout title="計画・組織の管理" user={user} csrfToken={csrfToken}>
      <h1>計画・組織の管理</h1>
      <ul class="page-actions-list link-list">
        <li><a href="/admin/plans/new">新しい計画をつくる</a></li>
        {wide ? <li><a href="/admin/organisations/new">組織を追加する</a></li> : null}
        <li><a href="/admin/scales">評価尺度</a></li>
        <li><a href="/admin/catalogue">指標カタログ（都市間比較）</a></li>
      </ul>
      {organisations.length === 0 ? <p>組織がまだありません。</p> : null}
      {organisations.map((org) => {
        const own = plans.filter((p) => p.organisationId === org.id);
        return (
          <section aria-labelledby={`org-${org.id}`}>
            <h2 id={`org-${org.id}`}>{org.name} <span class="item-code">{org.code}</span></h2>
            <ul class="link-list">
              <li><a href={`/admin/organisations/${encodeURIComponent(org.code)}`}>組織の情報を編集</a></li>
              <li><a href={`/admin/organisations/${encodeURIComponent(org.code)}/departments`}>部局（局・課）の管理</a></li>
              <li><a href={`/admin/organisations/${encodeURIComponent(org.code)}/users`}>アカウント（職員・推進委員）の管理</a></li>
              <li><a href={`/admin/plans/new?organisation=${encodeURIComponent(org.code)}`}>この組織の計画をつくる</a></li>
            </ul>
            {own.length === 0 ? (
              <p>計画はまだありません。</p>
            ) : (
              <div class="table-scroll">
                <table class="data-table">
                  <caption>{org.name}の計画</caption>
                  <thead><tr><th scope="col">計画</th><th scope="col">状態</th><th scope="col">計画期間</th><th scope="col">編集</th></tr></thead>
                  <tbody>
                    {own.map((p) => (
                      <tr>
                        <td><a href={planAdminUrl(p.code)}>{p.title}</a><span class="formula">{p.code}</span></td>
                        <td class="state">{statusLabel(p.status)}</td>
                        <td>{formatFiscalYearRange(p.periodStartFy, p.periodEndFy)}<span class="formula">{p.periodStartFy}〜{p.periodEndFy}年度</span></td>
                        <td>
                          <ul class="plain-list">
                            <li><a href={itemsUrl(p.code)}>項目の体系</a></li>
                            <li><a href={`${planAdminUrl(p.code)}/versions`}>版と差分</a></li>
                            <li><a href={`${planAdminUrl(p.code)}/copy`}>後継計画へ複写</a></li>
                            {p.status !== 'draft' ? <li><a href={`/plans/${encodeURIComponent(p.code)}`}>公開ページ</a></li> : null}
                          </ul>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>
        );
      })}
    </StaffLayout>
  );
}

// ───────────────────────────── organisations ─────────────────────────────

export function organisationValues(org: OrganisationRow): FormValues {
  return {
    code: org.code,
    name: org.name,
    nameEn: org.nameEn ?? '',
    kind: org.kind,
    localGovernmentCode: org.localGovernmentCode ?? '',
    population: org.population === null ? '' : String(org.population),
    populationAsOf: org.populationAsOf ?? '',
    populationSource: org.populationSource ?? '',
  };
}

export function OrganisationFormPage({ user, csrfToken, organisation, values, error }: Frame & { organisation: OrganisationRow | null; values: FormValues; error?: string }) {
  const title = organisation ? `${organisation.name}の情報` : '組織を追加する';
  return (
    <StaffLayout title={title} user={user} csrfToken={csrfToken}>
      <Breadcrumbs trail={[['計画・組織の管理', '/admin'], [title, null]]} />
      <h1>{title}</h1>
      <Problem error={error} />
      {!organisation && user.organisationId !== null ? (
        <div class="notification notification-info"><p>組織の追加は、インストール全体の管理者（組織に属さない本部管理者）だけができます。自分の組織の情報は<a href="/admin">計画・組織の管理</a>から編集できます。</p></div>
      ) : (
      <form method="post" action={organisation ? `/admin/organisations/${encodeURIComponent(organisation.code)}` : '/admin/organisations'} class="form">
        <CsrfField token={csrfToken} />
        {organisation ? (
          <p>コード: <code>{organisation.code}</code>（URL やデータで使うため変更できません）</p>
        ) : (
          <Field name="code" label="コード" values={values} required hint="半角英小文字・数字・ハイフン（例: sendai）。後から変更できません" />
        )}
        <Field name="name" label="名称" values={values} required hint="例: 仙台市" />
        <Field name="nameEn" label="英語の名称" values={values} hint="例: Sendai City" />
        <Select name="kind" label="種類" values={values} options={ORGANISATION_KINDS.map((k) => [k, ORGANISATION_KIND_LABELS[k]])} />
        <Field name="localGovernmentCode" label="全国地方公共団体コード" values={values} hint="6桁（検査数字つき）または5桁。例: 041009" inputmode="numeric" />
        <Field name="population" label="人口" values={values} hint="都市間比較の人口あたりの値に使います。例: 1096704" inputmode="numeric" />
        <Field name="populationAsOf" label="人口の時点" values={values} type="date" />
        <Field name="populationSource" label="人口の出典" values={values} hint="例: 令和2年国勢調査" />
        <p><button type="submit" class="button button-primary">{organisation ? '保存する' : '組織を追加する'}</button></p>
      </form>
      )}
    </StaffLayout>
  );
}

// ───────────────────────────── plans ─────────────────────────────

export function planValues(plan: PlanRow, scaleCode: string): FormValues {
  const v: FormValues = {
    code: plan.code,
    title: plan.title,
    shortTitle: plan.shortTitle ?? '',
    description: plan.description ?? '',
    periodStart: formatFiscalYear(plan.periodStartFy),
    periodEnd: formatFiscalYear(plan.periodEndFy),
    upperPlans: plan.upperPlans.join('\n'),
    scale: scaleCode,
    status: plan.status,
    rateMethod: plan.settings.rateMethod ?? '',
    rateDecimals: plan.settings.rateDecimals === undefined ? '' : String(plan.settings.rateDecimals),
    rounding: plan.settings.rounding ?? 'half_up',
    rateCap: plan.settings.rateCap ?? '',
    rateFloor: plan.settings.rateFloor ?? '',
    judgePartialYear: plan.settings.judgePartialYear ? 'on' : '',
  };
  plan.levelNames.forEach((name, i) => (v[`level${i + 1}`] = name));
  plan.sdgGoals.forEach((n) => (v[`sdg-${n}`] = 'on'));
  return v;
}

export function PlanFormPage(props: Frame & {
  plan: PlanRow | null;
  organisations: OrganisationRow[];
  scales: ScaleRow[];
  values: FormValues;
  error?: string;
  saved?: string;
}) {
  const { user, csrfToken, plan, values } = props;
  const title = plan ? `計画の設定: ${plan.title}` : '新しい計画をつくる';
  const organisationOf = plan ? props.organisations.find((o) => o.id === plan.organisationId) : undefined;
  return (
    <StaffLayout title={title} user={user} csrfToken={csrfToken}>
      <Breadcrumbs trail={[['計画・組織の管理', '/admin'], [plan ? plan.title : '新しい計画', null]]} />
      <h1>{title}</h1>
      <Problem error={props.error} />
      <Saved message={props.saved} />
      {plan ? (
        <ul class="link-list">
          <li><a href={itemsUrl(plan.code)}>項目の体系を編集する</a></li>
          <li><a href={`${planAdminUrl(plan.code)}/versions`}>版と差分</a></li>
          <li><a href={`${planAdminUrl(plan.code)}/copy`}>後継計画へ複写</a></li>
          <li><a href="/rounds/new">年度評価を開始する</a></li>
          {plan.status !== 'draft' ? <li><a href={`/plans/${encodeURIComponent(plan.code)}`}>公開ページを見る</a></li> : null}
        </ul>
      ) : null}
      <form method="post" action={plan ? planAdminUrl(plan.code) : '/admin/plans'} class="form">
        <CsrfField token={csrfToken} />
        {plan ? <input type="hidden" name="seen" value={plan.updatedAt.toISOString()} /> : null}
        <fieldset class="filters">
          <legend>基本情報</legend>
          {plan ? (
            <p>組織: {organisationOf?.name ?? ''} ／ 計画コード: <code>{plan.code}</code>（URL に使うため変更できません）</p>
          ) : (
            <>
              <Select name="organisation" label="組織" values={values} options={props.organisations.map((o) => [o.code, o.name])} />
              <Field name="code" label="計画コード" values={values} required hint="半角英小文字・数字・ハイフン（例: plan-2026）。公開ページの URL になります" />
            </>
          )}
          <Field name="title" label="計画の名称" values={values} required hint="例: 仙台市協働まちづくり推進プラン2026" />
          <Field name="shortTitle" label="略称" values={values} hint="例: プラン2026" />
          <TextArea name="description" label="説明" values={values} rows={3} />
          <Field name="periodStart" label="計画期間（初年度）" values={values} required hint="例: 令和8年度、R8、2026" />
          <Field name="periodEnd" label="計画期間（最終年度）" values={values} required hint="例: 令和12年度、2030" />
          {plan ? (
            <Select name="status" label="状態" values={values} options={PLAN_STATUSES.map((s) => [s, PLAN_STATUS_LABELS[s]])}
              hint="策定中の計画は公開ページに表示されません。「推進中」にすると公開されます" />
          ) : (
            <p class="hint">新しい計画は「策定中（非公開）」で作られます。項目と指標を整えてから「推進中」にすると公開されます。</p>
          )}
        </fieldset>
        <fieldset class="filters">
          <legend>階層の名前（上から順に、1〜{MAX_LEVELS}階層）</legend>
          {Array.from({ length: MAX_LEVELS }, (_, i) => (
            <Field name={`level${i + 1}`} label={`第${i + 1}階層`} values={values} hint={['例: 分野', '例: 基本施策', '例: 事業', '', ''][i] || undefined} />
          ))}
        </fieldset>
        <fieldset class="filters">
          <legend>上位計画・SDGs</legend>
          <TextArea name="upperPlans" label="上位計画（1行に1つ）" values={values} rows={3} />
          <div class="sdg-checks" role="group" aria-label="関連する SDGs の目標">
            {Array.from({ length: 17 }, (_, i) => <Check name={`sdg-${i + 1}`} label={`目標${i + 1}`} values={values} />)}
          </div>
        </fieldset>
        <fieldset class="filters">
          <legend>評価の方法</legend>
          <Select name="scale" label="評価尺度" values={values} options={[['', '機械判定 S・A・B・C・−（既定）'], ...props.scales.map((s): [string, string] => [s.code, s.name])]} />
          <Select name="rateMethod" label="達成率の計算方法（既定）" values={values} options={[['', '単純比率（既定）'], ...RATE_METHODS.map((m): [string, string] => [m, RATE_METHOD_LABELS[m]])]} />
          <Field name="rateDecimals" label="達成率の小数点以下の桁数" values={values} hint="空欄なら1桁（89.6%）" inputmode="numeric" />
          <Select name="rounding" label="端数の処理" values={values} options={Object.entries(ROUNDING_LABELS)} />
          <Field name="rateCap" label="達成率の上限（%）" values={values} hint="空欄なら上限なし。例: 100" />
          <Field name="rateFloor" label="達成率の下限（%）" values={values} hint="空欄なら下限なし。例: 0" />
          <Check name="judgePartialYear" label="年度途中の値（○月時点）も評価に使う" values={values} />
        </fieldset>
        <p><button type="submit" class="button button-primary">{plan ? '保存する' : '計画をつくる（策定中）'}</button></p>
      </form>
    </StaffLayout>
  );
}

// ───────────────────────────── scales ─────────────────────────────

export function ScaleListPage({ user, csrfToken, scales, organisations, usedBy }: Frame & { scales: ScaleRow[]; organisations: OrganisationRow[]; usedBy: Map<number, string[]> }) {
  const orgName = (id: number | null) => (id === null ? '同梱（すべての組織）' : organisations.find((o) => o.id === id)?.name ?? '');
  // a scale is opened from an organisation: its own, or (shipped scales) the user's first one
  const orgCode = (id: number | null) => (organisations.find((o) => o.id === id) ?? organisations[0])?.code ?? '';
  return (
    <StaffLayout title="評価尺度" user={user} csrfToken={csrfToken}>
      <Breadcrumbs trail={[['計画・組織の管理', '/admin'], ['評価尺度', null]]} />
      <h1>評価尺度</h1>
      <p><a href="/admin/scales/new" class="button button-secondary">組織独自の評価尺度をつくる</a></p>
      <div class="table-scroll">
        <table class="data-table">
          <caption>使える評価尺度</caption>
          <thead><tr><th scope="col">名称</th><th scope="col">組織</th><th scope="col">評価</th><th scope="col">判定</th><th scope="col">使っている計画</th></tr></thead>
          <tbody>
            {scales.map((s) => (
              <tr>
                <td><a href={`/admin/organisations/${encodeURIComponent(orgCode(s.organisationId))}/scales/${encodeURIComponent(s.code)}`}>{s.name}</a><span class="formula">{s.code}</span></td>
                <td>{orgName(s.organisationId)}</td>
                <td>{s.grades.map((g) => g.code).join(' / ')}</td>
                <td>{s.rule.type === 'manual' ? '担当課の判断' : '達成率のしきい値'}</td>
                <td>{(usedBy.get(s.id) ?? []).join('、') || '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </StaffLayout>
  );
}

export function scaleValues(scale: ScaleRow): FormValues {
  const rule = scale.rule;
  const v: FormValues = { code: scale.code, name: scale.name, description: scale.description ?? '', grades: gradesToLines(scale.grades), ruleType: rule.type };
  if (rule.type === 'thresholds') {
    v.steps = rule.steps.map((s) => `${s.grade} ${s.minRate}`).join('\n');
    if (typeof rule.below === 'string') v.below = rule.below;
    else {
      v.belowImproved = rule.below.improved;
      v.belowNotImproved = rule.below.notImproved;
    }
    v.notMeasurable = rule.notMeasurable ?? '';
    v.notImplemented = rule.notImplemented ?? '';
  }
  return v;
}

export function ScaleFormPage({ user, csrfToken, scale, organisationCode, organisations, values, error }: Frame & { scale: ScaleRow | null; organisationCode: string | null; organisations: OrganisationRow[]; values: FormValues; error?: string }) {
  const title = scale ? `評価尺度: ${scale.name}` : '評価尺度をつくる';
  return (
    <StaffLayout title={title} user={user} csrfToken={csrfToken}>
      <Breadcrumbs trail={[['計画・組織の管理', '/admin'], ['評価尺度', '/admin/scales'], [title, null]]} />
      <h1>{title}</h1>
      <Problem error={error} />
      {scale?.organisationId === null ? <p class="notification notification-info">同梱の評価尺度です。変更はできません（内容の確認用）。独自の尺度は「評価尺度をつくる」から作成してください。</p> : null}
      <form method="post" action={scale ? `/admin/organisations/${encodeURIComponent(organisationCode ?? '')}/scales/${encodeURIComponent(scale.code)}` : '/admin/scales'} class="form">
        <CsrfField token={csrfToken} />
        {scale ? (
          <p>コード: <code>{scale.code}</code></p>
        ) : (
          <>
            {user.organisationId === null ? <Select name="organisation" label="組織" values={values} options={organisations.map((o) => [o.code, o.name])} /> : null}
            <Field name="code" label="尺度コード" values={values} required hint="半角英小文字・数字・ハイフン（例: sendai-2026-abc）" />
          </>
        )}
        <Field name="name" label="名称" values={values} required />
        <TextArea name="description" label="説明" values={values} rows={2} />
        <TextArea name="grades" label="評価（良い順に1行に1つ）" values={values} rows={6}
          hint="コード | 表示名 | 説明 | 色（#RRGGBB） | 種類（graded = 段階、not_measurable = 評価不能、not_implemented = 未実施）。例: A | 着実に進捗した | 達成率100%以上 | #0031D8 | graded" />
        <Select name="ruleType" label="判定の方法" values={values} options={[['manual', '担当課の判断（自動判定なし）'], ['thresholds', '達成率のしきい値で自動判定']]} />
        <TextArea name="steps" label="しきい値（高い順に1行に1つ: 評価コード 最低の達成率%）" values={values} rows={4} hint="例: 「A 100」「B 80」" />
        <Field name="below" label="最も低いしきい値に届かないときの評価" values={values} hint="例: E。基準値から改善したかで分けるときは空欄にして下の2つを入力" />
        <Field name="belowImproved" label="届かないが基準値から改善したとき" values={values} hint="例: B" />
        <Field name="belowNotImproved" label="届かず基準値から改善していないとき" values={values} hint="例: C" />
        <Field name="notMeasurable" label="評価不能のときの評価" values={values} hint="例: −。空欄なら評価なし" />
        <Field name="notImplemented" label="未実施のときの評価" values={values} hint="空欄なら評価不能と同じ" />
        {scale?.organisationId === null ? null : <p><button type="submit" class="button button-primary">保存する</button></p>}
      </form>
    </StaffLayout>
  );
}
