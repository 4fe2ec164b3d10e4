// Reads what is public, for open data files and the API: organisations, plans (not drafts), items,
// indicators, targets and observations of those plans, and the entries (grades and narratives)
// of rounds in the state 'published' only — a draft round never leaves the database here.
//
// Every list is ordered by a stable key (the row id) and read in pages after a key, so downloads
// stream page by page and API cursors stay valid while rows are added.
import { isDraftObservation, isPublicEntry } from '../plans/publication.js';
import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Queryable } from '../db/client.js';

/** Which plans a list covers: everything, one organisation's plans, or one plan. */
export type Scope =
  | { kind: 'all' }
  | { kind: 'organisation'; code: string }
  /** `withDraft`: a draft plan too (for a signed-in writer's answer, never for the public). */
  | { kind: 'plan'; code: string; withDraft?: boolean };

export interface Page {
  /** Only rows whose key is greater (the cursor of the previous page). */
  after?: number | undefined;
  limit: number;
}

/** Plans the public may see: every status but draft. */
const PUBLIC_PLAN = sql`p.status <> 'draft'`;

function scopeWhere(scope: Scope): SQL {
  if (scope.kind === 'plan') return scope.withDraft ? sql`p.code = ${scope.code}` : sql`${PUBLIC_PLAN} AND p.code = ${scope.code}`;
  if (scope.kind === 'organisation') return sql`${PUBLIC_PLAN} AND org.code = ${scope.code}`;
  return PUBLIC_PLAN;
}

const afterKey = (column: SQL, page: Page): SQL => (page.after === undefined ? sql`TRUE` : sql`${column} > ${page.after}`);
const iso = (column: SQL): SQL => sql`to_char(${column}, 'YYYY-MM-DD')`;
const isoTimestamp = (column: SQL): SQL => sql`to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`;

/** Columns every row of every file starts with: who and which plan. */
export interface OwnerColumns {
  localGovernmentCode: string | null;
  organisationCode: string;
  organisationName: string;
  planCode: string;
  planTitle: string;
}

const OWNER = sql`org.local_government_code AS "localGovernmentCode", org.code AS "organisationCode", org.name AS "organisationName", p.code AS "planCode", p.title AS "planTitle"`;

// ───────────────────────────── organisations and plans ─────────────────────────────

export interface OrganisationRow {
  id: number;
  code: string;
  name: string;
  nameEn: string | null;
  kind: string;
  localGovernmentCode: string | null;
  planCount: number;
}

/**
 * An item's departments as they are today: a department renamed or merged since is named by its
 * successor (current_id); the text as written in the plan only while its department is current.
 */
const CURRENT_DEPARTMENTS = sql`coalesce((SELECT array_agg(CASE WHEN d0.current_id IS NULL THEN coalesce(x.text_as_written, d0.name) ELSE dep.name END ORDER BY x.position)
                     FROM item_departments x JOIN departments d0 ON d0.id = x.department_id
                     JOIN departments dep ON dep.id = coalesce(d0.current_id, d0.id) WHERE x.item_id = i.id), '{}')`;

/**
 * An item's departments as named at the end of a fiscal year (a published round keeps the names
 * of its time): the department as written while it was valid then, else the one carrying it today.
 */
function departmentsAtEndOf(fiscalYear: SQL) {
  return sql`coalesce((SELECT array_agg(CASE WHEN d0.valid_to IS NULL OR d0.valid_to >= make_date(${fiscalYear} + 1, 3, 31) THEN coalesce(x.text_as_written, d0.name) ELSE dep.name END ORDER BY x.position)
                     FROM item_departments x JOIN departments d0 ON d0.id = x.department_id
                     JOIN departments dep ON dep.id = coalesce(d0.current_id, d0.id) WHERE x.item_id = i.id), '{}')`;
}

export async function listOrganisations(db: Queryable, page: Page, code?: string): Promise<OrganisationRow[]> {
  return queryRows<OrganisationRow>(db, sql`
    SELECT org.id, org.code, org.name, org.name_en AS "nameEn", org.kind, org.local_government_code AS "localGovernmentCode",
           (SELECT count(*)::int FROM plans p WHERE p.organisation_id = org.id AND ${PUBLIC_PLAN}) AS "planCount"
    FROM organisations org
    WHERE ${afterKey(sql`org.id`, page)} AND ${code === undefined ? sql`TRUE` : sql`org.code = ${code}`}
    ORDER BY org.id LIMIT ${page.limit}`);
}

export interface PlanRow extends OwnerColumns {
  id: number;
  shortTitle: string | null;
  description: string | null;
  periodStartFy: number;
  periodEndFy: number;
  status: string;
  levelNames: string[];
  sdgGoals: number[];
  upperPlans: string[];
  scaleCode: string | null;
  scaleName: string | null;
  itemCount: number;
  indicatorCount: number;
  updatedAt: string;
}

export async function listPlans(db: Queryable, scope: Scope, page: Page): Promise<PlanRow[]> {
  return queryRows<PlanRow>(db, sql`
    SELECT p.id, ${OWNER}, p.short_title AS "shortTitle", p.description, p.period_start_fy AS "periodStartFy",
           p.period_end_fy AS "periodEndFy", p.status, p.level_names AS "levelNames", p.sdg_goals AS "sdgGoals",
           p.upper_plans AS "upperPlans", s.code AS "scaleCode", s.name AS "scaleName",
           (SELECT count(*)::int FROM plan_items i WHERE i.plan_id = p.id) AS "itemCount",
           (SELECT count(*)::int FROM indicators ind WHERE ind.plan_id = p.id) AS "indicatorCount",
           ${isoTimestamp(sql`p.updated_at`)} AS "updatedAt"
    FROM plans p JOIN organisations org ON org.id = p.organisation_id
    LEFT JOIN evaluation_scales s ON s.id = p.scale_id
    WHERE ${scopeWhere(scope)} AND ${afterKey(sql`p.id`, page)}
    ORDER BY p.id LIMIT ${page.limit}`);
}

// ───────────────────────────── items ─────────────────────────────

export interface ItemFilters {
  code?: string | undefined;
  depth?: number | undefined;
  /** Code of the parent item; '' for top-level items. */
  parent?: string | undefined;
  /** Department code or name (担当課). */
  department?: string | undefined;
  priority?: boolean | undefined;
  isNew?: boolean | undefined;
  partnerProject?: boolean | undefined;
  /** Words in the name or description. */
  q?: string | undefined;
}

export interface ItemRow extends OwnerColumns {
  id: number;
  code: string;
  parentCode: string | null;
  depth: number;
  position: number;
  levelName: string | null;
  number: string | null;
  name: string;
  description: string | null;
  numericTargetText: string | null;
  isPriority: boolean;
  isNew: boolean;
  isPartnerProject: boolean;
  tags: string[];
  relistOfCode: string | null;
  relistKind: string | null;
  departments: string[];
  retiredAt: string | null;
}

export async function listItems(db: Queryable, scope: Scope, page: Page, filters: ItemFilters = {}): Promise<ItemRow[]> {
  const where: SQL[] = [scopeWhere(scope), afterKey(sql`i.id`, page)];
  if (filters.code !== undefined) where.push(sql`i.code = ${filters.code}`);
  if (filters.depth !== undefined) where.push(sql`i.depth = ${filters.depth}`);
  if (filters.parent !== undefined) where.push(filters.parent === '' ? sql`i.parent_id IS NULL` : sql`parent.code = ${filters.parent}`);
  if (filters.priority !== undefined) where.push(sql`i.is_priority = ${filters.priority}`);
  if (filters.isNew !== undefined) where.push(sql`i.is_new = ${filters.isNew}`);
  if (filters.partnerProject !== undefined) where.push(sql`i.is_partner_project = ${filters.partnerProject}`);
  if (filters.department !== undefined) {
    // the department as written or the one carrying the work today (renamed or merged since)
    where.push(sql`EXISTS (SELECT 1 FROM item_departments x JOIN departments d0 ON d0.id = x.department_id
      JOIN departments dx ON dx.id = coalesce(d0.current_id, d0.id)
      WHERE x.item_id = i.id AND (dx.code = ${filters.department} OR dx.name = ${filters.department} OR d0.code = ${filters.department} OR d0.name = ${filters.department}))`);
  }
  if (filters.q !== undefined) where.push(sql`(i.name ILIKE ${likePattern(filters.q)} OR coalesce(i.description, '') ILIKE ${likePattern(filters.q)})`);
  return queryRows<ItemRow>(db, sql`
    SELECT i.id, ${OWNER}, i.code, parent.code AS "parentCode", i.depth, i.position, p.level_names ->> i.depth AS "levelName",
           i.number, i.name, i.description, i.numeric_target_text AS "numericTargetText", i.is_priority AS "isPriority",
           i.is_new AS "isNew", i.is_partner_project AS "isPartnerProject", i.tags, relist.code AS "relistOfCode",
           i.relist_kind AS "relistKind", ${iso(sql`i.retired_at`)} AS "retiredAt",
           ${CURRENT_DEPARTMENTS} AS departments
    FROM plan_items i JOIN plans p ON p.id = i.plan_id JOIN organisations org ON org.id = p.organisation_id
    LEFT JOIN plan_items parent ON parent.id = i.parent_id
    LEFT JOIN plan_items relist ON relist.id = i.relist_of_id
    WHERE ${sql.join(where, sql` AND `)}
    ORDER BY i.id LIMIT ${page.limit}`);
}

// ───────────────────────────── indicators, targets, observations ─────────────────────────────

export interface IndicatorFilters {
  item?: string | undefined;
  indicator?: string | undefined;
}

export interface IndicatorRow extends OwnerColumns {
  id: number;
  itemCode: string;
  code: string;
  name: string;
  category: string | null;
  unit: string | null;
  direction: string;
  aggregation: string;
  baselineValue: string | null;
  baselineText: string | null;
  baselineFy: number | null;
  baselineAsOf: string | null;
  source: string | null;
  notes: string | null;
  isReference: boolean;
}

function indicatorWhere(filters: IndicatorFilters): SQL[] {
  const where: SQL[] = [];
  if (filters.item !== undefined) where.push(sql`i.code = ${filters.item}`);
  if (filters.indicator !== undefined) where.push(sql`ind.code = ${filters.indicator}`);
  return where;
}

export async function listIndicators(db: Queryable, scope: Scope, page: Page, filters: IndicatorFilters = {}): Promise<IndicatorRow[]> {
  const where = [scopeWhere(scope), afterKey(sql`ind.id`, page), ...indicatorWhere(filters)];
  return queryRows<IndicatorRow>(db, sql`
    SELECT ind.id, ${OWNER}, i.code AS "itemCode", ind.code, ind.name, ind.category, ind.unit, ind.direction, ind.aggregation,
           ind.baseline_value::text AS "baselineValue", ind.baseline_text AS "baselineText", ind.baseline_fy AS "baselineFy",
           ${iso(sql`ind.baseline_as_of`)} AS "baselineAsOf", ind.source, ind.notes, ind.is_reference AS "isReference"
    FROM indicators ind JOIN plan_items i ON i.id = ind.item_id JOIN plans p ON p.id = ind.plan_id
    JOIN organisations org ON org.id = p.organisation_id
    WHERE ${sql.join(where, sql` AND `)}
    ORDER BY ind.id LIMIT ${page.limit}`);
}

export interface TargetRow extends OwnerColumns {
  id: number;
  itemCode: string;
  indicatorCode: string;
  indicatorName: string;
  kind: string;
  fiscalYear: number | null;
  value: string | null;
  bandLow: string | null;
  bandHigh: string | null;
  changePercent: string | null;
  unit: string | null;
  text: string | null;
  setBy: string;
  setByName: string | null;
  notes: string | null;
}

export async function listTargets(db: Queryable, scope: Scope, page: Page, filters: IndicatorFilters & { indicatorIds?: number[] } = {}): Promise<TargetRow[]> {
  const where = [scopeWhere(scope), afterKey(sql`t.id`, page), ...indicatorWhere(filters)];
  if (filters.indicatorIds) where.push(filters.indicatorIds.length === 0 ? sql`FALSE` : sql`ind.id IN (${sql.join(filters.indicatorIds.map((id) => sql`${id}`), sql`, `)})`);
  return queryRows<TargetRow>(db, sql`
    SELECT t.id, ${OWNER}, i.code AS "itemCode", ind.code AS "indicatorCode", ind.name AS "indicatorName", t.kind,
           t.fiscal_year AS "fiscalYear", t.value::text AS value, t.band_low::text AS "bandLow", t.band_high::text AS "bandHigh",
           t.change_percent::text AS "changePercent", ind.unit, t.text, t.set_by AS "setBy", t.set_by_name AS "setByName", t.notes
    FROM targets t JOIN indicators ind ON ind.id = t.indicator_id JOIN plan_items i ON i.id = ind.item_id
    JOIN plans p ON p.id = ind.plan_id JOIN organisations org ON org.id = p.organisation_id
    WHERE ${sql.join(where, sql` AND `)}
    ORDER BY t.id LIMIT ${page.limit}`);
}

export interface ObservationFilters extends IndicatorFilters {
  fiscalYear?: number | undefined;
  kind?: string | undefined;
  indicatorIds?: number[] | undefined;
}

export interface ObservationRow extends OwnerColumns {
  id: number;
  itemCode: string;
  indicatorCode: string;
  indicatorName: string;
  fiscalYear: number;
  kind: string;
  value: string | null;
  text: string;
  unit: string | null;
  approximate: boolean;
  missingReason: string | null;
  asOf: string | null;
  note: string | null;
  source: string | null;
}

export async function listObservations(db: Queryable, scope: Scope, page: Page, filters: ObservationFilters = {}): Promise<ObservationRow[]> {
  const where = [scopeWhere(scope), afterKey(sql`o.id`, page), ...indicatorWhere(filters)];
  if (filters.fiscalYear !== undefined) where.push(sql`o.fiscal_year = ${filters.fiscalYear}`);
  if (filters.kind !== undefined) where.push(sql`o.kind = ${filters.kind}`);
  // values typed into a round that is not published are drafts (plans/publication.ts)
  if (!(scope.kind === 'plan' && scope.withDraft)) where.push(sql`NOT ${isDraftObservation({ indicatorId: sql`o.indicator_id`, fiscalYear: sql`o.fiscal_year`, recordedAt: sql`o.recorded_at` }, sql`ind.plan_id`)}`);
  if (filters.indicatorIds) where.push(filters.indicatorIds.length === 0 ? sql`FALSE` : sql`ind.id IN (${sql.join(filters.indicatorIds.map((id) => sql`${id}`), sql`, `)})`);
  const rows = await queryRows<ObservationRow & { id: string | number }>(db, sql`
    SELECT o.id::text AS id, ${OWNER}, i.code AS "itemCode", ind.code AS "indicatorCode", ind.name AS "indicatorName",
           o.fiscal_year AS "fiscalYear", o.kind, o.value::text AS value, o.text, coalesce(o.unit, ind.unit) AS unit,
           o.approximate, o.missing_reason AS "missingReason", ${iso(sql`o.as_of`)} AS "asOf", o.note, o.source
    FROM observations o JOIN indicators ind ON ind.id = o.indicator_id JOIN plan_items i ON i.id = ind.item_id
    JOIN plans p ON p.id = ind.plan_id JOIN organisations org ON org.id = p.organisation_id
    WHERE ${sql.join(where, sql` AND `)}
    ORDER BY o.id LIMIT ${page.limit}`);
  return rows.map((r) => ({ ...r, id: Number(r.id) }));
}

// ───────────────────────────── rounds and grades (published only) ─────────────────────────────

export interface RoundRow extends OwnerColumns {
  id: number;
  fiscalYear: number;
  publishedAt: string | null;
  entryCount: number;
}

export async function listPublishedRounds(db: Queryable, scope: Scope, page: Page, fiscalYear?: number): Promise<RoundRow[]> {
  return queryRows<RoundRow>(db, sql`
    SELECT r.id, ${OWNER}, r.fiscal_year AS "fiscalYear", ${isoTimestamp(sql`r.published_at`)} AS "publishedAt",
           (SELECT count(*)::int FROM entries e WHERE e.round_id = r.id) AS "entryCount"
    FROM rounds r JOIN plans p ON p.id = r.plan_id JOIN organisations org ON org.id = p.organisation_id
    WHERE r.state = 'published' AND ${scopeWhere(scope)} AND ${afterKey(sql`r.id`, page)}
      AND ${fiscalYear === undefined ? sql`TRUE` : sql`r.fiscal_year = ${fiscalYear}`}
    ORDER BY r.id LIMIT ${page.limit}`);
}

export interface GradeFilters {
  fiscalYear?: number | undefined;
  item?: string | undefined;
}

export interface GradeRow extends OwnerColumns {
  id: number;
  fiscalYear: number;
  itemCode: string;
  itemName: string;
  itemDepth: number;
  /** Code of the top-level item (分野 / 基本目標) the item belongs to. */
  topCode: string;
  topName: string;
  departments: string[];
  scaleCode: string | null;
  /** Approved (承認) in its published round; otherwise the content columns are null (未承認). */
  approved: boolean;
  selfGrade: string | null;
  computedGrade: string | null;
  finalGrade: string | null;
  resultsText: string | null;
  planText: string | null;
  issuesText: string | null;
  publishedAt: string | null;
}

/**
 * Every entry of the published rounds in scope. An entry that was not approved is listed with
 * `approved: false` and nothing of its content (the public reads 未承認: plans/publication.ts).
 */
export async function listPublishedGrades(db: Queryable, scope: Scope, page: Page, filters: GradeFilters = {}): Promise<GradeRow[]> {
  const approved = isPublicEntry(sql`e.state`, sql`r.state`);
  const where: SQL[] = [sql`r.state = 'published'`, scopeWhere(scope), afterKey(sql`e.id`, page)];
  if (filters.fiscalYear !== undefined) where.push(sql`r.fiscal_year = ${filters.fiscalYear}`);
  if (filters.item !== undefined) where.push(sql`i.code = ${filters.item}`);
  return queryRows<GradeRow>(db, sql`
    WITH RECURSIVE up(item_id, ancestor_id, parent_id) AS (
      SELECT i.id, i.id, i.parent_id FROM plan_items i
      UNION ALL
      SELECT up.item_id, a.id, a.parent_id FROM up JOIN plan_items a ON a.id = up.parent_id
    ), top AS (SELECT item_id, ancestor_id FROM up WHERE parent_id IS NULL)
    SELECT e.id, ${OWNER}, r.fiscal_year AS "fiscalYear", i.code AS "itemCode", i.name AS "itemName", i.depth AS "itemDepth",
           t.code AS "topCode", t.name AS "topName", s.code AS "scaleCode",
           ${departmentsAtEndOf(sql`r.fiscal_year`)} AS departments,
           ${approved} AS approved,
           CASE WHEN ${approved} THEN e.self_grade END AS "selfGrade", CASE WHEN ${approved} THEN e.computed_grade END AS "computedGrade",
           CASE WHEN ${approved} THEN e.final_grade END AS "finalGrade",
           CASE WHEN ${approved} THEN e.results_text END AS "resultsText", CASE WHEN ${approved} THEN e.plan_text END AS "planText",
           CASE WHEN ${approved} THEN e.issues_text END AS "issuesText",
           ${isoTimestamp(sql`r.published_at`)} AS "publishedAt"
    FROM entries e JOIN rounds r ON r.id = e.round_id JOIN plan_items i ON i.id = e.item_id
    JOIN top ON top.item_id = i.id JOIN plan_items t ON t.id = top.ancestor_id
    JOIN plans p ON p.id = r.plan_id JOIN organisations org ON org.id = p.organisation_id
    LEFT JOIN evaluation_scales s ON s.id = p.scale_id
    WHERE ${sql.join(where, sql` AND `)}
    ORDER BY e.id LIMIT ${page.limit}`);
}

export interface ScaleRow {
  code: string;
  name: string;
  description: string | null;
  grades: { code: string; label: string; description: string; color: string; kind: 'graded' | 'not_measurable' | 'not_implemented' }[];
  rule: unknown;
}

/** The evaluation scale of a public plan, if it has one. */
export async function planScale(db: Queryable, planCode: string): Promise<ScaleRow | undefined> {
  const [row] = await queryRows<ScaleRow>(db, sql`
    SELECT s.code, s.name, s.description, s.grades, s.rule
    FROM plans p JOIN evaluation_scales s ON s.id = p.scale_id WHERE p.code = ${planCode} AND ${PUBLIC_PLAN}`);
  return row;
}

// ───────────────────────────── search ─────────────────────────────

export interface SearchHit extends OwnerColumns {
  kind: 'item' | 'indicator';
  id: number;
  code: string;
  itemCode: string;
  name: string;
  description: string | null;
}

/** Items and indicators whose name or description contains the words, items first, by id. */
export async function search(db: Queryable, scope: Scope, q: string, page: { after?: { kind: 'item' | 'indicator'; id: number }; limit: number }): Promise<SearchHit[]> {
  const pattern = likePattern(q);
  const rank = (kind: string) => (kind === 'item' ? 0 : 1);
  const after = page.after ? sql`(rank, id) > (${rank(page.after.kind)}, ${page.after.id})` : sql`TRUE`;
  return queryRows<SearchHit>(db, sql`
    SELECT kind, id, "localGovernmentCode", "organisationCode", "organisationName", "planCode", "planTitle", code, "itemCode", name, description
    FROM (
      SELECT 0 AS rank, 'item' AS kind, i.id, ${OWNER}, i.code, i.code AS "itemCode", i.name, i.description
      FROM plan_items i JOIN plans p ON p.id = i.plan_id JOIN organisations org ON org.id = p.organisation_id
      WHERE ${scopeWhere(scope)} AND (i.name ILIKE ${pattern} OR coalesce(i.description, '') ILIKE ${pattern} OR coalesce(i.numeric_target_text, '') ILIKE ${pattern})
      UNION ALL
      SELECT 1 AS rank, 'indicator' AS kind, ind.id, ${OWNER}, ind.code, i.code AS "itemCode", ind.name, ind.notes AS description
      FROM indicators ind JOIN plan_items i ON i.id = ind.item_id JOIN plans p ON p.id = ind.plan_id
      JOIN organisations org ON org.id = p.organisation_id
      WHERE ${scopeWhere(scope)} AND (ind.name ILIKE ${pattern} OR coalesce(ind.category, '') ILIKE ${pattern})
    ) hits
    WHERE ${after}
    ORDER BY rank, id LIMIT ${page.limit}`);
}

function likePattern(words: string): string {
  return `%${words.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

// ───────────────────────────── the directory of the open data page ─────────────────────────────

export interface DirectoryRow {
  planCode: string;
  planTitle: string;
  organisationCode: string;
  organisationName: string;
}

/**
 * Public plans with their organisation, for the open data page: those whose plan title or
 * organisation name contains `q` (all when absent), by organisation code then plan, one page of
 * `limit` from `offset`, with how many there are in all.
 */
export async function planDirectory(db: Queryable, filter: { q?: string | undefined; offset: number; limit: number }): Promise<{ total: number; rows: DirectoryRow[] }> {
  const matches = filter.q === undefined ? sql`TRUE` : sql`(p.title ILIKE ${likePattern(filter.q)} OR org.name ILIKE ${likePattern(filter.q)} OR org.code = ${filter.q})`;
  const from = sql`FROM plans p JOIN organisations org ON org.id = p.organisation_id WHERE ${PUBLIC_PLAN} AND ${matches}`;
  const [count] = await queryRows<{ total: number }>(db, sql`SELECT count(*)::int AS total ${from}`);
  const rows = await queryRows<DirectoryRow>(db, sql`
    SELECT p.code AS "planCode", p.title AS "planTitle", org.code AS "organisationCode", org.name AS "organisationName"
    ${from}
    ORDER BY org.code, p.period_start_fy, p.code LIMIT ${filter.limit} OFFSET ${filter.offset}`);
  return { total: count?.total ?? 0, rows };
}

/** A person-readable name of a scope (「札幌市 第2期 …」, 「仙台市」, 「全データ」), or undefined when it does not exist or is not public. */
export async function scopeTitle(db: Queryable, scope: Scope): Promise<string | undefined> {
  if (scope.kind === 'all') return '全データ';
  if (scope.kind === 'organisation') {
    const [row] = await queryRows<{ name: string }>(db, sql`SELECT name FROM organisations WHERE code = ${scope.code}`);
    return row?.name;
  }
  const [row] = await queryRows<{ title: string }>(db, sql`
    SELECT org.name || ' ' || p.title AS title FROM plans p JOIN organisations org ON org.id = p.organisation_id
    WHERE ${scopeWhere(scope)}`);
  return row?.title;
}
