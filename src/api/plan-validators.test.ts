// Answers about one plan (/api/v1/plans/{plan}/…, /opendata/plans/{plan}/…) carry validators of
// that plan's version: a client revalidating Sapporo's data keeps getting 304, with the same
// Last-Modified, while Sendai's plan changes; a change to Sapporo's own plan gives new ones.
// Answers about everything (/api/v1/plans, /opendata/all/…) still follow every write.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { eq } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../test-support/database.js';
import { prepareBundledData } from '../datasets/bundled.js';
import { createApp } from '../app.js';
import { indicators, observations, plans } from '../db/schema.js';
import { planOfPath } from './http-cache.js';

let database: TestDatabase;
let app: ReturnType<typeof createApp>;
before(async () => {
  database = await createTestDatabase();
  await prepareBundledData(database);
  app = createApp(database);
});
after(() => database.close());

const SAPPORO = ['/api/v1/plans/sapporo-2nd', '/api/v1/plans/sapporo-2nd/observations?limit=5', '/opendata/plans/sapporo-2nd/observations.csv', '/opendata/plans/sapporo-2nd/data.xlsx'];

async function validators(path: string): Promise<{ etag: string; lastModified: string }> {
  const response = await app.request(path);
  assert.equal(response.status, 200, path);
  await response.arrayBuffer();
  return { etag: response.headers.get('etag') ?? '', lastModified: response.headers.get('last-modified') ?? '' };
}

async function changeANote(planCode: string, note: string): Promise<void> {
  const [one] = await database.db
    .select({ id: observations.id })
    .from(observations)
    .innerJoin(indicators, eq(indicators.id, observations.indicatorId))
    .innerJoin(plans, eq(plans.id, indicators.planId))
    .where(eq(plans.code, planCode))
    .limit(1);
  assert.ok(one);
  await database.db.update(observations).set({ note }).where(eq(observations.id, one.id));
}

test('the plan an answer is about, from its path', () => {
  assert.equal(planOfPath('/api/v1/plans/sapporo-2nd'), 'sapporo-2nd');
  assert.equal(planOfPath('/api/v1/plans/sapporo-2nd/items'), 'sapporo-2nd');
  assert.equal(planOfPath('/opendata/plans/sendai-2021/grades.json'), 'sendai-2021');
  assert.equal(planOfPath('/opendata/plans/%E4%BB%99%E5%8F%B0/items.csv'), '仙台');
  assert.equal(planOfPath('/api/v1/plans'), undefined);
  assert.equal(planOfPath('/opendata/organisations/sendai/items.csv'), undefined);
  assert.equal(planOfPath('/opendata/plans/%E4%BB/items.csv'), undefined, 'a broken escape is no plan');
});

test("Sapporo's answers keep their validators while Sendai's plan changes, and answer 304 to them", async () => {
  const before = await Promise.all(SAPPORO.map(validators));
  const everything = await validators('/api/v1/plans');
  await new Promise((resolve) => setTimeout(resolve, 1100)); // a new Last-Modified would be a later second
  await changeANote('sendai-2021', '仙台の確認');

  for (const [i, path] of SAPPORO.entries()) {
    const after = await validators(path);
    assert.deepEqual(after, before[i], `${path}: the same ETag and Last-Modified`);
    const again = await app.request(path, { headers: { 'if-none-match': before[i]?.etag ?? '' } });
    assert.equal(again.status, 304, path);
    const since = await app.request(path, { headers: { 'if-modified-since': before[i]?.lastModified ?? '' } });
    assert.equal(since.status, 304, `${path}: If-Modified-Since`);
  }
  assert.notEqual((await validators('/api/v1/plans')).etag, everything.etag, 'the list of every plan follows every write');
  assert.notEqual((await validators('/api/v1/plans/sendai-2021/observations?limit=5')).etag, '', 'Sendai answers as before');
});

test("a change to Sapporo's own plan gives its answers new validators", async () => {
  const before = await Promise.all(SAPPORO.map(validators));
  await new Promise((resolve) => setTimeout(resolve, 1100));
  await changeANote('sapporo-2nd', '札幌の確認');
  for (const [i, path] of SAPPORO.entries()) {
    const after = await validators(path);
    assert.notEqual(after.etag, before[i]?.etag, `${path}: a new ETag`);
    assert.ok(Date.parse(after.lastModified) > Date.parse(before[i]?.lastModified ?? ''), `${path}: a later Last-Modified`);
    const stale = await app.request(path, { headers: { 'if-none-match': before[i]?.etag ?? '' } });
    assert.equal(stale.status, 200, `${path}: the old ETag is answered in full`);
    await stale.arrayBuffer();
  }
});
