// Reads an uploaded file into sheets of text rows: .xlsx through exceljs's streaming reader (a
// large sheet is never held as a workbook model, only as the strings of its rows), CSV through the
// RFC 4180 parser after detecting its encoding. What cannot be read becomes an issue a person
// can act on, never an exception.
import { Readable } from 'node:stream';
import { crc32, inflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { decodeCsv, parseCsv, type CsvEncoding } from './csv.js';
import type { ImportIssue } from './import-issues.js';
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
/** Columns read per row (the template has at most 15). */
const MAX_COLUMNS = 64;

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
  if (startsWith(bytes, ZIP_MAGIC)) {
    const problem = checkZip(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    if (problem !== null) return fileIssue(problem);
    return readXlsx(bytes, options);
  }
  if (/\.xlsx$/i.test(fileName)) return fileIssue('Excel ファイル（.xlsx）として読めません。ファイルが壊れているか、別の形式です');
  return readCsv(fileName, bytes, options.maxRows ?? MAX_ROWS);
}

function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    const v = value as { richText?: { text: string }[]; result?: unknown; text?: unknown; error?: string };
    if (Array.isArray(v.richText)) return v.richText.map((r) => r.text).join('');
    if ('result' in v) return cellText(v.result);
    if (typeof v.text === 'string') return v.text;
    if (typeof v.error === 'string') return v.error;
  }
  return '';
}

/**
 * exceljs 4.4's streaming reader decodes each chunk of a zip entry on its own, so a character
 * split across two chunks becomes U+FFFD (「審議会��」). The reader's two parse entry points are
 * wrapped here so that they receive text decoded with one streaming TextDecoder per entry.
 */
async function* decodeUtf8(chunks: AsyncIterable<unknown>): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of chunks) {
    const text = typeof chunk === 'string' ? chunk : decoder.decode(chunk as Uint8Array, { stream: true });
    if (text !== '') yield text;
  }
  const tail = decoder.decode();
  if (tail !== '') yield tail;
}

/** A zip entry stream re-emitted as text decoded across chunk boundaries (for shared strings). */
function decodedStream(entry: Readable): Readable {
  return Readable.from(decodeUtf8(entry), { objectMode: true });
}

interface ReaderInternals {
  _parseSharedStrings(entry: Readable): AsyncGenerator<unknown>;
  _parseWorksheet(iterator: AsyncIterable<unknown>, sheetNo: string): Generator<unknown>;
}

function withUtf8Fix(reader: ExcelJS.stream.xlsx.WorkbookReader): ExcelJS.stream.xlsx.WorkbookReader {
  const internals = reader as unknown as ReaderInternals;
  const parseSharedStrings = internals._parseSharedStrings.bind(reader);
  const parseWorksheet = internals._parseWorksheet.bind(reader);
  internals._parseSharedStrings = (entry) => parseSharedStrings(decodedStream(entry));
  internals._parseWorksheet = (iterator, sheetNo) => parseWorksheet(decodeUtf8(iterator), sheetNo);
  return reader;
}

/** Largest total size of a workbook's unpacked parts (a 10,000-row sheet unpacks to about 5 MB). */
const MAX_UNPACKED_BYTES = 500 * 1024 * 1024;

/**
 * Checks every part of a .xlsx (a zip archive) against its length and CRC-32 before the streaming
 * reader sees it: exceljs 4.4 waits forever on a part whose compressed data is damaged. Parts are
 * unpacked one at a time and dropped. Returns what is wrong, or null.
 */
export function checkZip(bytes: Buffer): string | null {
  const broken = 'Excel ファイル（.xlsx）として読めません。ファイルが壊れているか、別の形式です';
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 65535); i--) {
    if (bytes.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return broken;
  const count = bytes.readUInt16LE(eocd + 10);
  let at = bytes.readUInt32LE(eocd + 16);
  let unpacked = 0;
  for (let n = 0; n < count; n++) {
    if (at + 46 > bytes.length || bytes.readUInt32LE(at) !== 0x02014b50) return broken;
    const method = bytes.readUInt16LE(at + 10);
    const crc = bytes.readUInt32LE(at + 16);
    const packedSize = bytes.readUInt32LE(at + 20);
    const size = bytes.readUInt32LE(at + 24);
    const nameLength = bytes.readUInt16LE(at + 28);
    const local = bytes.readUInt32LE(at + 42);
    at += 46 + nameLength + bytes.readUInt16LE(at + 30) + bytes.readUInt16LE(at + 32);
    if (packedSize === 0xffffffff || size === 0xffffffff) return '大きすぎる Excel ファイル（ZIP64）には対応していません';
    unpacked += size;
    if (unpacked > MAX_UNPACKED_BYTES) return `展開後の大きさが上限（${MAX_UNPACKED_BYTES / 1024 / 1024} MB）を超えます。ファイルを分けてください`;
    if (local + 30 > bytes.length || bytes.readUInt32LE(local) !== 0x04034b50) return broken;
    const start = local + 30 + bytes.readUInt16LE(local + 26) + bytes.readUInt16LE(local + 28);
    if (start + packedSize > bytes.length) return broken;
    const packed = bytes.subarray(start, start + packedSize);
    let data: Buffer;
    try {
      if (method === 0) data = packed;
      else if (method === 8) data = inflateRawSync(packed, { maxOutputLength: size + 1 });
      else return broken;
    } catch {
      return broken;
    }
    if (data.length !== size || crc32(data) !== crc) return broken;
  }
  return null;
}

async function readXlsx(bytes: Uint8Array, options: ReadOptions): Promise<ReadResult> {
  const sheets: SheetData[] = [];
  let rowsRead = 0;
  try {
    const reader = withUtf8Fix(new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)]), {
      sharedStrings: 'cache',
      styles: 'cache',
      hyperlinks: 'ignore',
      worksheets: 'emit',
      entries: 'ignore',
    }));
    for await (const worksheet of reader) {
      const ws = worksheet as unknown as AsyncIterable<ExcelJS.Row> & { name: string; state?: string };
      const sheet: SheetData = { name: ws.name, hidden: false, rows: [] };
      for await (const row of ws) {
        if (!addRow(sheet, row)) return tooManyRows(ws.name, row.number, options.maxRows ?? MAX_ROWS);
      }
      sheet.hidden = ws.state === 'hidden' || ws.state === 'veryHidden';
      sheets.push(sheet);
    }
  } catch {
    // exceljs 4.4's streaming reader fails now and then on an archive that is whole (exceljs
    // issue 3064: the order in which it meets the parts of the zip is a race). checkZip has
    // proved the archive whole, so it is read once more with the whole-file reader, which finds
    // the parts through the archive's directory.
    return readXlsxWhole(bytes, options);
  }
  return { format: 'xlsx', encoding: null, sheets, issues: [] };

  /** Adds a row's cells as text; false when the file has more rows than allowed. */
  function addRow(sheet: SheetData, row: ExcelJS.Row): boolean {
    const cells = rowCells(row);
    if (cells.length > 0) sheet.rows.push({ row: row.number, cells });
    rowsRead++;
    if (rowsRead % 1000 === 0) options.onProgress?.(rowsRead);
    return rowsRead <= (options.maxRows ?? MAX_ROWS);
  }
}

/** A row's cells as text, up to MAX_COLUMNS, without trailing empty cells. */
function rowCells(row: ExcelJS.Row): string[] {
  const values = row.values as unknown[];
  const cells: string[] = [];
  for (let i = 1; i < Math.min(values.length, MAX_COLUMNS + 1); i++) cells.push(cellText(values[i]));
  while (cells.length > 0 && cells[cells.length - 1] === '') cells.pop();
  return cells;
}

function tooManyRows(sheet: string, row: number, maxRows = MAX_ROWS): ReadResult {
  return { format: 'xlsx', encoding: null, sheets: [], issues: [{ sheet, row, column: '', message: `行が多すぎます（${maxRows.toLocaleString('ja-JP')}行まで）。ファイルを分けてください` }] };
}

/** The same reading with exceljs's whole-file reader (the fallback of readXlsx). */
async function readXlsxWhole(bytes: Uint8Array, options: ReadOptions): Promise<ReadResult> {
  const maxRows = options.maxRows ?? MAX_ROWS;
  const unreadable: ReadResult = { format: 'xlsx', encoding: null, sheets: [], issues: [{ sheet: '', row: 0, column: '', message: 'Excel ファイル（.xlsx）として読めません。ファイルが壊れているか、別の形式です' }] };
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ArrayBuffer);
  } catch {
    return unreadable;
  }
  const sheets: SheetData[] = [];
  let rowsRead = 0;
  for (const worksheet of workbook.worksheets) {
    const sheet: SheetData = { name: worksheet.name, hidden: worksheet.state === 'hidden' || worksheet.state === 'veryHidden', rows: [] };
    let over: number | null = null;
    worksheet.eachRow({ includeEmpty: false }, (row) => {
      if (over !== null) return;
      const cells = rowCells(row);
      if (cells.length > 0) sheet.rows.push({ row: row.number, cells });
      rowsRead++;
      if (rowsRead > maxRows) over = row.number;
    });
    if (over !== null) return tooManyRows(worksheet.name, over, maxRows);
    sheets.push(sheet);
  }
  return { format: 'xlsx', encoding: null, sheets, issues: [] };
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
  return { format: 'csv', encoding: decoded.encoding, sheets: [{ name, hidden: false, rows: records.map((r) => ({ row: r.line, cells: r.fields })) }], issues: [] };
}
