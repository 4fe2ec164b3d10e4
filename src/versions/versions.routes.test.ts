// Plan versions through the pages: record version 1, revise a target, see the pending change,
// record 「中間見直し」, compare them in public; closing a round records the version it was judged
// against; copying a plan starts its successor with one history per item.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { and, eq } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../test-support/database.js';
import { insertItem, insertPlan, insertTwoOrganisationsWithAdmins } from '../test-support/fixtures.js';
import { createApp } from '../app.js';
import { signedInClient } from '../auth/test-client.js';
import type { SessionUser } from '../auth/policy.js';
import { auditLog, departments, entries, indicators, itemDepartments, observations, planItems, plans, planVersions, rounds, targets } from '../db/schema.js';
import { ensureShippedScales } from '../plans/scales.repository.js';
import { transitionRound } from '../rounds/transition-round.js';
import { roundPreflight } from '../rounds/round-preflight.js';
import { renameDepartment } from '../departments/rename-department.js';

let database: TestDatabase;
let app: ReturnType<typeof createApp>;
const ids: Record<string, number> = {};
let adminUser: SessionUser;

before(async () => {
  database = await createTestDatabase();
  const db = database.db;
  await ensureShippedScales(db);
  const { org, adminId } = await insertTwoOrganisationsWithAdmins(db);
  ids.org = org.id;
  const [bureau] = await db.insert(departments).values({ organisationId: org.id, code: 'shimin', name: '市民局', kind: 'bureau' }).returning();
  const [section] = await db.insert(departments).values({ organisationId: org.id, code: 'kyodo', name: '市民協働推進課', kind: 'section', parentId: bureau?.id ?? null, validFrom: '2015-04-01' }).returning();
  if (!section) throw new Error('no department');
  ids.section = section.id;
  const plan = await insertPlan(db, org.id, 'test-plan');
  await db.update(plans).set({ status: 'active', title: 'テスト協働プラン2021' }).where(eq(plans.id, plan.id));
  ids.plan = plan.id;
  const top = await insertItem(db, { planId: plan.id, code: '1', name: '市民協働の推進' });
  const a = await insertItem(db, { planId: plan.id, code: '1-1', parentId: top.id, name: '市民活動サポートセンターの運営', position: 0 });
  const b = await insertItem(db, { planId: plan.id, code: '1-2', parentId: top.id, name: '協働事業の提案制度', position: 1 });
  const retired = await insertItem(db, { planId: plan.id, code: '1-3', parentId: top.id, name: '旧制度の運用', position: 2 });
  await db.update(planItems).set({ retiredAt: '2022-03-31', retiredReason: '制度の終了' }).where(eq(planItems.id, retired.id));
  ids.itemA = a.id;
  await db.update(planItems).set({ isPriority: true }).where(eq(planItems.id, a.id));
  await db.insert(itemDepartments).values([{ itemId: a.id, departmentId: section.id }, { itemId: b.id, departmentId: section.id, textAsWritten: '市民局市民協働推進課' }]);
  const [indicator] = await db.insert(indicators).values({ planId: plan.id, itemId: a.id, code: '1-1#1', name: 'センター利用団体数', unit: '団体' }).returning();
  if (!indicator) throw new Error('no indicator');
  ids.indicator = indicator.id;
  await db.insert(targets).values({ indicatorId: indicator.id, kind: 'by_year', fiscalYear: 2025, value: '600', text: '600団体' });
  await db.insert(observations).values({ indicatorId: indicator.id, fiscalYear: 2021, value: '512', text: '512団体' });
  const [round] = await db.insert(rounds).values({ planId: plan.id, fiscalYear: 2022, state: 'review' }).returning();
  if (!round) throw new Error('no round');
  ids.round = round.id;
  await db.insert(entries).values({ planId: plan.id, roundId: round.id, itemId: a.id, state: 'approved', selfGrade: 'A', finalGrade: 'A' });
  adminUser = { id: adminId, login: 'hq', displayName: 'hq', role: 'admin', organisationId: org.id, departmentIds: [], planIds: [] };
  app = createApp(database);
});
after(async () => {
  await database.close();
});

const signedIn = (login: string) => signedInClient(app, login);

const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&quot;/g, '"').replace(/&amp;/g, '&');

test('a plan without a version: the first one records the plan as it is', async () => {
  const client = await signedIn('hq');
  const page = await (await client.get('/admin/plans/test-plan/versions')).text();
  assert.match(page, /版はまだありません。最初の版は、現在の計画をそのまま記録します。/);
  const missing = await client.post('/admin/plans/test-plan/versions', { name: '', adoptedOn: '2021-04-01', note: '' });
  assert.equal(missing.status, 422);
  const refused = await missing.text();
  assert.match(refused, /版の名前（策定、中間見直し など）を入力してください/);
  assert.match(refused, /value="2021-04-01"/);

  const created = await client.post('/admin/plans/test-plan/versions', { name: '策定', adoptedOn: '2021-04-01', note: '議会の議決' });
  assert.equal(created.status, 303);
  const [version] = await database.db.select().from(planVersions).where(eq(planVersions.planId, ids.plan as number));
  assert.equal(version?.number, 1);
  const snapshot = version?.snapshot as { items: { code: string; retired: unknown }[]; indicators: { code: string; targets: { value: string }[]; observations?: unknown }[]; rounds?: unknown };
  assert.deepEqual(snapshot.items.map((i) => i.code), ['1', '1-1', '1-2', '1-3']);
  assert.deepEqual(snapshot.items.find((i) => i.code === '1-3')?.retired, { at: '2022-03-31', reason: '制度の終了' });
  assert.equal(snapshot.indicators[0]?.targets[0]?.value, '600');
  assert.equal(snapshot.indicators[0]?.observations, undefined, 'no observations in a version');
  assert.equal(snapshot.rounds, undefined, 'no rounds in a version');
});

test('a revised target shows as the change since the latest version, then as the diff of version 2', async () => {
  const db = database.db;
  // the council revises the target: 600団体 → 650団体 by 令和9年度 (FY2027)
  await db.update(targets).set({ value: '650', text: '650団体', fiscalYear: 2027 }).where(eq(targets.indicatorId, ids.indicator as number));
  const client = await signedIn('hq');
  const pending = text(await (await client.get('/admin/plans/test-plan/versions')).text());
  const line = '指標「1-1#1 センター利用団体数」の目標（令和7年度までの目標）: 年度 令和7年度 → 令和9年度、値 600団体 → 650団体、表記「600団体」→「650団体」';
  assert.ok(pending.includes(line), 'the pending change is listed');
  assert.equal((await client.post('/admin/plans/test-plan/versions', { name: '中間見直し', adoptedOn: '2023-04-01', note: '' })).status, 303);

  const listHtml = await (await app.request('/plans/test-plan/versions')).text();
  assert.match(listHtml, /href="\/plans\/test-plan\/versions\/diff\?from=1&amp;to=2">第1版との違い/);
  const list = text(listHtml);
  assert.ok(list.includes('第1版') && list.includes('策定') && list.includes('令和3年4月1日'));
  assert.ok(list.includes('第2版') && list.includes('中間見直し') && list.includes('令和5年4月1日'));
  const diff = await app.request('/plans/test-plan/versions/diff?from=1&to=2');
  assert.equal(diff.status, 200);
  const diffText = text(await diff.text());
  assert.ok(diffText.includes('目標の変更（1件）'));
  assert.ok(diffText.includes(line));
  // nothing pending after recording it
  const after = text(await (await client.get('/admin/plans/test-plan/versions')).text());
  assert.ok(after.includes('変更はありません。'));
  assert.equal((await app.request('/plans/test-plan/versions/diff?from=1&to=9')).status, 404);
});

test('closing a round records the version in force that day; the item page names it', async () => {
  const db = database.db;
  const roundRow = async () => (await db.select().from(rounds).where(eq(rounds.id, ids.round as number)))[0] ?? assert.fail('the round');
  // a version adopted in the future is not in force yet
  await db.insert(planVersions).values({ planId: ids.plan as number, number: 3, name: '次の見直し', adoptedOn: '2099-04-01', snapshot: {} });
  const closedToken = (await roundPreflight(db, await roundRow(), 'closed')).token; // what 本部 confirmed on the pre-flight page
  await db.transaction((tx) => transitionRound(tx, adminUser, { roundId: ids.round as number, to: 'closed', confirmed: closedToken }));
  const [round] = await db.select().from(rounds).where(eq(rounds.id, ids.round as number));
  const [v2] = await db.select().from(planVersions).where(and(eq(planVersions.planId, ids.plan as number), eq(planVersions.number, 2)));
  assert.equal(round?.planVersionId, v2?.id);
  const [audit] = await db.select().from(auditLog).where(and(eq(auditLog.action, 'round.closed'), eq(auditLog.subjectId, String(ids.round))));
  assert.equal((audit?.after as { planVersion?: number }).planVersion, 2);
  const publishedToken = (await roundPreflight(db, await roundRow(), 'published')).token; // what 本部 confirmed on the pre-flight page
  await db.transaction((tx) => transitionRound(tx, adminUser, { roundId: ids.round as number, to: 'published', confirmed: publishedToken }));
  const page = text(await (await app.request('/plans/test-plan/items/1-1')).text());
  assert.ok(page.includes('判定の基準'));
  assert.ok(page.includes('第2版 中間見直し（令和5年4月1日）'));
  const report = text(await (await app.request('/reports/test-plan?round=2022')).text());
  assert.ok(report.includes('判定の基準: 第2版 中間見直し（令和5年4月1日）'));
  // the public plan page links to the version history
  assert.match(await (await app.request('/plans/test-plan')).text(), /href="\/plans\/test-plan\/versions"/);
});

test('another organisation\'s admin gets 404 for the version and copy pages', async () => {
  const client = await signedIn('other-hq');
  assert.equal((await client.get('/admin/plans/test-plan/versions')).status, 404);
  assert.equal((await client.get('/admin/plans/test-plan/copy')).status, 404);
  await client.get('/account/password');
  assert.equal((await client.post('/admin/plans/test-plan/copy', { code: 'stolen', title: 'x', periodStartFy: '2026', periodEndFy: '2030' })).status, 404);
  assert.equal((await client.post('/admin/plans/test-plan/versions', { name: 'x', adoptedOn: '2024-04-01' })).status, 404);
});

test('copying a plan starts its successor: items continue, owners are today\'s departments, no values', async () => {
  const db = database.db;
  // the 課 was renamed since the plan was written
  const { successor } = await db.transaction((tx) => renameDepartment(tx, adminUser, ids.org as number, ids.section as number, { name: 'まちづくり連携課', code: 'renkei', date: '2026-04-01' }));
  const client = await signedIn('hq');
  await client.get('/admin/plans/test-plan/copy');
  const taken = await client.post('/admin/plans/test-plan/copy', { code: 'test-plan', title: 'テスト協働プラン2026', periodStartFy: '2026', periodEndFy: '2030' });
  assert.equal(taken.status, 409);
  const takenHtml = await taken.text();
  assert.match(takenHtml, /コード「test-plan」は既に計画で使われています/);
  assert.doesNotMatch(takenHtml, /name="withIndicators"[^>]*checked/, 'an unticked box stays unticked');

  const copied = await client.post('/admin/plans/test-plan/copy', { code: 'test-plan-2026', title: 'テスト協働プラン2026', periodStartFy: '2026', periodEndFy: '2030', withIndicators: 'on' });
  assert.equal(copied.status, 303);
  const [plan] = await db.select().from(plans).where(eq(plans.code, 'test-plan-2026'));
  assert.ok(plan);
  assert.equal(plan.status, 'draft');
  assert.equal(plan.predecessorId, ids.plan);
  const items = await db.select().from(planItems).where(eq(planItems.planId, plan.id));
  const old = await db.select().from(planItems).where(eq(planItems.planId, ids.plan as number));
  const oldByCode = new Map(old.map((i) => [i.code, i]));
  // the retired 1-3 does not continue
  assert.deepEqual(items.map((i) => i.code).sort(), ['1', '1-1', '1-2']);
  for (const item of items) assert.equal(item.continuesItemId, oldByCode.get(item.code)?.id, `${item.code} continues its predecessor`);
  assert.equal(items.find((i) => i.code === '1-1')?.isPriority, true);
  const owners = await db.select().from(itemDepartments).where(eq(itemDepartments.itemId, items.find((i) => i.code === '1-2')?.id ?? 0));
  assert.deepEqual(owners.map((o) => [o.departmentId, o.textAsWritten]), [[successor.id, null]], 'today\'s 課, without the old text as written');
  const [indicator] = await db.select().from(indicators).where(eq(indicators.planId, plan.id));
  assert.equal(indicator?.code, '1-1#1');
  const newTargets = await db.select().from(targets).where(eq(targets.indicatorId, indicator?.id ?? 0));
  assert.deepEqual(newTargets.map((t) => [t.value, t.fiscalYear]), [['650', 2027]]);
  assert.equal((await db.select().from(observations).where(eq(observations.indicatorId, indicator?.id ?? 0))).length, 0);
  assert.equal((await db.select().from(rounds).where(eq(rounds.planId, plan.id))).length, 0);
  const versions = await db.select().from(planVersions).where(eq(planVersions.planId, plan.id));
  assert.deepEqual(versions.map((v) => [v.number, v.name, v.adoptedOn]), [[1, '策定', '2026-04-01']]);
  const actions = (await db.select().from(auditLog).where(and(eq(auditLog.subjectType, 'plan'), eq(auditLog.subjectId, String(plan.id))))).map((a) => a.action).sort();
  assert.deepEqual(actions, ['plan.copy', 'plan.version']);

  // a draft is not public; once active, its item page shows the predecessor's history
  assert.equal((await app.request('/plans/test-plan-2026/versions')).status, 404);
  await db.update(plans).set({ status: 'active' }).where(eq(plans.id, plan.id));
  const page = await (await app.request('/plans/test-plan-2026/items/1-1')).text();
  assert.match(page, /前計画での経過/);
  assert.match(page, /href="\/plans\/test-plan\/items\/1-1"/);
  // FY2022 (令和4年度) was published with the grade A
  assert.match(text(page), /令和4年度\s*A/);
});

test('copying without indicators leaves them out', async () => {
  const client = await signedIn('hq');
  await client.get('/admin/plans/test-plan/copy');
  assert.equal((await client.post('/admin/plans/test-plan/copy', { code: 'test-plan-bare', title: '構成だけ', periodStartFy: '2026', periodEndFy: '2030' })).status, 303);
  const [plan] = await database.db.select().from(plans).where(eq(plans.code, 'test-plan-bare'));
  assert.equal((await database.db.select().from(indicators).where(eq(indicators.planId, plan?.id ?? 0))).length, 0);
});
