// `shinchoku token create` prints a working token once; `token revoke` ends it. Run as the real
// command, on a data folder (PGlite) or on PostgreSQL (TEST_DATABASE_URL).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, TEST_DATABASE_URL, type TestDatabase } from '../test-support/database.js';
import { runCli } from '../test-support/cli.js';
import { openDatabase } from '../db/client.js';
import { createApp } from '../app.js';

const dataDir = mkdtempSync(join(tmpdir(), 'shinchoku-token-'));
let postgres: TestDatabase | undefined;

async function target(): Promise<{ args: string[]; env: Record<string, string | undefined> }> {
  if (!TEST_DATABASE_URL) return { args: ['--data', dataDir], env: { DATABASE_URL: undefined } };
  postgres ??= await createTestDatabase();
  return { args: [], env: { DATABASE_URL: postgres.url } };
}

after(async () => {
  rmSync(dataDir, { recursive: true, force: true });
  await postgres?.close();
});

test('token create prints a token that writes through the API; token revoke ends it', { timeout: 120_000 }, async () => {
  const { args, env } = await target();
  const added = await runCli(['user', 'add', 'sapporo-admin', '--role', 'admin', ...args], { ...env, SHINCHOKU_PASSWORD: 'correct horse battery staple' });
  assert.equal(added.code, 0, added.stderr);
  const created = await runCli(['token', 'create', 'sapporo-admin', '--name', '集計スクリプト', '--days', '30', ...args], env);
  assert.equal(created.code, 0, created.stderr);
  const token = created.stdout.trim();
  assert.match(token, /^shk_[A-Za-z0-9_-]{43}$/, 'only the token on standard output');
  assert.match(created.stderr, /番号 1、\d{4}-\d{2}-\d{2} まで有効/);
  const missing = await runCli(['token', 'create', 'nobody', '--name', 'x', ...args], env);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /ログイン名「nobody」のアカウントはありません/);

  const write = async () => {
    const database = await openDatabase(TEST_DATABASE_URL ? { url: env.DATABASE_URL } : { dataDir });
    try {
      const response = await createApp(database).request('/api/v1/plans/sapporo-2nd/indicators/1-b/observations/2017/status', {
        method: 'PUT',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ text: '今後調査' }),
      });
      return response.status;
    } finally {
      await database.close();
    }
  };
  assert.equal(await write(), 200, 'an admin may write every plan (the status exists in the bundled data: H29 今後調査)');
  const revoked = await runCli(['token', 'revoke', '1', ...args], env);
  assert.equal(revoked.code, 0, revoked.stderr);
  assert.equal(await write(), 401);
  assert.equal((await runCli(['token', 'revoke', '99', ...args], env)).code, 1);
});
