// The search filters at the size of a shared service: up to FACETS_OF_ALL_PLANS_UP_TO public plans
// they list every plan's fields; beyond it only the chosen plan's, so the page does not grow with
// the country. Draft plans (策定中) are in no filter.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { eq } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../test-support/database.js';
import { insertItem, insertOrganisation, insertPlan } from '../test-support/fixtures.js';
import { plans } from '../db/schema.js';
import { FACETS_OF_ALL_PLANS_UP_TO, searchFacets } from './portal.repository.js';

let database: TestDatabase;

before(async () => {
  database = await createTestDatabase();
  const organisation = await insertOrganisation(database.db);
  // one plan more than the limit, each with one field (分野) named after its plan
  for (let n = 1; n <= FACETS_OF_ALL_PLANS_UP_TO + 1; n++) {
    const plan = await insertPlan(database.db, organisation.id, `plan-${n}`);
    await insertItem(database.db, { planId: plan.id, code: '1', name: `計画${n}の分野` });
  }
  const draft = await insertPlan(database.db, organisation.id, 'plan-draft');
  await database.db.update(plans).set({ status: 'draft' }).where(eq(plans.id, draft.id));
  await insertItem(database.db, { planId: draft.id, code: '1', name: '策定中の分野' });
});

after(async () => {
  await database.close();
});

test('with more public plans than the limit, no plan chosen: plans only, and the page says to choose one', async () => {
  const facets = await searchFacets(database.db);
  assert.equal(facets.followsPlan, true);
  assert.equal(facets.plans.length, FACETS_OF_ALL_PLANS_UP_TO + 1, 'every public plan, not the draft');
  assert.ok(!facets.plans.some((p) => p.code === 'plan-draft'));
  assert.deepEqual(facets.fields, []);
  assert.deepEqual(facets.departments, []);
});

test('a plan chosen: its own fields only', async () => {
  const facets = await searchFacets(database.db, 'plan-3');
  assert.deepEqual(facets.fields.map((f) => [f.value, f.label]), [['plan-3/1', '1 計画3の分野']]);
});

test('a draft plan chosen by URL: nothing of it', async () => {
  const facets = await searchFacets(database.db, 'plan-draft');
  assert.deepEqual(facets.fields, []);
});

test('up to the limit every public plan lists its fields, drafts never', async () => {
  await database.db.update(plans).set({ status: 'draft' }).where(eq(plans.code, `plan-${FACETS_OF_ALL_PLANS_UP_TO + 1}`));
  const facets = await searchFacets(database.db);
  assert.equal(facets.followsPlan, false);
  assert.equal(facets.fields.length, FACETS_OF_ALL_PLANS_UP_TO);
  assert.ok(!facets.fields.some((f) => f.label.includes('策定中')), 'no field of a draft plan');
});
