// `shinchoku report`: the real command writes the file a council clerk would hand out.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { runCli } from '../test-support/cli.js';
import { createTestDatabase, TEST_DATABASE_URL, type TestDatabase } from '../test-support/database.js';

const folder = mkdtempSync(join(tmpdir(), 'shinchoku-report-cli-'));
let database: TestDatabase | undefined;
after(async () => {
  await database?.close();
  rmSync(folder, { recursive: true, force: true });
});

test('shinchoku report sapporo-2nd --round 平成28年度 --format xlsx --out FILE', async () => {
  // PGlite: a fresh data folder (the bundled plans are loaded on first use); PostgreSQL: a fresh test database
  let env: Record<string, string | undefined> = { DATABASE_URL: '' };
  if (TEST_DATABASE_URL) {
    database = await createTestDatabase();
    env = { DATABASE_URL: database.url };
  }
  const out = join(folder, 'sapporo.xlsx');
  const result = await runCli(['report', 'sapporo-2nd', '--round', '平成28年度', '--format', 'xlsx', '--out', out, '--data', join(folder, 'data'), '--progress'], env);
  assert.equal(result.code, 0, result.stderr);
  // --progress: one line per checkpoint on stderr, each 基本目標 as the report is built, then done
  assert.match(result.stderr, /^\[ {2}3%\] 「基本目標1 /m);
  assert.match(result.stderr, /「基本目標4 [^」]*」の表と文章をまとめています（4 \/ 4）/);
  assert.match(result.stderr, /^\[100%\] できあがりました$/m);
  assert.match(result.stdout, /sapporo\.xlsx に書き出しました（第2期 市民まちづくり活動促進基本計画 平成28年度、XLSX/);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(readFileSync(out) as unknown as ArrayBuffer);
  const sheet = workbook.getWorksheet('基本目標2 『向上』');
  assert.ok(sheet);
  // 市民活動サポートセンター登録団体数 H25実績: the document prints 「2,280 団体」
  let h25 = 0;
  for (let r = 1; r <= sheet.rowCount; r++) if (String(sheet.getCell(r, 1).value).startsWith('H25実績')) h25 = r;
  assert.equal(sheet.getCell(h25, 2).value, 2280);
  assert.equal(sheet.getCell(h25, 2).numFmt, '#,##0"団体"');

  const usage = await runCli(['report', 'sapporo-2nd', '--format', 'docx', '--out', out]);
  assert.equal(usage.code, 2);
  assert.match(usage.stderr, /--format（html・pdf・xlsx）/);
});
