// The judgement data of a few items (item and indicator pages: one statement with targets and
// observations as JSON) is the same as the plan's (one statement per table) for those items, on
// every item of the bundled plans, with and without the public view's draft rule.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { and, eq } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../test-support/database.js';
import { prepareBundledData } from '../datasets/bundled.js';
import { indicators, observations, planItems, plans, rounds } from '../db/schema.js';
import { loadPlanJudgementData, type PlanJudgementData } from './judgement.repository.js';

let database: TestDatabase;
before(async () => {
  database = await createTestDatabase();
  await prepareBundledData(database);
});
after(async () => {
  await database.close();
});

async function itemsOf(planCode: string) {
  return database.db
    .select({ id: planItems.id, code: planItems.code })
    .from(planItems)
    .innerJoin(plans, eq(plans.id, planItems.planId))
    .where(eq(plans.code, planCode));
}

test('the indicators of one item, and of two, are those of the whole plan (every item with indicators of the three bundled plans)', async () => {
  for (const planCode of ['sendai-2016', 'sendai-2021', 'sapporo-2nd']) {
    for (const publicOnly of [false, true]) {
      const loaded = await loadPlanJudgementData(database.db, planCode, { publicOnly });
      assert.ok(loaded);
      const whole: PlanJudgementData = loaded;
      const items = await itemsOf(planCode);
      // every item with indicators, and three without
      const hasIndicators = (code: string) => whole.indicators.some((i) => i.itemCode === code);
      const asked = [...items.filter((i) => hasIndicators(i.code)), ...items.filter((i) => !hasIndicators(i.code)).slice(0, 3)];
      let withIndicators = 0;
      for (const item of asked) {
        const scoped = await loadPlanJudgementData(database.db, planCode, { publicOnly, itemIds: [item.id] });
        assert.ok(scoped);
        const expected = whole.indicators.filter((i) => i.itemCode === item.code);
        assert.deepEqual(scoped.indicators, expected, `${planCode} ${item.code}`);
        if (expected.length > 0) withIndicators++;
      }
      // the bundled plans have indicators on some items: the comparison above is not of empty lists only
      assert.ok(withIndicators > 0, planCode);
      const [first, second] = items.filter((i) => hasIndicators(i.code));
      assert.ok(first && second);
      const two = await loadPlanJudgementData(database.db, planCode, { publicOnly, itemIds: [first.id, second.id] });
      assert.deepEqual(two?.indicators, whole.indicators.filter((i) => i.itemCode === first.code || i.itemCode === second.code));
    }
  }
});

test('Sapporo goal 1: 町内会加入率 with the document\'s figures, in fiscal-year order; a draft value only outside the public view', async () => {
  const [goal1] = (await itemsOf('sapporo-2nd')).filter((i) => i.code === '1');
  assert.ok(goal1);
  const membership = async (publicOnly: boolean) =>
    (await loadPlanJudgementData(database.db, 'sapporo-2nd', { publicOnly, itemIds: [goal1.id] }))?.indicators.find((i) => i.name === '町内会加入率');

  const read = await membership(true);
  // datasets/sapporo-2nd/source.txt: 現状値 71.7% (H25), 目標値 74.0% (H30)
  assert.equal(read?.baselineValue, '71.7');
  assert.equal(read?.baselineFy, 2013);
  assert.deepEqual(read?.targets.map((t) => [t.fiscalYear, t.value, t.setBy]), [[2018, '74.0', 'this_plan'], [2019, '75.0', 'action_plan'], [2022, '75.0', 'strategic_vision']]);
  const years = read?.observations.map((o) => o.fiscalYear) ?? [];
  assert.deepEqual(years, [...years].sort((a, b) => a - b));
  assert.equal(read?.observations.find((o) => o.fiscalYear === 2016 && o.kind === 'actual')?.value, '71.1'); // H28 71.1%

  // a value entered for a year whose round is still open is a draft: the public view leaves it out
  const [plan] = await database.db.select({ id: plans.id }).from(plans).where(eq(plans.code, 'sapporo-2nd'));
  assert.ok(plan);
  const [indicator] = await database.db.select({ id: indicators.id }).from(indicators).where(and(eq(indicators.planId, plan.id), eq(indicators.name, '町内会加入率')));
  assert.ok(indicator);
  const [open] = await database.db.insert(rounds).values({ planId: plan.id, fiscalYear: 2019, state: 'entry' }).returning();
  assert.ok(open);
  await database.db.insert(observations).values({ indicatorId: indicator.id, fiscalYear: 2019, kind: 'actual', value: '72.5', text: '72.5%', unit: '%' });
  try {
    assert.equal((await membership(true))?.observations.some((o) => o.fiscalYear === 2019), false);
    assert.equal((await membership(false))?.observations.find((o) => o.fiscalYear === 2019)?.value, '72.5');
  } finally {
    await database.db.delete(observations).where(and(eq(observations.indicatorId, indicator.id), eq(observations.fiscalYear, 2019)));
    await database.db.delete(rounds).where(eq(rounds.id, open.id));
  }
});
