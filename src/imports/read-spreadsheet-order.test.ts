// exceljs 4.4's streaming reader throws on an archive whose parts come in a certain order (the
// worksheet after the shared strings but before xl/workbook.xml: exceljs issue 3064; the same race
// made exceljs-written files fail now and then). readSpreadsheet finds the parts through the
// archive's directory (read-xlsx.ts), in any order, so such a file imports like any other.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { readSpreadsheet } from './read-spreadsheet.js';

/** A 指標 sheet with two rows, its archive's parts reordered so that xl/workbook.xml comes last. */
async function workbookWithLateWorkbookPart(): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('指標');
  sheet.addRow(['計画コード', '指標コード', '年度', '値']);
  sheet.addRow(['sapporo-2nd', '1-b', '平成29年度', '71.1%']);
  const original = await JSZip.loadAsync(Buffer.from(await book.xlsx.writeBuffer()));
  const parts = Object.keys(original.files).filter((name) => !original.files[name]?.dir);
  const first = ['[Content_Types].xml', '_rels/.rels', 'xl/_rels/workbook.xml.rels', 'xl/sharedStrings.xml', 'xl/styles.xml'];
  const order = [...first, ...parts.filter((name) => !first.includes(name) && name !== 'xl/workbook.xml'), 'xl/workbook.xml'];
  const zip = new JSZip();
  for (const name of order) {
    const part = original.file(name);
    assert.ok(part, name);
    zip.file(name, await part.async('uint8array'));
  }
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

test("a whole archive exceljs's streaming reader cannot read (exceljs issue 3064) is read", async () => {
  const bytes = await workbookWithLateWorkbookPart();
  // exceljs's streaming reader fails on it
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([bytes]), { sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', worksheets: 'emit', entries: 'ignore' });
  await assert.rejects(async () => {
    for await (const worksheet of reader) for await (const row of worksheet as unknown as AsyncIterable<unknown>) void row;
  }, /sheets/);
  const read = await readSpreadsheet('指標.xlsx', bytes);
  assert.deepEqual(read.issues, []);
  assert.deepEqual(read.sheets, [
    {
      name: '指標',
      hidden: false,
      rows: [
        { row: 1, cells: ['計画コード', '指標コード', '年度', '値'] },
        { row: 2, cells: ['sapporo-2nd', '1-b', '平成29年度', '71.1%'] },
      ],
    },
  ]);
});

test('a damaged archive is still refused with the Japanese sentence', async () => {
  const bytes = await workbookWithLateWorkbookPart();
  const cut = bytes.subarray(0, Math.floor(bytes.length * 0.6));
  const read = await readSpreadsheet('指標.xlsx', cut);
  assert.deepEqual(read.issues.map((i) => i.message), ['Excel ファイル（.xlsx）として読めません。ファイルが壊れているか、別の形式です']);
});
