// 達成度 (achievement rates) per indicator and fiscal year, by method. Every result shows its work:
// a formula with the numbers filled in that a person can check with a calculator. A rate that
// cannot be computed is 評価不能 with the reason, never 0%.
//
// Rates are percentages as exact decimals: d('89.6') means 89.6%.
import { d, decimalPlaces, formatPercent, HUNDRED, round, ZERO } from './decimal.js';
import type { Decimal, RoundingMode } from './decimal.js';
import { DomainError } from './errors.js';
import { formatJapaneseNumber, MISSING_REASON_LABELS } from './numbers.js';
import type { MissingReason } from './numbers.js';
import { FISCAL_YEAR_MAX, FISCAL_YEAR_MIN, formatFiscalYear, formatJapaneseDate, isPartOfFiscalYear } from './wareki.js';

/** 上昇 (higher is better) or 低下 (lower is better). 維持 is the band method. */
export type Direction = 'up' | 'down';

export type RateMethod =
  | 'ratio' //       単純比率: 上昇 actual ÷ target, 低下 target ÷ actual
  | 'improvement' // 基準値からの改善率: (actual − baseline) ÷ (target − baseline)
  | 'prorated' //    按分した中間目標との比: target pro-rated on a straight line from the baseline year
  | 'band' //        維持: inside [lower, upper] = 100%
  | 'every_year' //  毎年度基準: met / not met in each year
  | 'cumulative'; // 累計: yearly values summed, compared with a total target

export const RATE_METHOD_LABELS: Readonly<Record<RateMethod, string>> = {
  ratio: '単純比率',
  improvement: '基準値からの改善率',
  prorated: '中間目標（按分）との比',
  band: '維持（範囲）',
  every_year: '毎年度の基準',
  cumulative: '累計',
};

/** Plan-level settings of the judgement (設定). */
export interface JudgementSettings {
  /** Decimals of the rate. Default 1 (89.6%). */
  places: number;
  /** Default 'half_up' (四捨五入, ties away from zero). */
  rounding: RoundingMode;
  /** Upper limit of the rate, e.g. d(100); null (default) = no cap. */
  cap: Decimal | null;
  /** Lower limit of the rate, e.g. d(0); null (default) = none (improvement rates may be negative). */
  floor: Decimal | null;
  /** Judge a partial-year figure (as-of date inside the fiscal year) as the year's actual. Default false. */
  allowPartialYear: boolean;
}

export const DEFAULT_JUDGEMENT_SETTINGS: Readonly<JudgementSettings> = {
  places: 1,
  rounding: 'half_up',
  cap: null,
  floor: null,
  allowPartialYear: false,
};

/** An observed value, or why there is none. A ParsedValue from numbers.ts fits this shape. */
export type Observed =
  | { kind: 'value'; value: Decimal; approximate?: boolean; asOf?: string; text?: string }
  | { kind: 'missing'; reason: MissingReason; text?: string };

/** An observation, or a bare Decimal for a plain full-year value. */
export type ObservedInput = Observed | Decimal;

export interface YearObservation {
  fiscalYear: number;
  actual: ObservedInput;
}

export interface YearValue {
  fiscalYear: number;
  value: Decimal;
}

interface CommonInput {
  /** The fiscal year being evaluated (Western start year). */
  fiscalYear: number;
  /** Unit of the values, written into the formula (円 values are written with 億/万). */
  unit?: string;
  settings?: Partial<JudgementSettings>;
}

export interface RatioInput extends CommonInput {
  method: 'ratio';
  direction: Direction;
  actual: ObservedInput;
  target: Decimal;
  /** Optional: lets the result say whether the actual improved on the baseline (for S/A/B/C). */
  baseline?: Decimal;
}

export interface ImprovementInput extends CommonInput {
  method: 'improvement';
  actual: ObservedInput;
  baseline: Decimal;
  target: Decimal;
}

export interface ProratedInput extends CommonInput {
  method: 'prorated';
  direction: Direction;
  actual: ObservedInput;
  baseline: YearValue;
  target: YearValue;
  /** Compare with the expected value by ratio (default) or by improvement from the baseline. */
  compare?: 'ratio' | 'improvement';
}

export interface BandInput extends CommonInput {
  method: 'band';
  actual: ObservedInput;
  lower: Decimal;
  upper: Decimal;
  /** Optional: lets the result say whether the actual is nearer the band than the baseline was. */
  baseline?: Decimal;
}

export interface EveryYearInput extends CommonInput {
  method: 'every_year';
  /** 以上 (at_least) or 以下 (at_most). */
  comparator: 'at_least' | 'at_most';
  threshold: Decimal;
  /** First year of the period; every year from it to `fiscalYear` is checked. */
  fromFiscalYear: number;
  observations: readonly YearObservation[];
}

export interface CumulativeInput extends CommonInput {
  method: 'cumulative';
  direction: Direction;
  /** First year whose value counts; every year from it to `fiscalYear` must have a value. */
  fromFiscalYear: number;
  /** Yearly (単年度) values; they are summed. */
  observations: readonly YearObservation[];
  /** Total already reached before `fromFiscalYear` (e.g. a running total), default 0. */
  startingTotal?: ObservedInput;
  /** Total to reach by `targetFiscalYear` (including `startingTotal`). */
  target: Decimal;
  targetFiscalYear?: number;
  /** Compare the total with the target (ratio, default) or with the pro-rated part of it (prorated). */
  compare?: 'ratio' | 'prorated';
}

export type RateInput =
  | RatioInput
  | ImprovementInput
  | ProratedInput
  | BandInput
  | EveryYearInput
  | CumulativeInput;

export interface YearCheck {
  fiscalYear: number;
  status: 'met' | 'not_met' | 'counted' | 'missing' | 'partial';
  value?: Decimal;
  missingReason?: MissingReason;
}

export interface RateOk {
  status: 'ok';
  method: RateMethod;
  /** Rounded rate in percent, after cap/floor. Grades are given from this number. */
  rate: Decimal;
  /** The rate before rounding, cap and floor (60 significant digits). */
  unroundedRate: Decimal;
  /** The calculation with the numbers filled in: '3,679 ÷ 4,107 = 89.6%'. */
  formula: string;
  /** Whether cap or floor changed the rate. */
  limited: 'cap' | 'floor' | null;
  /** True when any value used is approximate (約). */
  approximate: boolean;
  /** Judged on a partial-year figure because the settings allow it. */
  partialYear: boolean;
  /** Whether the actual improved on the baseline in the indicator's direction (when known). */
  improved?: boolean;
  /** prorated: the expected value of the year; cumulative (prorated): the pro-rated total. */
  expected?: Decimal;
  /** cumulative: the summed total. */
  total?: Decimal;
  /** band: inside the band. */
  inBand?: boolean;
  /** every_year: true = met every year, false = missed at least one, null = none missed but some unknown. */
  met?: boolean | null;
  /** every_year / cumulative: each year's check. */
  years?: YearCheck[];
}

export type NotMeasurableReason =
  | 'missing_actual' //        実績なし (今後調査, —, 未集計 …)
  | 'partial_year' //          年度途中の値
  | 'zero_denominator' //      0 で割ることになる
  | 'negative_value' //        負の値の比率
  | 'target_equals_baseline' // 目標 = 基準値（改善率が定義できない）
  | 'before_baseline_year' //  評価年度が基準年度以前
  | 'missing_years' //         累計に必要な年度の値がない
  | 'no_years'; //             評価できる年度がない

export interface RateNotMeasurable {
  status: 'not_measurable';
  method: RateMethod;
  /** Always 評価不能. */
  label: '評価不能';
  reason: NotMeasurableReason;
  missingReason?: MissingReason;
  /** Japanese explanation for the person reading the report. */
  message: string;
}

export type RateResult = RateOk | RateNotMeasurable;

// ---------------------------------------------------------------------------------------------
// From stored rows (database, imports) to judgement input

/** Judgement settings as a plan stores them (decimal strings, optional fields). */
export interface StoredJudgementSettings {
  rateDecimals?: number;
  rounding?: RoundingMode;
  rateCap?: string | null;
  rateFloor?: string | null;
  judgePartialYear?: boolean;
}

/** Plan settings as stored → settings for achievementRate (absent fields keep the defaults). */
export function settingsFromStored(stored: StoredJudgementSettings | null | undefined): Partial<JudgementSettings> {
  const out: Partial<JudgementSettings> = {};
  if (!stored) return out;
  if (stored.rateDecimals !== undefined) out.places = stored.rateDecimals;
  if (stored.rounding !== undefined) out.rounding = stored.rounding;
  if (stored.rateCap !== undefined) out.cap = stored.rateCap === null ? null : d(stored.rateCap);
  if (stored.rateFloor !== undefined) out.floor = stored.rateFloor === null ? null : d(stored.rateFloor);
  if (stored.judgePartialYear !== undefined) out.allowPartialYear = stored.judgePartialYear;
  return out;
}

/** An observation as stored: a decimal string or a missing reason, never both. */
export interface StoredObservation {
  value: string | null;
  missingReason: string | null;
  text?: string | null;
  approximate?: boolean | null;
  /** ISO date (時点). */
  asOf?: string | null;
}

const MISSING_REASONS_KNOWN: readonly MissingReason[] = [
  'not_yet_surveyed',
  'not_applicable',
  'not_aggregated',
  'not_evaluated',
  'not_implemented',
  'blank',
];

/** A stored observation row → Observed. Throws DomainError for a row that is neither value nor reason. */
export function observedFromStored(row: StoredObservation): Observed {
  if (row.value !== null && row.missingReason === null) {
    const observed: Observed = { kind: 'value', value: d(row.value), approximate: row.approximate === true };
    if (row.asOf) observed.asOf = row.asOf;
    if (row.text) observed.text = row.text;
    return observed;
  }
  const reason = MISSING_REASONS_KNOWN.find((r) => r === row.missingReason);
  if (row.value === null && reason !== undefined) {
    return row.text ? { kind: 'missing', reason, text: row.text } : { kind: 'missing', reason };
  }
  return invalid('観測値は値か欠測理由のどちらか一方です', 'an observation is either a value or a missing reason');
}

export const NOT_MEASURABLE_LABEL = '評価不能';

// ---------------------------------------------------------------------------------------------

function invalid(reason: string, reasonEn: string): never {
  throw new DomainError('JUDGEMENT_INPUT_INVALID', { reason, reasonEn });
}

function resolveSettings(partial: Partial<JudgementSettings> | undefined): JudgementSettings {
  const s: JudgementSettings = { ...DEFAULT_JUDGEMENT_SETTINGS, ...(partial ?? {}) };
  if (!Number.isInteger(s.places) || s.places < 0 || s.places > 10) invalid('小数点以下の桁数は0〜10です', 'places must be 0..10');
  if (!['half_up', 'down', 'up', 'half_even'].includes(s.rounding)) invalid('丸め方が不明です', 'unknown rounding');
  const cap = s.cap === null ? null : d(s.cap);
  const floor = s.floor === null ? null : d(s.floor);
  if (cap !== null && floor !== null && cap.lessThan(floor)) invalid('上限が下限より小さくなっています', 'cap below floor');
  return { ...s, cap, floor, allowPartialYear: s.allowPartialYear === true };
}

function assertYear(year: number, name: string): void {
  if (!Number.isInteger(year) || year < FISCAL_YEAR_MIN || year > FISCAL_YEAR_MAX) invalid(`${name}が年度ではありません`, `${name} is not a fiscal year`);
}

function notMeasurable(
  method: RateMethod,
  reason: NotMeasurableReason,
  message: string,
  missingReason?: MissingReason,
): RateNotMeasurable {
  const result: RateNotMeasurable = { status: 'not_measurable', method, label: '評価不能', reason, message };
  if (missingReason !== undefined) result.missingReason = missingReason;
  return result;
}

type ReadActual =
  | { ok: true; value: Decimal; approximate: boolean; partial: boolean }
  | { ok: false; reason: 'missing_actual' | 'partial_year'; message: string; missingReason?: MissingReason };

function toObserved(actual: ObservedInput): Observed {
  if (typeof actual === 'object' && actual !== null && 'kind' in actual) {
    if (actual.kind === 'missing') return actual;
    if (actual.kind === 'value') return { ...actual, value: d(actual.value) };
  }
  return { kind: 'value', value: d(actual as Decimal) };
}

/** The actual of a year, unless it is missing or (by default) a partial-year figure. */
function readActual(actual: ObservedInput, fiscalYear: number, settings: JudgementSettings, what = '実績'): ReadActual {
  const observed = toObserved(actual);
  if (observed.kind === 'missing') {
    const label = MISSING_REASON_LABELS[observed.reason] ?? observed.reason;
    return {
      ok: false,
      reason: 'missing_actual',
      missingReason: observed.reason,
      message: `${what}が「${label}」のため評価不能です`,
    };
  }
  const partial = observed.asOf !== undefined && isPartOfFiscalYear(observed.asOf, fiscalYear);
  if (partial && !settings.allowPartialYear) {
    const asOf = formatJapaneseDate(observed.asOf ?? '', { style: 'short' });
    return {
      ok: false,
      reason: 'partial_year',
      message: `${what}は${asOf}時点の途中経過で、${formatFiscalYear(fiscalYear)}の通年の値ではないため評価不能です（年度途中の値で評価する設定ではありません）`,
    };
  }
  return { ok: true, value: observed.value, approximate: observed.approximate === true, partial };
}

/** Writes the numbers of one formula with the same number of decimals (5.0, 5.5) and the indicator's unit. */
class Writer {
  constructor(
    readonly places: number,
    readonly unit: string | undefined,
  ) {}

  static for(values: readonly Decimal[], unit: string | undefined): Writer {
    return new Writer(Math.max(0, ...values.map((v) => decimalPlaces(v))), unit);
  }

  /** At least the common number of decimals; more if the value has more (an expected value). */
  n(value: Decimal, approximate = false): string {
    const places = Math.max(this.places, decimalPlaces(value));
    return formatJapaneseNumber(value, this.unit, { places, negative: 'minus', approximate });
  }
}

interface Finished {
  rate: Decimal;
  unroundedRate: Decimal;
  limited: 'cap' | 'floor' | null;
  /** '= 89.6%' or '= 111.4% → 上限 100.0%'. */
  tail: string;
}

/** Apply cap/floor and rounding to a rate (in percent) and write the end of the formula. */
function finish(unrounded: Decimal, settings: JudgementSettings): Finished {
  const shown = round(unrounded, settings.places, settings.rounding);
  let limited: Finished['limited'] = null;
  let value = unrounded;
  if (settings.cap !== null && unrounded.greaterThan(settings.cap)) {
    value = settings.cap;
    limited = 'cap';
  } else if (settings.floor !== null && unrounded.lessThan(settings.floor)) {
    value = settings.floor;
    limited = 'floor';
  }
  const rate = round(value, settings.places, settings.rounding);
  let tail = `= ${formatPercent(shown, settings.places)}`;
  if (limited === 'cap') tail += ` → 上限 ${formatPercent(rate, settings.places)}`;
  if (limited === 'floor') tail += ` → 下限 ${formatPercent(rate, settings.places)}`;
  return { rate, unroundedRate: unrounded, limited, tail };
}

function ok(
  method: RateMethod,
  f: Finished,
  formula: string,
  extra: Omit<RateOk, 'status' | 'method' | 'rate' | 'unroundedRate' | 'formula' | 'limited'>,
): RateOk {
  return { status: 'ok', method, rate: f.rate, unroundedRate: f.unroundedRate, formula, limited: f.limited, ...extra };
}

function improvedOver(actual: Decimal, baseline: Decimal, direction: Direction): boolean {
  return direction === 'up' ? actual.greaterThan(baseline) : actual.lessThan(baseline);
}

/** Whether an actual improved on the baseline in the indicator's direction (strictly). */
export function isImproved(actual: Decimal, baseline: Decimal, direction: Direction): boolean {
  return improvedOver(d(actual), d(baseline), direction);
}

/**
 * Ratio of an actual to a target in a direction, as a percentage: 上昇 actual ÷ target, 低下
 * target ÷ actual. Shared by ratio, prorated (ratio), band and cumulative.
 */
function ratioPart(
  method: RateMethod,
  direction: Direction,
  actual: Decimal,
  target: Decimal,
  w: Writer,
  approx: { actual: boolean; target?: boolean },
  settings: JudgementSettings,
  targetWord = '目標値',
): { f: Finished; text: string } | RateNotMeasurable {
  if ((actual.isNegative() && !actual.isZero()) || (target.isNegative() && !target.isZero())) {
    return notMeasurable(method, 'negative_value', '負の値は比率で評価できません（基準値からの改善率を使ってください）');
  }
  const a = w.n(actual, approx.actual);
  const t = w.n(target, approx.target === true);
  if (direction === 'up') {
    if (target.isZero()) return notMeasurable(method, 'zero_denominator', `${targetWord}が0のため、実績 ÷ ${targetWord} を計算できません`);
    const f = finish(actual.dividedBy(target).times(HUNDRED), settings);
    return { f, text: `${a} ÷ ${t} ${f.tail}` };
  }
  if (target.isZero()) {
    // 低下 to zero (e.g. 待機児童ゼロ): reached exactly when the actual is 0; otherwise 0 ÷ actual = 0%.
    if (actual.isZero()) {
      const f = finish(HUNDRED, settings);
      return { f, text: `${a}（${targetWord} ${t} を達成）${f.tail}` };
    }
    const f = finish(ZERO, settings);
    return { f, text: `${t} ÷ ${a} ${f.tail}` };
  }
  if (actual.isZero()) return notMeasurable(method, 'zero_denominator', `実績が0のため、${targetWord} ÷ 実績 を計算できません`);
  const f = finish(target.dividedBy(actual).times(HUNDRED), settings);
  return { f, text: `${t} ÷ ${a} ${f.tail}` };
}

function rateRatio(input: RatioInput, settings: JudgementSettings): RateResult {
  const r = readActual(input.actual, input.fiscalYear, settings);
  if (!r.ok) return notMeasurable('ratio', r.reason, r.message, r.missingReason);
  const target = d(input.target);
  const w = Writer.for([r.value, target, ...(input.baseline ? [d(input.baseline)] : [])], input.unit);
  const part = ratioPart('ratio', input.direction, r.value, target, w, { actual: r.approximate }, settings);
  if ('status' in part) return part;
  const extra: Parameters<typeof ok>[3] = { approximate: r.approximate, partialYear: r.partial };
  if (input.baseline !== undefined) extra.improved = improvedOver(r.value, d(input.baseline), input.direction);
  return ok('ratio', part.f, part.text, extra);
}

function rateImprovement(input: ImprovementInput, settings: JudgementSettings): RateResult {
  const r = readActual(input.actual, input.fiscalYear, settings);
  if (!r.ok) return notMeasurable('improvement', r.reason, r.message, r.missingReason);
  const baseline = d(input.baseline);
  const target = d(input.target);
  if (target.equals(baseline)) {
    return notMeasurable('improvement', 'target_equals_baseline', '目標値が基準値と同じため改善率を計算できません（維持の方法を使ってください）');
  }
  const w = Writer.for([r.value, baseline, target], input.unit);
  const gained = r.value.minus(baseline);
  const planned = target.minus(baseline);
  const f = finish(gained.dividedBy(planned).times(HUNDRED), settings);
  const formula = `(${w.n(r.value, r.approximate)} − ${w.n(baseline)}) ÷ (${w.n(target)} − ${w.n(baseline)}) = ${w.n(gained)} ÷ ${w.n(planned)} ${f.tail}`;
  const direction: Direction = planned.isPositive() ? 'up' : 'down';
  return ok('improvement', f, formula, {
    approximate: r.approximate,
    partialYear: r.partial,
    improved: improvedOver(r.value, baseline, direction),
  });
}

/** Straight line from (baseYear, start) to (endYear, end) at `year`, rounded half-up to `places`. */
function proRate(start: Decimal, end: Decimal, elapsed: number, span: number, places: number): Decimal {
  return round(start.plus(end.minus(start).times(elapsed).dividedBy(span)), places);
}

function rateProrated(input: ProratedInput, settings: JudgementSettings): RateResult {
  const baseYear = input.baseline.fiscalYear;
  const targetYear = input.target.fiscalYear;
  assertYear(baseYear, '基準年度');
  assertYear(targetYear, '目標年度');
  if (targetYear <= baseYear) invalid('目標年度が基準年度より後ではありません', 'target year must be after baseline year');
  const compare = input.compare ?? 'ratio';
  const elapsed = Math.min(input.fiscalYear - baseYear, targetYear - baseYear);
  if (elapsed < 0 || (elapsed === 0 && compare === 'improvement')) {
    return notMeasurable(
      'prorated',
      'before_baseline_year',
      `評価年度（${formatFiscalYear(input.fiscalYear)}）が基準年度（${formatFiscalYear(baseYear)}）${elapsed < 0 ? 'より前' : 'と同じ'}のため中間目標を計算できません`,
    );
  }
  const r = readActual(input.actual, input.fiscalYear, settings);
  if (!r.ok) return notMeasurable('prorated', r.reason, r.message, r.missingReason);
  const baseline = d(input.baseline.value);
  const target = d(input.target.value);
  const span = targetYear - baseYear;
  // The expected value is rounded to one more decimal than the inputs, and the rate is computed from
  // that rounded value, so that the formula can be checked by hand.
  const inputPlaces = Math.max(decimalPlaces(baseline), decimalPlaces(target), decimalPlaces(r.value));
  const expected = proRate(baseline, target, elapsed, span, inputPlaces + 1);
  const w = Writer.for([baseline, target, r.value], input.unit);
  const expectedText =
    `期待値 ${w.n(baseline)} + (${w.n(target)} − ${w.n(baseline)}) × ${elapsed} ÷ ${span} = ${w.n(expected)}` +
    `（${formatFiscalYear(baseYear)}→${formatFiscalYear(targetYear)}の${elapsed}年目）`;
  let f: Finished;
  let text: string;
  if (compare === 'ratio') {
    const part = ratioPart('prorated', input.direction, r.value, expected, w, { actual: r.approximate }, settings, '期待値');
    if ('status' in part) return part;
    f = part.f;
    text = part.text;
  } else {
    const gained = r.value.minus(baseline);
    const planned = expected.minus(baseline);
    if (planned.isZero()) {
      return notMeasurable('prorated', 'target_equals_baseline', '期待値が基準値と同じため改善率を計算できません');
    }
    f = finish(gained.dividedBy(planned).times(HUNDRED), settings);
    text = `(${w.n(r.value, r.approximate)} − ${w.n(baseline)}) ÷ (${w.n(expected)} − ${w.n(baseline)}) = ${w.n(gained)} ÷ ${w.n(planned)} ${f.tail}`;
  }
  return ok('prorated', f, `${expectedText}; ${text}`, {
    approximate: r.approximate,
    partialYear: r.partial,
    improved: improvedOver(r.value, baseline, input.direction),
    expected,
  });
}

function distanceToBand(value: Decimal, lower: Decimal, upper: Decimal): Decimal {
  if (value.lessThan(lower)) return lower.minus(value);
  if (value.greaterThan(upper)) return value.minus(upper);
  return ZERO;
}

function rateBand(input: BandInput, settings: JudgementSettings): RateResult {
  const lower = d(input.lower);
  const upper = d(input.upper);
  if (lower.greaterThan(upper)) invalid('維持の範囲の下限が上限より大きくなっています', 'lower bound above upper bound');
  const r = readActual(input.actual, input.fiscalYear, settings);
  if (!r.ok) return notMeasurable('band', r.reason, r.message, r.missingReason);
  const a = r.value;
  const w = Writer.for([a, lower, upper], input.unit);
  const band = lower.equals(upper) ? w.n(lower) : `${w.n(lower)}〜${w.n(upper)}`;
  const extra: Parameters<typeof ok>[3] = { approximate: r.approximate, partialYear: r.partial };
  if (input.baseline !== undefined) {
    const b = d(input.baseline);
    extra.improved = distanceToBand(a, lower, upper).lessThan(distanceToBand(b, lower, upper));
  }
  if (a.greaterThanOrEqualTo(lower) && a.lessThanOrEqualTo(upper)) {
    const f = finish(HUNDRED, settings);
    return ok('band', f, `${w.n(a, r.approximate)} は維持の範囲 ${band} の内 ${f.tail}`, { ...extra, inBand: true });
  }
  // Outside: the ratio to the nearer bound (below: actual ÷ lower; above: upper ÷ actual).
  const below = a.lessThan(lower);
  const part = ratioPart('band', below ? 'up' : 'down', a, below ? lower : upper, w, { actual: r.approximate }, settings, below ? '下限' : '上限');
  if ('status' in part) return part;
  const where = below ? '下限未満' : '上限超過';
  return ok('band', part.f, `${w.n(a, r.approximate)} は維持の範囲 ${band} の外（${where}）: ${part.text}`, { ...extra, inBand: false });
}

function indexObservations(observations: readonly YearObservation[]): Map<number, ObservedInput> {
  const byYear = new Map<number, ObservedInput>();
  for (const o of observations) {
    assertYear(o.fiscalYear, '観測の年度');
    if (byYear.has(o.fiscalYear)) invalid(`${o.fiscalYear}年度の値が重複しています`, `duplicate value for FY${o.fiscalYear}`);
    byYear.set(o.fiscalYear, o.actual);
  }
  return byYear;
}

function rateEveryYear(input: EveryYearInput, settings: JudgementSettings): RateResult {
  assertYear(input.fromFiscalYear, '開始年度');
  if (input.fromFiscalYear > input.fiscalYear) invalid('開始年度が評価年度より後です', 'period starts after the evaluated year');
  if (input.comparator !== 'at_least' && input.comparator !== 'at_most') invalid('比較は以上か以下です', 'comparator must be at_least or at_most');
  const threshold = d(input.threshold);
  const byYear = indexObservations(input.observations);
  const years: YearCheck[] = [];
  const values: Decimal[] = [threshold];
  let approximate = false;
  let partialYear = false;
  for (let year = input.fromFiscalYear; year <= input.fiscalYear; year++) {
    const actual = byYear.get(year);
    if (actual === undefined) {
      years.push({ fiscalYear: year, status: 'missing', missingReason: 'blank' });
      continue;
    }
    const r = readActual(actual, year, settings);
    if (!r.ok) {
      const check: YearCheck = { fiscalYear: year, status: r.reason === 'partial_year' ? 'partial' : 'missing' };
      if (r.missingReason !== undefined) check.missingReason = r.missingReason;
      years.push(check);
      continue;
    }
    values.push(r.value);
    approximate ||= r.approximate;
    partialYear ||= r.partial;
    const met = input.comparator === 'at_least' ? r.value.greaterThanOrEqualTo(threshold) : r.value.lessThanOrEqualTo(threshold);
    years.push({ fiscalYear: year, status: met ? 'met' : 'not_met', value: r.value });
  }
  const metCount = years.filter((y) => y.status === 'met').length;
  const judged = years.filter((y) => y.status === 'met' || y.status === 'not_met').length;
  if (judged === 0) {
    return notMeasurable('every_year', 'no_years', `${formatFiscalYear(input.fromFiscalYear)}〜${formatFiscalYear(input.fiscalYear)}に評価できる実績がないため評価不能です`);
  }
  const w = Writer.for(values, input.unit);
  const word = input.comparator === 'at_least' ? '以上' : '以下';
  const listed = years
    .map((y) => {
      const label = formatFiscalYear(y.fiscalYear);
      if (y.status === 'met') return `${label} ${w.n(y.value ?? ZERO)} ○`;
      if (y.status === 'not_met') return `${label} ${w.n(y.value ?? ZERO)} ×`;
      if (y.status === 'partial') return `${label} 年度途中（除外）`;
      return `${label} ${MISSING_REASON_LABELS[y.missingReason ?? 'blank']}（除外）`;
    })
    .join(', ');
  const f = finish(d(metCount).dividedBy(judged).times(HUNDRED), settings);
  const anyMissed = years.some((y) => y.status === 'not_met');
  const anyUnknown = years.some((y) => y.status === 'missing' || y.status === 'partial');
  return ok('every_year', f, `毎年度 ${w.n(threshold)} ${word}: ${listed} → 達成 ${metCount}/${judged}年度 ${f.tail}`, {
    approximate,
    partialYear,
    met: anyMissed ? false : anyUnknown ? null : true,
    years,
  });
}

function rateCumulative(input: CumulativeInput, settings: JudgementSettings): RateResult {
  assertYear(input.fromFiscalYear, '開始年度');
  if (input.fromFiscalYear > input.fiscalYear) invalid('開始年度が評価年度より後です', 'period starts after the evaluated year');
  const compare = input.compare ?? 'ratio';
  const targetYear = input.targetFiscalYear;
  if (compare === 'prorated') {
    if (targetYear === undefined) invalid('按分するには目標年度が必要です', 'prorated needs targetFiscalYear');
    assertYear(targetYear, '目標年度');
    if (targetYear < input.fromFiscalYear) invalid('目標年度が開始年度より前です', 'target year before start');
  }
  let start: Decimal | null = null;
  let startApproximate = false;
  if (input.startingTotal !== undefined) {
    const observed = toObserved(input.startingTotal);
    if (observed.kind === 'missing') {
      const label = MISSING_REASON_LABELS[observed.reason] ?? observed.reason;
      return notMeasurable('cumulative', 'missing_actual', `累計の起点が「${label}」のため評価不能です`, observed.reason);
    }
    start = observed.value;
    startApproximate = observed.approximate === true;
  }
  const target = d(input.target);
  const byYear = indexObservations(input.observations);
  const years: YearCheck[] = [];
  const gaps: string[] = [];
  const addends: { value: Decimal; approximate: boolean }[] = [];
  let partialYear = false;
  for (let year = input.fromFiscalYear; year <= input.fiscalYear; year++) {
    const actual = byYear.get(year);
    const r = actual === undefined ? null : readActual(actual, year, settings);
    if (r === null || !r.ok) {
      const reason = r === null ? '値なし' : r.reason === 'partial_year' ? '年度途中' : MISSING_REASON_LABELS[r.missingReason ?? 'blank'];
      gaps.push(`${formatFiscalYear(year)}（${reason}）`);
      const check: YearCheck = { fiscalYear: year, status: r !== null && r.reason === 'partial_year' ? 'partial' : 'missing' };
      if (r !== null && r.missingReason !== undefined) check.missingReason = r.missingReason;
      years.push(check);
      continue;
    }
    partialYear ||= r.partial;
    addends.push({ value: r.value, approximate: r.approximate });
    years.push({ fiscalYear: year, status: 'counted', value: r.value });
  }
  if (gaps.length > 0) {
    return notMeasurable('cumulative', 'missing_years', `累計に必要な年度の実績がないため評価不能です: ${gaps.join('、')}`);
  }
  const total = addends.reduce((acc, x) => acc.plus(x.value), start ?? ZERO);
  const approximate = startApproximate || addends.some((x) => x.approximate);
  const w = Writer.for([target, total, ...(start ? [start] : []), ...addends.map((x) => x.value)], input.unit);
  const terms = [...(start ? [w.n(start, startApproximate)] : []), ...addends.map((x) => w.n(x.value, x.approximate))];
  let text = `累計 ${terms.join(' + ')} = ${w.n(total, approximate)}`;
  let compareTo = target;
  let expected: Decimal | undefined;
  if (compare === 'prorated' && targetYear !== undefined) {
    const elapsed = Math.min(input.fiscalYear, targetYear) - input.fromFiscalYear + 1;
    const span = targetYear - input.fromFiscalYear + 1;
    const base = start ?? ZERO;
    const places = Math.max(decimalPlaces(target), decimalPlaces(base)) + 1;
    expected = proRate(base, target, elapsed, span, places);
    compareTo = expected;
    text += `; 按分目標 ${w.n(base, startApproximate)} + (${w.n(target)} − ${w.n(base, startApproximate)}) × ${elapsed} ÷ ${span} = ${w.n(expected)}`;
  }
  const part = ratioPart('cumulative', input.direction, total, compareTo, w, { actual: approximate }, settings, expected ? '按分目標' : '目標値');
  if ('status' in part) return part;
  const extra: Parameters<typeof ok>[3] = { approximate, partialYear, total, years };
  if (expected !== undefined) extra.expected = expected;
  if (input.direction === 'up') extra.improved = total.greaterThan(start ?? ZERO);
  return ok('cumulative', part.f, `${text}; ${part.text}`, extra);
}

/**
 * The achievement rate of one indicator in one fiscal year by the chosen method, with the formula.
 * Missing or partial-year actuals give 評価不能 with the reason. Throws DomainError only for an
 * input that is malformed (unknown method, reversed band, bad settings …).
 */
export function achievementRate(input: RateInput): RateResult {
  if (typeof input !== 'object' || input === null) invalid('入力がありません', 'no input');
  assertYear(input.fiscalYear, '評価年度');
  const settings = resolveSettings(input.settings);
  switch (input.method) {
    case 'ratio':
      if (input.direction !== 'up' && input.direction !== 'down') invalid('方向は上昇か低下です', 'direction must be up or down');
      return rateRatio(input, settings);
    case 'improvement':
      return rateImprovement(input, settings);
    case 'prorated':
      if (input.direction !== 'up' && input.direction !== 'down') invalid('方向は上昇か低下です', 'direction must be up or down');
      return rateProrated(input, settings);
    case 'band':
      return rateBand(input, settings);
    case 'every_year':
      return rateEveryYear(input, settings);
    case 'cumulative':
      if (input.direction !== 'up' && input.direction !== 'down') invalid('方向は上昇か低下です', 'direction must be up or down');
      return rateCumulative(input, settings);
    default: {
      const method: unknown = (input as { method?: unknown }).method;
      return invalid(`評価方法「${String(method)}」は使えません`, `unknown method ${String(method)}`);
    }
  }
}
