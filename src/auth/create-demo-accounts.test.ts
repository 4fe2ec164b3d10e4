// Demo accounts on the bundled plans: each signs in with its one-time password and sees its work.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createTestDatabase, type TestDatabase } from '../test-support/database.js';
import { prepareBundledData } from '../datasets/bundled.js';
import { createApp } from '../app.js';
import { CLI_ACTOR } from '../system/audit.repository.js';
import { createDemoAccounts } from './create-demo-accounts.js';
import { TestClient } from './test-client.js';

let database: TestDatabase;
before(async () => {
  database = await createTestDatabase();
  await prepareBundledData(database);
});
after(async () => {
  await database.close();
});

interface PlanFile { items: { code: string; relistOf?: string | null; departments?: { department: string }[] | null }[] }

test('demo accounts: created once; the 市民協働推進課 editor sees exactly its 事業 of the R3 round', async () => {
  const created = await database.db.transaction((tx) => createDemoAccounts(tx, CLI_ACTOR));
  assert.deepEqual(created.map((a) => a.role).sort(), ['admin', 'committee', 'editor', 'editor', 'editor', 'reviewer']);
  assert.deepEqual(await database.db.transaction((tx) => createDemoAccounts(tx, CLI_ACTOR)), []);
  const password = (login: string) => created.find((a) => a.login === login)?.password ?? '';

  const app = createApp(database);
  const admin = new TestClient(app);
  assert.equal((await admin.signIn('demo-honbu', password('demo-honbu'))).status, 303);
  await admin.get('/rounds/new');
  const opened = await admin.post('/rounds', { plan: 'sendai-2021', fiscalYear: '令和3年度', entryDeadline: '2022-05-31' });
  assert.equal(opened.status, 303);
  await admin.post(`${opened.headers.get('location')}/transition`, { to: 'entry' });

  // the items the dataset gives to 市民協働推進課 (relistings 【再掲】 are reported at their original)
  const plan = JSON.parse(readFileSync(new URL('../../datasets/sendai-2021/plan.json', import.meta.url), 'utf8')) as PlanFile;
  const own = plan.items.filter((i) => !i.relistOf && (i.departments ?? []).some((d) => d.department === '市民局/市民協働推進課'));
  const editor = new TestClient(app);
  assert.equal((await editor.signIn('demo-kyodo', password('demo-kyodo'))).status, 303);
  const html = await (await editor.get('/my-work')).text();
  const listed = [...html.matchAll(/\/entries\/([^"]+)"/g)].map((m) => decodeURIComponent(m[1] ?? ''));
  assert.deepEqual(listed.sort(), own.map((i) => i.code).sort());
});
