// Judges every indicator of a plan that has data in a fiscal year, and the grade distribution
// per 分野 (top-level item) and overall.
import type { Queryable } from '../db/client.js';
import { AppError } from '../errors.js';
import { gradeDistribution, type GradeDistribution } from '../domain/distribution.js';
import { evaluateIndicatorYear, type IndicatorYearEvaluation } from './indicator-year.js';
import { loadPlanJudgementData, type PlanHead, type PlanItemLink, type PlanJudgementData } from './judgement.repository.js';

export interface EvaluatedIndicator extends IndicatorYearEvaluation {
  code: string;
  name: string;
  unit: string | null;
  itemCode: string;
  itemName: string;
  fieldCode: string;
  fieldName: string;
}

export interface PlanEvaluation {
  plan: PlanJudgementData['plan'];
  fiscalYear: number;
  scale: PlanJudgementData['context']['scale'];
  defaultScale: boolean;
  indicators: EvaluatedIndicator[];
  distribution: GradeDistribution;
  distributionByField: { fieldCode: string; fieldName: string; distribution: GradeDistribution }[];
}

export interface EvaluatePlanOptions {
  /** Project each indicator's trend to its target year (default true; a distribution needs none, and it is two thirds of the work). */
  projection?: boolean;
  /** Judge only what the public may see (draft observations left out): the public plan page. */
  publicOnly?: boolean;
  /** The plan's row and items when the caller read them already (judgement.repository.ts). */
  plan?: PlanHead;
  items?: readonly PlanItemLink[];
}

export async function evaluatePlan(db: Queryable, planCode: string, fiscalYear: number, options: EvaluatePlanOptions = {}): Promise<PlanEvaluation> {
  const data = await loadPlanJudgementData(db, planCode, { publicOnly: options.publicOnly ?? false, ...(options.plan ? { plan: options.plan } : {}), ...(options.items ? { items: options.items } : {}) });
  if (!data) throw new AppError('PLAN_NOT_FOUND', { code: planCode });
  const withData = data.indicators.filter((i) => i.observations.some((o) => o.fiscalYear === fiscalYear));
  const evaluated: EvaluatedIndicator[] = withData.map((indicator) => ({
    code: indicator.code,
    name: indicator.name,
    unit: indicator.unit,
    itemCode: indicator.itemCode,
    itemName: indicator.itemName,
    fieldCode: indicator.fieldCode,
    fieldName: indicator.fieldName,
    ...evaluateIndicatorYear(indicator, fiscalYear, data.context, null, options.projection ?? true),
  }));
  const scale = data.context.scale;
  const gradeOf = (e: EvaluatedIndicator) => e.grade?.grade?.code ?? null;
  const fields = [...new Map(evaluated.map((e) => [e.fieldCode, e.fieldName])).entries()];
  return {
    plan: data.plan,
    fiscalYear,
    scale,
    defaultScale: data.defaultScale,
    indicators: evaluated,
    distribution: gradeDistribution(evaluated.map(gradeOf), scale),
    distributionByField: fields.map(([fieldCode, fieldName]) => ({
      fieldCode,
      fieldName,
      distribution: gradeDistribution(evaluated.filter((e) => e.fieldCode === fieldCode).map(gradeOf), scale),
    })),
  };
}
