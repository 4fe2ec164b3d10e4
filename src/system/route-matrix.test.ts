// The role × route matrix of the WHOLE application, generated from its route table
// (createApp(database).routes), so a new route cannot be missed:
//
// 1. every route (each method and path) declares what it needs with requires(…) — a permission,
//    'signed_in' or 'public' — on the route itself or through router middleware (`.use()`) that
//    covers its path; a route without one, or with two different ones, fails the test by name;
// 2. every GET route is visited with sample parameters from the bundled plans as the public and
//    as each role (本部 admin, editor of 市民局/市民協働推進課, reviewer of 市民局, committee), and
//    its answer must be what the declared requirement and the role matrix (auth/policy.ts) imply:
//    allowed → 2xx or a redirect that is not to /login; not signed in → 303 to /login (401 for
//    /api/); signed in without the permission → 403;
// 3. every state-changing route (POST, PUT, PATCH, DELETE) that is not public refuses the public
//    (303 to /login, 401 for /api/) and the roles without its permission (403) — never a 2xx.
//    Roles that hold the permission are not sent (their answers are tested with the domain).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDatabase, type TestDatabase } from '../test-support/database.js';
import { prepareBundledData } from '../datasets/bundled.js';
import { createApp } from '../app.js';
import { addUser } from '../auth/add-user.js';
import { TEST_PASSWORD, TestClient } from '../auth/test-client.js';
import { ROLE_PERMISSIONS, type Role, type SessionUser } from '../auth/policy.js';
import { concretePath, routeTable, sampleParams, type RouteEntry, covers } from '../test-support/routes.js';
import { openRound } from '../rounds/open-round.js';
import { transitionRound } from '../rounds/transition-round.js';
import { SYSTEM_ACTOR } from './audit.repository.js';

type Who = 'public' | Role;
const ROLES_UNDER_TEST: readonly Role[] = ['admin', 'editor', 'reviewer', 'committee'];
const ACCOUNTS: Record<Role, { displayName: string; departments: string[] }> = {
  admin: { displayName: '本部', departments: [] },
  editor: { displayName: '市民協働推進課 担当', departments: ['市民局/市民協働推進課'] },
  reviewer: { displayName: '市民局 確認者', departments: ['市民局'] },
  committee: { displayName: '推進委員', departments: [] },
};

/**
 * Routes whose handler narrows a scoped permission to the whole plan (can(user, p, { planId })):
 * a role holding the permission only for some departments gets 403 there.
 */
const PLAN_WIDE = new Set([
  'GET /committee/reports/:plan',
  'GET /committee/reports/:plan/report.pdf',
  'GET /committee/reports/:plan/report.xlsx',
  'POST /committee/reports/:plan/jobs',
  'GET /committee/reports/jobs/:job',
  'GET /committee/reports/jobs/:job/status',
  'GET /committee/reports/jobs/:job/file',
]);

type Expectation = 'allowed' | 'sign-in' | 'forbidden';

function expectation(who: Who, route: RouteEntry): Expectation {
  if (route.requirement === 'public') return 'allowed';
  if (who === 'public') return 'sign-in';
  if (route.requirement === 'signed_in') return 'allowed';
  const grant = ROLE_PERMISSIONS[who][route.requirement];
  if (!grant) return 'forbidden';
  if (grant === 'scoped' && PLAN_WIDE.has(`${route.method} ${route.path}`)) return 'forbidden';
  return 'allowed';
}

function answered(expected: Expectation, route: RouteEntry, response: Response): string | null {
  const status = response.status;
  const location = response.headers.get('location') ?? '';
  const api = route.path.startsWith('/api/');
  const ok =
    expected === 'allowed' ? (status >= 200 && status < 300) || (status >= 300 && status < 400 && !location.startsWith('/login'))
    : expected === 'sign-in' ? (api ? status === 401 : status === 303 && location.startsWith('/login?next='))
    : status === 403;
  return ok ? null : `expected ${expected}, got ${status}${location ? ` → ${location}` : ''}`;
}

let database: TestDatabase;
let app: ReturnType<typeof createApp>;
let roundId = 0;
const clients = {} as Record<Who, TestClient>;

before(async () => {
  database = await createTestDatabase();
  await prepareBundledData(database);
  app = createApp(database);
  await database.db.transaction(async (tx) => {
    const created = [];
    for (const role of ROLES_UNDER_TEST) {
      created.push(await addUser(tx, { login: `matrix-${role}`, role, password: TEST_PASSWORD, organisationCode: 'sendai', ...ACCOUNTS[role] }, SYSTEM_ACTOR));
    }
    const [honbu] = created;
    assert.ok(honbu);
    const admin: SessionUser = { id: honbu.id, login: honbu.login, displayName: honbu.displayName, role: 'admin', organisationId: honbu.organisationId, departmentIds: [], planIds: [] };
    // a 令和3年度 round in 入力中: entries exist for the sample item
    const round = await openRound(tx, admin, { plan: 'sendai-2021', fiscalYear: '2021' });
    await transitionRound(tx, admin, { roundId: round.id, to: 'entry' });
    roundId = round.id;
  });
  clients.public = new TestClient(app);
  await clients.public.get('/login'); // a CSRF token for its forms
  for (const role of ROLES_UNDER_TEST) {
    clients[role] = new TestClient(app);
    assert.equal((await clients[role].signIn(`matrix-${role}`)).status, 303, role);
  }
});

after(async () => {
  await database.close();
});

test('every route of the application declares its requirement with requires()', () => {
  const { entries, problems } = routeTable(app.routes);
  assert.deepEqual(problems, [], problems.join('\n'));
  // the table is the whole application: pages, portal, open data, API, reports, imports, health
  for (const key of ['GET /healthz', 'GET /plans/:code', 'GET /opendata', 'GET /api/v1/plans', 'GET /reports/:plan', 'GET /imports', 'POST /login', 'GET /rounds/:roundId']) {
    assert.ok(entries.some((e) => `${e.method} ${e.path}` === key), key);
  }
});

test('the matrix check is live: a route without requires() is named, a wrong answer is caught', () => {
  const handler = () => undefined;
  const known = new Set(routeTable(app.routes).problems);
  const { problems } = routeTable([...app.routes, { method: 'GET', path: '/new-page', handler }]);
  assert.deepEqual(problems.filter((p) => !known.has(p)), ["GET /new-page declares no requirement: add requires('public'), requires('signed_in') or requires(permission)"]);
  const route: RouteEntry = { method: 'GET', path: '/audit', requirement: 'audit:read' };
  assert.equal(expectation('editor', route), 'forbidden');
  assert.match(answered('forbidden', route, new Response('', { status: 200 })) ?? '', /expected forbidden, got 200/);
  assert.match(answered('sign-in', route, new Response('', { status: 302, headers: { location: '/' } })) ?? '', /expected sign-in/);
});

test('role × route: every GET route answers the public and each role as its requirement says', async (t) => {
  const { entries } = routeTable(app.routes);
  const samples = sampleParams(roundId);
  const failures: string[] = [];
  let visited = 0;
  for (const route of entries.filter((e) => e.method === 'GET')) {
    const path = concretePath(route, samples);
    for (const who of ['public', ...ROLES_UNDER_TEST] as const) {
      const response = await clients[who].request(path);
      await response.arrayBuffer();
      visited += 1;
      const wrong = answered(expectation(who, route), route, response);
      if (wrong) failures.push(`${who} GET ${route.path} (${path}, requires ${route.requirement}): ${wrong}`);
    }
  }
  assert.deepEqual(failures, [], failures.join('\n'));
  assert.ok(visited >= 5 * 40, `visited ${visited}`);
  t.diagnostic(`${visited} GET requests: ${visited / 5} routes × (public + 4 roles)`);
});

test('role × route: state-changing routes refuse the public and roles without the permission, never 2xx', async (t) => {
  const { entries } = routeTable(app.routes);
  const samples = sampleParams(roundId);
  const failures: string[] = [];
  const changing = entries.filter((e) => e.method !== 'GET' && e.method !== 'HEAD' && e.method !== 'OPTIONS' && e.requirement !== 'public');
  assert.ok(changing.length >= 10, `${changing.length} state-changing routes`);
  let sent = 0;
  for (const route of changing) {
    const path = concretePath(route, samples);
    for (const who of ['public', ...ROLES_UNDER_TEST] as const) {
      const expected = expectation(who, route);
      if (expected === 'allowed') continue;
      const client = clients[who];
      const response = route.path.startsWith('/api/')
        ? await client.request(path, { method: route.method, body: '{}', headers: { 'content-type': 'application/json', 'x-csrf-token': client.csrf } })
        : await client.post(path, {});
      await response.arrayBuffer();
      const wrong = answered(expected, route, response);
      if (wrong || response.status < 300) failures.push(`${who} ${route.method} ${route.path} (requires ${route.requirement}): ${wrong ?? `got ${response.status}`}`);
      sent += 1;
    }
  }
  t.diagnostic(`${changing.length} state-changing routes, ${sent} refused requests`);
  assert.deepEqual(failures, [], failures.join('\n'));
});

test('a middleware path covers the routes Hono runs it for: a prefix with /*, one path exactly, a parameter matching any one segment', () => {
  assert.ok(covers('/api/v1/*', '/api/v1/plans/:plan'));
  assert.ok(covers('/api/v1/plans/:plan', '/api/v1/plans/:plan'));
  assert.ok(!covers('/api/v1/plans/:plan', '/api/v1/plans/:plan/items'));
  assert.ok(covers('/api/v1/plans/:plan/items', '/api/v1/plans/:plan/items'));
  assert.ok(!covers('/api/v1/plans/:plan/items', '/api/v1/plans/:plan/items/:item'));
  assert.ok(!covers('/api/v1/plans/:plan/items/:item', '/api/v1/plans/:plan/rounds/:fiscalYear'));
  assert.ok(!covers('/opendata', '/en/opendata'));
  assert.throws(() => covers('/files/:name{.+}', '/files/:name'), /cannot tell/);
});
