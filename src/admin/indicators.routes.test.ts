// An item's indicators on its admin page: 上へ・下へ change indicators.position (the public item
// page follows), 削除 goes through a confirmation page and takes the targets with it, and is
// refused with a Japanese message for an indicator with observations (実績値) or a catalogue
// link. Another organisation's admin gets 404, an editor 403, a POST without the CSRF token 403.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { and, asc, count, desc, eq } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../test-support/database.js';
import { insertItem, insertOrganisation, insertPlan } from '../test-support/fixtures.js';
import { createApp } from '../app.js';
import { auditLog, catalogueIndicators, catalogueLinks, departments, indicators, observations, targets, users } from '../db/schema.js';
import { insertTestUser, TestClient } from '../auth/test-client.js';

let database: TestDatabase;
let app: ReturnType<typeof createApp>;
let adminA: TestClient; // bound to テスト市, whose plan this is
let adminB: TestClient; // bound to 別市
let editor: TestClient; // テスト市, 市民協働推進課
let planId = 0;
let itemId = 0;

const PLAN = 'kyodo-2026';
const ITEM = '1-(1)';
const enc = encodeURIComponent;
const itemUrl = `/admin/plans/${PLAN}/items/${enc(ITEM)}`;
const indicatorUrl = (code: string) => `/admin/plans/${PLAN}/indicators/${enc(code)}`;
const text = async (r: Response) => (await r.text()).replace(/<[^>]+>/g, ' ').replace(/&quot;/g, '"').replace(/&#39;/g, "'");

before(async () => {
  database = await createTestDatabase();
  app = createApp(database);
  const db = database.db;
  const orgA = await insertOrganisation(db, 'testcity', 'テスト市');
  const orgB = await insertOrganisation(db, 'othercity', '別市');
  const [ka] = await db.insert(departments).values({ organisationId: orgA.id, code: 'kyodo', name: '市民協働推進課' }).returning();
  const plan = await insertPlan(db, orgA.id, PLAN); // status active: its item page is public
  planId = plan.id;
  itemId = (await insertItem(db, { planId, code: ITEM, name: '市民活動の支援' })).id;
  const logins: [string, 'admin' | 'editor', number][] = [['hq-a', 'admin', orgA.id], ['hq-b', 'admin', orgB.id], ['editor-a', 'editor', orgA.id]];
  const clients: TestClient[] = [];
  for (const [login, role, organisationId] of logins) {
    const id = await insertTestUser(db, { login, role, ...(role === 'editor' ? { departmentIds: [ka!.id] } : {}) });
    await db.update(users).set({ organisationId }).where(eq(users.id, id));
    const client = new TestClient(app);
    assert.equal((await client.signIn(login)).status, 303, login);
    clients.push(client);
  }
  [adminA, adminB, editor] = clients as [TestClient, TestClient, TestClient];
});
after(async () => {
  await database.close();
});

async function addIndicator(code: string, name: string) {
  await adminA.get(itemUrl);
  const added = await adminA.post(`${itemUrl}/indicators`, { code, name, unit: '団体', direction: 'up', aggregation: 'annual' });
  assert.equal(added.status, 303, await added.text());
}

async function addTarget(code: string, targetText: string) {
  const added = await adminA.post(`${indicatorUrl(code)}/targets`, { action: 'save', kind: 'by_year', text: targetText, setBy: 'this_plan' });
  assert.equal(added.status, 303, await added.text());
}

/** The item's indicator codes in the order of indicators.position (then id). */
async function storedOrder(): Promise<string[]> {
  const rows = await database.db.select({ code: indicators.code }).from(indicators).where(eq(indicators.itemId, itemId)).orderBy(asc(indicators.position), asc(indicators.id));
  return rows.map((r) => r.code);
}

/** The order in which names appear on a page. */
function orderOn(page: string, names: string[]): string[] {
  return names.filter((n) => page.includes(n)).sort((a, b) => page.indexOf(a) - page.indexOf(b));
}

async function indicatorId(code: string): Promise<number> {
  const [row] = await database.db.select({ id: indicators.id }).from(indicators).where(and(eq(indicators.planId, planId), eq(indicators.code, code)));
  assert.ok(row, code);
  return row.id;
}

async function counts() {
  const [i] = await database.db.select({ n: count() }).from(indicators).where(eq(indicators.planId, planId));
  const [t] = await database.db.select({ n: count() }).from(targets).innerJoin(indicators, eq(indicators.id, targets.indicatorId)).where(eq(indicators.planId, planId));
  const [o] = await database.db.select({ n: count() }).from(observations).innerJoin(indicators, eq(indicators.id, observations.indicatorId)).where(eq(indicators.planId, planId));
  const [a] = await database.db.select({ n: count() }).from(auditLog);
  return { indicators: i?.n, targets: t?.n, observations: o?.n, audit: a?.n };
}

async function lastAudit(action: string) {
  const [row] = await database.db.select().from(auditLog).where(eq(auditLog.action, action)).orderBy(desc(auditLog.id)).limit(1);
  return row;
}

test('上へ・下へ reorder the indicators of an item; the admin page and the public item page follow', async () => {
  await addIndicator('1-(1)#1', '登録団体数');
  await addIndicator('1-(1)#2', '講座の参加者数');
  await addIndicator('1-(1)#3', '活動に参加した市民の割合');
  const names = ['登録団体数', '講座の参加者数', '活動に参加した市民の割合'];
  assert.deepEqual(await storedOrder(), ['1-(1)#1', '1-(1)#2', '1-(1)#3'], 'added in this order: positions 0, 1, 2');

  const publicClient = new TestClient(app);
  assert.deepEqual(orderOn(await text(await publicClient.get(`/plans/${PLAN}/items/${enc(ITEM)}`)), names), names);

  // the first has no 上へ, the last no 下へ
  const page = await adminA.get(itemUrl);
  const html = await page.text();
  assert.doesNotMatch(html, /aria-label="指標「登録団体数」を上へ"/);
  assert.match(html, /aria-label="指標「登録団体数」を下へ"/);
  assert.match(html, /aria-label="指標「活動に参加した市民の割合」を上へ"/);
  assert.doesNotMatch(html, /aria-label="指標「活動に参加した市民の割合」を下へ"/);

  // #3 one place up: #1, #3, #2
  const third = await indicatorId('1-(1)#3');
  const up = await adminA.post(`${indicatorUrl('1-(1)#3')}/reorder`, { direction: 'up' });
  assert.equal(up.status, 303);
  assert.equal(up.headers.get('location'), `${itemUrl}?saved=indicator-reordered#indicator-${third}`);
  assert.deepEqual(await storedOrder(), ['1-(1)#1', '1-(1)#3', '1-(1)#2']);
  // #1 one place down: #3, #1, #2
  assert.equal((await adminA.post(`${indicatorUrl('1-(1)#1')}/reorder`, { direction: 'down' })).status, 303);
  assert.deepEqual(await storedOrder(), ['1-(1)#3', '1-(1)#1', '1-(1)#2']);
  const positions = await database.db.select({ code: indicators.code, position: indicators.position }).from(indicators).where(eq(indicators.itemId, itemId)).orderBy(asc(indicators.code));
  assert.deepEqual(positions, [{ code: '1-(1)#1', position: 1 }, { code: '1-(1)#2', position: 2 }, { code: '1-(1)#3', position: 0 }]);

  const audit = await lastAudit('indicator.reorder');
  assert.equal(audit?.subjectId, String(await indicatorId('1-(1)#1')));
  assert.deepEqual(audit?.after, { direction: 'down', positions: [{ id: third, position: 0 }, { id: await indicatorId('1-(1)#1'), position: 1 }] });

  const expected = ['活動に参加した市民の割合', '登録団体数', '講座の参加者数'];
  assert.deepEqual(orderOn(await text(await adminA.get(itemUrl)), expected), expected);
  assert.deepEqual(orderOn(await text(await publicClient.get(`/plans/${PLAN}/items/${enc(ITEM)}`)), names), expected, 'the public item page shows the new order');

  // already first: nothing changes, no message, back to the indicator
  const before = await counts();
  const noop = await adminA.post(`${indicatorUrl('1-(1)#3')}/reorder`, { direction: 'up' });
  assert.equal(noop.status, 303);
  assert.equal(noop.headers.get('location'), `${itemUrl}#indicator-${third}`);
  assert.deepEqual(await counts(), before, 'no audit row for a move that did not happen');

  // a direction that is neither up nor down: the item page with the message, nothing saved
  const bad = await adminA.post(`${indicatorUrl('1-(1)#2')}/reorder`, { direction: 'sideways' });
  assert.equal(bad.status, 422);
  assert.match(await text(bad), /並べ替えの向き（上へ・下へ）を選んでください/);
  assert.deepEqual(await storedOrder(), ['1-(1)#3', '1-(1)#1', '1-(1)#2']);
});

test('削除: the confirmation page says what goes; an indicator with only targets is deleted with them and the audit log keeps its code and name', async () => {
  await addIndicator('1-(1)#9', '誤って追加した指標');
  await addTarget('1-(1)#9', '令和7年度までに800団体');
  await addTarget('1-(1)#9', '令和12年度までに1,000団体');
  const id = await indicatorId('1-(1)#9');
  const before = await counts();

  assert.match(await adminA.get(itemUrl).then((r) => r.text()), new RegExp(`href="${indicatorUrl('1-(1)#9').replace(/[()]/g, '\\$&')}/delete"`));
  const confirm = await adminA.get(`${indicatorUrl('1-(1)#9')}/delete`);
  assert.equal(confirm.status, 200);
  const confirmText = await text(confirm);
  assert.match(confirmText, /指標の削除: 誤って追加した指標/);
  assert.match(confirmText, /この指標と目標2件を削除します/);
  assert.match(confirmText, /令和7年度までに800団体/);
  assert.match(confirmText, /令和12年度までに1,000団体/);
  assert.equal(await indicatorId('1-(1)#9'), id, 'showing the confirmation deletes nothing');

  const deleted = await adminA.post(`${indicatorUrl('1-(1)#9')}/delete`, {});
  assert.equal(deleted.status, 303);
  assert.equal(deleted.headers.get('location'), `${itemUrl}?saved=indicator-deleted`);
  assert.equal((await database.db.select().from(indicators).where(eq(indicators.id, id))).length, 0);
  assert.equal((await database.db.select().from(targets).where(eq(targets.indicatorId, id))).length, 0, 'its targets went with it');
  const after = await counts();
  assert.deepEqual(after, { indicators: before.indicators! - 1, targets: before.targets! - 2, observations: before.observations, audit: before.audit! + 1 });

  const audit = await lastAudit('indicator.delete');
  assert.equal(audit?.subjectType, 'indicator');
  assert.equal(audit?.subjectId, String(id));
  const gone = audit?.before as { code: string; name: string; targets: { text: string }[] };
  assert.equal(gone.code, '1-(1)#9');
  assert.equal(gone.name, '誤って追加した指標');
  assert.deepEqual(gone.targets.map((t) => t.text), ['令和7年度までに800団体', '令和12年度までに1,000団体']);
  assert.equal(audit?.after, null);
  assert.match(await text(await adminA.get(`${itemUrl}?saved=indicator-deleted`)), /指標を削除しました/);
  assert.equal((await adminA.get(`${indicatorUrl('1-(1)#9')}/delete`)).status, 404);
});

test('削除 is refused for an indicator with observations (実績値): a Japanese message on the page, the database unchanged', async () => {
  await addIndicator('1-(1)#5', '実績のある指標');
  await addTarget('1-(1)#5', '令和7年度までに800団体');
  const id = await indicatorId('1-(1)#5');
  await database.db.insert(observations).values([
    { indicatorId: id, fiscalYear: 2022, value: '735', text: '735団体' },
    { indicatorId: id, fiscalYear: 2023, value: '752', text: '752団体' },
  ]);
  const before = await counts();

  const confirm = await adminA.get(`${indicatorUrl('1-(1)#5')}/delete`);
  assert.equal(confirm.status, 200);
  const confirmHtml = await confirm.text();
  assert.match(confirmHtml, /指標「1-\(1\)#5」（実績のある指標）には実績値（2件）があるため削除できません/);
  assert.doesNotMatch(confirmHtml, /<button[^>]*>削除する<\/button>/, 'no delete button on the refusal');

  const refused = await adminA.post(`${indicatorUrl('1-(1)#5')}/delete`, {});
  assert.equal(refused.status, 409);
  const refusedText = await text(refused);
  assert.match(refusedText, /実績値（2件）があるため削除できません/);
  assert.match(refusedText, /「参考指標（評価の対象外）」にしてください/, 'says what to do instead');
  assert.doesNotMatch(refusedText, /Error|at .*\.ts/, 'no stack trace');
  assert.deepEqual(await counts(), before, 'indicator, targets, observations and audit log unchanged');
});

test('削除 is refused for an indicator linked from the comparison catalogue: unlink it first', async () => {
  await addIndicator('1-(1)#6', 'カタログに対応付けた指標');
  const id = await indicatorId('1-(1)#6');
  const [entry] = await database.db.insert(catalogueIndicators).values({ code: 'civic-groups', name: '市民活動団体の登録数', unit: '団体' }).returning();
  await database.db.insert(catalogueLinks).values({ indicatorId: id, catalogueId: entry!.id });
  const before = await counts();

  const confirmText = await text(await adminA.get(`${indicatorUrl('1-(1)#6')}/delete`));
  assert.match(confirmText, /都市間比較カタログ「市民活動団体の登録数」への対応付けがあるため削除できません/);
  const refused = await adminA.post(`${indicatorUrl('1-(1)#6')}/delete`, {});
  assert.equal(refused.status, 409);
  const refusedHtml = await refused.text();
  assert.match(refusedHtml, /「対応を外す」を押してから削除してください/);
  assert.match(refusedHtml, /href="\/admin\/catalogue\/civic-groups"/);
  assert.deepEqual(await counts(), before);
  assert.equal((await database.db.select().from(catalogueLinks).where(eq(catalogueLinks.indicatorId, id))).length, 1);

  // once unlinked, it can be deleted
  await database.db.delete(catalogueLinks).where(eq(catalogueLinks.indicatorId, id));
  assert.equal((await adminA.post(`${indicatorUrl('1-(1)#6')}/delete`, {})).status, 303);
});

test("another organisation's admin gets 404, an editor 403, a POST without the CSRF token 403 — nothing changes", async () => {
  await addIndicator('1-(1)#7', '守られる指標');
  await addTarget('1-(1)#7', '令和7年度までに100団体');
  const order = await storedOrder();
  const before = await counts();
  const url = indicatorUrl('1-(1)#7');

  await adminB.get('/admin');
  assert.equal((await adminB.get(`${url}/delete`)).status, 404);
  assert.equal((await adminB.post(`${url}/delete`, {})).status, 404);
  assert.equal((await adminB.post(`${url}/reorder`, { direction: 'up' })).status, 404);
  assert.doesNotMatch(await text(await adminB.get(`${url}/delete`)), /守られる指標/, "B's admin is not told the indicator's name");

  assert.equal((await editor.get(`${url}/delete`)).status, 403);
  assert.equal((await editor.post(`${url}/delete`, {})).status, 403);
  assert.equal((await editor.post(`${url}/reorder`, { direction: 'up' })).status, 403);

  await adminA.get(itemUrl);
  const noToken = await adminA.post(`${url}/delete`, {}, { csrf: false });
  assert.equal(noToken.status, 403);
  assert.match(await text(noToken), /フォームの有効期限が切れたか、正しくない送信です/);
  assert.equal((await adminA.post(`${url}/reorder`, { direction: 'up' }, { csrf: false })).status, 403);
  assert.equal((await adminA.post(`${url}/delete`, { _csrf: 'not-the-token' })).status, 403);

  assert.deepEqual(await storedOrder(), order);
  assert.deepEqual(await counts(), before);
});

test('two people edit one indicator and one target: a save from a page opened before another save is refused; a reorder is no edit', async () => {
  await addIndicator('1-(1)#lock', '登録団体数');
  await addTarget('1-(1)#lock', '令和12年度に400団体');
  const id = await indicatorId('1-(1)#lock');
  const [target] = await database.db.select().from(targets).where(eq(targets.indicatorId, id));
  assert.ok(target);
  const page = await (await adminA.get(itemUrl)).text();
  const seenOf = (form: string) => new RegExp(`${form}[\\s\\S]*?name="seen" value="([0-9a-f]{16})"`).exec(page)?.[1] ?? '';
  const indicatorSeen = seenOf(`action="${indicatorUrl('1-(1)#lock').replace(/[()]/g, '\\$&')}"`);
  const targetSeen = seenOf(`name="targetId" value="${target.id}"`);
  assert.match(indicatorSeen, /^[0-9a-f]{16}$/);
  assert.match(targetSeen, /^[0-9a-f]{16}$/);
  const indicatorForm = { form: 'indicator', action: 'save', code: '1-(1)#lock', unit: '団体', direction: 'up', aggregation: 'annual' };
  const targetForm = { action: 'save', targetId: String(target.id), kind: 'by_year', setBy: 'this_plan' };

  // moving another indicator renumbers positions: the open forms still save
  assert.equal((await adminA.post(`${indicatorUrl('1-(1)#lock')}/reorder`, { direction: 'up' })).status, 303);
  // someone saves the indicator and the target
  assert.equal((await adminA.post(indicatorUrl('1-(1)#lock'), { ...indicatorForm, seen: indicatorSeen, name: 'NPO登録団体数' })).status, 303);
  assert.equal((await adminA.post(`/admin/plans/${PLAN}/targets/${target.id}`, { ...targetForm, seen: targetSeen, text: '令和12年度に450団体' })).status, 303);

  // the same forms, sent again as they were opened, are refused and change nothing
  const lateIndicator = await adminA.post(indicatorUrl('1-(1)#lock'), { ...indicatorForm, seen: indicatorSeen, name: '登録団体数（古い画面）' });
  assert.equal(lateIndicator.status, 409);
  assert.match(await text(lateIndicator), /指標「NPO登録団体数」は、この画面を開いた後にほかの人が保存しました/);
  const lateTarget = await adminA.post(`/admin/plans/${PLAN}/targets/${target.id}`, { ...targetForm, seen: targetSeen, text: '令和12年度に400団体' });
  assert.equal(lateTarget.status, 409);
  assert.match(await text(lateTarget), /指標「NPO登録団体数」の目標は、この画面を開いた後にほかの人が保存しました/);
  const [indicatorNow] = await database.db.select().from(indicators).where(eq(indicators.id, id));
  const [targetNow] = await database.db.select().from(targets).where(eq(targets.id, target.id));
  assert.equal(indicatorNow?.name, 'NPO登録団体数');
  assert.equal(targetNow?.text, '令和12年度に450団体');
  assert.equal(targetNow?.value, '450');
});
