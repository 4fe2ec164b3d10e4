// The open data page lists the files of every public plan and organisation, in pages of 50
// narrowed by a word: with 1,741 organisations it used to list the first 1,000 plans and
// organisations only (1.9 MB of HTML), silently leaving out the rest.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDatabase, type TestDatabase } from '../test-support/database.js';
import { prepareBundledData } from '../datasets/bundled.js';
import { createApp } from '../app.js';
import { organisations, plans } from '../db/schema.js';

let database: TestDatabase;
let app: ReturnType<typeof createApp>;
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

/** The plan codes whose files the page links to, in order. */
function planFiles(html: string): string[] {
  return [...html.matchAll(/<a href="\/opendata\/plans\/([^/"]+)\/data\.xlsx">/g)].map((m) => m[1] ?? '');
}

test('the bundled plans: each organisation with its files, then each of its plans with theirs', async () => {
  const html = await page('/opendata');
  assert.deepEqual(planFiles(html), ['sapporo-2nd', 'sendai-2016', 'sendai-2021'], 'by organisation code (sapporo before sendai), then by start year');
  assert.match(html, /<a href="\/opendata\/organisations\/sendai\/observations\.csv">CSV<\/a>/);
  assert.match(html, /<a href="\/opendata\/organisations\/sapporo\/data\.xlsx">/);
  assert.match(html, /公開中の計画: 3件/);
  assert.doesNotMatch(html, /class="pager"/, 'three plans fit on one page');
});

test('many organisations: 50 plans a page, every plan on some page, a word narrows the list', async () => {
  // 60 more organisations with one public plan each, and one draft plan that must not be listed
  const orgs = await database.db
    .insert(organisations)
    .values(Array.from({ length: 60 }, (_, i) => ({ code: `town-${String(i).padStart(2, '0')}`, name: i === 7 ? '架空町' : `試験市${i}` })))
    .returning({ id: organisations.id, code: organisations.code });
  await database.db.insert(plans).values([
    ...orgs.map((org) => ({ organisationId: org.id, code: `${org.code}-plan`, title: `${org.code}総合計画`, periodStartFy: 2024, periodEndFy: 2030, levelNames: ['分野', '事業'], status: 'active' })),
    { organisationId: orgs[0]?.id ?? 0, code: 'town-00-draft', title: '策定中の計画', periodStartFy: 2031, periodEndFy: 2035, levelNames: ['分野'], status: 'draft' },
  ]);

  const first = await page('/opendata');
  assert.match(first, /公開中の計画: 63件（1〜50件目）/);
  assert.match(first, /1 \/ 2 ページ/);
  assert.match(first, /<a href="\/opendata\?page=2#plans" rel="next">次の50件<\/a>/);
  const second = await page('/opendata?page=2');
  assert.match(second, /公開中の計画: 63件（51〜63件目）/);
  assert.match(second, /<a href="\/opendata#plans" rel="prev">前の50件<\/a>/);
  assert.doesNotMatch(second, /rel="next"/);
  const listed = [...planFiles(first), ...planFiles(second)];
  assert.equal(planFiles(first).length, 50);
  assert.equal(new Set(listed).size, 63, 'every public plan once');
  assert.ok(!listed.includes('town-00-draft'), 'a draft plan is not listed');

  const narrowed = await page(`/opendata?q=${encodeURIComponent('架空町')}`);
  assert.deepEqual(planFiles(narrowed), ['town-07-plan']);
  assert.match(narrowed, /「架空町」を含む計画: 1件/);
  assert.match(narrowed, /<input id="directory-q" name="q" type="search" value="架空町"/);
  assert.deepEqual(planFiles(await page('/opendata?q=sendai-2021')), [], 'a plan code is not a word of a title or name');
  assert.deepEqual(planFiles(await page('/opendata?q=sendai')), ['sendai-2016', 'sendai-2021'], "an organisation's code lists its plans");
  assert.deepEqual(planFiles(await page(`/opendata?q=${encodeURIComponent('50%')}`)), [], '% is a character, not a wildcard');

  const beyond = await page('/opendata?page=9');
  assert.deepEqual(planFiles(beyond), []);
  assert.match(beyond, /このページに計画はありません。<a href="\/opendata#plans">最初のページへ<\/a>/);
  assert.deepEqual(planFiles(await page('/opendata?page=abc')).length, 50, 'a page that is not a number: the first');
});

test('/en/opendata: the same files with an English interface, links to English pages, the language switch both ways', async () => {
  const en = await page('/en/opendata');
  assert.match(en, /<html lang="en"/);
  assert.match(en, /<h1>Open data<\/h1>/);
  assert.match(en, /<h2 id="plans">By organisation and plan<\/h2>/);
  assert.match(en, /Creative Commons Attribution 4\.0 International licence \(CC BY 4\.0\)/);
  assert.match(en, /Indicator values: <a href="\/opendata\/plans\/sapporo-2nd\/observations\.csv">CSV<\/a>/, 'the files are the same addresses');
  assert.match(en, /<a href="\/en\/plans\/sapporo-2nd"><span lang="ja">第2期 市民まちづくり活動促進基本計画<\/span><\/a>/, 'plan titles stay Japanese, marked as such, and link to the English plan page');
  assert.match(en, /<form method="get" action="\/en\/opendata#plans"/);
  assert.match(en, /<link rel="alternate" hreflang="ja" href="http:\/\/localhost\/opendata"/);
  assert.match(en, /<a href="\/en\/opendata">Open data<\/a>/, 'the site navigation stays in English');
  assert.match(en, /<table lang="ja">/, 'the column dictionary is marked Japanese');
  const narrowed = await page(`/en/opendata?q=${encodeURIComponent('仙台')}`);
  assert.deepEqual(planFiles(narrowed), ['sendai-2016', 'sendai-2021']);
  assert.match(narrowed, /Plans containing “仙台”: 2/);
  const ja = await page('/opendata');
  assert.match(ja, /<link rel="alternate" hreflang="en" href="http:\/\/localhost\/en\/opendata"/);
  assert.match(ja, /<a href="\/opendata">オープンデータ<\/a>/);
});
