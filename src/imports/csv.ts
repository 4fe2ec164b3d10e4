// Reading CSV as RFC 4180 writes it (quoted fields with commas, quotes and line breaks inside), in
// the character encodings Japanese offices save it in: UTF-8 with or without BOM, or Shift_JIS
// (Windows CP932). The encoding is detected, never assumed, and reported back to the person.
import iconv from 'iconv-lite';

export type CsvEncoding = 'UTF-8 (BOM付き)' | 'UTF-8' | 'Shift_JIS (CP932)';

export interface CsvRecord {
  /** 1-based line number where the record starts (a quoted line break spans lines). */
  line: number;
  fields: string[];
}

export type DecodeResult = { ok: true; text: string; encoding: CsvEncoding } | { ok: false; message: string; line?: number };

/** Decodes CSV bytes: UTF-8 BOM → UTF-8; valid UTF-8 → UTF-8; otherwise CP932, which must decode without a replacement character. */
export function decodeCsv(bytes: Uint8Array): DecodeResult {
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) {
    return { ok: false, message: 'UTF-16 の CSV には対応していません。UTF-8 または Shift_JIS で保存してください' };
  }
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    const text = tryUtf8(bytes.subarray(3));
    if (text === null) return { ok: false, message: 'UTF-8 の印（BOM）がありますが、UTF-8 として読めない文字があります' };
    return { ok: true, text, encoding: 'UTF-8 (BOM付き)' };
  }
  const nul = bytes.indexOf(0);
  if (nul >= 0) return { ok: false, message: 'CSV ではありません（文字でないデータを含みます）', line: lineOfOffset(bytes, nul) };
  const utf8 = tryUtf8(bytes);
  if (utf8 !== null) return { ok: true, text: utf8, encoding: 'UTF-8' };
  const sjis = iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), 'cp932');
  const bad = sjis.indexOf('\uFFFD');
  if (bad >= 0) {
    return { ok: false, message: '文字コードを判別できません（UTF-8 としても Shift_JIS としても読めない文字があります）', line: sjis.slice(0, bad).split('\n').length };
  }
  return { ok: true, text: sjis, encoding: 'Shift_JIS (CP932)' };
}

function tryUtf8(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return null;
  }
}

function lineOfOffset(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (bytes[i] === 0x0a) line++;
  return line;
}

export type ParseCsvResult = { ok: true; records: CsvRecord[] } | { ok: false; message: string; line: number };

/**
 * Parses RFC 4180 CSV: fields separated by commas, records by CRLF or LF (a lone CR too), fields
 * in double quotes may hold commas, line breaks and doubled quotes. Empty lines are skipped.
 */
export function parseCsv(text: string): ParseCsvResult {
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let recordLine = 1;
  let i = 0;
  let quoted = false;
  let fieldStarted = false;
  const endRecord = () => {
    fields.push(field);
    if (!(fields.length === 1 && fields[0] === '' && !fieldStarted)) records.push({ line: recordLine, fields });
    fields = [];
    field = '';
    fieldStarted = false;
  };
  while (i < text.length) {
    const ch = text[i] as string;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        const next = text[i];
        if (next !== undefined && next !== ',' && next !== '\n' && next !== '\r') {
          return { ok: false, message: '引用符（"）で囲んだ値の後に文字があります。値の中の " は "" と書いてください', line };
        }
        continue;
      }
      if (ch === '\n') line++;
      field += ch;
      i++;
      continue;
    }
    if (ch === '"') {
      if (field !== '') return { ok: false, message: '値の途中に引用符（"）があります。値全体を " で囲み、中の " は "" と書いてください', line };
      quoted = true;
      fieldStarted = true;
      i++;
      continue;
    }
    if (ch === ',') {
      fields.push(field);
      field = '';
      fieldStarted = true;
      i++;
      continue;
    }
    if (ch === '\r' || ch === '\n') {
      endRecord();
      i += ch === '\r' && text[i + 1] === '\n' ? 2 : 1;
      line++;
      recordLine = line;
      continue;
    }
    field += ch;
    fieldStarted = true;
    i++;
  }
  if (quoted) return { ok: false, message: '引用符（"）が閉じられていません', line: recordLine };
  if (field !== '' || fields.length > 0 || fieldStarted) endRecord();
  return { ok: true, records };
}
