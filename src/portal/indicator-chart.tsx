// An indicator's trend as a server-rendered SVG line chart: actual values, targets, and the
// projection at the current pace. Each mark differs by shape and line style, not only by colour;
// the SVG carries <title>/<desc>, and every page that shows it shows the same numbers as a table.
import { d } from '../domain/decimal.js';
import { formatJapaneseNumber } from '../domain/numbers.js';
import { fiscalYearLabel, messages, type Lang } from './i18n.js';
import { plotLeft } from '../web/chart-layout.js';

export interface ChartPoint {
  fiscalYear: number;
  value: string;
}

export interface ChartInput {
  id: string;
  name: string;
  unit: string | null;
  actuals: ChartPoint[];
  /** Dated targets (by a year). */
  targets: ChartPoint[];
  /** A standing threshold (毎年度 … 以上) drawn as a horizontal line. */
  threshold: string | null;
  /** Projected: the year the target would be reached, and that target. */
  projection: ChartPoint | null;
}

const WIDTH = 520;
const HEIGHT = 260;
const PAD = { left: 76, right: 20, top: 16, bottom: 36 };

function niceMax(x: number): number {
  if (x <= 0) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(x));
  for (const step of [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]) if (step * magnitude >= x) return step * magnitude;
  return 10 * magnitude;
}

export function IndicatorChart({ chart, lang }: { chart: ChartInput; lang: Lang }) {
  const m = messages(lang);
  const numbers = [...chart.actuals, ...chart.targets, ...(chart.projection ? [chart.projection] : [])];
  if (chart.actuals.length === 0) return null;
  const values = [...numbers.map((p) => Number(p.value)), ...(chart.threshold !== null ? [Number(chart.threshold)] : [])];
  const minValue = Math.min(0, ...values);
  const maxValue = niceMax(Math.max(...values) * 1.05);
  const years = numbers.map((p) => p.fiscalYear);
  const firstYear = Math.min(...years);
  const lastYear = Math.max(firstYear + 1, ...years);
  const fmt = (v: string | number) => formatJapaneseNumber(d(String(v)), chart.unit);
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => minValue + f * (maxValue - minValue));
  const tickLabels = ticks.map((t) => fmt(Math.round(t * 100) / 100));
  const left = plotLeft(tickLabels, PAD.left);
  const x = (fy: number) => left + ((fy - firstYear) / (lastYear - firstYear)) * (WIDTH - left - PAD.right);
  const y = (v: number) => HEIGHT - PAD.bottom - ((v - minValue) / (maxValue - minValue)) * (HEIGHT - PAD.top - PAD.bottom);
  const yearStep = Math.max(1, Math.ceil((lastYear - firstYear) / 8));
  const yearTicks: number[] = [];
  for (let fy = firstYear; fy <= lastYear; fy += yearStep) yearTicks.push(fy);
  const last = chart.actuals[chart.actuals.length - 1];
  const titleId = `${chart.id}-title`;
  const descId = `${chart.id}-desc`;
  const summary = chart.actuals.map((p) => `${fiscalYearLabel(lang, p.fiscalYear)} ${fmt(p.value)}`).join('、');
  return (
    <figure class="chart">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-labelledby={`${titleId} ${descId}`} class="chart-svg" focusable="false">
        <title id={titleId}>{m.chartTitle(chart.name)}</title>
        <desc id={descId}>{`${m.chartDesc(chart.actuals.length)} ${summary}`}</desc>
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
        {chart.threshold !== null && (
          <line class="chart-target-line" x1={left} x2={WIDTH - PAD.right} y1={y(Number(chart.threshold))} y2={y(Number(chart.threshold))}>
            <title>{`${m.chartLegendTarget} ${fmt(chart.threshold)}`}</title>
          </line>
        )}
        {chart.projection && last && (
          <line class="chart-projection" x1={x(last.fiscalYear)} y1={y(Number(last.value))} x2={x(chart.projection.fiscalYear)} y2={y(Number(chart.projection.value))}>
            <title>{`${m.chartLegendProjection}: ${fiscalYearLabel(lang, chart.projection.fiscalYear)} ${fmt(chart.projection.value)}`}</title>
          </line>
        )}
        <polyline class="chart-actual" points={chart.actuals.map((p) => `${x(p.fiscalYear)},${y(Number(p.value))}`).join(' ')} />
        {chart.actuals.map((p) => (
          <circle class="chart-actual-point" cx={x(p.fiscalYear)} cy={y(Number(p.value))} r="5">
            <title>{`${m.chartLegendActual} ${fiscalYearLabel(lang, p.fiscalYear)}: ${fmt(p.value)}`}</title>
          </circle>
        ))}
        {chart.targets.map((p) => {
          const cx = x(p.fiscalYear);
          const cy = y(Number(p.value));
          return (
            <path class="chart-target-point" d={`M${cx} ${cy - 7}L${cx + 7} ${cy}L${cx} ${cy + 7}L${cx - 7} ${cy}Z`}>
              <title>{`${m.chartLegendTarget} ${fiscalYearLabel(lang, p.fiscalYear)}: ${fmt(p.value)}`}</title>
            </path>
          );
        })}
      </svg>
      <figcaption>
        <ul class="chart-legend">
          <li><span class="legend-actual" aria-hidden="true"></span>{m.chartLegendActual}</li>
          {(chart.targets.length > 0 || chart.threshold !== null) && <li><span class="legend-target" aria-hidden="true"></span>{m.chartLegendTarget}</li>}
          {chart.projection && <li><span class="legend-projection" aria-hidden="true"></span>{m.chartLegendProjection}</li>}
        </ul>
      </figcaption>
    </figure>
  );
}
