// Database access for accounts. Every function takes the transaction (or database) it runs in.
import { and, eq, inArray } from 'drizzle-orm';
import type { Queryable } from '../db/client.js';
import { departments, plans, users, organisations } from '../db/schema.js';

export type UserRow = typeof users.$inferSelect;
export type NewUser = typeof users.$inferInsert;

export async function findUserByLogin(db: Queryable, login: string): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(eq(users.login, login)).limit(1);
  return row;
}

/** Notes a successful sign-in (users.last_sign_in_at). */
export async function recordSignIn(tx: Queryable, userId: number, at = new Date()): Promise<void> {
  await tx.update(users).set({ lastSignInAt: at }).where(eq(users.id, userId));
}

export async function insertUser(tx: Queryable, user: NewUser): Promise<UserRow> {
  const [row] = await tx.insert(users).values(user).returning();
  if (!row) throw new Error('insert into users returned no row');
  return row;
}

export async function findOrganisationIdByCode(db: Queryable, code: string): Promise<number | undefined> {
  const [row] = await db.select({ id: organisations.id }).from(organisations).where(eq(organisations.code, code)).limit(1);
  return row?.id;
}

/** Departments by code (within one organisation when given): code → ids (several if ambiguous). */
export async function findDepartmentsByCode(db: Queryable, codes: readonly string[], organisationId: number | null): Promise<Map<string, number[]>> {
  const found = new Map<string, number[]>();
  if (codes.length === 0) return found;
  const rows = await db
    .select({ id: departments.id, code: departments.code })
    .from(departments)
    .where(organisationId === null ? inArray(departments.code, [...codes]) : and(inArray(departments.code, [...codes]), eq(departments.organisationId, organisationId)));
  for (const row of rows) found.set(row.code, [...(found.get(row.code) ?? []), row.id]);
  return found;
}

export async function findPlanIdsByCode(db: Queryable, codes: readonly string[]): Promise<Map<string, number>> {
  if (codes.length === 0) return new Map();
  const rows = await db.select({ id: plans.id, code: plans.code }).from(plans).where(inArray(plans.code, [...codes]));
  return new Map(rows.map((r) => [r.code, r.id]));
}
