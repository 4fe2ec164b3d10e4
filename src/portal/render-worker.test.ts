// Pages rendered in the worker thread (PostgreSQL) are the pages the server's own thread renders:
// the same status and the same HTML (CSRF tokens aside) for a plan page, an item page with its
// feedback form, an indicator page, the search and a plan that does not exist; the server keeps
// what the worker rendered; once the worker is stopped the server renders on its own thread.
// PGlite: a data folder belongs to one thread, so there is no worker and nothing to compare.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDatabase, TEST_DATABASE_URL, type TestDatabase } from '../test-support/database.js';
import { prepareBundledData } from '../datasets/bundled.js';
import { createApp } from '../app.js';
import { publicPageCache } from './page-cache.js';
import { RenderWorker, renderThreads } from './render-worker.js';

const postgres = { skip: !TEST_DATABASE_URL && 'the render worker runs on PostgreSQL only' };
let database: TestDatabase;
let worker: RenderWorker;
before(async () => {
  if (!TEST_DATABASE_URL) return;
  database = await createTestDatabase();
  await prepareBundledData(database);
  worker = new RenderWorker(database.url ?? '');
  await worker.started();
});
after(async () => {
  if (!TEST_DATABASE_URL) return;
  await worker.stop();
  await database.close();
});

const ORIGIN = 'http://localhost';
const URLS = [
  '/plans/sendai-2021',
  '/plans/sapporo-2nd/items/1',
  '/en/plans/sapporo-2nd',
  `/search?q=${encodeURIComponent('協働')}`,
  '/plans/no-such-plan',
];

/** The page with its visitor's CSRF token taken out (each request gets its own). */
const withoutToken = (html: string) => html.replace(/name="_csrf" value="[^"]*"/g, 'name="_csrf" value=""');

test('the worker renders the same pages as the server thread, and the server keeps them', postgres, async () => {
  const here = createApp(database, { pages: publicPageCache(database) });
  const pages = publicPageCache(database);
  pages.renderIn(worker);
  const viaWorker = createApp(database, { pages });
  for (const path of URLS) {
    const expected = await here.request(ORIGIN + path);
    const rendered = await viaWorker.request(ORIGIN + path);
    assert.equal(rendered.status, expected.status, path);
    assert.equal(rendered.headers.get('content-type'), expected.headers.get('content-type'), path);
    assert.equal(withoutToken(await rendered.text()), withoutToken(await expected.text()), path);
    if (expected.status !== 200) continue;
    assert.equal(rendered.headers.get('x-page-cache'), 'miss', path);
    const again = await viaWorker.request(ORIGIN + path);
    assert.equal(again.headers.get('x-page-cache'), 'hit', path);
    await again.text();
  }
  const notFound = await viaWorker.request(`${ORIGIN}/plans/no-such-plan`);
  assert.equal(notFound.status, 404);
  assert.match(await notFound.text(), /計画が見つかりません|見つかりません/);
});

test('once the worker stopped, pages are rendered on the server thread', postgres, async () => {
  const pages = publicPageCache(database);
  const spare = new RenderWorker(database.url ?? '');
  await spare.started();
  pages.renderIn(spare);
  const app = createApp(database, { pages });
  await spare.stop();
  assert.equal(spare.running, false);
  const page = await app.request(`${ORIGIN}/plans/sendai-2016`);
  assert.equal(page.status, 200);
  assert.equal(page.headers.get('x-page-cache'), 'miss');
  assert.match(await page.text(), /<h1[^>]*>/);
});

test("a visitor's page is sent to the worker before the background refreshes queued earlier", postgres, async () => {
  const sent: string[] = [];
  const one = new RenderWorker(database.url ?? '', 1, (url) => sent.push(url.slice(ORIGIN.length)));
  await one.started();
  try {
    // six plan pages to refresh, then a visitor's page, all asked for in the same moment
    const refreshes = ['/plans/sendai-2016', '/plans/sendai-2021', '/plans/sapporo-2nd', '/en/plans/sendai-2016', '/en/plans/sendai-2021', '/en/plans/sapporo-2nd'];
    const visitor = '/plans/sendai-2016/changes';
    const pages = await Promise.all([...refreshes.map((path) => one.render(ORIGIN + path, false)), one.render(ORIGIN + visitor, true)]);
    assert.deepEqual(
      pages.map((page) => page.status),
      [200, 200, 200, 200, 200, 200, 200],
    );
    // two renderings in flight in a thread: the first two refreshes are sent at once; the visitor's
    // page is the next one sent, as soon as one of them ends (in arrival order it would be the last)
    assert.deepEqual(sent.slice(0, 2), refreshes.slice(0, 2));
    assert.deepEqual(sent.slice(2), [visitor, ...refreshes.slice(2)]);
  } finally {
    await one.stop();
  }
});

test('two threads render the same pages as the server thread; stopped, neither runs', postgres, async () => {
  const threadOf = new Map<string, number>();
  const pair = new RenderWorker(database.url ?? '', 2, (url, thread) => threadOf.set(url.slice(ORIGIN.length), thread));
  await pair.started();
  try {
    const here = createApp(database, { pages: publicPageCache(database) });
    // every URL at once: each goes to the thread with fewer in flight, two in each at most
    const rendered = await Promise.all(URLS.map((path) => pair.render(ORIGIN + path)));
    assert.deepEqual(
      URLS.slice(0, 4).map((path) => threadOf.get(path)),
      [0, 1, 0, 1],
    );
    assert.equal(threadOf.size, URLS.length);
    for (const [i, path] of URLS.entries()) {
      const expected = await here.request(ORIGIN + path);
      assert.equal(rendered[i]?.status, expected.status, path);
      assert.equal(withoutToken(rendered[i]?.body ?? ''), withoutToken(await expected.text()), path);
    }
  } finally {
    await pair.stop();
  }
  assert.equal(pair.running, false);
  await assert.rejects(pair.render(`${ORIGIN}/plans/sendai-2016`), /render worker stopped/);
});

test('RENDER_WORKER: a number of threads from 0 to 16; else two (one on a single core)', () => {
  assert.equal(renderThreads('0', 2), 0);
  assert.equal(renderThreads('3', 2), 3);
  assert.equal(renderThreads(' 1 ', 8), 1);
  for (const wrong of [undefined, '', 'two', '-1', '1.5', '17']) assert.equal(renderThreads(wrong, 2), 2, String(wrong));
  assert.equal(renderThreads(undefined, 1), 1);
});
