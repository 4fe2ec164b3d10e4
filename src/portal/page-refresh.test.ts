// The page cache of the server: plan pages rendered at start (warm), kept pages of a plan that
// changed rendered again in the background when a visitor saw them lately, so the next visitor
// finds the new page kept (until it lands, visitors are given the page as it was, for a bounded
// time); pages of other plans are left alone, and pages nobody saw wait for their next visitor.
// Also: a request with a made-up Host never gets its host into the page kept for others, and
// with SHINCHOKU_PUBLIC_URL every host shares one page with the configured absolute links.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { eq } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../test-support/database.js';
import { prepareBundledData } from '../datasets/bundled.js';
import { createApp } from '../app.js';
import { auditLog, plans } from '../db/schema.js';
import { pageStaleMs, publicPageCache, type PageCache } from './page-cache.js';

let database: TestDatabase;
let pages: PageCache;
let app: ReturnType<typeof createApp>;
let stopRefreshing: () => Promise<void>;
before(async () => {
  database = await createTestDatabase();
  await prepareBundledData(database);
  pages = publicPageCache(database);
  app = createApp(database, { pages });
  stopRefreshing = pages.refreshWith((url, headers) => Promise.resolve(app.request(url, { headers })), { everyMs: 10, share: 1 });
});
after(async () => {
  await stopRefreshing();
  await database.close();
});

const ORIGIN = 'http://localhost';
const SENDAI = `${ORIGIN}/plans/sendai-2021`;
const SAPPORO = `${ORIGIN}/plans/sapporo-2nd`;
const SAPPORO_ITEM = `${ORIGIN}/plans/sapporo-2nd/items/1`;

async function visit(url: string): Promise<{ state: string | null; html: string }> {
  const response = await app.request(url);
  assert.equal(response.status, 200, url);
  return { state: response.headers.get('x-page-cache'), html: await response.text() };
}

async function until(what: string, done: () => boolean): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!done()) {
    if (Date.now() > deadline) assert.fail(`waited 10 s for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

test('warm renders the pages not kept yet, and the first visitor of each finds it kept', async () => {
  const warmed = await pages.warm([SENDAI, SAPPORO, SAPPORO_ITEM]);
  assert.deepEqual(warmed, { rendered: 3, failed: 0 });
  assert.deepEqual(await pages.warm([SENDAI]), { rendered: 0, failed: 0 }, 'a kept page is not rendered again');
  assert.equal((await visit(SENDAI)).state, 'hit');
  assert.equal((await visit(SAPPORO)).state, 'hit');
});

test("a change of Sapporo's plan renders its page seen lately again, before the next visitor; Sendai's stays, and the item page nobody saw waits for its next visitor", async () => {
  const before = pages.refreshes.rendered;
  await database.db.update(plans).set({ title: '第2次札幌市まちづくり戦略ビジョン（背景で更新）' }).where(eq(plans.code, 'sapporo-2nd'));
  await until('the refresh', () => pages.refreshes.rendered > before);
  await new Promise((resolve) => setTimeout(resolve, 100)); // time for more refreshes, were there any
  assert.equal(pages.refreshes.rendered, before + 1, 'one page: the plan page a visitor saw, not the item page only warm rendered');
  const sapporo = await visit(SAPPORO);
  assert.equal(sapporo.state, 'hit', 'the visitor after the change finds the new page kept');
  assert.ok(sapporo.html.includes('第2次札幌市まちづくり戦略ビジョン（背景で更新）'));
  assert.equal((await visit(SENDAI)).state, 'hit', "Sendai's page stayed kept");
  // the item page nobody saw: its visitor is given it as it was (the plan title in its breadcrumbs), and it renders in the background
  const item = await visit(SAPPORO_ITEM);
  assert.equal(item.state, 'stale', 'the item page nobody saw is given as it was');
  assert.ok(!item.html.includes('第2次札幌市まちづくり戦略ビジョン（背景で更新）'));
  await until('the item page rendered again', () => pages.refreshes.rendered > before + 1);
  const again = await visit(SAPPORO_ITEM);
  assert.equal(again.state, 'hit');
  assert.ok(again.html.includes('第2次札幌市まちづくり戦略ビジョン（背景で更新）'));
});

test('the list of plans and the search stay kept across writes no plan page reads, and render again after a change of any plan', async () => {
  const SEARCH = `${ORIGIN}/search?q=${encodeURIComponent('協働')}`;
  await visit(`${ORIGIN}/`);
  await visit(SEARCH);
  const refreshed = pages.refreshes.rendered;
  // a row of the audit log moves the data version (the write hook), but no plan's
  const before = await database.version.get();
  await database.db.insert(auditLog).values({ actorLabel: 'cli', action: 'test.noop', subjectType: 'test', subjectId: '0' });
  assert.notEqual(await database.version.get(), before);
  assert.equal((await visit(`${ORIGIN}/`)).state, 'hit');
  assert.equal((await visit(SEARCH)).state, 'hit');
  await database.db.update(plans).set({ description: '検索ページを描き直す変更' }).where(eq(plans.code, 'sendai-2021'));
  assert.equal((await visit(`${ORIGIN}/`)).state, 'miss');
  assert.equal((await visit(SEARCH)).state, 'miss');
  await new Promise((resolve) => setTimeout(resolve, 100));
  assert.ok(pages.refreshes.rendered - refreshed <= 1, 'the search and the list are left to their next visitor (only the Sendai page a visitor saw is refreshed)');
});

test('a request with a made-up Host gets a page of its own; the page kept for others keeps their host', async () => {
  const forged = await visit('http://attacker.example/plans/sendai-2021');
  assert.equal(forged.state, 'miss');
  assert.match(forged.html, /<link rel="canonical" href="http:\/\/attacker\.example\/plans\/sendai-2021"/);
  const usual = await visit(SENDAI);
  assert.equal(usual.state, 'hit');
  assert.doesNotMatch(usual.html, /attacker\.example/);
  assert.match(usual.html, /<link rel="canonical" href="http:\/\/localhost\/plans\/sendai-2021"/);
});

test('with SHINCHOKU_PUBLIC_URL every host gets one kept page with the configured links', async (t) => {
  process.env.SHINCHOKU_PUBLIC_URL = 'https://shinchoku.city.example.jp/';
  t.after(() => delete process.env.SHINCHOKU_PUBLIC_URL);
  const first = await visit('http://10.0.0.5:3000/plans/sapporo-2nd/changes');
  assert.equal(first.state, 'miss');
  assert.match(first.html, /<link rel="canonical" href="https:\/\/shinchoku\.city\.example\.jp\/plans\/sapporo-2nd\/changes"/);
  const other = await visit('http://attacker.example/plans/sapporo-2nd/changes');
  assert.equal(other.state, 'hit');
  assert.doesNotMatch(other.html, /attacker\.example|10\.0\.0\.5/);
});

test('while its refresh waits, a visitor is given the page as it was (stale) for at most staleMs; staff get the page as it is now', async () => {
  // a cache of its own whose refreshes wait at a gate: the change is noticed, the refresh cannot land
  const own = publicPageCache(database);
  const ownApp = createApp(database, { pages: own });
  let open: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => (open = resolve));
  const STALE_MS = 300;
  const stop = own.refreshWith(async (url, headers) => {
    await gate;
    return ownApp.request(url, { headers });
  }, { everyMs: 10, share: 1, staleMs: STALE_MS });
  const get = async (headers: Record<string, string> = {}) => {
    const response = await ownApp.request(SENDAI, { headers });
    assert.equal(response.status, 200);
    const html = await response.text();
    return { state: response.headers.get('x-page-cache'), title: /仙台市基本計画（.）/.exec(html)?.[0] };
  };
  const [original] = await database.db.select({ title: plans.title }).from(plans).where(eq(plans.code, 'sendai-2021'));
  assert.ok(original);
  const retitle = (title: string) => database.db.update(plans).set({ title }).where(eq(plans.code, 'sendai-2021'));
  try {
    await retitle('仙台市基本計画（一）');
    assert.deepEqual(await get(), { state: 'miss', title: '仙台市基本計画（一）' });

    await retitle('仙台市基本計画（二）');
    assert.deepEqual(await get(), { state: 'stale', title: '仙台市基本計画（一）' }, 'the page as it was, while its refresh waits');
    await new Promise((resolve) => setTimeout(resolve, STALE_MS + 50));
    assert.deepEqual(await get(), { state: 'miss', title: '仙台市基本計画（二）' }, 'past staleMs the visitor waits for the page as it is');

    await retitle('仙台市基本計画（三）');
    assert.deepEqual(await get(), { state: 'stale', title: '仙台市基本計画（二）' });
    assert.deepEqual(await get({ cookie: 'shinchoku_session=any' }), { state: 'miss', title: '仙台市基本計画（三）' }, 'staff are never given a page older than the data');

    await retitle('仙台市基本計画（四）');
    assert.equal((await get()).state, 'stale');
    const rendered = own.refreshes.rendered;
    open();
    await until('the refresh', () => own.refreshes.rendered > rendered);
    assert.deepEqual(await get(), { state: 'hit', title: '仙台市基本計画（四）' }, 'the refresh landed: the new page, kept');
  } finally {
    open();
    await stop();
    await retitle(original.title);
  }
});

test('after stopping, a change renders nothing in the background', async () => {
  await stopRefreshing();
  const before = pages.refreshes.rendered;
  await database.db.update(plans).set({ title: '仙台市基本計画（停止後）' }).where(eq(plans.code, 'sendai-2021'));
  await new Promise((resolve) => setTimeout(resolve, 100));
  assert.equal(pages.refreshes.rendered, before);
  assert.equal((await visit(SENDAI)).state, 'miss');
});

test('PAGE_STALE_SECONDS: seconds, 0 turns stale pages off; unset or not a number is 60 s', () => {
  assert.equal(pageStaleMs('15'), 15_000);
  assert.equal(pageStaleMs('0'), 0);
  assert.equal(pageStaleMs('2.5'), 2_500);
  for (const value of [undefined, '', ' ', 'abc', '-1']) assert.equal(pageStaleMs(value), 60_000, String(value));
});
