// An indicator as the public sees it: each year's value with its as-of date or missing reason,
// the target and rate (with the formula) and grade of the judgement engine, the projection, and a
// chart of the same numbers.
import { evaluateIndicatorYear, type IndicatorData, type IndicatorYearEvaluation, type PlanJudgementContext } from '../judgement/indicator-year.js';
import type { Projection } from '../domain/projection.js';
import { IndicatorChart, type ChartInput } from './indicator-chart.js';
import { dateLabel, fiscalYearLabel, messages, type Lang } from './i18n.js';
import { GradeBadge, Ja, valueText } from './portal-ui.js';

export interface IndicatorYearRow extends IndicatorYearEvaluation {
  fiscalYear: number;
}

export interface IndicatorView {
  data: IndicatorData;
  years: IndicatorYearRow[];
  latest: IndicatorYearRow | null;
  chart: ChartInput;
}

export function buildIndicatorView(data: IndicatorData, context: PlanJudgementContext, chartId: string): IndicatorView {
  const fiscalYears = [...new Set(data.observations.map((o) => o.fiscalYear))].sort((a, b) => a - b);
  // the projection is shown for the latest judged year only: the other years are judged without
  // one (it was two thirds of an item page's judging), the latest again with it
  const judgedYears = fiscalYears.map((fy) => evaluateIndicatorYear(data, fy, context, null, false));
  const judged = judgedYears.filter((y) => y.rate !== null);
  const latestYear = (judged[judged.length - 1] ?? judgedYears[judgedYears.length - 1])?.fiscalYear;
  const years = judgedYears.map((y) => (y.fiscalYear === latestYear ? evaluateIndicatorYear(data, y.fiscalYear, context) : y));
  const latest = years.find((y) => y.fiscalYear === latestYear) ?? null;
  const projection = latest?.projection ?? null;
  const threshold = data.targets.find((t) => t.kind === 'every_year_min' || t.kind === 'every_year_max');
  const chart: ChartInput = {
    id: chartId,
    name: data.name,
    unit: data.unit,
    actuals: data.observations
      .filter((o) => o.kind === 'actual' && o.value !== null)
      .map((o) => ({ fiscalYear: o.fiscalYear, value: o.value ?? '0' })),
    targets: data.targets
      .filter((t) => (t.kind === 'by_year' || t.kind === 'percent_change') && t.fiscalYear !== null && t.value !== null)
      .map((t) => ({ fiscalYear: t.fiscalYear ?? 0, value: t.value ?? '0' })),
    threshold: threshold?.value ?? null,
    projection:
      projection?.status === 'reached' && latest?.target?.value && projection.fiscalYear - (latest.fiscalYear ?? 0) <= 15
        ? { fiscalYear: projection.fiscalYear, value: latest.target.value }
        : null,
  };
  return { data, years, latest, chart };
}

export function projectionText(lang: Lang, projection: Projection | null): string | null {
  if (!projection) return null;
  if (lang === 'ja') return projection.explanation;
  switch (projection.status) {
    case 'already_reached':
      return `Target already reached in FY${projection.fiscalYear}.`;
    case 'reached':
      return `At the current pace the target is reached in FY${projection.fiscalYear}${projection.onTime === false ? ' (later than planned)' : ''}.`;
    case 'not_reachable':
      return 'At the current pace the target will not be reached.';
    default:
      return 'Not enough data for a projection.';
  }
}

/** The table with the chart's numbers and each year's judgement. */
export function IndicatorTable({ view, lang, scale, caption, corrected }: { view: IndicatorView; lang: Lang; scale: PlanJudgementContext['scale']; caption: string; corrected?: ReadonlySet<string> | undefined }) {
  const m = messages(lang);
  const unit = view.data.unit;
  return (
    <div class="table-scroll" tabindex={0} role="region" aria-label={caption}>
      <table class="data-table data-table-numbers">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{m.fiscalYear}</th>
            <th scope="col">{m.value}</th>
            <th scope="col">{m.asOf}</th>
            <th scope="col">{m.target}</th>
            <th scope="col">{m.rate}</th>
            <th scope="col">{m.grade}</th>
          </tr>
        </thead>
        <tbody>
          {view.years.map((year) => {
            const o = year.actual;
            return (
              <tr>
                <th scope="row">{fiscalYearLabel(lang, year.fiscalYear)}</th>
                <td class="num">
                  {o ? valueText(o.value, unit, o.missingReason, o.approximate) : ''}
                  {o && o.kind !== 'actual' && <span class="value-kind">（{m.observationKinds[o.kind] ?? o.kind}）</span>}
                  {o && corrected?.has(`${year.fiscalYear}|${o.kind}`) && <a class="value-kind" href="#values-heading">（{m.correction}）</a>}
                  {o && o.text && o.value !== null && o.text !== valueText(o.value, unit, null, o.approximate) && (
                    <span class="as-written"><Ja lang={lang}>{o.text}</Ja></span>
                  )}
                </td>
                <td>{o?.asOf ? dateLabel(lang, o.asOf) : ''}</td>
                <td class="num">
                  {year.target ? (year.target.value !== null ? valueText(year.target.value, unit, null) : <Ja lang={lang}>{year.target.text ?? ''}</Ja>) : ''}
                  {year.target?.fiscalYear != null && <span class="value-kind">（{fiscalYearLabel(lang, year.target.fiscalYear)}）</span>}
                </td>
                <td>
                  {year.rate?.status === 'ok' ? (
                    <>
                      <span class="num">{year.rate.rate.toFixed(Math.max(1, year.rate.rate.decimalPlaces()))}%</span>
                      <span class="formula"><Ja lang={lang}>{year.rate.formula}</Ja></span>
                    </>
                  ) : year.rate ? (
                    <span class="formula"><Ja lang={lang}>{year.rate.label}：{year.rate.message}</Ja></span>
                  ) : (
                    <span class="formula"><Ja lang={lang}>{year.note ?? ''}</Ja></span>
                  )}
                </td>
                <td>
                  {year.grade ? <GradeBadge scale={scale} code={year.grade.grade?.code} lang={lang} /> : <GradeBadge scale={scale} code={null} lang={lang} />}
                  {year.rate?.status === 'ok' && year.note && <span class="formula"><Ja lang={lang}>{year.note}</Ja></span>}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** `corrected`: `fiscalYear|kind` of the values changed by a 訂正 (the indicator page marks them and links to the details). */
export function IndicatorSummary({ view, lang, scale, headingLevel, title, corrected }: { view: IndicatorView; lang: Lang; scale: PlanJudgementContext['scale']; headingLevel: 2 | 3; title?: unknown; corrected?: ReadonlySet<string> }) {
  const m = messages(lang);
  const projection = projectionText(lang, view.latest?.projection ?? null);
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <section class="indicator-block" aria-labelledby={`${view.chart.id}-heading`}>
      <Heading id={`${view.chart.id}-heading`}>{title ?? <Ja lang={lang}>{view.data.name}</Ja>}</Heading>
      {view.years.length === 0 ? (
        <p class="notice">{m.noValues}</p>
      ) : (
        <>
          <IndicatorChart chart={view.chart} lang={lang} />
          {projection && (
            <p class="projection"><strong>{m.projection}</strong> {projection}</p>
          )}
          <IndicatorTable view={view} lang={lang} scale={scale} caption={m.dataTable(view.data.name)} corrected={corrected} />
        </>
      )}
    </section>
  );
}
