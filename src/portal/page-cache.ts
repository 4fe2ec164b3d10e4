// Rendered public pages, kept while the data does not change. A page is kept with the data's
// version (src/db/data-version.ts: kept in memory, dropped by every write of this process, at
// most DATA_VERSION_REFRESH_MS old on PostgreSQL), so a hit costs no query and no rendering.
// A page of one plan is also kept with that plan's version (plan-versions.ts: every plan's,
// read once each time the data's version moves), so a write in another city leaves it kept.
// The CSRF token of the visitor is put into the cached HTML at serve time; a page without a
// form that posts carries no token, sends no CSRF cookie, and answers If-None-Match with 304.
// The Content-Security-Policy is computed once per rendering (security-headers.ts then skips it).
//
// In the server (refreshWith), a kept page of a plan that changed is rendered again in the
// background when a visitor saw it lately, and the plan pages are rendered once at start
// (warm), so visitors find them kept. Those renderings take turns with the visitors: at most
// half of this process's time. Until its new page is kept, a visitor is given the page as it
// was, for a bounded time after the change (staleMs), unless signed in.
import type { Context } from 'hono';
import { createHash, randomBytes } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import { compressParts, gzipJoined, type CompressedPart } from './gzip-parts.js';
import type { DataVersion } from '../db/data-version.js';
import { markCsrfUnused, SESSION_COOKIE } from '../auth/middleware.js';
import { contentSecurityPolicy } from '../system/security-headers.js';
import { log } from '../log.js';
import { configuredOrigin } from '../web/public-origin.js';
import { NO_CHANGES, PlanVersions } from './plan-versions.js';
import { allPlanDataVersions } from '../plans/plan-version.repository.js';
import type { Database } from '../db/client.js';
import type { RenderedPage, RenderWorker } from './render-worker.js';

export const CSRF_PLACEHOLDER = '__SHINCHOKU_CSRF_TOKEN__';

/** The `plan` of a page that reads every plan's data (the list of plans, the search): kept while no plan changes. */
export const EVERY_PLAN = '*';

/** The header of a refresh's own request (with a token of this process): it does not count as a visit. */
export const REFRESH_HEADER = 'x-shinchoku-page-refresh';

/** Asks the application for a page, as a visitor would (app.request in the server). */
export type PageFetcher = (url: string, headers: Record<string, string>) => Promise<Response>;

export interface RefreshOptions {
  /** How often every plan's version is checked (ms). Default 250. */
  everyMs?: number;
  /** A kept page is refreshed when a visitor was given it within this many ms. Default 10 minutes. */
  recentMs?: number;
  /** The share of this process's time refreshes may take (0–1]: after a rendering of t ms, a pause of t·(1/share − 1). Default 0.5. */
  share?: number;
  /** At most this many pages wait for a refresh; the ones queued first leave first. Default 2,000. */
  maxQueued?: number;
  /**
   * A kept page of a changed plan is given to visitors as it was (x-page-cache: stale) for at most
   * this many ms after the change was noticed, while it is rendered again in the background
   * (queued at the change when a visitor saw it lately, else when the next one asks), instead of
   * each waiting for a rendering of their own; 0: never. Staff (a request with a session cookie)
   * always get the page as it is now. Default 60,000.
   */
  staleMs?: number;
}

interface Refresher {
  token: string;
  fetch: PageFetcher;
  queue: Set<string>;
  share: number;
  maxQueued: number;
  staleMs: number;
  /** The URL being rendered now. */
  current: string | undefined;
  draining: Promise<void> | undefined;
  stopped: boolean;
  refreshed: number;
  failed: number;
}

interface Entry {
  /** The data version the page was rendered (or last found still valid) at. */
  version: string;
  /** A page of one plan: its code, and the plan's own data version when it was rendered (plan-versions.ts). */
  plan: string | undefined;
  planVersion: string | undefined;
  /** The URL it was rendered for (what a refresh asks for again). */
  url: string;
  /** When a visitor was last given it (performance.now(); -Infinity: never); a refresh does not count. */
  servedAt: number;
  /** When a change of its plan since it was rendered was first noticed (performance.now()): visitors may be given it until staleMs later. */
  changedAt?: number;
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

/**
 * The key of a page: its path and query, with the origin in front unless SHINCHOKU_PUBLIC_URL
 * fixes it (public-origin.ts: a page's absolute links are made from the origin, so a request
 * with a made-up Host header gets a page of its own, never one kept for other visitors).
 */
export function keyOf(url: string, fixedOrigin = configuredOrigin() !== undefined): string {
  const hash = url.indexOf('#');
  const whole = hash < 0 ? url : url.slice(0, hash);
  if (!fixedOrigin) return whole;
  const start = whole.indexOf('/', whole.indexOf('//') + 2);
  return start < 0 ? '/' : whole.slice(start);
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

export interface PageCacheOptions {
  /** With it, a page of one plan stays kept while only other plans change. */
  planVersions?: PlanVersions;
  /** Keeps at most this many bytes of pages (least recently used leave first); default PAGE_CACHE_MB or 64 MB. */
  maxBytes?: number;
  /** false: keeps nothing and renders every request with the CSRF marker (the render worker's own cache). */
  keep?: boolean;
}

/** PAGE_CACHE_MB: a positive number of megabytes, else 64. */
export function pageCacheBytes(value: string | undefined): number {
  const megabytes = Number(value);
  return (value !== undefined && value.trim() !== '' && Number.isFinite(megabytes) && megabytes > 0 ? megabytes : 64) * 1024 * 1024;
}

/** PAGE_STALE_SECONDS: how long after a change a kept page may still be given while its refresh waits (0: never), in ms; else 60 s. */
export function pageStaleMs(value: string | undefined): number {
  const seconds = Number(value);
  return (value !== undefined && value.trim() !== '' && Number.isFinite(seconds) && seconds >= 0 ? seconds : 60) * 1000;
}

function versionOf(planVersions: PlanVersions, plan: string, version: string): Promise<string> {
  return plan === EVERY_PLAN ? planVersions.everyPlan(version) : planVersions.of(plan, version);
}

/** The cache of the render worker (render-worker.ts): renders every request with the CSRF marker, for the server's cache to keep. */
export function passThroughPageCache(database: Pick<Database, 'version'>): PageCache {
  return new PageCache(database.version, { keep: false });
}

/** The cache of the public pages of one database: plan pages checked against every plan's version. */
export function publicPageCache(database: Pick<Database, 'db' | 'version'>, options: Omit<PageCacheOptions, 'planVersions'> = {}): PageCache {
  return new PageCache(database.version, { ...options, planVersions: new PlanVersions(database.version, () => allPlanDataVersions(database.db)) });
}

export class PageCache {
  private readonly pages = new Map<string, Entry>();
  /** Renderings in progress: concurrent misses of one page wait for the one rendering (single flight). */
  private readonly rendering = new Map<string, { version: string; entry: Promise<Entry | undefined> }>();
  private bytes = 0;

  private readonly planVersions: PlanVersions | undefined;
  private readonly maxBytes: number;
  private readonly keeps: boolean;
  private refresher: Refresher | undefined;
  private worker: RenderWorker | undefined;

  constructor(private readonly version: DataVersion, options: PageCacheOptions = {}) {
    this.planVersions = options.planVersions;
    this.maxBytes = options.maxBytes ?? pageCacheBytes(process.env.PAGE_CACHE_MB);
    this.keeps = options.keep ?? true;
  }

  /** In the server on PostgreSQL: pages are rendered by this worker, off the thread that answers kept pages. */
  renderIn(worker: RenderWorker | undefined): void {
    this.worker = worker;
  }

  /**
   * The page of this URL, from the render worker while it runs, else rendered here. The worker's
   * page comes as text and stays text (a Response around it, read back with text(), was 1.7 ms of
   * this thread for a 140 KiB plan page).
   */
  private async render(url: string, render: (csrfToken: string) => Response | Promise<Response>, forVisitor: boolean): Promise<Response | RenderedPage> {
    const worker = this.worker;
    if (worker?.running) {
      try {
        return await worker.render(url, forVisitor);
      } catch (error) {
        log.warn('page rendered here: the render worker failed', { url, error: (error as Error).message });
      }
    }
    return render(CSRF_PLACEHOLDER);
  }

  /** A plan's version at this data version ('0.0' for a plan with none, or when this cache does not follow plans): the validators of /api/v1 and /opendata answers about one plan. */
  planVersion(plan: string, version: string): Promise<string> {
    return this.planVersions ? this.planVersions.of(plan, version) : Promise.resolve(NO_CHANGES);
  }

  /** What the background refreshes did so far (refreshWith), and how many wait. */
  get refreshes(): { rendered: number; failed: number; queued: number } {
    const r = this.refresher;
    return { rendered: r?.refreshed ?? 0, failed: r?.failed ?? 0, queued: r?.queue.size ?? 0 };
  }

  /** Whether the page of this URL is kept (whatever its version). */
  has(url: string): boolean {
    return this.pages.has(keyOf(url));
  }

  /**
   * Serves the page of this URL from the cache when the data has not changed since it was
   * rendered; otherwise renders it (with the CSRF token marker), keeps a 200 answer, and serves it.
   * A page of one plan (`plan`: its code) is still valid after a write elsewhere when its plan's
   * data version is what it was (every plan's version is read once per data version, for all
   * requests); a page of every plan (EVERY_PLAN) while no plan's version moved.
   */
  async serve(c: Context, render: (csrfToken: string) => Response | Promise<Response>, plan?: string): Promise<Response> {
    if (!this.keeps) return render(CSRF_PLACEHOLDER);
    const key = keyOf(c.req.url);
    const byVisitor = this.refresher === undefined || c.req.header(REFRESH_HEADER) !== this.refresher.token;
    const version = this.version.peek() ?? (await this.version.get());
    const hit = this.pages.get(key);
    const planVersions = plan === undefined ? undefined : this.planVersions;
    let planVersion: string | undefined;
    if (hit && hit.version !== version && planVersions && hit.planVersion !== undefined) {
      planVersion = await versionOf(planVersions, plan ?? '', version);
      if (planVersion === hit.planVersion) hit.version = version;
    }
    if (hit && hit.version === version) {
      this.pages.delete(key);
      this.pages.set(key, hit); // most recently used last
      if (byVisitor) hit.servedAt = performance.now();
      return this.answer(c, hit, 'hit');
    }
    if (hit && byVisitor && this.refresher && this.mayServeStale(c, hit)) {
      hit.servedAt = performance.now();
      // a page nobody saw lately was not queued when its plan changed: it is now
      if (!this.refresher.queue.has(hit.url) && this.refresher.current !== hit.url) this.enqueue(this.refresher, [hit.url]);
      return this.answer(c, hit, 'stale');
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
      if (planVersions && planVersion === undefined) planVersion = await versionOf(planVersions, plan ?? '', version);
      const rendered = await this.render(c.req.url, render, byVisitor);
      const { contentType, cacheControl } = rendered instanceof Response ? { contentType: rendered.headers.get('content-type'), cacheControl: rendered.headers.get('cache-control') } : rendered;
      // only a 200 answer for everyone is kept (never one marked for its reader alone)
      if (rendered.status !== 200 || /\b(?:private|no-store)\b/i.test(cacheControl ?? '')) {
        if (rendered instanceof Response) return rendered;
        return new Response(rendered.body, { status: rendered.status, headers: { ...(contentType ? { 'content-type': contentType } : {}), ...(cacheControl ? { 'cache-control': cacheControl } : {}) } });
      }
      const html = rendered instanceof Response ? await rendered.text() : rendered.body;
      entry = this.keep(key, { version, plan: planVersions ? plan : undefined, planVersion, url: c.req.url, servedAt: byVisitor ? performance.now() : (hit?.servedAt ?? -Infinity) }, contentType, html);
      return this.answer(c, entry, 'miss');
    } finally {
      if (this.rendering.get(key) === flight) this.rendering.delete(key);
      settle(entry);
    }
  }

  /**
   * In the server: renders kept pages of plans that changed again in the background (pages a
   * visitor was given within `recentMs`), one at a time, taking at most `share` of the time.
   * Returns how to stop (waits for the rendering in progress).
   */
  refreshWith(fetch: PageFetcher, options: RefreshOptions = {}): () => Promise<void> {
    const refresher: Refresher = {
      token: randomBytes(16).toString('base64url'),
      fetch,
      queue: new Set(),
      share: Math.min(1, Math.max(0.05, options.share ?? 0.5)),
      maxQueued: options.maxQueued ?? 2000,
      staleMs: Math.max(0, options.staleMs ?? 60_000),
      current: undefined,
      draining: undefined,
      stopped: false,
      refreshed: 0,
      failed: 0,
    };
    this.refresher = refresher;
    const recentMs = options.recentMs ?? 10 * 60 * 1000;
    const unsubscribe = this.planVersions?.onChange((changed) => {
      const plans = new Set(changed);
      const now = performance.now();
      const since = now - recentMs;
      const urls: string[] = [];
      // pages of every plan (the search) are left to their next visitor: any change anywhere would render them again
      for (const entry of this.pages.values()) {
        if (entry.plan === undefined || !plans.has(entry.plan)) continue;
        entry.changedAt ??= now; // a second change before the refresh does not extend the time it may be given out
        if (entry.servedAt >= since) urls.push(entry.url);
      }
      this.enqueue(refresher, urls);
    });
    const check = () => {
      this.planVersions?.check().catch((error: unknown) => log.warn('plan versions not read', { error: (error as Error).message }));
    };
    const timer = this.planVersions ? setInterval(check, options.everyMs ?? 250) : undefined;
    timer?.unref();
    return async () => {
      refresher.stopped = true;
      refresher.queue.clear();
      if (timer) clearInterval(timer);
      unsubscribe?.();
      await refresher.draining;
      if (this.refresher === refresher) this.refresher = undefined;
    };
  }

  /** Renders the pages of these URLs that are not kept yet, in the background (refreshWith must run); resolves when all were asked for. */
  async warm(urls: string[]): Promise<{ rendered: number; failed: number }> {
    const refresher = this.refresher;
    if (!refresher) throw new Error('warm needs refreshWith');
    const before = { rendered: refresher.refreshed, failed: refresher.failed };
    this.enqueue(refresher, urls.filter((url) => !this.has(url)), false);
    while (refresher.draining) await refresher.draining;
    return { rendered: refresher.refreshed - before.rendered, failed: refresher.failed - before.failed };
  }

  private enqueue(refresher: Refresher, urls: string[], bounded = true): void {
    if (refresher.stopped) return;
    for (const url of urls) {
      refresher.queue.delete(url); // queued again: to the end
      refresher.queue.add(url);
    }
    if (bounded) {
      for (const url of refresher.queue) {
        if (refresher.queue.size <= refresher.maxQueued) break;
        refresher.queue.delete(url);
      }
    }
    refresher.draining ??= this.drain(refresher).finally(() => (refresher.draining = undefined));
  }

  private async drain(refresher: Refresher): Promise<void> {
    for (const url of refresher.queue) {
      refresher.queue.delete(url);
      if (refresher.stopped) break;
      const started = performance.now();
      refresher.current = url;
      try {
        const response = await refresher.fetch(url, { [REFRESH_HEADER]: refresher.token, 'x-request-id': 'page-refresh' });
        await response.arrayBuffer();
        if (response.status === 200) refresher.refreshed++;
        else refresher.failed++;
      } catch (error) {
        refresher.failed++;
        log.warn('page not refreshed', { url, error: (error as Error).message });
      } finally {
        refresher.current = undefined;
      }
      const took = performance.now() - started;
      await new Promise((resolve) => setTimeout(resolve, took * (1 / refresher.share - 1)));
    }
  }

  private keep(key: string, at: Pick<Entry, 'version' | 'plan' | 'planVersion' | 'url' | 'servedAt'>, contentType: string | null, html: string): Entry {
    const { version, planVersion } = at;
    const split = html.split(CSRF_PLACEHOLDER).map((part) => Buffer.from(part));
    const gzipped = split.length === 1 ? gzipSync(split[0] ?? Buffer.alloc(0)) : undefined;
    const parts = gzipped ? [] : compressParts(split);
    // a plan's page keeps its validator while other plans change; other pages follow every write
    const validator = planVersion === undefined ? version : `plan ${planVersion}`;
    const entry: Entry = {
      ...at,
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

  /**
   * Whether this visitor may be given a kept page whose plan changed since it was rendered: while
   * the server refreshes pages in the background, for at most staleMs after the change was
   * noticed, and never to staff (a session cookie: who just published wants to see it).
   */
  private mayServeStale(c: Context, entry: Entry): boolean {
    const refresher = this.refresher;
    if (!refresher || refresher.stopped || entry.changedAt === undefined) return false;
    if (performance.now() - entry.changedAt > refresher.staleMs) return false;
    return !(c.req.header('cookie') ?? '').includes(`${SESSION_COOKIE}=`);
  }

  private answer(c: Context, entry: Entry, state: 'hit' | 'miss' | 'stale'): Response {
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
