// `shinchoku start --processes N`: several server processes on one port for PostgreSQL — all of
// them answer, a process killed is started again, SIGTERM stops every one; a data folder (PGlite)
// refuses the option with a clear message.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, TEST_DATABASE_URL, type TestDatabase } from '../test-support/database.js';
import { runCli, startCli } from '../test-support/cli.js';
import { processCount } from './processes.js';

const dataDir = mkdtempSync(join(tmpdir(), 'shinchoku-processes-'));
let postgres: TestDatabase | undefined;
after(async () => {
  rmSync(dataDir, { recursive: true, force: true });
  await postgres?.close();
});

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
const waitFor = async (what: string, check: () => boolean, ms = 20_000) => {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
};

test('processCount reads 1 to 64 and nothing else', () => {
  assert.equal(processCount(undefined), 1);
  assert.equal(processCount(''), 1);
  assert.equal(processCount('2'), 2);
  assert.equal(processCount('64'), 64);
  for (const wrong of ['0', '65', '1.5', 'two', '-2']) assert.equal(processCount(wrong), undefined, wrong);
});

test('a data folder refuses --processes 2, and a wrong count is refused, each with a clear message', async () => {
  const folder = await runCli(['start', '--port', '0', '--data', dataDir, '--processes', '2'], { DATABASE_URL: undefined });
  assert.equal(folder.code, 2);
  assert.match(folder.stderr, /--processes は PostgreSQL（DATABASE_URL）でのみ使えます/);
  const wrong = await runCli(['start', '--port', '0', '--data', dataDir, '--processes', 'many'], { DATABASE_URL: undefined });
  assert.equal(wrong.code, 2);
  assert.match(wrong.stderr, /プロセス数が正しくありません（1〜64 の整数）: many/);
});

test('PostgreSQL: two server processes answer on one port, one killed is started again, SIGTERM stops them all', { skip: !TEST_DATABASE_URL, timeout: 120_000 }, async () => {
  postgres = await createTestDatabase();
  const server = await startCli(['--processes', '2'], { DATABASE_URL: postgres.url, SHINCHOKU_DEMO_ACCOUNTS: '0' }, 90_000);
  const listening = /"msg":"listening","url":"[^"]+","processes":2,"pids":\[(\d+),(\d+)\]/.exec(server.output());
  assert.ok(listening, server.output());
  const pids = [Number(listening[1]), Number(listening[2])];
  assert.notEqual(pids[0], pids[1]);
  for (const pid of pids) assert.ok(alive(pid), `server process ${pid} runs`);
  const answers = await Promise.all(Array.from({ length: 20 }, () => fetch(`${server.url}/healthz`).then((r) => r.status)));
  assert.deepEqual(new Set(answers), new Set([200]));

  // a process that has run for a while and dies is replaced (one that dies at once stops the server)
  await new Promise((resolve) => setTimeout(resolve, 10_500));
  process.kill(pids[0] ?? 0, 'SIGKILL');
  await waitFor('a replacement process', () => /server process stopped; starting another/.test(server.output()) && (server.output().match(/"msg":"process listening"/g) ?? []).length >= 3);
  assert.equal((await fetch(`${server.url}/`)).status, 200);

  const started = [...server.output().matchAll(/"msg":"process listening","url":"[^"]+","pid":(\d+)/g)].map((m) => Number(m[1]));
  assert.equal(started.length, 3, 'two processes and the replacement');
  assert.ok(alive(started[2] ?? 0) && !pids.includes(started[2] ?? 0));
  assert.equal(await server.stop(), 0);
  await waitFor('every server process to stop', () => started.every((pid) => !alive(pid)));
});
