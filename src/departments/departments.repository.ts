// Database access for departments (部署) and their reorganisations. Every function takes the
// transaction (or database) it runs in.
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { queryRows, type Queryable } from '../db/client.js';
import { auditLog, departments, organisations } from '../db/schema.js';
import { chainsOf, currentIds } from './department-history.js';

export type DepartmentRow = typeof departments.$inferSelect;
export type OrganisationRow = typeof organisations.$inferSelect;

export async function findOrganisationByCode(db: Queryable, code: string): Promise<OrganisationRow | undefined> {
  const [row] = await db.select().from(organisations).where(eq(organisations.code, code));
  return row;
}

/** Every department of an organisation, current and ended, in code order. */
export async function departmentsOf(db: Queryable, organisationId: number): Promise<DepartmentRow[]> {
  return db.select().from(departments).where(eq(departments.organisationId, organisationId)).orderBy(asc(departments.code), asc(departments.id));
}

/** One department of the organisation, locked for update when it is about to change. */
export async function findDepartment(db: Queryable, organisationId: number, id: number, options: { forUpdate?: boolean } = {}): Promise<DepartmentRow | undefined> {
  const query = db.select().from(departments).where(and(eq(departments.organisationId, organisationId), eq(departments.id, id)));
  const [row] = options.forUpdate ? await query.for('update') : await query;
  return row;
}

export async function findDepartmentByCode(db: Queryable, organisationId: number, code: string): Promise<DepartmentRow | undefined> {
  const [row] = await db.select().from(departments).where(and(eq(departments.organisationId, organisationId), eq(departments.code, code)));
  return row;
}

export async function insertDepartment(db: Queryable, values: typeof departments.$inferInsert): Promise<DepartmentRow> {
  const [row] = await db.insert(departments).values(values).returning();
  if (!row) throw new Error('insert into departments returned no row');
  return row;
}

export async function updateDepartment(db: Queryable, id: number, values: Partial<typeof departments.$inferInsert>): Promise<DepartmentRow> {
  const [row] = await db.update(departments).set(values).where(eq(departments.id, id)).returning();
  if (!row) throw new Error('update of departments returned no row');
  return row;
}

/** Moves the current departments under `fromId` (課 of a renamed 局) to `toId`; ended ones keep their 局 of the time. */
export async function reparentCurrentChildren(db: Queryable, fromId: number, toId: number): Promise<number[]> {
  const rows = await db
    .update(departments)
    .set({ parentId: toId })
    .where(and(eq(departments.parentId, fromId), isNull(departments.endKind)))
    .returning({ id: departments.id });
  return rows.map((r) => r.id);
}

/** Current departments directly under a department. */
export async function currentChildren(db: Queryable, parentId: number): Promise<DepartmentRow[]> {
  return db.select().from(departments).where(and(eq(departments.parentId, parentId), isNull(departments.endKind))).orderBy(asc(departments.code));
}

/**
 * Rewrites current_id of the organisation's departments from the successor chains (one read,
 * an update only for the rows that differ). Returns how many rows changed.
 */
export async function refreshCurrentIds(db: Queryable, organisationId: number): Promise<number> {
  const rows = await departmentsOf(db, organisationId);
  const wanted = currentIds(chainsOf(rows));
  let changed = 0;
  for (const row of rows) {
    const current = wanted.get(row.id) ?? null;
    if (row.currentId === current) continue;
    await db.update(departments).set({ currentId: current }).where(eq(departments.id, row.id));
    changed += 1;
  }
  return changed;
}

/**
 * Items of active plans (not retired, not relisted) whose every owner is this department or a
 * predecessor carried by it: abolishing it would leave them without a 担当課.
 */
export async function itemsOwnedOnlyBy(db: Queryable, departmentId: number): Promise<{ planCode: string; itemCode: string; itemName: string }[]> {
  const rows = await queryRows<{ plan_code: string; item_code: string; item_name: string }>(db, sql`
    SELECT p.code AS plan_code, i.code AS item_code, i.name AS item_name
      FROM plan_items i
      JOIN plans p ON p.id = i.plan_id
     WHERE p.status = 'active' AND i.retired_at IS NULL AND i.relist_of_id IS NULL
       AND EXISTS (SELECT 1 FROM item_departments x JOIN departments d ON d.id = x.department_id
                    WHERE x.item_id = i.id AND coalesce(d.current_id, d.id) = ${departmentId})
       AND NOT EXISTS (SELECT 1 FROM item_departments x JOIN departments d ON d.id = x.department_id
                        WHERE x.item_id = i.id AND coalesce(d.current_id, d.id) <> ${departmentId})
     ORDER BY p.code, i.id`);
  return rows.map((r) => ({ planCode: r.plan_code, itemCode: r.item_code, itemName: r.item_name }));
}

export interface DepartmentChange {
  at: Date;
  action: string;
  actor: string;
  before: unknown;
  after: unknown;
}

/** The audit rows of the organisation's departments, newest first: the history of reorganisations. */
export async function departmentChanges(db: Queryable, organisationId: number, limit = 100): Promise<DepartmentChange[]> {
  const ids = (await db.select({ id: departments.id }).from(departments).where(eq(departments.organisationId, organisationId))).map((r) => String(r.id));
  if (ids.length === 0) return [];
  const rows = await db
    .select({ at: auditLog.at, action: auditLog.action, actor: auditLog.actorLabel, before: auditLog.before, after: auditLog.after })
    .from(auditLog)
    .where(and(eq(auditLog.subjectType, 'department'), inArray(auditLog.subjectId, ids)))
    .orderBy(sql`${auditLog.id} DESC`)
    .limit(limit);
  return rows;
}
