// One indicator in one fiscal year, end to end: achievement rate → grade on the plan's scale →
// comparison with the department's self-grade → projection. Pure; the caller loads the data.
import type { Decimal } from './decimal.js';
import { achievementRate } from './judgement.js';
import type { Direction, RateInput, RateResult } from './judgement.js';
import { projectTarget } from './projection.js';
import type { Projection, ProjectionMethod, ProjectionPoint } from './projection.js';
import { gradeDisagreement, gradeFor } from './scales.js';
import type { Disagreement, GradeContext, GradeResult, Scale } from './scales.js';

export interface IndicatorEvaluationInput {
  rate: RateInput;
  scale: Scale;
  /** The department's own grade (自己評価), if any. It is compared, never replaced. */
  selfGrade?: string | null;
  gradeContext?: GradeContext;
  projection?: {
    points: readonly ProjectionPoint[];
    target: Decimal;
    direction: Direction;
    method: ProjectionMethod;
    targetFiscalYear?: number;
  };
}

export interface IndicatorEvaluation {
  rate: RateResult;
  grade: GradeResult;
  /** Set when the self-grade differs from the computed grade: flag it for headquarters. */
  disagreement: Disagreement | null;
  projection: Projection | null;
}

export function evaluateIndicator(input: IndicatorEvaluationInput): IndicatorEvaluation {
  const rate = achievementRate(input.rate);
  const grade = gradeFor(input.scale, rate, input.gradeContext ?? {});
  const disagreement = gradeDisagreement(input.scale, grade.grade?.code ?? null, input.selfGrade ?? null);
  const p = input.projection;
  const projection = p
    ? projectTarget(p.points, p.target, p.direction, p.method, p.targetFiscalYear === undefined ? {} : { targetFiscalYear: p.targetFiscalYear })
    : null;
  return { rate, grade, disagreement, projection };
}
