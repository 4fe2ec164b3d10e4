// 評価尺度 (evaluation scales) as data: named grades with labels and colours, and a rule that maps
// an achievement rate to a grade, or says the grade is people's choice (manual).
//
// Rates in a rule are decimal strings (JSON-friendly, stored as written): { grade: 'A', minRate: '100' }.
import { z } from 'zod';
import { d, formatPercent } from './decimal.js';
import type { Decimal } from './decimal.js';
import { DomainError } from './errors.js';
import type { RateResult } from './judgement.js';

export interface Grade {
  /** Stored code: 'A', 'S', '−', '評価不能', … */
  code: string;
  /** Text shown with the code: 着実に進捗した. */
  label: string;
  description: string;
  /** Colour for charts (hex); the label is always shown too, never colour alone. */
  color: string;
  /** graded = a step of the scale; not_measurable = 評価不能 / −; not_implemented = 未実施. */
  kind: 'graded' | 'not_measurable' | 'not_implemented';
}

export interface ThresholdStep {
  grade: string;
  /** The (rounded) rate must be at least this many percent. */
  minRate: string;
}

export type ScaleRule =
  /** People's choice only (the department's self-check); no grade is computed. */
  | { type: 'manual' }
  | {
      type: 'thresholds';
      /** Highest first; the first step whose minRate the rate reaches gives the grade. */
      steps: ThresholdStep[];
      /**
       * Grade below the lowest step: a code, or split by whether the actual improved on the
       * baseline (mechanical S/A/B/C/−).
       */
      below: string | { improved: string; notImproved: string };
      /** Grade when the rate is 評価不能 (null = no grade). */
      notMeasurable: string | null;
      /** Grade when the work was not carried out (missing reason 未実施), if the scale has one. */
      notImplemented?: string | null;
    };

export interface Scale {
  id: string;
  name: string;
  description: string;
  /** Best first. */
  grades: Grade[];
  rule: ScaleRule;
}

// ---------------------------------------------------------------------------------------------
// Shipped scales

/**
 * 仙台市 協働まちづくり推進プラン: 担当部局 check their 事業 and give A (着実に進捗した) / B / C
 * (進捗が遅れている). The grade is the department's judgement, so the rule is manual; the plan does not
 * word B.
 */
const SENDAI_ABC: Scale = {
  id: 'sendai-abc',
  name: '仙台市 A・B・C（3段階）',
  description: '担当部局が進捗状況を点検し、目標を定めた事業をA・B・Cの3段階で評価する（人の判断）。',
  grades: [
    { code: 'A', label: '着実に進捗した', description: '着実に進捗した', color: '#0031D8', kind: 'graded' },
    { code: 'B', label: 'B', description: 'AとCの間（計画書に文言の記載なし）', color: '#259D63', kind: 'graded' },
    { code: 'C', label: '進捗が遅れている', description: '進捗が遅れている', color: '#EC0000', kind: 'graded' },
  ],
  rule: { type: 'manual' },
};

/**
 * Mechanical S/A/B/C/− from the baseline and the target. `rate` is the indicator's achievement rate
 * by its method (ratio unless the plan chooses another), rounded as the plan's settings say, and the
 * rule reads that rounded number, so the printed rate and the grade never disagree:
 *
 *   S  rate ≥ 110.0%                                   (10% or more beyond the target)
 *   A  100.0% ≤ rate < 110.0%                          (target reached)
 *   B  rate < 100.0% and the actual improved on the baseline
 *        (上昇: actual > baseline; 低下: actual < baseline; 維持: nearer the band than the baseline)
 *   C  rate < 100.0% and the actual did not improve (equal to or worse than the baseline)
 *   −  評価不能: no actual (今後調査, —, 未集計 …), a partial-year figure, a rate that cannot be
 *        computed, or rate < 100.0% with no baseline to compare with.
 */
const MECHANICAL_SABC: Scale = {
  id: 'mechanical-sabc',
  name: '機械判定 S・A・B・C・−',
  description: 'S: 達成率110%以上 / A: 100%以上110%未満 / B: 100%未満で基準値から改善 / C: 100%未満で改善なし / −: 評価不能',
  grades: [
    { code: 'S', label: '目標を大きく上回った', description: '達成率110%以上', color: '#00118F', kind: 'graded' },
    { code: 'A', label: '目標を達成した', description: '達成率100%以上110%未満', color: '#0031D8', kind: 'graded' },
    { code: 'B', label: '基準値から改善した', description: '達成率100%未満、基準値から改善', color: '#259D63', kind: 'graded' },
    { code: 'C', label: '基準値から改善していない', description: '達成率100%未満、基準値から改善なし', color: '#EC0000', kind: 'graded' },
    { code: '−', label: '評価不能', description: '実績なし・年度途中・計算不能・基準値なし', color: '#767676', kind: 'not_measurable' },
  ],
  rule: {
    type: 'thresholds',
    steps: [
      { grade: 'S', minRate: '110' },
      { grade: 'A', minRate: '100' },
    ],
    below: { improved: 'B', notImproved: 'C' },
    notMeasurable: '−',
  },
};

/**
 * Five steps by the rate, plus 評価不能 and 未実施:
 *   A ≥ 100% / B ≥ 80% / C ≥ 60% / D ≥ 40% / E < 40%; 評価不能 when no rate; 未実施 when the
 *   observation is 未実施 (not carried out).
 */
const FIVE_STEP: Scale = {
  id: 'five-step',
  name: '5段階（評価不能・未実施あり）',
  description: 'A: 100%以上 / B: 80%以上 / C: 60%以上 / D: 40%以上 / E: 40%未満 / 評価不能 / 未実施',
  grades: [
    { code: 'A', label: '目標達成', description: '達成率100%以上', color: '#0031D8', kind: 'graded' },
    { code: 'B', label: '概ね達成', description: '達成率80%以上100%未満', color: '#259D63', kind: 'graded' },
    { code: 'C', label: '一定の進捗', description: '達成率60%以上80%未満', color: '#B78F00', kind: 'graded' },
    { code: 'D', label: '進捗が遅れている', description: '達成率40%以上60%未満', color: '#E25100', kind: 'graded' },
    { code: 'E', label: '大幅に遅れている', description: '達成率40%未満', color: '#EC0000', kind: 'graded' },
    { code: '評価不能', label: '評価不能', description: '実績なし・年度途中・計算不能', color: '#767676', kind: 'not_measurable' },
    { code: '未実施', label: '未実施', description: '事業を実施していない', color: '#333333', kind: 'not_implemented' },
  ],
  rule: {
    type: 'thresholds',
    steps: [
      { grade: 'A', minRate: '100' },
      { grade: 'B', minRate: '80' },
      { grade: 'C', minRate: '60' },
      { grade: 'D', minRate: '40' },
    ],
    below: 'E',
    notMeasurable: '評価不能',
    notImplemented: '未実施',
  },
};

export type ShippedScaleId = 'sendai-abc' | 'mechanical-sabc' | 'five-step';

export const SCALES: Readonly<Record<ShippedScaleId, Scale>> = {
  'sendai-abc': SENDAI_ABC,
  'mechanical-sabc': MECHANICAL_SABC,
  'five-step': FIVE_STEP,
};

// ---------------------------------------------------------------------------------------------
// Custom scales

const decimalString = z.string().regex(/^-?\d+(\.\d+)?$/, '達成率は半角の数値で書いてください');
const gradeSchema = z.object({
  code: z.string().min(1).max(20),
  label: z.string().min(1).max(100),
  description: z.string().max(500).default(''),
  color: z.string().regex(/^#[0-9A-Fa-f]{6}$/, '色は #RRGGBB で書いてください'),
  kind: z.enum(['graded', 'not_measurable', 'not_implemented']).default('graded'),
});
const ruleSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('manual') }),
  z.object({
    type: z.literal('thresholds'),
    steps: z.array(z.object({ grade: z.string(), minRate: decimalString })).min(1),
    below: z.union([z.string(), z.object({ improved: z.string(), notImproved: z.string() })]),
    notMeasurable: z.string().nullable(),
    notImplemented: z.string().nullable().optional(),
  }),
]);
const scaleSchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'idは半角英小文字・数字・ハイフンで書いてください'),
  name: z.string().min(1).max(100),
  description: z.string().max(1000).default(''),
  grades: z.array(gradeSchema).min(1),
  rule: ruleSchema,
});

function scaleInvalid(reason: string, reasonEn: string): never {
  throw new DomainError('SCALE_INVALID', { reason, reasonEn });
}

/**
 * Validate a scale defined by a plan (JSON from the database or an import) and return it typed.
 * Checks codes are unique, the rule refers to existing grades, and steps descend.
 * Throws DomainError('SCALE_INVALID').
 */
export function defineScale(input: unknown): Scale {
  const parsed = scaleSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue ? issue.path.join('.') : '';
    scaleInvalid(`${where}: ${issue?.message ?? '形式が正しくありません'}`, `${where}: ${issue?.message ?? 'invalid'}`);
  }
  const scale: Scale = parsed.data as Scale;
  const codes = new Set<string>();
  for (const g of scale.grades) {
    if (codes.has(g.code)) scaleInvalid(`評価「${g.code}」が重複しています`, `duplicate grade ${g.code}`);
    codes.add(g.code);
  }
  const rule = scale.rule;
  if (rule.type === 'thresholds') {
    const referenced = [
      ...rule.steps.map((s) => s.grade),
      ...(typeof rule.below === 'string' ? [rule.below] : [rule.below.improved, rule.below.notImproved]),
      ...(rule.notMeasurable === null ? [] : [rule.notMeasurable]),
      ...(rule.notImplemented == null ? [] : [rule.notImplemented]),
    ];
    for (const code of referenced) {
      if (!codes.has(code)) scaleInvalid(`規則が存在しない評価「${code}」を指しています`, `rule refers to unknown grade ${code}`);
    }
    for (let i = 1; i < rule.steps.length; i++) {
      const prev = rule.steps[i - 1];
      const cur = rule.steps[i];
      if (prev && cur && !d(cur.minRate).lessThan(d(prev.minRate))) {
        scaleInvalid('達成率のしきい値は高い順に、重複なく並べてください', 'thresholds must strictly descend');
      }
    }
  }
  return scale;
}

// ---------------------------------------------------------------------------------------------
// Grading

export function findGrade(scale: Scale, code: string): Grade {
  const grade = scale.grades.find((g) => g.code === code);
  if (!grade) throw new DomainError('GRADE_UNKNOWN', { grade: code, scale: scale.id });
  return grade;
}

export interface GradeResult {
  /** null when the scale is manual or has no grade for 評価不能. */
  grade: Grade | null;
  basis: 'rate' | 'baseline' | 'manual' | 'not_measurable' | 'not_implemented';
  /** Japanese: '89.6% < 100.0%、基準値から改善していない → C'. */
  explanation: string;
}

export interface GradeContext {
  /** Whether the actual improved on the baseline, when the rate result does not say. */
  improved?: boolean;
  /** The observation was 未実施 (not carried out). */
  notImplemented?: boolean;
}

/**
 * The grade a rate result gets under a scale's rule, with a one-line explanation. For a manual
 * scale the grade is null (people choose it; compare with gradeDisagreement).
 */
export function gradeFor(scale: Scale, result: RateResult, context: GradeContext = {}): GradeResult {
  const rule = scale.rule;
  if (rule.type === 'manual') {
    return { grade: null, basis: 'manual', explanation: `${scale.name}は担当課の判断による評価です（自動判定なし）` };
  }
  if (result.status === 'not_measurable') {
    const notImplemented = context.notImplemented === true || result.missingReason === 'not_implemented';
    if (notImplemented && rule.notImplemented) {
      return { grade: findGrade(scale, rule.notImplemented), basis: 'not_implemented', explanation: `未実施 → ${rule.notImplemented}` };
    }
    const grade = rule.notMeasurable === null ? null : findGrade(scale, rule.notMeasurable);
    return { grade, basis: 'not_measurable', explanation: `評価不能（${result.message}）${grade ? ` → ${grade.code}` : ''}` };
  }
  const rate = d(result.rate);
  const shown = (x: Decimal): string => formatPercent(x, Math.max(1, x.decimalPlaces(), rate.decimalPlaces()));
  for (const step of rule.steps) {
    const min = d(step.minRate);
    if (rate.greaterThanOrEqualTo(min)) {
      return { grade: findGrade(scale, step.grade), basis: 'rate', explanation: `${shown(rate)} ≧ ${shown(min)} → ${step.grade}` };
    }
  }
  const lowest = rule.steps[rule.steps.length - 1];
  const below = lowest ? `${shown(rate)} < ${shown(d(lowest.minRate))}` : shown(rate);
  if (typeof rule.below === 'string') {
    return { grade: findGrade(scale, rule.below), basis: 'rate', explanation: `${below} → ${rule.below}` };
  }
  const improved = result.improved ?? context.improved;
  if (improved === undefined) {
    const grade = rule.notMeasurable === null ? null : findGrade(scale, rule.notMeasurable);
    return {
      grade,
      basis: 'not_measurable',
      explanation: `${below}、基準値がないため改善の有無を判定できません${grade ? ` → ${grade.code}` : ''}`,
    };
  }
  const code = improved ? rule.below.improved : rule.below.notImproved;
  return {
    grade: findGrade(scale, code),
    basis: 'baseline',
    explanation: `${below}、基準値から${improved ? '改善' : '改善していない'} → ${code}`,
  };
}

export interface Disagreement {
  computed: string;
  self: string;
  /** By the scale's order (best first); null when either grade is not a graded step. */
  direction: 'self_higher' | 'self_lower' | null;
}

/**
 * Compare the department's self-grade (自己評価) with the computed grade. Returns null when they
 * agree or either is absent; otherwise the disagreement to flag for headquarters (never overwrite).
 */
export function gradeDisagreement(scale: Scale, computed: string | null, self: string | null): Disagreement | null {
  if (computed === null || self === null) return null;
  const c = findGrade(scale, computed);
  const s = findGrade(scale, self);
  if (c.code === s.code) return null;
  const steps = scale.grades.filter((g) => g.kind === 'graded');
  const ci = steps.indexOf(c);
  const si = steps.indexOf(s);
  const direction = ci < 0 || si < 0 ? null : si < ci ? 'self_higher' : 'self_lower';
  return { computed: c.code, self: s.code, direction };
}
