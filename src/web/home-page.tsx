// The home page: every plan of every organisation hosted here, and a search box.
import type { PlanSummary } from '../plans/plans.repository.js';
import { Layout, type PageMeta } from './layout.js';
import { fiscalYearRangeLabel, href, messages, type Lang } from '../portal/i18n.js';
import { Ja } from '../portal/portal-ui.js';

export function HomePage({ plans, lang = 'ja', meta }: { plans: PlanSummary[]; lang?: Lang; meta?: PageMeta }) {
  const m = messages(lang);
  const byOrganisation = new Map<string, PlanSummary[]>();
  for (const plan of plans) {
    const list = byOrganisation.get(plan.organisationName) ?? [];
    list.push(plan);
    byOrganisation.set(plan.organisationName, list);
  }
  return (
    <Layout title={m.planList} lang={lang} {...(meta ? { meta } : {})}>
      <h1>{m.planList}</h1>
      <p class="lead">{m.planListLead}</p>
      <form method="get" action={href(lang, '/search')} class="search-box" role="search">
        <label for="home-q">{m.searchWords}</label>
        <div class="search-box-row">
          <input id="home-q" name="q" type="search" maxlength={100} />
          <button type="submit" class="button button-primary">{m.search}</button>
        </div>
      </form>
      {plans.length === 0 ? (
        <p class="notice">{m.noPlans}</p>
      ) : (
        [...byOrganisation].map(([organisationName, list]) => (
          <section aria-labelledby={`org-${list[0]?.organisationCode}`}>
            <h2 id={`org-${list[0]?.organisationCode}`}><Ja lang={lang}>{organisationName}</Ja></h2>
            <ul class="plan-list">
              {list.map((plan) => (
                <li class="card">
                  <a href={href(lang, `/plans/${plan.code}`)}><Ja lang={lang}>{plan.title}</Ja></a>
                  <span class="plan-meta">
                    {m.period} {fiscalYearRangeLabel(lang, plan.periodStartFy, plan.periodEndFy)}・{m.itemsCount(plan.itemCount)}
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

export function ErrorPage({ status, message, lang = 'ja' }: { status: number; message: string; lang?: Lang }) {
  const m = messages(lang);
  const title = status === 404 ? m.notFound : lang === 'ja' ? 'エラーが発生しました' : 'Something went wrong';
  return (
    <Layout title={title} lang={lang}>
      <h1>{title}</h1>
      <div class="notification notification-error" role="alert"><p>{message}</p></div>
      <p><a href={href(lang, '/')}>{lang === 'ja' ? '計画一覧へ戻る' : 'Back to the list of plans'}</a></p>
    </Layout>
  );
}
