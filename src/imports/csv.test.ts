// RFC 4180 CSV and the encodings Japanese offices save CSV in.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { decodeCsv, parseCsv } from './csv.js';
import { csvRow, readCsvField } from '../shared/csv.js';

const fields = (text: string) => {
  const parsed = parseCsv(text);
  assert.ok(parsed.ok, parsed.ok ? '' : parsed.message);
  return parsed.records.map((r) => r.fields);
};

test('quoted fields hold commas, doubled quotes and line breaks; CRLF, LF and CR all end a record', () => {
  assert.deepEqual(fields('a,"b,c","say ""hi"""\r\n"x\r\ny",,z\nlast,"",\r'), [
    ['a', 'b,c', 'say "hi"'],
    ['x\r\ny', '', 'z'],
    ['last', '', ''],
  ]);
});

test('each record knows the line it starts on (a quoted line break spans two lines)', () => {
  const parsed = parseCsv('h1,h2\n"a\nb",c\n\nd,e\n');
  assert.ok(parsed.ok);
  assert.deepEqual(
    parsed.records.map((r) => r.line),
    [1, 2, 5],
  );
});

test('a stray quote and an unterminated quote are errors with their line', () => {
  assert.deepEqual(parseCsv('a,b\nc,d"e\n'), { ok: false, message: '値の途中に引用符（"）があります。値全体を " で囲み、中の " は "" と書いてください', line: 2 });
  assert.deepEqual(parseCsv('a,b\n"c,d\n'), { ok: false, message: '引用符（"）が閉じられていません', line: 2 });
  assert.deepEqual(parseCsv('"a"b\n'), { ok: false, message: '引用符（"）で囲んだ値の後に文字があります。値の中の " は "" と書いてください', line: 1 });
});

test('the product\'s CSV writer → parseCsv → readCsvField gives back any table of strings, formula-like text included', () => {
  const unit = fc.constantFrom('a', ',', '"', '\n', '\r', ' ', '漢', '　', '=', '+', '-', '@', '\t', "'", '3', '.');
  fc.assert(
    fc.property(fc.array(fc.array(fc.string({ unit }), { minLength: 2, maxLength: 4 }), { minLength: 1, maxLength: 5 }), (rows) => {
      const read = fields(rows.map(csvRow).join('')).map((r) => r.map(readCsvField));
      assert.deepEqual(read, rows.filter((r) => r.some((f) => f !== '') || r.length > 1));
    }),
    { numRuns: 500 },
  );
});

test('encoding: UTF-8 with BOM, UTF-8, Shift_JIS (CP932, incl. ① and ㈱) are told apart', () => {
  const text = '計画コード,値\r\nsapporo-2nd,①約4億9,600万円㈱\r\n';
  assert.deepEqual(decodeCsv(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)])), { ok: true, text, encoding: 'UTF-8 (BOM付き)' });
  assert.deepEqual(decodeCsv(Buffer.from(text)), { ok: true, text, encoding: 'UTF-8' });
  assert.deepEqual(decodeCsv(iconv.encode(text, 'cp932')), { ok: true, text, encoding: 'Shift_JIS (CP932)' });
});

test('a file with too many rows is refused at the first row over the limit (CSV and .xlsx)', async () => {
  const { readSpreadsheet } = await import('./read-spreadsheet.js');
  const csv = Buffer.from(['計画コード,コード,名称', ...Array.from({ length: 6 }, (_, i) => `p,${i},x`)].join('\n'));
  // limit 5 rows, header included: line 6 is the sixth row
  assert.deepEqual((await readSpreadsheet('施策.csv', csv, { maxRows: 5 })).issues, [{ sheet: '', row: 6, column: '', message: '行が多すぎます（5行まで）。ファイルを分けてください' }]);
  const ExcelJS = (await import('exceljs')).default;
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('施策');
  for (let i = 0; i < 7; i++) sheet.addRow(['p', String(i), 'x']);
  const xlsx = Buffer.from(await workbook.xlsx.writeBuffer());
  // the same count in a workbook: row 6 is the sixth row
  assert.deepEqual((await readSpreadsheet('施策.xlsx', xlsx, { maxRows: 5 })).issues, [{ sheet: '施策', row: 6, column: '', message: '行が多すぎます（5行まで）。ファイルを分けてください' }]);
});
