// Several organisations in one installation: an admin of organisation A never sees anything of
// organisation B that is not public. Driven by the application's route table, so a new staff
// route is covered the day it is added:
//
// 1. every GET route that needs a signed-in user and names something by a path parameter (a
//    plan, a round, an entry, a report, a department …) answers B's admin (proving the URL is
//    real) and answers A's admin 404 — not 403, so B's drafts are not even confirmed to exist;
// 2. every state-changing route with a path parameter answers A's admin 404 and changes nothing;
// 3. list pages without a parameter (rounds, review queue, audit log, moderation …) answer A's
//    admin without B's rounds, draft texts or pending feedback.
//
// Organisation B is Sendai (the bundled plans) with a round in 入力中 holding a draft narrative
// and a pending citizen feedback; organisation A is a new city with its own admin.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { and, eq } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../test-support/database.js';
import { insertOrganisation } from '../test-support/fixtures.js';
import { concretePath, routeTable, sampleParams, type RouteEntry } from '../test-support/routes.js';
import { prepareBundledData } from '../datasets/bundled.js';
import { createApp } from '../app.js';
import { addUser } from '../auth/add-user.js';
import { TEST_PASSWORD, TestClient } from '../auth/test-client.js';
import type { SessionUser } from '../auth/policy.js';
import { createApiToken } from '../api/create-api-token.js';
import { openRound } from '../rounds/open-round.js';
import { transitionRound } from '../rounds/transition-round.js';
import { insertFeedback } from '../portal/portal.repository.js';
import { apiTokens, catalogueLinks, entries, feedback, indicators, planItems, plans, rounds, users } from '../db/schema.js';
import { SYSTEM_ACTOR } from './audit.repository.js';

const DRAFT_TEXT = '組織Bの未公表の取組結果（下書き）';
const PENDING_FEEDBACK = '組織Bへの未公開のご意見';

let database: TestDatabase;
let app: ReturnType<typeof createApp>;
let roundId = 0;
let feedbackId = 0;
let entryVersion = 0;
let tokenA = '';
const clients = {} as { a: TestClient; b: TestClient };

/** Bodies that pass each state-changing route's own validation, so only the organisation check can refuse. */
function bodyOf(route: RouteEntry): Record<string, string> | string {
  const key = `${route.method} ${route.path}`;
  if (key === 'POST /rounds/:roundId/transition') return { to: 'review' };
  if (key === 'POST /rounds/:roundId/entries/:itemCode') return { version: String(entryVersion), resultsText: '組織Aによる書き換え', action: 'save' };
  if (key === 'POST /rounds/:roundId/entries/:itemCode/review') return { version: String(entryVersion), decision: 'approve', comment: '' };
  if (key.startsWith('POST /admin/feedback/')) return { decision: 'published', answer: '組織Aの回答' };
  if (key === 'POST /admin/catalogue/:catalogueCode/links') return { indicator: `sendai-2021|${LINKED_INDICATOR}`, unitFactor: '1', note: '' };
  if (key.startsWith('PUT /api/v1/plans/:plan/rounds/')) return JSON.stringify({ version: entryVersion, resultsText: '組織Aによる書き換え', figures: {} });
  if (key.startsWith('PUT /api/v1/plans/:plan/indicators/')) return JSON.stringify({ text: '999' });
  return {};
}

/**
 * The bundled catalogue links this Sendai indicator (市民活動サポートセンター利用団体数); A's admin
 * must not unlink or relink it.
 */
const LINKED_INDICATOR = '1-(1)-①#1';
let linkedIndicatorId = 0;
/** B's admin: the account the account pages name. */
let adminBId = 0;
/** An API token of B's admin: the one the revoke URL names. */
let tokenBId = 0;

/**
 * Catalogue entries are shared by the organisations of the installation (each links its own
 * indicators to them), so an entry's page and its edit form are not organisation B's things.
 */
const SHARED = new Set(['GET /admin/catalogue/:catalogueCode', 'POST /admin/catalogue/:catalogueCode']);

function samples(route?: RouteEntry): Record<string, string> {
  const id = route?.path.startsWith('/admin/catalogue/') ? linkedIndicatorId : route?.path.includes('/users/:id') ? adminBId : route?.path.startsWith('/account/tokens/') ? tokenBId : feedbackId;
  return { ...sampleParams(roundId), id: String(id), tokenId: String(tokenBId) };
}

before(async () => {
  database = await createTestDatabase();
  await prepareBundledData(database);
  app = createApp(database);
  const cityA = await insertOrganisation(database.db, 'city-a', '甲市');
  await database.db.transaction(async (tx) => {
    await addUser(tx, { login: 'admin-a', displayName: '甲市 本部', role: 'admin', password: TEST_PASSWORD, organisationCode: cityA.code, departments: [] }, SYSTEM_ACTOR);
    const honbu = await addUser(tx, { login: 'admin-b', displayName: '仙台市 本部', role: 'admin', password: TEST_PASSWORD, organisationCode: 'sendai', departments: [] }, SYSTEM_ACTOR);
    adminBId = honbu.id;
    const adminB: SessionUser = { id: honbu.id, login: honbu.login, displayName: honbu.displayName, role: 'admin', organisationId: honbu.organisationId, departmentIds: [], planIds: [] };
    const round = await openRound(tx, adminB, { plan: 'sendai-2021', fiscalYear: '2021' });
    await transitionRound(tx, adminB, { roundId: round.id, to: 'entry' });
    roundId = round.id;
    tokenA = (await createApiToken(tx, { login: 'admin-a', name: '組織Aの集計', days: 30 }, SYSTEM_ACTOR)).token;
    tokenBId = (await createApiToken(tx, { login: 'admin-b', name: '組織Bの集計', days: 30 }, SYSTEM_ACTOR)).id;
  });
  const [item] = await database.db
    .select({ id: planItems.id, planId: planItems.planId })
    .from(planItems)
    .innerJoin(plans, eq(plans.id, planItems.planId))
    .where(and(eq(plans.code, 'sendai-2021'), eq(planItems.code, samples().itemCode ?? '')));
  assert.ok(item, 'the sample item of the bundled Sendai plan');
  const [entry] = await database.db.update(entries).set({ resultsText: DRAFT_TEXT, state: 'in_progress' }).where(and(eq(entries.roundId, roundId), eq(entries.itemId, item.id))).returning();
  assert.ok(entry, 'the round created an entry for the sample item');
  entryVersion = entry.version;
  const [linked] = await database.db.select({ id: indicators.id }).from(indicators).where(and(eq(indicators.planId, item.planId), eq(indicators.code, LINKED_INDICATOR)));
  assert.ok(linked, 'the linked Sendai indicator');
  linkedIndicatorId = linked.id;
  feedbackId = await insertFeedback(database.db, { planId: item.planId, itemId: item.id, body: PENDING_FEEDBACK, authorName: null });
  clients.a = new TestClient(app);
  clients.b = new TestClient(app);
  assert.equal((await clients.a.signIn('admin-a')).status, 303);
  assert.equal((await clients.b.signIn('admin-b')).status, 303);
});

after(async () => {
  await database.close();
});

/** Sends a route's request as one of the admins (API routes with A's token for A, B's session otherwise). */
async function send(who: 'a' | 'b', route: RouteEntry, path: string): Promise<Response> {
  if (who === 'b' && route.path.startsWith('/api/')) throw new Error('B is not sent to the API');
  const client = clients[who];
  if (route.path.startsWith('/api/')) {
    // a script with A's token and no session cookie
    const body = route.method === 'GET' ? undefined : bodyOf(route);
    return new TestClient(app).request(path, { method: route.method, body: typeof body === 'string' ? body : undefined, headers: { authorization: `Bearer ${tokenA}`, 'content-type': 'application/json' } });
  }
  if (route.method === 'GET') return client.request(path);
  const body = bodyOf(route);
  if (typeof body === 'string') throw new Error(`${route.method} ${route.path}: a JSON body outside the API`);
  await client.get('/account/password'); // the session's CSRF token
  return client.post(path, body);
}

const withParameter = (route: RouteEntry) => route.requirement !== 'public' && route.path.includes(':') && !SHARED.has(`${route.method} ${route.path}`);

test("every staff GET URL naming organisation B's things answers B's admin and is 404 for A's admin", async (t) => {
  const routes = routeTable(app.routes).entries.filter((r) => r.method === 'GET' && withParameter(r));
  assert.ok(routes.length >= 6, `${routes.length} routes`);
  const failures: string[] = [];
  for (const route of routes) {
    const path = concretePath(route, samples(route));
    // the API's draft read needs a token: B's own admin reads it through the session-less API only with a token, so skip the proof for API
    if (!route.path.startsWith('/api/')) {
      const own = await send('b', route, path);
      await own.arrayBuffer();
      if (own.status === 404 || own.status === 403 || own.status >= 500) failures.push(`B's admin GET ${path}: ${own.status} (the sample URL must be real)`);
    }
    const other = await send('a', route, path);
    const body = await other.text();
    if (other.status !== 404) failures.push(`A's admin GET ${path}: expected 404, got ${other.status}`);
    if (body.includes(DRAFT_TEXT)) failures.push(`A's admin GET ${path}: the draft text of B is in the answer`);
  }
  assert.deepEqual(failures, [], failures.join('\n'));
  t.diagnostic(`${routes.length} staff GET routes with parameters`);
});

test("every state-changing URL naming B's things is 404 for A's admin and changes nothing", async (t) => {
  const routes = routeTable(app.routes).entries.filter((r) => r.method !== 'GET' && r.method !== 'HEAD' && withParameter(r));
  assert.ok(routes.length >= 4, `${routes.length} routes`);
  const failures: string[] = [];
  for (const route of routes) {
    const path = concretePath(route, samples(route));
    const response = await send('a', route, path);
    await response.arrayBuffer();
    if (response.status !== 404) failures.push(`A's admin ${route.method} ${path}: expected 404, got ${response.status}`);
  }
  assert.deepEqual(failures, [], failures.join('\n'));
  // nothing of B changed
  const [round] = await database.db.select().from(rounds).where(eq(rounds.id, roundId));
  assert.equal(round?.state, 'entry');
  const [entry] = await database.db.select().from(entries).where(and(eq(entries.roundId, roundId), eq(entries.resultsText, DRAFT_TEXT)));
  assert.equal(entry?.version, entryVersion);
  const [pending] = await database.db.select().from(feedback).where(eq(feedback.id, feedbackId));
  assert.equal(pending?.state, 'pending');
  assert.equal((await database.db.select().from(catalogueLinks).where(eq(catalogueLinks.indicatorId, linkedIndicatorId))).length, 1, "B's catalogue link is still there");
  const [accountB] = await database.db.select().from(users).where(eq(users.id, adminBId));
  assert.equal(accountB?.disabledAt, null, "B's admin is not stopped");
  assert.equal(accountB?.role, 'admin');
  assert.equal((await new TestClient(app).signIn('admin-b')).status, 303, "B's admin still signs in with its password");
  const [tokenB] = await database.db.select().from(apiTokens).where(eq(apiTokens.id, tokenBId));
  assert.equal(tokenB?.revokedAt, null, "B's API token is not revoked");
  t.diagnostic(`${routes.length} state-changing routes with parameters`);
});

test("list pages show A's admin nothing of B's rounds, drafts or pending feedback", async () => {
  const lists = routeTable(app.routes).entries.filter((r) => r.method === 'GET' && r.requirement !== 'public' && !r.path.includes(':') && !r.path.startsWith('/api/'));
  assert.ok(lists.some((r) => r.path === '/rounds') && lists.some((r) => r.path === '/audit'), 'the round list and the audit log are list pages');
  const failures: string[] = [];
  for (const route of lists) {
    const path = concretePath(route, samples(route));
    const own = await clients.b.request(path);
    const ownBody = await own.text();
    const other = await clients.a.request(path);
    const body = await other.text();
    // a query naming B's plan (the template download) is B's thing: 404
    const namesB = /sendai/.test(path);
    if (namesB ? other.status !== 404 : other.status >= 400 && other.status !== 403) failures.push(`A's admin GET ${path}: ${other.status}`);
    for (const secret of [DRAFT_TEXT, PENDING_FEEDBACK, `/rounds/${roundId}"`]) {
      if (body.includes(secret)) failures.push(`A's admin GET ${path} shows B's ${secret}`);
    }
    // the check can fail: B's own admin sees its round in the list and its feedback in moderation
    if (path === '/rounds' && !ownBody.includes(`/rounds/${roundId}"`)) failures.push(`B's admin does not see its own round in ${path}`);
    if (path === '/admin/feedback' && !ownBody.includes(PENDING_FEEDBACK)) failures.push(`B's admin does not see its pending feedback in ${path}`);
  }
  assert.deepEqual(failures, [], failures.join('\n'));
});

test("the audit log of A's admin leaves out what B's users did", async () => {
  await clients.b.get(`/rounds/${roundId}/entries/${encodeURIComponent(samples().itemCode ?? '')}`);
  const saved = await clients.b.post(`/rounds/${roundId}/entries/${encodeURIComponent(samples().itemCode ?? '')}`, { version: String(entryVersion), resultsText: `${DRAFT_TEXT}（B が保存）`, action: 'save' });
  assert.equal(saved.status, 303);
  entryVersion += 1;
  const own = await (await clients.b.request('/audit')).text();
  assert.match(own, /B が保存/);
  const other = await (await clients.a.request('/audit')).text();
  assert.doesNotMatch(other, /B が保存/);
});

test("A's admin cannot import into B's plan: the upload is refused without saying whether the plan exists, nothing is written", async () => {
  const csv = '計画コード,施策コード,指標コード,区分,年度,値\r\nsendai-2021,1-(1)-①,1-(1)-①#1,実績,令和4年度,735団体\r\n';
  const sendAs = async (client: TestClient) => {
    await client.get('/imports');
    const form = new FormData();
    form.set('_csrf', client.csrf);
    form.set('file', new File([Buffer.from(csv, 'utf8')], '実績.csv', { type: 'text/csv' }));
    return client.request('/imports', { method: 'POST', body: form });
  };
  const refused = await sendAs(clients.a);
  assert.equal(refused.status, 422);
  assert.match(await refused.text(), /計画「sendai-2021」は読み込めません（この組織の計画ではありません）/);
  // the same file is a valid preview for B's own admin: the refusal is the organisation's
  const own = await sendAs(clients.b);
  assert.equal(own.status, 200);
  assert.equal((await clients.a.request('/imports/template?plan=sendai-2021')).status, 404);
  assert.equal((await clients.b.request('/imports/template?plan=sendai-2021')).status, 200);
});
