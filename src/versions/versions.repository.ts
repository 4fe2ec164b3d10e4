// Database access for plan versions (策定, 中間見直し …) and the continuation of items across
// plans. Every function takes the transaction (or database) it runs in.
import { and, asc, desc, eq, lte, max } from 'drizzle-orm';
import type { Queryable } from '../db/client.js';
import { planItems, plans, planVersions, rounds } from '../db/schema.js';

export type PlanVersionRow = typeof planVersions.$inferSelect;
export type PlanRow = typeof plans.$inferSelect;

export { findPlanByCode as findPlan } from '../plans/plans.repository.js';

/** A plan locked for update, so two versions of one plan never get the same number. */
export async function lockPlan(db: Queryable, planId: number): Promise<PlanRow | undefined> {
  const [row] = await db.select().from(plans).where(eq(plans.id, planId)).for('update');
  return row;
}

/** Versions of a plan, oldest first (without their snapshots). */
export async function listVersions(db: Queryable, planId: number): Promise<Omit<PlanVersionRow, 'snapshot'>[]> {
  return db
    .select({ id: planVersions.id, planId: planVersions.planId, number: planVersions.number, name: planVersions.name, adoptedOn: planVersions.adoptedOn, note: planVersions.note, createdBy: planVersions.createdBy, createdAt: planVersions.createdAt })
    .from(planVersions)
    .where(eq(planVersions.planId, planId))
    .orderBy(asc(planVersions.number));
}

export async function findVersion(db: Queryable, planId: number, number: number): Promise<PlanVersionRow | undefined> {
  const [row] = await db.select().from(planVersions).where(and(eq(planVersions.planId, planId), eq(planVersions.number, number)));
  return row;
}

export async function latestVersion(db: Queryable, planId: number): Promise<PlanVersionRow | undefined> {
  const [row] = await db.select().from(planVersions).where(eq(planVersions.planId, planId)).orderBy(desc(planVersions.number)).limit(1);
  return row;
}

/** The version in force on a date: the latest adopted on or before it, else the latest of all. */
export async function versionInForceOn(db: Queryable, planId: number, date: string): Promise<PlanVersionRow | undefined> {
  const [adopted] = await db
    .select()
    .from(planVersions)
    .where(and(eq(planVersions.planId, planId), lte(planVersions.adoptedOn, date)))
    .orderBy(desc(planVersions.adoptedOn), desc(planVersions.number))
    .limit(1);
  return adopted ?? latestVersion(db, planId);
}

export async function nextVersionNumber(db: Queryable, planId: number): Promise<number> {
  const [row] = await db.select({ last: max(planVersions.number) }).from(planVersions).where(eq(planVersions.planId, planId));
  return (row?.last ?? 0) + 1;
}

export async function insertVersion(db: Queryable, values: typeof planVersions.$inferInsert): Promise<PlanVersionRow> {
  const [row] = await db.insert(planVersions).values(values).returning();
  if (!row) throw new Error('insert into plan_versions returned no row');
  return row;
}

/** Items of a plan that are retired (廃止), by code: the dataset format has no field for them. */
export async function retiredItems(db: Queryable, planId: number): Promise<Record<string, { at: string; reason: string | null }>> {
  const rows = await db.select({ code: planItems.code, at: planItems.retiredAt, reason: planItems.retiredReason }).from(planItems).where(eq(planItems.planId, planId));
  return Object.fromEntries(rows.flatMap((r) => (r.at ? [[r.code, { at: r.at, reason: r.reason }]] : [])));
}

/** The version each round of a plan was judged against, by fiscal year (rounds closed since versions exist). */
export async function roundBases(db: Queryable, planId: number): Promise<Map<number, Pick<PlanVersionRow, 'number' | 'name' | 'adoptedOn'>>> {
  const rows = await db
    .select({ fiscalYear: rounds.fiscalYear, number: planVersions.number, name: planVersions.name, adoptedOn: planVersions.adoptedOn })
    .from(rounds)
    .innerJoin(planVersions, eq(planVersions.id, rounds.planVersionId))
    .where(eq(rounds.planId, planId));
  return new Map(rows.map((r) => [r.fiscalYear, { number: r.number, name: r.name, adoptedOn: r.adoptedOn }]));
}
