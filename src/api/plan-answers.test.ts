// Answers about one plan (/api/v1/plans/{plan}/…, /opendata/plans/{plan}/…) carry validators of
// that plan's version: a client revalidating Sapporo's data keeps getting 304, with the same
// Last-Modified, while Sendai's plan changes; a change to Sapporo's own plan gives new ones.
// Answers about everything (/api/v1/plans, /opendata/all/…) still follow every write. The public
// API answers about one plan are kept by the page cache until that plan changes, never for a
// request with a token, and never an answer marked for its reader alone.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import { Hono } from 'hono';
import { and, eq } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../test-support/database.js';
import { prepareBundledData } from '../datasets/bundled.js';
import { createApp } from '../app.js';
import { indicators, observations, planItems, plans } from '../db/schema.js';
import { planOfPath } from './http-cache.js';
import { PageCache } from '../portal/page-cache.js';

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

test('a public API answer about one plan is kept until that plan changes; gzip for those who take it; never for a request with a token', async () => {
  const path = '/api/v1/plans/sapporo-2nd/items?limit=5';
  const first = await app.request(path);
  const body = await first.text();
  assert.equal(first.headers.get('x-page-cache'), 'miss');
  const second = await app.request(path);
  assert.equal(second.headers.get('x-page-cache'), 'hit');
  assert.equal(second.headers.get('content-type'), 'application/json');
  assert.equal(await second.text(), body, 'the same answer');
  const zipped = await app.request(path, { headers: { 'accept-encoding': 'gzip' } });
  assert.equal(zipped.headers.get('content-encoding'), 'gzip');
  assert.equal(gunzipSync(Buffer.from(await zipped.arrayBuffer())).toString('utf8'), body);

  await changeANote('sendai-2021', '仙台の再確認');
  assert.equal((await app.request(path)).headers.get('x-page-cache'), 'hit', "a change to Sendai's plan leaves it kept");

  const [first5] = (JSON.parse(body) as { data: { itemCode: string; name: string }[] }).data;
  assert.ok(first5);
  const [sapporo] = await database.db.select({ id: plans.id }).from(plans).where(eq(plans.code, 'sapporo-2nd'));
  assert.ok(sapporo);
  await database.db.update(planItems).set({ name: `${first5.name}（改称）` }).where(and(eq(planItems.planId, sapporo.id), eq(planItems.code, first5.itemCode)));
  const changed = await app.request(path);
  assert.equal(changed.headers.get('x-page-cache'), 'miss');
  assert.ok((await changed.text()).includes(`${first5.name}（改称）`), 'the new name, not the kept answer');

  const withToken = await app.request(path, { headers: { authorization: 'Bearer not-a-real-token' } });
  assert.equal(withToken.status, 200);
  assert.equal(withToken.headers.get('x-page-cache'), null, 'a request with a token is answered afresh');
  await withToken.arrayBuffer();
});

test('the page cache never keeps an answer marked for its reader alone (Cache-Control: private or no-store)', async () => {
  let rendered = 0;
  const pages = new PageCache(database.version);
  const app = new Hono();
  for (const control of ['private, no-store', 'no-store', 'public, no-cache']) {
    app.get(`/${control.replace(/[^a-z]/g, '')}`, (c) => pages.serve(c, () => {
      rendered++;
      return c.json({ rendered }, 200, { 'cache-control': control });
    }));
  }
  for (const [path, kept] of [['/privatenostore', false], ['/nostore', false], ['/publicnocache', true]] as const) {
    const before = rendered;
    await (await app.request(path)).text();
    const again = await app.request(path);
    await again.text();
    assert.equal(rendered - before, kept ? 1 : 2, `${path}: ${kept ? 'kept' : 'rendered for each reader'}`);
    assert.equal(again.headers.get('x-page-cache'), kept ? 'hit' : null, path);
  }
});
