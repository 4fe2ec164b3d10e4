// Database access for copying a plan into its successor: reads the predecessor's rows and
// writes the new plan's, level by level. Every function takes the transaction it runs in.
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Queryable } from '../db/client.js';
import { departments, indicators, itemDepartments, planItems, plans, targets } from '../db/schema.js';

export type PlanItemRow = typeof planItems.$inferSelect;
export type IndicatorRow = typeof indicators.$inferSelect;
export type TargetRow = typeof targets.$inferSelect;

export async function planCodeTaken(db: Queryable, code: string): Promise<boolean> {
  const [row] = await db.select({ id: plans.id }).from(plans).where(eq(plans.code, code));
  return row !== undefined;
}

export async function insertPlan(db: Queryable, values: typeof plans.$inferInsert): Promise<typeof plans.$inferSelect> {
  const [row] = await db.insert(plans).values(values).returning();
  if (!row) throw new Error('insert into plans returned no row');
  return row;
}

/** Items in tree order (depth, then position), so parents are written before children. */
export async function itemsInTreeOrder(db: Queryable, planId: number): Promise<PlanItemRow[]> {
  return db.select().from(planItems).where(eq(planItems.planId, planId)).orderBy(asc(planItems.depth), asc(planItems.position), asc(planItems.id));
}

export async function insertItem(db: Queryable, values: typeof planItems.$inferInsert): Promise<number> {
  const [row] = await db.insert(planItems).values(values).returning({ id: planItems.id });
  if (!row) throw new Error('insert into plan_items returned no row');
  return row.id;
}

export async function setRelistOf(db: Queryable, itemId: number, relistOfId: number, relistKind: string): Promise<void> {
  await db.update(planItems).set({ relistOfId, relistKind }).where(eq(planItems.id, itemId));
}

/**
 * The owners of the items, each named by the department carrying the work today (renamed or
 * merged since: current_id), with whether that is still the department as written.
 */
export async function currentOwnersOf(db: Queryable, itemIds: readonly number[]) {
  if (itemIds.length === 0) return [];
  return db
    .select({
      itemId: itemDepartments.itemId,
      departmentId: sql<number>`coalesce(${departments.currentId}, ${departments.id})`.mapWith(Number),
      unchanged: sql<boolean>`${departments.currentId} IS NULL`,
      position: itemDepartments.position,
      role: itemDepartments.role,
      textAsWritten: itemDepartments.textAsWritten,
    })
    .from(itemDepartments)
    .innerJoin(departments, eq(departments.id, itemDepartments.departmentId))
    .where(inArray(itemDepartments.itemId, [...itemIds]))
    .orderBy(asc(itemDepartments.itemId), asc(itemDepartments.position));
}

export async function insertOwners(db: Queryable, rows: (typeof itemDepartments.$inferInsert)[]): Promise<void> {
  if (rows.length > 0) await db.insert(itemDepartments).values(rows);
}

export async function indicatorsWithTargets(db: Queryable, planId: number): Promise<{ indicator: IndicatorRow; targets: TargetRow[] }[]> {
  const rows = await db.select().from(indicators).where(eq(indicators.planId, planId)).orderBy(asc(indicators.position), asc(indicators.id));
  if (rows.length === 0) return [];
  const targetRows = await db.select().from(targets).where(inArray(targets.indicatorId, rows.map((r) => r.id))).orderBy(asc(targets.position), asc(targets.id));
  return rows.map((indicator) => ({ indicator, targets: targetRows.filter((t) => t.indicatorId === indicator.id) }));
}

export async function insertIndicator(db: Queryable, values: typeof indicators.$inferInsert): Promise<number> {
  const [row] = await db.insert(indicators).values(values).returning({ id: indicators.id });
  if (!row) throw new Error('insert into indicators returned no row');
  return row.id;
}

export async function insertTargets(db: Queryable, rows: (typeof targets.$inferInsert)[]): Promise<void> {
  if (rows.length > 0) await db.insert(targets).values(rows);
}

/** Items of the plan that continue an item of another plan (for checks and counts). */
export async function continuations(db: Queryable, planId: number): Promise<{ code: string; continuesItemId: number }[]> {
  const rows = await db
    .select({ code: planItems.code, continuesItemId: planItems.continuesItemId })
    .from(planItems)
    .where(and(eq(planItems.planId, planId), sql`${planItems.continuesItemId} IS NOT NULL`, isNull(planItems.retiredAt)));
  return rows.flatMap((r) => (r.continuesItemId === null ? [] : [{ code: r.code, continuesItemId: r.continuesItemId }]));
}
