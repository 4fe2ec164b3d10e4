// The .xlsx reader on archives written by hand, part by part, the way Excel, LibreOffice and other
// programs write them: every expected cell below is what the XML says, worked out by hand.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import JSZip from 'jszip';
import { NO_SHEETS, readSpreadsheet, UNFOLLOWED_XML } from './read-spreadsheet.js';
import { isDateFormat, readXlsxArchive } from './read-xlsx.js';

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

interface Sheet {
  name: string;
  xml: string;
  state?: string;
  /** The part's name in the archive (default xl/worksheets/sheetN.xml). */
  part?: string;
  /** How workbook.xml.rels names it (default relative to xl/). */
  target?: string;
}

/** An archive with the parts a workbook needs, its sheets in the order given. */
async function workbook(sheets: Sheet[], extra: { sharedStrings?: string; styles?: string; workbookPr?: string; zipOrder?: 'reversed' } = {}): Promise<Buffer> {
  const zip = new JSZip();
  const parts: [string, string][] = [];
  parts.push(['[Content_Types].xml', `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`]);
  parts.push(['_rels/.rels', `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`]);
  const rels = sheets.map((s, i) => `<Relationship Id="rId${i + 1}" Type="${REL}/worksheet" Target="${s.target ?? `worksheets/sheet${i + 1}.xml`}"/>`);
  if (extra.sharedStrings) rels.push(`<Relationship Id="rIdS" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/>`);
  if (extra.styles) rels.push(`<Relationship Id="rIdT" Type="${REL}/styles" Target="styles.xml"/>`);
  parts.push(['xl/_rels/workbook.xml.rels', `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rels.join('')}</Relationships>`]);
  const sheetList = sheets.map((s, i) => `<sheet name="${s.name}" sheetId="${i + 1}"${s.state ? ` state="${s.state}"` : ''} r:id="rId${i + 1}"/>`).join('');
  parts.push(['xl/workbook.xml', `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="${MAIN}" xmlns:r="${REL}">${extra.workbookPr ?? ''}<sheets>${sheetList}</sheets></workbook>`]);
  if (extra.sharedStrings) parts.push(['xl/sharedStrings.xml', extra.sharedStrings]);
  if (extra.styles) parts.push(['xl/styles.xml', extra.styles]);
  sheets.forEach((s, i) => parts.push([s.part ?? `xl/worksheets/sheet${i + 1}.xml`, s.xml]));
  for (const [name, text] of extra.zipOrder === 'reversed' ? parts.reverse() : parts) zip.file(name, text);
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

const worksheet = (rows: string) => `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="${MAIN}" xmlns:r="${REL}"><sheetData>${rows}</sheetData></worksheet>`;

async function cells(bytes: Buffer): Promise<{ name: string; hidden: boolean; rows: { row: number; cells: string[] }[] }[]> {
  const read = await readSpreadsheet('test.xlsx', bytes);
  assert.deepEqual(read.issues, []);
  return read.sheets;
}

test('shared strings: rich text runs are joined, a phonetic guide (振り仮名) is not part of the text', async () => {
  const sharedStrings = `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="${MAIN}" count="4" uniqueCount="4">
    <si><t>東京</t><rPh sb="0" eb="2"><t>トウキョウ</t></rPh><phoneticPr fontId="1"/></si>
    <si><r><t>富士</t></r><r><rPr><b/><sz val="11"/></rPr><t xml:space="preserve">山 </t></r></si>
    <si><t>A&amp;B &lt;c&gt; &#12354;&#x3044;</t></si>
    <si><t/></si>
  </sst>`;
  const sheet = worksheet('<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c><c r="E1" t="s"><v>0</v></c></row>');
  assert.deepEqual(await cells(await workbook([{ name: '施策', xml: sheet }], { sharedStrings })), [
    { name: '施策', hidden: false, rows: [{ row: 1, cells: ['東京', '富士山 ', 'A&B <c> あい', '', '東京'] }] },
  ]);
});

test('cell types: inline and formula strings, booleans, errors, numbers as JavaScript writes them', async () => {
  const sheet = worksheet(
    '<row r="1">' +
      '<c r="A1" t="inlineStr"><is><t>実績</t></is></c>' +
      '<c r="B1" t="inlineStr"><is><r><t>約4億</t></r><r><t>9,600万円</t></r></is></c>' +
      '<c r="C1" t="str"><f>A1&amp;"値"</f><v>実績値</v></c>' +
      '<c r="D1" t="b"><v>1</v></c><c r="E1" t="b"><v>0</v></c>' +
      '<c r="F1" t="e"><v>#N/A</v></c>' +
      '<c r="G1"><v>1234</v></c><c r="H1" t="n"><v>0.1</v></c><c r="I1"><v>1.5E3</v></c><c r="J1"><f>1/3</f><v>0.33333333333333331</v></c>' +
      '<c r="K1" s="0"/>' +
      '</row>',
  );
  const [read] = await cells(await workbook([{ name: '指標', xml: sheet }]));
  // K1 has no value: a trailing empty cell is dropped
  assert.deepEqual(read?.rows, [{ row: 1, cells: ['実績', '約4億9,600万円', '実績値', 'TRUE', 'FALSE', '#N/A', '1234', '0.1', '1500', '0.3333333333333333'] }]);
});

test('a number formatted as a date reads as the date: built-in, East Asian (和暦) and custom formats, 1900 and 1904 systems', async () => {
  // cellXfs: 0 General, 1 built-in 14 (m/d/yyyy), 2 built-in 57 ([$-411]ge.m.d: R3.4.1), 3 custom 164
  // yyyy"年"m"月"d"日", 4 custom 165 #,##0"円" (not a date), 5 built-in 10 (0.00%)
  const styles = `<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="${MAIN}">
    <numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/><numFmt numFmtId="165" formatCode="#,##0&quot;円&quot;"/></numFmts>
    <cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs>
    <cellXfs count="6"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/><xf numFmtId="57"/><xf numFmtId="164"><alignment/></xf><xf numFmtId="165"/><xf numFmtId="10"/></cellXfs>
  </styleSheet>`;
  // 44287 days after 1899-12-30 (1900 system): 1970-01-01 is day 25569, and 44287 − 25569 = 18718 days
  // = 51 years to 2021-01-01 (51 × 365 + 13 leap days = 18628) + 90 days (31 + 28 + 31) → 2021-04-01
  const row = '<row r="2"><c r="A2" s="1"><v>44287</v></c><c r="B2" s="2"><v>44287</v></c><c r="C2" s="3"><v>44287</v></c><c r="D2" s="4"><v>44287</v></c><c r="E2" s="5"><v>0.717</v></c><c r="F2" s="0"><v>44287</v></c><c r="G2" s="1"><f>DATE(2021,4,1)</f><v>44287</v></c></row>';
  const [read] = await cells(await workbook([{ name: '指標', xml: worksheet(row) }], { styles }));
  assert.deepEqual(read?.rows, [{ row: 2, cells: ['2021-04-01', '2021-04-01', '2021-04-01', '44287', '0.717', '44287', '2021-04-01'] }]);
  // the 1904 system counts from 1904-01-01: the same day is 1462 days less
  const [read1904] = await cells(await workbook([{ name: '指標', xml: worksheet('<row r="1"><c r="A1" s="1"><v>42825</v></c></row>') }], { styles, workbookPr: '<workbookPr date1904="1"/>' }));
  assert.deepEqual(read1904?.rows, [{ row: 1, cells: ['2021-04-01'] }]);
});

test('date formats: y, m, d, h, s outside quotes and [...] make a date', () => {
  assert.equal(isDateFormat('yyyy/mm/dd'), true);
  assert.equal(isDateFormat('[$-411]ggge"年"m"月"d"日"'), true);
  assert.equal(isDateFormat('h:mm'), true);
  assert.equal(isDateFormat('#,##0"円"'), false);
  assert.equal(isDateFormat('0.0"days"'), false); // the d is quoted text
  assert.equal(isDateFormat('[Red]#,##0'), false); // the d is in a colour
  assert.equal(isDateFormat('General'), false);
});

test('cells sit in the column their reference names; rows keep their numbers; what has no reference follows the one before', async () => {
  const sheet = worksheet(
    '<row r="3"><c r="B3" t="inlineStr"><is><t>b</t></is></c><c r="D3" t="inlineStr"><is><t>d</t></is></c></row>' +
      '<row r="4"/>' +
      '<row r="5"><c r="A5" t="inlineStr"><is><t/></is></c><c r="B5"><v></v></c></row>' +
      '<row><c t="inlineStr"><is><t>x</t></is></c><c t="inlineStr"><is><t>y</t></is></c><c r="BL6" t="inlineStr"><is><t>64th</t></is></c><c r="BM6" t="inlineStr"><is><t>65th</t></is></c></row>',
  );
  const [read] = await cells(await workbook([{ name: '施策', xml: sheet }]));
  const bl = ['x', 'y', ...Array<string>(61).fill(''), '64th']; // BL is column 64 (2 × 26 + 12); BM, the 65th, is beyond what is read
  assert.deepEqual(read?.rows, [
    { row: 3, cells: ['', 'b', '', 'd'] },
    { row: 6, cells: bl },
  ]);
});

test('workbook: tab order, hidden sheets, names with entities, prefixed XML, absolute targets, parts in any order', async () => {
  const prefixed = `<?xml version="1.0" encoding="UTF-8"?><x:worksheet xmlns:x="${MAIN}"><!-- written by a tool --><x:sheetData><x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>prefixed</x:t></x:is></x:c></x:row></x:sheetData></x:worksheet>`;
  const bytes = await workbook(
    [
      { name: '施策', xml: worksheet('<row r="1"><c r="A1" t="inlineStr"><is><t><![CDATA[a<b]]></t></is></c></row>'), part: 'xl/worksheets/sheet9.xml', target: '/xl/worksheets/sheet9.xml' },
      { name: 'R&amp;D', xml: prefixed },
      { name: '_codes', xml: worksheet('<row r="1"><c r="A1" t="inlineStr"><is><t>k</t></is></c></row>'), state: 'hidden' },
      { name: 'secret', xml: worksheet(''), state: 'veryHidden' },
    ],
    { zipOrder: 'reversed' },
  );
  assert.deepEqual(await cells(bytes), [
    { name: '施策', hidden: false, rows: [{ row: 1, cells: ['a<b'] }] },
    { name: 'R&D', hidden: false, rows: [{ row: 1, cells: ['prefixed'] }] },
    { name: '_codes', hidden: true, rows: [{ row: 1, cells: ['k'] }] },
    { name: 'secret', hidden: true, rows: [] },
  ]);
});

test('a sheet larger than one piece, with characters cut at the pieces’ boundaries, reads whole', async () => {
  // about 4 MB of XML: the reader scans 1 MiB at a time, so several pieces end inside a
  // character, a tag or a value
  const rows: string[] = [];
  for (let r = 1; r <= 20_000; r++) rows.push(`<row r="${r}"><c r="A${r}" t="inlineStr"><is><t>指標${r}の値：約${r}万円</t></is></c><c r="B${r}"><v>${r}.5</v></c></row>`);
  const [read] = await cells(await workbook([{ name: '指標', xml: worksheet(rows.join('')) }]));
  assert.equal(read?.rows.length, 20_000);
  read?.rows.forEach((row, i) => assert.deepEqual(row, { row: i + 1, cells: [`指標${i + 1}の値：約${i + 1}万円`, `${i + 1}.5`] }));
});

test('a damaged part refuses the whole archive; XML the reader does not follow is refused, not read another way', async () => {
  const good = await workbook([{ name: '施策', xml: worksheet('<row r="1"><c r="A1" t="inlineStr"><is><t>ok</t></is></c></row>') }, { name: 'other', xml: worksheet('') }]);
  // flip a byte inside the compressed data of the last part written (the second sheet)
  const zip = await JSZip.loadAsync(good);
  assert.ok(zip.file('xl/worksheets/sheet2.xml'));
  const damaged = Buffer.from(good);
  const at = damaged.indexOf(Buffer.from('xl/worksheets/sheet2.xml')) + 'xl/worksheets/sheet2.xml'.length + 4;
  damaged[at] = (damaged[at] ?? 0) ^ 0xff;
  assert.deepEqual((await readSpreadsheet('test.xlsx', damaged)).issues.map((i) => i.message), ['Excel ファイル（.xlsx）として読めません。ファイルが壊れているか、別の形式です']);

  // a DTD is never in an Office part: this reader stops, and there is no other reader
  const withDtd = worksheet('<row r="1"><c r="A1" t="inlineStr"><is><t>dtd</t></is></c></row>').replace('<worksheet', '<!DOCTYPE worksheet><worksheet');
  const bytes = await workbook([{ name: '施策', xml: withDtd }]);
  await assert.rejects(readXlsxArchive(bytes, { maxRows: 10 }), /DTD/);
  const read = await readSpreadsheet('test.xlsx', bytes);
  assert.deepEqual(read.sheets, []);
  assert.deepEqual(read.issues.map((i) => i.message), [UNFOLLOWED_XML]);
});

test('a workbook whose sheet relationship points to a missing part is refused, its other parts never read as sheets', async () => {
  // the probe's file: the only sheet's target is missing, the archive holds a worksheet part
  // that no relationship names (exceljs's whole-file reader read it: 379 MB in the probe)
  const rows = Array.from({ length: 50 }, (_, i) => `<row r="${i + 1}"><c r="A${i + 1}" t="inlineStr"><is><t>x</t></is></c></row>`).join('');
  const bytes = await workbook([{ name: '指標', xml: worksheet(rows), part: 'xl/worksheets/sheet1.xml', target: 'worksheets/missing.xml' }]);
  const read = await readSpreadsheet('指標.xlsx', bytes);
  assert.deepEqual(read.sheets, []);
  assert.deepEqual(read.issues.map((i) => i.message), [NO_SHEETS]);
});

test('more than 64 MiB unpacked is refused before a byte of it is read', async () => {
  // 65 MiB of spaces between two rows (legal XML, compresses to almost nothing)
  const sheet = worksheet(`<row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c></row>${' '.repeat(65 * 1024 * 1024)}<row r="2"><c r="A2" t="inlineStr"><is><t>b</t></is></c></row>`);
  const bytes = await workbook([{ name: '指標', xml: sheet }]);
  assert.ok(bytes.length < 1024 * 1024, `${bytes.length} bytes packed`);
  const read = await readSpreadsheet('指標.xlsx', bytes);
  assert.deepEqual(read.sheets, []);
  assert.deepEqual(read.issues.map((i) => i.message), ['展開後の大きさが上限（64 MB）を超えます。ファイルを分けてください']);
});
