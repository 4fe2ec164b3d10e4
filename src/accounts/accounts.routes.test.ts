// The admin's account pages: adding an editor whose one-time password signs in, moving an editor
// to another 課 (人事異動), stopping an account (its session ends, it cannot sign in, its API token
// is refused) and enabling it again, a password reset, refusals that keep what was typed, one's
// own account protected, every change audited without a password, another organisation's 404.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { eq } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../test-support/database.js';
import { insertPlan, insertTwoOrganisationsWithAdmins } from '../test-support/fixtures.js';
import { createApp } from '../app.js';
import { insertTestUser, signedInClient, TestClient } from '../auth/test-client.js';
import { scopesOf } from '../auth/sessions.repository.js';
import { createApiToken } from '../api/create-api-token.js';
import { auditLog, departments, users } from '../db/schema.js';
import { SYSTEM_ACTOR } from '../system/audit.repository.js';

let database: TestDatabase;
let app: ReturnType<typeof createApp>;
let admin: TestClient;
const ids: Record<string, number> = {};
const BASE = '/admin/organisations/testcity/users';

async function department(code: string, name: string, kind: string, parentId: number | null, organisationId = ids.org as number) {
  const [row] = await database.db.insert(departments).values({ organisationId, code, name, kind, parentId }).returning();
  if (!row) throw new Error('no department');
  return row.id;
}

/** The one-time password the page shows. */
function shownPassword(html: string): string {
  const password = /id="new-password">([^<]+)</.exec(html)?.[1];
  assert.ok(password, 'the page shows the password');
  return password;
}

/** Saves the account's form as a person does: opened first (its fingerprint of the account), then sent. */
async function saveAccount(id: number | undefined, fields: Record<string, string>): Promise<Response> {
  const seen = /name="seen" value="([^"]+)"/.exec(await (await admin.get(`${BASE}/${id ?? 0}`)).text())?.[1];
  assert.ok(seen, 'the form carries the fingerprint of the account it shows');
  return admin.post(`${BASE}/${id ?? 0}`, { ...fields, seen });
}

/** The password the editor sets for themselves after signing in with the issued one. */
const OWN_PASSWORD = 'my own long passphrase 2026';

/** Signs in with a password 本部 issued and sets OWN_PASSWORD, as the editor must before anything else. */
async function signInAndSetOwn(login: string, issued: string): Promise<TestClient> {
  const client = new TestClient(app);
  assert.equal((await client.signIn(login, issued)).status, 303);
  assert.equal((await client.post('/account/password', { current: issued, next: OWN_PASSWORD, confirm: OWN_PASSWORD })).status, 303);
  return client;
}

const auditOf = async (action: string) => database.db.select().from(auditLog).where(eq(auditLog.action, action));

before(async () => {
  database = await createTestDatabase();
  const { org, other, adminId } = await insertTwoOrganisationsWithAdmins(database.db);
  ids.org = org.id;
  ids.admin = adminId;
  ids.bureau = await department('shimin', '市民局', 'bureau', null);
  ids.kyodo = await department('kyodo', '市民協働推進課', 'section', ids.bureau);
  ids.chiiki = await department('chiiki', '地域振興課', 'section', ids.bureau);
  ids.otherDept = await department('other-kyodo', '別の市の課', 'section', null, other.id);
  ids.plan = (await insertPlan(database.db, org.id, 'test-plan')).id;
  ids.otherUser = await insertTestUser(database.db, { login: 'other-editor', role: 'editor', organisationId: other.id });
  app = createApp(database);
  admin = await signedInClient(app, 'hq');
});

after(async () => {
  await database.close();
});

test('an admin adds an editor of one 課: the password shown once signs in, the editor acts for that 課', async () => {
  const form = await admin.get(`${BASE}/new`);
  assert.equal(form.status, 200);
  const formHtml = await form.text();
  assert.match(formHtml, /市民協働推進課/);
  assert.doesNotMatch(formHtml, /別の市の課/, "another organisation's departments are not offered");
  const created = await admin.post(BASE, { login: 'tanaka', displayName: '田中 一郎', email: 'tanaka@example.jp', role: 'editor', [`dept-${ids.kyodo}`]: 'on' });
  assert.equal(created.status, 201);
  assert.equal(created.headers.get('cache-control'), 'no-store');
  const html = await created.text();
  const password = shownPassword(html);
  assert.equal(password.length, 20);
  assert.match(html, /tanaka/);

  const [row] = await database.db.select().from(users).where(eq(users.login, 'tanaka'));
  assert.ok(row);
  ids.tanaka = row.id;
  assert.equal(row.organisationId, ids.org);
  assert.equal(row.role, 'editor');
  assert.equal(row.email, 'tanaka@example.jp');
  assert.notEqual(row.passwordHash, password);
  assert.deepEqual((await scopesOf(database.db, row.id)).departmentIds, [ids.kyodo]);

  // signed in with it, the editor can only set a password of their own, then goes on
  const editor = new TestClient(app);
  assert.equal((await editor.signIn('tanaka', password)).status, 303, 'the shown password signs in');
  const sent = await editor.request('/my-work');
  assert.equal(sent.status, 303);
  assert.equal(sent.headers.get('location'), '/account/password?next=%2Fmy-work');
  const asked = await (await editor.get('/account/password?next=%2Fmy-work')).text();
  assert.match(asked, /管理者が発行したパスワードでログインしています/);
  const refused = await editor.post('/rounds', { plan: 'test-plan', fiscalYear: '2021' });
  assert.equal(refused.status, 403);
  assert.match(await refused.text(), /管理者が発行したパスワードのままです/);
  const changed = await editor.post('/account/password', { current: password, next: OWN_PASSWORD, confirm: OWN_PASSWORD, then: '/my-work' });
  assert.equal(changed.status, 303);
  assert.equal(changed.headers.get('location'), '/my-work');
  assert.equal((await editor.request('/my-work')).status, 200, 'with a password of their own, the work list');
  const [signedIn] = await database.db.select().from(users).where(eq(users.id, row.id));
  assert.ok(signedIn?.lastSignInAt && Date.now() - signedIn.lastSignInAt.getTime() < 60_000, 'the sign-in is noted');
  const [added] = (await auditOf('user.add')).filter((a) => a.subjectId === String(row.id));
  assert.ok(added, 'the addition is in the audit log');
  assert.equal((added.after as { passwordMustChange?: boolean }).passwordMustChange, true, 'the log says the password is to be changed');
  assert.doesNotMatch(JSON.stringify(added), new RegExp(password), 'never the password');
  assert.doesNotMatch(JSON.stringify(added), /argon2/, 'never its hash');

  const list = await (await admin.get(BASE)).text();
  assert.match(list, /田中 一郎/);
  assert.match(list, /市民局 市民協働推進課/);
});

test('refusals show the form again with what was typed, and add nothing', async () => {
  const before = (await database.db.select().from(users)).length;
  const cases: [Record<string, string>, RegExp][] = [
    [{ login: 'tanaka', displayName: '二人目の田中', role: 'editor', [`dept-${ids.kyodo}`]: 'on' }, /ログイン名「tanaka」は既に使われています/],
    [{ login: 'suzuki', displayName: '鈴木', role: 'editor' }, /担当する部署か計画を1つ以上選んでください/],
    [{ login: 'su zuki', displayName: '鈴木', role: 'committee' }, /ログイン名に空白は使えません/],
    [{ login: 'suzuki', displayName: '', role: 'committee' }, /表示名を入力してください/],
    [{ login: 'suzuki', displayName: '鈴木', email: 'suzuki@', role: 'committee' }, /メールアドレスの形式が正しくありません/],
    [{ login: 'suzuki', displayName: '鈴木', role: 'superuser' }, /役割を選んでください/],
    [{ login: 'suzuki', displayName: '鈴木', role: 'editor', [`dept-${ids.otherDept}`]: 'on' }, /この団体にない部署か計画が選ばれています/],
  ];
  for (const [fields, message] of cases) {
    const response = await admin.post(BASE, fields);
    const html = await response.text();
    assert.ok(response.status === 422 || response.status === 409, `${JSON.stringify(fields)}: ${response.status}`);
    assert.match(html, message);
    assert.match(html, new RegExp(`value="${fields.displayName}"`), 'the typed name is kept');
    assert.doesNotMatch(html, /id="new-password"/);
  }
  assert.equal((await database.db.select().from(users)).length, before);
});

test('人事異動: the editor moves to another 課 and then acts for it only; the change is audited', async () => {
  const page = await admin.get(`${BASE}/${ids.tanaka}`);
  assert.equal(page.status, 200);
  assert.match(await page.text(), new RegExp(`name="dept-${ids.kyodo}" value="on" checked`));
  const saved = await saveAccount(ids.tanaka, { displayName: '田中 一郎', email: '', role: 'editor', [`dept-${ids.chiiki}`]: 'on', [`plan-${ids.plan}`]: 'on' });
  assert.equal(saved.status, 303);
  const scopes = await scopesOf(database.db, ids.tanaka as number);
  assert.deepEqual(scopes.departmentIds, [ids.chiiki]);
  assert.deepEqual(scopes.planIds, [ids.plan]);
  const [row] = await database.db.select().from(users).where(eq(users.id, ids.tanaka as number));
  assert.equal(row?.email, null, 'an emptied mail address is removed');
  const [update] = await auditOf('user.update');
  assert.deepEqual((update?.before as { departments: string[] }).departments, ['市民局 市民協働推進課']);
  assert.deepEqual((update?.after as { departments: string[]; plans: string[] }).departments, ['市民局 地域振興課']);
  assert.deepEqual((update?.after as { plans: string[] }).plans, ['test-plan の計画']);

  // a committee member acts for everything: the ticked 課 are not kept
  const committee = await saveAccount(ids.tanaka, { displayName: '田中 一郎', role: 'committee', [`dept-${ids.chiiki}`]: 'on' });
  assert.equal(committee.status, 303);
  assert.deepEqual(await scopesOf(database.db, ids.tanaka as number), { departmentIds: [], planIds: [] });
  assert.equal((await saveAccount(ids.tanaka, { displayName: '田中 一郎', role: 'editor', [`dept-${ids.kyodo}`]: 'on' })).status, 303);
});

test('a form opened before another 本部 saved the account is refused, nothing overwritten; sent again, it saves', async () => {
  const opened = await (await admin.get(`${BASE}/${ids.tanaka}`)).text();
  const seen = /name="seen" value="([^"]+)"/.exec(opened)?.[1] ?? '';
  // meanwhile another 本部 moves the editor to 地域振興課
  const other = await signedInClient(app, 'hq');
  const first = /name="seen" value="([^"]+)"/.exec(await (await other.get(`${BASE}/${ids.tanaka}`)).text())?.[1] ?? '';
  assert.equal((await other.post(`${BASE}/${ids.tanaka}`, { displayName: '田中 一郎', role: 'editor', [`dept-${ids.chiiki}`]: 'on', seen: first })).status, 303);
  // the first form, still showing 市民協働推進課, renames the account
  const stale = await admin.post(`${BASE}/${ids.tanaka}`, { displayName: '田中 一朗', role: 'editor', [`dept-${ids.kyodo}`]: 'on', seen });
  assert.equal(stale.status, 409);
  const html = await stale.text();
  assert.match(html, /ほかの人が変更しました/);
  assert.match(html, /value="田中 一朗"/, 'what was typed is kept');
  assert.match(html, /<dd>市民局 地域振興課<\/dd>/, 'the account as it is now is shown');
  const [row] = await database.db.select().from(users).where(eq(users.id, ids.tanaka as number));
  assert.equal(row?.displayName, '田中 一郎');
  assert.deepEqual((await scopesOf(database.db, ids.tanaka as number)).departmentIds, [ids.chiiki]);
  // sent again from the page that said so, it saves
  const fresh = /name="seen" value="([^"]+)"/.exec(html)?.[1] ?? '';
  assert.equal((await admin.post(`${BASE}/${ids.tanaka}`, { displayName: '田中 一朗', role: 'editor', [`dept-${ids.kyodo}`]: 'on', seen: fresh })).status, 303);
  assert.deepEqual((await scopesOf(database.db, ids.tanaka as number)).departmentIds, [ids.kyodo]);
  assert.equal((await saveAccount(ids.tanaka, { displayName: '田中 一郎', role: 'editor', [`dept-${ids.kyodo}`]: 'on' })).status, 303);
});

test('stopping an account ends its session and its API token; enabling lets it sign in again', async () => {
  const editor = await signInAndSetOwn('tanaka', shownPassword(await (await admin.post(`${BASE}/${ids.tanaka}/password`, {})).text()));
  const password = OWN_PASSWORD;
  assert.equal((await editor.request('/my-work')).status, 200);
  const token = (await database.db.transaction((tx) => createApiToken(tx, { login: 'tanaka', name: '集計', days: 30 }, SYSTEM_ACTOR))).token;
  const api = (t: string) => new TestClient(app).request('/api/v1/plans/test-plan/rounds/2021/entries/1', { headers: { authorization: `Bearer ${t}` } });
  assert.notEqual((await api(token)).status, 401, 'the token works before');

  const stopped = await admin.post(`${BASE}/${ids.tanaka}/disable`, {});
  assert.equal(stopped.status, 303);
  assert.match(await (await admin.get(stopped.headers.get('location') ?? '')).text(), /利用を停止しました/);
  assert.match((await editor.request('/my-work')).headers.get('location') ?? '', /^\/login/, 'the open session has ended');
  assert.equal((await new TestClient(app).signIn('tanaka', password)).status, 401, 'it cannot sign in');
  assert.equal((await api(token)).status, 401, 'its API token is refused');
  assert.match(await (await admin.get(BASE)).text(), /利用停止中（1件）/);

  assert.equal((await admin.post(`${BASE}/${ids.tanaka}/enable`, {})).status, 303);
  assert.equal((await new TestClient(app).signIn('tanaka', password)).status, 303, 'the same password signs in again');
  assert.deepEqual((await auditOf('user.disable')).map((a) => a.subjectId), [String(ids.tanaka)]);
  assert.deepEqual((await auditOf('user.enable')).map((a) => a.subjectId), [String(ids.tanaka)]);
});

test('a password reset: the old password no longer signs in, the new one does, open sessions end', async () => {
  const first = shownPassword(await (await admin.post(`${BASE}/${ids.tanaka}/password`, {})).text());
  const editor = await signInAndSetOwn('tanaka', first);
  assert.equal((await editor.request('/my-work')).status, 200);
  const reset = await admin.post(`${BASE}/${ids.tanaka}/password`, {});
  assert.equal(reset.status, 200);
  assert.equal(reset.headers.get('cache-control'), 'no-store');
  const second = shownPassword(await reset.text());
  assert.notEqual(second, first);
  assert.match((await editor.request('/my-work')).headers.get('location') ?? '', /^\/login/, 'the open session has ended');
  assert.equal((await new TestClient(app).signIn('tanaka', OWN_PASSWORD)).status, 401, 'the password they had set no longer signs in');
  const again = new TestClient(app);
  assert.equal((await again.signIn('tanaka', second)).status, 303);
  assert.match((await again.request('/my-work')).headers.get('location') ?? '', /^\/account\/password/, 'a reset password is changed first, too');
  const resets = await auditOf('user.password_reset');
  assert.ok(resets.length >= 2);
  assert.ok(resets.every((a) => !JSON.stringify(a).includes(second) && !JSON.stringify(a).includes('argon2')));
});

test('a password reset revokes the account\'s API tokens and says so; a token does nothing while the issued password stands', async () => {
  await signInAndSetOwn('tanaka', shownPassword(await (await admin.post(`${BASE}/${ids.tanaka}/password`, {})).text()));
  const made = await database.db.transaction((tx) => createApiToken(tx, { login: 'tanaka', name: '集計スクリプト', days: 30 }, SYSTEM_ACTOR));
  const api = (token: string) => new TestClient(app).request('/api/v1/plans/no-such-plan/rounds/2021/entries/1', { headers: { authorization: `Bearer ${token}` } });
  assert.equal((await api(made.token)).status, 404, 'the token works before the reset');
  const reset = await admin.post(`${BASE}/${ids.tanaka}/password`, {});
  assert.equal(reset.status, 200);
  const html = await reset.text();
  assert.match(html, /API トークン 1 件を失効させました/);
  assert.equal((await api(made.token)).status, 401, 'the old token is revoked');
  const audit = (await auditOf('user.password_reset')).at(-1);
  assert.deepEqual((audit?.after as { apiTokensRevoked?: number[] } | null)?.apiTokensRevoked, [made.id]);
  // a token made (by the command) while the issued password stands does nothing until the person sets their own
  const during = await database.db.transaction((tx) => createApiToken(tx, { login: 'tanaka', name: '作り直し', days: 30 }, SYSTEM_ACTOR));
  assert.equal((await api(during.token)).status, 401, 'must change the password first');
  await signInAndSetOwn('tanaka', shownPassword(html));
  assert.equal((await api(during.token)).status, 404, 'works once the own password is set');
});

test("本部 revokes one API token of an account on its page; another account's token is 404 there", async () => {
  const made = await database.db.transaction((tx) => createApiToken(tx, { login: 'tanaka', name: '漏れたトークン', days: 30 }, SYSTEM_ACTOR));
  const api = () => new TestClient(app).request('/api/v1/plans/no-such-plan/rounds/2021/entries/1', { headers: { authorization: `Bearer ${made.token}` } });
  assert.equal((await api()).status, 404, 'the token works');
  const page = await (await admin.get(`${BASE}/${ids.tanaka}`)).text();
  assert.match(page, /<th scope="row">漏れたトークン<\/th>/);
  const url = `${BASE}/${ids.tanaka}/tokens/${made.id}/revoke`;
  assert.match(page, new RegExp(`action="${url}"`));
  // under another account's URL the token is not found, and stays
  assert.equal((await admin.post(`${BASE}/${ids.admin}/tokens/${made.id}/revoke`, {})).status, 404);
  assert.equal((await api()).status, 404);
  const revoked = await admin.post(url, {});
  assert.equal(revoked.status, 303);
  assert.match(await (await admin.get(revoked.headers.get('location') ?? '')).text(), /API トークンを失効させました。/);
  assert.equal((await api()).status, 401, 'revoked at once');
  const [row] = await auditOf('api_token.revoke');
  assert.equal(row?.actorLabel, 'hq');
});

test("one's own account: no role change, no stop, no reset — each refused in Japanese, nothing changed", async () => {
  const own = `${BASE}/${ids.admin}`;
  const page = await (await admin.get(own)).text();
  assert.match(page, /自分のアカウントです/);
  assert.doesNotMatch(page, /利用を停止する/);
  const demoted = await saveAccount(ids.admin, { displayName: 'hq', role: 'editor', [`dept-${ids.kyodo}`]: 'on' });
  assert.equal(demoted.status, 422);
  assert.match(await demoted.text(), /自分のアカウントの役割の変更はできません/);
  const stopped = await admin.post(`${own}/disable`, {});
  assert.equal(stopped.status, 422);
  assert.match(await stopped.text(), /自分のアカウントの利用停止はできません/);
  const reset = await admin.post(`${own}/password`, {});
  assert.equal(reset.status, 422);
  const [row] = await database.db.select().from(users).where(eq(users.id, ids.admin as number));
  assert.equal(row?.role, 'admin');
  assert.equal(row?.disabledAt, null);
  assert.equal((await signedInClient(app, 'hq')) instanceof TestClient, true, 'still signs in with its password');
  // the name of one's own account can change
  assert.equal((await saveAccount(ids.admin, { displayName: '本部 企画係', role: 'admin' })).status, 303);
});

test('a display name with markup is shown as text on the list, the form and the password page', async () => {
  const name = '<script>alert("x")</script><b>太字</b>';
  const created = await admin.post(BASE, { login: 'markup', displayName: name, role: 'committee' });
  assert.equal(created.status, 201);
  const [row] = await database.db.select().from(users).where(eq(users.login, 'markup'));
  for (const html of [await created.text(), await (await admin.get(BASE)).text(), await (await admin.get(`${BASE}/${row?.id ?? 0}`)).text()]) {
    assert.doesNotMatch(html, /<script>alert|<b>太字/);
    assert.match(html, /&lt;script&gt;alert/);
  }
  // made at 00:30 on 1 December in Japan (15:30 UTC the day before), never signed in
  await database.db.update(users).set({ createdAt: new Date('2026-11-30T15:30:00Z') }).where(eq(users.login, 'markup'));
  const page = await (await admin.get(`${BASE}/${row?.id ?? 0}`)).text();
  assert.match(page, /<dt>作成日<\/dt><dd>令和8年12月1日<\/dd>/);
  assert.match(page, /<dt>最終ログイン<\/dt><dd>まだログインしていません<\/dd>/);
});

test("another organisation's account is 404 under this organisation; editors may not manage accounts", async () => {
  assert.equal((await admin.get(`${BASE}/${ids.otherUser}`)).status, 404);
  assert.equal((await admin.post(`${BASE}/${ids.otherUser}/disable`, {})).status, 404);
  assert.equal((await admin.get('/admin/organisations/othercity/users')).status, 404);
  const [other] = await database.db.select().from(users).where(eq(users.id, ids.otherUser as number));
  assert.equal(other?.disabledAt, null);
  const editor = new TestClient(app);
  await insertTestUser(database.db, { login: 'plain-editor', role: 'editor', organisationId: ids.org as number, departmentIds: [ids.kyodo as number] });
  assert.equal((await editor.signIn('plain-editor')).status, 303);
  assert.equal((await editor.request(BASE)).status, 403);
  assert.equal((await editor.post(`${BASE}/${ids.tanaka}/disable`, {})).status, 403);
});
