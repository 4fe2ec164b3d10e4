// The audit log page: actions and kinds of things in Japanese with their codes, the time in Japan,
// the fields that changed (before → after), a search by a Japanese word, 200 changes a page with a
// link to older ones.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDatabase, type TestDatabase } from '../test-support/database.js';
import { insertTwoOrganisationsWithAdmins } from '../test-support/fixtures.js';
import { createApp } from '../app.js';
import { signedInClient, type TestClient } from '../auth/test-client.js';
import { auditLog } from '../db/schema.js';
import { recordAudit } from './audit.repository.js';

let database: TestDatabase;
let admin: TestClient;

/** The rows of the page's table body. */
const rowsOf = (html: string) => (/<tbody>([\s\S]*?)<\/tbody>/.exec(html)?.[1] ?? '').split('<tr>').length - 1;

before(async () => {
  database = await createTestDatabase();
  const { adminId } = await insertTwoOrganisationsWithAdmins(database.db);
  const actor = { id: adminId, label: 'hq' };
  // 204 plain changes, then a stop and a 人事異動, the newest at 2026-12-01 18:41:36 in Japan
  for (let i = 0; i < 204; i++) await recordAudit(database.db, actor, 'target.update', { type: 'target', id: i + 1 }, { value: String(i) }, { value: String(i + 1) });
  await recordAudit(database.db, actor, 'user.disable', { type: 'user', id: 7 }, { disabledAt: null }, { disabledAt: '2026-12-01T09:40:00.000Z' });
  await recordAudit(database.db, actor, 'user.update', { type: 'user', id: 7 },
    { login: 'tanaka', displayName: '田中 一郎', role: 'editor', departments: ['市民局 市民協働推進課'] },
    { login: 'tanaka', displayName: '田中 一郎', role: 'editor', departments: ['市民局 地域振興課'] });
  await database.db.update(auditLog).set({ at: new Date('2026-12-01T09:41:36Z') });
  admin = await signedInClient(createApp(database), 'hq');
});

after(async () => {
  await database.close();
});

test('a change reads in Japanese: the action, the kind of thing, the time in Japan, what changed', async () => {
  const html = await (await admin.get('/audit')).text();
  assert.match(html, /アカウントの変更<span class="formula">user\.update<\/span>/);
  assert.match(html, /アカウント #7/);
  assert.match(html, /<time datetime="2026-12-01T09:41:36.000Z">2026\/12\/1 18:41:36<\/time>/);
  assert.match(html, /<span class="audit-field">担当部署<\/span>: 市民局 市民協働推進課 <span aria-label="から">→<\/span> 市民局 地域振興課/);
  assert.doesNotMatch(html, /<span class="audit-field">表示名<\/span>/, 'an unchanged field is not listed');
  assert.match(html, /目標の変更/);
});

test('a Japanese word finds the action by its label', async () => {
  const html = await (await admin.get(`/audit?q=${encodeURIComponent('利用停止')}`)).text();
  assert.equal(rowsOf(html), 1);
  assert.match(html, /アカウントの利用停止/);
});

test('200 changes a page: the next page continues with the older ones, then none are left', async () => {
  const first = await (await admin.get('/audit')).text();
  assert.equal(rowsOf(first), 200);
  assert.doesNotMatch(first, /最新の記録へ/);
  const older = /href="(\/audit\?before=\d+)">さらに古い記録/.exec(first)?.[1];
  assert.ok(older, 'a link to older changes');
  const second = await (await admin.get(older)).text();
  assert.equal(rowsOf(second), 206 - 200);
  assert.match(second, /最新の記録へ/);
  assert.doesNotMatch(second, /さらに古い記録/);
  // the oldest change (the first target, value 0 → 1) is on the second page only
  assert.match(second, /目標 #1</);
  assert.doesNotMatch(first, /目標 #1</);
  // a search keeps its words in the link to older changes
  const searched = await (await admin.get(`/audit?type=target`)).text();
  assert.match(searched, /href="\/audit\?type=target&amp;before=\d+">さらに古い記録/);
});
