// "What changed" between two published rounds, as a readable diff.
import { Layout, type PageMeta } from '../web/layout.js';
import { d } from '../domain/decimal.js';
import { formatJapaneseNumber } from '../domain/numbers.js';
import type { PlanRef, PublishedRound } from './portal.repository.js';
import type { RoundComparison } from './compare-rounds.js';
import { fiscalYearLabel, href, messages, type Lang } from './i18n.js';
import { Breadcrumbs, GradeBadge, indicatorHref, itemHref, Ja, valueText } from './portal-ui.js';

export interface ChangesPageProps {
  lang: Lang;
  meta: PageMeta;
  plan: PlanRef;
  rounds: PublishedRound[];
  comparison: RoundComparison | null;
}

export function ChangesPage({ lang, meta, plan, rounds, comparison }: ChangesPageProps) {
  const m = messages(lang);
  const fieldLabel = { resultsText: m.resultsText, planText: m.planText, issuesText: m.issuesText };
  return (
    <Layout title={`${m.changesTitle}: ${plan.title}`} lang={lang} meta={meta}>
      <Breadcrumbs
        lang={lang}
        trail={[
          { label: m.planList, href: href(lang, '/') },
          { label: <Ja lang={lang}>{plan.title}</Ja>, href: href(lang, `/plans/${plan.code}`) },
          { label: m.changesTitle },
        ]}
      />
      <h1>{m.changesTitle}</h1>
      <p>{m.changesLead}</p>
      {rounds.length < 2 ? (
        <div class="notification notification-info" role="status"><p>{m.changesNeedTwo}</p></div>
      ) : (
        <form method="get" action={href(lang, `/plans/${plan.code}/changes`)} class="inline-form">
          <div class="form-field">
            <label for="c-from">{m.changesFrom}</label>
            <select id="c-from" name="from">
              {rounds.map((r) => <option value={String(r.fiscalYear)} selected={comparison?.from === r.fiscalYear ? true : undefined}>{fiscalYearLabel(lang, r.fiscalYear)}</option>)}
            </select>
          </div>
          <div class="form-field">
            <label for="c-to">{m.changesTo}</label>
            <select id="c-to" name="to">
              {rounds.map((r) => <option value={String(r.fiscalYear)} selected={comparison?.to === r.fiscalYear ? true : undefined}>{fiscalYearLabel(lang, r.fiscalYear)}</option>)}
            </select>
          </div>
          <button type="submit" class="button button-secondary">{m.changesShow}</button>
        </form>
      )}
      {comparison && (
        <>
          <section aria-labelledby="ch-grades">
            <h2 id="ch-grades">{m.changesGrades}</h2>
            {comparison.grades.length === 0 ? <p>{m.changesNone}</p> : (
              <div class="table-scroll" tabindex={0} role="region" aria-labelledby="ch-grades">
                <table class="data-table">
                  <thead><tr><th scope="col">{lang === 'ja' ? '項目' : 'Item'}</th><th scope="col">{fiscalYearLabel(lang, comparison.from)}</th><th scope="col">{fiscalYearLabel(lang, comparison.to)}</th></tr></thead>
                  <tbody>
                    {comparison.grades.map((g) => (
                      <tr>
                        <th scope="row"><a href={itemHref(lang, plan.code, g.itemCode)}><Ja lang={lang}>{`${g.itemCode} ${g.itemName}`}</Ja></a></th>
                        <td><GradeBadge scale={plan.scale} code={g.before} lang={lang} /></td>
                        <td><GradeBadge scale={plan.scale} code={g.after} lang={lang} /></td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>
          <section aria-labelledby="ch-values">
            <h2 id="ch-values">{m.changesValues}</h2>
            {comparison.values.length === 0 ? <p>{m.changesNone}</p> : (
              <div class="table-scroll" tabindex={0} role="region" aria-labelledby="ch-values">
                <table class="data-table">
                  <thead><tr><th scope="col">{m.indicator}</th><th scope="col">{fiscalYearLabel(lang, comparison.from)}</th><th scope="col">{fiscalYearLabel(lang, comparison.to)}</th><th scope="col">{lang === 'ja' ? '増減' : 'Change'}</th></tr></thead>
                  <tbody>
                    {comparison.values.map((v) => (
                      <tr>
                        <th scope="row"><a href={indicatorHref(lang, plan.code, v.code)}><Ja lang={lang}>{v.name}</Ja></a></th>
                        <td class="num">{v.before ? valueText(v.before.value, v.unit, v.before.missingReason) : ''}</td>
                        <td class="num">{v.after ? valueText(v.after.value, v.unit, v.after.missingReason) : ''}</td>
                        <td class="num">
                          {v.before?.value != null && v.after?.value != null
                            ? (() => {
                                const diff = d(v.after.value).minus(d(v.before.value));
                                return `${diff.isPositive() && !diff.isZero() ? '+' : ''}${formatJapaneseNumber(diff, v.unit === '%' ? 'ポイント' : v.unit, { negative: 'minus' })}`;
                              })()
                            : ''}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>
          <section aria-labelledby="ch-texts">
            <h2 id="ch-texts">{m.changesTexts}</h2>
            {comparison.texts.length === 0 ? <p>{m.changesNone}</p> : comparison.texts.map((t) => (
              <article class="diff">
                <h3><a href={itemHref(lang, plan.code, t.itemCode)}><Ja lang={lang}>{`${t.itemCode} ${t.itemName}`}</Ja></a>：{fieldLabel[t.field]}</h3>
                <ul class="diff-list">
                  {t.parts.map((p) => (
                    <li class={`diff-${p.op}`}>
                      {p.op === 'deleted' && <del><span class="diff-mark">{m.deleted}</span> <Ja lang={lang}>{p.text}</Ja></del>}
                      {p.op === 'inserted' && <ins><span class="diff-mark">{m.inserted}</span> <Ja lang={lang}>{p.text}</Ja></ins>}
                      {p.op === 'same' && <Ja lang={lang}>{p.text}</Ja>}
                    </li>
                  ))}
                </ul>
              </article>
            ))}
          </section>
          <section aria-labelledby="ch-added">
            <h2 id="ch-added">{m.changesAdded}</h2>
            {comparison.added.length === 0 ? <p>{m.changesNone}</p> : (
              <ul>{comparison.added.map((i) => <li><a href={itemHref(lang, plan.code, i.itemCode)}><Ja lang={lang}>{`${i.itemCode} ${i.itemName}`}</Ja></a></li>)}</ul>
            )}
            <h2>{m.changesRemoved}</h2>
            {comparison.removed.length === 0 ? <p>{m.changesNone}</p> : (
              <ul>{comparison.removed.map((i) => <li><a href={itemHref(lang, plan.code, i.itemCode)}><Ja lang={lang}>{`${i.itemCode} ${i.itemName}`}</Ja></a></li>)}</ul>
            )}
          </section>
        </>
      )}
    </Layout>
  );
}
