// The comparison as a server-rendered SVG line chart: one line per organisation (colour, dash and
// marker shape differ, so colour is never the only cue), with each one's targets in the same
// style. Per 100,000 residents when every line has a population, otherwise in the catalogue unit.
// The SVG carries <title>/<desc>; the page shows the same numbers as a table.
import { d, formatDecimal } from '../domain/decimal.js';
import { fiscalYearLabel, type Lang } from '../portal/i18n.js';
import { PER_CAPITA_DECIMALS, type Comparison, type ComparisonSeries } from './compare-series.js';
import { compareMessages } from './compare-i18n.js';
import { plotLeft } from '../web/chart-layout.js';

const WIDTH = 560;
const HEIGHT = 280;
const PAD = { left: 72, right: 20, top: 16, bottom: 36 };
/** How many series have a style of their own; further series reuse them in turn. */
export const SERIES_STYLES = 4;

function niceMax(x: number): number {
  if (x <= 0) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(x));
  for (const step of [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]) if (step * magnitude >= x) return step * magnitude;
  return 10 * magnitude;
}

/** Whether the chart (and its description) is per capita: only when every line can be. */
export function chartIsPerCapita(comparison: Comparison): boolean {
  return comparison.series.length > 0 && comparison.series.every((s) => s.perCapitaBasis !== null);
}

/** A line's name: the organisation, with the plan when an organisation has several lines. */
export function seriesLabels(comparison: Comparison, lang: Lang): string[] {
  return comparison.series.map((series: ComparisonSeries) => {
    const name = lang === 'en' && series.organisation.nameEn ? series.organisation.nameEn : series.organisation.name;
    const several = comparison.series.filter((s) => s.organisation.code === series.organisation.code).length > 1;
    return several ? `${name}（${series.plan.title}）` : name;
  });
}

function Marker({ shape, x, y, children }: { shape: number; x: number; y: number; children?: unknown }) {
  const title = children as never;
  switch (shape % SERIES_STYLES) {
    case 1:
      return <rect class="cmp-point" x={x - 5} y={y - 5} width="10" height="10">{title}</rect>;
    case 2:
      return <path class="cmp-point" d={`M${x} ${y - 6}L${x + 6} ${y + 5}L${x - 6} ${y + 5}Z`}>{title}</path>;
    case 3:
      return <path class="cmp-point" d={`M${x - 5} ${y - 5}L${x + 5} ${y + 5}M${x + 5} ${y - 5}L${x - 5} ${y + 5}`}>{title}</path>;
    default:
      return <circle class="cmp-point" cx={x} cy={y} r="5">{title}</circle>;
  }
}

export function CompareChart({ comparison, lang, labels }: { comparison: Comparison; lang: Lang; labels: string[] }) {
  const m = compareMessages(lang);
  const perCapita = chartIsPerCapita(comparison);
  const unit = perCapita ? null : comparison.entry.unit;
  const pick = (x: { value: string | null; perCapita: string | null }) => (perCapita ? x.perCapita : x.value);
  const lines = comparison.series.map((series, i) => ({
    series,
    label: labels[i] ?? series.organisation.name,
    points: series.points.flatMap((p) => {
      const v = pick(p);
      return v === null ? [] : [{ fiscalYear: p.fiscalYear, value: v }];
    }),
    dated: series.targets.flatMap((t) => {
      const v = pick(t);
      return v === null || t.fiscalYear === null || (t.kind !== 'by_year' && t.kind !== 'percent_change') ? [] : [{ fiscalYear: t.fiscalYear, value: v }];
    }),
    thresholds: series.targets.flatMap((t) => {
      const v = pick(t);
      return v === null || (t.kind !== 'every_year_min' && t.kind !== 'every_year_max') ? [] : [{ from: series.plan.periodStartFy, to: series.plan.periodEndFy, value: v, kind: t.kind }];
    }),
  }));
  const values = lines.flatMap((l) => [...l.points, ...l.dated, ...l.thresholds].map((p) => Number(p.value)));
  if (values.length === 0) return null;
  const years = lines.flatMap((l) => [...l.points.map((p) => p.fiscalYear), ...l.dated.map((p) => p.fiscalYear), ...l.thresholds.flatMap((t) => [t.from, t.to])]);
  const firstYear = Math.min(...years);
  const lastYear = Math.max(firstYear + 1, ...years);
  const minValue = Math.min(0, ...values);
  const maxValue = niceMax(Math.max(...values) * 1.05);
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => minValue + f * (maxValue - minValue));
  const tickLabels = ticks.map((t) => formatDecimal(d(String(Math.round(t * 100))).dividedBy(100)));
  const left = plotLeft(tickLabels, PAD.left);
  const x = (fy: number) => left + ((fy - firstYear) / (lastYear - firstYear)) * (WIDTH - left - PAD.right);
  const y = (v: number) => HEIGHT - PAD.bottom - ((v - minValue) / (maxValue - minValue)) * (HEIGHT - PAD.top - PAD.bottom);
  const fmt = (v: string) => (perCapita ? formatDecimal(d(v), { places: PER_CAPITA_DECIMALS }) : `${formatDecimal(d(v))}${unit ?? ''}`);
  const yearStep = Math.max(1, Math.ceil((lastYear - firstYear) / 7));
  const yearTicks: number[] = [];
  for (let fy = firstYear; fy <= lastYear; fy += yearStep) yearTicks.push(fy);
  const id = `compare-${comparison.entry.code}`;
  const summary = lines
    .map((l) => `${l.label}: ${l.points.length > 0 ? l.points.map((p) => `${fiscalYearLabel(lang, p.fiscalYear)} ${fmt(p.value)}`).join('、') : m.noValues}`)
    .join(lang === 'ja' ? '。' : '. ');
  return (
    <figure class="chart compare-chart">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-labelledby={`${id}-title ${id}-desc`} class="chart-svg" focusable="false">
        <title id={`${id}-title`}>{m.chartTitle(lang === 'en' && comparison.entry.nameEn ? comparison.entry.nameEn : comparison.entry.name, perCapita)}</title>
        <desc id={`${id}-desc`}>{`${m.chartDesc(perCapita)} ${summary}`}</desc>
        <g class="chart-grid">
          {ticks.map((t, i) => (
            <>
              <line x1={left} x2={WIDTH - PAD.right} y1={y(t)} y2={y(t)} />
              <text x={left - 8} y={y(t) + 4} text-anchor="end">{tickLabels[i]}</text>
            </>
          ))}
          {yearTicks.map((fy) => (
            <text x={x(fy)} y={HEIGHT - PAD.bottom + 20} text-anchor="middle">{lang === 'ja' ? fiscalYearLabel('ja', fy).replace('年度', '') : String(fy)}</text>
          ))}
        </g>
        {lines.map((line, i) => (
          <g class={`cmp-series cmp-s${i % SERIES_STYLES}`}>
            {line.thresholds.map((t) => (
              <line class="cmp-threshold" x1={x(t.from)} x2={x(t.to)} y1={y(Number(t.value))} y2={y(Number(t.value))}>
                <title>{`${line.label} ${m.legendTarget}: ${t.kind === 'every_year_min' ? m.targetEveryYearMin(fmt(t.value)) : m.targetEveryYearMax(fmt(t.value))}`}</title>
              </line>
            ))}
            {line.points.length > 1 && <polyline class="cmp-line" points={line.points.map((p) => `${x(p.fiscalYear)},${y(Number(p.value))}`).join(' ')} />}
            {line.points.map((p) => (
              <Marker shape={i} x={x(p.fiscalYear)} y={y(Number(p.value))}>
                <title>{`${line.label} ${fiscalYearLabel(lang, p.fiscalYear)}: ${fmt(p.value)}`}</title>
              </Marker>
            ))}
            {line.dated.map((p) => {
              const cx = x(p.fiscalYear);
              const cy = y(Number(p.value));
              return (
                <path class="cmp-target" d={`M${cx} ${cy - 7}L${cx + 7} ${cy}L${cx} ${cy + 7}L${cx - 7} ${cy}Z`}>
                  <title>{`${line.label} ${m.legendTarget} ${fiscalYearLabel(lang, p.fiscalYear)}: ${fmt(p.value)}`}</title>
                </path>
              );
            })}
          </g>
        ))}
      </svg>
      <figcaption>
        <ul class="chart-legend">
          {lines.map((line, i) => (
            <>
              {line.points.length > 0 && (
                <li class={`cmp-s${i % SERIES_STYLES}`}>
                  <svg class="cmp-swatch compare-chart" viewBox="0 0 40 14" width="40" height="14" aria-hidden="true" focusable="false">
                    <g class="cmp-series">
                      <polyline class="cmp-line" points="2,7 38,7" />
                      <Marker shape={i} x={20} y={7} />
                    </g>
                  </svg>
                  {line.label}
                </li>
              )}
              {line.dated.length > 0 && (
                <li class={`cmp-s${i % SERIES_STYLES}`}>
                  <svg class="cmp-swatch compare-chart" viewBox="0 0 40 14" width="40" height="14" aria-hidden="true" focusable="false">
                    <g class="cmp-series"><path class="cmp-target" d="M20 1L26 7L20 13L14 7Z" /></g>
                  </svg>
                  {`${line.label} ${m.legendTarget}${lang === 'ja' ? '（年度）' : ' (by year)'}`}
                </li>
              )}
              {line.thresholds.length > 0 && (
                <li class={`cmp-s${i % SERIES_STYLES}`}>
                  <svg class="cmp-swatch compare-chart" viewBox="0 0 40 14" width="40" height="14" aria-hidden="true" focusable="false">
                    <g class="cmp-series"><line class="cmp-threshold" x1="2" x2="38" y1="7" y2="7" /></g>
                  </svg>
                  {`${line.label} ${m.legendTarget}${lang === 'ja' ? '（毎年度）' : ' (every year)'}`}
                </li>
              )}
            </>
          ))}
        </ul>
      </figcaption>
    </figure>
  );
}
