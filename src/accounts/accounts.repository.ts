// Database access for the accounts of one organisation (the admin's account pages). Every function
// takes the transaction (or database) it runs in.
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Queryable } from '../db/client.js';
import { departments, plans, users, userScopes } from '../db/schema.js';
import type { UserRow } from '../auth/users.repository.js';

/** An account without its password hash. */
export type AccountRow = Omit<UserRow, 'passwordHash'>;

/** What an account acts for: a department (an ended one still shows) or a whole plan. */
export interface AccountScope {
  departmentId: number | null;
  planId: number | null;
  /** 局 課 for a department, the title for a plan. */
  label: string;
  ended: boolean;
}

export interface Account extends AccountRow {
  scopes: AccountScope[];
}

const accountColumns = {
  id: users.id,
  organisationId: users.organisationId,
  login: users.login,
  email: users.email,
  displayName: users.displayName,
  role: users.role,
  disabledAt: users.disabledAt,
  passwordChangedAt: users.passwordChangedAt,
  passwordMustChange: users.passwordMustChange,
  lastSignInAt: users.lastSignInAt,
  createdAt: users.createdAt,
};

/** The accounts of an organisation with their scopes, by login. */
export async function accountsOf(db: Queryable, organisationId: number): Promise<Account[]> {
  const rows = await db.select(accountColumns).from(users).where(eq(users.organisationId, organisationId)).orderBy(asc(users.login));
  const scopes = await scopesOfAccounts(db, rows.map((r) => r.id));
  return rows.map((row) => ({ ...row, scopes: scopes.get(row.id) ?? [] }));
}

/** One account of the organisation, locked for update when it is about to change. */
export async function findAccount(db: Queryable, organisationId: number, id: number, options: { forUpdate?: boolean } = {}): Promise<Account | undefined> {
  const query = db.select(accountColumns).from(users).where(and(eq(users.organisationId, organisationId), eq(users.id, id)));
  const [row] = options.forUpdate ? await query.for('update') : await query;
  if (!row) return undefined;
  return { ...row, scopes: (await scopesOfAccounts(db, [row.id])).get(row.id) ?? [] };
}

/** Any account of the installation by its login, locked for update (the operator's commands). */
export async function lockedAccountByLogin(tx: Queryable, login: string): Promise<AccountRow | undefined> {
  const [row] = await tx.select(accountColumns).from(users).where(eq(users.login, login)).for('update');
  return row;
}

async function scopesOfAccounts(db: Queryable, userIds: readonly number[]): Promise<Map<number, AccountScope[]>> {
  const found = new Map<number, AccountScope[]>();
  if (userIds.length === 0) return found;
  const rows = await db
    .select({ userId: userScopes.userId, departmentId: userScopes.departmentId, planId: userScopes.planId, departmentName: departments.name, departmentEnd: departments.endKind, parentId: departments.parentId, planTitle: plans.title })
    .from(userScopes)
    .leftJoin(departments, eq(departments.id, userScopes.departmentId))
    .leftJoin(plans, eq(plans.id, userScopes.planId))
    .where(inArray(userScopes.userId, [...userIds]))
    .orderBy(asc(departments.code), asc(plans.code));
  const parentIds = [...new Set(rows.flatMap((r) => (r.parentId !== null ? [r.parentId] : [])))];
  const parents = parentIds.length === 0 ? [] : await db.select({ id: departments.id, name: departments.name }).from(departments).where(inArray(departments.id, parentIds));
  const parentName = new Map(parents.map((p) => [p.id, p.name]));
  for (const row of rows) {
    const label = row.departmentId !== null ? [row.parentId !== null ? parentName.get(row.parentId) : undefined, row.departmentName].filter(Boolean).join(' ') : (row.planTitle ?? '');
    const scope: AccountScope = { departmentId: row.departmentId, planId: row.planId, label, ended: row.departmentEnd !== null && row.departmentEnd !== undefined };
    found.set(row.userId, [...(found.get(row.userId) ?? []), scope]);
  }
  return found;
}

export async function updateAccountRow(tx: Queryable, id: number, fields: Partial<Pick<UserRow, 'displayName' | 'email' | 'role' | 'disabledAt' | 'passwordHash' | 'passwordChangedAt' | 'passwordMustChange'>>): Promise<void> {
  await tx.update(users).set(fields).where(eq(users.id, id));
}

/** Replaces an account's scopes with these departments and plans. */
export async function replaceScopes(tx: Queryable, userId: number, scope: { departmentIds: readonly number[]; planIds: readonly number[] }): Promise<void> {
  await tx.delete(userScopes).where(eq(userScopes.userId, userId));
  const values = [...scope.departmentIds.map((departmentId) => ({ userId, departmentId, planId: null })), ...scope.planIds.map((planId) => ({ userId, departmentId: null, planId }))];
  if (values.length > 0) await tx.insert(userScopes).values(values);
}

/** The plans of an organisation, for the scope choices: id, code, title. */
export async function plansOfOrganisation(db: Queryable, organisationId: number): Promise<{ id: number; code: string; title: string }[]> {
  return db.select({ id: plans.id, code: plans.code, title: plans.title }).from(plans).where(eq(plans.organisationId, organisationId)).orderBy(asc(plans.code));
}
