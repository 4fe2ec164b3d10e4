// Rendered public pages, kept while the data does not change. A page is kept with the data's
// version (src/db/data-version.ts: kept in memory, dropped by every write of this process, at
// most DATA_VERSION_REFRESH_MS old on PostgreSQL), so a hit costs no query and no rendering.
// The CSRF token of the visitor is put into the cached HTML at serve time; a page without a
// form that posts carries no token, sends no CSRF cookie, and answers If-None-Match with 304.
// The Content-Security-Policy is computed once per rendering (security-headers.ts then skips it).
import type { Context } from 'hono';
import { createHash } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import { compressParts, gzipJoined, type CompressedPart } from './gzip-parts.js';
import type { DataVersion } from '../db/data-version.js';
import { markCsrfUnused } from '../auth/middleware.js';
import { contentSecurityPolicy } from '../system/security-headers.js';

export const CSRF_PLACEHOLDER = '__SHINCHOKU_CSRF_TOKEN__';

interface Entry {
  /** The data version the page was rendered (or last found still valid) at. */
  version: string;
  /** A page of one plan: the plan's own data version when it was rendered (plan-version.repository.ts). */
  planVersion: string | undefined;
  /** A page with a visitor's CSRF token: its UTF-8 split where the token goes, each part compressed (gzip-parts.ts). */
  parts: CompressedPart[];
  /** A page without a token: kept gzip-compressed (a tenth of the size), sent as it is to browsers. */
  gzipped: Buffer | undefined;
  size: number;
  contentType: string;
  csp: string;
  /** A validator for pages without a token: the same for every visitor. */
  etag: string | undefined;
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

/** Whether the client takes gzip (every browser does; a q of 0 refuses it). */
export function acceptsGzip(acceptEncoding: string | undefined): boolean {
  if (!acceptEncoding) return false;
  return acceptEncoding.split(',').some((coding) => {
    const [name, ...params] = coding.trim().split(';');
    if (name?.trim().toLowerCase() !== 'gzip' && name?.trim() !== '*') return false;
    const q = params.map((p) => /^\s*q\s*=\s*([\d.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
    return q === undefined || Number(q) > 0;
  });
}

function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (ifNoneMatch === undefined) return false;
  return ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag.replace(/^W\//, '') || tag.trim() === '*');
}

/** Reads a plan's data version (src/plans/plan-version.repository.ts). */
export type PlanVersionReader = (planCode: string) => Promise<string>;

export interface PageCacheOptions {
  /** With it, a page of one plan stays kept while only other plans change. */
  planVersion?: PlanVersionReader;
  /** Keeps at most this many bytes of pages (least recently used leave first); default PAGE_CACHE_MB or 64 MB. */
  maxBytes?: number;
}

/** PAGE_CACHE_MB: a positive number of megabytes, else 64. */
export function pageCacheBytes(value: string | undefined): number {
  const megabytes = Number(value);
  return (value !== undefined && value.trim() !== '' && Number.isFinite(megabytes) && megabytes > 0 ? megabytes : 64) * 1024 * 1024;
}

export class PageCache {
  private readonly pages = new Map<string, Entry>();
  /** Renderings in progress: concurrent misses of one page wait for the one rendering (single flight). */
  private readonly rendering = new Map<string, { version: string; entry: Promise<Entry | undefined> }>();
  private bytes = 0;

  private readonly planVersion: PlanVersionReader | undefined;
  private readonly maxBytes: number;

  constructor(private readonly version: DataVersion, options: PageCacheOptions = {}) {
    this.planVersion = options.planVersion;
    this.maxBytes = options.maxBytes ?? pageCacheBytes(process.env.PAGE_CACHE_MB);
  }

  /**
   * Serves the page of this URL from the cache when the data has not changed since it was
   * rendered; otherwise renders it (with the CSRF token marker), keeps a 200 answer, and serves it.
   * A page of one plan (`plan`: its code) is still valid after a write elsewhere when its plan's
   * data version is what it was: one small query instead of a rendering.
   */
  async serve(c: Context, render: (csrfToken: string) => Response | Promise<Response>, plan?: string): Promise<Response> {
    const key = keyOf(c.req.url);
    const version = this.version.peek() ?? (await this.version.get());
    const hit = this.pages.get(key);
    const planReader = plan === undefined ? undefined : this.planVersion;
    let planVersion: string | undefined;
    if (hit && hit.version !== version && planReader && hit.planVersion !== undefined) {
      planVersion = await planReader(plan ?? '');
      if (planVersion === hit.planVersion) hit.version = version;
    }
    if (hit && hit.version === version) {
      this.pages.delete(key);
      this.pages.set(key, hit); // most recently used last
      return this.answer(c, hit, 'hit');
    }
    const inFlight = this.rendering.get(key);
    if (inFlight && inFlight.version === version) {
      const entry = await inFlight.entry;
      // the one rendering failed or was not a 200 page: this request renders its own answer
      if (entry) return this.answer(c, entry, 'hit');
    }
    let settle: (entry: Entry | undefined) => void = () => undefined;
    const flight = { version, entry: new Promise<Entry | undefined>((resolve) => (settle = resolve)) };
    this.rendering.set(key, flight);
    let entry: Entry | undefined;
    try {
      // read before rendering: a write during the rendering then makes the next request render again
      if (planReader && planVersion === undefined) planVersion = await planReader(plan ?? '');
      const response = await render(CSRF_PLACEHOLDER);
      if (response.status !== 200) return response;
      entry = this.keep(key, version, planVersion, response.headers.get('content-type'), await response.text());
      return this.answer(c, entry, 'miss');
    } finally {
      if (this.rendering.get(key) === flight) this.rendering.delete(key);
      settle(entry);
    }
  }

  private keep(key: string, version: string, planVersion: string | undefined, contentType: string | null, html: string): Entry {
    const split = html.split(CSRF_PLACEHOLDER).map((part) => Buffer.from(part));
    const gzipped = split.length === 1 ? gzipSync(split[0] ?? Buffer.alloc(0)) : undefined;
    const parts = gzipped ? [] : compressParts(split);
    // a plan's page keeps its validator while other plans change; other pages follow every write
    const validator = planVersion === undefined ? version : `plan ${planVersion}`;
    const entry: Entry = {
      version,
      planVersion,
      parts,
      gzipped,
      size: gzipped ? gzipped.byteLength : parts.reduce((n, p) => n + p.deflated.byteLength, 0),
      contentType: contentType ?? 'text/html; charset=UTF-8',
      csp: contentSecurityPolicy(html),
      etag: gzipped ? `W/"${createHash('sha256').update(`${validator}\n${key}`).digest('base64url').slice(0, 27)}"` : undefined,
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
    return entry;
  }

  private answer(c: Context, entry: Entry, state: 'hit' | 'miss'): Response {
    const headers: Record<string, string> = { 'content-type': entry.contentType, 'content-security-policy': entry.csp, 'x-page-cache': state };
    const gzip = acceptsGzip(c.req.header('accept-encoding'));
    headers.vary = 'Accept-Encoding';
    if (gzip) headers['content-encoding'] = 'gzip';
    if (!entry.etag) {
      const joined = gzipJoined(entry.parts, Buffer.from((c.get('csrfToken') as string | undefined) ?? ''));
      return c.body(bytes(gzip ? joined : gunzipSync(joined)), 200, headers);
    }
    markCsrfUnused(c);
    headers.etag = entry.etag;
    headers['cache-control'] = 'no-cache';
    if (matches(c.req.header('if-none-match'), entry.etag)) {
      delete headers['content-encoding'];
      return c.body(null, 304, headers);
    }
    const gzipped = entry.gzipped ?? Buffer.alloc(0);
    return c.body(bytes(gzip ? gzipped : gunzipSync(gzipped)), 200, headers);
  }
}
