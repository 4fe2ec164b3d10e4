// Reads the sheets of a .xlsx as text rows, straight from the archive's XML: the workbook (sheet
// names, tab order, hidden sheets), its shared strings, the number formats that make a number a
// date, and each worksheet, scanned in pieces of about 1 MiB. No workbook model and no object per
// cell: a row becomes an array of strings as its end tag is read.
//
// Cell values as text:
// - shared, inline and formula strings as written; rich text runs joined; phonetic guides
//   (振り仮名, <rPh>) left out — they are how to read the text, not the text;
// - numbers as JavaScript writes them (0.1, 1234, 1e+21); a number formatted as a date or time
//   (built-in formats, the East Asian ones too, or a custom format with y, m, d, h or s) as its
//   date, 2021-04-01;
// - TRUE / FALSE, and an error value as its code (#N/A).
import { TextDecoder } from 'node:util';
import { ZipArchive, BROKEN_ARCHIVE, TOO_LARGE_UNPACKED, UnpackedTooLarge } from './zip-archive.js';
import { XmlScanner, attribute, readAttributes, type XmlHandler } from './xml-scanner.js';
import type { SheetData, SheetRow } from './read-spreadsheet.js';

export interface XlsxReadOptions {
  maxRows: number;
  onProgress?: ((rowsRead: number) => void) | undefined;
}

/** The sheets, or a sentence saying what is wrong with the archive, or where the row limit was passed. */
export type XlsxRead = { ok: true; sheets: SheetData[] } | { ok: false; problem: string } | { ok: false; tooManyRows: { sheet: string; row: number } };

/** Columns read per row (the template has at most 15). */
export const MAX_COLUMNS = 64;

/** Bytes of XML decoded and scanned at a time; between pieces the event loop gets a turn. */
const PIECE_BYTES = 1024 * 1024;

class TooManyRows extends Error {
  constructor(readonly row: number) {
    super('too many rows');
  }
}

/**
 * Reads every worksheet; throws on XML it does not understand (the caller refuses the file: there
 * is no second reader that could read it differently).
 */
export async function readXlsxArchive(bytes: Buffer, options: XlsxReadOptions): Promise<XlsxRead> {
  const zip = ZipArchive.open(bytes);
  if (typeof zip === 'string') return { ok: false, problem: zip };
  const read = new Set<string>();
  const text = (name: string): string | null => {
    if (!zip.has(name)) return null;
    const data = zip.unpack(name);
    read.add(name.toLowerCase());
    if (data === null) throw new BrokenPart();
    return decoderFor(data).decode(data);
  };
  try {
    const workbookName = relationships(text('_rels/.rels') ?? '', '').find((r) => r.type.endsWith('/officeDocument'))?.target ?? 'xl/workbook.xml';
    const workbookXml = text(workbookName);
    if (workbookXml === null) throw new Error('no workbook part');
    const workbook = scan(new WorkbookPart(), workbookXml);
    const rels = relationships(text(relationshipsOf(workbookName)) ?? '', folderOf(workbookName));
    const relOfType = (type: string) => rels.find((r) => r.type.endsWith(`/${type}`))?.target;
    const sharedStringsName = relOfType('sharedStrings');
    const sharedStrings = sharedStringsName ? scan(new SharedStringsPart(), text(sharedStringsName) ?? '').strings : [];
    const stylesName = relOfType('styles');
    const dateStyles = stylesName ? scan(new StylesPart(), text(stylesName) ?? '').dateStyles() : new Set<number>();

    const sheets: SheetData[] = [];
    const counter = { rowsRead: 0 };
    for (const sheet of workbook.sheets) {
      const rel = rels.find((r) => r.id === sheet.relId);
      if (!rel || !rel.type.endsWith('/worksheet') || !zip.has(rel.target)) continue;
      const data = zip.unpack(rel.target);
      read.add(rel.target.toLowerCase());
      if (data === null) throw new BrokenPart();
      const part = new WorksheetPart(sharedStrings, dateStyles, workbook.date1904, counter, options);
      try {
        await scanInPieces(part, data);
      } catch (error) {
        if (error instanceof TooManyRows) return { ok: false, tooManyRows: { sheet: sheet.name, row: error.row } };
        throw error;
      }
      sheets.push({ name: sheet.name, hidden: sheet.state === 'hidden' || sheet.state === 'veryHidden', rows: part.rows });
    }
    checkTheRest();
    return { ok: true, sheets };
  } catch (error) {
    if (error instanceof BrokenPart) return { ok: false, problem: BROKEN_ARCHIVE };
    if (error instanceof UnpackedTooLarge) return { ok: false, problem: TOO_LARGE_UNPACKED };
    // XML this reader does not follow: a damaged archive is still told as damaged
    try {
      checkTheRest();
    } catch (damaged) {
      if (damaged instanceof BrokenPart) return { ok: false, problem: BROKEN_ARCHIVE };
      if (damaged instanceof UnpackedTooLarge) return { ok: false, problem: TOO_LARGE_UNPACKED };
      throw damaged;
    }
    throw error;
  }

  /** Every part not read is unpacked and checked as well: a damaged archive is refused as a whole. */
  function checkTheRest(): void {
    if (typeof zip === 'string') return;
    for (const name of zip.names()) {
      if (read.has(name)) continue;
      read.add(name);
      if (zip.unpack(name) === null) throw new BrokenPart();
    }
  }
}

class BrokenPart extends Error {}

/** A part's decoder: Office writes UTF-8; UTF-16 is allowed when the part starts with its byte order mark. */
function decoderFor(data: Buffer): TextDecoder {
  if (data[0] === 0xff && data[1] === 0xfe) return new TextDecoder('utf-16le');
  if (data[0] === 0xfe && data[1] === 0xff) return new TextDecoder('utf-16be');
  return new TextDecoder('utf-8');
}

function scan<H extends XmlHandler>(handler: H, xml: string): H {
  const scanner = new XmlScanner(handler);
  scanner.write(xml);
  scanner.end();
  return handler;
}

/** Scans a part PIECE_BYTES at a time (the decoder keeps a character cut at a piece's end); the event loop gets a turn between pieces. */
async function scanInPieces(handler: XmlHandler, data: Buffer): Promise<void> {
  const decoder = decoderFor(data);
  const scanner = new XmlScanner(handler);
  for (let at = 0; at < data.length; at += PIECE_BYTES) {
    if (at > 0) await new Promise((resolve) => setImmediate(resolve));
    scanner.write(decoder.decode(data.subarray(at, at + PIECE_BYTES), { stream: true }));
  }
  scanner.write(decoder.decode());
  scanner.end();
}

// ── relationships: which part is the workbook, its sheets, shared strings and styles ──

interface Relationship {
  id: string;
  type: string;
  /** The part's name in the archive. */
  target: string;
}

function folderOf(partName: string): string {
  const slash = partName.lastIndexOf('/');
  return slash < 0 ? '' : partName.slice(0, slash + 1);
}

function relationshipsOf(partName: string): string {
  return `${folderOf(partName)}_rels/${partName.slice(folderOf(partName).length)}.rels`;
}

function relationships(xml: string, folder: string): Relationship[] {
  const found: Relationship[] = [];
  scan(
    {
      wantsText: false,
      open(name, attributes) {
        if (name !== 'Relationship' || attribute(attributes, 'TargetMode') === 'External') return;
        const target = attribute(attributes, 'Target') ?? '';
        found.push({ id: attribute(attributes, 'Id') ?? '', type: attribute(attributes, 'Type') ?? '', target: resolvePart(folder, target) });
      },
      text() {},
      close() {},
    },
    xml,
  );
  return found;
}

/** A relationship's target as a part name: relative to the source part's folder, or absolute from the archive's root. */
function resolvePart(folder: string, target: string): string {
  const path = target.startsWith('/') ? target.slice(1) : folder + target;
  const out: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '..') out.pop();
    else if (segment !== '.' && segment !== '') out.push(segment);
  }
  return out.join('/');
}

// ── xl/workbook.xml: the sheets in tab order, and the date system ──

class WorkbookPart implements XmlHandler {
  wantsText = false;
  sheets: { name: string; state: string | null; relId: string | null }[] = [];
  date1904 = false;

  open(name: string, attributes: string): void {
    if (name === 'sheet') this.sheets.push({ name: attribute(attributes, 'name') ?? '', state: attribute(attributes, 'state'), relId: attribute(attributes, 'id', true) });
    else if (name === 'workbookPr') this.date1904 = isTrue(attribute(attributes, 'date1904'));
  }

  text(): void {}
  close(): void {}
}

function isTrue(value: string | null): boolean {
  return value === '1' || value === 'true';
}

// ── xl/sharedStrings.xml ──

class SharedStringsPart implements XmlHandler {
  wantsText = false;
  strings: string[] = [];
  private current: string | null = null;
  private phonetic = false;

  open(name: string, _attributes: string, selfClosing: boolean): void {
    if (name === 'si') this.current = '';
    else if (name === 'rPh') this.phonetic = true;
    else if (name === 't' && this.current !== null && !this.phonetic && !selfClosing) this.wantsText = true;
  }

  text(text: string): void {
    this.current += text;
  }

  close(name: string): void {
    if (name === 't') this.wantsText = false;
    else if (name === 'rPh') this.phonetic = false;
    else if (name === 'si') {
      this.strings.push(this.current ?? '');
      this.current = null;
    }
  }
}

// ── xl/styles.xml: which cell styles show a number as a date or time ──

/** Built-in number formats that are dates or times: 14–22, 45–47, and the East Asian 27–36 and 50–58 (和暦 among them). */
function isBuiltInDateFormat(id: number): boolean {
  return (id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 45 && id <= 47) || (id >= 50 && id <= 58);
}

/** A format code is a date or time when, outside quoted text and [...] sections, it has y, m, d, h, s or b (Buddhist year). */
export function isDateFormat(code: string): boolean {
  return /[ymdhMsb]/.test(code.replace(/\[[^\]]*\]/g, '').replace(/"[^"]*"/g, ''));
}

class StylesPart implements XmlHandler {
  wantsText = false;
  private formats = new Map<number, string>();
  private cellFormats: number[] = [];
  private inCellXfs = false;

  open(name: string, attributes: string): void {
    if (name === 'numFmt') this.formats.set(Number(attribute(attributes, 'numFmtId') ?? NaN), attribute(attributes, 'formatCode') ?? '');
    else if (name === 'cellXfs') this.inCellXfs = true;
    else if (name === 'xf' && this.inCellXfs) this.cellFormats.push(Number(attribute(attributes, 'numFmtId') ?? 0));
  }

  text(): void {}

  close(name: string): void {
    if (name === 'cellXfs') this.inCellXfs = false;
  }

  /** Indexes of the cell styles (a cell's s attribute) whose number format is a date or time. */
  dateStyles(): Set<number> {
    const dates = new Set<number>();
    this.cellFormats.forEach((id, style) => {
      const custom = this.formats.get(id);
      if (custom !== undefined ? isDateFormat(custom) : isBuiltInDateFormat(id)) dates.add(style);
    });
    return dates;
  }
}

// ── a worksheet: <row r="2"><c r="A2" s="1" t="s"><f>…</f><v>…</v></c> … </row> ──

/** 0-based column of a cell reference (A1 → 0, AB7 → 27); -1 when it has no letters. */
function columnOf(ref: string): number {
  let column = 0;
  let i = 0;
  for (; i < ref.length; i++) {
    const c = ref.charCodeAt(i);
    if (c >= 65 && c <= 90) column = column * 26 + (c - 64);
    else if (c >= 97 && c <= 122) column = column * 26 + (c - 96);
    else break;
  }
  return i === 0 ? -1 : column - 1;
}

const CELL_ATTRIBUTES = ['r', 't', 's'];
const ROW_ATTRIBUTES = ['r'];

class WorksheetPart implements XmlHandler {
  wantsText = false;
  rows: SheetRow[] = [];
  private cells: string[] | null = null;
  private rowNumber = 0;
  private column = -1;
  private type = 'n';
  private style = 0;
  /** The cell's <v>, or its inline string (<is>): null until one is read. */
  private value: string | null = null;
  private inlineText: string | null = null;
  private phonetic = false;
  /** The r, t and s attributes of the cell being read (one array for every cell). */
  private readonly found: (string | null)[] = [null, null, null];

  constructor(
    private readonly sharedStrings: readonly string[],
    private readonly dateStyles: ReadonlySet<number>,
    private readonly date1904: boolean,
    private readonly counter: { rowsRead: number },
    private readonly options: XlsxReadOptions,
  ) {}

  open(name: string, attributes: string, selfClosing: boolean): void {
    switch (name) {
      case 'row': {
        readAttributes(attributes, ROW_ATTRIBUTES, this.found);
        const r = this.found[0] ?? null;
        this.rowNumber = r !== null && /^\d+$/.test(r) ? Number(r) : this.rowNumber + 1;
        this.cells = [];
        this.column = -1;
        break;
      }
      case 'c': {
        if (this.cells === null) break;
        readAttributes(attributes, CELL_ATTRIBUTES, this.found);
        const ref = this.found[0] ?? null;
        const type = this.found[1] ?? null;
        const style = this.found[2] ?? null;
        const column = ref === null ? -1 : columnOf(ref);
        this.column = column >= 0 ? column : this.column + 1;
        this.type = type ?? 'n';
        this.style = style === null ? 0 : Number(style);
        this.value = null;
        this.inlineText = null;
        break;
      }
      case 'v':
        if (this.cells === null) break;
        this.value = '';
        this.wantsText = !selfClosing;
        break;
      case 'is':
        if (this.cells !== null) this.inlineText = '';
        break;
      case 'rPh':
        this.phonetic = true;
        break;
      case 't':
        if (this.inlineText !== null && !this.phonetic) this.wantsText = !selfClosing;
        break;
      default:
        break;
    }
  }

  text(text: string): void {
    if (this.inlineText !== null && this.value === null) this.inlineText += text;
    else this.value += text;
  }

  close(name: string): void {
    switch (name) {
      case 'v':
      case 't':
        this.wantsText = false;
        break;
      case 'rPh':
        this.phonetic = false;
        break;
      case 'c':
        if (this.cells !== null && this.column < MAX_COLUMNS) {
          const cells = this.cells;
          const text = this.cellText();
          while (cells.length < this.column) cells.push('');
          cells[this.column] = text;
        }
        this.value = null;
        this.inlineText = null;
        break;
      case 'row':
        this.endRow();
        break;
      default:
        break;
    }
  }

  private cellText(): string {
    const value = this.value;
    switch (this.type) {
      case 's':
        return value === null ? '' : (this.sharedStrings[Number(value)] ?? '');
      case 'inlineStr':
        return this.inlineText ?? value ?? '';
      case 'str':
      case 'e':
        return value ?? '';
      case 'b':
        return value === null || value === '' ? '' : Number(value) !== 0 ? 'TRUE' : 'FALSE';
      case 'd':
        return value === null ? '' : /^\d{4}-\d{2}-\d{2}/.test(value) ? value.slice(0, 10) : value;
      default: {
        if (value === null || value === '') return '';
        const number = parseFloat(value);
        if (!Number.isFinite(number)) return '';
        if (!this.dateStyles.has(this.style)) return String(number);
        // the serial day number of the workbook's date system (1900: day 25569 is 1970-01-01)
        const date = new Date(Math.round((number - 25569 + (this.date1904 ? 1462 : 0)) * 86_400_000));
        return Number.isNaN(date.getTime()) ? '' : date.toISOString().slice(0, 10);
      }
    }
  }

  private endRow(): void {
    const cells = this.cells;
    if (cells === null) return;
    this.cells = null;
    while (cells.length > 0 && cells[cells.length - 1] === '') cells.pop();
    if (cells.length > 0) this.rows.push({ row: this.rowNumber, cells });
    const rowsRead = ++this.counter.rowsRead;
    if (rowsRead % 1000 === 0) this.options.onProgress?.(rowsRead);
    if (rowsRead > this.options.maxRows) throw new TooManyRows(this.rowNumber);
  }
}
