// The comparison pages over HTTP: /compare and /compare/:code in Japanese and English, the CSV,
// 404 for an unknown code, a draft value on no page; /admin/catalogue: create an entry (a bad
// form comes back with what was typed), link and unlink an indicator, and an administrator of
// one organisation refused (404) on another organisation's indicators.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { and, eq, like } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../test-support/database.js';
import { prepareBundledData } from '../datasets/bundled.js';
import { createApp } from '../app.js';
import { auditLog, catalogueIndicators, catalogueLinks, indicators, observations, organisations, plans, rounds, users } from '../db/schema.js';
import { insertTestUser, TestClient } from '../auth/test-client.js';

let database: TestDatabase;
let app: ReturnType<typeof createApp>;
before(async () => {
  database = await createTestDatabase();
  await database.reset();
  await prepareBundledData(database);
  app = createApp(database);
});
after(async () => {
  await database.close();
});

const SHARED = '/compare/civic-support-centre-groups';

function visibleText(html: string): string {
  return html.replace(/<script[\s\S]*?<\/script>/g, ' ').replace(/<[^>]+>/g, ' ').replace(/&amp;/g, '&').replace(/\s+/g, ' ');
}

async function page(path: string): Promise<string> {
  const response = await app.request(path);
  assert.equal(response.status, 200, path);
  return response.text();
}

async function indicatorId(plan: string, code: string): Promise<number> {
  const [row] = await database.db.select({ id: indicators.id }).from(indicators).innerJoin(plans, eq(plans.id, indicators.planId)).where(and(eq(plans.code, plan), eq(indicators.code, code)));
  assert.ok(row);
  return row.id;
}

async function organisationId(code: string): Promise<number> {
  const [row] = await database.db.select({ id: organisations.id }).from(organisations).where(eq(organisations.code, code));
  assert.ok(row);
  return row.id;
}

test('/compare lists the shared entries with how many organisations take part (ja and en)', async () => {
  const ja = visibleText(await page('/compare'));
  assert.match(ja, /市民活動サポートセンターの登録・利用団体数 団体 件数・団体数など 2団体/);
  assert.match(ja, /町内会加入率 % 割合 1団体 ?（比較には2団体以上が必要です）/);
  const en = visibleText(await page('/en/compare'));
  assert.match(en, /Groups registered with or using the civic activity support centre 団体 Count 2 organisations/);
  // the site navigation links to it
  assert.match(await page('/'), /<a href="\/compare">都市間比較<\/a>/);
  assert.match(await page('/en/'), /<a href="\/en\/compare">Compare cities<\/a>/);
});

test('/compare/:code: chart with a text alternative, the table with caption and header scopes, notes, populations, links back', async () => {
  const html = await page(SHARED);
  assert.match(html, /<svg[^>]*role="img"[^>]*aria-labelledby="compare-civic-support-centre-groups-title compare-civic-support-centre-groups-desc"/);
  assert.match(html, /<caption id="compare-table-caption">市民活動サポートセンターの登録・利用団体数の年度別の値（単位: 団体）<\/caption>/);
  assert.match(html, /<th scope="rowgroup" colspan="4"/);
  const text = visibleText(html);
  // Sapporo 平成28年度 2,653団体; 2,653 × 100,000 ÷ 1,973,395 = 134.43… → 134.4
  assert.match(text, /平成28年度 2,653 134\.4 実績/);
  assert.match(text, /平成29年度 2,684 136\.0 状況（平成29年8月31日時点）/);
  assert.match(text, /仙台市: 市民活動サポートセンター利用団体数 この自治体の公表済みの値はまだありません。/);
  // targets in the catalogue unit and per capita: 720 × 100,000 ÷ 1,096,704 = 65.65… → 65.7
  assert.match(text, /毎年度 720団体 以上（人口10万人あたり 65\.7）/);
  assert.match(text, /1,973,395人（令和2年国勢調査、令和2年10月1日時点）/);
  assert.match(text, /1,096,704人（令和2年国勢調査、令和2年10月1日時点）/);
  assert.match(text, /「登録団体数」: 札幌市市民活動サポートセンターに登録している団体の数/);
  assert.match(text, /「利用団体数」: 仙台市市民活動サポートセンターを利用した団体の数/);
  assert.ok(html.includes('href="/plans/sapporo-2nd/items/2"'));
  assert.ok(html.includes(`href="/plans/sendai-2021/items/${encodeURIComponent('1-(1)-①')}"`));

  const en = await page(`/en${SHARED}`);
  assert.match(en, /<html lang="en">/);
  assert.match(visibleText(en), /FY2016 2,653 134\.4 Actual/);
  assert.ok(en.includes('href="/en/plans/sapporo-2nd/items/2"'));
});

test('the table as CSV: UTF-8 with BOM, one row per year and per target, values exact', async () => {
  const response = await app.request(`${SHARED}.csv`);
  assert.equal(response.status, 200);
  assert.match(response.headers.get('content-type') ?? '', /text\/csv/);
  const bytes = new Uint8Array(await response.arrayBuffer());
  assert.deepEqual([...bytes.slice(0, 3)], [0xef, 0xbb, 0xbf]);
  const lines = new TextDecoder().decode(bytes).replace(/^\uFEFF/, '').trim().split('\r\n');
  assert.equal(lines.length, 1 + 5 + 1 + 1); // header, Sapporo H25–H29 and its H30 target, Sendai's target
  assert.ok(lines.some((l) => l.startsWith('civic-support-centre-groups,市民活動サポートセンターの登録・利用団体数,sapporo,札幌市,sapporo-2nd,2-a,市民活動サポートセンター登録団体数,value,2016,actual,2653,団体,134.4,1973395,2020-10-01,令和2年国勢調査,')));
  assert.ok(lines.some((l) => l.includes(',target,,every_year_min,720,団体,65.7,1096704,')));
});

test('an unknown code is 404 in both languages', async () => {
  for (const path of ['/compare/no-such-entry', '/en/compare/no-such-entry', '/compare/no-such-entry.csv', '/compare/Upper_Case']) {
    const response = await app.request(path);
    assert.equal(response.status, 404, path);
  }
});

test('a value typed into an unpublished round is on no comparison page or download', async () => {
  const [plan] = await database.db.select({ id: plans.id }).from(plans).where(eq(plans.code, 'sapporo-2nd'));
  assert.ok(plan);
  const [round] = await database.db.insert(rounds).values({ planId: plan.id, fiscalYear: 2018, state: 'review' }).returning();
  assert.ok(round);
  await database.db.insert(observations).values({ indicatorId: await indicatorId('sapporo-2nd', '2-a'), fiscalYear: 2018, kind: 'actual', value: '2791', text: '2,791団体', unit: '団体' });
  try {
    for (const path of [SHARED, `/en${SHARED}`, `${SHARED}.csv`, '/compare']) {
      const body = await page(path);
      assert.ok(!body.includes('2791') && !body.includes('2,791'), `draft value on ${path}`);
    }
  } finally {
    await database.db.delete(observations).where(and(eq(observations.fiscalYear, 2018), eq(observations.text, '2,791団体')));
    await database.db.delete(rounds).where(eq(rounds.id, round.id));
  }
});

async function signedIn(login: string, role: 'admin' | 'editor', organisation: string | null): Promise<TestClient> {
  const id = await insertTestUser(database.db, { login, role });
  if (organisation) await database.db.update(users).set({ organisationId: await organisationId(organisation) }).where(eq(users.id, id));
  const client = new TestClient(app);
  assert.equal((await client.signIn(login)).status, 303);
  return client;
}

test('the operator creates an entry (a bad form keeps what was typed); a 本部 links its own indicator, changes its note, unlinks it; all audited', async () => {
  const operator = await signedIn('catalogue-operator', 'admin', null);
  const admin = await signedIn('sendai-admin', 'admin', 'sendai');
  assert.equal((await admin.get('/admin/catalogue')).status, 200);

  const bad = await operator.post('/admin/catalogue', { code: 'ボランティア', name: 'ボランティアセンター登録団体数', unit: '', kind: 'count', direction: 'up', description: '社会福祉協議会のセンター' });
  assert.equal(bad.status, 422);
  const badText = await bad.text();
  assert.match(badText, /「比べる単位」を入力してください/);
  assert.match(badText, /「コード」は半角英小文字・数字・ハイフンで書いてください/);
  assert.match(badText, /value="ボランティアセンター登録団体数"/);
  assert.match(badText, />社会福祉協議会のセンター<\/textarea>/);

  const created = await operator.post('/admin/catalogue', { code: 'volunteer-centre-groups', name: 'ボランティアセンター登録団体数', unit: '団体', kind: 'count', direction: 'up', description: '' });
  assert.equal(created.status, 303);
  assert.equal(created.headers.get('location'), '/admin/catalogue/volunteer-centre-groups?saved=created');
  const duplicate = await operator.post('/admin/catalogue', { code: 'volunteer-centre-groups', name: '重複', unit: '団体', kind: 'count', direction: 'up' });
  assert.equal(duplicate.status, 422);
  assert.match(await duplicate.text(), /コード「volunteer-centre-groups」の共通指標はすでにあります/);

  const entryPage = await admin.get('/admin/catalogue/volunteer-centre-groups');
  assert.equal(entryPage.status, 200);
  const entryHtml = await entryPage.text();
  // a Sendai admin is offered Sendai's indicators only
  assert.ok(entryHtml.includes('value="sendai-2021|1-(1)-⑤#1"'));
  assert.ok(!entryHtml.includes('value="sapporo-2nd|'));

  const badFactor = await admin.post('/admin/catalogue/volunteer-centre-groups/links', { indicator: 'sendai-2021|1-(1)-⑤#1', unitFactor: '0', note: '登録団体数' });
  assert.equal(badFactor.status, 422);
  const badFactorHtml = await badFactor.text();
  assert.match(badFactorHtml, /「単位の換算係数」は0より大きい数で入力してください/);
  assert.match(badFactorHtml, /<option value="sendai-2021\|1-\(1\)-⑤#1" selected="">/);
  assert.match(badFactorHtml, />登録団体数<\/textarea>/);

  const linked = await admin.post('/admin/catalogue/volunteer-centre-groups/links', { indicator: 'sendai-2021|1-(1)-⑤#1', unitFactor: '1', note: '社会福祉協議会のボランティアセンターに登録している団体' });
  assert.equal(linked.status, 303);
  const id = await indicatorId('sendai-2021', '1-(1)-⑤#1');
  const [link] = await database.db.select().from(catalogueLinks).where(eq(catalogueLinks.indicatorId, id));
  assert.equal(link?.note, '社会福祉協議会のボランティアセンターに登録している団体');
  assert.match(visibleText(await page('/compare')), /ボランティアセンター登録団体数 団体 件数・団体数など 1団体/);

  // the same indicator again: factor and note are rewritten
  assert.equal((await admin.post('/admin/catalogue/volunteer-centre-groups/links', { indicator: 'sendai-2021|1-(1)-⑤#1', unitFactor: '1', note: '登録団体' })).status, 303);
  // an indicator already in another entry is refused with the entry's name
  const taken = await admin.post('/admin/catalogue/volunteer-centre-groups/links', { indicator: 'sendai-2021|1-(1)-①#1', unitFactor: '1' });
  assert.equal(taken.status, 422);
  assert.match(await taken.text(), /すでに共通指標「市民活動サポートセンターの登録・利用団体数」に対応付けられています/);

  assert.equal((await admin.post(`/admin/catalogue/volunteer-centre-groups/links/${id}/delete`, {})).status, 303);
  assert.equal((await database.db.select().from(catalogueLinks).where(eq(catalogueLinks.indicatorId, id))).length, 0);

  const actions = (await database.db.select({ action: auditLog.action }).from(auditLog).where(like(auditLog.action, 'catalogue.%'))).map((r) => r.action);
  assert.deepEqual(actions, ['catalogue.create', 'catalogue.link', 'catalogue.link.update', 'catalogue.unlink']);
});

test("one organisation's 本部 may not add or edit a shared catalogue entry (403, nothing changed); the operator may", async () => {
  const sendaiAdmin = await signedIn('sendai-catalogue-admin', 'admin', 'sendai');
  const listing = await (await sendaiAdmin.get('/admin/catalogue')).text();
  assert.ok(!listing.includes('action="/admin/catalogue"'), 'no form to add an entry');
  assert.match(listing, /追加と編集はこの環境の運用者/);
  const added = await sendaiAdmin.post('/admin/catalogue', { code: 'sendai-only', name: '仙台だけの指標', unit: '団体', kind: 'count', direction: 'up', description: '' });
  assert.equal(added.status, 403);
  const entryHtml = await (await sendaiAdmin.get('/admin/catalogue/civic-support-centre-groups')).text();
  assert.ok(!entryHtml.includes('action="/admin/catalogue/civic-support-centre-groups"'), 'no edit form');
  const [before] = await database.db.select().from(catalogueIndicators).where(eq(catalogueIndicators.code, 'civic-support-centre-groups'));
  assert.ok(before);
  const edited = await sendaiAdmin.post('/admin/catalogue/civic-support-centre-groups', { name: '書き換えた名称', unit: '団体', kind: 'count', direction: 'up', description: '' });
  assert.equal(edited.status, 403);
  const [after] = await database.db.select().from(catalogueIndicators).where(eq(catalogueIndicators.code, 'civic-support-centre-groups'));
  assert.deepEqual(after, before);
  assert.equal((await database.db.select().from(catalogueIndicators).where(eq(catalogueIndicators.code, 'sendai-only'))).length, 0);

  const operator = await signedIn('catalogue-operator-2', 'admin', null);
  const operatorHtml = await (await operator.get('/admin/catalogue/civic-support-centre-groups')).text();
  assert.ok(operatorHtml.includes('action="/admin/catalogue/civic-support-centre-groups"'));
  const saved = await operator.post('/admin/catalogue/civic-support-centre-groups', { name: before.name, unit: before.unit, kind: before.kind, direction: before.direction, description: `${before.description ?? ''}（運用者が確認）` });
  assert.equal(saved.status, 303);
});

test('an admin of one organisation gets 404 linking or unlinking another organisation\'s indicator; an installation-wide admin may', async () => {
  const sendaiAdmin = await signedIn('sendai-admin-2', 'admin', 'sendai');
  await sendaiAdmin.get('/admin/catalogue/civic-support-centre-groups');
  const sapporoIndicator = await indicatorId('sapporo-2nd', '2-a');
  const link = await sendaiAdmin.post('/admin/catalogue/neighbourhood-association-membership/links', { indicator: 'sapporo-2nd|4-a', unitFactor: '1' });
  assert.equal(link.status, 404);
  const unlink = await sendaiAdmin.post(`/admin/catalogue/civic-support-centre-groups/links/${sapporoIndicator}/delete`, {});
  assert.equal(unlink.status, 404);
  assert.equal((await database.db.select().from(catalogueLinks).where(eq(catalogueLinks.indicatorId, sapporoIndicator))).length, 1);
  // the page offers no unlink button for Sapporo's link
  const html = await (await sendaiAdmin.get('/admin/catalogue/civic-support-centre-groups')).text();
  assert.ok(!html.includes(`/links/${sapporoIndicator}/delete`));
  assert.ok(html.includes('他の団体の指標'));

  // an editor has no plan:edit
  const editor = await signedIn('editor-1', 'editor', 'sendai');
  assert.equal((await editor.get('/admin/catalogue')).status, 403);

  // the operator of the installation (no organisation) may unlink Sapporo's link, and link it back
  const operator = await signedIn('operator', 'admin', null);
  await operator.get('/admin/catalogue/civic-support-centre-groups');
  assert.equal((await operator.post(`/admin/catalogue/civic-support-centre-groups/links/${sapporoIndicator}/delete`, {})).status, 303);
  assert.match(visibleText(await page('/compare')), /市民活動サポートセンターの登録・利用団体数 団体 件数・団体数など 1団体/);
  assert.equal((await operator.post('/admin/catalogue/civic-support-centre-groups/links', { indicator: 'sapporo-2nd|2-a', unitFactor: '1', note: '「登録団体数」' })).status, 303);
  assert.match(visibleText(await page('/compare')), /市民活動サポートセンターの登録・利用団体数 団体 件数・団体数など 2団体/);
});

test('a plan being written (策定中) is on no comparison page, and another organisation\'s admin does not see its link', async () => {
  await database.db.update(plans).set({ status: 'draft' }).where(eq(plans.code, 'sapporo-2nd'));
  try {
    assert.match(visibleText(await page('/compare')), /市民活動サポートセンターの登録・利用団体数 団体 件数・団体数など 1団体/);
    for (const path of [SHARED, `/en${SHARED}`, `${SHARED}.csv`]) {
      const body = await page(path);
      assert.ok(!body.includes('sapporo-2nd') && !body.includes('2,653') && !body.includes(',2653,'), path);
    }
    const sendaiAdmin = await signedIn('sendai-admin-3', 'admin', 'sendai');
    const html = await (await sendaiAdmin.get('/admin/catalogue/civic-support-centre-groups')).text();
    assert.ok(!html.includes('第2期 市民まちづくり活動促進基本計画') && !html.includes('/plans/sapporo-2nd/'), 'another organisation\'s draft plan on the admin page');
    const operator = await signedIn('operator-2', 'admin', null);
    assert.ok((await (await operator.get('/admin/catalogue/civic-support-centre-groups')).text()).includes('第2期 市民まちづくり活動促進基本計画'));
  } finally {
    await database.db.update(plans).set({ status: 'active' }).where(eq(plans.code, 'sapporo-2nd'));
  }
});
