// Database access for plan authoring: organisations, plans, the item tree with its owners,
// indicators with targets and observations, and evaluation scales. Every function takes a
// Queryable first, so commands run them inside their transaction.
import { and, asc, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import { queryRows, type Queryable } from '../db/client.js';
import {
  departments,
  evaluationScales,
  indicators,
  itemDepartments,
  observations,
  organisations,
  planItems,
  plans,
  targets,
} from '../db/schema.js';

export type OrganisationRow = typeof organisations.$inferSelect;
export type PlanRow = typeof plans.$inferSelect;
export type ItemRow = typeof planItems.$inferSelect;
export type IndicatorRow = typeof indicators.$inferSelect;
export type TargetRow = typeof targets.$inferSelect;
export type ScaleRow = typeof evaluationScales.$inferSelect;

/** Organisations a user sees: its own, or every one for an installation-wide user (null). */
export async function listOrganisations(db: Queryable, onlyId: number | null): Promise<OrganisationRow[]> {
  const query = db.select().from(organisations);
  return (onlyId === null ? query : query.where(eq(organisations.id, onlyId))).orderBy(asc(organisations.code));
}

export async function findOrganisation(db: Queryable, code: string): Promise<OrganisationRow | undefined> {
  const [row] = await db.select().from(organisations).where(eq(organisations.code, code));
  return row;
}

export async function findOrganisationById(db: Queryable, id: number): Promise<OrganisationRow | undefined> {
  const [row] = await db.select().from(organisations).where(eq(organisations.id, id));
  return row;
}

export async function plansOfOrganisations(db: Queryable, organisationIds: readonly number[]): Promise<PlanRow[]> {
  if (organisationIds.length === 0) return [];
  return db.select().from(plans).where(inArray(plans.organisationId, [...organisationIds])).orderBy(asc(plans.periodStartFy), asc(plans.code));
}

export { findPlanByCode as findPlan } from '../plans/plans.repository.js';

/** Departments that carry work today (not renamed, merged or abolished), 局 before their 課. */
export interface DepartmentChoice {
  id: number;
  code: string;
  name: string;
  parentName: string | null;
}

export async function currentDepartments(db: Queryable, organisationId: number): Promise<DepartmentChoice[]> {
  return queryRows<DepartmentChoice>(
    db,
    sql`SELECT d.id, d.code, d.name, p.name AS "parentName"
          FROM departments d LEFT JOIN departments p ON p.id = d.parent_id
         WHERE d.organisation_id = ${organisationId} AND d.end_kind IS NULL AND d.current_id IS NULL
         ORDER BY coalesce(p.code, d.code), d.parent_id NULLS FIRST, d.code`,
  );
}

export async function departmentsByIds(db: Queryable, ids: readonly number[]) {
  if (ids.length === 0) return [];
  return db.select().from(departments).where(inArray(departments.id, [...ids]));
}

// ───────────────────────────── the item tree ─────────────────────────────

export interface ItemOwner {
  departmentId: number;
  name: string;
  role: string;
  position: number;
  textAsWritten: string | null;
}

export interface AdminItem extends ItemRow {
  owners: ItemOwner[];
  indicatorCount: number;
}

export async function itemsOfPlan(db: Queryable, planId: number): Promise<AdminItem[]> {
  const rows = await db.select().from(planItems).where(eq(planItems.planId, planId)).orderBy(asc(planItems.depth), asc(planItems.position), asc(planItems.code));
  const owners = await db
    .select({ itemId: itemDepartments.itemId, departmentId: itemDepartments.departmentId, name: departments.name, role: itemDepartments.role, position: itemDepartments.position, textAsWritten: itemDepartments.textAsWritten })
    .from(itemDepartments)
    .innerJoin(planItems, eq(planItems.id, itemDepartments.itemId))
    .innerJoin(departments, eq(departments.id, itemDepartments.departmentId))
    .where(eq(planItems.planId, planId))
    .orderBy(asc(itemDepartments.position));
  const counts = await db
    .select({ itemId: indicators.itemId, count: sql<number>`count(*)::int` })
    .from(indicators)
    .where(eq(indicators.planId, planId))
    .groupBy(indicators.itemId);
  const countOf = new Map(counts.map((c) => [c.itemId, Number(c.count)]));
  return rows.map((row) => ({
    ...row,
    owners: owners.filter((o) => o.itemId === row.id).map(({ departmentId, name, role, position, textAsWritten }) => ({ departmentId, name, role, position, textAsWritten })),
    indicatorCount: countOf.get(row.id) ?? 0,
  }));
}

export async function findItem(db: Queryable, planId: number, code: string): Promise<ItemRow | undefined> {
  const [row] = await db.select().from(planItems).where(and(eq(planItems.planId, planId), eq(planItems.code, code)));
  return row;
}

export async function findItemById(db: Queryable, id: number): Promise<ItemRow | undefined> {
  const [row] = await db.select().from(planItems).where(eq(planItems.id, id));
  return row;
}

export async function ownersOfItem(db: Queryable, itemId: number) {
  return db.select().from(itemDepartments).where(eq(itemDepartments.itemId, itemId)).orderBy(asc(itemDepartments.position));
}

/** What hangs on an item and would be lost with it: entries of rounds, observations, children, relistings. */
export interface ItemAttachments {
  entries: number;
  observations: number;
  children: number;
  relistings: number;
}

export async function attachmentsOfItem(db: Queryable, itemId: number): Promise<ItemAttachments> {
  const [row] = await queryRows<ItemAttachments>(
    db,
    sql`SELECT (SELECT count(*)::int FROM entries WHERE item_id = ${itemId}) AS entries,
               (SELECT count(*)::int FROM observations o JOIN indicators i ON i.id = o.indicator_id WHERE i.item_id = ${itemId}) AS observations,
               (SELECT count(*)::int FROM plan_items WHERE parent_id = ${itemId}) AS children,
               (SELECT count(*)::int FROM plan_items WHERE relist_of_id = ${itemId}) AS relistings`,
  );
  return {
    entries: Number(row?.entries ?? 0),
    observations: Number(row?.observations ?? 0),
    children: Number(row?.children ?? 0),
    relistings: Number(row?.relistings ?? 0),
  };
}

// ───────────────────────────── indicators and targets ─────────────────────────────

export interface AdminIndicator extends IndicatorRow {
  targets: TargetRow[];
  observations: (typeof observations.$inferSelect)[];
}

export async function indicatorsOfItem(db: Queryable, itemId: number): Promise<AdminIndicator[]> {
  const rows = await db.select().from(indicators).where(eq(indicators.itemId, itemId)).orderBy(asc(indicators.position), asc(indicators.id));
  return withTargets(db, rows);
}

export async function findIndicator(db: Queryable, planId: number, code: string): Promise<AdminIndicator | undefined> {
  const rows = await db.select().from(indicators).where(and(eq(indicators.planId, planId), eq(indicators.code, code)));
  const [found] = await withTargets(db, rows);
  return found;
}

async function withTargets(db: Queryable, rows: IndicatorRow[]): Promise<AdminIndicator[]> {
  const ids = rows.map((r) => r.id);
  if (ids.length === 0) return [];
  const targetRows = await db.select().from(targets).where(inArray(targets.indicatorId, ids)).orderBy(asc(targets.position), asc(targets.id));
  const observationRows = await db.select().from(observations).where(inArray(observations.indicatorId, ids)).orderBy(asc(observations.fiscalYear), asc(observations.kind));
  return rows.map((row) => ({
    ...row,
    targets: targetRows.filter((t) => t.indicatorId === row.id),
    observations: observationRows.filter((o) => o.indicatorId === row.id),
  }));
}

/** What makes an indicator data rather than a draft: its observations (実績値) and a link from the comparison catalogue. */
export interface IndicatorAttachments {
  observations: number;
  targets: number;
  /** The catalogue entry (都市間比較カタログ) that links this indicator, if any. */
  catalogue: { code: string; name: string } | null;
}

export async function attachmentsOfIndicator(db: Queryable, indicatorId: number): Promise<IndicatorAttachments> {
  const [row] = await queryRows<{ observations: number; targets: number; catalogueCode: string | null; catalogueName: string | null }>(
    db,
    sql`SELECT (SELECT count(*)::int FROM observations WHERE indicator_id = ${indicatorId}) AS observations,
               (SELECT count(*)::int FROM targets WHERE indicator_id = ${indicatorId}) AS targets,
               c.code AS "catalogueCode", c.name AS "catalogueName"
          FROM (SELECT 1) AS one
          LEFT JOIN catalogue_links l ON l.indicator_id = ${indicatorId}
          LEFT JOIN catalogue_indicators c ON c.id = l.catalogue_id`,
  );
  return {
    observations: Number(row?.observations ?? 0),
    targets: Number(row?.targets ?? 0),
    catalogue: row?.catalogueCode && row.catalogueName ? { code: row.catalogueCode, name: row.catalogueName } : null,
  };
}

export async function findIndicatorById(db: Queryable, id: number): Promise<IndicatorRow | undefined> {
  const [row] = await db.select().from(indicators).where(eq(indicators.id, id));
  return row;
}

export async function findTarget(db: Queryable, id: number): Promise<TargetRow | undefined> {
  const [row] = await db.select().from(targets).where(eq(targets.id, id));
  return row;
}

// ───────────────────────────── scales ─────────────────────────────

/** Scales a user may choose: the shipped ones (no organisation) and its organisations' own. */
export async function scalesVisibleTo(db: Queryable, organisationId: number | null): Promise<ScaleRow[]> {
  const query = db.select().from(evaluationScales);
  return (organisationId === null ? query : query.where(or(isNull(evaluationScales.organisationId), eq(evaluationScales.organisationId, organisationId)))).orderBy(
    asc(evaluationScales.organisationId),
    asc(evaluationScales.code),
  );
}

export async function findScale(db: Queryable, code: string): Promise<ScaleRow | undefined> {
  const [row] = await db.select().from(evaluationScales).where(eq(evaluationScales.code, code));
  return row;
}

export async function findScaleById(db: Queryable, id: number): Promise<ScaleRow | undefined> {
  const [row] = await db.select().from(evaluationScales).where(eq(evaluationScales.id, id));
  return row;
}

/** Codes of the plans that use a scale. */
export async function plansUsingScale(db: Queryable, scaleId: number): Promise<string[]> {
  return (await db.select({ code: plans.code }).from(plans).where(eq(plans.scaleId, scaleId)).orderBy(asc(plans.code))).map((r) => r.code);
}
