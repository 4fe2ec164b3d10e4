// The `shinchoku` command end to end: start, health, graceful stop, restart on the same
// data, and `user add` — on PGlite (a data folder) or on PostgreSQL (TEST_DATABASE_URL).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, TEST_DATABASE_URL, type TestDatabase } from '../test-support/database.js';
import { runCli, startCli } from '../test-support/cli.js';

const dataDir = mkdtempSync(join(tmpdir(), 'shinchoku-start-'));
let postgres: TestDatabase | undefined;

/** Where this run's data lives: a data folder for PGlite, a fresh database for PostgreSQL. */
async function target(): Promise<{ args: string[]; env: Record<string, string | undefined> }> {
  if (!TEST_DATABASE_URL) return { args: ['--data', dataDir], env: { DATABASE_URL: undefined } };
  postgres ??= await createTestDatabase();
  return { args: [], env: { DATABASE_URL: postgres.url } };
}

after(async () => {
  rmSync(dataDir, { recursive: true, force: true });
  await postgres?.close();
});

const password = 'correct horse battery staple';

test('start refuses a SHINCHOKU_PUBLIC_URL that is not an http(s) URL, in Japanese', async () => {
  const { args, env } = await target();
  const refused = await runCli(['start', '--port', '0', ...args], { ...env, SHINCHOKU_PUBLIC_URL: 'shinchoku.city.example.jp' });
  assert.equal(refused.code, 2);
  assert.match(refused.stderr, /SHINCHOKU_PUBLIC_URL が正しくありません.*shinchoku\.city\.example\.jp/);
});

test('start serves /healthz and the home page, stops on SIGTERM, and keeps its data across restarts', { timeout: 120_000 }, async () => {
  const { args, env } = await target();

  const first = await startCli(args, env);
  const health = await fetch(`${first.url}/healthz`);
  assert.equal(health.status, 200);
  const body = (await health.json()) as { status: string; database: { kind: string }; schema: { applied: number; current: boolean } };
  assert.equal(body.status, 'ok');
  assert.equal(body.database.kind, TEST_DATABASE_URL ? 'postgresql' : 'pglite');
  assert.equal(body.schema.current, true);
  assert.ok(body.schema.applied >= 1);

  const home = await fetch(`${first.url}/`);
  assert.equal(home.status, 200);
  assert.match(await home.text(), /<h1>計画一覧<\/h1>/);

  // the home page and the pages of the three public plans (Sendai 2016 and 2021, Sapporo) are rendered at start, in Japanese and English: the first visitor finds them kept
  for (let waited = 0; !/"msg":"plan pages kept","pages":\d+,"failed":0/.test(first.output()); waited += 50) {
    assert.ok(waited < 30_000, first.output());
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  for (const code of ['sendai-2016', 'sendai-2021', 'sapporo-2nd']) {
    const plan = await fetch(`${first.url}/plans/${code}`);
    assert.equal(plan.headers.get('x-page-cache'), 'hit', code);
    await plan.text();
  }
  for (const path of ['/en/', '/en/plans/sendai-2021', '/en/plans/sapporo-2nd']) {
    const page = await fetch(`${first.url}${path}`);
    assert.equal(page.headers.get('x-page-cache'), 'hit', path);
    await page.text();
  }

  if (!TEST_DATABASE_URL) {
    // PGlite is single-process: a second process on the same folder is refused, in Japanese
    const second = await runCli(['user', 'add', 'sato', '--role', 'editor', ...args], { ...env, SHINCHOKU_PASSWORD: password });
    assert.equal(second.code, 1);
    assert.match(second.stderr, /データフォルダ.*は別のプロセス（PID \d+）が使用中です/);
  }

  assert.equal(await first.stop(), 0);
  assert.match(first.output(), /"msg":"stopped"/);

  const added = await runCli(['user', 'add', 'tanaka', '--role', 'editor', '--name', '田中', ...args], { ...env, SHINCHOKU_PASSWORD: password });
  assert.equal(added.code, 0, added.stderr);
  assert.match(added.stdout, /アカウント「tanaka」（editor）を作成しました/);

  // the account survived the process: adding it again is refused
  const again = await runCli(['user', 'add', 'tanaka', '--role', 'editor', ...args], { ...env, SHINCHOKU_PASSWORD: password });
  assert.equal(again.code, 1);
  assert.match(again.stderr, /ログイン名「tanaka」は既に使われています/);

  const restarted = await startCli(args, env);
  const healthAgain = (await (await fetch(`${restarted.url}/healthz`)).json()) as { schema: { applied: number } };
  assert.equal(healthAgain.schema.applied, body.schema.applied);
  assert.equal(await restarted.stop(), 0);
});

test('user add refuses a weak password and an unknown role, with the reason', { timeout: 60_000 }, async () => {
  const { args, env } = await target();
  const weak = await runCli(['user', 'add', 'suzuki', '--role', 'admin', ...args], { ...env, SHINCHOKU_PASSWORD: 'short' });
  assert.equal(weak.code, 1);
  assert.match(weak.stderr, /パスワードは12文字以上にしてください/);
  const role = await runCli(['user', 'add', 'suzuki', '--role', 'mayor', ...args], { ...env, SHINCHOKU_PASSWORD: password });
  assert.equal(role.code, 1);
  assert.match(role.stderr, /役割「mayor」はありません/);
  const fromStdin = await runCli(['user', 'add', 'suzuki', '--role', 'admin', '--password-stdin', ...args], env, `${password}\n`);
  assert.equal(fromStdin.code, 0, fromStdin.stderr);
});

test('every command answers --help, and an unknown command says so', async () => {
  for (const command of [['start'], ['migrate'], ['user', 'add']]) {
    const result = await runCli([...command, '--help']);
    assert.equal(result.code, 0);
    assert.match(result.stdout, new RegExp(`使い方: shinchoku ${command.join(' ')}`));
  }
  const top = await runCli(['--help']);
  assert.match(top.stdout, /start\s+Web サーバーを起動します/);
  const unknown = await runCli(['frobnicate']);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /不明なコマンドです: frobnicate/);
});
