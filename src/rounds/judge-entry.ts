// The automatic judgement of an entry: per indicator, the achievement rate with its formula
// (domain/judgement.ts) and the grade on the plan's scale (domain/scales.ts); for the item,
// the lowest grade among its indicators. Pure: the caller loads the rows.
import { d } from '../domain/decimal.js';
import { isDomainError } from '../domain/errors.js';
import { evaluateIndicator } from '../domain/evaluate.js';
import { observedFromStored, settingsFromStored, type RateInput, type RateResult, type StoredJudgementSettings, type YearObservation } from '../domain/judgement.js';
import { formatFiscalYear } from '../domain/wareki.js';
import { SCALES, type GradeResult, type Scale } from '../domain/scales.js';
import type { EntryContext, IndicatorRow, ObservationRow, TargetRow } from './rounds.repository.js';

export interface IndicatorJudgement {
  indicatorId: number;
  code: string;
  name: string;
  unit: string | null;
  /** The target judged against, as written. */
  targetText: string | null;
  rate: RateResult | null;
  grade: GradeResult | null;
  /** Why there is no rate (no actual yet, no numeric target …). */
  note: string | null;
}

export interface EntryJudgement {
  scale: Scale;
  /** True when the plan names no scale and the mechanical S/A/B/C/− scale is used. */
  defaultScale: boolean;
  indicators: IndicatorJudgement[];
  /** The item's computed grade: the lowest graded result among its indicators, or null. */
  grade: string | null;
  explanation: string;
}

export function scaleOf(context: Pick<EntryContext, 'scale'>): { scale: Scale; defaultScale: boolean } {
  if (!context.scale) return { scale: SCALES['mechanical-sabc'], defaultScale: true };
  const s = context.scale;
  return { scale: { id: s.code, name: s.name, description: s.description ?? '', grades: s.grades, rule: s.rule }, defaultScale: false };
}

function actualOf(rows: readonly ObservationRow[], fiscalYear: number): ObservationRow | undefined {
  return rows.find((o) => o.fiscalYear === fiscalYear && o.kind === 'actual');
}

function pickTarget(targets: readonly TargetRow[], fiscalYear: number): TargetRow | undefined {
  const numeric = targets.filter((t) => t.kind !== 'qualitative');
  const own = numeric.filter((t) => t.setBy === 'this_plan');
  for (const list of [own, numeric]) {
    const periodic = list.find((t) => t.kind === 'every_year_min' || t.kind === 'every_year_max' || t.kind === 'maintain');
    if (periodic) return periodic;
    const ahead = list.filter((t) => t.fiscalYear !== null && t.fiscalYear >= fiscalYear).sort((a, b) => (a.fiscalYear ?? 0) - (b.fiscalYear ?? 0));
    if (ahead[0]) return ahead[0];
    const latest = [...list].sort((a, b) => (b.fiscalYear ?? 0) - (a.fiscalYear ?? 0));
    if (latest[0]) return latest[0];
  }
  return undefined;
}

function targetValue(target: TargetRow, indicator: IndicatorRow): string | null {
  if (target.value !== null) return target.value;
  if (target.kind === 'percent_change' && target.changePercent !== null && indicator.baselineValue !== null) {
    return d(indicator.baselineValue).times(d(100).plus(d(target.changePercent))).dividedBy(100).toString();
  }
  return null;
}

function rateInput(
  indicator: IndicatorRow,
  target: TargetRow,
  rows: readonly ObservationRow[],
  fiscalYear: number,
  plan: EntryContext['plan'],
): RateInput | string {
  const settings = settingsFromStored(plan.settings as StoredJudgementSettings);
  const unit = indicator.unit ?? undefined;
  const common = { fiscalYear, settings, ...(unit ? { unit } : {}) };
  if (target.kind === 'every_year_min' || target.kind === 'every_year_max') {
    const value = targetValue(target, indicator);
    if (value === null) return '目標値がありません';
    const from = plan.periodStartFy;
    const years: YearObservation[] = rows
      .filter((o) => o.kind === 'actual' && o.fiscalYear >= from && o.fiscalYear <= fiscalYear)
      .map((o) => ({ fiscalYear: o.fiscalYear, actual: observedFromStored(o) }));
    return { ...common, method: 'every_year', comparator: target.kind === 'every_year_min' ? 'at_least' : 'at_most', threshold: d(value), fromFiscalYear: from, observations: years };
  }
  const actualRow = actualOf(rows, fiscalYear);
  if (!actualRow) return `${formatFiscalYear(fiscalYear)}の実績が未入力です`;
  const actual = observedFromStored(actualRow);
  if (target.kind === 'maintain' && target.bandLow !== null && target.bandHigh !== null) {
    return { ...common, method: 'band', actual, lower: d(target.bandLow), upper: d(target.bandHigh) };
  }
  const value = targetValue(target, indicator);
  if (value === null) return '目標値がありません';
  const method = indicator.rateMethod ?? plan.settings.rateMethod ?? 'ratio';
  const direction = indicator.direction === 'down' ? 'down' : 'up';
  const baseline = indicator.baselineValue;
  if (method === 'improvement' && baseline !== null) {
    return { ...common, method: 'improvement', actual, baseline: d(baseline), target: d(value) };
  }
  if (method === 'prorated' && baseline !== null && indicator.baselineFy !== null && target.fiscalYear !== null) {
    return { ...common, method: 'prorated', direction, actual, baseline: { fiscalYear: indicator.baselineFy, value: d(baseline) }, target: { fiscalYear: target.fiscalYear, value: d(value) } };
  }
  return { ...common, method: 'ratio', direction, actual, target: d(value), ...(baseline !== null ? { baseline: d(baseline) } : {}) };
}

export function judgeEntry(context: EntryContext): EntryJudgement {
  const { scale, defaultScale } = scaleOf(context);
  const fiscalYear = context.round.fiscalYear;
  const results: IndicatorJudgement[] = context.indicators.map(({ indicator, targets, observations }) => {
    const base = { indicatorId: indicator.id, code: indicator.code, name: indicator.name, unit: indicator.unit };
    const target = pickTarget(targets, fiscalYear);
    if (!target) return { ...base, targetText: null, rate: null, grade: null, note: '数値目標がないため自動判定しません' };
    const targetText = target.text ?? (target.value ? `${target.value}${indicator.unit ?? ''}` : null);
    try {
      const input = rateInput(indicator, target, observations, fiscalYear, context.plan);
      if (typeof input === 'string') return { ...base, targetText, rate: null, grade: null, note: input };
      const result = evaluateIndicator({ rate: input, scale });
      return { ...base, targetText, rate: result.rate, grade: result.grade, note: null };
    } catch (error) {
      if (isDomainError(error)) return { ...base, targetText, rate: null, grade: null, note: error.message };
      throw error;
    }
  });
  const order = scale.grades.map((g) => g.code);
  const graded = results.flatMap((r) => (r.grade?.grade && r.grade.grade.kind === 'graded' ? [r.grade.grade.code] : []));
  const worst = graded.sort((a, b) => order.indexOf(b) - order.indexOf(a))[0] ?? null;
  const explanation = scale.rule.type === 'manual'
    ? `${scale.name}は担当課の判断による評価です（自動判定なし）`
    : worst === null
      ? '判定できる指標がありません'
      : graded.length === 1
        ? `指標の判定 → ${worst}`
        : `${graded.length}指標の判定のうち最も低いもの → ${worst}`;
  return { scale, defaultScale, indicators: results, grade: worst, explanation };
}
