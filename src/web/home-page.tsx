// The home page: every plan of every organisation hosted here.
import type { PlanSummary } from '../plans/plans.repository.js';
import { Layout } from './layout.js';
import { fiscalYearRange } from '../plans/plan-page.js';

export function HomePage({ plans }: { plans: PlanSummary[] }) {
  const byOrganisation = new Map<string, PlanSummary[]>();
  for (const plan of plans) {
    const list = byOrganisation.get(plan.organisationName) ?? [];
    list.push(plan);
    byOrganisation.set(plan.organisationName, list);
  }
  return (
    <Layout title="計画一覧">
      <h1>計画一覧</h1>
      {plans.length === 0 ? (
        <p class="notice">登録されている計画はまだありません。</p>
      ) : (
        [...byOrganisation].map(([organisationName, list]) => (
          <section aria-labelledby={`org-${list[0]?.organisationCode}`}>
            <h2 id={`org-${list[0]?.organisationCode}`}>{organisationName}</h2>
            <ul class="plan-list">
              {list.map((plan) => (
                <li>
                  <a href={`/plans/${plan.code}`}>{plan.title}</a>
                  <span class="plan-meta">
                    計画期間 {fiscalYearRange(plan.periodStartFy, plan.periodEndFy)}・{plan.itemCount}項目
                  </span>
                </li>
              ))}
            </ul>
          </section>
        ))
      )}
    </Layout>
  );
}

export function ErrorPage({ status, message }: { status: number; message: string }) {
  return (
    <Layout title={status === 404 ? 'ページが見つかりません' : 'エラー'}>
      <h1>{status === 404 ? 'ページが見つかりません' : 'エラーが発生しました'}</h1>
      <p class="notice notice-error" role="alert">{message}</p>
      <p><a href="/">計画一覧へ戻る</a></p>
    </Layout>
  );
}
