// Backup and restore: every table round-trips exactly, including the bundled plans, accounts,
// rounds and the audit log; a restore never goes into a database that holds data.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, type TestDatabase } from '../test-support/database.js';
import { prepareBundledData } from '../datasets/bundled.js';
import { exportDataset } from '../datasets/export-dataset.js';
import { addUser } from '../auth/add-user.js';
import { CLI_ACTOR } from './audit.repository.js';
import { createBackup, readBackupFile, restoreBackup, writeBackupFile } from './backup.js';
import { insertPlan } from '../test-support/fixtures.js';
import { organisations } from '../db/schema.js';

let source: TestDatabase;
let target: TestDatabase;
const folder = mkdtempSync(join(tmpdir(), 'shinchoku-backup-'));
before(async () => {
  source = await createTestDatabase();
  target = await createTestDatabase();
  await prepareBundledData(source);
  await source.db.transaction((tx) => addUser(tx, { login: 'tanaka', displayName: '田中', role: 'editor', password: 'correct horse battery staple' }, CLI_ACTOR));
});
after(async () => {
  await source.close();
  await target.close();
  rmSync(folder, { recursive: true, force: true });
});

test('a backup restores into an empty database with every row and every export equal', { timeout: 60_000 }, async () => {
  const file = join(folder, 'all.backup');
  const backup = await createBackup(source.db);
  await writeBackupFile(file, backup);
  const read = await readBackupFile(file);
  const result = await restoreBackup(target.db, read);
  assert.equal(result.rows, backup.tables.reduce((n, t) => n + t.rows.length, 0));

  // a second backup of the restored database has the same rows, table by table
  const again = await createBackup(target.db);
  assert.deepEqual(
    again.tables.map((t) => [t.name, t.rows]),
    backup.tables.map((t) => [t.name, t.rows]),
  );
  // and the plans export the same, value by value (約4億9,600万円 stays exact)
  for (const code of ['sapporo-2nd', 'sendai-2021', 'sendai-2016']) {
    assert.deepEqual(await exportDataset(target.db, code), await exportDataset(source.db, code), code);
  }
  // identities continue after the restored ids: a new row does not collide
  const [org] = await target.db.select().from(organisations).limit(1);
  assert.ok(org);
  const plan = await insertPlan(target.db, org.id, 'after-restore');
  assert.ok(plan.id > 3);
});

test('a restore refuses a database that already holds data, and writes nothing', async () => {
  const backup = await createBackup(source.db);
  await assert.rejects(restoreBackup(source.db, backup), (error: Error & { code?: string }) => error.code === 'RESTORE_TARGET_NOT_EMPTY');
});

test('a file that is not a backup is refused with a clear message', async () => {
  await assert.rejects(readBackupFile(join(folder, 'missing.backup')), (error: Error & { code?: string }) => error.code === 'BACKUP_UNREADABLE');
});

test('shinchoku backup and restore on data folders', { timeout: 90_000 }, async () => {
  const { runCli } = await import('../test-support/cli.js');
  const env = { DATABASE_URL: undefined };
  const from = join(folder, 'from');
  const to = join(folder, 'to');
  const file = join(folder, 'cli.backup');
  const migrated = await runCli(['migrate', '--data', from], env); // first use loads the bundled plans
  assert.equal(migrated.code, 0, migrated.stderr);
  const backup = await runCli(['backup', file, '--data', from], env);
  assert.equal(backup.code, 0, backup.stderr);
  assert.match(backup.stdout, /バックアップを書き出しました/);
  const restored = await runCli(['restore', file, '--data', to], env);
  assert.equal(restored.code, 0, restored.stderr);
  const { openDatabase } = await import('../db/client.js');
  const opened = await openDatabase({ dataDir: to });
  try {
    const exported = await exportDataset(opened.db, 'sapporo-2nd');
    assert.ok(exported.indicators.some((i) => i.observations.some((o) => o.text === '約4億9,600万円' && o.value === '496000000')));
  } finally {
    await opened.close();
  }
  const twice = await runCli(['restore', file, '--data', to], env);
  assert.equal(twice.code, 1);
  assert.match(twice.stderr, /復元先のデータベースは空ではありません/);
});
