// Rendered public pages, kept while the data does not change. The data's version is the
// database's WAL insert position: any write anywhere (a new value, a published round, feedback)
// moves it, so a cached page is never older than the data — one tiny query per request instead
// of rendering. The CSRF token of the visitor is put into the cached HTML at serve time.
import type { Context } from 'hono';
import { sql } from 'drizzle-orm';
import { queryRows, type Queryable } from '../db/client.js';

export const CSRF_PLACEHOLDER = '__SHINCHOKU_CSRF_TOKEN__';

export async function dataVersion(db: Queryable): Promise<string> {
  const [row] = await queryRows<{ lsn: string }>(db, sql`SELECT pg_current_wal_insert_lsn()::text AS lsn`);
  return row?.lsn ?? '';
}

interface Entry {
  version: string;
  /** The page as UTF-8, split where the CSRF token goes. */
  parts: Uint8Array<ArrayBuffer>[];
  contentType: string;
}

const encoder = new TextEncoder();

function assemble(parts: Uint8Array<ArrayBuffer>[], token: string): Uint8Array<ArrayBuffer> {
  if (parts.length === 1) return parts[0] ?? new Uint8Array();
  const tokenBytes = encoder.encode(token);
  const length = parts.reduce((n, p) => n + p.byteLength, 0) + tokenBytes.byteLength * (parts.length - 1);
  const out = new Uint8Array(length);
  let at = 0;
  parts.forEach((part, i) => {
    if (i > 0) {
      out.set(tokenBytes, at);
      at += tokenBytes.byteLength;
    }
    out.set(part, at);
    at += part.byteLength;
  });
  return out;
}

export class PageCache {
  private readonly pages = new Map<string, Entry>();
  private bytes = 0;

  /** Keeps at most `maxBytes` of pages (least recently used leave first). */
  constructor(private readonly db: Queryable, private readonly maxBytes = 32 * 1024 * 1024) {}

  private sizeOf(entry: Entry): number {
    return entry.parts.reduce((n, p) => n + p.byteLength, 0);
  }

  /**
   * Serves the page of this URL from the cache when the data has not changed since it was
   * rendered; otherwise renders it (with the CSRF token marker), keeps a 200 answer, and serves it.
   */
  async serve(c: Context, render: (csrfToken: string) => Response | Promise<Response>): Promise<Response> {
    const url = new URL(c.req.url);
    const key = `${url.pathname}${url.search}`;
    const token = (c.get('csrfToken') as string | undefined) ?? '';
    const version = await dataVersion(this.db);
    const hit = this.pages.get(key);
    if (hit && hit.version === version) {
      this.pages.delete(key);
      this.pages.set(key, hit); // most recently used last
      return c.body(assemble(hit.parts, token), 200, { 'content-type': hit.contentType, 'x-page-cache': 'hit' });
    }
    const response = await render(CSRF_PLACEHOLDER);
    if (response.status !== 200) return response;
    const html = await response.text();
    const contentType = response.headers.get('content-type') ?? 'text/html; charset=UTF-8';
    const parts = html.split(CSRF_PLACEHOLDER).map((part) => encoder.encode(part));
    const entry = { version, parts, contentType };
    const previous = this.pages.get(key);
    if (previous) {
      this.bytes -= this.sizeOf(previous);
      this.pages.delete(key);
    }
    this.pages.set(key, entry);
    this.bytes += this.sizeOf(entry);
    for (const [oldKey, old] of this.pages) {
      if (this.bytes <= this.maxBytes || oldKey === key) break;
      this.pages.delete(oldKey);
      this.bytes -= this.sizeOf(old);
    }
    return c.body(assemble(parts, token), 200, { 'content-type': contentType, 'x-page-cache': 'miss' });
  }
}
