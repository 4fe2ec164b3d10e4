// Upload → preview → confirm through the web application, as each role: headquarters loads
// anything, a department editor only its own indicators, the public and the committee nothing;
// the confirmation re-runs the import on the file kept on the server, never on what the client sends.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { and, count, eq } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../test-support/database.js';
import { openEntryRound } from '../test-support/fixtures.js';
import { createApp } from '../app.js';
import { auditLog, departments, indicators, observations } from '../db/schema.js';
import { CLI_ACTOR } from '../system/audit.repository.js';
import { importDataset } from '../datasets/import-dataset.js';
import { readDataset } from '../datasets/read-dataset.js';
import { insertTestUser, TestClient } from '../auth/test-client.js';

let database: TestDatabase;
let app: ReturnType<typeof createApp>;
const clients = {} as Record<'admin' | 'editor' | 'committee', TestClient>;

before(async () => {
  database = await createTestDatabase();
  await database.reset();
  await importDataset(database.db, await readDataset('datasets/sendai-2021'), CLI_ACTOR, { dryRun: false });
  // the departments write the values of 令和4年度 into its round, open for entry
  await openEntryRound(database.db, 'sendai-2021', 2022);
  app = createApp(database);
  const [section] = await database.db.select({ id: departments.id }).from(departments).where(eq(departments.code, '市民局/市民協働推進課'));
  for (const [login, role, departmentIds] of [['admin', 'admin', []], ['editor', 'editor', [section?.id ?? 0]], ['committee', 'committee', []]] as const) {
    await insertTestUser(database.db, { login, role, departmentIds: [...departmentIds] });
    clients[login] = new TestClient(app);
    assert.equal((await clients[login].signIn(login)).status, 303);
  }
});
after(async () => {
  await database.close();
});

const HEADER = '計画コード,施策コード,指標コード,区分,年度,値\r\n';

async function upload(client: TestClient, name: string, text: string): Promise<Response> {
  await client.get('/imports');
  const form = new FormData();
  form.set('_csrf', client.csrf);
  form.set('file', new File([Buffer.from(text, 'utf8')], name, { type: 'text/csv' }));
  return client.request('/imports', { method: 'POST', body: form });
}

async function valueOf(indicatorCode: string, fiscalYear: number): Promise<string | null | undefined> {
  const [indicator] = await database.db.select({ id: indicators.id }).from(indicators).where(eq(indicators.code, indicatorCode));
  const [row] = await database.db.select({ text: observations.text }).from(observations).where(and(eq(observations.indicatorId, indicator?.id ?? 0), eq(observations.fiscalYear, fiscalYear), eq(observations.kind, 'actual')));
  return row?.text;
}

test('the public is sent to sign in; the committee may not import', async () => {
  const anonymous = new TestClient(app);
  const response = await anonymous.request('/imports');
  assert.equal(response.status, 303);
  assert.match(response.headers.get('location') ?? '', /^\/login/);
  assert.equal((await clients.committee.request('/imports')).status, 403);
});

test('an editor previews its own indicator, confirms, and the value is written and audited', async () => {
  const response = await upload(clients.editor, 'R4実績.csv', `${HEADER}sendai-2021,1-(1)-①,1-(1)-①#1,実績,令和4年度,735団体\r\n`);
  const html = await response.text();
  assert.equal(response.status, 200);
  assert.match(html, /次の内容を書き込みます/);
  assert.match(html, /<th scope="row">実績値<\/th><td>1<\/td><td>0<\/td><td>1<\/td>/); // created 1, updated 0, unchanged 1 (the plan's one value)
  assert.equal(await valueOf('1-(1)-①#1', 2022), undefined); // the preview wrote nothing
  const sha = /name="sha256" value="([0-9a-f]{64})"/.exec(html)?.[1];
  assert.ok(sha);

  // another user naming the same hash finds nothing: the file belongs to the uploader
  await clients.admin.get('/imports');
  assert.equal((await clients.admin.post('/imports/confirm', { sha256: sha })).status, 404);

  const confirmed = await clients.editor.post('/imports/confirm', { sha256: sha });
  assert.equal(confirmed.status, 200);
  assert.match(await confirmed.text(), /書き込みました/);
  assert.equal(await valueOf('1-(1)-①#1', 2022), '735団体');
  const [audit] = await database.db.select({ n: count() }).from(auditLog).where(and(eq(auditLog.action, 'plan.import'), eq(auditLog.actorLabel, 'editor')));
  assert.equal(audit?.n, 1);
  // the file is not kept after the confirmation
  assert.equal((await clients.editor.post('/imports/confirm', { sha256: sha })).status, 404);
});

test("an editor cannot change another department's indicator; the errors are listed and nothing is kept", async () => {
  const response = await upload(clients.editor, 'x.csv', `${HEADER}sendai-2021,1-(1)-④,1-(1)-④#1,実績,R4,31団体\r\n`);
  assert.equal(response.status, 422);
  const html = await response.text();
  assert.match(html, /1件の誤り/);
  assert.match(html, /<td>指標<\/td><td>2行目<\/td><td>指標コード<\/td><td>「1-\(1\)-④#1」は担当課「市民局\/市民協働推進課」の指標ではないため変更できません<\/td>/);
  assert.doesNotMatch(html, /sha256/);
});

test('headquarters may change any indicator', async () => {
  const response = await upload(clients.admin, 'x.csv', `${HEADER}sendai-2021,1-(1)-④,1-(1)-④#1,実績,R4,31団体\r\n`);
  assert.equal(response.status, 200);
  assert.match(await response.text(), /確定して書き込む/);
});

test('the upload page lists the templates the user may download', async () => {
  const editorPage = await (await clients.editor.request('/imports')).text();
  assert.match(editorPage, /href="\/imports\/template\?plan=sendai-2021&amp;department=%E5%B8%82%E6%B0%91%E5%B1%80%2F%E5%B8%82%E6%B0%91%E5%8D%94%E5%83%8D%E6%8E%A8%E9%80%B2%E8%AA%B2"/); // 市民局/市民協働推進課
  assert.doesNotMatch(editorPage, /（計画全体）/);
  assert.match(editorPage, /import-upload\.js/);
  const adminPage = await (await clients.admin.request('/imports')).text();
  assert.match(adminPage, /href="\/imports\/template\?plan=sendai-2021"/);
});

test('templates: an editor downloads its own department workbook only', async () => {
  const own = await clients.editor.request(`/imports/template?plan=sendai-2021&department=${encodeURIComponent('市民局/市民協働推進課')}&round=R4`);
  assert.equal(own.status, 200);
  assert.equal(own.headers.get('content-type'), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  assert.deepEqual([...new Uint8Array(await own.arrayBuffer()).subarray(0, 2)], [0x50, 0x4b]);
  assert.equal((await clients.editor.request(`/imports/template?plan=sendai-2021&department=${encodeURIComponent('市民局/男女共同参画課')}`)).status, 403);
  assert.equal((await clients.editor.request('/imports/template?plan=sendai-2021')).status, 403);
  assert.equal((await clients.admin.request('/imports/template?plan=sendai-2021')).status, 200);
});
