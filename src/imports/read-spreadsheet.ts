// Reads an uploaded file into sheets of text rows: .xlsx with read-xlsx.ts only, straight from the
// archive's XML (a large sheet is never held as a workbook model, only as the strings of its
// rows; at most MAX_UNPACKED_BYTES unpacked, counted while unpacking). There is no second reader:
// XML read-xlsx.ts does not follow, or a workbook whose sheets it cannot find, is refused, never
// read another way (exceljs's whole-file reader expanded a 1.5 MB upload to gigabytes). CSV goes
// through the RFC 4180 parser after detecting its encoding. What cannot be read becomes an issue
// a person can act on, never an exception.
import { decodeCsv, parseCsv, type CsvEncoding } from './csv.js';
import { readCsvField } from '../shared/csv.js';
import type { ImportIssue } from './import-issues.js';
import { readXlsxArchive, type XlsxRead } from './read-xlsx.js';
import { BROKEN_ARCHIVE } from './zip-archive.js';
import { ENTRIES_SHEET, INDICATORS_SHEET, ITEMS_SHEET, sheetOfHeaders } from './template.js';

export interface SheetRow {
  /** 1-based row number as Excel shows it (CSV: the line the record starts on). */
  row: number;
  cells: string[];
}

export interface SheetData {
  name: string;
  hidden: boolean;
  rows: SheetRow[];
}

export interface ReadResult {
  format: 'xlsx' | 'csv';
  /** For CSV: the encoding that was detected and used. */
  encoding: CsvEncoding | null;
  sheets: SheetData[];
  issues: ImportIssue[];
}

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0]; // .xls (Excel 97–2003)

const startsWith = (bytes: Uint8Array, magic: number[]) => magic.every((b, i) => bytes[i] === b);

/** Rows read at most, header rows included (a 10,000-row sheet is the expected size; this bounds a zip bomb). */
export const MAX_ROWS = 200_000;

export const UNFOLLOWED_XML = 'Excel ファイル（.xlsx）の中身を読み取れません。Excel で開き、「名前を付けて保存」で「Excel ブック（.xlsx）」として保存し直してください';
export const NO_SHEETS = 'Excel ファイル（.xlsx）に読み取れるシートがありません。Excel で開き、シートがあることを確かめて保存し直してください';

export interface ReadOptions {
  /** Called every 1,000 rows read (progress of a long import). */
  onProgress?: (rowsRead: number) => void;
  /** Rows read at most (default MAX_ROWS). */
  maxRows?: number;
}

export async function readSpreadsheet(fileName: string, bytes: Uint8Array, options: ReadOptions = {}): Promise<ReadResult> {
  const fileIssue = (message: string, row = 0): ReadResult => ({
    format: /\.csv$/i.test(fileName) ? 'csv' : 'xlsx',
    encoding: null,
    sheets: [],
    issues: [{ sheet: '', row, column: '', message }],
  });
  if (bytes.length === 0) return fileIssue('ファイルが空です');
  if (startsWith(bytes, OLE_MAGIC)) return fileIssue('古い Excel 形式（.xls）には対応していません。Excel で「.xlsx」形式で保存し直してください');
  if (startsWith(bytes, ZIP_MAGIC)) return readXlsx(bytes, options);
  if (/\.xlsx$/i.test(fileName)) return fileIssue(BROKEN_ARCHIVE);
  return readCsv(fileName, bytes, options.maxRows ?? MAX_ROWS);
}

async function readXlsx(bytes: Uint8Array, options: ReadOptions): Promise<ReadResult> {
  const maxRows = options.maxRows ?? MAX_ROWS;
  const refused = (message: string): ReadResult => ({ format: 'xlsx', encoding: null, sheets: [], issues: [{ sheet: '', row: 0, column: '', message }] });
  let read: XlsxRead;
  try {
    read = await readXlsxArchive(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), { maxRows, onProgress: options.onProgress });
  } catch {
    // parts whole, but XML the reader does not follow (read-xlsx.ts throws rather than guess)
    return refused(UNFOLLOWED_XML);
  }
  if (read.ok) return read.sheets.length > 0 ? { format: 'xlsx', encoding: null, sheets: read.sheets, issues: [] } : refused(NO_SHEETS);
  if ('tooManyRows' in read) return tooManyRows(read.tooManyRows.sheet, read.tooManyRows.row, maxRows);
  return refused(read.problem);
}

function tooManyRows(sheet: string, row: number, maxRows = MAX_ROWS): ReadResult {
  return { format: 'xlsx', encoding: null, sheets: [], issues: [{ sheet, row, column: '', message: `行が多すぎます（${maxRows.toLocaleString('ja-JP')}行まで）。ファイルを分けてください` }] };
}

function readCsv(fileName: string, bytes: Uint8Array, maxRows: number): ReadResult {
  const decoded = decodeCsv(bytes);
  if (!decoded.ok) return { format: 'csv', encoding: null, sheets: [], issues: [{ sheet: '', row: decoded.line ?? 0, column: '', message: decoded.message }] };
  const parsed = parseCsv(decoded.text);
  if (!parsed.ok) return { format: 'csv', encoding: decoded.encoding, sheets: [], issues: [{ sheet: '', row: parsed.line, column: '', message: parsed.message }] };
  const records = parsed.records.filter((r) => r.fields.some((f) => f.trim() !== ''));
  if (records.length > maxRows) {
    return { format: 'csv', encoding: decoded.encoding, sheets: [], issues: [{ sheet: '', row: records[maxRows]?.line ?? 0, column: '', message: `行が多すぎます（${maxRows.toLocaleString('ja-JP')}行まで）。ファイルを分けてください` }] };
  }
  if (records.length === 0) return { format: 'csv', encoding: decoded.encoding, sheets: [], issues: [{ sheet: '', row: 0, column: '', message: 'ファイルに行がありません' }] };
  const header = records[0];
  const name = header ? sheetOfHeaders(header.fields) : null;
  if (!name) {
    const hint = decoded.encoding === 'Shift_JIS (CP932)' ? `（${decoded.encoding} として読みました。文字コードを確認してください）` : '';
    return {
      format: 'csv',
      encoding: decoded.encoding,
      sheets: [],
      issues: [{ sheet: '', row: header?.line ?? 1, column: '', message: `見出し行が「${ITEMS_SHEET}」「${INDICATORS_SHEET}」「${ENTRIES_SHEET}」のどのテンプレートとも一致しません${hint}。${fileName} の1行目に見出しを書いてください` }],
    };
  }
  // a text the template's writer put behind a single quote (formula injection) is read as it was
  return { format: 'csv', encoding: decoded.encoding, sheets: [{ name, hidden: false, rows: records.map((r) => ({ row: r.line, cells: r.fields.map(readCsvField) })) }], issues: [] };
}
