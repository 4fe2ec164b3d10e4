// The confirmation step of deleting an indicator (/admin/plans/:plan/indicators/:indicatorCode/delete):
// what will be deleted (the indicator and its targets), or why it cannot be (its observations, a
// link from the comparison catalogue) and what to do instead. The delete itself is a plain POST form.
import { StaffLayout } from '../auth/staff-layout.js';
import { CsrfField } from '../auth/middleware.js';
import { formatFiscalYear } from '../domain/wareki.js';
import { catalogueAdminUrl } from '../compare/catalogue-admin-pages.js';
import type { AdminIndicator, IndicatorAttachments, ItemRow, PlanRow } from './admin.repository.js';
import { Breadcrumbs, itemAdminUrl, itemsUrl, planAdminUrl, Problem, type Frame } from './admin-pages.js';
import { TARGET_KIND_LABELS } from './save-target.js';

export const indicatorDeleteUrl = (planCode: string, indicatorCode: string) => `${planAdminUrl(planCode)}/indicators/${encodeURIComponent(indicatorCode)}/delete`;

export function IndicatorDeletePage({ user, csrfToken, plan, item, indicator, attachments, refusal }: Frame & {
  plan: PlanRow;
  item: ItemRow;
  indicator: AdminIndicator;
  attachments: IndicatorAttachments;
  /** Why it cannot be deleted (Japanese), or undefined when it can. */
  refusal?: string | undefined;
}) {
  const title = `指標の削除: ${indicator.name}`;
  const back = `${itemAdminUrl(plan.code, item.code)}#indicator-${indicator.id}`;
  return (
    <StaffLayout title={title} user={user} csrfToken={csrfToken}>
      <Breadcrumbs trail={[['計画・組織の管理', '/admin'], [plan.title, planAdminUrl(plan.code)], ['項目の体系', itemsUrl(plan.code)], [item.name, itemAdminUrl(plan.code, item.code)], ['指標の削除', null]]} />
      <h1>{title}</h1>
      <Problem error={refusal} />
      <dl class="facts">
        <dt>指標コード</dt><dd><code>{indicator.code}</code></dd>
        <dt>指標名</dt><dd>{indicator.name}</dd>
        <dt>項目</dt><dd>{item.number ? `${item.number} ` : ''}{item.name}（コード {item.code}）</dd>
        <dt>目標</dt>
        <dd>
          {indicator.targets.length === 0 ? 'なし' : (
            <ul>
              {indicator.targets.map((t) => <li>{t.text ?? t.value ?? TARGET_KIND_LABELS[t.kind as 'by_year']}{t.fiscalYear ? `（${formatFiscalYear(t.fiscalYear)}）` : ''}</li>)}
            </ul>
          )}
        </dd>
        <dt>実績値</dt><dd>{attachments.observations === 0 ? 'なし' : `${attachments.observations}件`}</dd>
        <dt>都市間比較カタログ</dt>
        <dd>{attachments.catalogue ? <a href={catalogueAdminUrl(attachments.catalogue.code)}>「{attachments.catalogue.name}」に対応付け</a> : '対応付けなし'}</dd>
      </dl>
      {refusal ? (
        <p><a href={back}>項目のページへ戻る</a></p>
      ) : (
        <form method="post" action={indicatorDeleteUrl(plan.code, indicator.code)} class="form">
          <CsrfField token={csrfToken} />
          <p>
            この指標{indicator.targets.length > 0 ? `と目標${indicator.targets.length}件` : ''}を削除します。削除は監査ログに記録されますが、画面から元に戻すことはできません。
          </p>
          <p class="form-actions">
            <button type="submit" class="button button-primary">削除する</button>
            <a href={back} class="button button-secondary">やめる（項目のページへ戻る）</a>
          </p>
        </form>
      )}
    </StaffLayout>
  );
}
