// A department's entry workbook: only its items, input cells unlocked and the rest protected,
// a dropdown for 区分, a hidden sheet of codes; uploaded back, it changes only that department's
// values, and a department cannot change another department's rows.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { and, eq } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../test-support/database.js';
import { openEntryRound } from '../test-support/fixtures.js';
import { entries, rounds } from '../db/schema.js';
import { CLI_ACTOR } from '../system/audit.repository.js';
import { importDataset } from '../datasets/import-dataset.js';
import { readDataset } from '../datasets/read-dataset.js';
import { importSpreadsheet } from './import-spreadsheet.js';
import { formatIssue } from './import-issues.js';
import { readSpreadsheet } from './read-spreadsheet.js';
import { exportToBytes } from './test-helpers.js';

let database: TestDatabase;
before(async () => {
  database = await createTestDatabase();
  await database.reset();
  await importDataset(database.db, await readDataset('datasets/sendai-2021'), CLI_ACTOR, { dryRun: false });
  // the departments write the values of 令和4年度 into its round, open for entry
  await openEntryRound(database.db, 'sendai-2021', 2022);
});
after(async () => {
  await database.close();
});

const DEPARTMENT = '市民局/市民協働推進課';

test('the entry workbook of 市民局 市民協働推進課 for 令和4年度: its items only, protected, with input rows', async () => {
  const bytes = await exportToBytes(database.db, 'sendai-2021', { format: 'xlsx', department: DEPARTMENT, round: 2022 });
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  // no 計画 sheet; 評価 for the entries of the open round
  assert.deepEqual(workbook.worksheets.map((s) => s.name), ['施策', '指標', '評価', '_codes']);
  const items = workbook.getWorksheet('施策');
  const indicators = workbook.getWorksheet('指標');
  const codes = workbook.getWorksheet('_codes');
  assert.ok(items && indicators && codes);
  assert.equal(codes.state, 'hidden');
  // every item listed names 市民協働推進課 among its owners, and every such item of the plan is listed
  const dataset = await readDataset('datasets/sendai-2021');
  assert.equal(items.rowCount - 1, dataset.items.filter((x) => x.departments.some((o) => o.department === DEPARTMENT)).length);
  items.eachRow((row, n) => {
    if (n > 1) assert.match(String(row.getCell(7).value), /市民局 市民協働推進課/);
  });
  const protection = (sheet: ExcelJS.Worksheet) => (sheet as unknown as { sheetProtection?: { sheet?: boolean } }).sheetProtection?.sheet;
  assert.equal(protection(items), true);
  assert.equal(protection(indicators), true);
  // 1-(1)-①#1 市民活動サポートセンター利用団体数 has no 令和4年度 実績: an input row, 値 unlocked, 指標名 locked, 区分 a dropdown
  let inputRow: ExcelJS.Row | undefined;
  indicators.eachRow((row) => {
    if (row.getCell(3).value === '1-(1)-①#1' && row.getCell(8).value === '実績') inputRow = row;
  });
  assert.ok(inputRow);
  assert.equal(inputRow.getCell(10).value, '令和4年度');
  assert.equal(inputRow.getCell(11).protection?.locked, false);
  assert.notEqual(inputRow.getCell(4).protection?.locked, false);
  assert.equal(inputRow.getCell(8).dataValidation?.type, 'list');
  assert.deepEqual(inputRow.getCell(8).dataValidation?.formulae, ['"実績,見込,状況"']);
});

test('filled in offline (wareki year kept) and uploaded: one value created, nothing else changes', async () => {
  const bytes = await exportToBytes(database.db, 'sendai-2021', { format: 'xlsx', department: DEPARTMENT, round: 2022 });
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  const indicators = workbook.getWorksheet('指標');
  assert.ok(indicators);
  indicators.eachRow((row) => {
    if (row.getCell(3).value === '1-(1)-①#1' && row.getCell(8).value === '実績') row.getCell(11).value = '735団体';
  });
  const filled = Buffer.from(await workbook.xlsx.writeBuffer());
  const report = await importSpreadsheet(database.db, { name: '市民協働推進課_R4.xlsx', bytes: filled }, CLI_ACTOR, { dryRun: false, departments: [DEPARTMENT] });
  assert.deepEqual(report.issues.map(formatIssue), []);
  assert.equal(report.summary?.tables.observations.created, 1);
  assert.equal(report.summary?.tables.items.updated, 0);
  assert.equal(report.summary?.tables.indicators.updated, 0);
});

test('a department cannot change another department\'s indicator', async () => {
  // 1-(1)-④ belongs to 男女共同参画課, not to 市民協働推進課
  const csv = '計画コード,施策コード,指標コード,区分,年度,値\r\nsendai-2021,1-(1)-④,1-(1)-④#1,実績,R4,31団体\r\n';
  const report = await importSpreadsheet(database.db, { name: 'x.csv', bytes: Buffer.from(csv) }, CLI_ACTOR, { dryRun: true, departments: [DEPARTMENT] });
  assert.deepEqual(report.issues.map(formatIssue), ['指標 2行目 指標コード:「1-(1)-④#1」は担当課「市民局/市民協働推進課」の指標ではないため変更できません']);
});

test('long Japanese text in shared strings survives the streaming reader (characters split across chunks)', async () => {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('施策');
  sheet.addRow(['計画コード', 'コード', '親コード', '名称', '説明']);
  const description = '市政に重要な役割を果たす審議会等の委員に女性を積極的に登用する。'.repeat(40);
  for (let i = 0; i < 300; i++) sheet.addRow(['sendai-2021', `x-${i}`, '', `項目${i}`, `${i}${description}`]);
  const bytes = Buffer.from(await workbook.xlsx.writeBuffer()); // the ordinary writer uses shared strings, as Excel does
  const read = await readSpreadsheet('施策.xlsx', bytes);
  const rows = read.sheets[0]?.rows ?? [];
  assert.equal(rows.length, 301);
  for (const [i, row] of rows.slice(1).entries()) assert.equal(row.cells[4], `${i}${description}`);
});

test('評価: a department fills in its self-grade (dropdown of the plan\'s scale A・B・C) and narratives for an open round', async () => {
  const round = await openEntryRound(database.db, 'sendai-2021', 2023);
  const bytes = await exportToBytes(database.db, 'sendai-2021', { format: 'xlsx', department: DEPARTMENT, round: 2023 });
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  const sheet = workbook.getWorksheet('評価');
  assert.ok(sheet);
  let target: ExcelJS.Row | undefined;
  sheet.eachRow((row) => {
    if (row.getCell(3).value === '1-(1)-①') target = row;
  });
  assert.ok(target);
  assert.equal(target.getCell(2).value, '令和5年度');
  assert.deepEqual(target.getCell(5).dataValidation?.formulae, ['"A,B,C"']);
  assert.equal(target.getCell(5).protection?.locked, false);
  target.getCell(5).value = 'A';
  target.getCell(6).value = '利用団体数 735 団体（目標 720 団体以上）';
  const filled = Buffer.from(await workbook.xlsx.writeBuffer());
  const report = await importSpreadsheet(database.db, { name: '評価_R5.xlsx', bytes: filled }, CLI_ACTOR, { dryRun: false, departments: [DEPARTMENT] });
  assert.deepEqual(report.issues.map(formatIssue), []);
  assert.equal(report.summary?.tables.entries.updated, 1);
  const [entry] = await database.db.select().from(entries).where(and(eq(entries.roundId, round.id), eq(entries.selfGrade, 'A')));
  assert.equal(entry?.selfGrade, 'A');
  assert.equal(entry?.state, 'in_progress');

  const csv = (grade: string) => Buffer.from(`計画コード,年度,施策コード,自己評価,取組結果\r\nsendai-2021,R5,1-(1)-①,${grade},利用団体数 735 団体\r\n`);
  const wrongGrade = await importSpreadsheet(database.db, { name: 'x.csv', bytes: csv('S') }, CLI_ACTOR, { dryRun: true, departments: [DEPARTMENT] });
  assert.deepEqual(wrongGrade.issues.map(formatIssue), ['評価 2行目 自己評価:「S」は評価尺度「仙台市 A・B・C（3段階）」にありません（A・B・Cのいずれか）']);
  await database.db.update(rounds).set({ state: 'closed' }).where(eq(rounds.id, round.id));
  const closed = await importSpreadsheet(database.db, { name: 'x.csv', bytes: csv('B') }, CLI_ACTOR, { dryRun: true });
  assert.deepEqual(closed.issues.map(formatIssue), ['評価 2行目 年度:令和5年度の評価は「確定」のため、入力・変更できません（確定・公表した値は、本部が「訂正」で理由とともに変更します）']);
});
