// A data folder the server cannot use stops `shinchoku start` with one Japanese sentence naming
// the folder and the reason — never a stack trace. Tests run as root, which ignores file
// permissions, so the unwritable folders here are ones no user can write: a path under a regular
// file, a path that is a file, and a folder whose database files are not a database. A full disk
// is a real one: a 2 MB tmpfs, where the test may mount one (root with CAP_SYS_ADMIN); so is a
// read-only disk (a tmpfs holding a migrated database, remounted read-only); elsewhere those
// tests are skipped and say why.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../test-support/cli.js';

const folder = mkdtempSync(join(tmpdir(), 'shinchoku-datadir-'));
const smallDisk = join(folder, 'small-disk');
const readOnlyDisk = join(folder, 'read-only-disk');
let mounted = false;
let readOnlyMounted = false;
after(() => {
  if (mounted) spawnSync('umount', [smallDisk]);
  if (readOnlyMounted) spawnSync('umount', [readOnlyDisk]);
  rmSync(folder, { recursive: true, force: true });
});

function assertClearError(result: { code: number | null; stdout: string; stderr: string }, expected: RegExp): void {
  assert.notEqual(result.code, 0, 'the server must not start');
  const output = result.stdout + result.stderr;
  assert.match(output, expected);
  assert.doesNotMatch(output, /\n\s+at /, `no stack trace:\n${output}`);
  assert.doesNotMatch(output, /"msg":"listening"/);
}

test('a data folder under a regular file: a clear Japanese error, no stack trace', { timeout: 60_000 }, async () => {
  const file = join(folder, 'not-a-folder');
  writeFileSync(file, 'x');
  const data = join(file, 'data');
  const result = await runCli(['start', '--port', '0', '--data', data], { DATABASE_URL: undefined });
  assertClearError(result, new RegExp(`エラー: データフォルダ（${data.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}）に書き込めません。フォルダの権限と空き容量を確認してください`));
});

test('a data folder path that is a file: a clear Japanese error', { timeout: 60_000 }, async () => {
  const file = join(folder, 'a-file');
  writeFileSync(file, 'x');
  const result = await runCli(['start', '--port', '0', '--data', file], { DATABASE_URL: undefined });
  assertClearError(result, /エラー: データフォルダ（.*a-file）に書き込めません/);
});

test('a data folder whose database files are damaged: a clear Japanese error', { timeout: 60_000 }, async () => {
  const data = join(folder, 'damaged');
  mkdirSync(data);
  writeFileSync(join(data, 'PG_VERSION'), '17\n');
  writeFileSync(join(data, 'base'), 'not a folder'); // where the database's files belong
  const result = await runCli(['start', '--port', '0', '--data', data], { DATABASE_URL: undefined });
  assertClearError(result, /エラー: データフォルダ（.*damaged）のデータベースを開けません/);
});

test('a full disk: a clear Japanese error naming the lack of space', { timeout: 60_000 }, async (t) => {
  mkdirSync(smallDisk);
  const mount = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', smallDisk], { encoding: 'utf8' });
  if (mount.status !== 0) {
    t.skip(`cannot mount a 2 MB tmpfs here (${(mount.stderr || mount.error?.message || '').trim()}): a full disk is not simulated`);
    return;
  }
  mounted = true;
  const data = join(smallDisk, 'data');
  const result = await runCli(['start', '--port', '0', '--data', data], { DATABASE_URL: undefined });
  assertClearError(result, /エラー: データフォルダ（.*small-disk\/data）のデータベースを開けません: ディスクの空き容量がありません（ENOSPC）/);
});

test('a data folder holding a database on a disk remounted read-only: a clear Japanese error', { timeout: 120_000 }, async (t) => {
  mkdirSync(readOnlyDisk);
  const mount = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=256m', 'tmpfs', readOnlyDisk], { encoding: 'utf8' });
  if (mount.status !== 0) {
    t.skip(`cannot mount a tmpfs here (${(mount.stderr || mount.error?.message || '').trim()}): a read-only folder is not simulated`);
    return;
  }
  readOnlyMounted = true;
  const data = join(readOnlyDisk, 'data');
  const migrated = await runCli(['migrate', '--data', data], { DATABASE_URL: undefined });
  assert.equal(migrated.code, 0, migrated.stderr);
  // the administrator remounts the disk read-only (a backup snapshot, a full-disk safeguard …)
  const remount = spawnSync('mount', ['-o', 'remount,ro', readOnlyDisk], { encoding: 'utf8' });
  assert.equal(remount.status, 0, remount.stderr);
  const result = await runCli(['start', '--port', '0', '--data', data], { DATABASE_URL: undefined });
  assertClearError(result, /エラー: データフォルダ（.*read-only-disk\/data）に書き込めません。フォルダの権限と空き容量を確認してください: 読み取り専用のファイルシステムです（EROFS）/);
});
