// `shinchoku export … --format xlsx` and `shinchoku import FILE` as a person runs them (the
// command's main(), in this process, its output captured), on a data folder (PGlite) or on
// PostgreSQL (TEST_DATABASE_URL); `import DIR` still loads dataset folders.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, TEST_DATABASE_URL, type TestDatabase } from '../test-support/database.js';
import { main } from '../cli.js';

/** Runs `shinchoku ARGS` in this process with the environment given, capturing what it prints. */
async function runCli(argv: string[], env: Record<string, string | undefined>): Promise<{ code: number; stdout: string; stderr: string }> {
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  const write = { out: process.stdout.write.bind(process.stdout), err: process.stderr.write.bind(process.stderr), log: console.log, error: console.error };
  let stdout = '';
  let stderr = '';
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  process.stdout.write = ((chunk: string | Uint8Array) => ((stdout += String(chunk)), true)) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array) => ((stderr += String(chunk)), true)) as typeof process.stderr.write;
  console.log = (...parts: unknown[]) => void (stdout += parts.join(' ') + '\n');
  console.error = (...parts: unknown[]) => void (stderr += parts.join(' ') + '\n');
  try {
    return { code: await main(argv), stdout, stderr };
  } finally {
    process.stdout.write = write.out;
    process.stderr.write = write.err;
    console.log = write.log;
    console.error = write.error;
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

const folder = mkdtempSync(join(tmpdir(), 'shinchoku-transfer-'));
let postgres: TestDatabase | undefined;

async function target(): Promise<{ args: string[]; env: Record<string, string | undefined> }> {
  if (!TEST_DATABASE_URL) return { args: ['--data', join(folder, 'data')], env: { DATABASE_URL: undefined } };
  postgres ??= await createTestDatabase();
  return { args: [], env: { DATABASE_URL: postgres.url } };
}

after(async () => {
  rmSync(folder, { recursive: true, force: true });
  await postgres?.close();
});

test('export → import --dry-run of the same workbook: nothing to change; a bad CSV lists its errors and exits 1; import DIR still works', { timeout: 60_000 }, async () => {
  const { args, env } = await target();
  const file = join(folder, 'sapporo.xlsx');
  if (TEST_DATABASE_URL) {
    const loaded = await runCli(['import', 'datasets/sapporo-2nd', ...args], env);
    assert.equal(loaded.code, 0, loaded.stderr);
  }
  const exported = await runCli(['export', 'sapporo-2nd', '--format', 'xlsx', '--out', file, ...args], env);
  assert.equal(exported.code, 0, exported.stderr);
  assert.match(exported.stdout, /書き出しました: .*sapporo\.xlsx/);
  assert.ok(existsSync(file));

  const again = await runCli(['import', file, '--dry-run', ...args], env);
  assert.equal(again.code, 0, again.stderr);
  assert.match(again.stdout, /ファイル: sapporo\.xlsx（Excel、/);
  assert.match(again.stdout, /計画「sapporo-2nd」: 変更はありません/);

  const bad = join(folder, '指標.csv');
  writeFileSync(bad, '計画コード,施策コード,指標コード,区分,年度,値\r\nsapporo-2nd,1,1-a,実績,平成32年度,75.0%\r\n');
  const refused = await runCli(['import', bad, '--format', 'json', ...args], env);
  assert.equal(refused.code, 1);
  const report = JSON.parse(refused.stdout) as { ok: boolean; encoding: string; issues: { sheet: string; row: number; column: string }[] };
  assert.equal(report.ok, false);
  assert.equal(report.encoding, 'UTF-8');
  assert.deepEqual(report.issues.map((x) => [x.sheet, x.row, x.column]), [['指標', 2, '年度']]);

  const dataset = await runCli(['import', 'datasets/sapporo-2nd', '--dry-run', ...args], env);
  assert.equal(dataset.code, 0, dataset.stderr);
  assert.match(dataset.stdout, /計画「sapporo-2nd」: 変更はありません/);

  const unknown = await runCli(['export', 'no-such-plan', '--format', 'xlsx', '--out', join(folder, 'none.xlsx'), ...args], env);
  assert.equal(unknown.code, 1);
  assert.match(unknown.stderr, /計画「no-such-plan」は登録されていません/);
  assert.equal(existsSync(join(folder, 'none.xlsx')), false);
});
