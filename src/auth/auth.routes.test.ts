// Accounts: sign in and out, session cookie, CSRF on every form, rate limit, password change.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { eq } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../test-support/database.js';
import { createApp } from '../app.js';
import { openDatabase, type Database } from '../db/client.js';
import { auditLog, loginFailures, sessions } from '../db/schema.js';
import { insertTestUser, TestClient, TEST_PASSWORD } from './test-client.js';
import { hashToken } from './sessions.repository.js';
import { deleteOldLoginFailures, LoginRateLimiter } from './rate-limit.js';
import { Hono } from 'hono';
import type { AppEnv } from '../app.js';
import { clientAddress, requires, sessionMiddleware } from './middleware.js';
import { authRoutes } from './auth.routes.js';

let database: TestDatabase;
let app: ReturnType<typeof createApp>;
before(async () => {
  database = await createTestDatabase();
  app = createApp(database);
});
after(async () => {
  await database.close();
});
beforeEach(async () => {
  await database.reset();
  await insertTestUser(database.db, { login: 'honbu', role: 'admin' });
});

test('signing in sets an HttpOnly, SameSite=Lax session cookie whose SHA-256 is the stored id', async () => {
  const client = new TestClient(app);
  await client.get('/login');
  const response = await client.post('/login', { login: 'honbu', password: TEST_PASSWORD, next: '/account/password' });
  assert.equal(response.status, 303);
  assert.equal(response.headers.get('location'), '/account/password');
  const cookie = response.headers.getSetCookie().find((c) => c.startsWith('shinchoku_session='));
  assert.ok(cookie);
  assert.match(cookie, /HttpOnly/);
  assert.match(cookie, /SameSite=Lax/);
  assert.doesNotMatch(cookie, /Secure/); // plain http in the test
  const token = client.cookies.get('shinchoku_session') ?? '';
  const rows = await database.db.select().from(sessions);
  assert.equal(rows.length, 1);
  assert.notEqual(rows[0]?.id, token);
  assert.equal(rows[0]?.id, hashToken(token));
  assert.equal((await client.get('/account/password')).status, 200);
});

test('the cookie is Secure over HTTPS, and behind a proxy only when TRUST_PROXY=1', async () => {
  const client = new TestClient(app);
  await client.get('/login');
  const form = { login: 'honbu', password: TEST_PASSWORD, _csrf: client.csrf };
  const cookieHeader = `shinchoku_csrf=${client.cookies.get('shinchoku_csrf')}`;
  const post = (url: string, headers: Record<string, string> = {}) =>
    app.request(url, { method: 'POST', body: new URLSearchParams(form), headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookieHeader, ...headers } });
  const https = await post('https://example.jp/login');
  assert.match(https.headers.getSetCookie().join('\n'), /shinchoku_session=[^\n]*Secure/);
  const proxiedUntrusted = await post('http://example.jp/login', { 'x-forwarded-proto': 'https' });
  assert.doesNotMatch(proxiedUntrusted.headers.getSetCookie().join('\n'), /shinchoku_session=[^\n]*Secure/);
  process.env.TRUST_PROXY = '1';
  try {
    const proxied = await post('http://example.jp/login', { 'x-forwarded-proto': 'https' });
    assert.match(proxied.headers.getSetCookie().join('\n'), /shinchoku_session=[^\n]*Secure/);
  } finally {
    delete process.env.TRUST_PROXY;
  }
});

test('a wrong password is refused in Japanese and opens no session', async () => {
  const client = new TestClient(app);
  const response = await client.signIn('honbu', 'not the password at all');
  assert.equal(response.status, 401);
  assert.match(await response.text(), /ログイン名またはパスワードが正しくありません/);
  assert.equal((await database.db.select().from(sessions)).length, 0);
});

test('a page that needs an account sends the public to the login page, the API answers 401', async () => {
  const page = await app.request('/account/password');
  assert.equal(page.status, 303);
  assert.equal(page.headers.get('location'), '/login?next=%2Faccount%2Fpassword');
  const api = new Hono<AppEnv>();
  api.use(sessionMiddleware(database));
  api.get('/api/drafts', requires('plan:read_drafts'), (c) => c.json({ ok: true }));
  const response = await api.request('/api/drafts');
  assert.equal(response.status, 401);
  assert.deepEqual(await response.json(), { type: 'about:blank', title: 'Unauthorized', status: 401, detail: 'ログインしてください' });
});

test('a form without its CSRF token is refused with 403, signed in or not', async () => {
  const anonymous = new TestClient(app);
  await anonymous.get('/login');
  const noToken = await anonymous.post('/login', { login: 'honbu', password: TEST_PASSWORD }, { csrf: false });
  assert.equal(noToken.status, 403);
  assert.match(await noToken.text(), /フォームの有効期限が切れたか/);
  const wrongToken = await anonymous.post('/login', { login: 'honbu', password: TEST_PASSWORD, _csrf: 'forged' });
  assert.equal(wrongToken.status, 403);

  const client = new TestClient(app);
  assert.equal((await client.signIn('honbu')).status, 303);
  const logout = await client.post('/logout', {}, { csrf: false });
  assert.equal(logout.status, 403);
  // the anonymous cookie's token is not the session's token
  const withAnonymousToken = await client.post('/logout', { _csrf: anonymous.csrf });
  assert.equal(withAnonymousToken.status, 403);
  assert.equal((await client.post('/logout', {})).status, 303);
});

test('signing out deletes the session; its cookie no longer works', async () => {
  const client = new TestClient(app);
  await client.signIn('honbu');
  const token = client.cookies.get('shinchoku_session') ?? '';
  assert.equal((await client.post('/logout', {})).status, 303);
  assert.equal((await database.db.select().from(sessions)).length, 0);
  const replay = await app.request('/account/password', { headers: { cookie: `shinchoku_session=${token}` } });
  assert.equal(replay.status, 303);
});

test('login rate limit: 5 failures per login name from one address in 15 minutes, then even the right password waits', async () => {
  let now = Date.parse('2026-04-01T09:00:00Z');
  // the same middleware and routes as the application, with a clock the test moves
  const client = new TestClient(limitedApp(new LoginRateLimiter({ now: () => now })));
  for (let i = 0; i < 5; i++) assert.equal((await client.signIn('honbu', `wrong password ${i}`)).status, 401);
  const blocked = await client.signIn('honbu');
  assert.equal(blocked.status, 429);
  assert.match(await blocked.text(), /15分後にもう一度お試しください/);
  now += 15 * 60_000 + 1;
  assert.equal((await client.signIn('honbu')).status, 303);
});

test('login rate limit per address: 20 failures from one address over many login names', async () => {
  const now = Date.parse('2026-04-01T09:00:00Z');
  const limiter = new LoginRateLimiter({ now: () => now });
  const reserve = (login: string, address: string) => database.db.transaction((tx) => limiter.reserve(tx, login, address));
  for (let i = 0; i < 20; i++) assert.equal((await reserve(`user${i}`, '192.0.2.1')).ok, true);
  assert.deepEqual(await reserve('someone-else', '192.0.2.1'), { ok: false, minutes: 15 });
  assert.equal((await reserve('someone-else', '198.51.100.7')).ok, true);
});

test('failures older than an hour are deleted by the minute job, later ones kept', async () => {
  let now = Date.parse('2026-04-01T09:00:00Z');
  const limiter = new LoginRateLimiter({ now: () => now });
  await database.db.transaction((tx) => limiter.reserve(tx, 'honbu', '192.0.2.1'));
  now += 60 * 60_000;
  await database.db.transaction((tx) => limiter.reserve(tx, 'bunka', '192.0.2.2'));
  // the first attempt's three rows are exactly an hour old: gone; the second's three stay
  assert.equal(await deleteOldLoginFailures(database.db, { now: () => now }), 3);
  assert.deepEqual((await database.db.select({ key: loginFailures.key }).from(loginFailures)).map((r) => r.key).sort(), ['ip:192.0.2.2', 'login:bunka', 'pair:["bunka","192.0.2.2"]']);
});

test('two server processes share the count: 5 wrong passwords through one, the 6th through the other waits', async () => {
  // two applications, each with its own limiter, on one database: what `start --processes 2` runs
  // (on PostgreSQL the second has its own connection pool, as another process would)
  const other = database.url ? await openDatabase({ url: database.url }) : database;
  try {
    const first = new TestClient(limitedApp(new LoginRateLimiter()));
    const second = new TestClient(limitedApp(new LoginRateLimiter(), other));
    for (let i = 0; i < 5; i++) assert.equal((await first.signIn('honbu', `wrong password ${i}`)).status, 401);
    const blocked = await second.signIn('honbu', 'wrong password 5');
    assert.equal(blocked.status, 429);
    assert.match(await blocked.text(), /15分後にもう一度お試しください/);
    assert.equal((await database.db.select().from(loginFailures).where(eq(loginFailures.key, 'login:honbu'))).length, 5);
  } finally {
    if (other !== database) await other.close();
  }
});

/** The application's middleware and sign-in routes with a limiter whose clock the test moves. */
function limitedApp(limiter: LoginRateLimiter, on: Database = database) {
  const limited = new Hono<AppEnv>();
  limited.use(sessionMiddleware(on));
  limited.route('/', authRoutes(on, limiter));
  return limited;
}

/** Signs in from an address (behind one trusted proxy, which appends the address it saw). */
async function signInFrom(target: Hono<AppEnv>, address: string, password: string, spoofed = '') {
  const client = new TestClient(target);
  await client.get('/login');
  const forwarded = spoofed ? `${spoofed}, ${address}` : address;
  return client.request('/login', {
    method: 'POST',
    body: new URLSearchParams({ login: 'honbu', password, _csrf: client.csrf }),
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': forwarded },
  });
}

async function withTrustProxy<T>(value: string, run: () => Promise<T>): Promise<T> {
  const saved = process.env.TRUST_PROXY;
  process.env.TRUST_PROXY = value;
  try {
    return await run();
  } finally {
    if (saved === undefined) delete process.env.TRUST_PROXY;
    else process.env.TRUST_PROXY = saved;
  }
}

test('40 wrong passwords sent at once: 5 are checked against the hash (401), 35 wait (429)', async () => {
  const client = new TestClient(limitedApp(new LoginRateLimiter()));
  await client.get('/login');
  const answers = await Promise.all(
    Array.from({ length: 40 }, (_, i) =>
      client.request('/login', {
        method: 'POST',
        body: new URLSearchParams({ login: 'honbu', password: `wrong ${i}`, _csrf: client.csrf }),
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      }),
    ),
  );
  const statuses = answers.map((r) => r.status);
  assert.equal(statuses.filter((s) => s === 401).length, 5);
  assert.equal(statuses.filter((s) => s === 429).length, 35);
});

test('5 wrong passwords from one address lock that address only; 本部 signs in from its own', async () => {
  await withTrustProxy('1', async () => {
    const limited = limitedApp(new LoginRateLimiter());
    for (let i = 0; i < 5; i++) assert.equal((await signInFrom(limited, '203.0.113.66', `guess ${i}`)).status, 401);
    assert.equal((await signInFrom(limited, '203.0.113.66', TEST_PASSWORD)).status, 429);
    assert.equal((await signInFrom(limited, '198.51.100.20', TEST_PASSWORD)).status, 303);
  });
});

test('an address written into X-Forwarded-For by the client does not reset the count (TRUST_PROXY=1)', async () => {
  await withTrustProxy('1', async () => {
    const limited = limitedApp(new LoginRateLimiter());
    for (let i = 0; i < 5; i++) assert.equal((await signInFrom(limited, '203.0.113.66', `guess ${i}`, `10.0.0.${i}`)).status, 401);
    assert.equal((await signInFrom(limited, '203.0.113.66', 'guess 5', '10.0.0.99')).status, 429);
  });
});

test('a login guessed from many addresses backs off: after 10 failures 1 s, then 2 s, doubling', async () => {
  let now = Date.parse('2026-04-01T09:00:00Z');
  await withTrustProxy('1', async () => {
    const limited = limitedApp(new LoginRateLimiter({ now: () => now }));
    // 2 failures from each of 5 addresses: no pair reaches 5, no address 20
    for (let i = 0; i < 10; i++) assert.equal((await signInFrom(limited, `203.0.113.${i % 5}`, `guess ${i}`)).status, 401);
    // the 10th failure was at `now`: the next attempt from anywhere waits 2^0 = 1 s
    assert.equal((await signInFrom(limited, '198.51.100.20', TEST_PASSWORD)).status, 429);
    now += 999;
    assert.equal((await signInFrom(limited, '198.51.100.20', TEST_PASSWORD)).status, 429);
    now += 1;
    assert.equal((await signInFrom(limited, '203.0.113.9', 'guess 10')).status, 401);
    // 11 failures: 2^1 = 2 s after the latest
    now += 1999;
    assert.equal((await signInFrom(limited, '198.51.100.20', TEST_PASSWORD)).status, 429);
    now += 1;
    // the right password clears the login's count
    assert.equal((await signInFrom(limited, '198.51.100.20', TEST_PASSWORD)).status, 303);
    assert.equal((await signInFrom(limited, '203.0.113.10', 'guess 11')).status, 401);
    assert.equal((await signInFrom(limited, '198.51.100.20', TEST_PASSWORD)).status, 303);
  });
});

test('changing the password needs the current one, signs out other sessions and is audited', async () => {
  const first = new TestClient(app);
  const second = new TestClient(app);
  await first.signIn('honbu');
  await second.signIn('honbu');
  const wrong = await first.post('/account/password', { current: 'not it at all', next: 'a brand new pass phrase', confirm: 'a brand new pass phrase' });
  assert.equal(wrong.status, 422);
  assert.match(await wrong.text(), /現在のパスワードが正しくありません/);
  const ok = await first.post('/account/password', { current: TEST_PASSWORD, next: 'a brand new pass phrase', confirm: 'a brand new pass phrase' });
  assert.equal(ok.status, 303);
  assert.equal((await first.get('/account/password')).status, 200);
  assert.equal((await second.get('/account/password')).status, 303);
  const audit = await database.db.select().from(auditLog).where(eq(auditLog.action, 'user.password_change'));
  assert.equal(audit.length, 1);
  assert.doesNotMatch(JSON.stringify(audit), /argon2/);
  const again = new TestClient(app);
  assert.equal((await again.signIn('honbu', 'a brand new pass phrase')).status, 303);
});

test('only local paths are followed after sign-in', async () => {
  const client = new TestClient(app);
  await client.get('/login');
  const response = await client.post('/login', { login: 'honbu', password: TEST_PASSWORD, next: '//evil.example/' });
  assert.equal(response.headers.get('location'), '/rounds');
});

test('after sign-in, a next with a tab, a line break or a backslash, or another origin, goes to /rounds', async () => {
  const signedIn = new TestClient(app);
  await signedIn.signIn('honbu');
  // Chromium drops the tab of "/\t/evil.example/phish" and follows //evil.example/phish
  for (const next of ['/\t/evil.example/phish', '/\n/x', '/\r\n/x', '/\\evil.example', '/\\/evil.example', '//evil.example/', '/%09/evil.example', 'https://evil.example/']) {
    const response = await signedIn.request(`/login?next=${encodeURIComponent(next)}`);
    assert.equal(response.status, 303, next);
    const location = response.headers.get('location') ?? '';
    // what a browser makes of the Location: still this site
    assert.equal(new URL(location, 'http://example.jp').origin, 'http://example.jp', next);
  }
  assert.equal((await signedIn.request(`/login?next=${encodeURIComponent('/\t/evil.example/phish')}`)).headers.get('location'), '/rounds');
  // a local path with its query is kept as it was
  assert.equal((await signedIn.request(`/login?next=${encodeURIComponent('/plans/sendai?q=%E5%8D%94')}`)).headers.get('location'), '/plans/sendai?q=%E5%8D%94');
  const client = new TestClient(app);
  await client.get('/login');
  const posted = await client.post('/login', { login: 'honbu', password: TEST_PASSWORD, next: '/\n/x' });
  assert.equal(posted.status, 303);
  assert.equal(posted.headers.get('location'), '/rounds');
});

test('TRUST_PROXY=N: the address N hops from the right of X-Forwarded-For, never what the client wrote further left', async () => {
  const probe = new Hono();
  probe.get('/', (c) => c.text(clientAddress(c)));
  const addressOf = async (xff: string) => (await probe.request('/', { headers: { 'x-forwarded-for': xff } })).text();
  const saved = process.env.TRUST_PROXY;
  try {
    process.env.TRUST_PROXY = '1';
    // nginx appends the address it saw: the client wrote "203.0.113.66"
    assert.equal(await addressOf('203.0.113.66, 198.51.100.20'), '198.51.100.20');
    assert.equal(await addressOf('198.51.100.20'), '198.51.100.20');
    process.env.TRUST_PROXY = '2';
    // a CDN appends the client's address, nginx the CDN's
    assert.equal(await addressOf('203.0.113.66, 198.51.100.20, 192.0.2.5'), '198.51.100.20');
    assert.equal(await addressOf('198.51.100.20'), '198.51.100.20');
    process.env.TRUST_PROXY = 'yes';
    assert.equal(await addressOf('203.0.113.66'), 'unknown');
  } finally {
    if (saved === undefined) delete process.env.TRUST_PROXY;
    else process.env.TRUST_PROXY = saved;
  }
});
