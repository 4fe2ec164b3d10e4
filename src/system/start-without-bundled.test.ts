// `start` on a database that holds another city's plan and not the bundled Sendai plan (another
// installation's data, the national benchmark set): it serves, and skips the demo accounts (they
// belong to the Sendai plan) with a log line instead of stopping on 「団体コード「sendai」は登録されていません」.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { count } from 'drizzle-orm';
import { openDatabase, migrateDatabase, type Database } from '../db/client.js';
import { TEST_DATABASE_URL, createTestDatabase, type TestDatabase } from '../test-support/database.js';
import { startCli } from '../test-support/cli.js';
import { Dataset } from '../datasets/dataset-format.js';
import { loadDataset } from '../datasets/load-dataset.js';
import { ensureShippedScales } from '../plans/scales.repository.js';
import { users } from '../db/schema.js';
import { SYSTEM_ACTOR } from './audit.repository.js';

const dataDir = mkdtempSync(join(tmpdir(), 'shinchoku-start-other-'));
let postgres: TestDatabase | undefined;
after(async () => {
  rmSync(dataDir, { recursive: true, force: true });
  await postgres?.close();
});

const OTHER_CITY = Dataset.parse({
  format: 'shinchoku-dataset/1',
  organisation: { code: 'otaru', name: '小樽市' },
  departments: [{ code: '総務部', name: '総務部', kind: 'bureau' }],
  plan: { code: 'otaru-plan', title: '小樽市総合計画', periodStartFy: 2019, periodEndFy: 2028, levelNames: ['分野'] },
  items: [{ code: '1', parent: null, name: '市民との協働', departments: [{ department: '総務部' }] }],
  indicators: [],
});

async function load(database: Database): Promise<void> {
  await database.db.transaction(async (tx) => {
    await ensureShippedScales(tx);
    await loadDataset(tx, OTHER_CITY, SYSTEM_ACTOR);
  });
}

test('start on a database with another city only: serves its plan, no demo accounts, no error', { timeout: 120_000 }, async () => {
  let env: Record<string, string | undefined>;
  let args: string[];
  if (TEST_DATABASE_URL) {
    postgres = await createTestDatabase();
    await load(postgres);
    env = { DATABASE_URL: postgres.url, SHINCHOKU_DEMO_ACCOUNTS: undefined };
    args = [];
  } else {
    const database = await openDatabase({ dataDir });
    await migrateDatabase(database);
    await load(database);
    await database.close();
    env = { DATABASE_URL: undefined, SHINCHOKU_DEMO_ACCOUNTS: undefined };
    args = ['--data', dataDir];
  }
  const server = await startCli(args, env, 90_000);
  try {
    assert.match(server.output(), /demo accounts not created: the bundled Sendai organisation is not in this database/);
    assert.doesNotMatch(server.output(), /デモ用アカウントを作成しました/);
    const page = await fetch(`${server.url}/plans/otaru-plan`);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /小樽市総合計画/);
  } finally {
    assert.equal(await server.stop(), 0);
  }
  if (postgres) {
    const [row] = await postgres.db.select({ n: count() }).from(users);
    assert.equal(row?.n, 0, 'no account was created');
  }
});
