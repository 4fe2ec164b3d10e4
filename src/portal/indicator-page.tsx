// The page of one indicator: what it measures, its targets, every value by year (with as-of
// dates, missing reasons and the text as written), each year's rate with its formula, grade and
// projection, a chart, and the download of the same numbers.
import { Layout, type PageMeta } from '../web/layout.js';
import type { IndicatorRow, PlanRef, PublicObservation } from './portal.repository.js';
import { dateLabel, fiscalYearLabel, href, messages, type Lang } from './i18n.js';
import { Breadcrumbs, itemHref, Ja, valueText } from './portal-ui.js';
import { IndicatorSummary, type IndicatorView } from './indicator-view.js';
import type { StoredTarget } from '../judgement/indicator-year.js';

/** The day in Japan of a moment, YYYY-MM-DD. */
function japanDay(at: Date): string {
  return new Date(at.getTime() + 9 * 3600_000).toISOString().slice(0, 10);
}

export interface IndicatorPageProps {
  lang: Lang;
  meta: PageMeta;
  plan: PlanRef;
  indicator: IndicatorRow;
  view: IndicatorView;
  observations: PublicObservation[];
  csvHref: string;
}

export function targetLabel(lang: Lang, target: StoredTarget, unit: string | null): string {
  const m = messages(lang);
  const v = (x: string | null) => (x === null ? '' : valueText(x, unit, null));
  switch (target.kind) {
    case 'every_year_min':
      return m.everyYearMin(v(target.value));
    case 'every_year_max':
      return m.everyYearMax(v(target.value));
    case 'maintain':
      return m.maintainBand(v(target.bandLow ?? target.value), v(target.bandHigh ?? target.value));
    case 'qualitative':
      return target.text ?? '';
    default:
      return `${target.fiscalYear !== null ? `${fiscalYearLabel(lang, target.fiscalYear)} ` : ''}${v(target.value)}`;
  }
}

export function IndicatorPage(props: IndicatorPageProps) {
  const { lang, plan, indicator, view } = props;
  const m = messages(lang);
  const unit = indicator.unit;
  return (
    <Layout title={indicator.name} lang={lang} meta={props.meta}>
      <Breadcrumbs
        lang={lang}
        trail={[
          { label: m.planList, href: href(lang, '/') },
          { label: <Ja lang={lang}>{plan.title}</Ja>, href: href(lang, `/plans/${plan.code}`) },
          { label: <Ja lang={lang}>{`${indicator.itemCode} ${indicator.itemName}`}</Ja>, href: itemHref(lang, plan.code, indicator.itemCode) },
          { label: <Ja lang={lang}>{indicator.name}</Ja> },
        ]}
      />
      <p class="eyebrow">{m.indicator} <span class="item-code">{indicator.code}</span></p>
      <h1><Ja lang={lang}>{indicator.name}</Ja></h1>
      <dl class="facts">
        {indicator.category && (<><dt>{lang === 'ja' ? '区分' : 'Category'}</dt><dd><Ja lang={lang}>{indicator.category}</Ja></dd></>)}
        {unit && (<><dt>{m.unit}</dt><dd><Ja lang={lang}>{unit}</Ja></dd></>)}
        <dt>{m.direction}</dt>
        <dd>{m.directions[indicator.direction] ?? indicator.direction}</dd>
        <dt>{m.aggregation}</dt>
        <dd>{m.aggregations[indicator.aggregation] ?? indicator.aggregation}</dd>
        {indicator.baselineText && (
          <>
            <dt>{m.baseline}</dt>
            <dd><Ja lang={lang}>{indicator.baselineText}</Ja>{indicator.baselineFy !== null && `（${fiscalYearLabel(lang, indicator.baselineFy)}）`}</dd>
          </>
        )}
        {view.data.targets.length > 0 && (
          <>
            <dt>{m.targets}</dt>
            <dd>
              <ul class="plain-list">
                {view.data.targets.map((t) => (
                  <li>
                    <Ja lang={lang}>{targetLabel(lang, t, unit)}</Ja>
                    {t.text && t.kind !== 'qualitative' && t.text !== (t.value === null ? null : valueText(t.value, unit, null)) && <span class="as-written">（<Ja lang={lang}>{t.text}</Ja>）</span>}
                    {' '}<span class="target-source">{m.targetSetBy[t.setBy] ?? t.setBy}{t.setByName && <>: <Ja lang={lang}>{t.setByName}</Ja></>}</span>
                  </li>
                ))}
              </ul>
            </dd>
          </>
        )}
        {indicator.source && (<><dt>{lang === 'ja' ? '出典' : 'Source'}</dt><dd><Ja lang={lang}>{indicator.source}</Ja></dd></>)}
        {indicator.notes && (<><dt>{lang === 'ja' ? '備考' : 'Notes'}</dt><dd><Ja lang={lang}>{indicator.notes}</Ja></dd></>)}
      </dl>
      <p class="download">
        <a class="button button-secondary" href={props.csvHref} download>{m.download}（{m.downloadCsv}）</a>
      </p>
      <p>
        {m.openDataNote} <a href={`/opendata/plans/${plan.code}/observations.csv`}>{m.openDataPlanFile}（CSV）</a>
      </p>

      <IndicatorSummary view={view} lang={lang} scale={plan.scale} headingLevel={2} title={m.gradesByYear}
        corrected={new Set(props.observations.filter((o) => o.corrections.length > 0).map((o) => `${o.fiscalYear}|${o.kind}`))} />

      {props.observations.length > 0 && (
      <section aria-labelledby="values-heading">
        <h2 id="values-heading">{lang === 'ja' ? '年度ごとの値（すべて）' : 'All values by year'}</h2>
        {(
          <div class="table-scroll" tabindex={0} role="region" aria-labelledby="values-heading">
            <table class="data-table data-table-numbers">
              <thead>
                <tr>
                  <th scope="col">{m.fiscalYear}</th>
                  <th scope="col">{m.kind}</th>
                  <th scope="col">{m.value}</th>
                  <th scope="col">{m.valueAsWritten}</th>
                  <th scope="col">{m.asOf}</th>
                  <th scope="col">{m.missingReason}</th>
                </tr>
              </thead>
              <tbody>
                {props.observations.map((o) => (
                  <tr>
                    <th scope="row">{fiscalYearLabel(lang, o.fiscalYear)}</th>
                    <td>{m.observationKinds[o.kind] ?? o.kind}</td>
                    <td class="num">{o.value !== null ? valueText(o.value, unit, null) : ''}</td>
                    <td>
                      <Ja lang={lang}>{o.text}</Ja>
                      {o.parts && o.parts.length > 0 && <span class="as-written">（<Ja lang={lang}>{o.parts.map((p) => `${p.label}${p.value}`).join('、')}</Ja>）</span>}
                      {o.note && <span class="as-written"><Ja lang={lang}>{o.note}</Ja></span>}
                      {o.corrections.map((x) => (
                        <p class="correction"><strong>{m.correction}</strong> {dateLabel(lang, japanDay(x.correctedAt))}: <Ja lang={lang}>{x.beforeText}</Ja> → <Ja lang={lang}>{x.afterText}</Ja>（{m.correctionReason}: <Ja lang={lang}>{x.reason}</Ja>）</p>
                      ))}
                    </td>
                    <td>{o.asOf ? dateLabel(lang, o.asOf) : ''}</td>
                    <td>{o.missingReason ? <Ja lang={lang}>{valueText(null, null, o.missingReason)}</Ja> : ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      )}
    </Layout>
  );
}
