// The public portal against the bundled plans: item and indicator pages, search with filters,
// "what changed", feedback with moderation, English pages — and drafts never leak.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { and, eq } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../test-support/database.js';
import { prepareBundledData } from '../datasets/bundled.js';
import { readBundledDatasets } from '../datasets/read-dataset.js';
import { createApp } from '../app.js';
import { entries, feedback, indicators, observations, planItems, plans, rounds } from '../db/schema.js';
import { insertTestUser, TestClient } from '../auth/test-client.js';
import { diffSentences } from './text-diff.js';
import { FeedbackRateLimiter } from './feedback-limiter.js';

let database: TestDatabase;
let app: ReturnType<typeof createApp>;
before(async () => {
  database = await createTestDatabase();
  await prepareBundledData(database);
  app = createApp(database);
});
after(async () => {
  await database.close();
});

const sourceOf = (code: string) => readFileSync(new URL(`../../datasets/${code}/source.txt`, import.meta.url), 'utf8');

function visibleText(html: string): string {
  return html
    .replace(/<script[\s\S]*?<\/script>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

async function page(path: string): Promise<string> {
  const response = await app.request(path);
  assert.equal(response.status, 200, path);
  return response.text();
}

const item = (plan: string, code: string) => `/plans/${plan}/items/${encodeURIComponent(code)}`;
const indicatorPath = (plan: string, code: string) => `/plans/${plan}/indicators/${encodeURIComponent(code)}`;

async function planId(code: string): Promise<number> {
  const [row] = await database.db.select({ id: plans.id }).from(plans).where(eq(plans.code, code));
  assert.ok(row);
  return row.id;
}

async function itemId(plan: number, code: string): Promise<number> {
  const [row] = await database.db.select({ id: planItems.id }).from(planItems).where(and(eq(planItems.planId, plan), eq(planItems.code, code)));
  assert.ok(row);
  return row.id;
}

test('search finds partial Japanese words: 「協働」 finds 「市民協働事業提案制度」, full-width input too', async () => {
  const html = await page(`/search?q=${encodeURIComponent('協働')}`);
  assert.ok(visibleText(html).includes('市民協働事業提案制度'));
  // 全角英字 ＮＰＯ is normalised like the half-width NPO of the documents
  const sapporo = sourceOf('sapporo-2nd');
  assert.ok(sapporo.includes('NPO'));
  const npo = await page(`/search?q=${encodeURIComponent('ＮＰＯ')}&plan=sapporo-2nd`);
  assert.match(npo, /件見つかりました/);
  assert.doesNotMatch(npo, /<h2 id="results-heading">0件/);
  // every word must match
  const none = await page(`/search?q=${encodeURIComponent('協働 存在しない語句')}`);
  assert.match(none, /<h2 id="results-heading">0件見つかりました/);
});

test('search matches the text as the database keeps it normalised: a full-width name is found by half-width words, and an edit is found at once', async () => {
  const [one] = await database.db.select({ id: planItems.id }).from(planItems).innerJoin(plans, eq(plans.id, planItems.planId)).where(and(eq(plans.code, 'sapporo-2nd'), eq(planItems.code, '1-1-1')));
  assert.ok(one);
  await database.db.update(planItems).set({ description: 'ＡＢＣ地区の　まちづくり協議会と連携する' }).where(eq(planItems.id, one.id));
  const found = await page(`/search?q=${encodeURIComponent('abc地区')}&plan=sapporo-2nd`);
  assert.match(found, /<h2 id="results-heading">1件見つかりました/);
  await database.db.update(planItems).set({ description: null }).where(eq(planItems.id, one.id));
  const gone = await page(`/search?q=${encodeURIComponent('abc地区')}&plan=sapporo-2nd`);
  assert.match(gone, /<h2 id="results-heading">0件見つかりました/);
});

test('search filters: 新規, SDGs goal, 分野 and department, in a shareable GET URL', async () => {
  const sendai = (await readBundledDatasets()).find((d) => d.plan.code === 'sendai-2021');
  assert.ok(sendai);
  const newNames = sendai.items.filter((i) => i.isNew).map((i) => i.name);
  const html = await page('/search?plan=sendai-2021&flag=new');
  assert.match(html, new RegExp(`<h2 id="results-heading">${newNames.length}件見つかりました`));
  for (const name of newNames) assert.ok(visibleText(html).includes(name), name);
  // the filter keeps its value in the form (the URL is the state)
  assert.match(html, /<option value="new" selected="">/);

  // SDGs goal 17: only the Sendai 2021 plan names it
  const sdg = await page('/search?sdg=17');
  assert.doesNotMatch(visibleText(sdg), /第2期 市民まちづくり活動促進基本計画 ›/);
  assert.match(visibleText(sdg), /協働まちづくり推進プラン2021/);

  // 分野 2 of Sendai: every hit's path starts with 分野2's name
  const field = sendai.items.find((i) => i.code === '2');
  assert.ok(field);
  const byField = await page(`/search?field=${encodeURIComponent('sendai-2021/2')}`);
  const paths = [...byField.matchAll(/<p class="result-path">([\s\S]*?)<\/p>/g)].map((m) => visibleText(m[1] ?? ''));
  assert.ok(paths.length > 0);
  for (const path of paths.slice(1)) assert.ok(path.includes(field.name), path);

  // numeric targets only: 1-(1)-④ has 【数値目標等】 (30 団体以上)
  const numeric = await page(`/search?plan=sendai-2021&numeric=1&q=${encodeURIComponent('男女共同参画推進センター')}`);
  assert.ok(visibleText(numeric).includes('男女共同参画推進センターにおける各種支援等'));
});

test('an item page shows description, departments, children and the published narratives (Sapporo 基本目標1, H28)', async () => {
  const html = await page(item('sapporo-2nd', '1'));
  const text = visibleText(html);
  const source = sourceOf('sapporo-2nd');
  assert.ok(source.includes('より多くの市民のまちづくり活動への理解と参加の促進'));
  assert.ok(text.includes('より多くの市民のまちづくり活動への理解と参加の促進'));
  assert.ok(text.includes('まちづくりへの理解促進と参加の機運醸成'));
  // 平成28年度 取組結果 of the document, in the published FY2016 round
  assert.ok(source.includes('まちづくり活動団体情報提供システム(まちさぽ)を構築'));
  assert.ok(text.includes('まちづくり活動団体情報提供システム(まちさぽ)を構築'));
  assert.match(html, /<h3 id="narrative-2016">平成28年度<\/h3>/);
  // the indicator chart has a text alternative and the same numbers as a table
  assert.match(html, /<svg[^>]+role="img"[^>]+aria-labelledby="chart-1-title chart-1-desc"/);
  assert.match(html, /<title id="chart-1-title">市民まちづくり活動に参加したことのある人の割合の推移<\/title>/);
  // Sendai: 担当課 of 1-(1)-④ as the dataset gives it (市民局 男女共同参画課)
  const sendai = visibleText(await page(item('sendai-2021', '1-(1)-④')));
  assert.ok(sendai.includes('男女共同参画課'));
  assert.ok(sendai.includes('参加団体数を 30 団体以上とする'));
});

test('an indicator page: values with as-of dates and missing reasons, the rate with its formula, a CSV download', async () => {
  // 1-c さぽーとほっと基金寄附件数: H26 366件 vs H30目標 360件 → 366 ÷ 360 = 101.7%
  const html = await page(indicatorPath('sapporo-2nd', '1-c'));
  const text = visibleText(html);
  assert.ok(text.includes('366件 ÷ 360件 = 101.7%'), 'formula of H26');
  // H29 状況 69件 as of H29.9.15
  assert.ok(text.includes('平成29年9月15日'));
  assert.ok(text.includes('69件'));
  // 1-a: H29 今後調査 is a missing reason, not a value
  const a = visibleText(await page(indicatorPath('sapporo-2nd', '1-a')));
  assert.ok(a.includes('今後調査'));
  // 94.1% ÷ 70.0% = 134.4% (hand: 94.1 / 70 = 1.34428…)
  assert.ok(a.includes('134.4%'));
  assert.match(html, /<script type="application\/ld\+json">\{"@context":"https:\/\/schema.org","@type":"Dataset"/);
  // the plan page describes its downloads as a Dataset too
  assert.match(await page('/plans/sapporo-2nd'), /"@type":"Dataset".*"contentUrl":"http:\/\/localhost\/opendata\/plans\/sapporo-2nd\/observations.csv"/);
  const csv = await app.request('/plans/sapporo-2nd/indicators/1-c/values.csv');
  assert.equal(csv.status, 200);
  const bytes = new Uint8Array(await csv.arrayBuffer());
  assert.deepEqual([...bytes.slice(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 with BOM');
  const body = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
  assert.ok(body.startsWith('\uFEFFplan_code,indicator_code'));
  assert.match(body, /sapporo-2nd,1-c,さぽーとほっと基金寄附件数,2017,平成29年度,status,69,件,69件,2017-09-15,/);
});

test('English pages: lang, language switch keeping the URL, FY labels, plan content marked lang="ja"', async () => {
  const html = await page('/en/plans/sendai-2021');
  assert.match(html, /<html lang="en">/);
  assert.match(html, /FY2021–FY2025/);
  assert.match(html, /<a class="lang-switch" href="\/plans\/sendai-2021" hreflang="ja" lang="ja">日本語<\/a>/);
  assert.match(html, /<link rel="alternate" hreflang="ja" href="http:\/\/localhost\/plans\/sendai-2021"/);
  assert.match(html, /<h1><span lang="ja">仙台市協働まちづくり推進プラン2021<\/span><\/h1>/);
  const ja = await page('/search?q=abc');
  assert.match(ja, /href="\/en\/search\?q=abc" hreflang="en" lang="en">English</);
  const item1 = await page(`/en${item('sapporo-2nd', '1')}`);
  assert.match(item1, /<h3 id="narrative-2016">FY2016<\/h3>/);
});

test('drafts never leak: an unpublished round\'s texts, grades and values appear on no public page', async () => {
  const sapporo = await planId('sapporo-2nd');
  const goal1 = await itemId(sapporo, '1');
  const draftText = '下書きの取組結果ZQX7';
  const [draft] = await database.db.insert(rounds).values({ planId: sapporo, fiscalYear: 2017, state: 'review' }).returning();
  assert.ok(draft);
  await database.db.insert(entries).values({ planId: sapporo, roundId: draft.id, itemId: goal1, state: 'submitted', finalGrade: 'B', selfGrade: 'B', resultsText: draftText, planText: `${draftText}計画`, issuesText: `${draftText}課題` });
  const [entryRound] = await database.db.insert(rounds).values({ planId: sapporo, fiscalYear: 2018, state: 'entry' }).returning();
  assert.ok(entryRound);
  const [indicator] = await database.db.select({ id: indicators.id }).from(indicators).where(and(eq(indicators.planId, sapporo), eq(indicators.code, '1-a')));
  assert.ok(indicator);
  await database.db.insert(observations).values({ indicatorId: indicator.id, fiscalYear: 2018, kind: 'actual', value: '43.21', text: '43.21%', unit: '%' });

  const paths = ['/', '/en/', '/plans/sapporo-2nd', '/en/plans/sapporo-2nd', '/plans/sapporo-2nd/changes', `/search?q=${encodeURIComponent('下書き')}`, '/search?grade=B', item('sapporo-2nd', '1'), `/en${item('sapporo-2nd', '1')}`];
  const dataset = (await readBundledDatasets()).find((d) => d.plan.code === 'sapporo-2nd');
  assert.ok(dataset);
  for (const i of dataset.items) paths.push(item('sapporo-2nd', i.code));
  for (const i of dataset.indicators) {
    paths.push(indicatorPath('sapporo-2nd', i.code), `${indicatorPath('sapporo-2nd', i.code)}/values.csv`);
  }
  // open data downloads and the public report of the plan (one rule: plans/publication.ts)
  paths.push('/reports/sapporo-2nd', '/api/v1/plans/sapporo-2nd/observations?limit=500');
  for (const table of ['items', 'indicators', 'targets', 'observations', 'grades']) {
    paths.push(`/opendata/plans/sapporo-2nd/${table}.csv`, `/opendata/plans/sapporo-2nd/${table}.json`);
  }
  for (const path of paths) {
    const html = await page(path);
    assert.ok(!html.includes('ZQX7'), `draft text on ${path}`);
    assert.ok(!html.includes('43.21'), `draft value on ${path}`);
  }
  assert.doesNotMatch(await page('/search?grade=B'), /result-title/);
  assert.doesNotMatch(await page(item('sapporo-2nd', '1')), /id="grades-heading"/);
  // the plan page reports the latest PUBLISHED round (平成28年度), not the draft
  const planHtml = await page('/plans/sapporo-2nd');
  assert.match(planHtml, /平成28年度の評価の分布/);
  assert.doesNotMatch(planHtml, /平成29年度の評価の分布/);

  // publishing makes them public: the same checks can fail
  await database.db.update(rounds).set({ state: 'published', publishedAt: new Date() }).where(eq(rounds.id, draft.id));
  await database.db.update(rounds).set({ state: 'published', publishedAt: new Date() }).where(eq(rounds.id, entryRound.id));
  // …but an entry that was not approved stays out: its item reads 未承認, its text and grade nowhere
  const unapproved = await page(item('sapporo-2nd', '1'));
  assert.ok(!unapproved.includes(draftText), 'a submitted entry of a published round is not public');
  assert.match(unapproved, /未承認/);
  assert.doesNotMatch(await page('/search?grade=B'), /result-title/);
  await database.db.update(entries).set({ state: 'approved' }).where(eq(entries.roundId, draft.id));
  assert.ok((await page(item('sapporo-2nd', '1'))).includes(draftText));
  assert.ok((await page(indicatorPath('sapporo-2nd', '1-a'))).includes('43.21'));
  assert.ok((await page('/opendata/plans/sapporo-2nd/observations.csv')).includes('43.21'));
  assert.match(await page('/search?grade=B'), /result-title/);

  // "what changed" between the published FY2016 and FY2017 rounds: a readable diff of 取組結果
  const changes = await page('/plans/sapporo-2nd/changes?from=2016&to=2017');
  assert.match(changes, /<ins><span class="diff-mark">追加<\/span> 下書きの取組結果ZQX7<\/ins>/);
  assert.match(changes, /<del><span class="diff-mark">削除<\/span> ●市民や寄附者・団体にさぽーとほっと基金に関するアンケートを実施<\/del>/);
  // grade went from none to B
  assert.match(changes, /<span class="grade-code">B<\/span>/);

  await database.db.delete(rounds).where(eq(rounds.id, draft.id));
  await database.db.delete(observations).where(and(eq(observations.indicatorId, indicator.id), eq(observations.fiscalYear, 2018)));
  await database.db.delete(rounds).where(eq(rounds.id, entryRound.id));
});

test('feedback: held for moderation, honeypot dropped, moderator publishes it onto the item page', async () => {
  const citizen = new TestClient(app);
  const path = item('sendai-2021', '1-(1)-④');
  await citizen.get(path);
  const sent = await citizen.post(`${path}/feedback`, { body: '参加団体の一覧を公開してほしいです。', name: '青葉区の住民', website: '' });
  assert.equal(sent.status, 303);
  assert.match(sent.headers.get('location') ?? '', /\?sent=1#main$/);
  const bot = await citizen.post(`${path}/feedback`, { body: 'spam spam', name: '', website: 'http://spam.example' });
  assert.equal(bot.status, 303);
  const stored = await database.db.select().from(feedback);
  assert.deepEqual(stored.map((f) => [f.body, f.state]), [['参加団体の一覧を公開してほしいです。', 'pending']]);
  // pending feedback is not public
  assert.ok(!(await page(path)).includes('参加団体の一覧を公開してほしいです'));
  // without the CSRF token the form is refused
  assert.equal((await citizen.post(`${path}/feedback`, { body: 'x' }, { csrf: false })).status, 403);
  // the public cannot moderate
  assert.equal((await citizen.get('/admin/feedback')).status, 303);

  await insertTestUser(database.db, { login: 'honbu', role: 'admin' });
  const moderator = new TestClient(app);
  await moderator.signIn('honbu');
  const list = await moderator.get('/admin/feedback');
  assert.equal(list.status, 200);
  assert.ok((await list.text()).includes('参加団体の一覧を公開してほしいです。'));
  const id = stored[0]?.id;
  assert.equal((await moderator.post(`/admin/feedback/${id}`, { decision: 'published', answer: '来年度から市ホームページで公開します。' })).status, 303);
  const published = visibleText(await page(path));
  assert.ok(published.includes('参加団体の一覧を公開してほしいです。'));
  assert.ok(published.includes('青葉区の住民'));
  assert.ok(published.includes('市からの回答'));
  assert.ok(published.includes('来年度から市ホームページで公開します。'));
  // a second decision on the same feedback is refused: it is no longer pending
  assert.equal((await moderator.post(`/admin/feedback/${id}`, { decision: 'rejected' })).status, 404);
  await database.db.delete(feedback);
});

test('feedback rate limit: the sixth message within ten minutes from one address waits', () => {
  let now = 0;
  const limiter = new FeedbackRateLimiter({ now: () => now });
  for (let i = 0; i < 5; i++) {
    assert.equal(limiter.blockedFor('198.51.100.7'), 0);
    limiter.record('198.51.100.7');
  }
  assert.equal(limiter.blockedFor('198.51.100.7'), 10);
  assert.equal(limiter.blockedFor('198.51.100.8'), 0);
  now = 10 * 60_000 + 1;
  assert.equal(limiter.blockedFor('198.51.100.7'), 0);
});

test('sentence diff: kept, deleted and inserted sentences in order', () => {
  assert.deepEqual(diffSentences('Aを実施。Bを検討。', 'Aを実施。Cを開始。'), [
    { op: 'same', text: 'Aを実施。' },
    { op: 'deleted', text: 'Bを検討。' },
    { op: 'inserted', text: 'Cを開始。' },
  ]);
});

test('unknown item and indicator are 404 pages', async () => {
  assert.equal((await app.request(item('sapporo-2nd', 'no-such'))).status, 404);
  assert.equal((await app.request(indicatorPath('sapporo-2nd', 'no-such'))).status, 404);
});

test('page cache: a page is served again from the cache until the data changes, and keeps each visitor\'s CSRF token', async () => {
  const path = item('sapporo-2nd', '2');
  const first = await app.request(path, { headers: { cookie: 'shinchoku_csrf=token-of-visitor-one' } });
  const second = await app.request(path, { headers: { cookie: 'shinchoku_csrf=token-of-visitor-two' } });
  assert.equal(second.headers.get('x-page-cache'), 'hit');
  assert.match(await first.text(), /name="_csrf" value="token-of-visitor-one"/);
  const html = await second.text();
  assert.match(html, /name="_csrf" value="token-of-visitor-two"/);
  assert.ok(!html.includes('__SHINCHOKU_CSRF_TOKEN__'));
  // a write anywhere makes the next request render again
  const sapporo = await planId('sapporo-2nd');
  await database.db.update(planItems).set({ description: '団体の運営基盤の強化（改訂）' }).where(and(eq(planItems.planId, sapporo), eq(planItems.code, '2')));
  const third = await app.request(path);
  assert.equal(third.headers.get('x-page-cache'), 'miss');
  assert.ok((await third.text()).includes('団体の運営基盤の強化（改訂）'));
});
