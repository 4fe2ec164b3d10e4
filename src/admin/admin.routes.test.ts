// Plan authoring through the web application: each screen's happy path, bad input that comes
// back with what was typed and a Japanese message, another organisation's admin (404), an
// editor (403), audit rows with before/after, and a draft plan that the public does not see.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { and, desc, eq } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../test-support/database.js';
import { insertOrganisation, insertRound } from '../test-support/fixtures.js';
import { createApp } from '../app.js';
import { auditLog, departments, entries, evaluationScales, indicators, observations, organisations, planItems, plans, targets, users } from '../db/schema.js';
import { ensureShippedScales } from '../plans/scales.repository.js';
import { insertTestUser, signedInClient, TestClient } from '../auth/test-client.js';

let database: TestDatabase;
let app: ReturnType<typeof createApp>;
let admin: TestClient; // installation-wide (organisationId null)
let adminA: TestClient; // bound to テスト市
let adminB: TestClient; // bound to 別市
let editor: TestClient;
let kaA = 0;
let kaB = 0;

before(async () => {
  database = await createTestDatabase();
  app = createApp(database);
  const db = database.db;
  await ensureShippedScales(db);
  const orgA = await insertOrganisation(db, 'testcity', 'テスト市');
  const orgB = await insertOrganisation(db, 'othercity', '別市');
  const [kyoku] = await db.insert(departments).values({ organisationId: orgA.id, code: 'shimin', name: '市民局', kind: 'bureau' }).returning();
  const [ka1] = await db.insert(departments).values({ organisationId: orgA.id, code: 'kyodo', name: '市民協働推進課', parentId: kyoku!.id }).returning();
  const [ka2] = await db.insert(departments).values({ organisationId: orgA.id, code: 'chiiki', name: '地域政策課', parentId: kyoku!.id }).returning();
  kaA = ka1!.id;
  kaB = ka2!.id;
  // 別市 has a draft plan of its own
  await db.insert(plans).values({ organisationId: orgB.id, code: 'other-draft', title: '別市の策定中の計画', periodStartFy: 2026, periodEndFy: 2030, levelNames: ['分野'], status: 'draft' });
  const logins: [string, 'admin' | 'editor', number | null][] = [['hq', 'admin', null], ['hq-a', 'admin', orgA.id], ['hq-b', 'admin', orgB.id], ['editor-a', 'editor', orgA.id]];
  const clients: TestClient[] = [];
  for (const [login, role, organisationId] of logins) {
    const id = await insertTestUser(db, { login, role, ...(role === 'editor' ? { departmentIds: [kaA] } : {}) });
    await db.update(users).set({ organisationId }).where(eq(users.id, id));
    const client = new TestClient(app);
    assert.equal((await client.signIn(login)).status, 303, login);
    clients.push(client);
  }
  [admin, adminA, adminB, editor] = clients as [TestClient, TestClient, TestClient, TestClient];
});
after(async () => {
  await database.close();
});

const text = async (r: Response) => (await r.text()).replace(/<[^>]+>/g, ' ').replace(/&quot;/g, '"').replace(/&#39;/g, "'");
const enc = encodeURIComponent;

async function lastAudit(action: string) {
  const [row] = await database.db.select().from(auditLog).where(eq(auditLog.action, action)).orderBy(desc(auditLog.id)).limit(1);
  return row;
}

async function createPlan(client: TestClient, code: string, extra: Record<string, string> = {}) {
  await client.get('/admin/plans/new');
  return client.post('/admin/plans', {
    organisation: 'testcity', code, title: `${code} の計画`, periodStart: '令和8年度', periodEnd: 'R12', level1: '分野', level2: '基本施策', level3: '事業', rounding: 'half_up', ...extra,
  });
}

async function addItem(client: TestClient, plan: string, fields: Record<string, string>) {
  await client.get(`/admin/plans/${plan}/items`);
  return client.post(`/admin/plans/${plan}/items`, fields);
}

async function item(plan: string, code: string) {
  const [p] = await database.db.select().from(plans).where(eq(plans.code, plan));
  const [row] = await database.db.select().from(planItems).where(and(eq(planItems.planId, p!.id), eq(planItems.code, code)));
  return row!;
}

test('/admin: each admin sees the organisations it may; an editor is refused (403)', async () => {
  const all = await text(await admin.get('/admin'));
  assert.match(all, /テスト市/);
  assert.match(all, /別市/);
  assert.match(all, /別市の策定中の計画/);
  const own = await text(await adminA.get('/admin'));
  assert.match(own, /テスト市/);
  assert.doesNotMatch(own, /別市/);
  assert.equal((await editor.get('/admin')).status, 403);
  assert.equal((await editor.get('/admin/plans/new')).status, 403);
});

test('organisations: an installation-wide admin creates one; bad input keeps what was typed; an organisation admin edits only its own', async () => {
  await admin.get('/admin/organisations/new');
  const bad = await admin.post('/admin/organisations', { code: 'Bad Code', name: '新市', kind: 'municipality', population: '12万' });
  assert.equal(bad.status, 422);
  const badPage = await bad.text();
  assert.match(badPage, /半角英小文字・数字・ハイフン/);
  assert.match(badPage, /「人口」は整数で入力してください/);
  assert.match(badPage, /value="新市"/, 'the name typed is still there');
  assert.match(badPage, /value="Bad Code"/);

  const created = await admin.post('/admin/organisations', { code: 'newcity', name: '新市', nameEn: 'New City', kind: 'municipality', localGovernmentCode: '041009', population: '1096704', populationAsOf: '2020-10-01', populationSource: '令和2年国勢調査' });
  assert.equal(created.status, 303, await created.text());
  const [row] = await database.db.select().from(organisations).where(eq(organisations.code, 'newcity'));
  assert.equal(row?.population, 1096704);
  assert.equal((await lastAudit('organisation.create'))?.subjectId, String(row!.id));

  assert.match(await text(await adminA.get('/admin/organisations/new')), /組織の追加は、インストール全体の管理者/);
  assert.equal((await adminA.post('/admin/organisations', { code: 'x', name: 'x' })).status, 403);
  assert.equal((await adminA.get('/admin/organisations/othercity')).status, 404);
  assert.equal((await adminA.post('/admin/organisations/othercity', { name: '乗っ取り' })).status, 404);
  await adminA.get('/admin/organisations/testcity');
  const edited = await adminA.post('/admin/organisations/testcity', { name: 'テスト市', kind: 'municipality', population: '500000', populationAsOf: '2020-10-01' });
  assert.equal(edited.status, 303);
  const audit = await lastAudit('organisation.update');
  assert.equal((audit?.before as { population: number | null }).population, null);
  assert.equal((audit?.after as { population: number | null }).population, 500000);
});

test('plans: created as a draft from 令和 input, hidden from the public until set active', async () => {
  const bad = await createPlan(adminA, 'plan-bad', { title: '期間が逆の計画', periodStart: '令和12年度', periodEnd: '令和8年度' });
  assert.equal(bad.status, 422);
  const badPage = await bad.text();
  assert.match(badPage, /計画期間の最終年度は初年度以降にしてください/);
  assert.match(badPage, /value="期間が逆の計画"/);
  assert.match(badPage, /value="令和12年度"/);

  const created = await createPlan(adminA, 'plan-2026', { 'sdg-11': 'on', 'sdg-17': 'on', upperPlans: '仙台市基本計画\n', scale: 'five-step', rateMethod: 'improvement', rateDecimals: '1', rateCap: '150' });
  assert.equal(created.status, 303, await created.text());
  const [plan] = await database.db.select().from(plans).where(eq(plans.code, 'plan-2026'));
  assert.equal(plan?.status, 'draft');
  assert.equal(plan?.periodStartFy, 2026); // 令和8年度 = 2018 + 8
  assert.equal(plan?.periodEndFy, 2030); // R12 = 2018 + 12
  assert.deepEqual(plan?.levelNames, ['分野', '基本施策', '事業']);
  assert.deepEqual(plan?.sdgGoals, [11, 17]);
  assert.deepEqual(plan?.upperPlans, ['仙台市基本計画']);
  assert.equal(plan?.settings.rateMethod, 'improvement');
  assert.equal(plan?.settings.rateCap, '150');
  const [scale] = await database.db.select().from(evaluationScales).where(eq(evaluationScales.code, 'five-step'));
  assert.equal(plan?.scaleId, scale?.id);

  const publicClient = new TestClient(app);
  assert.equal((await publicClient.get('/plans/plan-2026')).status, 404, 'a draft plan is not public');
  assert.doesNotMatch(await text(await publicClient.get('/')), /plan-2026 の計画/);

  assert.equal((await adminB.get('/admin/plans/plan-2026')).status, 404);
  assert.equal((await adminB.post('/admin/plans/plan-2026', { title: 'x' })).status, 404);
  assert.equal((await editor.get('/admin/plans/plan-2026')).status, 403);

  await adminA.get('/admin/plans/plan-2026');
  const activated = await adminA.post('/admin/plans/plan-2026', {
    title: 'plan-2026 の計画', periodStart: '2026', periodEnd: '2030', level1: '分野', level2: '基本施策', level3: '事業', status: 'active', scale: 'five-step', rounding: 'half_up',
  });
  assert.equal(activated.status, 303, await activated.text());
  assert.equal((await lastAudit('plan.status'))?.subjectId, String(plan!.id));
  assert.equal((await publicClient.get('/plans/plan-2026')).status, 200, 'an active plan is public');

  // a settings form opened before that save is refused; what it typed stays, the plan is as saved
  const stale = await adminA.post('/admin/plans/plan-2026', {
    seen: plan!.updatedAt.toISOString(), title: '古い画面からの名称', periodStart: '2026', periodEnd: '2030', level1: '分野', level2: '基本施策', level3: '事業', status: 'draft', scale: 'five-step', rounding: 'half_up',
  });
  assert.equal(stale.status, 409);
  const stalePage = await stale.text();
  assert.match(stalePage, /計画「plan-2026 の計画」の設定は、この画面を開いた後にほかの人が保存しました/);
  assert.match(stalePage, /value="古い画面からの名称"/);
  const [kept] = await database.db.select().from(plans).where(eq(plans.code, 'plan-2026'));
  assert.equal(kept?.status, 'active', 'not set back to a draft');
  assert.equal(kept?.title, 'plan-2026 の計画');
  const fresh = /name="seen" value="([^"]+)"/.exec(stalePage)?.[1];
  assert.equal(fresh, kept?.updatedAt.toISOString(), 'the page carries the plan as it is now');
});

test('item tree: add on three levels, refuse a fourth, move (depths follow, never under a descendant), reorder, relist, retire, delete', async () => {
  assert.equal((await createPlan(adminA, 'tree-plan')).status, 303);
  assert.equal((await addItem(adminA, 'tree-plan', { code: '1', number: '分野1', name: '市民参加' })).status, 303);
  assert.equal((await addItem(adminA, 'tree-plan', { code: '2', number: '分野2', name: '協働' })).status, 303);
  assert.equal((await addItem(adminA, 'tree-plan', { parent: '1', code: '1-(1)', name: '情報の共有' })).status, 303);
  const leaf = await addItem(adminA, 'tree-plan', { parent: '1-(1)', code: '1-(1)-①', number: '①', name: '広報の充実', isPriority: 'on', [`dept-${kaA}`]: 'lead', [`dept-${kaB}`]: 'joint' });
  assert.equal(leaf.status, 303);
  assert.match(leaf.headers.get('location') ?? '', /#item-\d+$/);
  assert.equal((await addItem(adminA, 'tree-plan', { parent: '1-(1)', code: '1-(1)-②', name: '意見の聴取' })).status, 303);

  const tooDeep = await addItem(adminA, 'tree-plan', { parent: '1-(1)-①', code: 'x', name: '第4階層' });
  assert.equal(tooDeep.status, 422);
  const tooDeepPage = await tooDeep.text();
  assert.match(tooDeepPage, /最下層（事業）のため、その下には追加できません/);
  assert.match(tooDeepPage, /value="第4階層"/);

  const duplicate = await addItem(adminA, 'tree-plan', { code: '1', name: '重複' });
  assert.equal(duplicate.status, 409);
  assert.match(await duplicate.text(), /コード「1」は既に項目「市民参加」で使われています/);

  const first = await item('tree-plan', '1-(1)-①');
  assert.equal(first.depth, 2);
  assert.equal(first.isPriority, true);
  const tree = await text(await adminA.get('/admin/plans/tree-plan/items'));
  assert.match(tree, /担当: 市民協働推進課、地域政策課（共同）/);

  // under its own descendant: refused with a clear message
  const loop = await adminA.post(`/admin/plans/tree-plan/items/${enc('1')}/move`, { parent: '1-(1)-①' });
  assert.equal(loop.status, 422);
  assert.match(await text(loop), /移動先「1-\(1\)-①」はこの項目の下位の項目です/);
  // to another plan's item: refused
  const elsewhere = await adminA.post(`/admin/plans/tree-plan/items/${enc('1-(1)')}/move`, { parent: 'no-such' });
  assert.equal(elsewhere.status, 422);
  assert.match(await text(elsewhere), /同じ計画の中でだけ移動できます/);

  // 1-(1) with its two 事業 moves under 分野2: depths stay 1 and 2, positions close up
  const moved = await adminA.post(`/admin/plans/tree-plan/items/${enc('1-(1)')}/move`, { parent: '2' });
  assert.equal(moved.status, 303);
  const policy = await item('tree-plan', '1-(1)');
  assert.equal(policy.parentId, (await item('tree-plan', '2')).id);
  assert.equal(policy.depth, 1);
  assert.equal((await item('tree-plan', '1-(1)-②')).depth, 2);
  // to the top: the subtree goes up one level
  assert.equal((await adminA.post(`/admin/plans/tree-plan/items/${enc('1-(1)')}/move`, { parent: '' })).status, 303);
  assert.equal((await item('tree-plan', '1-(1)')).depth, 0);
  assert.equal((await item('tree-plan', '1-(1)-①')).depth, 1);
  const moveAudit = await lastAudit('plan_item.move');
  assert.deepEqual(moveAudit?.before, { parentId: policy.parentId, depth: 1, position: 0 });

  // reorder: ② above ①
  assert.equal((await adminA.post(`/admin/plans/tree-plan/items/${enc('1-(1)-②')}/reorder`, { direction: 'up' })).status, 303);
  assert.equal((await item('tree-plan', '1-(1)-②')).position, 0);
  assert.equal((await item('tree-plan', '1-(1)-①')).position, 1);
  const json = await adminA.request(`/admin/plans/tree-plan/items/${enc('1-(1)-②')}/reorder`, {
    method: 'POST', headers: { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ _csrf: adminA.csrf, direction: 'down' }),
  });
  assert.deepEqual(await json.json(), { ok: true, saved: '並べ替えました' });
  assert.equal((await item('tree-plan', '1-(1)-②')).position, 1);

  // relist (再掲) as a link to the original
  assert.equal((await addItem(adminA, 'tree-plan', { parent: '2', code: '2-(9)', name: '情報の共有（再掲）' })).status, 303);
  assert.equal((await adminA.post(`/admin/plans/tree-plan/items/${enc('2-(9)')}/relist`, { original: '1-(1)', kind: 'partial' })).status, 303);
  const relisted = await item('tree-plan', '2-(9)');
  assert.equal(relisted.relistOfId, (await item('tree-plan', '1-(1)')).id);
  assert.equal(relisted.relistKind, 'partial');
  assert.equal((await adminA.post(`/admin/plans/tree-plan/items/${enc('2-(9)')}/relist`, { original: '2-(9)', kind: 'full' })).status, 422);

  // retire needs a reason; then the item stays with its reason
  const noReason = await adminA.post(`/admin/plans/tree-plan/items/${enc('1-(1)-①')}/retire`, { reason: '' });
  assert.equal(noReason.status, 422);
  assert.match(await text(noReason), /「廃止の理由」を入力してください/);
  assert.equal((await adminA.post(`/admin/plans/tree-plan/items/${enc('1-(1)-①')}/retire`, { reason: '事業の統合のため', retiredAt: '2027-03-31' })).status, 303);
  const retired = await item('tree-plan', '1-(1)-①');
  assert.equal(retired.retiredAt, '2027-03-31');
  assert.equal(retired.retiredReason, '事業の統合のため');

  // delete: refused for an item with a round's entry, allowed for one with nothing attached
  const [plan] = await database.db.select().from(plans).where(eq(plans.code, 'tree-plan'));
  const round = await insertRound(database.db, plan!.id, 2026);
  await database.db.insert(entries).values({ planId: plan!.id, roundId: round.id, itemId: retired.id });
  const refused = await adminA.post(`/admin/plans/tree-plan/items/${enc('1-(1)-①')}/delete`, {});
  assert.equal(refused.status, 409);
  assert.match(await text(refused), /年度評価の記入（1件）があるため削除できません/);
  assert.ok(await item('tree-plan', '1-(1)-①'), 'the item and its entry stay');
  assert.equal((await adminA.post(`/admin/plans/tree-plan/items/${enc('2-(9)')}/delete`, {})).status, 303);
  assert.equal(await item('tree-plan', '2-(9)'), undefined);

  // another organisation's admin and an editor
  assert.equal((await adminB.get('/admin/plans/tree-plan/items')).status, 404);
  assert.equal((await adminB.post(`/admin/plans/tree-plan/items/${enc('1')}/move`, { parent: '2' })).status, 404);
  assert.equal((await adminB.post('/admin/plans/tree-plan/items', { code: 'z', name: 'z' })).status, 404);
  assert.equal((await editor.post(`/admin/plans/tree-plan/items/${enc('1')}/reorder`, { direction: 'down' })).status, 403);
  assert.equal((await adminA.get('/admin/plans/other-draft/items')).status, 404);
});

test('two people edit one item: the second save, from a page opened before the first, is refused and overwrites nothing', async () => {
  const url = `/admin/plans/tree-plan/items/${enc('1-(1)-②')}`;
  const seenOf = (html: string) => /name="seen" value="([^"]+)"/.exec(html)?.[1] ?? '';
  // both open the item's page
  const first = seenOf(await (await adminA.get(url)).text());
  const second = await signedInClient(app, 'hq-a');
  const seenBySecond = seenOf(await (await second.get(url)).text());
  assert.ok(first !== '' && first === seenBySecond);
  // the first saves a new name
  assert.equal((await adminA.post(url, { seen: first, code: '1-(1)-②', name: '意見の聴取と反映' })).status, 303);
  // the second, still on the old page, saves a description
  const late = await second.post(url, { seen: seenBySecond, code: '1-(1)-②', name: '意見の聴取', description: '市民の意見を聴く' });
  assert.equal(late.status, 409);
  const html = await late.text();
  assert.match(html, /項目「意見の聴取と反映」は、この画面を開いた後にほかの人が保存しました/);
  assert.match(html, /市民の意見を聴く/, 'what the second typed is kept');
  const saved = await item('tree-plan', '1-(1)-②');
  assert.equal(saved?.name, '意見の聴取と反映', "the first person's save stands");
  assert.equal(saved?.description, null);
  // sent again from the page that said so, it saves
  const again = await second.post(url, { seen: seenOf(html), code: '1-(1)-②', name: '意見の聴取と反映', description: '市民の意見を聴く' });
  assert.equal(again.status, 303);
  assert.equal((await item('tree-plan', '1-(1)-②'))?.description, '市民の意見を聴く');
});

test('indicators and targets: the target typed as written fills the value; preview shows the rate without saving; audit keeps before and after', async () => {
  assert.equal((await createPlan(adminA, 'ind-plan')).status, 303);
  assert.equal((await addItem(adminA, 'ind-plan', { code: '1', name: '分野' })).status, 303);
  const itemUrl = `/admin/plans/ind-plan/items/${enc('1')}`;
  await adminA.get(itemUrl);
  const badIndicator = await adminA.post(`${itemUrl}/indicators`, { code: '1#1', name: '', unit: '団体', baselineFy: '平成99年度' });
  assert.equal(badIndicator.status, 422);
  const badPage = await text(badIndicator);
  assert.match(badPage, /「指標名」を入力してください/);
  assert.match(await (async () => badPage)(), /基準年度/);

  const added = await adminA.post(`${itemUrl}/indicators`, { code: '1#1', name: '登録団体数', unit: '団体', direction: 'up', aggregation: 'annual', baselineText: '754団体（令和2年12月1日時点）', baselineFy: '令和2年度' });
  assert.equal(added.status, 303, await added.text());
  const [indicator] = await database.db.select().from(indicators).where(eq(indicators.code, '1#1'));
  assert.equal(indicator?.baselineValue, '754'); // read from the text as written
  assert.equal(indicator?.baselineFy, 2020);

  const indicatorUrl = `/admin/plans/ind-plan/indicators/${enc('1#1')}`;
  const added2 = await adminA.post(`${indicatorUrl}/targets`, { action: 'save', kind: 'by_year', text: '令和7年度までに2,500団体', setBy: 'this_plan' });
  assert.equal(added2.status, 303, await added2.text());
  const [target] = await database.db.select().from(targets).where(eq(targets.indicatorId, indicator!.id));
  assert.equal(target?.value, '2500');
  assert.equal(target?.fiscalYear, 2025);

  const missing = await adminA.post(`${indicatorUrl}/targets`, { action: 'save', kind: 'by_year', text: '増やす', setBy: 'this_plan' });
  assert.equal(missing.status, 422);
  const missingPage = await missing.text();
  assert.match(missingPage, /「目標値」を入力するか/);
  assert.match(missingPage, /value="増やす"/);

  // an actual of 令和4年度: 2,000 団体. Hand calculation (単純比率): 2,000 ÷ 2,500 = 80.0%
  // (five-step is not this plan's scale: the mechanical S/A/B/C/−: below 100%, 2,000 > 754 improved → B)
  await database.db.insert(observations).values({ indicatorId: indicator!.id, fiscalYear: 2022, value: '2000', text: '2,000団体' });
  const preview = await adminA.post(`/admin/plans/ind-plan/targets/${target!.id}`, { action: 'preview', targetId: String(target!.id), kind: 'by_year', text: '令和7年度までに1,600団体', value: '', fiscalYear: '', setBy: 'this_plan' });
  assert.equal(preview.status, 200);
  const previewPage = await text(preview);
  // 2,000 ÷ 1,600 = 125.0% → S (≥ 110%)
  assert.match(previewPage, /プレビュー（保存していません）/);
  assert.match(previewPage, /125\.0%/);
  assert.match(previewPage, /S 目標を大きく上回った/);
  const [unchanged] = await database.db.select().from(targets).where(eq(targets.id, target!.id));
  assert.equal(unchanged?.value, '2500', 'a preview saves nothing');

  const fragment = await adminA.post(`${indicatorUrl}/preview`, { targetId: String(target!.id), kind: 'by_year', text: '', value: '2500', fiscalYear: '2025', setBy: 'this_plan' });
  const fragmentText = await text(fragment);
  assert.match(fragmentText, /80\.0%/);
  assert.match(fragmentText, /B 基準値から改善した/);

  const saved = await adminA.post(`/admin/plans/ind-plan/targets/${target!.id}`, { action: 'save', kind: 'by_year', text: '令和7年度までに3,000団体', value: '', fiscalYear: '', setBy: 'this_plan' });
  assert.equal(saved.status, 303);
  const audit = await lastAudit('target.update');
  assert.equal((audit?.before as { value: string }).value, '2500');
  assert.equal((audit?.after as { value: string }).value, '3000');

  assert.equal((await adminB.get(itemUrl)).status, 404);
  assert.equal((await adminB.post(`${indicatorUrl}/targets`, { kind: 'by_year', value: '1', fiscalYear: '2025' })).status, 404);
  assert.equal((await adminB.post(`/admin/plans/ind-plan/targets/${target!.id}`, { action: 'delete' })).status, 404);
  assert.equal((await editor.post(`${indicatorUrl}/preview`, { kind: 'by_year' })).status, 403);

  assert.equal((await adminA.post(`/admin/plans/ind-plan/targets/${target!.id}`, { action: 'delete' })).status, 303);
  assert.equal((await database.db.select().from(targets).where(eq(targets.id, target!.id))).length, 0);
});

test('evaluation scales: create an organisation scale, refuse one whose rule names an unknown grade, 404 for another organisation', async () => {
  await adminA.get('/admin/scales/new');
  const fields = {
    code: 'testcity-abc', name: 'テスト市 A・B・C',
    grades: 'A | 順調 | 100%以上 | #0031D8 | graded\nB | 概ね順調 | 80%以上 | #259D63 | graded\nC | 遅れ | 80%未満 | #EC0000 | graded',
    ruleType: 'thresholds', steps: 'A 100\nB 80', below: 'D', notMeasurable: '',
  };
  const bad = await adminA.post('/admin/scales', fields);
  assert.equal(bad.status, 422);
  const badPage = await bad.text();
  assert.match(badPage, /規則が存在しない評価「D」を指しています/);
  assert.match(badPage, /value="テスト市 A・B・C"/);
  const created = await adminA.post('/admin/scales', { ...fields, below: 'C' });
  assert.equal(created.status, 303, await created.text());
  const [scale] = await database.db.select().from(evaluationScales).where(eq(evaluationScales.code, 'testcity-abc'));
  assert.equal(scale?.grades.length, 3);
  assert.deepEqual(scale?.rule, { type: 'thresholds', steps: [{ grade: 'A', minRate: '100' }, { grade: 'B', minRate: '80' }], below: 'C', notMeasurable: null, notImplemented: null });
  assert.match(await text(await adminA.get('/admin/scales')), /テスト市 A・B・C/);
  assert.doesNotMatch(await text(await adminB.get('/admin/scales')), /テスト市 A・B・C/);
  assert.equal((await adminB.get('/admin/organisations/testcity/scales/testcity-abc')).status, 404);
  assert.equal((await adminB.get('/admin/organisations/othercity/scales/testcity-abc')).status, 404);
  assert.equal((await adminB.post('/admin/organisations/testcity/scales/testcity-abc', { name: 'x' })).status, 404);
  await adminA.get('/admin/organisations/testcity/scales/testcity-abc');
  const renamed = await adminA.post('/admin/organisations/testcity/scales/testcity-abc', { ...fields, below: 'C', name: 'テスト市 3段階' });
  assert.equal(renamed.status, 303);
  const audit = await lastAudit('scale.update');
  assert.equal((audit?.before as { name: string }).name, 'テスト市 A・B・C');
  assert.equal((audit?.after as { name: string }).name, 'テスト市 3段階');
  assert.match(await text(await adminA.get('/admin/organisations/testcity/scales/mechanical-sabc')), /同梱の評価尺度です。変更はできません/);
  assert.equal((await adminA.post('/admin/organisations/testcity/scales/mechanical-sabc', { name: 'x' })).status, 403, 'shipped scales are read-only');
  assert.equal((await editor.get('/admin/scales')).status, 403);
});
