// Small builders for rows the schema requires, so a test states only what it is about.
import type { Queryable } from '../db/client.js';
import { eq } from 'drizzle-orm';
import { createEntries, ownedItemIds } from '../rounds/rounds.repository.js';
import { organisations, plans, planItems, rounds } from '../db/schema.js';
import { insertTestUser } from '../auth/test-client.js';

function first<T>(rows: T[]): T {
  const [row] = rows;
  if (!row) throw new Error('insert returned no row');
  return row;
}

export async function insertOrganisation(db: Queryable, code = 'testcity', name = 'テスト市') {
  return first(await db.insert(organisations).values({ code, name }).returning());
}

/**
 * テスト市 (testcity) with its admin `hq`, and 別の市 (othercity) with its own admin `other-hq`,
 * for pages that must answer 404 to another organisation's admin. Both sign in with TEST_PASSWORD.
 */
export async function insertTwoOrganisationsWithAdmins(db: Queryable) {
  const org = await insertOrganisation(db, 'testcity', 'テスト市');
  const other = await insertOrganisation(db, 'othercity', '別の市');
  const adminId = await insertTestUser(db, { login: 'hq', role: 'admin', organisationId: org.id });
  await insertTestUser(db, { login: 'other-hq', role: 'admin', organisationId: other.id });
  return { org, other, adminId };
}

export async function insertPlan(db: Queryable, organisationId: number, code: string) {
  return first(
    await db
      .insert(plans)
      .values({ organisationId, code, title: `${code} の計画`, periodStartFy: 2021, periodEndFy: 2025, levelNames: ['分野', '基本施策', '事業'] })
      .returning(),
  );
}

export async function insertItem(
  db: Queryable,
  item: { planId: number; code: string; parentId?: number | null; depth?: number; position?: number; name?: string },
) {
  return first(
    await db
      .insert(planItems)
      .values({
        planId: item.planId,
        code: item.code,
        parentId: item.parentId ?? null,
        depth: item.depth ?? (item.parentId ? 1 : 0),
        position: item.position ?? 0,
        name: item.name ?? `項目 ${item.code}`,
      })
      .returning(),
  );
}

export async function insertRound(db: Queryable, planId: number, fiscalYear: number) {
  return first(await db.insert(rounds).values({ planId, fiscalYear }).returning());
}

/** A round of the plan for the fiscal year in 入力中, with an entry (未着手) for every item a department owns. */
export async function openEntryRound(db: Queryable, planCode: string, fiscalYear: number) {
  const [plan] = await db.select({ id: plans.id }).from(plans).where(eq(plans.code, planCode));
  if (!plan) throw new Error(`no plan ${planCode}`);
  const round = first(await db.insert(rounds).values({ planId: plan.id, fiscalYear, state: 'entry', openedAt: new Date() }).returning());
  await createEntries(db, round, await ownedItemIds(db, plan.id));
  return round;
}
