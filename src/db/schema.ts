// The one schema of Shinchoku, used by PGlite (embedded) and by a PostgreSQL server alike.
// Every rule that the data must obey is written here as a constraint, not only in code:
// foreign keys, unique codes, and CHECK constraints on every enumerated column.
//
// Migrations under `drizzle/` are generated from this file with `npm run db:generate`.
import { sql } from 'drizzle-orm';
import {
  bigint,
  customType,
  boolean,
  check,
  date,
  foreignKey,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import type { Grade, ScaleRule } from '../domain/scales.js';
import { RATE_METHOD_LABELS, type RateMethod, type StoredJudgementSettings } from '../domain/judgement.js';
import type { ProjectionMethod } from '../domain/projection.js';
import { MISSING_REASON_LABELS, type MissingReason } from '../domain/numbers.js';

/** Builds `col IN ('a','b',…)` for a CHECK constraint from the same list the code uses. */
function oneOf(column: string, values: readonly string[]) {
  const list = values.map((v) => `'${v.replaceAll("'", "''")}'`).join(', ');
  return sql.raw(`${column} IN (${list})`);
}

/** Binary content (a generated report file). */
const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (value) => Buffer.from(value),
});

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
const updatedAt = () => timestamp('updated_at', { withTimezone: true }).notNull().defaultNow();

// ───────────────────────────── enumerations ─────────────────────────────

export const ORGANISATION_KINDS = ['municipality', 'prefecture', 'national', 'other'] as const;
export const DEPARTMENT_KINDS = ['bureau', 'section', 'ward', 'office', 'other'] as const; // 局 / 課 / 区 / 室
export const PLAN_STATUSES = ['draft', 'active', 'finished', 'archived'] as const;
export const RELIST_KINDS = ['full', 'partial'] as const; // 再掲 / 一部再掲
export const OWNERSHIP_ROLES = ['lead', 'joint'] as const;
export const DIRECTIONS = ['up', 'down', 'maintain'] as const; // 上昇 / 低下 / 維持
export const AGGREGATIONS = ['annual', 'cumulative'] as const; // 単年度 / 累計
/** The judgement engine's methods (domain/judgement.ts is the one list). */
export const RATE_METHODS = Object.keys(RATE_METHOD_LABELS) as readonly RateMethod[];
export const TARGET_KINDS = [
  'by_year', // 令和5年度までに5件
  'every_year_min', // 毎年度 720 団体以上
  'every_year_max', // 毎年度 … 以下
  'maintain', // 600人程度を維持 (band)
  'percent_change', // 754団体の20%増
  'qualitative', // 毎年度実施する (no number)
] as const;
export const TARGET_SOURCES = ['this_plan', 'action_plan', 'strategic_vision', 'upper_plan', 'other'] as const;
export const OBSERVATION_KINDS = ['actual', 'estimate', 'status'] as const; // 実績 / 見込 / 状況
/** Why an observation has no value (domain/numbers.ts is the one list): 今後調査, —, 未集計 … */
export const MISSING_REASONS = Object.keys(MISSING_REASON_LABELS) as readonly MissingReason[];
export const ROUND_STATES = ['preparing', 'entry', 'review', 'closed', 'published'] as const; // 準備/入力中/確認中/確定/公表
export const ENTRY_STATES = ['not_started', 'in_progress', 'submitted', 'returned', 'approved'] as const; // 未着手/入力中/提出/差戻し/承認
export const ROLES = ['admin', 'editor', 'reviewer', 'committee'] as const;
export const COMMENT_KINDS = ['comment', 'return', 'approve'] as const;
export const FEEDBACK_STATES = ['pending', 'published', 'rejected'] as const;
/** How a department stopped being current: renamed (a new row carries the new name), merged into another, abolished. */
export const DEPARTMENT_END_KINDS = ['rename', 'merge', 'abolish'] as const;
/** What a shared catalogue indicator counts: counts and amounts can be shown per capita, ratios cannot. */
export const CATALOGUE_KINDS = ['count', 'amount', 'ratio'] as const;
export const REPORT_JOB_STATES = ['queued', 'running', 'done', 'failed'] as const;
export const REPORT_FORMATS = ['html', 'pdf', 'xlsx'] as const;

// ───────────────────────────── organisations and departments ─────────────────────────────

export const organisations = pgTable(
  'organisations',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    code: text('code').notNull().unique(), // e.g. sendai, sapporo
    name: text('name').notNull(), // 仙台市
    nameEn: text('name_en'),
    kind: text('kind').notNull().default('municipality'),
    localGovernmentCode: text('local_government_code'), // 全国地方公共団体コード
    /** Residents, for per-capita comparison (e.g. 国勢調査); null when not given. */
    population: integer('population'),
    populationAsOf: date('population_as_of'),
    populationSource: text('population_source'),
    createdAt: createdAt(),
  },
  (t) => [
    check('organisations_kind_check', oneOf('kind', ORGANISATION_KINDS)),
    check('organisations_code_format', sql`${t.code} ~ '^[a-z0-9][a-z0-9-]*$'`),
    check('organisations_population_positive', sql`${t.population} IS NULL OR ${t.population} > 0`),
  ],
);

export const departments = pgTable(
  'departments',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    organisationId: integer('organisation_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    parentId: integer('parent_id'), // 局 of a 課
    code: text('code').notNull(),
    name: text('name').notNull(),
    kind: text('kind').notNull().default('section'),
    validFrom: date('valid_from'),
    validTo: date('valid_to'),
    successorId: integer('successor_id'), // after a merge or rename
    /** How it ended (rename / merge / abolish); null while current. */
    endKind: text('end_kind'),
    /**
     * The department that carries this one's work today: the end of the successor chain, kept
     * by the rename/merge command. Null when this department is itself current.
     */
    currentId: integer('current_id'),
    createdAt: createdAt(),
  },
  (t) => [
    unique('departments_org_code_unique').on(t.organisationId, t.code),
    unique('departments_org_id_unique').on(t.organisationId, t.id),
    // the parent (局) and the successor must belong to the same organisation
    foreignKey({
      name: 'departments_parent_fk',
      columns: [t.organisationId, t.parentId],
      foreignColumns: [t.organisationId, t.id],
    }),
    foreignKey({
      name: 'departments_successor_fk',
      columns: [t.organisationId, t.successorId],
      foreignColumns: [t.organisationId, t.id],
    }),
    foreignKey({
      name: 'departments_current_fk',
      columns: [t.organisationId, t.currentId],
      foreignColumns: [t.organisationId, t.id],
    }),
    check('departments_kind_check', oneOf('kind', DEPARTMENT_KINDS)),
    check('departments_end_kind_check', sql`${t.endKind} IS NULL OR ${oneOf('end_kind', DEPARTMENT_END_KINDS)}`),
    check('departments_not_own_successor', sql`${t.successorId} IS NULL OR ${t.successorId} <> ${t.id}`),
    check('departments_not_own_current', sql`${t.currentId} IS NULL OR ${t.currentId} <> ${t.id}`),
    index('departments_current_idx').on(t.currentId),
    check('departments_not_own_parent', sql`${t.parentId} IS NULL OR ${t.parentId} <> ${t.id}`),
    check('departments_validity', sql`${t.validTo} IS NULL OR ${t.validFrom} IS NULL OR ${t.validTo} >= ${t.validFrom}`),
  ],
);

// ───────────────────────────── evaluation scales ─────────────────────────────

export const evaluationScales = pgTable(
  'evaluation_scales',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    organisationId: integer('organisation_id').references(() => organisations.id, { onDelete: 'cascade' }),
    code: text('code').notNull().unique(), // sendai-abc, mechanical-sabc, five-step, or a plan's own
    name: text('name').notNull(),
    description: text('description'),
    /** Best first: code, label, description, colour, kind (see domain/scales.ts). */
    grades: jsonb('grades').$type<Grade[]>().notNull(),
    /** How a grade follows from a rate, or that people choose it (ScaleRule). */
    rule: jsonb('rule').$type<ScaleRule>().notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    check('evaluation_scales_grades_array', sql`jsonb_typeof(${t.grades}) = 'array' AND jsonb_array_length(${t.grades}) > 0`),
    check('evaluation_scales_rule_type', sql`${t.rule}->>'type' IN ('manual', 'thresholds')`),
  ],
);

// ───────────────────────────── plans ─────────────────────────────

/**
 * Per-plan judgement settings: rounding, caps, partial years (the judgement engine's stored
 * settings), the default rate method and the projection method.
 */
export interface PlanSettings extends StoredJudgementSettings {
  rateMethod?: RateMethod;
  projectionMethod?: ProjectionMethod;
}

export const plans = pgTable(
  'plans',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    organisationId: integer('organisation_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'restrict' }),
    code: text('code').notNull().unique(), // sendai-2021: used in URLs and commands
    title: text('title').notNull(),
    shortTitle: text('short_title'),
    description: text('description'),
    periodStartFy: integer('period_start_fy').notNull(), // fiscal year, e.g. 2021 = 令和3年度
    periodEndFy: integer('period_end_fy').notNull(),
    upperPlans: jsonb('upper_plans').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    sdgGoals: integer('sdg_goals').array().notNull().default(sql`'{}'::integer[]`),
    levelNames: jsonb('level_names').$type<string[]>().notNull(), // ['分野','基本施策','事業']
    scaleId: integer('scale_id').references(() => evaluationScales.id, { onDelete: 'restrict' }),
    status: text('status').notNull().default('active'),
    settings: jsonb('settings').$type<PlanSettings>().notNull().default(sql`'{}'::jsonb`),
    /** Provenance: the document the plan was read from, dates of adoption, and notes. */
    source: jsonb('source').$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
    /** Plan-level fields without a column of their own (重視すべき視点, chapter texts …). */
    attributes: jsonb('attributes').$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
    predecessorId: integer('predecessor_id'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    foreignKey({ name: 'plans_predecessor_fk', columns: [t.predecessorId], foreignColumns: [t.id] }),
    check('plans_status_check', oneOf('status', PLAN_STATUSES)),
    check('plans_period_check', sql`${t.periodEndFy} >= ${t.periodStartFy} AND ${t.periodStartFy} BETWEEN 1868 AND 2200`),
    check('plans_code_format', sql`${t.code} ~ '^[a-z0-9][a-z0-9-]*$'`),
    check('plans_sdg_goals_range', sql`${t.sdgGoals} <@ ARRAY[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17]`),
    check('plans_level_names_array', sql`jsonb_typeof(${t.levelNames}) = 'array' AND jsonb_array_length(${t.levelNames}) > 0`),
    index('plans_organisation_idx').on(t.organisationId),
  ],
);

export const planItems = pgTable(
  'plan_items',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    planId: integer('plan_id')
      .notNull()
      .references(() => plans.id, { onDelete: 'cascade' }),
    parentId: integer('parent_id'),
    code: text('code').notNull(), // stable external code: 1-(1)-③
    depth: integer('depth').notNull(), // 0 = top level (分野)
    position: integer('position').notNull(), // order among siblings
    number: text('number'), // the number as printed: ①, ◎1-1
    name: text('name').notNull(),
    description: text('description'),
    /** 【数値目標等】 as written. */
    numericTargetText: text('numeric_target_text'),
    isPriority: boolean('is_priority').notNull().default(false), // 重点 ◎
    isNew: boolean('is_new').notNull().default(false), // 新規
    isPartnerProject: boolean('is_partner_project').notNull().default(false), // * 地域づくりパートナープロジェクト
    tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
    relistOfId: integer('relist_of_id'), // 再掲元: a link to the canonical item, never a copy
    relistKind: text('relist_kind'), // 再掲 / 一部再掲
    /** Other fields a plan defines (取組の方向性, 基本方針, 重視すべき視点 …). */
    attributes: jsonb('attributes').$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
    retiredAt: date('retired_at'),
    retiredReason: text('retired_reason'),
    /** The item of the predecessor plan this one continues (プラン2021 → プラン2026): one history. */
    continuesItemId: integer('continues_item_id'),
    /**
     * What the search matches words against: name, description and 数値目標 in lower case and
     * NFKC (full-width letters and digits as half-width), kept by the database itself, so a
     * search of the whole country does not normalise 200,000 texts per query.
     */
    searchText: text('search_text').generatedAlwaysAs(
      sql`normalize(lower(name || ' ' || coalesce(description, '') || ' ' || coalesce(numeric_target_text, '')), NFKC)`,
    ),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    foreignKey({ name: 'plan_items_continues_fk', columns: [t.continuesItemId], foreignColumns: [t.id] }).onDelete('set null'),
    index('plan_items_continues_idx').on(t.continuesItemId),
    unique('plan_items_plan_code_unique').on(t.planId, t.code),
    unique('plan_items_plan_id_unique').on(t.planId, t.id),
    // the parent and the relisted original belong to the same plan
    foreignKey({
      name: 'plan_items_parent_fk',
      columns: [t.planId, t.parentId],
      foreignColumns: [t.planId, t.id],
    }).onDelete('cascade'),
    foreignKey({
      name: 'plan_items_relist_fk',
      columns: [t.planId, t.relistOfId],
      foreignColumns: [t.planId, t.id],
    }),
    check('plan_items_relist_kind_check', sql`(${t.relistOfId} IS NULL AND ${t.relistKind} IS NULL) OR (${t.relistOfId} IS NOT NULL AND ${t.relistKind} IS NOT NULL AND ${oneOf('relist_kind', RELIST_KINDS)})`),
    check('plan_items_not_own_parent', sql`${t.parentId} IS NULL OR ${t.parentId} <> ${t.id}`),
    check('plan_items_not_own_relist', sql`${t.relistOfId} IS NULL OR ${t.relistOfId} <> ${t.id}`),
    check('plan_items_not_own_continuation', sql`${t.continuesItemId} IS NULL OR ${t.continuesItemId} <> ${t.id}`),
    check('plan_items_depth_check', sql`${t.depth} >= 0 AND ((${t.depth} = 0) = (${t.parentId} IS NULL))`),
    check('plan_items_position_check', sql`${t.position} >= 0`),
    check('plan_items_retired_reason', sql`${t.retiredAt} IS NULL OR ${t.retiredReason} IS NOT NULL`),
    index('plan_items_parent_idx').on(t.parentId),
  ],
);

/** Which departments own an item (担当課): several per item, in the order written. */
export const itemDepartments = pgTable(
  'item_departments',
  {
    itemId: integer('item_id')
      .notNull()
      .references(() => planItems.id, { onDelete: 'cascade' }),
    departmentId: integer('department_id')
      .notNull()
      .references(() => departments.id, { onDelete: 'restrict' }),
    position: integer('position').notNull().default(0),
    role: text('role').notNull().default('lead'),
    textAsWritten: text('text_as_written'), // 各区区民生活課 …
  },
  (t) => [
    primaryKey({ name: 'item_departments_pk', columns: [t.itemId, t.departmentId] }),
    check('item_departments_role_check', oneOf('role', OWNERSHIP_ROLES)),
    index('item_departments_department_idx').on(t.departmentId),
  ],
);

// ───────────────────────────── indicators, targets, observations ─────────────────────────────

export const indicators = pgTable(
  'indicators',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    planId: integer('plan_id')
      .notNull()
      .references(() => plans.id, { onDelete: 'cascade' }),
    itemId: integer('item_id').notNull(),
    code: text('code').notNull(),
    position: integer('position').notNull().default(0),
    name: text('name').notNull(),
    category: text('category'), // 参加の実感, 町内会加入 …
    unit: text('unit'), // % 件 団体 円 人 ‰
    direction: text('direction').notNull().default('up'),
    aggregation: text('aggregation').notNull().default('annual'),
    rateMethod: text('rate_method'), // null = the plan's default
    baselineValue: numeric('baseline_value'),
    baselineText: text('baseline_text'),
    baselineFy: integer('baseline_fy'),
    baselineAsOf: date('baseline_as_of'),
    breakdownLabels: jsonb('breakdown_labels').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    source: text('source'),
    notes: text('notes'),
    isReference: boolean('is_reference').notNull().default(false), // 参考指標
    createdAt: createdAt(),
  },
  (t) => [
    unique('indicators_plan_code_unique').on(t.planId, t.code),
    foreignKey({
      name: 'indicators_item_fk',
      columns: [t.planId, t.itemId],
      foreignColumns: [planItems.planId, planItems.id],
    }).onDelete('cascade'),
    check('indicators_direction_check', oneOf('direction', DIRECTIONS)),
    check('indicators_aggregation_check', oneOf('aggregation', AGGREGATIONS)),
    check('indicators_rate_method_check', sql`${t.rateMethod} IS NULL OR ${oneOf('rate_method', RATE_METHODS)}`),
    index('indicators_item_idx').on(t.itemId),
  ],
);

export const targets = pgTable(
  'targets',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    indicatorId: integer('indicator_id')
      .notNull()
      .references(() => indicators.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    fiscalYear: integer('fiscal_year'), // the horizon; null for every-year targets
    value: numeric('value'),
    bandLow: numeric('band_low'),
    bandHigh: numeric('band_high'),
    changePercent: numeric('change_percent'), // 20 for 「20%増」
    text: text('text'), // as written
    setBy: text('set_by').notNull().default('this_plan'),
    setByName: text('set_by_name'), // 札幌市まちづくり戦略ビジョン・アクションプラン2015
    notes: text('notes'),
    position: integer('position').notNull().default(0),
  },
  (t) => [
    check('targets_kind_check', oneOf('kind', TARGET_KINDS)),
    check('targets_set_by_check', oneOf('set_by', TARGET_SOURCES)),
    check('targets_band_order', sql`${t.bandLow} IS NULL OR ${t.bandHigh} IS NULL OR ${t.bandLow} <= ${t.bandHigh}`),
    check(
      'targets_value_present',
      sql`${t.kind} = 'qualitative' OR ${t.value} IS NOT NULL OR ${t.bandLow} IS NOT NULL OR ${t.bandHigh} IS NOT NULL`,
    ),
    check('targets_fiscal_year_range', sql`${t.fiscalYear} IS NULL OR ${t.fiscalYear} BETWEEN 1868 AND 2200`),
    index('targets_indicator_idx').on(t.indicatorId),
  ],
);

export const users = pgTable(
  'users',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    organisationId: integer('organisation_id').references(() => organisations.id, { onDelete: 'restrict' }),
    login: text('login').notNull().unique(),
    email: text('email'),
    displayName: text('display_name').notNull(),
    passwordHash: text('password_hash').notNull(),
    role: text('role').notNull(),
    disabledAt: timestamp('disabled_at', { withTimezone: true }),
    passwordChangedAt: timestamp('password_changed_at', { withTimezone: true }).notNull().defaultNow(),
    /** The password was issued by 本部 (a new account, a reset): the person sets their own before anything else. */
    passwordMustChange: boolean('password_must_change').notNull().default(false),
    /** The last successful sign-in (none yet: null): 本部 finds accounts nobody uses any more. */
    lastSignInAt: timestamp('last_sign_in_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    check('users_role_check', oneOf('role', ROLES)),
    check('users_login_format', sql`length(${t.login}) BETWEEN 2 AND 100 AND ${t.login} !~ '\\s'`),
  ],
);

export const observations = pgTable(
  'observations',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    indicatorId: integer('indicator_id')
      .notNull()
      .references(() => indicators.id, { onDelete: 'cascade' }),
    fiscalYear: integer('fiscal_year').notNull(),
    kind: text('kind').notNull().default('actual'),
    value: numeric('value'),
    text: text('text').notNull(), // as written: 約4億9,600万円
    unit: text('unit'),
    approximate: boolean('approximate').notNull().default(false), // 約, 程度
    parts: jsonb('parts').$type<{ label: string; value: string }[]>(), // 認定18、仮認定3 …
    asOf: date('as_of'), // H29.9.15時点
    missingReason: text('missing_reason'),
    note: text('note'),
    source: text('source'), // document or file it came from
    recordedBy: integer('recorded_by').references(() => users.id, { onDelete: 'set null' }),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique('observations_indicator_year_kind_unique').on(t.indicatorId, t.fiscalYear, t.kind),
    check('observations_kind_check', oneOf('kind', OBSERVATION_KINDS)),
    check('observations_missing_reason_check', sql`${t.missingReason} IS NULL OR ${oneOf('missing_reason', MISSING_REASONS)}`),
    // a value or the reason it is missing, never both, never neither
    check('observations_value_or_reason', sql`(${t.value} IS NULL) <> (${t.missingReason} IS NULL)`),
    check('observations_fiscal_year_range', sql`${t.fiscalYear} BETWEEN 1868 AND 2200`),
  ],
);

/**
 * 訂正: a published figure changed after its round was published. Only 本部 makes one
 * (rounds/correct-value.ts); the public pages show it beside the figure, as official statistics do.
 */
export const corrections = pgTable(
  'corrections',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    observationId: bigint('observation_id', { mode: 'number' })
      .notNull()
      .references(() => observations.id, { onDelete: 'cascade' }),
    beforeText: text('before_text').notNull(),
    beforeValue: numeric('before_value'),
    afterText: text('after_text').notNull(),
    afterValue: numeric('after_value'),
    reason: text('reason').notNull(),
    correctedBy: integer('corrected_by').references(() => users.id, { onDelete: 'set null' }),
    correctedAt: timestamp('corrected_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('corrections_observation_idx').on(t.observationId)],
);

// ───────────────────────────── plan versions ─────────────────────────────

/**
 * A named revision of a plan (策定, 中間見直し …) with its date. `snapshot` is the plan's
 * structure at that moment (items, indicators, targets in the dataset format), so two versions
 * can be compared without the live rows.
 */
export const planVersions = pgTable(
  'plan_versions',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    planId: integer('plan_id')
      .notNull()
      .references(() => plans.id, { onDelete: 'cascade' }),
    number: integer('number').notNull(), // 1, 2, … in order of adoption
    name: text('name').notNull(), // 策定 / 中間見直し
    adoptedOn: date('adopted_on').notNull(),
    note: text('note'),
    snapshot: jsonb('snapshot').$type<Record<string, unknown>>().notNull(),
    createdBy: integer('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [
    unique('plan_versions_plan_number_unique').on(t.planId, t.number),
    unique('plan_versions_plan_id_unique').on(t.planId, t.id),
    check('plan_versions_number_positive', sql`${t.number} >= 1`),
    check('plan_versions_name_length', sql`length(${t.name}) BETWEEN 1 AND 200`),
  ],
);

// ───────────────────────────── rounds and entries ─────────────────────────────

export const rounds = pgTable(
  'rounds',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    planId: integer('plan_id')
      .notNull()
      .references(() => plans.id, { onDelete: 'cascade' }),
    fiscalYear: integer('fiscal_year').notNull(), // the year being evaluated
    state: text('state').notNull().default('preparing'),
    entryDeadline: date('entry_deadline'),
    reviewDeadline: date('review_deadline'),
    publishDeadline: date('publish_deadline'),
    openedAt: timestamp('opened_at', { withTimezone: true }),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    /** The plan version the round was judged against (fixed when the round closes). */
    planVersionId: integer('plan_version_id'),
    createdAt: createdAt(),
  },
  (t) => [
    foreignKey({
      name: 'rounds_plan_version_fk',
      columns: [t.planId, t.planVersionId],
      foreignColumns: [planVersions.planId, planVersions.id],
    }),
    unique('rounds_plan_year_unique').on(t.planId, t.fiscalYear),
    unique('rounds_plan_id_unique').on(t.planId, t.id),
    check('rounds_state_check', oneOf('state', ROUND_STATES)),
    check('rounds_fiscal_year_range', sql`${t.fiscalYear} BETWEEN 1868 AND 2200`),
    check(
      'rounds_deadline_order',
      sql`(${t.entryDeadline} IS NULL OR ${t.reviewDeadline} IS NULL OR ${t.entryDeadline} <= ${t.reviewDeadline}) AND (${t.reviewDeadline} IS NULL OR ${t.publishDeadline} IS NULL OR ${t.reviewDeadline} <= ${t.publishDeadline})`,
    ),
  ],
);

export const entries = pgTable(
  'entries',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    planId: integer('plan_id').notNull(),
    roundId: integer('round_id').notNull(),
    itemId: integer('item_id').notNull(),
    state: text('state').notNull().default('not_started'),
    selfGrade: text('self_grade'),
    computedGrade: text('computed_grade'),
    disagreementReason: text('disagreement_reason'),
    finalGrade: text('final_grade'),
    resultsText: text('results_text'), // 取組結果
    planText: text('plan_text'), // 次年度の取組計画 / 方向性
    issuesText: text('issues_text'), // 課題・今後に向けて
    version: integer('version').notNull().default(1), // optimistic locking
    updatedBy: integer('updated_by').references(() => users.id, { onDelete: 'set null' }),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
    approvedAt: timestamp('approved_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique('entries_round_item_unique').on(t.roundId, t.itemId),
    // the round and the item belong to the same plan
    foreignKey({
      name: 'entries_round_fk',
      columns: [t.planId, t.roundId],
      foreignColumns: [rounds.planId, rounds.id],
    }).onDelete('cascade'),
    foreignKey({
      name: 'entries_item_fk',
      columns: [t.planId, t.itemId],
      foreignColumns: [planItems.planId, planItems.id],
    }).onDelete('restrict'),
    check('entries_state_check', oneOf('state', ENTRY_STATES)),
    check('entries_version_positive', sql`${t.version} >= 1`),
    index('entries_item_idx').on(t.itemId),
  ],
);

export const entryComments = pgTable(
  'entry_comments',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    entryId: integer('entry_id')
      .notNull()
      .references(() => entries.id, { onDelete: 'cascade' }),
    authorId: integer('author_id').references(() => users.id, { onDelete: 'set null' }),
    kind: text('kind').notNull().default('comment'),
    body: text('body').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    check('entry_comments_kind_check', oneOf('kind', COMMENT_KINDS)),
    index('entry_comments_entry_idx').on(t.entryId),
  ],
);

// ───────────────────────────── accounts ─────────────────────────────

/** What a user may act on: departments (editor, reviewer) or whole plans. */
export const userScopes = pgTable(
  'user_scopes',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    departmentId: integer('department_id').references(() => departments.id, { onDelete: 'cascade' }),
    planId: integer('plan_id').references(() => plans.id, { onDelete: 'cascade' }),
  },
  (t) => [
    check('user_scopes_target', sql`${t.departmentId} IS NOT NULL OR ${t.planId} IS NOT NULL`),
    uniqueIndex('user_scopes_unique').on(t.userId, sql`coalesce(${t.departmentId}, 0)`, sql`coalesce(${t.planId}, 0)`),
  ],
);

export const sessions = pgTable(
  'sessions',
  {
    id: text('id').primaryKey(), // SHA-256 of the cookie token, never the token itself
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    csrfToken: text('csrf_token').notNull(),
    createdAt: createdAt(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
    ipAddress: text('ip_address'),
    userAgent: text('user_agent'),
  },
  (t) => [
    check('sessions_expiry', sql`${t.expiresAt} > ${t.createdAt}`),
    index('sessions_user_idx').on(t.userId),
  ],
);

/** Per-user tokens for scripts using the API (Authorization: Bearer …): only a hash is kept. */
export const apiTokens = pgTable(
  'api_tokens',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    name: text('name').notNull(), // what the token is for: 「集計スクリプト」
    tokenHash: text('token_hash').notNull().unique(), // SHA-256 of the token, never the token itself
    tokenPrefix: text('token_prefix').notNull(), // the first characters, to recognise it in lists
    createdAt: createdAt(),
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [
    check('api_tokens_name_length', sql`length(${t.name}) BETWEEN 1 AND 100`),
    check('api_tokens_expiry', sql`${t.expiresAt} IS NULL OR ${t.expiresAt} > ${t.createdAt}`),
    index('api_tokens_user_idx').on(t.userId),
  ],
);

/**
 * Failed (or not yet finished) sign-in attempts, one row per count an attempt belongs to: the login
 * name with the address (`pair:`), the address (`ip:`), the login name (`login:`). Kept here and not
 * in a process's memory, so every server process counts the same attempts (src/auth/rate-limit.ts).
 * Rows older than the longest window are deleted; backups leave them out.
 */
export const loginFailures = pgTable(
  'login_failures',
  {
    key: text('key').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [index('login_failures_key_at_idx').on(t.key, t.at)],
);

// ───────────────────────────── public feedback ─────────────────────────────

export const feedback = pgTable(
  'feedback',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    planId: integer('plan_id')
      .notNull()
      .references(() => plans.id, { onDelete: 'cascade' }),
    itemId: integer('item_id').references(() => planItems.id, { onDelete: 'set null' }),
    body: text('body').notNull(),
    authorName: text('author_name'),
    state: text('state').notNull().default('pending'),
    answer: text('answer'), // the city's reply, published with the feedback
    moderatedBy: integer('moderated_by').references(() => users.id, { onDelete: 'set null' }),
    moderatedAt: timestamp('moderated_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    check('feedback_state_check', oneOf('state', FEEDBACK_STATES)),
    check('feedback_body_length', sql`length(${t.body}) BETWEEN 1 AND 4000`),
  ],
);

// ───────────────────────────── comparison across organisations ─────────────────────────────

/** A shared indicator several organisations measure (町内会加入率 …), for comparison pages. */
export const catalogueIndicators = pgTable(
  'catalogue_indicators',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    code: text('code').notNull().unique(),
    name: text('name').notNull(),
    nameEn: text('name_en'),
    description: text('description'),
    unit: text('unit').notNull(), // the unit values are shown in after normalising: 団体, %, 円
    kind: text('kind').notNull().default('count'),
    direction: text('direction').notNull().default('up'),
    createdAt: createdAt(),
  },
  (t) => [
    check('catalogue_indicators_code_format', sql`${t.code} ~ '^[a-z0-9][a-z0-9-]*$'`),
    check('catalogue_indicators_kind_check', oneOf('kind', CATALOGUE_KINDS)),
    check('catalogue_indicators_direction_check', oneOf('direction', DIRECTIONS)),
  ],
);

/** Which plan indicator measures a catalogue indicator, and how to bring its unit to the catalogue's. */
export const catalogueLinks = pgTable(
  'catalogue_links',
  {
    indicatorId: integer('indicator_id')
      .primaryKey()
      .references(() => indicators.id, { onDelete: 'cascade' }),
    catalogueId: integer('catalogue_id')
      .notNull()
      .references(() => catalogueIndicators.id, { onDelete: 'cascade' }),
    /** value × factor = value in the catalogue's unit (千円 → 円: 1000). */
    unitFactor: numeric('unit_factor').notNull().default('1'),
    /** How this organisation's definition differs (登録団体数 vs 利用団体数 …), shown beside its values. */
    note: text('note'),
    createdAt: createdAt(),
  },
  (t) => [
    check('catalogue_links_factor_positive', sql`${t.unitFactor} > 0`),
    index('catalogue_links_catalogue_idx').on(t.catalogueId),
  ],
);

// ───────────────────────────── report jobs ─────────────────────────────

/** A report generated in the background, with its progress and, when done, the file. */
export const reportJobs = pgTable(
  'report_jobs',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    planId: integer('plan_id')
      .notNull()
      .references(() => plans.id, { onDelete: 'cascade' }),
    fiscalYear: integer('fiscal_year'),
    format: text('format').notNull(),
    /** Options the report was asked with (drafts included, language, Western years …). */
    options: jsonb('options').$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
    state: text('state').notNull().default('queued'),
    done: integer('done').notNull().default(0),
    total: integer('total').notNull().default(0),
    step: text('step'), // what it is doing now: 「分野2の事業を組版中」
    fileName: text('file_name'),
    contentType: text('content_type'),
    content: bytea('content'),
    error: text('error'),
    requestedBy: integer('requested_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    startedAt: timestamp('started_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [
    check('report_jobs_state_check', oneOf('state', REPORT_JOB_STATES)),
    check('report_jobs_format_check', oneOf('format', REPORT_FORMATS)),
    check('report_jobs_progress', sql`${t.done} >= 0 AND ${t.total} >= 0 AND ${t.done} <= ${t.total}`),
    index('report_jobs_plan_idx').on(t.planId),
  ],
);

// ───────────────────────────── what changed, per plan ─────────────────────────────

/**
 * One row per statement that changed what a plan's pages show, written by the database's own
 * triggers (migration 0007) on every table a plan page reads, in the writing transaction. A plan's
 * data version is the count and the sum of its rows' ids (src/plans/plan-version.repository.ts):
 * rows are only inserted (no lock, so editors of one plan never wait on each other), and a row of
 * a transaction that commits late still changes the count. The rows are bookkeeping derived from
 * the data, so backups leave them out. Pruning merges a plan's old rows into one that carries
 * their count and id sum (`rows`, `id_sum`), so it leaves every version as it was.
 */
export const planChanges = pgTable(
  'plan_changes',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    planId: integer('plan_id').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    /** How many change rows this row stands for: 1 for a trigger's row; more for a row pruning merged old rows into. */
    rows: bigint('rows', { mode: 'number' }).notNull().default(1),
    /** The sum of the ids of the rows merged into this one (null: this row's own id). */
    idSum: numeric('id_sum'),
  },
  (t) => [index('plan_changes_plan_idx').on(t.planId, t.id)],
);

// ───────────────────────────── audit ─────────────────────────────

/** Every change: who, when, what, before and after. Rows are only ever inserted. */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    actorId: integer('actor_id').references(() => users.id, { onDelete: 'set null' }),
    actorLabel: text('actor_label').notNull(), // login, or 'system' / 'cli'
    action: text('action').notNull(), // entry.submit, plan.import …
    subjectType: text('subject_type').notNull(),
    subjectId: text('subject_id').notNull(),
    before: jsonb('before'),
    after: jsonb('after'),
  },
  (t) => [
    index('audit_log_subject_idx').on(t.subjectType, t.subjectId),
    index('audit_log_at_idx').on(t.at),
  ],
);
