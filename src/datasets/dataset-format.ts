// The format of a bundled or imported plan dataset (datasets/<plan-code>/plan.json).
// One JSON file holds one plan: its organisation, departments, item tree, indicators with
// targets and observations, and optionally evaluation rounds with entries. Everything refers
// to everything else by stable codes, never by database ids, so a file can be loaded into any
// database and re-loaded without duplicates.
import { z } from 'zod';
import {
  AGGREGATIONS,
  DEPARTMENT_KINDS,
  DIRECTIONS,
  ENTRY_STATES,
  MISSING_REASONS,
  OBSERVATION_KINDS,
  ORGANISATION_KINDS,
  OWNERSHIP_ROLES,
  PLAN_STATUSES,
  RATE_METHODS,
  RELIST_KINDS,
  ROUND_STATES,
  TARGET_KINDS,
  TARGET_SOURCES,
} from '../db/schema.js';

/** An exact decimal written as a string: "496000000", "71.7", "-12". */
const DecimalString = z.string().regex(/^-?\d+(\.\d+)?$/, 'a decimal number as a string, e.g. "71.7"');
const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'an ISO date, e.g. "2017-09-15"');
const FiscalYear = z.number().int().min(1868).max(2200);
const Code = z.string().min(1).max(200);

export const DatasetDepartment = z.object({
  code: Code, // unique in the organisation, e.g. "市民局" or "市民局/協働まちづくり推進課"
  name: z.string().min(1), // 協働まちづくり推進課
  kind: z.enum(DEPARTMENT_KINDS),
  parent: Code.nullable().default(null), // the 局 of a 課
});

export const DatasetItemDepartment = z.object({
  department: Code,
  role: z.enum(OWNERSHIP_ROLES).default('lead'),
  /** The owner as printed when it is not just 局 + 課 (「各区区民生活課」). */
  textAsWritten: z.string().nullable().default(null),
});

export const DatasetItem = z.object({
  code: Code, // stable external code: "1-(1)-③"
  parent: Code.nullable(), // null for the top level
  number: z.string().nullable().default(null), // as printed: "①", "◎1-1"
  name: z.string().min(1),
  description: z.string().nullable().default(null),
  numericTargetText: z.string().nullable().default(null), // 【数値目標等】 verbatim
  isPriority: z.boolean().default(false), // ◎ 重点
  isNew: z.boolean().default(false), // 新規
  isPartnerProject: z.boolean().default(false), // * 地域づくりパートナープロジェクト
  tags: z.array(z.string()).default([]),
  relistOf: Code.nullable().default(null), // 再掲元 (code of the canonical item)
  relistKind: z.enum(RELIST_KINDS).nullable().default(null),
  /** Plan-specific fields: 取組の方向性, 基本方針, sub-items, 重視すべき視点 … */
  attributes: z.record(z.string(), z.unknown()).default({}),
  departments: z.array(DatasetItemDepartment).default([]),
});

export const DatasetTarget = z.object({
  kind: z.enum(TARGET_KINDS),
  fiscalYear: FiscalYear.nullable().default(null),
  value: DecimalString.nullable().default(null),
  bandLow: DecimalString.nullable().default(null),
  bandHigh: DecimalString.nullable().default(null),
  changePercent: DecimalString.nullable().default(null),
  text: z.string().nullable().default(null), // as written
  setBy: z.enum(TARGET_SOURCES).default('this_plan'),
  setByName: z.string().nullable().default(null),
  notes: z.string().nullable().default(null),
});

export const DatasetObservation = z.object({
  fiscalYear: FiscalYear,
  kind: z.enum(OBSERVATION_KINDS).default('actual'),
  value: DecimalString.nullable(), // null when missing
  text: z.string(), // as written: "約4億9,600万円"
  unit: z.string().nullable().default(null),
  approximate: z.boolean().default(false),
  parts: z.array(z.object({ label: z.string(), value: DecimalString })).nullable().default(null),
  asOf: IsoDate.nullable().default(null),
  missingReason: z.enum(MISSING_REASONS).nullable().default(null),
  note: z.string().nullable().default(null),
  source: z.string().nullable().default(null),
});

/** Which catalogue entry (datasets/catalogue.json code) an indicator measures, and how its unit converts. */
export const DatasetCatalogueLink = z.object({
  code: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
  unitFactor: DecimalString.default('1'), // value × factor = value in the catalogue's unit
  note: z.string().nullable().default(null), // how this organisation's definition differs
});

export const DatasetIndicator = z.object({
  code: Code,
  item: Code, // the item it belongs to
  name: z.string().min(1),
  category: z.string().nullable().default(null),
  unit: z.string().nullable().default(null),
  direction: z.enum(DIRECTIONS).default('up'),
  aggregation: z.enum(AGGREGATIONS).default('annual'),
  rateMethod: z.enum(RATE_METHODS).nullable().default(null),
  baseline: z
    .object({
      value: DecimalString.nullable(),
      text: z.string().nullable().default(null),
      fiscalYear: FiscalYear.nullable().default(null),
      asOf: IsoDate.nullable().default(null),
    })
    .nullable()
    .default(null),
  breakdownLabels: z.array(z.string()).default([]),
  source: z.string().nullable().default(null),
  notes: z.string().nullable().default(null),
  isReference: z.boolean().default(false), // 参考指標
  /** The shared catalogue entry this indicator measures (都市間比較); absent: left as it is, null: unlinked. */
  catalogue: DatasetCatalogueLink.nullable().optional(),
  targets: z.array(DatasetTarget).default([]),
  observations: z.array(DatasetObservation).default([]),
});

export const DatasetEntry = z.object({
  item: Code,
  state: z.enum(ENTRY_STATES).default('approved'),
  selfGrade: z.string().nullable().default(null),
  resultsText: z.string().nullable().default(null), // 取組結果
  planText: z.string().nullable().default(null), // 取組計画
  issuesText: z.string().nullable().default(null), // 今後に向けて
});

export const DatasetRound = z.object({
  fiscalYear: FiscalYear,
  state: z.enum(ROUND_STATES).default('published'),
  entries: z.array(DatasetEntry).default([]),
});

export const Dataset = z.object({
  format: z.literal('shinchoku-dataset/1'),
  organisation: z.object({
    code: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
    name: z.string().min(1),
    nameEn: z.string().nullable().default(null),
    kind: z.enum(ORGANISATION_KINDS).default('municipality'),
    /** Residents, for per-capita comparison; absent: left as it is. */
    population: z.number().int().positive().nullable().optional(),
    populationAsOf: IsoDate.nullable().optional(),
    populationSource: z.string().nullable().optional(), // 令和2年国勢調査
  }),
  departments: z.array(DatasetDepartment).default([]),
  plan: z.object({
    code: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
    title: z.string().min(1),
    shortTitle: z.string().nullable().default(null),
    description: z.string().nullable().default(null),
    periodStartFy: FiscalYear,
    periodEndFy: FiscalYear,
    upperPlans: z.array(z.string()).default([]),
    sdgGoals: z.array(z.number().int().min(1).max(17)).default([]),
    levelNames: z.array(z.string().min(1)).min(1),
    scale: z.string().nullable().default(null), // code of an evaluation scale
    status: z.enum(PLAN_STATUSES).default('active'),
    predecessor: z.string().nullable().default(null), // code of the plan this one succeeds
    /** Judgement settings: rate method, rounding, cap, partial years, projection method. */
    settings: z
      .object({
        rateMethod: z.enum(RATE_METHODS).optional(),
        rateDecimals: z.number().int().min(0).max(4).optional(),
        rounding: z.enum(['half_up', 'down', 'up', 'half_even']).optional(),
        rateCap: DecimalString.nullable().optional(),
        rateFloor: DecimalString.nullable().optional(),
        judgePartialYear: z.boolean().optional(),
        projectionMethod: z.enum(['least_squares', 'last_two_points']).optional(),
      })
      .default({}),
    /** Where the data comes from: document file, title, date, URL-free description. */
    source: z.record(z.string(), z.unknown()).default({}),
    /** Plan-level fields that have no column: 重視すべき視点, chapter texts … */
    attributes: z.record(z.string(), z.unknown()).default({}),
  }),
  items: z.array(DatasetItem),
  indicators: z.array(DatasetIndicator).default([]),
  rounds: z.array(DatasetRound).default([]),
  /** Every judgement call made reading the source document, in words. */
  decisions: z.array(z.string()).default([]),
});

export type Dataset = z.infer<typeof Dataset>;
export type DatasetInput = z.input<typeof Dataset>;
