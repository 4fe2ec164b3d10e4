// The one CSV writer of the product (RFC 4180): open data, the comparison and indicator
// downloads, the department template and the `evaluate` command all write through csvRow.
//
// - A field with a comma, quote, CR or LF, or with a space at either end, is quoted; quotes are
//   doubled; rows end with CRLF. Booleans are 1 and 0, null and undefined an empty field.
// - Formula injection (OWASP "CSV injection"): a text that a spreadsheet would read as a formula
//   (it starts with = + - @ TAB or CR) is written with a single quote in front, so Excel shows it
//   as text and never runs =HYPERLINK(…). A value that is a plain number (-3.5, +81, 1e-3) is
//   not a formula and stays a number. Text that already starts with single quotes before such a
//   character gets one more, so readCsvField() gives back exactly what was written.
export type CsvValue = string | number | boolean | null | undefined;

const FORMULA_START = /^'*[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;

/** The text a spreadsheet shows for a value: a formula-like text behind a single quote. */
export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) && !PLAIN_NUMBER.test(text) ? `'${text}` : text;
}

export function csvField(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'boolean' ? (value ? '1' : '0') : typeof value === 'number' ? String(value) : neutraliseFormula(value);
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvRow(values: readonly CsvValue[]): string {
  return values.map(csvField).join(',') + '\r\n';
}

/** A field read back from a CSV this writer wrote (the department template): the single quote in front of a formula-like text taken off. */
export function readCsvField(field: string): string {
  if (!field.startsWith("'")) return field;
  const text = field.slice(1);
  return FORMULA_START.test(text) && !PLAIN_NUMBER.test(text) ? text : field;
}

/** UTF-8 byte order mark: Excel in Japan reads UTF-8 CSV correctly only with it. */
export const UTF8_BOM = '\uFEFF';
