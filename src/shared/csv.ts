// CSV writing (RFC 4180): fields with a comma, quote, CR or LF are quoted, quotes doubled,
// rows end with CRLF.
export function csvField(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvRow(values: readonly (string | number | boolean | null | undefined)[]): string {
  return values.map(csvField).join(',') + '\r\n';
}

/** UTF-8 byte order mark: Excel in Japan reads UTF-8 CSV correctly only with it. */
export const UTF8_BOM = '\uFEFF';
