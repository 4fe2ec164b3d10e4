// API tokens in the database: only the SHA-256 of a token is stored (as for sessions), with its
// first characters to recognise it in a list; a token finds its enabled user and that user's scopes,
// and nothing while the user signs in with a password 本部 issued (a reset revokes the tokens too).
import { and, desc, eq, gt, isNull, or } from 'drizzle-orm';
import type { Queryable } from '../db/client.js';
import { apiTokens, users } from '../db/schema.js';
import type { Role, SessionUser } from '../auth/policy.js';
import { hashToken, scopesOf } from '../auth/sessions.repository.js';

export type ApiTokenRow = typeof apiTokens.$inferSelect;

export async function insertApiToken(db: Queryable, values: { userId: number; name: string; token: string; prefix: string; expiresAt: Date | null }): Promise<ApiTokenRow> {
  const [row] = await db
    .insert(apiTokens)
    .values({ userId: values.userId, name: values.name, tokenHash: hashToken(values.token), tokenPrefix: values.prefix, expiresAt: values.expiresAt })
    .returning();
  if (!row) throw new Error('api token insert returned no row');
  return row;
}

/** The user behind a live token (not revoked, not expired, account enabled, its own password set), and notes the use. */
export async function findTokenUser(db: Queryable, token: string): Promise<{ tokenId: number; user: SessionUser } | undefined> {
  const now = new Date();
  const [row] = await db
    .select({ tokenId: apiTokens.id, user: users })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(and(eq(apiTokens.tokenHash, hashToken(token)), isNull(apiTokens.revokedAt), or(isNull(apiTokens.expiresAt), gt(apiTokens.expiresAt, now)), isNull(users.disabledAt), eq(users.passwordMustChange, false)))
    .limit(1);
  if (!row) return undefined;
  await db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, row.tokenId));
  const scopes = await scopesOf(db, row.user.id);
  return {
    tokenId: row.tokenId,
    user: { id: row.user.id, login: row.user.login, displayName: row.user.displayName, role: row.user.role as Role, organisationId: row.user.organisationId, ...scopes },
  };
}

export async function findApiToken(db: Queryable, id: number): Promise<ApiTokenRow | undefined> {
  const [row] = await db.select().from(apiTokens).where(eq(apiTokens.id, id));
  return row;
}

export async function markRevoked(db: Queryable, id: number): Promise<ApiTokenRow | undefined> {
  const [row] = await db.update(apiTokens).set({ revokedAt: new Date() }).where(and(eq(apiTokens.id, id), isNull(apiTokens.revokedAt))).returning();
  return row;
}

/** Revokes every live token of a user (a password reset); returns the ids revoked. */
export async function revokeTokensOf(db: Queryable, userId: number): Promise<number[]> {
  const rows = await db.update(apiTokens).set({ revokedAt: new Date() }).where(and(eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt))).returning({ id: apiTokens.id });
  return rows.map((r) => r.id).sort((a, b) => a - b);
}

export async function listApiTokens(db: Queryable, userId: number): Promise<ApiTokenRow[]> {
  return db.select().from(apiTokens).where(eq(apiTokens.userId, userId)).orderBy(desc(apiTokens.id));
}

export async function findEnabledUser(db: Queryable, login: string): Promise<typeof users.$inferSelect | undefined> {
  const [row] = await db.select().from(users).where(and(eq(users.login, login), isNull(users.disabledAt)));
  return row;
}
