// Stable, opaque page cursors: the key of the last row of a page (rows are ordered by a key that
// never changes), so a client walking the pages sees every row once even while rows are added.
import { AppError } from '../errors.js';

export function encodeCursor(key: Record<string, string | number>): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

/** The key inside a cursor, checked field by field; a cursor that was not ours is a 422. */
export function decodeCursor<K extends Record<string, 'string' | 'number'>>(cursor: string, shape: K): { [P in keyof K]: K[P] extends 'number' ? number : string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new AppError('INVALID_CURSOR');
  }
  if (typeof parsed !== 'object' || parsed === null) throw new AppError('INVALID_CURSOR');
  const record = parsed as Record<string, unknown>;
  for (const [name, type] of Object.entries(shape)) {
    const value = record[name];
    if (typeof value !== type || (type === 'number' && !Number.isSafeInteger(value))) throw new AppError('INVALID_CURSOR');
  }
  return record as { [P in keyof K]: K[P] extends 'number' ? number : string };
}

export interface PageOf<T> {
  data: T[];
  next: string | null;
}

/** Rows were read with limit + 1: the extra row only says there is a next page. */
export function pageOf<Row extends { id: number }, T>(rows: Row[], limit: number, present: (row: Row) => T): PageOf<T> {
  const shown = rows.slice(0, limit);
  const last = shown.at(-1);
  return { data: shown.map(present), next: rows.length > limit && last ? encodeCursor({ after: last.id }) : null };
}

export function afterOf(cursor: string | undefined): number | undefined {
  return cursor === undefined ? undefined : decodeCursor(cursor, { after: 'number' }).after;
}
