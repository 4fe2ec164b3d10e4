// A plan page's data is loaded once per version of the plan and shared (the Japanese and the
// English page after a change): kept while the plan does not change, also when another plan
// does; loaded again after a change to the plan itself; never kept for a plan that is not public.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { and, eq, isNull } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../test-support/database.js';
import { prepareBundledData } from '../datasets/bundled.js';
import { planItems, plans } from '../db/schema.js';
import { PlanPageDataCache } from './plan-page-data.js';

let database: TestDatabase;
before(async () => {
  database = await createTestDatabase();
  await prepareBundledData(database);
});
after(() => database.close());

async function firstRoot(code: string) {
  const [root] = await database.db
    .select({ id: planItems.id, name: planItems.name })
    .from(planItems)
    .innerJoin(plans, eq(plans.id, planItems.planId))
    .where(and(eq(plans.code, code), isNull(planItems.parentId)))
    .orderBy(planItems.position)
    .limit(1);
  assert.ok(root);
  return root;
}

test("a plan's data is kept while it does not change, also when another plan changes, and loaded again when it does", async () => {
  const cache = new PlanPageDataCache(database.db);
  const first = await cache.get('sapporo-2nd');
  assert.ok(first);
  assert.equal(first.ref.code, 'sapporo-2nd');
  assert.equal(first.tree.plan.code, 'sapporo-2nd');
  assert.strictEqual(await cache.get('sapporo-2nd'), first, 'same version: the data loaded before');

  const sendaiRoot = await firstRoot('sendai-2021');
  await database.db.update(planItems).set({ name: `${sendaiRoot.name}（改）` }).where(eq(planItems.id, sendaiRoot.id));
  assert.strictEqual(await cache.get('sapporo-2nd'), first, "a change to Sendai's plan leaves Sapporo's data kept");

  const root = await firstRoot('sapporo-2nd');
  await database.db.update(planItems).set({ name: '名前を変えた分野' }).where(eq(planItems.id, root.id));
  const second = await cache.get('sapporo-2nd');
  assert.ok(second);
  assert.notStrictEqual(second, first);
  assert.equal(second.tree.roots[0]?.name, '名前を変えた分野');
  assert.equal(first.tree.roots[0]?.name, root.name, 'the data loaded before is left as it was');
});

test('a plan that is not public, or does not exist, has no data and nothing is kept for it', async () => {
  const cache = new PlanPageDataCache(database.db);
  assert.equal(await cache.get('no-such-plan'), undefined);
  const [plan] = await database.db.select({ status: plans.status }).from(plans).where(eq(plans.code, 'sendai-2016'));
  assert.ok(plan && plan.status !== 'draft');
  await database.db.update(plans).set({ status: 'draft' }).where(eq(plans.code, 'sendai-2016'));
  assert.equal(await cache.get('sendai-2016'), undefined);
  await database.db.update(plans).set({ status: plan.status }).where(eq(plans.code, 'sendai-2016'));
  const published = await cache.get('sendai-2016');
  assert.equal(published?.ref.code, 'sendai-2016', 'published again: loaded, not the empty answer of before');
});

test('at most `max` plans are kept: the one asked for longest ago leaves first', async () => {
  const cache = new PlanPageDataCache(database.db, 2);
  const sendai = await cache.get('sendai-2021');
  const sapporo = await cache.get('sapporo-2nd');
  assert.strictEqual(await cache.get('sendai-2021'), sendai);
  await cache.get('sendai-2016'); // three plans: Sapporo, asked for longest ago, leaves
  assert.strictEqual(await cache.get('sendai-2021'), sendai);
  assert.notStrictEqual(await cache.get('sapporo-2nd'), sapporo);
});
