// The database itself refuses data that breaks the domain's rules, whatever code writes it.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../test-support/database.js';
import { insertItem, insertOrganisation, insertPlan, insertRound } from '../test-support/fixtures.js';
import { entries, indicators, observations, planItems, targets } from './schema.js';
import { migrateDatabase, queryRows } from './client.js';

let database: TestDatabase;
before(async () => {
  database = await createTestDatabase();
});
after(async () => {
  await database.close();
});
beforeEach(async () => {
  await database.reset();
});

/** Resolves to the PostgreSQL error a statement raised (the driver wraps it in `cause`). */
async function pgError(promise: Promise<unknown>): Promise<{ code: string; constraint?: string }> {
  try {
    await promise;
  } catch (error) {
    const cause = ((error as { cause?: unknown }).cause ?? error) as { code?: string; constraint?: string };
    assert.ok(cause.code, `expected a PostgreSQL error, got ${String(error)}`);
    return { code: cause.code, ...(cause.constraint ? { constraint: cause.constraint } : {}) };
  }
  assert.fail('the database accepted a row it must reject');
}

async function twoPlans() {
  const { db } = database;
  const org = await insertOrganisation(db);
  const a = await insertPlan(db, org.id, 'plan-a');
  const b = await insertPlan(db, org.id, 'plan-b');
  return { org, a, b };
}

test('an item whose parent belongs to another plan is rejected', async () => {
  const { db } = database;
  const { a, b } = await twoPlans();
  const parentInA = await insertItem(db, { planId: a.id, code: '1' });
  const error = await pgError(insertItem(db, { planId: b.id, code: '1-(1)', parentId: parentInA.id, depth: 1 }));
  assert.equal(error.code, '23503'); // foreign_key_violation
  assert.equal(error.constraint, 'plan_items_parent_fk');
  // the same parent inside its own plan is fine
  const child = await insertItem(db, { planId: a.id, code: '1-(1)', parentId: parentInA.id, depth: 1 });
  assert.equal(child.parentId, parentInA.id);
});

test('a duplicate item code in one plan is rejected, the same code in another plan is not', async () => {
  const { db } = database;
  const { a, b } = await twoPlans();
  await insertItem(db, { planId: a.id, code: '1-(1)-①' });
  const error = await pgError(insertItem(db, { planId: a.id, code: '1-(1)-①', position: 1 }));
  assert.equal(error.code, '23505'); // unique_violation
  assert.equal(error.constraint, 'plan_items_plan_code_unique');
  const other = await insertItem(db, { planId: b.id, code: '1-(1)-①' });
  assert.equal(other.code, '1-(1)-①');
});

test('a duplicate plan code is rejected', async () => {
  const { db } = database;
  const { org } = await twoPlans();
  const error = await pgError(insertPlan(db, org.id, 'plan-a'));
  assert.equal(error.code, '23505');
});

test('an entry with a negative (or zero) version is rejected', async () => {
  const { db } = database;
  const { a } = await twoPlans();
  const item = await insertItem(db, { planId: a.id, code: '1' });
  const round = await insertRound(db, a.id, 2021);
  const negative = await pgError(db.insert(entries).values({ planId: a.id, roundId: round.id, itemId: item.id, version: -1 }));
  assert.equal(negative.code, '23514'); // check_violation
  assert.equal(negative.constraint, 'entries_version_positive');
  await pgError(db.insert(entries).values({ planId: a.id, roundId: round.id, itemId: item.id, version: 0 }));
  const [ok] = await db.insert(entries).values({ planId: a.id, roundId: round.id, itemId: item.id }).returning();
  assert.equal(ok?.version, 1);
});

test('an entry cannot join a round of one plan with an item of another', async () => {
  const { db } = database;
  const { a, b } = await twoPlans();
  const itemInB = await insertItem(db, { planId: b.id, code: '1' });
  const roundInA = await insertRound(db, a.id, 2021);
  const viaA = await pgError(db.insert(entries).values({ planId: a.id, roundId: roundInA.id, itemId: itemInB.id }));
  assert.equal(viaA.constraint, 'entries_item_fk');
  const viaB = await pgError(db.insert(entries).values({ planId: b.id, roundId: roundInA.id, itemId: itemInB.id }));
  assert.equal(viaB.constraint, 'entries_round_fk');
});

test('enumerated columns accept only their values', async () => {
  const { db } = database;
  const { a } = await twoPlans();
  const item = await insertItem(db, { planId: a.id, code: '1' });
  const bad = await pgError(db.insert(indicators).values({ planId: a.id, itemId: item.id, code: 'i1', name: '指標', direction: 'sideways' }));
  assert.equal(bad.constraint, 'indicators_direction_check');
  const round = await pgError(db.execute(sql`INSERT INTO rounds (plan_id, fiscal_year, state) VALUES (${a.id}, 2021, 'finished')`));
  assert.equal(round.constraint, 'rounds_state_check');
});

test('an observation has a value or a missing reason, never both and never neither', async () => {
  const { db } = database;
  const { a } = await twoPlans();
  const item = await insertItem(db, { planId: a.id, code: '1' });
  const [indicator] = await db.insert(indicators).values({ planId: a.id, itemId: item.id, code: 'i1', name: '町内会加入率', unit: '%' }).returning();
  assert.ok(indicator);
  const neither = await pgError(db.insert(observations).values({ indicatorId: indicator.id, fiscalYear: 2017, text: '' }));
  assert.equal(neither.constraint, 'observations_value_or_reason');
  const both = await pgError(
    db.insert(observations).values({ indicatorId: indicator.id, fiscalYear: 2017, text: '今後調査', value: '0', missingReason: 'not_yet_surveyed' }),
  );
  assert.equal(both.constraint, 'observations_value_or_reason');
  const [missing] = await db
    .insert(observations)
    .values({ indicatorId: indicator.id, fiscalYear: 2017, kind: 'status', text: '今後調査', missingReason: 'not_yet_surveyed' })
    .returning();
  assert.equal(missing?.missingReason, 'not_yet_surveyed');
  // exact decimals survive the round trip: 71.7% stays "71.7", not 71.69999…
  const [value] = await db.insert(observations).values({ indicatorId: indicator.id, fiscalYear: 2013, text: '71.7%', value: '71.7' }).returning();
  assert.equal(value?.value, '71.7');
});

test('a relisting (再掲) links to an item of the same plan and says which kind', async () => {
  const { db } = database;
  const { a, b } = await twoPlans();
  const original = await insertItem(db, { planId: a.id, code: '1' });
  const crossPlan = await pgError(db.insert(planItems).values({ planId: b.id, code: '9', depth: 0, position: 0, name: '再掲', relistOfId: original.id, relistKind: 'full' }));
  assert.equal(crossPlan.constraint, 'plan_items_relist_fk');
  const noKind = await pgError(db.insert(planItems).values({ planId: a.id, code: '9', depth: 0, position: 1, name: '再掲', relistOfId: original.id }));
  assert.equal(noKind.constraint, 'plan_items_relist_kind_check');
});

test('a target band must be ordered, and a numeric target needs a number', async () => {
  const { db } = database;
  const { a } = await twoPlans();
  const item = await insertItem(db, { planId: a.id, code: '1' });
  const [indicator] = await db.insert(indicators).values({ planId: a.id, itemId: item.id, code: 'i1', name: '参加者数' }).returning();
  assert.ok(indicator);
  const band = await pgError(db.insert(targets).values({ indicatorId: indicator.id, kind: 'maintain', bandLow: '660', bandHigh: '540' }));
  assert.equal(band.constraint, 'targets_band_order');
  const noValue = await pgError(db.insert(targets).values({ indicatorId: indicator.id, kind: 'by_year', fiscalYear: 2025 }));
  assert.equal(noValue.constraint, 'targets_value_present');
  const [qualitative] = await db.insert(targets).values({ indicatorId: indicator.id, kind: 'qualitative', text: '毎年度実施する' }).returning();
  assert.equal(qualitative?.text, '毎年度実施する');
});

test('migrating twice changes nothing', async () => {
  const describeSchema = () =>
    queryRows<{ table_name: string; column_name: string; data_type: string }>(
      database.db,
      sql`SELECT table_name, column_name, data_type FROM information_schema.columns WHERE table_schema = 'public' ORDER BY 1, 2`,
    );
  const beforeColumns = await describeSchema();
  const first = await migrateDatabase(database);
  const second = await migrateDatabase(database);
  assert.deepEqual(second, first);
  assert.equal(second.current, true);
  assert.deepEqual(await describeSchema(), beforeColumns);
  assert.ok(beforeColumns.some((c) => c.table_name === 'entries' && c.column_name === 'version'));
});
