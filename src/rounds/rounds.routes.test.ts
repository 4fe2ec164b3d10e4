// The yearly round through the web application, as each role: the whole entry flow, scope,
// CSRF, optimistic locking, audit of every transition, and the role × route matrix.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { and, eq } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../test-support/database.js';
import { insertItem, insertOrganisation, insertPlan } from '../test-support/fixtures.js';
import { createApp } from '../app.js';
import { auditLog, departments, entries, evaluationScales, indicators, itemDepartments, observations, plans, rounds, targets } from '../db/schema.js';
import { ensureShippedScales } from '../plans/scales.repository.js';
import { insertTestUser, TestClient } from '../auth/test-client.js';
import type { Role } from '../auth/policy.js';

let database: TestDatabase;
let app: ReturnType<typeof createApp>;
const clients = {} as Record<'admin' | 'editorA' | 'editorB' | 'reviewerA' | 'committee', TestClient>;
let planId = 0;
let indicatorId = 0;

before(async () => {
  database = await createTestDatabase();
  app = createApp(database);
  const db = database.db;
  await ensureShippedScales(db);
  const org = await insertOrganisation(db);
  const [kyokuA] = await db.insert(departments).values({ organisationId: org.id, code: 'kyoku-a', name: '市民局', kind: 'bureau' }).returning();
  const [kaA] = await db.insert(departments).values({ organisationId: org.id, code: 'ka-a', name: '市民協働推進課', parentId: kyokuA!.id }).returning();
  const [kyokuB] = await db.insert(departments).values({ organisationId: org.id, code: 'kyoku-b', name: '健康福祉局', kind: 'bureau' }).returning();
  const [kaB] = await db.insert(departments).values({ organisationId: org.id, code: 'ka-b', name: '社会課', parentId: kyokuB!.id }).returning();
  const plan = await insertPlan(db, org.id, 'testplan');
  planId = plan.id;
  const [scale] = await db.select().from(evaluationScales).where(eq(evaluationScales.code, 'mechanical-sabc'));
  // a plan of 2019–2025 (令和元–7年度): the tests below open a round for each of its years
  await db.update(plans).set({ scaleId: scale!.id, periodStartFy: 2019 }).where(eq(plans.id, plan.id));
  const root = await insertItem(db, { planId: plan.id, code: '1', name: '分野1' });
  const itemA = await insertItem(db, { planId: plan.id, code: '1-①', parentId: root.id, name: '市民活動の支援', position: 0 });
  const itemB = await insertItem(db, { planId: plan.id, code: '1-②', parentId: root.id, name: '福祉の連携', position: 1 });
  await db.insert(itemDepartments).values([{ itemId: itemA.id, departmentId: kaA!.id }, { itemId: itemB.id, departmentId: kaB!.id }]);
  const [indicator] = await db.insert(indicators).values({ planId: plan.id, itemId: itemA.id, code: '1-①#1', name: '利用団体数', unit: '団体', baselineValue: '600', baselineFy: 2020 }).returning();
  indicatorId = indicator!.id;
  await db.insert(targets).values({ indicatorId, kind: 'by_year', fiscalYear: 2025, value: '800', text: '800団体' });
  const users: [keyof typeof clients, Role, number[]][] = [
    ['admin', 'admin', []], ['editorA', 'editor', [kaA!.id]], ['editorB', 'editor', [kaB!.id]], ['reviewerA', 'reviewer', [kyokuA!.id]], ['committee', 'committee', []],
  ];
  for (const [login, role, departmentIds] of users) {
    await insertTestUser(db, { login, role, departmentIds });
    clients[login] = new TestClient(app);
    assert.equal((await clients[login].signIn(login)).status, 303, login);
  }
});
after(async () => {
  await database.close();
});

const text = async (r: Response) => (await r.text()).replace(/<[^>]+>/g, ' ');
const ENTRY_A = (roundId: number) => `/rounds/${roundId}/entries/${encodeURIComponent('1-①')}`;
const ENTRY_B = (roundId: number) => `/rounds/${roundId}/entries/${encodeURIComponent('1-②')}`;

async function openRoundFor(fiscalYear: string): Promise<number> {
  const admin = clients.admin;
  await admin.get('/rounds/new');
  const created = await admin.post('/rounds', { plan: 'testplan', fiscalYear, entryDeadline: '2022-05-31', reviewDeadline: '2022-06-30', publishDeadline: '2022-09-30' });
  assert.equal(created.status, 303, await created.text());
  const roundId = Number(created.headers.get('location')?.split('/').pop());
  await admin.get(`/rounds/${roundId}`);
  assert.equal((await admin.post(`/rounds/${roundId}/transition`, { to: 'entry' })).status, 303);
  return roundId;
}

async function entryOf(roundId: number, code: string) {
  const rows = await database.db.select({ entry: entries }).from(entries).innerJoin(rounds, eq(rounds.id, entries.roundId))
    .where(and(eq(entries.roundId, roundId), eq(entries.planId, planId)));
  const { planItems } = await import('../db/schema.js');
  const [item] = await database.db.select().from(planItems).where(and(eq(planItems.planId, planId), eq(planItems.code, code)));
  return rows.map((r) => r.entry).find((e) => e.itemId === item!.id)!;
}

test('the whole round: save, submit, return with a comment, fix, resubmit, approve, close, publish — every step audited', async () => {
  const roundId = await openRoundFor('令和3年度'); // = FY2021
  const editor = clients.editorA;

  // my work: only the item of 市民協働推進課, with its state and deadline
  const myWork = await text(await editor.get('/my-work'));
  assert.match(myWork, /市民活動の支援/);
  assert.doesNotMatch(myWork, /福祉の連携/);
  assert.match(myWork, /未着手/);
  assert.match(myWork, /令和4年5月31日/);

  // save a draft: 720 団体 against 800 → 720 ÷ 800 = 90.0% (hand calculation) → below 100%, improved on 600 → B
  await editor.get(ENTRY_A(roundId));
  const saved = await editor.post(ENTRY_A(roundId), { version: '1', [`figure-${indicatorId}`]: '７２０団体', selfGrade: 'A', resultsText: '講座を12回開催した', planText: '', issuesText: '', action: 'save' });
  assert.equal(saved.status, 303);
  const [obs] = await database.db.select().from(observations).where(eq(observations.indicatorId, indicatorId));
  assert.equal(obs?.value, '720');
  assert.equal(obs?.text, '７２０団体');
  let page = await text(await editor.get(ENTRY_A(roundId)));
  assert.match(page, /720団体 ÷ 800団体 = 90\.0%/);
  assert.match(page, /自動判定: +B/);

  // submitting A while the computed grade is B asks for a reason; the typed text is kept
  const noReason = await editor.post(ENTRY_A(roundId), { version: '2', [`figure-${indicatorId}`]: '720', selfGrade: 'A', resultsText: '講座を12回開催した', action: 'submit' });
  assert.equal(noReason.status, 422);
  const noReasonText = await noReason.text();
  assert.match(noReasonText, /自己評価（A）が自動判定（B）と異なります/);
  assert.match(noReasonText, /講座を12回開催した/);
  const submitted = await editor.post(ENTRY_A(roundId), { version: '2', [`figure-${indicatorId}`]: '720', selfGrade: 'A', disagreementReason: '目標の前倒し達成が見込まれるため', resultsText: '講座を12回開催した', action: 'submit' });
  assert.equal(submitted.status, 303);
  assert.equal((await entryOf(roundId, '1-①')).state, 'submitted');

  // the reviewer of 市民局 sees it in the queue and returns it with a comment
  const reviewer = clients.reviewerA;
  assert.match(await text(await reviewer.get('/review')), /市民活動の支援/);
  await reviewer.get(ENTRY_A(roundId));
  const noComment = await reviewer.post(`${ENTRY_A(roundId)}/review`, { version: '3', decision: 'return', comment: '' });
  assert.equal(noComment.status, 422);
  assert.equal((await reviewer.post(`${ENTRY_A(roundId)}/review`, { version: '3', decision: 'return', comment: '実施回数の内訳を記載してください' })).status, 303);

  // the editor sees the comment, fixes and resubmits
  page = await text(await editor.get(ENTRY_A(roundId)));
  assert.match(page, /差戻し/);
  assert.match(page, /実施回数の内訳を記載してください/);
  const fixed = await editor.post(ENTRY_A(roundId), { version: '4', [`figure-${indicatorId}`]: '720', selfGrade: 'B', resultsText: '講座を12回（初級8回・中級4回）開催した', action: 'submit' });
  assert.equal(fixed.status, 303);

  // approve, close (locked), publish
  await reviewer.get(ENTRY_A(roundId));
  assert.equal((await reviewer.post(`${ENTRY_A(roundId)}/review`, { version: '5', decision: 'approve', comment: '' })).status, 303);
  const approved = await entryOf(roundId, '1-①');
  assert.equal(approved.state, 'approved');
  assert.equal(approved.finalGrade, 'B');
  const admin = clients.admin;
  // completion per department (states 未着手 入力中 提出 差戻し 承認, overdue, grades so far);
  // the entry deadline 令和4年5月31日 has passed, so 社会課's untouched entry is overdue
  const dashboard = (await text(await admin.get(`/rounds/${roundId}`))).replace(/\s+/g, ' ');
  assert.match(dashboard, /市民局 市民協働推進課 0 0 0 0 1 0 B: 1/);
  assert.match(dashboard, /健康福祉局 社会課 1 0 0 0 0 1 —/);
  // distribution so far: one graded entry (B), one not graded yet → B 1 of 1 = 100.0%
  assert.match(dashboard, /B 基準値から改善した 1 100\.0%/);
  assert.match(dashboard, /評価済み 1件、未評価 1件/);
  assert.equal((await admin.moveRound(roundId, 'review')).status, 303);
  assert.equal((await admin.moveRound(roundId, 'closed')).status, 303);
  const locked = await editor.post(ENTRY_A(roundId), { version: '6', resultsText: 'x', action: 'save' });
  assert.equal(locked.status, 409);
  assert.match(await locked.text(), /確定」のため、入力・変更できません/);
  assert.equal((await admin.moveRound(roundId, 'published')).status, 303);
  // reopening needs a reason
  assert.equal((await admin.post(`/rounds/${roundId}/transition`, { to: 'review' })).status, 422);
  assert.equal((await admin.post(`/rounds/${roundId}/transition`, { to: 'review', reason: '数値の誤りの訂正' })).status, 303);

  const log = await database.db.select().from(auditLog).where(and(eq(auditLog.subjectType, 'round'), eq(auditLog.subjectId, String(roundId))));
  assert.deepEqual(log.map((r) => r.action), ['round.open', 'round.entry', 'round.review', 'round.closed', 'round.published', 'round.reopen']);
  assert.deepEqual(log.map((r) => (r.after as { state?: string } | null)?.state), ['preparing', 'entry', 'review', 'closed', 'published', 'review']);
  assert.equal((log.at(-1)?.after as { reason?: string }).reason, '数値の誤りの訂正');
  const entryLog = await database.db.select().from(auditLog).where(and(eq(auditLog.subjectType, 'entry'), eq(auditLog.subjectId, String((await entryOf(roundId, '1-①')).id))));
  assert.deepEqual(entryLog.map((r) => r.action), ['entry.save', 'entry.submit', 'entry.return', 'entry.submit', 'entry.approve']);
  assert.equal((entryLog[0]?.before as { state: string }).state, 'not_started');
  assert.equal((entryLog[0]?.after as { state: string }).state, 'in_progress');
  const audit = await text(await admin.get('/audit?q=%E6%95%B0%E5%80%A4%E3%81%AE%E8%AA%A4%E3%82%8A'));
  assert.match(audit, /round.reopen/);
});

test('an editor neither sees nor edits another department’s item', async () => {
  const roundId = await openRoundFor('2022');
  const editor = clients.editorA;
  assert.doesNotMatch(await text(await editor.get('/my-work')), new RegExp(`/rounds/${roundId}/entries/${encodeURIComponent('1-②')}`));
  assert.equal((await editor.get(ENTRY_B(roundId))).status, 403);
  const write = await editor.post(ENTRY_B(roundId), { version: '1', resultsText: 'x', action: 'save' });
  assert.equal(write.status, 403);
  assert.equal((await entryOf(roundId, '1-②')).version, 1);
  const roundPage = await text(await editor.get(`/rounds/${roundId}`));
  assert.match(roundPage, /市民活動の支援/);
  assert.doesNotMatch(roundPage, /福祉の連携/);
  // the 市民局 reviewer cannot act on 健康福祉局's item either
  assert.equal((await clients.reviewerA.get(ENTRY_B(roundId))).status, 403);
});

test('a form without the CSRF token changes nothing (403)', async () => {
  const roundId = await openRoundFor('2023');
  const response = await clients.editorA.post(ENTRY_A(roundId), { version: '1', resultsText: '送信', action: 'save' }, { csrf: false });
  assert.equal(response.status, 403);
  assert.equal((await entryOf(roundId, '1-①')).version, 1);
});

test('two saves of one version: the second gets the conflict message and keeps its text', async () => {
  const roundId = await openRoundFor('2024');
  const first = clients.editorA;
  const second = clients.admin;
  await first.get(ENTRY_A(roundId));
  await second.get(ENTRY_A(roundId));
  const [a, b] = await Promise.all([
    first.post(ENTRY_A(roundId), { version: '1', resultsText: '担当者Aの記述', action: 'save' }),
    second.post(ENTRY_A(roundId), { version: '1', resultsText: '本部Bの記述', action: 'save' }),
  ]);
  const statuses = [a.status, b.status].sort();
  assert.deepEqual(statuses, [303, 409]);
  const loser = a.status === 409 ? a : b;
  const html = await loser.text();
  assert.match(html, /あなたが編集している間に/);
  const winnerText = a.status === 303 ? '担当者Aの記述' : '本部Bの記述';
  const loserText = a.status === 303 ? '本部Bの記述' : '担当者Aの記述';
  assert.ok(html.includes(winnerText), 'the other version is shown');
  assert.ok(html.includes(loserText), 'the user’s own text is kept in the form');
  const entry = await entryOf(roundId, '1-①');
  assert.equal(entry.version, 2);
  assert.equal(entry.resultsText, winnerText);
});

test('the live check of a figure answers with the same reader as the server', async () => {
  const ok = await clients.editorA.get('/rounds/parse-figure?text=' + encodeURIComponent('約4億9,600万円'));
  assert.deepEqual(await ok.json(), { ok: true, reading: '約4億9,600万円' });
  const missing = await clients.editorA.get('/rounds/parse-figure?text=' + encodeURIComponent('今後調査'));
  assert.deepEqual(await missing.json(), { ok: true, reading: '値なし（今後調査）' });
  const bad = (await (await clients.editorA.get('/rounds/parse-figure?text=' + encodeURIComponent('たくさん'))).json()) as { ok: boolean; message: string };
  assert.equal(bad.ok, false);
  assert.match(bad.message, /たくさん/);
});

test('an unreadable figure is refused on the server with its reason, and the typed text stays', async () => {
  const roundId = await openRoundFor('2020');
  await clients.editorA.get(ENTRY_A(roundId));
  const response = await clients.editorA.post(ENTRY_A(roundId), { version: '1', [`figure-${indicatorId}`]: '百くらい', resultsText: '説明文を残す', action: 'save' });
  assert.equal(response.status, 422);
  const html = await response.text();
  assert.match(html, /利用団体数: /);
  assert.match(html, /説明文を残す/);
  assert.match(html, /value="百くらい"/);
  assert.equal((await entryOf(roundId, '1-①')).version, 1);
});

// ───────────────────────────── role × route matrix ─────────────────────────────

type Who = 'public' | 'admin' | 'editorA' | 'editorB' | 'reviewerA' | 'committee';
const WHO: Who[] = ['public', 'admin', 'editorA', 'editorB', 'reviewerA', 'committee'];

test('role × route: every route of accounts and rounds answers each role as the policy says', async () => {
  const roundId = await openRoundFor('2019');
  const R = `/rounds/${roundId}`;
  const L = 303; // sent to the login page
  // [method, route pattern, concrete path, body, expected status per role]
  const matrix: [string, string, string, Record<string, string> | null, Record<Who, number>][] = [
    ['GET', '/login', '/login', null, { public: 200, admin: 303, editorA: 303, editorB: 303, reviewerA: 303, committee: 303 }],
    ['POST', '/login', '/login', { login: 'nobody', password: 'wrong password here' }, { public: 401, admin: 401, editorA: 401, editorB: 401, reviewerA: 401, committee: 401 }],
    ['GET', '/account/password', '/account/password', null, { public: L, admin: 200, editorA: 200, editorB: 200, reviewerA: 200, committee: 200 }],
    ['POST', '/account/password', '/account/password', { current: 'wrong', next: 'x', confirm: 'x' }, { public: L, admin: 422, editorA: 422, editorB: 422, reviewerA: 422, committee: 422 }],
    ['GET', '/account/tokens', '/account/tokens', null, { public: L, admin: 200, editorA: 200, editorB: 200, reviewerA: 200, committee: 200 }],
    // a period the form does not offer: refused with the reason, nothing made
    ['POST', '/account/tokens', '/account/tokens', { name: '集計', days: '7' }, { public: L, admin: 422, editorA: 422, editorB: 422, reviewerA: 422, committee: 422 }],
    // no such token: 404 for everyone signed in
    ['POST', '/account/tokens/:id/revoke', '/account/tokens/999999/revoke', {}, { public: L, admin: 404, editorA: 404, editorB: 404, reviewerA: 404, committee: 404 }],
    ['GET', '/rounds', '/rounds', null, { public: L, admin: 200, editorA: 200, editorB: 200, reviewerA: 200, committee: 200 }],
    ['GET', '/rounds/new', '/rounds/new', null, { public: L, admin: 200, editorA: 403, editorB: 403, reviewerA: 403, committee: 403 }],
    ['POST', '/rounds', '/rounds', { plan: 'testplan', fiscalYear: '2019' }, { public: L, admin: 409, editorA: 403, editorB: 403, reviewerA: 403, committee: 403 }],
    ['GET', '/rounds/parse-figure', '/rounds/parse-figure?text=1%2C234', null, { public: L, admin: 200, editorA: 200, editorB: 200, reviewerA: 403, committee: 403 }],
    ['GET', '/rounds/:roundId', R, null, { public: L, admin: 200, editorA: 200, editorB: 200, reviewerA: 200, committee: 200 }],
    ['POST', '/rounds/:roundId/transition', `${R}`, { to: 'published' }, { public: L, admin: 409, editorA: 403, editorB: 403, reviewerA: 403, committee: 403 }],
    // the pre-flight page of 確認中 (the round is 入力中)
    ['GET', '/rounds/:roundId/transition', `${R}/transition?to=review`, null, { public: L, admin: 200, editorA: 403, editorB: 403, reviewerA: 403, committee: 403 }],
    // 訂正 is 本部's; this round is 入力中, so nothing is corrected yet (the form refuses: 409)
    ['GET', '/rounds/:roundId/corrections', `${R}/corrections`, null, { public: L, admin: 200, editorA: 403, editorB: 403, reviewerA: 403, committee: 403 }],
    ['POST', '/rounds/:roundId/corrections', `${R}/corrections`, { indicator: '1-①#1', kind: 'actual', text: '700団体', reason: '集計の誤り' }, { public: L, admin: 409, editorA: 403, editorB: 403, reviewerA: 403, committee: 403 }],
    // only a round still 準備 can be deleted: this one is 入力中
    ['POST', '/rounds/:roundId/delete', `${R}/delete`, {}, { public: L, admin: 409, editorA: 403, editorB: 403, reviewerA: 403, committee: 403 }],
    ['GET', '/my-work', '/my-work', null, { public: L, admin: 200, editorA: 200, editorB: 200, reviewerA: 403, committee: 403 }],
    ['GET', '/review', '/review', null, { public: L, admin: 200, editorA: 403, editorB: 403, reviewerA: 200, committee: 403 }],
    ['GET', '/audit', '/audit', null, { public: L, admin: 200, editorA: 403, editorB: 403, reviewerA: 403, committee: 403 }],
    ['GET', '/rounds/:roundId/entries/:itemCode', ENTRY_A(roundId), null, { public: L, admin: 200, editorA: 200, editorB: 403, reviewerA: 200, committee: 200 }],
    ['POST', '/rounds/:roundId/entries/:itemCode', ENTRY_A(roundId), { version: '999', action: 'save' }, { public: L, admin: 409, editorA: 409, editorB: 403, reviewerA: 403, committee: 403 }],
    ['POST', '/rounds/:roundId/entries/:itemCode/review', `${ENTRY_A(roundId)}/review`, { version: '1', decision: 'approve' }, { public: L, admin: 409, editorA: 403, editorB: 403, reviewerA: 409, committee: 403 }],
    ['POST', '/logout', '/logout', {}, { public: L, admin: 303, editorA: 303, editorB: 303, reviewerA: 303, committee: 303 }],
  ];
  // generated from the route table: every route of these domains must be in the matrix
  const covered = new Set(matrix.map(([m, pattern]) => `${m} ${pattern}`));
  const routes = app.routes.filter((r) => r.method !== 'ALL' && /^\/(login|logout|account|rounds|my-work|review|audit)(\/|$)/.test(r.path));
  for (const r of routes) assert.ok(covered.has(`${r.method} ${r.path}`), `route ${r.method} ${r.path} is missing from the role matrix`);

  for (const who of WHO) {
    const client = who === 'public' ? new TestClient(app) : clients[who];
    for (const [method, pattern, path, body, expected] of matrix) {
      if (method === 'GET') {
        const response = await client.get(path.replace(`${R}`, `${R}`));
        assert.equal(response.status, expected[who], `${who} ${method} ${pattern}`);
      } else {
        if (who === 'public') await client.get('/login');
        else await client.get('/account/password');
        const target = pattern === '/rounds/:roundId/transition' ? `${R}/transition` : path;
        const fields = pattern === '/login' ? { ...body, login: `nobody-${who}` } : (body ?? {});
        const response = await client.post(target, fields);
        assert.equal(response.status, expected[who], `${who} ${method} ${pattern}`);
      }
    }
  }
  // the logout above ended the sessions; sign in again for any later test
  for (const who of WHO) if (who !== 'public') await clients[who].signIn(who);
});

test('a round is for a year of the plan: 令和8年度, 1868 and 2200 are refused with the period; a round still 準備 can be deleted, later ones cannot', async () => {
  const admin = clients.admin;
  await admin.get('/rounds/new');
  for (const fiscalYear of ['令和8年度', '1868', '2200']) {
    const refused = await admin.post('/rounds', { plan: 'testplan', fiscalYear });
    assert.equal(refused.status, 422, fiscalYear);
    // the plan of this file runs 2019–2025 = 令和元年度〜令和7年度
    assert.match(await refused.text(), /は計画の期間（令和元年度〜令和7年度）の外です/, fiscalYear);
  }
  // 2025 is free in this file: opened, then deleted while 準備
  const created = await admin.post('/rounds', { plan: 'testplan', fiscalYear: '2025' });
  assert.equal(created.status, 303, await created.text());
  const roundId = Number(created.headers.get('location')?.split('/').pop());
  const page = await admin.get(`/rounds/${roundId}`);
  assert.match(await page.text(), /この評価を削除する/);
  assert.equal((await admin.post(`/rounds/${roundId}/delete`, {})).status, 303);
  assert.equal((await database.db.select().from(rounds).where(eq(rounds.id, roundId))).length, 0);
  const log = await database.db.select().from(auditLog).where(and(eq(auditLog.subjectType, 'round'), eq(auditLog.subjectId, String(roundId))));
  assert.deepEqual(log.map((r) => r.action), ['round.open', 'round.delete']);
});

test('確認中, 確定 and 公表 go through a pre-flight page: counts by state and department, what citizens will see, a confirmation that goes stale when an entry changes', async () => {
  const roundId = await openRoundFor('2025'); // the year the test above deleted its round of
  const admin = clients.admin;
  // straight from a form without the confirmation: refused, the pre-flight page shown
  const unconfirmed = await admin.post(`/rounds/${roundId}/transition`, { to: 'review' });
  assert.equal(unconfirmed.status, 422);
  const preflight = (await (await admin.get(`/rounds/${roundId}/transition?to=review`)).text()).replace(/\s+/g, ' ');
  // two entries, both 未着手: 市民局 市民協働推進課 1, 健康福祉局 社会課 1
  assert.match(preflight, /未提出の2件（未着手2件・入力中0件）は、担当課が入力できなくなります/);
  assert.match(preflight, /<th scope="row">合計<\/th><td>2<\/td><td>0<\/td><td>0<\/td><td>0<\/td><td>0<\/td>/);
  const token = /name="confirmed" value="([^"]*)"/.exec(preflight)?.[1];
  assert.ok(token);
  // an entry changes after the page was opened: the confirmation is stale
  await clients.editorA.get(ENTRY_A(roundId));
  assert.equal((await clients.editorA.post(ENTRY_A(roundId), { version: '1', resultsText: '途中まで', action: 'save' })).status, 303);
  const stale = await admin.post(`/rounds/${roundId}/transition`, { to: 'review', confirmed: token, agree: '1' });
  assert.equal(stale.status, 409);
  assert.match(await stale.text(), /未提出の2件（未着手1件・入力中1件）/);
  assert.equal((await database.db.select().from(rounds).where(eq(rounds.id, roundId)))[0]?.state, 'entry');
  assert.equal((await admin.moveRound(roundId, 'review')).status, 303);
  const closing = (await (await admin.get(`/rounds/${roundId}/transition?to=closed`)).text()).replace(/\s+/g, ' ');
  assert.match(closing, /承認されていない2件は、公表されても評価・取組結果・値が公開されず「未承認」と表示されます/);
});
