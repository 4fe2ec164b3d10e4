// Turns a sheet's text rows into records keyed by template column, checking the header row:
// every required header present, no header twice. Japanese and English headers are accepted.
import type { ImportIssue } from './import-issues.js';
import type { SheetData } from './read-spreadsheet.js';
import { normalizeHeader, type ColumnDefinition } from './template.js';

export interface KeyedRow<K extends string> {
  row: number;
  get(key: K): string;
  /** Whether the sheet has this column at all. */
  has(key: K): boolean;
}

export interface KeyedSheet<K extends string> {
  name: string;
  headerRow: number;
  rows: KeyedRow<K>[];
  /** The header of a column as written in the template (for messages). */
  label(key: K): string;
}

/** Columns whose text is stored as written (not trimmed). */
const TEXT_COLUMNS = new Set(['name', 'description', 'numericTarget', 'value', 'note', 'results', 'plans', 'issues']);

export function keyRows<K extends string>(sheet: SheetData, columns: readonly (ColumnDefinition & { key: K })[], issues: ImportIssue[]): KeyedSheet<K> | null {
  const keepAsWritten = new Set<string>(columns.filter((c) => TEXT_COLUMNS.has(c.key)).map((c) => c.key));
  const [header, ...rest] = sheet.rows;
  if (!header) {
    issues.push({ sheet: sheet.name, row: 1, column: '', message: '見出し行がありません' });
    return null;
  }
  const index = new Map<K, number>();
  const byHeader = new Map<string, ColumnDefinition & { key: K }>();
  for (const c of columns) for (const h of [c.ja, ...c.aliases]) if (!byHeader.has(normalizeHeader(h))) byHeader.set(normalizeHeader(h), c);
  let ok = true;
  header.cells.forEach((text, i) => {
    const c = byHeader.get(normalizeHeader(text));
    if (!c) return;
    if (index.has(c.key)) {
      issues.push({ sheet: sheet.name, row: header.row, column: c.ja, message: `見出し「${c.ja}」が2回あります（${(index.get(c.key) ?? 0) + 1}列目と${i + 1}列目）` });
      ok = false;
      return;
    }
    index.set(c.key, i);
  });
  for (const c of columns) {
    if (c.required && !index.has(c.key)) {
      issues.push({ sheet: sheet.name, row: header.row, column: c.ja, message: `必須の見出し「${c.ja}」がありません` });
      ok = false;
    }
  }
  if (!ok) return null;
  const label = (key: K) => columns.find((c) => c.key === key)?.ja ?? key;
  const layout: Layout<K> = { index, keepAsWritten };
  return {
    name: sheet.name,
    headerRow: header.row,
    label,
    rows: rest.map((r) => new SheetRowByKey(r.row, r.cells, layout)),
  };
}

interface Layout<K extends string> {
  index: ReadonlyMap<K, number>;
  keepAsWritten: ReadonlySet<string>;
}

/** One object per row, its methods shared (a 10,000-row sheet makes no closures per row). */
class SheetRowByKey<K extends string> implements KeyedRow<K> {
  constructor(
    readonly row: number,
    private readonly cells: readonly string[],
    private readonly layout: Layout<K>,
  ) {}

  get(key: K): string {
    const i = this.layout.index.get(key);
    const text = i === undefined ? '' : (this.cells[i] ?? '');
    // free text is kept as written; codes, labels and numbers are trimmed
    const trimmed = text.trim();
    if (trimmed === '') return '';
    return this.layout.keepAsWritten.has(key) ? text : trimmed;
  }

  has(key: K): boolean {
    return this.layout.index.has(key);
  }
}
