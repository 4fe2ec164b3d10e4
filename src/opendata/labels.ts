// Japanese labels of the stored codes, for open data files, the API and pages. The codes
// themselves are the lists of src/db/schema.ts; every code has exactly one label here.
import type {
  AGGREGATIONS,
  DIRECTIONS,
  OBSERVATION_KINDS,
  RELIST_KINDS,
  ROUND_STATES,
  TARGET_KINDS,
  TARGET_SOURCES,
} from '../db/schema.js';

type LabelsOf<T extends readonly string[]> = Readonly<Record<T[number], string>>;

export const OBSERVATION_KIND_LABELS: LabelsOf<typeof OBSERVATION_KINDS> = { actual: '実績', estimate: '見込', status: '状況' };
export const DIRECTION_LABELS: LabelsOf<typeof DIRECTIONS> = { up: '上昇', down: '低下', maintain: '維持' };
export const AGGREGATION_LABELS: LabelsOf<typeof AGGREGATIONS> = { annual: '単年度', cumulative: '累計' };
export const TARGET_KIND_LABELS: LabelsOf<typeof TARGET_KINDS> = {
  by_year: '年度目標',
  every_year_min: '毎年度（以上）',
  every_year_max: '毎年度（以下）',
  maintain: '維持（幅）',
  percent_change: '基準値からの増減率',
  qualitative: '定性的目標',
};
export const TARGET_SOURCE_LABELS: LabelsOf<typeof TARGET_SOURCES> = {
  this_plan: '本計画',
  action_plan: 'アクションプラン',
  strategic_vision: '戦略ビジョン',
  upper_plan: '上位計画',
  other: 'その他',
};
export const RELIST_KIND_LABELS: LabelsOf<typeof RELIST_KINDS> = { full: '再掲', partial: '一部再掲' };
export const ROUND_STATE_LABELS: LabelsOf<typeof ROUND_STATES> = {
  preparing: '準備',
  entry: '入力中',
  review: '確認中',
  closed: '確定',
  published: '公表',
};

/** The label of a code, or the code itself when a list does not know it (never throws). */
export function labelOf<T extends string>(labels: Readonly<Record<T, string>>, code: string | null | undefined): string {
  if (code === null || code === undefined) return '';
  return (labels as Readonly<Record<string, string>>)[code] ?? code;
}
