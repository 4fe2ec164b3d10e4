// Sessions and scopes in the database. The cookie carries a random token; the table keeps only
// its SHA-256, so a copy of the database cannot be used to sign in.
import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gt, inArray, isNull, lt, sql } from 'drizzle-orm';
import type { Queryable } from '../db/client.js';
import { departments, sessions, userScopes, users } from '../db/schema.js';
import type { Role, SessionUser } from './policy.js';

/** Sessions last 12 hours after sign-in (a working day), then the user signs in again. */
export const SESSION_HOURS = 12;

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export interface SessionRow {
  id: string;
  userId: number;
  csrfToken: string;
}

export async function insertSession(
  db: Queryable,
  userId: number,
  meta: { ipAddress: string | null; userAgent: string | null },
): Promise<{ token: string; csrfToken: string; expiresAt: Date }> {
  const token = newToken();
  const csrfToken = newToken();
  const expiresAt = new Date(Date.now() + SESSION_HOURS * 3600_000);
  await db.insert(sessions).values({ id: hashToken(token), userId, csrfToken, expiresAt, ipAddress: meta.ipAddress, userAgent: meta.userAgent?.slice(0, 500) ?? null });
  return { token, csrfToken, expiresAt };
}

/** The live session of a cookie token and its (enabled) user, or undefined. */
export async function findSession(db: Queryable, token: string): Promise<{ session: SessionRow; user: SessionUser } | undefined> {
  const [row] = await db
    .select({ session: { id: sessions.id, userId: sessions.userId, csrfToken: sessions.csrfToken }, user: users })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.id, hashToken(token)), gt(sessions.expiresAt, new Date()), isNull(users.disabledAt)))
    .limit(1);
  if (!row) return undefined;
  const scopes = await scopesOf(db, row.user.id);
  return {
    session: row.session,
    user: {
      id: row.user.id,
      login: row.user.login,
      displayName: row.user.displayName,
      role: row.user.role as Role,
      organisationId: row.user.organisationId,
      mustChangePassword: row.user.passwordMustChange,
      ...scopes,
    },
  };
}

/**
 * A user's scopes; a scoped 局 brings every department under it (any depth), and every scoped
 * department brings the others of its reorganisation chain (those sharing its current
 * department: the 課 it was renamed from, those merged into it), so the editor of a new 課 acts
 * for items still owned by the old one.
 */
export async function scopesOf(db: Queryable, userId: number): Promise<{ departmentIds: number[]; planIds: number[] }> {
  const rows = await db.select().from(userScopes).where(eq(userScopes.userId, userId));
  const planIds = rows.flatMap((r) => (r.planId !== null && r.departmentId === null ? [r.planId] : []));
  const direct = await sameChain(db, rows.flatMap((r) => (r.departmentId !== null ? [r.departmentId] : [])));
  const all = new Set(direct);
  let frontier = direct;
  while (frontier.length > 0) {
    const children = await db.select({ id: departments.id }).from(departments).where(inArray(departments.parentId, frontier));
    frontier = children.map((c) => c.id).filter((id) => !all.has(id));
    for (const id of frontier) all.add(id);
  }
  const withChains = await sameChain(db, [...all]);
  return { departmentIds: withChains.sort((a, b) => a - b), planIds };
}

/** The departments sharing a current department (coalesce(current_id, id)) with one of `ids`, those included. */
async function sameChain(db: Queryable, ids: readonly number[]): Promise<number[]> {
  if (ids.length === 0) return [];
  const currentOf = sql`coalesce(${departments.currentId}, ${departments.id})`;
  const rows = await db
    .select({ id: departments.id })
    .from(departments)
    .where(inArray(currentOf, db.select({ id: currentOf }).from(departments).where(inArray(departments.id, [...ids]))));
  return [...new Set([...ids, ...rows.map((r) => r.id)])];
}

export async function deleteSession(db: Queryable, sessionId: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.id, sessionId));
}

/** Signs a user out everywhere except, optionally, one session (after a password change). */
export async function deleteSessionsOf(db: Queryable, userId: number, except?: string): Promise<void> {
  const rows = await db.select({ id: sessions.id }).from(sessions).where(eq(sessions.userId, userId));
  const ids = rows.map((r) => r.id).filter((id) => id !== except);
  if (ids.length > 0) await db.delete(sessions).where(inArray(sessions.id, ids));
}

export async function deleteExpiredSessions(db: Queryable): Promise<void> {
  await db.delete(sessions).where(lt(sessions.expiresAt, new Date()));
}

export async function addUserScope(db: Queryable, userId: number, scope: { departmentId?: number; planId?: number }): Promise<void> {
  await db.insert(userScopes).values({ userId, departmentId: scope.departmentId ?? null, planId: scope.planId ?? null }).onConflictDoNothing();
}
