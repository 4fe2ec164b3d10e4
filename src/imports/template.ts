// The spreadsheet template: its sheets, their columns (Japanese headers, English aliases) and the
// words written in its cells. One definition serves the reader, the validator and the writer, so
// what `shinchoku export` writes is exactly what `shinchoku import` reads.
import type { MissingReason } from '../domain/numbers.js';
import type { AGGREGATIONS, DIRECTIONS, OBSERVATION_KINDS, TARGET_KINDS, TARGET_SOURCES } from '../db/schema.js';

export interface ColumnDefinition {
  /** Key used in code. */
  key: string;
  /** Header as written in the template. */
  ja: string;
  /** Other headers accepted on import (English, case-insensitive). */
  aliases: readonly string[];
  required: boolean;
  /** Column width in the written workbook. */
  width: number;
}

const column = <K extends string>(key: K, ja: string, aliases: string[], required: boolean, width = 14): ColumnDefinition & { key: K } => ({ key, ja, aliases, required, width });

/** 計画: one row per field (項目 | 値); needed only to create a plan that does not exist yet. */
export const PLAN_SHEET = '計画';
/** 施策: one row per plan item. */
export const ITEMS_SHEET = '施策';
/** 指標: long format, one value per row. */
export const INDICATORS_SHEET = '指標';
/** 評価: one row per item and fiscal year (an entry of a round: self-grade and narratives). */
export const ENTRIES_SHEET = '評価';
/** Hidden: the stable codes of every exported row, so a row still matches after its code cell is edited. */
export const KEYS_SHEET = '_codes';

export const ITEM_COLUMNS = [
  column('plan', '計画コード', ['plan', 'plan code', 'plan_code'], true, 14),
  column('code', 'コード', ['code', 'item code', 'item_code'], true, 14),
  column('parent', '親コード', ['parent', 'parent code', 'parent_code'], false, 12),
  column('level', '階層', ['level'], false, 10),
  column('name', '名称', ['name'], true, 40),
  column('description', '説明', ['description'], false, 50),
  column('departments', '担当課', ['departments', 'department', 'owner'], false, 30),
  column('priority', '重点', ['priority'], false, 6),
  column('isNew', '新規', ['new', 'is new'], false, 6),
  column('relistOf', '再掲元コード', ['relist of', 'relist_of', 'relisted from'], false, 12),
  column('numericTarget', '数値目標', ['numeric target', 'numeric_target', 'target text'], false, 40),
  column('tags', 'タグ', ['tags'], false, 16),
] as const;

export const INDICATOR_COLUMNS = [
  column('plan', '計画コード', ['plan', 'plan code', 'plan_code'], true, 14),
  column('item', '施策コード', ['item', 'item code', 'item_code'], true, 12),
  column('code', '指標コード', ['indicator', 'indicator code', 'indicator_code', 'code'], true, 14),
  column('name', '指標名', ['indicator name', 'name'], false, 36),
  column('unit', '単位', ['unit'], false, 8),
  column('direction', '方向', ['direction'], false, 8),
  column('aggregation', '集計', ['aggregation'], false, 8),
  column('kind', '区分', ['kind'], false, 8),
  column('setBy', '目標設定計画', ['set by', 'set_by', 'target source'], false, 20),
  column('fiscalYear', '年度', ['fiscal year', 'fiscal_year', 'year'], false, 12),
  column('value', '値', ['value', 'text'], false, 18),
  column('number', '数値', ['number', 'numeric value'], false, 14),
  column('targetKind', '目標の種類', ['target kind', 'target_kind'], false, 12),
  column('asOf', '時点', ['as of', 'as_of'], false, 12),
  column('note', '備考', ['note', 'notes'], false, 30),
] as const;

export const ENTRY_COLUMNS = [
  column('plan', '計画コード', ['plan', 'plan code', 'plan_code'], true, 14),
  column('fiscalYear', '年度', ['fiscal year', 'fiscal_year', 'year'], true, 12),
  column('item', '施策コード', ['item', 'item code', 'item_code'], true, 12),
  column('itemName', '施策名', ['item name'], false, 36),
  column('selfGrade', '自己評価', ['self grade', 'self_grade', 'grade'], false, 10),
  column('results', '取組結果', ['results'], false, 50),
  column('plans', '取組計画', ['plans', 'next year'], false, 50),
  column('issues', '課題・今後に向けて', ['issues'], false, 50),
] as const;

export type ItemColumn = (typeof ITEM_COLUMNS)[number]['key'];
export type IndicatorColumn = (typeof INDICATOR_COLUMNS)[number]['key'];
export type EntryColumn = (typeof ENTRY_COLUMNS)[number]['key'];

/** The 計画 sheet: 項目 → key. */
export const PLAN_FIELDS = [
  column('code', '計画コード', ['plan code', 'code'], true),
  column('title', '計画名', ['title'], true),
  column('shortTitle', '略称', ['short title'], false),
  column('organisationCode', '団体コード', ['organisation code', 'organization code'], true),
  column('organisationName', '団体名', ['organisation', 'organization'], true),
  column('period', '計画期間', ['period'], true),
  column('levelNames', '階層名', ['level names'], false),
  column('scale', '評価尺度', ['scale'], false),
  column('upperPlans', '上位計画', ['upper plans'], false),
  column('sdgGoals', 'SDGs', ['sdgs', 'sdg goals'], false),
] as const;
export type PlanField = (typeof PLAN_FIELDS)[number]['key'];

export type Direction = (typeof DIRECTIONS)[number];
export type Aggregation = (typeof AGGREGATIONS)[number];
export type ObservationKind = (typeof OBSERVATION_KINDS)[number];
export type TargetKind = (typeof TARGET_KINDS)[number];
export type TargetSource = (typeof TARGET_SOURCES)[number];

export const DIRECTION_LABELS: Readonly<Record<Direction, string>> = { up: '上昇', down: '低下', maintain: '維持' };
export const AGGREGATION_LABELS: Readonly<Record<Aggregation, string>> = { annual: '単年度', cumulative: '累計' };
/** 区分: an observation kind, a target, or the baseline. */
export type RowKind = ObservationKind | 'target' | 'baseline';
export const ROW_KIND_LABELS: Readonly<Record<RowKind, string>> = { actual: '実績', estimate: '見込', status: '状況', target: '目標', baseline: '基準' };
export const TARGET_KIND_LABELS: Readonly<Record<TargetKind, string>> = {
  by_year: '年度まで',
  every_year_min: '毎年度以上',
  every_year_max: '毎年度以下',
  maintain: '維持',
  percent_change: '増減率',
  qualitative: '定性',
};
export const TARGET_SOURCE_LABELS: Readonly<Record<TargetSource, string>> = {
  this_plan: '本計画',
  action_plan: 'アクションプラン',
  strategic_vision: '戦略ビジョン',
  upper_plan: '上位計画',
  other: 'その他',
};
/** How the 数値 column writes a missing value (each reads back through parseJapaneseNumber). */
export const MISSING_CELL_WORDS: Readonly<Record<MissingReason, string>> = {
  not_yet_surveyed: '今後調査',
  not_applicable: '—',
  not_aggregated: '未集計',
  not_evaluated: '評価せず',
  not_implemented: '未実施',
  blank: '空欄',
};
/** 重点 / 新規: a mark means yes. */
export const YES_WORDS = ['○', '〇', '◯', '◎', '●', '1', 'true', 'yes', 'y', 'はい', '有', 'あり', '*', '＊'] as const;
export const NO_WORDS = ['', '×', '0', 'false', 'no', 'n', 'いいえ', '無', 'なし', '-', '—'] as const;

/** Finds the key of a label in a label table, also accepting the English key itself. */
export function keyOfLabel<K extends string>(labels: Readonly<Record<K, string>>, text: string): K | null {
  const t = text.trim();
  const lookup = labelLookup(labels);
  // the first entry of the table whose label is the text or whose key is the text in lower case
  const byLabel = lookup.byLabel.get(t);
  const byKey = lookup.byKey.get(t.toLowerCase());
  const found = byLabel === undefined ? byKey : byKey === undefined ? byLabel : Math.min(byLabel, byKey);
  return found === undefined ? null : (lookup.keys[found] as K);
}

/** A label table's labels and keys, each with the position of its entry (built once per table: a 10,000-row sheet asks three times a row). */
const labelLookups = new WeakMap<object, { keys: string[]; byLabel: Map<string, number>; byKey: Map<string, number> }>();

function labelLookup(labels: Readonly<Record<string, string>>) {
  let lookup = labelLookups.get(labels);
  if (!lookup) {
    const entries = Object.entries(labels);
    lookup = { keys: entries.map(([key]) => key), byLabel: new Map(), byKey: new Map() };
    for (const [i, [key, label]] of entries.entries()) {
      if (!lookup.byLabel.has(label)) lookup.byLabel.set(label, i);
      if (!lookup.byKey.has(key)) lookup.byKey.set(key, i);
    }
    labelLookups.set(labels, lookup);
  }
  return lookup;
}

/** Normalises a header cell for matching: width, spaces, case. */
export function normalizeHeader(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[\s\u3000]+/g, ' ')
    .trim()
    .toLowerCase();
}

/**
 * Which template sheet a header row belongs to (a CSV file names no sheet): 評価 when it has
 * 自己評価 or a narrative column; 指標 when it has a header only that sheet has (指標コード, 施策コード, 区分, 年度, 値), else 施策 when it has コード or
 * 名称; null when it looks like neither. Missing required headers are reported afterwards.
 */
export function sheetOfHeaders(headers: readonly string[]): typeof ITEMS_SHEET | typeof INDICATORS_SHEET | typeof ENTRIES_SHEET | null {
  const present = new Set(headers.map(normalizeHeader));
  const has = (columns: readonly ColumnDefinition[], key: string) =>
    columns.some((c) => c.key === key && [c.ja, ...c.aliases].some((h) => present.has(normalizeHeader(h))));
  if (['selfGrade', 'results', 'plans', 'issues'].some((key) => has(ENTRY_COLUMNS, key))) return ENTRIES_SHEET;
  if (['item', 'kind', 'fiscalYear', 'value'].some((key) => has(INDICATOR_COLUMNS, key)) || present.has(normalizeHeader('指標コード'))) return INDICATORS_SHEET;
  if (has(ITEM_COLUMNS, 'code') || has(ITEM_COLUMNS, 'name') || has(ITEM_COLUMNS, 'parent')) return ITEMS_SHEET;
  return null;
}
