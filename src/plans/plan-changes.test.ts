// The database records, per plan, which statements changed what its pages show (migration 0007:
// statement-level triggers into plan_changes), on PGlite and PostgreSQL: a write to one plan's
// values moves that plan's version and no other's; a write to a table no page reads (a session,
// a report job) moves none; a whole import adds one row per statement, not one per value.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { and, eq, sql } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../test-support/database.js';
import { prepareBundledData } from '../datasets/bundled.js';
import { queryRows } from '../db/client.js';
import { departments, entries, feedback, indicators, itemDepartments, observations, organisations, planItems, plans, rounds, targets } from '../db/schema.js';
import { allPlanDataVersions, planDataVersion, prunePlanChanges, vacuumPlanChanges } from './plan-version.repository.js';

let database: TestDatabase;
before(async () => {
  database = await createTestDatabase();
  await prepareBundledData(database);
});
after(() => database.close());

const version = (code: string) => planDataVersion(database.db, code);
async function changeRows(): Promise<number> {
  const [row] = await queryRows<{ n: number | string }>(database.db, sql`SELECT count(*) AS n FROM plan_changes`);
  return Number(row?.n);
}

test('loading the bundled plans recorded changes for both plans; one statement writing many values adds one row', async () => {
  assert.notEqual(await version('sendai-2021'), '0.0');
  assert.notEqual(await version('sapporo-2nd'), '0.0');
  const [indicator] = await database.db.select({ id: indicators.id }).from(indicators).innerJoin(plans, eq(plans.id, indicators.planId)).where(eq(plans.code, 'sapporo-2nd')).limit(1);
  assert.ok(indicator);
  const before = await changeRows();
  await database.db.insert(observations).values([1990, 1991, 1992].map((fiscalYear) => ({ indicatorId: indicator.id, fiscalYear, kind: 'actual', value: '1', text: '1' })));
  assert.equal(await changeRows(), before + 1, 'three values in one statement: one change row');
});

test("a value of Sapporo's plan changes Sapporo's version and not Sendai's", async () => {
  const sendai = await version('sendai-2021');
  const sapporo = await version('sapporo-2nd');
  const [one] = await database.db
    .select({ id: observations.id })
    .from(observations)
    .innerJoin(indicators, eq(indicators.id, observations.indicatorId))
    .innerJoin(plans, eq(plans.id, indicators.planId))
    .where(eq(plans.code, 'sapporo-2nd'))
    .limit(1);
  assert.ok(one);
  await database.db.update(observations).set({ note: '確認済み' }).where(eq(observations.id, one.id));
  assert.notEqual(await version('sapporo-2nd'), sapporo);
  assert.equal(await version('sendai-2021'), sendai);
});

test("a department renamed changes the versions of its organisation's plans only", async () => {
  const sendai = await version('sendai-2021');
  const sapporo = await version('sapporo-2nd');
  const [org] = await database.db.select({ id: organisations.id }).from(organisations).where(eq(organisations.code, 'sendai'));
  assert.ok(org);
  const [department] = await database.db.select({ id: departments.id, name: departments.name }).from(departments).where(eq(departments.organisationId, org.id)).limit(1);
  assert.ok(department);
  await database.db.update(departments).set({ name: `${department.name}（新）` }).where(eq(departments.id, department.id));
  assert.notEqual(await version('sendai-2021'), sendai);
  assert.equal(await version('sapporo-2nd'), sapporo);
});

test('a statement that changes no row, and a write to a table no page reads, change no version', async () => {
  const before = await changeRows();
  const sendai = await version('sendai-2021');
  await database.db.update(observations).set({ note: 'x' }).where(eq(observations.id, -1));
  await database.db.execute(sql`DELETE FROM sessions WHERE false`);
  await database.db.execute(sql`UPDATE report_jobs SET done = done`);
  assert.equal(await changeRows(), before);
  assert.equal(await version('sendai-2021'), sendai);
});

test("what the public cannot see moves no version: entries of a round not yet published, values recorded while their year's round is open, feedback not published; publishing them does", async () => {
  const [plan] = await database.db.select({ id: plans.id }).from(plans).where(eq(plans.code, 'sapporo-2nd'));
  assert.ok(plan);
  const [item] = await database.db.select({ id: planItems.id }).from(planItems).where(eq(planItems.planId, plan.id)).limit(1);
  const [indicator] = await database.db.select({ id: indicators.id }).from(indicators).where(eq(indicators.planId, plan.id)).limit(1);
  assert.ok(item && indicator);
  const [round] = await database.db.insert(rounds).values({ planId: plan.id, fiscalYear: 2029, state: 'entry' }).returning({ id: rounds.id });
  assert.ok(round);
  const opened = await version('sapporo-2nd');

  // a department's work on deadline day: its entry, the year's value, a citizen's comment awaiting moderation
  const [entry] = await database.db.insert(entries).values({ planId: plan.id, roundId: round.id, itemId: item.id, resultsText: '下書き' }).returning({ id: entries.id });
  assert.ok(entry);
  await database.db.update(entries).set({ resultsText: '下書き（2）', version: 2 }).where(eq(entries.id, entry.id));
  const [draft] = await database.db.insert(observations).values({ indicatorId: indicator.id, fiscalYear: 2029, kind: 'actual', value: '10', text: '10' }).returning({ id: observations.id });
  assert.ok(draft);
  await database.db.update(observations).set({ value: '11', text: '11', recordedAt: new Date() }).where(eq(observations.id, draft.id));
  const [comment] = await database.db.insert(feedback).values({ planId: plan.id, itemId: item.id, body: 'ご意見です' }).returning({ id: feedback.id });
  assert.ok(comment);
  assert.equal(await version('sapporo-2nd'), opened, 'nothing the public sees changed');

  // a value of another year, recorded before any round of its year: public, so it moves the version
  await database.db.insert(observations).values({ indicatorId: indicator.id, fiscalYear: 1989, kind: 'actual', value: '1', text: '1' });
  const withPublicValue = await version('sapporo-2nd');
  assert.notEqual(withPublicValue, opened);

  await database.db.update(feedback).set({ state: 'published' }).where(eq(feedback.id, comment.id));
  const withComment = await version('sapporo-2nd');
  assert.notEqual(withComment, withPublicValue, 'a comment published');
  await database.db.update(entries).set({ state: 'approved' }).where(eq(entries.id, entry.id));
  assert.equal(await version('sapporo-2nd'), withComment, 'an entry approved in a round not yet published');
  await database.db.update(rounds).set({ state: 'published' }).where(eq(rounds.id, round.id));
  const published = await version('sapporo-2nd');
  assert.notEqual(published, withComment, 'the round published');
  await database.db.update(entries).set({ resultsText: '公表後の訂正', version: 3 }).where(eq(entries.id, entry.id));
  const corrected = await version('sapporo-2nd');
  assert.notEqual(corrected, published, "an entry of a published round is public");
  await database.db.update(observations).set({ note: '公表後の注記' }).where(eq(observations.id, draft.id));
  assert.notEqual(await version('sapporo-2nd'), corrected, "the year's value is public once its round is published");
});

test("rows that name their plan through another table (targets, departments of an item, values, entries): an insert, an update and a delete move that plan's version only; a value moved to another plan's indicator moves both", async () => {
  const planOf = async (code: string) => {
    const [plan] = await database.db.select({ id: plans.id }).from(plans).where(eq(plans.code, code));
    assert.ok(plan);
    const [item] = await database.db.select({ id: planItems.id }).from(planItems).where(eq(planItems.planId, plan.id)).limit(1);
    const [indicator] = await database.db.select({ id: indicators.id }).from(indicators).where(eq(indicators.planId, plan.id)).limit(1);
    assert.ok(item && indicator);
    return { id: plan.id, item: item.id, indicator: indicator.id };
  };
  const sapporo = await planOf('sapporo-2nd');
  const sendai = await planOf('sendai-2021');
  const [department] = await database.db.select({ id: departments.id }).from(departments).limit(1);
  assert.ok(department);
  /** Runs a write and says whose versions it moved. */
  const moved = async (write: () => Promise<unknown>) => {
    const before = [await version('sapporo-2nd'), await version('sendai-2021')];
    await write();
    const after = [await version('sapporo-2nd'), await version('sendai-2021')];
    return ['sapporo-2nd', 'sendai-2021'].filter((_, i) => before[i] !== after[i]);
  };

  const [target] = await database.db.insert(targets).values({ indicatorId: sapporo.indicator, kind: 'by_year', fiscalYear: 2039, value: '5', text: '5' }).returning({ id: targets.id });
  assert.ok(target);
  assert.deepEqual(await moved(() => database.db.update(targets).set({ text: '5（改）' }).where(eq(targets.id, target.id))), ['sapporo-2nd']);
  assert.deepEqual(await moved(() => database.db.delete(targets).where(eq(targets.id, target.id))), ['sapporo-2nd']);
  assert.deepEqual(
    await moved(() => database.db.insert(targets).values({ indicatorId: sendai.indicator, kind: 'by_year', fiscalYear: 2039, value: '5', text: '5' })),
    ['sendai-2021'],
  );

  assert.deepEqual(await moved(() => database.db.insert(itemDepartments).values({ itemId: sapporo.item, departmentId: department.id, position: 90 })), ['sapporo-2nd']);
  assert.deepEqual(await moved(() => database.db.update(itemDepartments).set({ position: 91 }).where(and(eq(itemDepartments.itemId, sapporo.item), eq(itemDepartments.position, 90)))), ['sapporo-2nd']);
  assert.deepEqual(await moved(() => database.db.delete(itemDepartments).where(and(eq(itemDepartments.itemId, sapporo.item), eq(itemDepartments.position, 91)))), ['sapporo-2nd']);

  const [value] = await database.db.insert(observations).values({ indicatorId: sapporo.indicator, fiscalYear: 1979, kind: 'actual', value: '1', text: '1' }).returning({ id: observations.id });
  assert.ok(value);
  assert.deepEqual(await moved(() => database.db.update(observations).set({ indicatorId: sendai.indicator }).where(eq(observations.id, value.id))), ['sapporo-2nd', 'sendai-2021']);
  assert.deepEqual(await moved(() => database.db.delete(observations).where(eq(observations.id, value.id))), ['sendai-2021']);

  const [round] = await database.db.insert(rounds).values({ planId: sapporo.id, fiscalYear: 2039, state: 'published' }).returning({ id: rounds.id });
  assert.ok(round);
  let entryId = 0;
  assert.deepEqual(
    await moved(async () => {
      const [entry] = await database.db.insert(entries).values({ planId: sapporo.id, roundId: round.id, itemId: sapporo.item, resultsText: '公表済み' }).returning({ id: entries.id });
      entryId = entry?.id ?? 0;
    }),
    ['sapporo-2nd'],
  );
  assert.deepEqual(await moved(() => database.db.update(entries).set({ resultsText: '公表済み（訂正）', version: 2 }).where(eq(entries.id, entryId))), ['sapporo-2nd']);
  assert.deepEqual(await moved(() => database.db.delete(entries).where(eq(entries.id, entryId))), ['sapporo-2nd']);
  await database.db.delete(rounds).where(eq(rounds.id, round.id));
});

test('a change rolled back leaves the version as it was', async () => {
  const sendai = await version('sendai-2021');
  await assert.rejects(
    database.db.transaction(async (tx) => {
      await tx.update(plans).set({ title: '書きかけ' }).where(eq(plans.code, 'sendai-2021'));
      throw new Error('rollback');
    }),
  );
  assert.equal(await version('sendai-2021'), sendai);
});

test("pruning merges each plan's old rows into one, leaves every version as it was, and a change after it still moves the version", async () => {
  const codes = (await database.db.select({ code: plans.code }).from(plans)).map((p) => p.code);
  const before = new Map(await Promise.all(codes.map(async (code) => [code, await version(code)] as const)));
  const rowsBefore = await changeRows();
  await database.db.execute(sql`UPDATE plan_changes SET at = at - interval '2 hours'`);
  const merged = await prunePlanChanges(database.db);
  const perPlan = await queryRows<{ plan_id: number; n: number | string }>(database.db, sql`SELECT plan_id, count(*) AS n FROM plan_changes GROUP BY plan_id`);
  assert.ok(perPlan.length >= 2);
  for (const row of perPlan) assert.equal(Number(row.n), 1, `plan ${row.plan_id} has one row left`);
  assert.equal(merged, rowsBefore - perPlan.length, 'every row but one per plan was merged away');
  for (const code of codes) assert.equal(await version(code), before.get(code), `${code}: the same version after pruning`);
  assert.equal(await prunePlanChanges(database.db), 0, 'one old row per plan: nothing to merge');
  await vacuumPlanChanges(database.db); // what the server does after a large merge: outside a transaction, on either database
  for (const code of codes) assert.equal(await version(code), before.get(code), `${code}: the same version after vacuum`);
  const pruned = await version('sendai-2021');
  await database.db.update(plans).set({ title: '仙台市基本計画（第2版）' }).where(eq(plans.code, 'sendai-2021'));
  assert.notEqual(await version('sendai-2021'), pruned);
});

test('every plan version read at once is what each plan reads alone, before and after a change', async () => {
  const codes = (await database.db.select({ code: plans.code }).from(plans)).map((p) => p.code);
  assert.ok(codes.length >= 2);
  const check = async () => {
    const all = await allPlanDataVersions(database.db);
    for (const code of codes) assert.equal(all.get(code) ?? '0.0', await version(code), code);
  };
  await check();
  await database.db.update(plans).set({ description: '一括読み取りの確認' }).where(eq(plans.code, 'sapporo-2nd'));
  await check();
  // a successor's pages show its predecessor's grades: its version counts the predecessor's changes
  const [sapporo] = await database.db.select().from(plans).where(eq(plans.code, 'sapporo-2nd'));
  assert.ok(sapporo);
  await database.db.insert(plans).values({ organisationId: sapporo.organisationId, code: 'sapporo-3rd-check', title: '次期計画', periodStartFy: 2031, periodEndFy: 2040, levelNames: sapporo.levelNames, predecessorId: sapporo.id });
  codes.push('sapporo-3rd-check');
  const successor = (await allPlanDataVersions(database.db)).get('sapporo-3rd-check');
  await database.db.update(plans).set({ description: '前の計画だけを変更' }).where(eq(plans.code, 'sapporo-2nd'));
  assert.notEqual((await allPlanDataVersions(database.db)).get('sapporo-3rd-check'), successor, "the predecessor's change moves the successor");
  await check();
  await database.db.delete(plans).where(eq(plans.code, 'sapporo-3rd-check'));
});
