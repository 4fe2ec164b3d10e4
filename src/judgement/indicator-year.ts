// One indicator in one fiscal year, from stored rows to a judgement: which observation is the
// actual, which target it is judged against, which method, and then the domain library's rate,
// grade and projection. Pure (no I/O): the repository loads the rows, reports and pages call this.
import { d, type Decimal } from '../domain/decimal.js';
import { evaluateIndicator } from '../domain/evaluate.js';
import {
  observedFromStored,
  settingsFromStored,
  type Direction,
  type RateInput,
  type RateMethod,
  type RateResult,
  type YearObservation,
} from '../domain/judgement.js';
import type { Projection, ProjectionMethod } from '../domain/projection.js';
import type { GradeResult, Scale } from '../domain/scales.js';
import type { PlanSettings } from '../db/schema.js';

export interface StoredTarget {
  kind: string;
  fiscalYear: number | null;
  value: string | null;
  bandLow: string | null;
  bandHigh: string | null;
  text: string | null;
  setBy: string;
  setByName: string | null;
}

export interface StoredObservationRow {
  fiscalYear: number;
  kind: string; // actual / estimate / status
  value: string | null;
  text: string;
  approximate: boolean;
  asOf: string | null;
  missingReason: string | null;
}

export interface IndicatorData {
  code: string;
  name: string;
  unit: string | null;
  direction: string; // up / down / maintain
  aggregation: string; // annual / cumulative
  rateMethod: string | null;
  baselineValue: string | null;
  baselineFy: number | null;
  targets: StoredTarget[];
  observations: StoredObservationRow[];
}

export interface PlanJudgementContext {
  periodStartFy: number;
  settings: PlanSettings;
  scale: Scale;
}

export interface IndicatorYearEvaluation {
  fiscalYear: number;
  /** The observation judged as the year's value (実績, else 見込, else 状況), if any. */
  actual: StoredObservationRow | null;
  /** The target it is judged against, if any. */
  target: StoredTarget | null;
  method: RateMethod | null;
  rate: RateResult | null;
  grade: GradeResult | null;
  projection: Projection | null;
  /** Why there is no rate at all (no target, a qualitative target …), in Japanese. */
  note: string | null;
}

const OBSERVATION_PREFERENCE = ['actual', 'estimate', 'status'];

/** The observation that stands for the year: 実績 before 見込 before 状況. */
export function observationOfYear(observations: readonly StoredObservationRow[], fiscalYear: number): StoredObservationRow | null {
  for (const kind of OBSERVATION_PREFERENCE) {
    const found = observations.find((o) => o.fiscalYear === fiscalYear && o.kind === kind);
    if (found) return found;
  }
  return null;
}

/**
 * The target a year is judged against: a standing target (every year ≥/≤, maintain) first; else
 * the nearest horizon at or after the year set by this plan (the plan's own 目標), else the
 * nearest horizon of any plan; a year after every horizon is judged against the last one.
 */
export function targetForYear(targets: readonly StoredTarget[], fiscalYear: number): StoredTarget | null {
  const standing = targets.find((t) => ['every_year_min', 'every_year_max', 'maintain'].includes(t.kind) && (t.value !== null || t.bandLow !== null));
  if (standing) return standing;
  const dated = targets.filter((t) => (t.kind === 'by_year' || t.kind === 'percent_change') && t.value !== null && t.fiscalYear !== null);
  const pick = (list: StoredTarget[]) => {
    const ahead = list.filter((t) => (t.fiscalYear ?? 0) >= fiscalYear).sort((a, b) => (a.fiscalYear ?? 0) - (b.fiscalYear ?? 0));
    if (ahead[0]) return ahead[0];
    return [...list].sort((a, b) => (b.fiscalYear ?? 0) - (a.fiscalYear ?? 0))[0] ?? null;
  };
  return pick(dated.filter((t) => t.setBy === 'this_plan')) ?? pick(dated);
}

function yearObservations(observations: readonly StoredObservationRow[], upTo: number): YearObservation[] {
  const years = [...new Set(observations.map((o) => o.fiscalYear))].filter((y) => y <= upTo).sort((a, b) => a - b);
  const result: YearObservation[] = [];
  for (const fiscalYear of years) {
    const row = observationOfYear(observations, fiscalYear);
    if (row) result.push({ fiscalYear, actual: observedFromStored(row) });
  }
  return result;
}

/** Builds the judgement engine's input, or says in Japanese why there is nothing to judge. */
export function rateInputFor(
  indicator: IndicatorData,
  fiscalYear: number,
  plan: PlanJudgementContext,
): { input: RateInput; target: StoredTarget; actual: StoredObservationRow | null } | { note: string; target: StoredTarget | null } {
  const target = targetForYear(indicator.targets, fiscalYear);
  if (!target) {
    const qualitative = indicator.targets.find((t) => t.kind === 'qualitative');
    return { note: qualitative ? '数値で示された目標がありません（定性的な目標）' : '目標値が設定されていません', target: qualitative ?? null };
  }
  const settings = settingsFromStored(plan.settings);
  const actual = observationOfYear(indicator.observations, fiscalYear);
  const unit = indicator.unit ?? undefined;
  const common = { fiscalYear, settings, ...(unit ? { unit } : {}) };
  const direction: Direction = indicator.direction === 'down' ? 'down' : 'up';
  const observed = () => (actual ? observedFromStored(actual) : ({ kind: 'missing', reason: 'blank' } as const));

  if (target.kind === 'every_year_min' || target.kind === 'every_year_max') {
    return {
      target,
      actual,
      input: {
        ...common,
        method: 'every_year',
        comparator: target.kind === 'every_year_min' ? 'at_least' : 'at_most',
        threshold: d(target.value ?? '0'),
        fromFiscalYear: Math.min(plan.periodStartFy, fiscalYear),
        observations: yearObservations(indicator.observations, fiscalYear),
      },
    };
  }
  if (target.kind === 'maintain') {
    const low = target.bandLow ?? target.value;
    const high = target.bandHigh ?? target.value;
    if (low === null || high === null) return { note: '維持の範囲が設定されていません', target };
    return {
      target,
      actual,
      input: { ...common, method: 'band', actual: observed(), lower: d(low), upper: d(high), ...(indicator.baselineValue !== null ? { baseline: d(indicator.baselineValue) } : {}) },
    };
  }
  const targetValue = d(target.value ?? '0');
  const method = (indicator.rateMethod ?? plan.settings.rateMethod ?? 'ratio') as RateMethod;
  const baseline = indicator.baselineValue !== null ? d(indicator.baselineValue) : undefined;
  switch (method) {
    case 'improvement':
      if (!baseline) return { note: '基準値がないため改善率を計算できません', target };
      return { target, actual, input: { ...common, method, actual: observed(), baseline, target: targetValue } };
    case 'prorated':
      if (!baseline || indicator.baselineFy === null || target.fiscalYear === null) return { note: '基準値・基準年度がないため按分できません', target };
      return {
        target,
        actual,
        input: {
          ...common,
          method,
          direction,
          actual: observed(),
          baseline: { fiscalYear: indicator.baselineFy, value: baseline },
          target: { fiscalYear: target.fiscalYear, value: targetValue },
        },
      };
    case 'cumulative':
      // the total counts from the plan's first year: a year before it has none to judge
      if (fiscalYear < plan.periodStartFy) return { note: '累計は計画の初年度から数えるため、計画期間より前の年度は評価しません', target };
      return {
        target,
        actual,
        input: {
          ...common,
          method,
          direction,
          fromFiscalYear: plan.periodStartFy,
          observations: yearObservations(indicator.observations, fiscalYear),
          target: targetValue,
          ...(target.fiscalYear !== null ? { targetFiscalYear: target.fiscalYear } : {}),
        },
      };
    default:
      // ratio (the default), and methods that make no sense for a dated target fall back to it
      return { target, actual, input: { ...common, method: 'ratio', direction, actual: observed(), target: targetValue, ...(baseline ? { baseline } : {}) } };
  }
}

/**
 * The indicator's rate and grade for the fiscal year, and (unless `withProjection` is false: a
 * distribution of grades needs none) the projection of its trend to the target year.
 */
export function evaluateIndicatorYear(indicator: IndicatorData, fiscalYear: number, plan: PlanJudgementContext, selfGrade?: string | null, withProjection = true): IndicatorYearEvaluation {
  const built = rateInputFor(indicator, fiscalYear, plan);
  const actual = observationOfYear(indicator.observations, fiscalYear);
  if ('note' in built) {
    return { fiscalYear, actual, target: built.target, method: null, rate: null, grade: null, projection: null, note: built.note };
  }
  const projectionMethod: ProjectionMethod = plan.settings.projectionMethod ?? 'least_squares';
  const projectable = withProjection && built.target.value !== null && built.target.kind !== 'maintain' && indicator.direction !== 'maintain';
  const result = evaluateIndicator({
    rate: built.input,
    scale: plan.scale,
    selfGrade: selfGrade ?? null,
    ...(projectable
      ? {
          projection: {
            points: indicator.observations
              .filter((o) => o.kind === 'actual' && o.value !== null && o.fiscalYear <= fiscalYear)
              .map((o) => ({ fiscalYear: o.fiscalYear, value: d(o.value ?? '0') })),
            target: d(built.target.value ?? '0') as Decimal,
            direction: (indicator.direction === 'down' ? 'down' : 'up') satisfies Direction,
            method: projectionMethod,
            ...(built.target.fiscalYear !== null ? { targetFiscalYear: built.target.fiscalYear } : {}),
          },
        }
      : {}),
  });
  // the baseline year (and before) is where progress is measured from: shown, never graded
  const baselineYear = indicator.baselineFy !== null && fiscalYear <= indicator.baselineFy;
  return {
    fiscalYear,
    actual,
    target: built.target,
    method: built.input.method,
    rate: result.rate,
    grade: baselineYear ? null : result.grade,
    projection: result.projection,
    note: baselineYear ? '基準年度の値です（評価の対象外）' : null,
  };
}
