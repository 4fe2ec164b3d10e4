// /account/tokens: a person makes an API token (shown once, no-store), scripts write with it,
// revoking stops it at once; a bad name or period is refused in Japanese; another person's token
// is 404 and keeps working; a person still on a password 本部 issued is sent to change it first.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { and, eq } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../test-support/database.js';
import { insertTwoOrganisationsWithAdmins } from '../test-support/fixtures.js';
import { createApp } from '../app.js';
import { insertTestUser, signedInClient, TestClient } from '../auth/test-client.js';
import { apiTokens, auditLog, users } from '../db/schema.js';

let database: TestDatabase;
let app: ReturnType<typeof createApp>;
const ids: Record<string, number> = {};

before(async () => {
  database = await createTestDatabase();
  const { org } = await insertTwoOrganisationsWithAdmins(database.db);
  ids.editor = await insertTestUser(database.db, { login: 'kato', role: 'editor', organisationId: org.id });
  ids.other = await insertTestUser(database.db, { login: 'saito', role: 'editor', organisationId: org.id });
  app = createApp(database);
});

after(async () => {
  await database.close();
});

/** An API read that answers 401 without a live token (and 404 for this plan that does not exist). */
const apiWith = (token: string) => new TestClient(app).request('/api/v1/plans/no-such-plan/rounds/2021/entries/1', { headers: { authorization: `Bearer ${token}` } });

test('a token made on the page is shown once, works for the API, and stops when revoked', async () => {
  const kato = await signedInClient(app, 'kato');
  assert.match(await (await kato.get('/account/tokens')).text(), /まだありません/);
  const made = await kato.post('/account/tokens', { name: '集計スクリプト', days: '90' });
  assert.equal(made.status, 201);
  assert.equal(made.headers.get('cache-control'), 'no-store');
  const html = await made.text();
  const token = /id="new-token">(shk_[A-Za-z0-9_-]+)</.exec(html)?.[1];
  assert.ok(token, 'the token is on the page');
  assert.match(html, /<th scope="row">集計スクリプト<\/th>/);
  assert.match(html, new RegExp(`${token.slice(0, 10)}…`));
  const [row] = await database.db.select().from(apiTokens).where(eq(apiTokens.userId, ids.editor as number));
  assert.ok(row);
  assert.notEqual(row.tokenHash, token, 'only its hash is kept');
  // 90 days from now, within a minute
  assert.ok(Math.abs((row.expiresAt?.getTime() ?? 0) - (Date.now() + 90 * 86_400_000)) < 60_000);
  assert.equal((await apiWith(token)).status, 404, 'the token signs the script in');
  assert.equal((await apiWith('shk_not-a-token')).status, 401);

  // the list no longer shows the token itself
  assert.doesNotMatch(await (await kato.get('/account/tokens')).text(), new RegExp(token));
  const revoked = await kato.post(`/account/tokens/${row.id}/revoke`, {});
  assert.equal(revoked.status, 303);
  assert.equal(revoked.headers.get('location'), '/account/tokens?done=revoked');
  assert.match(await (await kato.get('/account/tokens?done=revoked')).text(), /トークンを失効させました。[\s\S]*失効（/);
  assert.equal((await apiWith(token)).status, 401, 'revoked: refused at once');
  const audit = await database.db.select().from(auditLog).where(and(eq(auditLog.subjectType, 'api_token'), eq(auditLog.subjectId, String(row.id))));
  assert.deepEqual(audit.map((a) => [a.action, a.actorLabel]).sort(), [['api_token.create', 'kato'], ['api_token.revoke', 'kato']]);
  assert.ok(audit.every((a) => !JSON.stringify(a).includes(token)), 'never the token in the log');
});

test('a name and a period are required; the form keeps what was typed', async () => {
  const kato = await signedInClient(app, 'kato');
  const before = (await database.db.select().from(apiTokens)).length;
  const noName = await kato.post('/account/tokens', { name: ' ', days: '30' });
  assert.equal(noName.status, 422);
  assert.match(await noName.text(), /用途を入力してください/);
  const forever = await kato.post('/account/tokens', { name: '長期', days: '36500' });
  assert.equal(forever.status, 422);
  const html = await forever.text();
  assert.match(html, /有効期間を選んでください/);
  assert.match(html, /value="長期"/);
  assert.equal((await database.db.select().from(apiTokens)).length, before);
});

test("another person's token is 404 on the revoke URL and keeps working", async () => {
  const saito = await signedInClient(app, 'saito');
  const token = /id="new-token">(shk_[A-Za-z0-9_-]+)</.exec(await (await saito.post('/account/tokens', { name: '齋藤の取込', days: '30' })).text())?.[1] ?? '';
  const [row] = await database.db.select().from(apiTokens).where(eq(apiTokens.userId, ids.other as number));
  const kato = await signedInClient(app, 'kato');
  assert.equal((await kato.post(`/account/tokens/${row?.id ?? 0}/revoke`, {})).status, 404);
  assert.doesNotMatch(await (await kato.get('/account/tokens')).text(), /齋藤の取込/);
  assert.equal((await apiWith(token)).status, 404, 'still works');
});

test('a person still on a password 本部 issued is sent to change it before making a token', async () => {
  await database.db.update(users).set({ passwordMustChange: true }).where(eq(users.id, ids.other as number));
  const saito = new TestClient(app);
  assert.equal((await saito.signIn('saito')).status, 303);
  const asked = await saito.request('/account/tokens');
  assert.equal(asked.status, 303);
  assert.equal(asked.headers.get('location'), '/account/password?next=%2Faccount%2Ftokens');
  assert.equal((await saito.post('/account/tokens', { name: 'まだ', days: '30' })).status, 403);
});
