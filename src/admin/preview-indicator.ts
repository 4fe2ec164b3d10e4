// What the judgement engine would say about an indicator's existing values with targets or
// settings being edited, before anything is saved: one row per fiscal year that has a value.
// Pure: the same evaluateIndicatorYear the rounds, portal and reports use.
import { evaluateIndicatorYear, type IndicatorData, type PlanJudgementContext } from '../judgement/indicator-year.js';
import { formatPercent } from '../domain/decimal.js';
import { formatFiscalYear } from '../domain/wareki.js';
import { RATE_METHOD_LABELS, type RateMethod } from '../domain/judgement.js';

export interface PreviewRow {
  fiscalYear: number;
  yearLabel: string;
  actual: string;
  target: string;
  method: string;
  /** 89.6% or 評価不能, with how it was calculated. */
  rate: string;
  formula: string;
  grade: string | null;
  gradeLabel: string | null;
  explanation: string;
}

export function previewIndicator(indicator: IndicatorData, context: PlanJudgementContext): PreviewRow[] {
  const years = [...new Set(indicator.observations.map((o) => o.fiscalYear))].sort((a, b) => a - b);
  return years.map((fiscalYear) => {
    const result = evaluateIndicatorYear(indicator, fiscalYear, context);
    const rate = result.rate;
    return {
      fiscalYear,
      yearLabel: formatFiscalYear(fiscalYear, { style: 'both' }),
      actual: result.actual?.text ?? '—',
      target: result.target ? (result.target.text ?? result.target.value ?? '—') : '—',
      method: result.method ? RATE_METHOD_LABELS[result.method as RateMethod] : '—',
      rate: rate === null ? '—' : rate.status === 'ok' ? formatPercent(rate.rate, context.settings.rateDecimals ?? 1) : '評価不能',
      formula: rate === null ? (result.note ?? '') : rate.status === 'ok' ? rate.formula : rate.message,
      grade: result.grade?.grade?.code ?? null,
      gradeLabel: result.grade?.grade?.label ?? null,
      explanation: result.note ?? result.grade?.explanation ?? '',
    };
  });
}
