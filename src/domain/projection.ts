// 見通し (projection): at the current pace, in which fiscal year is the target reached, or is it
// not (到達見込みなし)? Two methods, always named in the result:
//
//   least_squares    最小二乗法: the straight line fitted to all points (the trend of the period).
//   last_two_points  直近2点: the line through the last two points (the latest year's pace).
//
// The reached year is the first whole fiscal year at or after the crossing of the line with the
// target, and never earlier than the year after the last observation.
import { d, formatDecimal, round, ZERO } from './decimal.js';
import type { Decimal } from './decimal.js';
import { DomainError } from './errors.js';
import type { Direction } from './judgement.js';
import { FISCAL_YEAR_MAX, FISCAL_YEAR_MIN, formatFiscalYear } from './wareki.js';

export type ProjectionMethod = 'least_squares' | 'last_two_points';

export const PROJECTION_METHOD_LABELS: Readonly<Record<ProjectionMethod, string>> = {
  least_squares: '最小二乗法（全期間の傾向）',
  last_two_points: '直近2点のペース',
};

const SHORT_LABELS: Readonly<Record<ProjectionMethod, string>> = {
  least_squares: '最小二乗法',
  last_two_points: '直近2点のペース',
};

export const NOT_REACHABLE_LABEL = '到達見込みなし';

export interface ProjectionPoint {
  fiscalYear: number;
  value: Decimal;
}

export interface ProjectionOptions {
  /** The target's own year; when given, `onTime` says whether the projected year is not later. */
  targetFiscalYear?: number;
  /** Years after the last point beyond which a crossing counts as 到達見込みなし. Default 100. */
  horizonYears?: number;
}

interface ProjectionBase {
  method: ProjectionMethod;
  /** Japanese, with the numbers: method, points, slope, crossing, year. */
  explanation: string;
}

export type Projection =
  | (ProjectionBase & { status: 'already_reached'; fiscalYear: number })
  | (ProjectionBase & {
      status: 'reached';
      /** First fiscal year in which the line reaches the target. */
      fiscalYear: number;
      /** Change per year (unrounded). */
      slope: Decimal;
      /** Where the line crosses the target, as a fractional year (unrounded). */
      crossing: Decimal;
      onTime?: boolean;
    })
  | (ProjectionBase & {
      status: 'not_reachable';
      label: '到達見込みなし';
      reason: 'flat' | 'wrong_direction' | 'beyond_horizon';
      slope: Decimal;
    })
  | (ProjectionBase & { status: 'insufficient_data' });

function invalid(reason: string, reasonEn: string): never {
  throw new DomainError('PROJECTION_INPUT_INVALID', { reason, reasonEn });
}

const n = (x: Decimal): string => formatDecimal(x, { negative: 'minus' });
/** A (fractional) year, without thousands separators: 2017.81. */
const y = (x: Decimal): string => formatDecimal(round(x, 2), { negative: 'minus', grouping: false });

/** Slope rounded to 2 decimals more than the data have, trailing zeros dropped: +60.6/年, −4/年. */
function slopeText(slope: Decimal, dataPlaces: number): string {
  const s = round(slope, dataPlaces + 2);
  return `${s.isPositive() && !s.isZero() ? '+' : ''}${n(s)}/年`;
}

/**
 * Project when an indicator reaches its target at the current pace. `points` are yearly values
 * (leave out missing years). Fewer than two points → insufficient_data.
 */
export function projectTarget(
  points: readonly ProjectionPoint[],
  target: Decimal,
  direction: Direction,
  method: ProjectionMethod,
  options: ProjectionOptions = {},
): Projection {
  if (direction !== 'up' && direction !== 'down') invalid('方向は上昇か低下です', 'direction must be up or down');
  if (method !== 'least_squares' && method !== 'last_two_points') invalid(`方法「${String(method)}」は使えません`, 'unknown method');
  const horizon = options.horizonYears ?? 100;
  if (!Number.isInteger(horizon) || horizon < 1) invalid('見通しの年数は1以上の整数です', 'horizonYears must be a positive integer');
  const goal = d(target);
  const sorted = points
    .map((p) => {
      if (!Number.isInteger(p.fiscalYear) || p.fiscalYear < FISCAL_YEAR_MIN || p.fiscalYear > FISCAL_YEAR_MAX) invalid('年度が正しくありません', 'bad fiscal year');
      return { fiscalYear: p.fiscalYear, value: d(p.value) };
    })
    .sort((a, b) => a.fiscalYear - b.fiscalYear);
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i]?.fiscalYear === sorted[i - 1]?.fiscalYear) invalid(`${sorted[i]?.fiscalYear}年度の値が重複しています`, 'duplicate fiscal year');
  }
  const label = SHORT_LABELS[method];
  const last = sorted[sorted.length - 1];
  const first = sorted[0];
  if (sorted.length < 2 || !last || !first) {
    return { status: 'insufficient_data', method, explanation: `${label}: 実績が2年度分以上ないため見通しを計算できません` };
  }
  const meets = (v: Decimal): boolean => (direction === 'up' ? v.greaterThanOrEqualTo(goal) : v.lessThanOrEqualTo(goal));
  const dataPlaces = Math.max(goal.decimalPlaces(), ...sorted.map((p) => p.value.decimalPlaces()));
  if (meets(last.value)) {
    return {
      status: 'already_reached',
      method,
      fiscalYear: last.fiscalYear,
      explanation: `${formatFiscalYear(last.fiscalYear)}の実績 ${n(last.value)} で目標 ${n(goal)} に到達済み`,
    };
  }

  // The line: value(x) = anchorY + slope × (x − anchorX).
  let slope: Decimal;
  let anchorX: Decimal;
  let anchorY: Decimal;
  let how: string;
  if (method === 'least_squares') {
    const count = d(sorted.length);
    anchorX = sorted.reduce((acc, p) => acc.plus(p.fiscalYear), ZERO).dividedBy(count);
    anchorY = sorted.reduce((acc, p) => acc.plus(p.value), ZERO).dividedBy(count);
    let sxx = ZERO;
    let sxy = ZERO;
    for (const p of sorted) {
      const dx = d(p.fiscalYear).minus(anchorX);
      sxx = sxx.plus(dx.times(dx));
      sxy = sxy.plus(dx.times(p.value.minus(anchorY)));
    }
    slope = sxy.dividedBy(sxx);
    how = `${label}（${sorted.length}点: ${formatFiscalYear(first.fiscalYear)}〜${formatFiscalYear(last.fiscalYear)}）: 平均 ${n(round(anchorY, dataPlaces + 2))}（${y(anchorX)}年度）、傾き ${slopeText(slope, dataPlaces)}`;
  } else {
    const prev = sorted[sorted.length - 2] ?? first;
    slope = last.value.minus(prev.value).dividedBy(last.fiscalYear - prev.fiscalYear);
    anchorX = d(last.fiscalYear);
    anchorY = last.value;
    how = `${label}（${formatFiscalYear(prev.fiscalYear)} ${n(prev.value)} → ${formatFiscalYear(last.fiscalYear)} ${n(last.value)}）: 傾き ${slopeText(slope, dataPlaces)}`;
  }
  if (slope.isZero()) {
    return { status: 'not_reachable', method, label: NOT_REACHABLE_LABEL, reason: 'flat', slope, explanation: `${how}。変化がないため${NOT_REACHABLE_LABEL}` };
  }
  if ((direction === 'up') !== slope.isPositive()) {
    return {
      status: 'not_reachable',
      method,
      label: NOT_REACHABLE_LABEL,
      reason: 'wrong_direction',
      slope,
      explanation: `${how}。目標と逆の方向に動いているため${NOT_REACHABLE_LABEL}`,
    };
  }
  const crossing = anchorX.plus(goal.minus(anchorY).dividedBy(slope));
  const year = Math.max(crossing.ceil().toNumber(), last.fiscalYear + 1);
  const crossingText = `${y(anchorX)} + (${n(goal)} − ${n(round(anchorY, dataPlaces + 2))}) ÷ ${n(round(slope, dataPlaces + 2))} = ${y(crossing)}年度`;
  if (year > last.fiscalYear + horizon) {
    return {
      status: 'not_reachable',
      method,
      label: NOT_REACHABLE_LABEL,
      reason: 'beyond_horizon',
      slope,
      explanation: `${how}; 目標到達 ${crossingText}。${horizon}年以内に届かないため${NOT_REACHABLE_LABEL}`,
    };
  }
  const result: Projection = {
    status: 'reached',
    method,
    fiscalYear: year,
    slope,
    crossing,
    explanation: `${how}; 目標到達 ${crossingText} → ${formatFiscalYear(year)}（${year}年度）に到達見込み`,
  };
  if (options.targetFiscalYear !== undefined) result.onTime = year <= options.targetFiscalYear;
  return result;
}
