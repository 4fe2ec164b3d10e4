// Rendered public pages, kept while the data does not change. A page is kept with the data's
// version (src/db/data-version.ts: kept in memory, dropped by every write of this process, at
// most DATA_VERSION_REFRESH_MS old on PostgreSQL), so a hit costs no query and no rendering.
// The CSRF token of the visitor is put into the cached HTML at serve time; a page without a
// form that posts carries no token, sends no CSRF cookie, and answers If-None-Match with 304.
// The Content-Security-Policy is computed once per rendering (security-headers.ts then skips it).
import type { Context } from 'hono';
import { createHash } from 'node:crypto';
import type { DataVersion } from '../db/data-version.js';
import { markCsrfUnused } from '../auth/middleware.js';
import { contentSecurityPolicy } from '../system/security-headers.js';

export const CSRF_PLACEHOLDER = '__SHINCHOKU_CSRF_TOKEN__';

interface Entry {
  version: string;
  /** The page as UTF-8, split where the CSRF token goes (one part: no token). */
  parts: Buffer[];
  size: number;
  contentType: string;
  csp: string;
  /** A validator for pages without a token: the same for every visitor. */
  etag: string | undefined;
}

function assemble(parts: Buffer[], token: string): Buffer {
  if (parts.length === 1) return parts[0] ?? Buffer.alloc(0);
  const tokenBytes = Buffer.from(token);
  const pieces: Buffer[] = [];
  parts.forEach((part, i) => {
    if (i > 0) pieces.push(tokenBytes);
    pieces.push(part);
  });
  return Buffer.concat(pieces);
}

/** A Buffer made from a string is backed by an ArrayBuffer (never shared): sent as it is, without a copy. */
function bytes(buffer: Buffer): Uint8Array<ArrayBuffer> {
  return buffer as Uint8Array<ArrayBuffer>;
}

/** The path and query of the request, without parsing the whole URL. */
function keyOf(url: string): string {
  const start = url.indexOf('/', url.indexOf('//') + 2);
  const hash = url.indexOf('#');
  return start < 0 ? '/' : url.slice(start, hash < 0 ? undefined : hash);
}

function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (ifNoneMatch === undefined) return false;
  return ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag.replace(/^W\//, '') || tag.trim() === '*');
}

export class PageCache {
  private readonly pages = new Map<string, Entry>();
  private bytes = 0;

  /** Keeps at most `maxBytes` of pages (least recently used leave first). */
  constructor(private readonly version: DataVersion, private readonly maxBytes = 32 * 1024 * 1024) {}

  /**
   * Serves the page of this URL from the cache when the data has not changed since it was
   * rendered; otherwise renders it (with the CSRF token marker), keeps a 200 answer, and serves it.
   */
  async serve(c: Context, render: (csrfToken: string) => Response | Promise<Response>): Promise<Response> {
    const key = keyOf(c.req.url);
    const version = this.version.peek() ?? (await this.version.get());
    const hit = this.pages.get(key);
    if (hit && hit.version === version) {
      this.pages.delete(key);
      this.pages.set(key, hit); // most recently used last
      return this.answer(c, hit, 'hit');
    }
    const response = await render(CSRF_PLACEHOLDER);
    if (response.status !== 200) return response;
    const html = await response.text();
    const parts = html.split(CSRF_PLACEHOLDER).map((part) => Buffer.from(part));
    const entry: Entry = {
      version,
      parts,
      size: parts.reduce((n, p) => n + p.byteLength, 0),
      contentType: response.headers.get('content-type') ?? 'text/html; charset=UTF-8',
      csp: contentSecurityPolicy(html),
      etag: parts.length === 1 ? `W/"${createHash('sha256').update(`${version}\n${key}`).digest('base64url').slice(0, 27)}"` : undefined,
    };
    const previous = this.pages.get(key);
    if (previous) {
      this.bytes -= previous.size;
      this.pages.delete(key);
    }
    this.pages.set(key, entry);
    this.bytes += entry.size;
    for (const [oldKey, old] of this.pages) {
      if (this.bytes <= this.maxBytes || oldKey === key) break;
      this.pages.delete(oldKey);
      this.bytes -= old.size;
    }
    return this.answer(c, entry, 'miss');
  }

  private answer(c: Context, entry: Entry, state: 'hit' | 'miss'): Response {
    const headers: Record<string, string> = { 'content-type': entry.contentType, 'content-security-policy': entry.csp, 'x-page-cache': state };
    if (!entry.etag) return c.body(bytes(assemble(entry.parts, (c.get('csrfToken') as string | undefined) ?? '')), 200, headers);
    markCsrfUnused(c);
    headers.etag = entry.etag;
    headers['cache-control'] = 'no-cache';
    if (matches(c.req.header('if-none-match'), entry.etag)) return c.body(null, 304, headers);
    return c.body(bytes(entry.parts[0] ?? Buffer.alloc(0)), 200, headers);
  }
}
