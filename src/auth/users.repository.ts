// Database access for accounts. Every function takes the transaction (or database) it runs in.
import { eq } from 'drizzle-orm';
import type { Queryable } from '../db/client.js';
import { users, organisations } from '../db/schema.js';

export type UserRow = typeof users.$inferSelect;
export type NewUser = typeof users.$inferInsert;

export async function findUserByLogin(db: Queryable, login: string): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(eq(users.login, login)).limit(1);
  return row;
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
