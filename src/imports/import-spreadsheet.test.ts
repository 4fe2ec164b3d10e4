// Importing Excel and CSV files: each kind of bad input gives its message with sheet, row and
// column, and the database is unchanged (row counts and a checksum over the domain tables);
// good input is previewed exactly, written in one transaction, re-imported as a no-op, audited
// with the file name.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import iconv from 'iconv-lite';
import ExcelJS from 'exceljs';
import { and, desc, eq } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../test-support/database.js';
import { auditLog, indicators, observations } from '../db/schema.js';
import { CLI_ACTOR } from '../system/audit.repository.js';
import { importDataset } from '../datasets/import-dataset.js';
import { readDataset } from '../datasets/read-dataset.js';
import { importSpreadsheet, type ImportReport } from './import-spreadsheet.js';
import { formatIssue } from './import-issues.js';
import { databaseFingerprint, exportToBytes, workbookCells } from './test-helpers.js';

let database: TestDatabase;
before(async () => {
  database = await createTestDatabase();
  await database.reset();
  for (const plan of ['sendai-2016', 'sendai-2021', 'sapporo-2nd']) {
    await importDataset(database.db, await readDataset(`datasets/${plan}`), CLI_ACTOR, { dryRun: false });
  }
});
after(async () => {
  await database.close();
});

const INDICATOR_HEADER = '計画コード,施策コード,指標コード,指標名,単位,方向,集計,区分,目標設定計画,年度,値,数値,目標の種類,時点,備考';
const ITEM_HEADER = '計画コード,コード,親コード,階層,名称,説明,担当課,重点,新規,再掲元コード,数値目標,タグ';
const utf8 = (text: string) => Buffer.from(text, 'utf8');

async function importFile(name: string, bytes: Uint8Array, dryRun = false): Promise<ImportReport> {
  return importSpreadsheet(database.db, { name, bytes }, CLI_ACTOR, { dryRun });
}

/** Imports a bad file and checks the messages and that nothing in the database changed. */
async function rejects(name: string, bytes: Uint8Array, expected: (string | RegExp)[]): Promise<ImportReport> {
  const beforeImport = await databaseFingerprint(database.db);
  const report = await importFile(name, bytes);
  assert.equal(report.ok, false);
  const messages = report.issues.map(formatIssue);
  assert.equal(messages.length, expected.length, messages.join('\n'));
  expected.forEach((e, i) => {
    if (typeof e === 'string') assert.equal(messages[i], e);
    else assert.match(messages[i] ?? '', e);
  });
  const afterImport = await databaseFingerprint(database.db);
  assert.deepEqual(afterImport.counts, beforeImport.counts);
  assert.equal(afterImport.checksum, beforeImport.checksum);
  return report;
}

test('wrong encoding: UTF-16 is refused, and bytes that are neither UTF-8 nor Shift_JIS name their line', async () => {
  await rejects('指標.csv', Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(INDICATOR_HEADER, 'utf16le')]), [
    'UTF-16 の CSV には対応していません。UTF-8 または Shift_JIS で保存してください',
  ]);
  // line 2 holds 0x80 0xFF: invalid in UTF-8 and in CP932
  await rejects('指標.csv', Buffer.concat([iconv.encode(`${INDICATOR_HEADER}\r\n`, 'cp932'), Buffer.from([0x80, 0xff, 0x0d, 0x0a])]), [
    '2行目 文字コードを判別できません（UTF-8 としても Shift_JIS としても読めない文字があります）',
  ]);
});

test('missing header: a 施策 CSV without 名称', async () => {
  await rejects('施策.csv', utf8('計画コード,コード,親コード\r\nsapporo-2nd,1,\r\n'), ['施策 1行目 名称:必須の見出し「名称」がありません']);
});

test('unknown plan code: a plan that is not registered and no 計画 sheet', async () => {
  await rejects('指標.csv', utf8(`${INDICATOR_HEADER}\r\nno-such-plan,1,1-a,指標,%,上昇,単年度,実績,,H29,75.0%,,,,\r\n`), [
    '指標 2行目 計画コード:「no-such-plan」は登録されていない計画です（新しい計画を読み込むには「計画」シートが必要です）',
  ]);
});

test('duplicate code: the same コード twice in 施策', async () => {
  await rejects('施策.csv', utf8(`${ITEM_HEADER}\r\nsapporo-2nd,1,,,参加,,,,,,,\r\nsapporo-2nd,1,,,参加（重複）,,,,,,,\r\n`), [
    '施策 3行目 コード:「1」が重複しています（2行目と同じコード）',
  ]);
});

test('parent cycle: two items each the parent of the other', async () => {
  // 1-1 → 1-1-1 → 1-1: each row names the other as parent
  await rejects('施策.csv', utf8(`${ITEM_HEADER}\r\nsapporo-2nd,1-1,1-1-1,,施策,,,,,,,\r\nsapporo-2nd,1-1-1,1-1,,取組,,,,,,,\r\n`), [
    '施策 2行目 親コード:「1-1-1」: 親子関係が循環しています（1-1 → 1-1-1 → 1-1）',
    '施策 3行目 親コード:「1-1」: 親子関係が循環しています（1-1-1 → 1-1 → 1-1-1）',
  ]);
});

test('unreadable value: 「約4億〜5億円」 (a range) with no 数値; 「3割」 in a % indicator', async () => {
  await rejects('指標.csv', utf8(`${INDICATOR_HEADER}\r\nsapporo-2nd,1,1-d,,,,,実績,,H29,約4億〜5億円,,,,\r\n`), [
    /^指標 2行目 値:「約4億〜5億円」を数値として読めません（.+）。文章で書くときは「数値」の列に数値を書いてください$/,
  ]);
  // 1-b 町内会加入率 is in %: 「3割」 would silently be 3
  await rejects('指標.csv', utf8(`${INDICATOR_HEADER}\r\nsapporo-2nd,1,1-b,,,,,実績,,H29,3割,,,,\r\n`), ['指標 2行目 値:「3割」の単位「割」が指標の単位「%」と違います']);
});

test('year 平成32: refused in an 実績 row (with the corrected year), accepted in a 目標 row', async () => {
  await rejects('指標.csv', utf8(`${INDICATOR_HEADER}\r\nsapporo-2nd,1,1-a,,,,,実績,,平成32年度,75.0%,,,,\r\n`), [/^指標 2行目 年度:「平成32年度」は存在しません（平成は31年4月30日まで）。改元前に書かれた年度なら令和2年度（2020年度）です$/]);
  // the document's 戦略ビジョン H34 target of 1-a is 100%: H34 reads as 2022 and matches it, so the value updates in place
  const report = await importFile('指標.csv', utf8(`${INDICATOR_HEADER}\r\nsapporo-2nd,1,1-a,,,,,目標,札幌市まちづくり戦略ビジョン,H34,90.0%,,年度まで,,\r\n`), true);
  assert.deepEqual(report.issues.map(formatIssue), []);
  // 1-a has three targets (H30 本計画, H31 アクションプラン, H34 戦略ビジョン); the loader rewrites the list as a whole
  assert.equal(report.summary?.tables.targets.updated, 3);
  assert.equal(report.summary?.tables.targets.created, 0);
});

test('not a spreadsheet: a PNG named .xlsx, a broken zip, binary data named .csv, an old .xls', async () => {
  const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]);
  await rejects('指標.xlsx', png, ['Excel ファイル（.xlsx）として読めません。ファイルが壊れているか、別の形式です']);
  await rejects('指標.xlsx', Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(60, 7)]), ['Excel ファイル（.xlsx）として読めません。ファイルが壊れているか、別の形式です']);
  // the PNG signature holds two line feeds (0x0A) before its first NUL byte: header line 1, then lines 2, 3, 4
  await rejects('指標.csv', Buffer.concat([utf8('計画コード\n'), png]), ['4行目 CSV ではありません（文字でないデータを含みます）']);
  await rejects('指標.xls', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), ['古い Excel 形式（.xls）には対応していません。Excel で「.xlsx」形式で保存し直してください']);
  // a real workbook with one byte of the 指標 sheet's compressed data changed (exceljs alone would wait forever)
  const workbook = await exportToBytes(database.db, 'sapporo-2nd', { format: 'xlsx' });
  const sheetHeader = workbook.indexOf(Buffer.from('xl/worksheets/sheet3.xml'));
  assert.ok(sheetHeader > 0);
  const damaged = Buffer.from(workbook);
  damaged[sheetHeader + 200] = (damaged[sheetHeader + 200] ?? 0) ^ 0xff;
  await rejects('sapporo.xlsx', damaged, ['Excel ファイル（.xlsx）として読めません。ファイルが壊れているか、別の形式です']);
});

test('empty file, and a file with only its header row', async () => {
  await rejects('指標.csv', Buffer.alloc(0), ['ファイルが空です']);
  await rejects('指標.csv', utf8(`${INDICATOR_HEADER}\r\n`), ['指標 2行目 データの行がありません（見出し行だけです）']);
});

test('every error of a file is listed, in sheet and row order, and nothing is written', async () => {
  await rejects(
    '指標.csv',
    utf8(
      `${INDICATOR_HEADER}\r\n` +
        'sapporo-2nd,1,1-a,,,,,実績,,H29,75.0%,,,,\r\n' + // fine on its own
        'sapporo-2nd,1,1-b,,,,,実績,,H29,七十,,,,\r\n' +
        'sapporo-2nd,1,1-c,,,,,予定,,H29,69件,,,,\r\n' +
        'sapporo-2nd,1,1-c,,,横ばい,,実績,,H29,69件,,,,\r\n',
    ),
    [/^指標 3行目 値:「七十」を数値として読めません/, '指標 4行目 区分:「予定」は読めません（実績・見込・状況・目標・基準のいずれか）', '指標 5行目 方向:「横ばい」は読めません（上昇・低下・維持のいずれか）'],
  );
});

test('値 and 数値 must agree; a sentence in 値 takes its number from 数値', async () => {
  await rejects('指標.csv', utf8(`${INDICATOR_HEADER}\r\nsapporo-2nd,1,1-c,,,,,実績,,H29,70件,69,,,\r\n`), [
    '指標 2行目 数値:「69」は値「70件」と一致しません（値を直したときは数値も直すか、数値を空欄にしてください）',
  ]);
  const report = await importFile('指標.csv', utf8(`${INDICATOR_HEADER}\r\nsapporo-2nd,1,1-c,,,,,実績,,H29,前年並みの69件,69,,,\r\n`), true);
  assert.deepEqual(report.issues.map(formatIssue), []);
  assert.equal(report.summary?.tables.observations.created, 1);
});

test('Shift_JIS CSV: detected and reported, a changed value updates in place, audited with the file name; the same file again changes nothing', async () => {
  // 1-c さぽーとほっと基金寄附件数, H29 状況 is 「69件」 in the source document; the department corrects it to 72件
  const csv = `${INDICATOR_HEADER}\r\nsapporo-2nd,1,1-c,,,,,状況,,平成29年度,72件,,,H29.9.15時点,\r\n`;
  const bytes = iconv.encode(csv, 'cp932');
  const preview = await importFile('寄附件数.csv', bytes, true);
  assert.equal(preview.encoding, 'Shift_JIS (CP932)');
  assert.deepEqual(preview.issues, []);
  assert.equal(preview.summary?.tables.observations.updated, 1);
  assert.equal(preview.summary?.tables.observations.unchanged, 74); // the plan's other 74 of its 75 values

  const report = await importFile('寄附件数.csv', bytes);
  assert.equal(report.ok, true);
  const [indicator] = await database.db.select({ id: indicators.id }).from(indicators).where(eq(indicators.code, '1-c'));
  const [row] = await database.db
    .select()
    .from(observations)
    .where(and(eq(observations.indicatorId, indicator?.id ?? 0), eq(observations.fiscalYear, 2017), eq(observations.kind, 'status')));
  assert.equal(row?.text, '72件');
  assert.equal(row?.value, '72');
  assert.equal(row?.asOf, '2017-09-15');
  assert.equal(row?.source, '寄附件数.csv');
  const [audit] = await database.db.select().from(auditLog).where(eq(auditLog.action, 'plan.import')).orderBy(desc(auditLog.id)).limit(1);
  assert.equal((audit?.after as { file: string }).file, '寄附件数.csv');
  assert.equal(audit?.subjectId, 'sapporo-2nd');

  const again = await importFile('寄附件数.csv', bytes);
  assert.equal(again.summary?.unchanged, true);
});

test('UTF-8 with BOM, quoted fields with commas and line breaks', async () => {
  const csv = `${ITEM_HEADER}\r\nsapporo-2nd,1-1-1,1-1,主な取組,"市民活動の情報発信, 拡充","一行目\r\n二行目",,,,,,\r\n`;
  const report = await importFile('施策.csv', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8(csv)]), true);
  assert.deepEqual(report.issues.map(formatIssue), []);
  assert.equal(report.encoding, 'UTF-8 (BOM付き)');
  assert.equal(report.summary?.tables.items.updated, 1);
});

test('a new plan from a workbook with a 計画 sheet (level names from 階層, departments created from 担当課)', async () => {
  const workbook = new ExcelJS.Workbook();
  const plan = workbook.addWorksheet('計画');
  for (const r of [
    ['項目', '値'],
    ['計画コード', 'test-city-2025'],
    ['計画名', 'テスト市協働推進計画'],
    ['団体コード', 'testcity'],
    ['団体名', 'テスト市'],
    ['計画期間', '令和7〜11年度'],
  ])
    plan.addRow(r);
  const items = workbook.addWorksheet('施策');
  items.addRow(ITEM_HEADER.split(','));
  items.addRow(['test-city-2025', '1', '', '分野', '参加', '', '市民局 協働推進課、各区', '○', '', '', '', '']);
  items.addRow(['test-city-2025', '1-1', '1', '施策', '担い手', '', '', '', '○', '', '', '']);
  const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
  const report = await importFile('新計画.xlsx', bytes);
  assert.deepEqual(report.issues.map(formatIssue), []);
  assert.equal(report.newPlan, true);
  assert.equal(report.summary?.tables.items.created, 2);
  assert.equal(report.summary?.tables.departments.created, 3); // 市民局, 市民局/協働推進課, 各区
  const cells = await workbookCells(await exportToBytes(database.db, 'test-city-2025', { format: 'xlsx' }));
  const exported = cells.sheets.find((s) => s.name === '施策')?.rows;
  assert.deepEqual(exported?.[1]?.slice(0, 8), ['test-city-2025', '1', '', '分野', '参加', '', '市民局 協働推進課、各区', '○']);
  assert.deepEqual(cells.sheets.find((s) => s.name === '計画')?.rows[6], ['計画期間', '令和7〜11年度']);
});
