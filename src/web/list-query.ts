// A public list in pages narrowed by a word (the open data page's plans, a comparison's
// organisations): `?q=` (trimmed, at most 100 characters; empty is none) and `?page=` (1 unless a
// whole number from 1 to 100,000), read the same way everywhere, and the address of another page.
import type { Context } from 'hono';

export interface ListQuery {
  q: string | undefined;
  page: number;
}

/** The word and the page asked for. */
export function listQuery(c: Context): ListQuery {
  const q = c.req.query('q')?.trim().slice(0, 100) || undefined;
  const asked = Number(c.req.query('page'));
  return { q, page: Number.isInteger(asked) && asked >= 1 && asked <= 100_000 ? asked : 1 };
}

/** `path` with the word and the page (page 1 and no word: the bare path). */
export function listHref(path: string, { q, page }: ListQuery): string {
  const query = new URLSearchParams();
  if (q !== undefined) query.set('q', q);
  if (page > 1) query.set('page', String(page));
  const search = query.toString();
  return `${path}${search ? `?${search}` : ''}`;
}
