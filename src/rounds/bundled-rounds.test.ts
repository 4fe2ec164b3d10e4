// The bundled Sapporo plan carries its published FY2016 (平成28年度) round: the round pages show
// it as the document prints it, locked.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createTestDatabase, type TestDatabase } from '../test-support/database.js';
import { prepareBundledData } from '../datasets/bundled.js';
import { createApp } from '../app.js';
import { insertTestUser, TestClient } from '../auth/test-client.js';

let database: TestDatabase;
let app: ReturnType<typeof createApp>;
let committee: TestClient;
before(async () => {
  database = await createTestDatabase();
  await prepareBundledData(database);
  app = createApp(database);
  await insertTestUser(database.db, { login: 'iin', role: 'committee' });
  committee = new TestClient(app);
  await committee.signIn('iin');
});
after(async () => {
  await database.close();
});

const source = readFileSync(new URL('../../datasets/sapporo-2nd/source.txt', import.meta.url), 'utf8');
const visible = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

test('the Sapporo 平成28年度 round is listed as 公表 and locked, with its four 基本目標 entries approved', async () => {
  const list = visible(await (await committee.get('/rounds')).text());
  assert.match(list, /平成28年度（2016年度）/);
  const href = /href="(\/rounds\/\d+)">平成28年度/.exec(await (await committee.get('/rounds')).text())?.[1];
  assert.ok(href);
  const page = visible(await (await committee.get(href)).text());
  assert.match(page, /状態:\s+公表/);
  assert.match(page, /ロック中/);
  assert.match(page, /施策ごとの入力（4件）/);
  assert.equal((page.match(/承認/g) ?? []).length, 4);
});

test('a Sapporo entry shows the document’s 取組結果 and the FY2016 figure with its formula, read-only', async () => {
  const list = await (await committee.get('/rounds')).text();
  const href = /href="(\/rounds\/\d+)">平成28年度/.exec(list)?.[1];
  const response = await committee.get(`${href}/entries/1`);
  assert.equal(response.status, 200);
  const html = await response.text();
  const page = visible(html);
  // the narrative as the document prints it
  assert.ok(source.includes('まちづくり活動団体情報提供システム(まちさぽ)を構築') || source.includes('まちづくり活動団体情報提供システム（まちさぽ）を構築'));
  assert.match(page, /まちづくり活動団体情報提供システム[(（]まちさぽ[)）]を構築/);
  // 市民まちづくり活動に参加したことのある人の割合: H28 81.4%, H30 目標 70.0% → 81.4 ÷ 70.0 = 116.3% (hand calculation)
  assert.match(source, /81\.4/);
  assert.match(page, /81\.4% ÷ 70(\.0)?% = 116\.3%/);
  assert.match(page, /ロックされています/);
  assert.doesNotMatch(html, /下書き保存/);
});
