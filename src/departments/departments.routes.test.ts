// Reorganising departments through the pages: rename and merge keep history (the item shows the
// successor today, a past round the name of its time), abolition is refused while the department
// is an item's only owner, and another organisation's admin gets 404.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { eq } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../test-support/database.js';
import { insertItem, insertPlan, insertTwoOrganisationsWithAdmins } from '../test-support/fixtures.js';
import { createApp } from '../app.js';
import { insertTestUser, signedInClient } from '../auth/test-client.js';
import { scopesOf } from '../auth/sessions.repository.js';
import { auditLog, departments, entries, itemDepartments, plans, rounds } from '../db/schema.js';
import { loadReport } from '../reports/load-report.js';
import { ensureShippedScales } from '../plans/scales.repository.js';

let database: TestDatabase;
let app: ReturnType<typeof createApp>;
const ids: Record<string, number> = {};

async function department(code: string, name: string, kind: string, parentId: number | null, validFrom: string | null) {
  const [row] = await database.db.insert(departments).values({ organisationId: ids.org as number, code, name, kind, parentId, validFrom }).returning();
  if (!row) throw new Error('no department');
  return row.id;
}

before(async () => {
  database = await createTestDatabase();
  const db = database.db;
  await ensureShippedScales(db);
  const { org } = await insertTwoOrganisationsWithAdmins(db);
  ids.org = org.id;
  ids.bureau = await department('shimin', '市民局', 'bureau', null, '2010-04-01');
  ids.kyodo = await department('kyodo', '市民協働推進課', 'section', ids.bureau, '2015-04-01');
  ids.chiiki = await department('chiiki', '地域振興課', 'section', ids.bureau, '2012-04-01');
  ids.koho = await department('koho', '広報課', 'section', ids.bureau, null);
  ids.spare = await department('spare', '旧調整室', 'office', null, null);
  const plan = await insertPlan(db, org.id, 'test-plan');
  await db.update(plans).set({ status: 'active', scaleId: null }).where(eq(plans.id, plan.id));
  ids.plan = plan.id;
  const top = await insertItem(db, { planId: plan.id, code: '1', name: '市民協働の推進' });
  const a = await insertItem(db, { planId: plan.id, code: '1-1', parentId: top.id, name: '協働事業の提案制度', position: 0 });
  const b = await insertItem(db, { planId: plan.id, code: '1-2', parentId: top.id, name: '地域活動の支援', position: 1 });
  const c = await insertItem(db, { planId: plan.id, code: '1-3', parentId: top.id, name: '市政だより', position: 2 });
  ids.itemA = a.id;
  await db.insert(itemDepartments).values([
    { itemId: a.id, departmentId: ids.kyodo, position: 0 },
    { itemId: b.id, departmentId: ids.chiiki, position: 0 },
    { itemId: c.id, departmentId: ids.koho, position: 0 },
  ]);
  // 令和4年度 (FY2022) is published; 令和7年度 (FY2025) is open for entry
  const [past] = await db.insert(rounds).values({ planId: plan.id, fiscalYear: 2022, state: 'published', publishedAt: new Date() }).returning();
  const [open] = await db.insert(rounds).values({ planId: plan.id, fiscalYear: 2025, state: 'entry' }).returning();
  // 令和6年度 (FY2024, ends 2025-03-31): published, between the rename and the merge
  const [between] = await db.insert(rounds).values({ planId: plan.id, fiscalYear: 2024, state: 'published', publishedAt: new Date() }).returning();
  if (!past || !open || !between) throw new Error('no rounds');
  ids.past = past.id;
  ids.open = open.id;
  ids.between = between.id;
  for (const round of [past, open, between]) {
    const done = round.state === 'published';
    await db.insert(entries).values([a, b, c].map((item) => ({ planId: plan.id, roundId: round.id, itemId: item.id, state: done ? 'approved' : 'not_started', selfGrade: done ? 'A' : null })));
  }
  app = createApp(database);
});
after(async () => {
  await database.close();
});

const signedIn = (login: string) => signedInClient(app, login);

const base = '/admin/organisations/testcity/departments';

test('the list shows 局 → 課 with validity dates', async () => {
  const client = await signedIn('hq');
  const response = await client.get(base);
  assert.equal(response.status, 200);
  const html = await response.text();
  assert.match(html, /市民局/);
  assert.match(html, /市民協働推進課/);
  // 2015-04-01 = 平成27年4月1日
  assert.match(html, /平成27年4月1日〜/);
});

test('another organisation\'s admin gets 404 for the departments pages and changes', async () => {
  const client = await signedIn('other-hq');
  assert.equal((await client.get(base)).status, 404);
  assert.equal((await client.get(`${base}/${ids.kyodo}/rename`)).status, 404);
  await client.get('/account/password');
  const post = await client.post(`${base}/${ids.kyodo}/rename`, { name: '乗っ取り課', date: '2024-04-01', code: '' });
  assert.equal(post.status, 404);
  const [row] = await database.db.select().from(departments).where(eq(departments.id, ids.kyodo as number));
  assert.equal(row?.endKind, null, 'nothing changed');
});

test('a rename with a code already used is refused and the form keeps what was typed', async () => {
  const client = await signedIn('hq');
  await client.get(`${base}/${ids.kyodo}/rename`);
  const response = await client.post(`${base}/${ids.kyodo}/rename`, { name: 'まちづくり連携課', date: '2024-04-01', code: 'koho' });
  assert.equal(response.status, 409);
  const html = await response.text();
  assert.match(html, /コード「koho」は既に部署で使われています/);
  assert.match(html, /value="まちづくり連携課"/);
});

test('rename on 2024-04-01, then merge on 2025-04-01: history is kept', async () => {
  const client = await signedIn('hq');
  await client.get(`${base}/${ids.kyodo}/rename`);
  // no code given: the suggestion is the old code and the year
  const renamed = await client.post(`${base}/${ids.kyodo}/rename`, { name: 'まちづくり連携課', date: '2024-04-01', code: '' });
  assert.equal(renamed.status, 303);
  const db = database.db;
  const [old] = await db.select().from(departments).where(eq(departments.id, ids.kyodo as number));
  const [successor] = await db.select().from(departments).where(eq(departments.code, 'kyodo-2024'));
  assert.ok(old && successor);
  assert.equal(old.validTo, '2024-03-31');
  assert.equal(old.endKind, 'rename');
  assert.equal(old.successorId, successor.id);
  assert.equal(old.currentId, successor.id);
  assert.equal(successor.name, 'まちづくり連携課');
  assert.equal(successor.parentId, ids.bureau);
  assert.equal(successor.validFrom, '2024-04-01');
  ids.renamed = successor.id;

  await client.get(`${base}/${ids.chiiki}/merge`);
  const merged = await client.post(`${base}/${ids.chiiki}/merge`, { into: String(successor.id), date: '2025-04-01' });
  assert.equal(merged.status, 303);
  const [chiiki] = await db.select().from(departments).where(eq(departments.id, ids.chiiki as number));
  assert.equal(chiiki?.endKind, 'merge');
  assert.equal(chiiki?.validTo, '2025-03-31');
  assert.equal(chiiki?.currentId, successor.id);
  // ownership rows are never rewritten
  const owners = await db.select().from(itemDepartments);
  assert.deepEqual(owners.map((o) => o.departmentId).sort((x, y) => x - y), [ids.kyodo, ids.chiiki, ids.koho].sort((x, y) => (x as number) - (y as number)));

  // the list: ended ones with their successor and date; the history names both changes
  const html = await (await client.get(base)).text();
  assert.match(html, /名称変更 → まちづくり連携課（令和6年4月1日から）/);
  assert.match(html, /統合 → まちづくり連携課（令和7年3月31日まで）/);
  assert.match(html, /名称変更: 「市民協働推進課」→「まちづくり連携課」（令和6年4月1日から）/);
  assert.match(html, /統合: 「地域振興課」を「まちづくり連携課」へ（令和7年3月31日まで）/);
  const audits = await db.select().from(auditLog).where(eq(auditLog.subjectType, 'department'));
  assert.deepEqual(audits.map((a) => a.action).sort(), ['department.merge', 'department.rename']);
});

test('today\'s pages show the successor; the past round keeps the names of its year', async () => {
  const planPage = await (await app.request('/plans/test-plan')).text();
  assert.doesNotMatch(planPage, /市民協働推進課|地域振興課/);
  assert.equal((planPage.match(/まちづくり連携課/g) ?? []).length >= 2, true);

  const itemPage = await (await app.request('/plans/test-plan/items/1-2')).text();
  assert.match(itemPage, /市民局 まちづくり連携課/);
  assert.doesNotMatch(itemPage, /地域振興課/);
  // search finds the items by today's department, and offers it (not the old ones) as a filter
  const search = await (await app.request(`/search?q=${encodeURIComponent('まちづくり連携課')}`)).text();
  assert.match(search, /協働事業の提案制度/);
  assert.match(search, /地域活動の支援/);
  assert.match(search, /<option[^>]*>市民局 まちづくり連携課</);
  assert.doesNotMatch(search, /<option[^>]*>市民局 市民協働推進課</);
  const items = await (await app.request('/opendata/plans/test-plan/items.csv')).text();
  assert.match(items, /まちづくり連携課/);
  assert.doesNotMatch(items, /市民協働推進課|地域振興課/);
  const evaluations = await (await app.request('/opendata/plans/test-plan/grades.csv')).text();
  assert.match(evaluations, /2022,.*市民協働推進課/);
  assert.match(evaluations, /2024,.*地域振興課/);

  const client = await signedIn('hq');
  // FY2022 ended on 2023-03-31, before both changes
  const past = await (await client.get(`/rounds/${ids.past}`)).text();
  assert.match(past, /市民局 市民協働推進課/);
  assert.match(past, /市民局 地域振興課/);
  assert.doesNotMatch(past, /まちづくり連携課/);
  // the open round names who does the work now
  const open = await (await client.get(`/rounds/${ids.open}`)).text();
  assert.match(open, /市民局 まちづくり連携課/);
  assert.doesNotMatch(open, /市民協働推進課|地域振興課/);

  // FY2024 ended on 2025-03-31: after the rename (2024-04-01), before the merge (2025-04-01)
  const between = await (await client.get(`/rounds/${ids.between}`)).text();
  assert.match(between, /市民局 まちづくり連携課/);
  assert.match(between, /市民局 地域振興課/);
  assert.doesNotMatch(between, /市民協働推進課/);

  // the reports of the published rounds: departments of their year
  const report2022 = JSON.stringify(await loadReport(database.db, 'test-plan', { fiscalYear: 2022 }));
  assert.match(report2022, /市民協働推進課/);
  assert.doesNotMatch(report2022, /まちづくり連携課/);
  const report2024 = JSON.stringify(await loadReport(database.db, 'test-plan', { fiscalYear: 2024 }));
  assert.match(report2024, /まちづくり連携課/);
  assert.match(report2024, /地域振興課/);
  assert.doesNotMatch(report2024, /市民協働推進課/);
});

test('an editor of the new 課 acts for items still owned by the old and the merged 課', async () => {
  const editor = await insertTestUser(database.db, { login: 'renamed-editor', role: 'editor', departmentIds: [ids.renamed as number] });
  const scopes = await scopesOf(database.db, editor);
  assert.deepEqual(scopes.departmentIds, [ids.kyodo, ids.chiiki, ids.renamed].sort((x, y) => (x as number) - (y as number)));
  // and the other way round: an editor of the old 課 still reaches the new one
  const old = await insertTestUser(database.db, { login: 'old-editor', role: 'editor', departmentIds: [ids.kyodo as number] });
  assert.ok((await scopesOf(database.db, old)).departmentIds.includes(ids.renamed as number));
  // a reviewer of the 局 covers the renamed 課 under it
  const reviewer = await insertTestUser(database.db, { login: 'bureau-reviewer', role: 'reviewer', departmentIds: [ids.bureau as number] });
  const reviewed = (await scopesOf(database.db, reviewer)).departmentIds;
  for (const id of [ids.kyodo, ids.chiiki, ids.koho, ids.renamed]) assert.ok(reviewed.includes(id as number));
});

test('abolishing the only owner of an active plan\'s item is refused in Japanese; an unused one is abolished', async () => {
  const client = await signedIn('hq');
  await client.get(`${base}/${ids.koho}/abolish`);
  const refused = await client.post(`${base}/${ids.koho}/abolish`, { date: '2026-04-01' });
  assert.equal(refused.status, 409);
  const html = await refused.text();
  assert.match(html, /部署「広報課」は実施中の計画の項目 1件（1-3 市政だより）のただ一つの担当課です/);
  assert.match(html, /value="2026-04-01"/);
  const [koho] = await database.db.select().from(departments).where(eq(departments.id, ids.koho as number));
  assert.equal(koho?.endKind, null);

  const done = await client.post(`${base}/${ids.spare}/abolish`, { date: '2026-04-01' });
  assert.equal(done.status, 303);
  const [spare] = await database.db.select().from(departments).where(eq(departments.id, ids.spare as number));
  assert.equal(spare?.endKind, 'abolish');
  assert.equal(spare?.validTo, '2026-03-31');
  assert.equal(spare?.successorId, null);
});

test('an ended department cannot be renamed again; a date before its start is refused', async () => {
  const client = await signedIn('hq');
  await client.get(`${base}/${ids.kyodo}/rename`);
  const again = await client.post(`${base}/${ids.kyodo}/rename`, { name: '別の名前', date: '2026-04-01', code: 'x-1' });
  assert.equal(again.status, 409);
  assert.match(await again.text(), /部署「市民協働推進課」は2024-03-31に名称変更済みです/);
  const early = await client.post(`${base}/${ids.renamed}/rename`, { name: '別の名前', date: '2024-04-01', code: 'x-2' });
  assert.equal(early.status, 422);
  assert.match(await early.text(), /名称変更の日付（2024-04-01）は部署「まちづくり連携課」の開始日（2024-04-01）より後の日にしてください/);
});

test('a renamed 局 takes its current 課 along; ended 課 keep the 局 of their time', async () => {
  const client = await signedIn('hq');
  await client.get(`${base}/${ids.bureau}/rename`);
  const response = await client.post(`${base}/${ids.bureau}/rename`, { name: '市民文化局', date: '2026-04-01', code: 'shimin-bunka' });
  assert.equal(response.status, 303);
  const rows = await database.db.select().from(departments).where(eq(departments.organisationId, ids.org as number));
  const byCode = new Map(rows.map((r) => [r.code, r]));
  const bureau = byCode.get('shimin-bunka');
  assert.ok(bureau);
  assert.equal(byCode.get('kyodo-2024')?.parentId, bureau.id);
  assert.equal(byCode.get('koho')?.parentId, bureau.id);
  assert.equal(byCode.get('kyodo')?.parentId, ids.bureau, 'the ended 課 stays under the old 局');
  // the plan page names the 局 of today
  const planPage = await (await app.request('/plans/test-plan')).text();
  assert.match(planPage, /市民文化局/);
});
