// The public version history and comparison in English (/en/plans/:plan/versions…) beside the
// Japanese pages: English frame text with lang="en", plan content as written (marked lang="ja"),
// the diff lines in English, and language links that lead to the same page in the other language.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { eq } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../test-support/database.js';
import { insertItem, insertOrganisation, insertPlan } from '../test-support/fixtures.js';
import { createApp } from '../app.js';
import { plans, planVersions } from '../db/schema.js';
import { ensureShippedScales } from '../plans/scales.repository.js';
import { PlanSnapshot } from './plan-snapshot.js';

let database: TestDatabase;
let app: ReturnType<typeof createApp>;

/** A version's snapshot: one item with the blog visitors' target 「毎年度…件以上」. */
const snapshot = (visitors: string, text: string) =>
  PlanSnapshot.parse({
    format: 'shinchoku-version/1',
    plan: { code: 'en-plan', title: '英語ページの計画', periodStartFy: 2021, periodEndFy: 2025, levelNames: ['分野', '基本施策', '事業'] },
    departments: [],
    items: [{ code: '1', parent: null, name: '情報発信の充実' }],
    indicators: [{ code: '1#1', item: '1', name: 'ブログ訪問者数', unit: '件', targets: [{ kind: 'every_year_min', value: visitors, text }] }],
  });

before(async () => {
  database = await createTestDatabase();
  const db = database.db;
  await ensureShippedScales(db);
  const org = await insertOrganisation(db);
  const plan = await insertPlan(db, org.id, 'en-plan');
  await db.update(plans).set({ status: 'active', title: '英語ページの計画' }).where(eq(plans.id, plan.id));
  await insertItem(db, { planId: plan.id, code: '1', name: '情報発信の充実' });
  await db.insert(planVersions).values([
    { planId: plan.id, number: 1, name: '策定', adoptedOn: '2021-04-01', note: '議会の議決', snapshot: snapshot('40000', '毎年度40,000件以上') },
    { planId: plan.id, number: 2, name: '中間見直し', adoptedOn: '2023-04-01', snapshot: snapshot('45000', '毎年度45,000件以上') },
  ]);
  const draft = await insertPlan(db, org.id, 'en-draft');
  await db.update(plans).set({ status: 'draft' }).where(eq(plans.id, draft.id));
  await db.insert(planVersions).values({ planId: draft.id, number: 1, name: '策定', adoptedOn: '2026-04-01', snapshot: snapshot('1', '1件') });
  app = createApp(database);
});
after(async () => {
  await database.close();
});

const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&quot;/g, '"').replace(/&amp;/g, '&').replace(/\s+/g, ' ');
/** The header's language switch: its address. */
const switchOf = (html: string) => /<a class="lang-switch" href="([^"]*)"/.exec(html)?.[1]?.replace(/&amp;/g, '&');

test('the English version history: English frame, plan content in Japanese, links in English', async () => {
  const response = await app.request('/en/plans/en-plan/versions');
  assert.equal(response.status, 200);
  const html = await response.text();
  assert.match(html, /<html lang="en">/);
  assert.match(html, /<title>Plan versions: 英語ページの計画 \| Shinchoku<\/title>/);
  assert.match(html, /<h1>Plan versions<\/h1>/);
  assert.match(html, /<p class="lead"><span lang="ja">英語ページの計画<\/span> \(FY2021–FY2025\)<\/p>/);
  const page = text(html);
  for (const words of ['Version 1', '策定', '1 Apr 2021', '議会の議決', 'Version 2', '中間見直し', '1 Apr 2023', 'Compare versions', 'From', 'To']) assert.ok(page.includes(words), words);
  assert.match(html, /<a href="\/en\/plans\/en-plan\/versions\/diff\?from=1&amp;to=2">Changes from version 1<\/a>/);
  assert.match(html, /<form method="get" action="\/en\/plans\/en-plan\/versions\/diff"/);
  assert.match(html, /<option value="1"[^>]*>Version 1 策定 \(1 Apr 2021\)<\/option>/);
  // breadcrumbs in English lead to English pages
  assert.match(html, /<a href="\/en\/">Plans<\/a>/);
  assert.match(html, /<a href="\/en\/plans\/en-plan"><span lang="ja">英語ページの計画<\/span><\/a>/);
  assert.ok(!page.includes('計画の版の履歴') && !page.includes('比較する'), 'no Japanese frame words');
  assert.equal(switchOf(html), '/plans/en-plan/versions');
});

test('the Japanese version history keeps its words and links to the English page', async () => {
  const html = await (await app.request('/plans/en-plan/versions')).text();
  assert.match(html, /<html lang="ja">/);
  assert.match(html, /<h1>計画の版の履歴<\/h1>/);
  assert.match(html, /<p class="lead">英語ページの計画（令和3〜7年度）<\/p>/);
  assert.match(html, /href="\/plans\/en-plan\/versions\/diff\?from=1&amp;to=2">第1版との違い/);
  assert.ok(text(html).includes('令和3年4月1日'));
  assert.equal(switchOf(html), '/en/plans/en-plan/versions');
});

test('the English comparison: the diff lines in English, the language switch to the same comparison', async () => {
  const response = await app.request('/en/plans/en-plan/versions/diff?from=1&to=2');
  assert.equal(response.status, 200);
  const html = await response.text();
  assert.match(html, /<html lang="en">/);
  assert.match(html, /<h1>Comparing versions<\/h1>/);
  const page = text(html);
  assert.ok(page.includes('英語ページの計画 : Version 1 策定 (1 Apr 2021) → Version 2 中間見直し (1 Apr 2023)'), page);
  assert.ok(page.includes('Target changes (1)'));
  assert.ok(page.includes('Indicator “1#1 ブログ訪問者数”, target (every-year minimum): Value 40,000件 → 45,000件; As written “毎年度40,000件以上” → “毎年度45,000件以上”'));
  assert.equal(switchOf(html), '/plans/en-plan/versions/diff?from=1&to=2');

  const ja = await (await app.request('/plans/en-plan/versions/diff?from=1&to=2')).text();
  assert.ok(text(ja).includes('指標「1#1 ブログ訪問者数」の目標（毎年度（以上））: 値 40,000件 → 45,000件、表記「毎年度40,000件以上」→「毎年度45,000件以上」'));
  assert.ok(text(ja).includes('目標の変更（1件）'));
  assert.equal(switchOf(ja), '/en/plans/en-plan/versions/diff?from=1&to=2');
});

test('English comparison without both versions, an unknown version, a draft plan', async () => {
  const incomplete = await app.request('/en/plans/en-plan/versions/diff?from=1');
  assert.equal(incomplete.status, 303);
  assert.equal(incomplete.headers.get('location'), '/en/plans/en-plan/versions');
  const unknown = await app.request('/en/plans/en-plan/versions/diff?from=1&to=9');
  assert.equal(unknown.status, 404);
  assert.match(await unknown.text(), /<html lang="en">/);
  assert.equal((await app.request('/en/plans/en-draft/versions')).status, 404);
  assert.equal((await app.request('/en/plans/en-draft/versions/diff?from=1&to=1')).status, 404);
});

test('the plan page links to the version history in its own language', async () => {
  assert.match(await (await app.request('/en/plans/en-plan')).text(), /<a class="button button-secondary" href="\/en\/plans\/en-plan\/versions">Plan versions<\/a>/);
  assert.match(await (await app.request('/plans/en-plan')).text(), /<a class="button button-secondary" href="\/plans\/en-plan\/versions">計画の版の履歴<\/a>/);
});
