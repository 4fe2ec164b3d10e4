// `shinchoku user reset-password | disable | enable`, run as the real command: the operator resets
// the password of an organisation's only 本部 (printed once, to be changed at the next sign-in),
// stops and re-enables an account; an unknown login is a clear message without a stack trace.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, asc, eq } from 'drizzle-orm';
import { runCli } from '../test-support/cli.js';
import { createTestDatabase, TEST_DATABASE_URL, type TestDatabase } from '../test-support/database.js';
import { openDatabase } from '../db/client.js';
import { auditLog, users } from '../db/schema.js';
import { verifyPassword } from '../auth/password.js';

const folder = mkdtempSync(join(tmpdir(), 'shinchoku-account-cli-'));
let database: TestDatabase | undefined;
after(async () => {
  await database?.close();
  rmSync(folder, { recursive: true, force: true });
});

test('shinchoku user reset-password / disable / enable LOGIN', async () => {
  // PGlite: a data folder of its own; PostgreSQL: a fresh test database
  let env: Record<string, string | undefined> = { DATABASE_URL: '' };
  const dataDir = join(folder, 'data');
  if (TEST_DATABASE_URL) {
    database = await createTestDatabase();
    env = { DATABASE_URL: database.url };
  }
  const cli = (...args: string[]) => runCli([...args, '--data', dataDir], env);
  const added = await runCli(['user', 'add', 'honbu-only', '--role', 'admin', '--org', 'sendai', '--data', dataDir], { ...env, SHINCHOKU_PASSWORD: 'a forgotten long passphrase' });
  assert.equal(added.code, 0, added.stderr);

  const reset = await cli('user', 'reset-password', 'honbu-only');
  assert.equal(reset.code, 0, reset.stderr);
  assert.match(reset.stdout, /アカウント「honbu-only」のパスワードを再発行しました。この一度しか表示しません:/);
  const password = /^ {2}(\S{20})$/m.exec(reset.stdout)?.[1];
  assert.ok(password, reset.stdout);

  const stopped = await cli('user', 'disable', 'honbu-only');
  assert.equal(stopped.code, 0, stopped.stderr);
  assert.match(stopped.stdout, /アカウント「honbu-only」の利用を停止しました。/);
  assert.match((await cli('user', 'disable', 'honbu-only')).stdout, /既に利用停止中です/);
  const enabled = await cli('user', 'enable', 'honbu-only');
  assert.match(enabled.stdout, /アカウント「honbu-only」の利用を再開しました。/);

  const unknown = await cli('user', 'disable', 'nobody');
  assert.notEqual(unknown.code, 0);
  assert.match(unknown.stderr, /ログイン名「nobody」のアカウントはありません/);
  assert.doesNotMatch(unknown.stderr, /\n\s+at /, 'no stack trace');
  const help = await runCli(['user', 'disable', '--help']);
  assert.match(help.stdout, /使い方: shinchoku user disable LOGIN/);
  const missing = await cli('user', 'reset-password');
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /ログイン名を指定してください/);

  // what the commands left in the database
  const opened = database ?? (await openDatabase({ dataDir }));
  try {
    const [row] = await opened.db.select().from(users).where(eq(users.login, 'honbu-only'));
    assert.ok(row);
    assert.equal(await verifyPassword(row.passwordHash, password), true, 'the printed password is the account’s');
    assert.equal(await verifyPassword(row.passwordHash, 'a forgotten long passphrase'), false);
    assert.equal(row.passwordMustChange, true, 'changed at the next sign-in');
    assert.equal(row.disabledAt, null);
    const audit = await opened.db.select().from(auditLog).where(and(eq(auditLog.subjectType, 'user'), eq(auditLog.subjectId, String(row.id)))).orderBy(asc(auditLog.id));
    assert.deepEqual(audit.map((a) => [a.action, a.actorLabel]), [['user.add', 'cli'], ['user.password_reset', 'cli'], ['user.disable', 'cli'], ['user.enable', 'cli']]);
    assert.ok(audit.every((a) => !JSON.stringify(a).includes(password)));
  } finally {
    if (!database) await opened.close();
  }
});
