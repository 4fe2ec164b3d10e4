// A comparison with many organisations (a national catalogue entry has hundreds): the page shows
// 12 organisations at a time with a filter by name and a pager, in Japanese and English; the CSV
// holds every organisation and the API gives them all, `limit` organisations a page. With the two
// bundled cities nothing of this shows.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { eq } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../test-support/database.js';
import { prepareBundledData } from '../datasets/bundled.js';
import { createApp } from '../app.js';
import { catalogueIndicators, catalogueLinks, indicators, observations, organisations, planItems, plans } from '../db/schema.js';

let database: TestDatabase;
let app: ReturnType<typeof createApp>;
const SHARED = '/compare/civic-support-centre-groups';

before(async () => {
  database = await createTestDatabase();
  await prepareBundledData(database);
  app = createApp(database);
});
after(() => database.close());

async function page(path: string): Promise<string> {
  const response = await app.request(path);
  assert.equal(response.status, 200, path);
  return response.text();
}

/** The organisations whose series the page shows, in order (one row group each: one indicator per town here). */
function shownTowns(html: string): string[] {
  return [...html.matchAll(/<th scope="rowgroup"[^>]*>(?:<span lang="ja">)?(試験町\d+)/g)].map((m) => m[1] ?? '');
}

test('the two bundled cities: every series on the page, no filter and no pager', async () => {
  const html = await page(SHARED);
  assert.doesNotMatch(html, /id="compare-choose"/);
  assert.doesNotMatch(html, /class="pager"/);
});

test('22 organisations: 12 a page by organisation code, a filter by name, the English page, the whole set in the CSV and the API', async () => {
  const [entry] = await database.db.select({ id: catalogueIndicators.id }).from(catalogueIndicators).where(eq(catalogueIndicators.code, 'civic-support-centre-groups'));
  assert.ok(entry);
  for (let i = 0; i < 20; i++) {
    const code = `town-${String(i).padStart(2, '0')}`;
    const [org] = await database.db.insert(organisations).values({ code, name: `試験町${i}` }).returning({ id: organisations.id });
    assert.ok(org);
    const [plan] = await database.db.insert(plans).values({ organisationId: org.id, code: `${code}-plan`, title: '総合計画', periodStartFy: 2021, periodEndFy: 2025, levelNames: ['事業'], status: 'active' }).returning({ id: plans.id });
    assert.ok(plan);
    const [item] = await database.db.insert(planItems).values({ planId: plan.id, code: '1', depth: 0, position: 0, name: '市民活動の支援' }).returning({ id: planItems.id });
    assert.ok(item);
    const [indicator] = await database.db.insert(indicators).values({ planId: plan.id, itemId: item.id, code: '1-a', position: 0, name: '登録団体数', unit: '団体' }).returning({ id: indicators.id });
    assert.ok(indicator);
    await database.db.insert(observations).values({ indicatorId: indicator.id, fiscalYear: 2022, kind: 'actual', value: String(100 + i), text: String(100 + i) });
    await database.db.insert(catalogueLinks).values({ indicatorId: indicator.id, catalogueId: entry.id });
  }

  // by organisation code: sapporo, sendai, then town-00 … town-19
  const first = await page(SHARED);
  assert.match(first, /<h2 id="compare-choose">比べる団体<\/h2>/);
  assert.match(first, /参加団体: 22団体（1〜12団体目を表示）/);
  assert.deepEqual(shownTowns(first), Array.from({ length: 10 }, (_, i) => `試験町${i}`), 'Sapporo and Sendai, then ten towns');
  assert.match(first, /札幌市/);
  assert.match(first, /<a href="\/compare\/civic-support-centre-groups\?page=2" rel="next">次の12団体<\/a>/);
  assert.match(first, /<dd>22団体<\/dd>/, 'the organisations taking part: all of them');

  const second = await page(`${SHARED}?page=2`);
  assert.match(second, /参加団体: 22団体（13〜22団体目を表示）/);
  assert.deepEqual(shownTowns(second), Array.from({ length: 10 }, (_, i) => `試験町${i + 10}`));
  assert.doesNotMatch(second, /rel="next"/);
  assert.match(second, /<a href="\/compare\/civic-support-centre-groups" rel="prev">前の12団体<\/a>/);

  const narrowed = await page(`${SHARED}?q=${encodeURIComponent('試験町1')}`);
  assert.match(narrowed, /「試験町1」を含む団体: 11団体（1〜11団体目を表示）/, '試験町1 and 試験町10–19');
  assert.deepEqual(shownTowns(narrowed), ['試験町1', ...Array.from({ length: 10 }, (_, i) => `試験町${i + 10}`)]);
  assert.doesNotMatch(narrowed, /class="pager"/);
  const none = await page(`${SHARED}?q=${encodeURIComponent('存在しない町')}`);
  assert.match(none, /該当する団体はありません。/);
  assert.deepEqual(shownTowns(none), []);

  const en = await page(`/en${SHARED}?page=2`);
  assert.match(en, /Organisations taking part: 22 \(13–22 shown\)/);
  assert.match(en, /<form method="get" action="\/en\/compare\/civic-support-centre-groups"/);
  assert.equal(shownTowns(en).length, 10);

  const csv = await (await app.request(`${SHARED}.csv`)).text();
  for (let i = 0; i < 20; i++) assert.ok(csv.includes(`試験町${i},`), `試験町${i} in the CSV`);
  type ApiPage = { entry: { organisationCount: number }; series: { organisationCode: string }[]; next: string | null };
  const api = (await (await app.request(`/api/v1${SHARED}`)).json()) as ApiPage;
  assert.equal(api.series.length, 22, 'the API holds every series (100 organisations a page unless asked for fewer)');
  assert.equal(api.next, null);

  // 10 organisations a page: 10 + 10 + 2, by code, each once
  const walked: string[] = [];
  const nexts: (string | null)[] = [];
  let cursor: string | null = '';
  while (cursor !== null) {
    const path: string = `/api/v1${SHARED}?limit=10${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const response = await app.request(path);
    assert.equal(response.status, 200, path);
    const body = (await response.json()) as ApiPage;
    assert.equal(body.entry.organisationCount, 22, 'every page says how many take part');
    walked.push(...body.series.map((s) => s.organisationCode));
    nexts.push(body.next);
    cursor = body.next;
  }
  assert.equal(nexts.length, 3);
  assert.deepEqual(walked, ['sapporo', 'sendai', ...Array.from({ length: 20 }, (_, i) => `town-${String(i).padStart(2, '0')}`)]);

  const bad = await app.request(`/api/v1${SHARED}?cursor=not-ours`);
  assert.equal(bad.status, 422);
  assert.equal(((await bad.json()) as { code?: string }).code, 'INVALID_CURSOR');
});
