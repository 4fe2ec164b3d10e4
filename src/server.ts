// Serves the web application over HTTP and shuts it down gracefully: on SIGTERM or SIGINT
// the server stops accepting connections, lets in-flight requests finish, stops the report
// worker (a report being made goes back in the queue), then closes the database cleanly.
import { serve } from '@hono/node-server';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from './app.js';
import type { ReadyDatabase } from './system/bootstrap.js';
import { log } from './log.js';
import { startReportWorker } from './reports/report-worker.js';
import { prunePlanChanges, vacuumPlanChanges } from './plans/plan-version.repository.js';
import { deleteOldLoginFailures } from './auth/rate-limit.js';
import { listPlans } from './plans/plans.repository.js';
import { pageStaleMs, publicPageCache, type PageCache } from './portal/page-cache.js';
import { configuredOrigin } from './web/public-origin.js';
import { RenderWorker, renderThreads } from './portal/render-worker.js';

/** How often a plan's change rows older than a minute are merged into one (versions stay; the table stays small). */
const PRUNE_EVERY_MS = 60 * 1000;

/** A merge of at least this many rows rewrites the table at once (vacuumPlanChanges). */
const VACUUM_AFTER_MERGED = 10_000;

/** When the background work starts after the server listens: merging change rows, refreshing kept pages, rendering the plan pages (PAGE_WARM=0: not). */
const AFTER_START_MS = 1000;

export interface RunningServer {
  port: number;
  url: string;
  stop(): Promise<void>;
}

export interface ServerOptions {
  port: number;
  host?: string;
  /** PostgreSQL: pages are rendered in worker threads, each with its own pool to this server (RENDER_WORKER: how many; 0: on the server's thread). */
  databaseUrl?: string | undefined;
}

export async function startServer(database: ReadyDatabase, options: ServerOptions): Promise<RunningServer> {
  // report jobs (PDF, Excel) are made beside the requests, in this process's worker
  const reportWorker = startReportWorker(database);
  const pages = publicPageCache(database);
  // the worker starts beside the listening server (about a second); pages are rendered here until it is ready
  const renderWorker = startRenderWorker(options.databaseUrl).then((worker) => {
    pages.renderIn(worker);
    return worker;
  });
  const app = createApp(database, { reportWorker, pages });
  const server = await new Promise<Server>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: options.port, hostname: options.host ?? '0.0.0.0' }, () => resolve(s as Server));
    (s as Server).once('error', reject);
  }).catch(async (error: unknown) => {
    await reportWorker.stop();
    await (await renderWorker)?.stop();
    throw error;
  });
  const port = (server.address() as AddressInfo).port;
  const prune = () => {
    (async () => {
      const merged = await prunePlanChanges(database.db);
      if (merged === 0) return;
      // after many rows (a start after a large import), the table is rewritten to its few rows left
      if (merged >= VACUUM_AFTER_MERGED) await vacuumPlanChanges(database.db);
      log.info('plan changes merged', { merged });
    })().catch((error: unknown) => log.warn('plan changes not merged', { error: (error as Error).message }));
    // sign-in failures older than the rate limit's longest window count for nothing any more
    deleteOldLoginFailures(database.db).catch((error: unknown) => log.warn('old login failures not deleted', { error: (error as Error).message }));
  };
  const pruning = setInterval(prune, PRUNE_EVERY_MS);
  pruning.unref();
  // a second after listening, so that the first requests (a health check, the first visitor) have
  // the database to themselves: old change rows merged, kept pages of a plan that changed
  // rendered again before a visitor asks from then on, and the plan pages rendered
  let stopRefreshing: () => Promise<void> = () => Promise.resolve();
  const afterStart = setTimeout(() => {
    prune();
    stopRefreshing = pages.refreshWith((url, headers) => Promise.resolve(app.request(url, { headers })), { staleMs: pageStaleMs(process.env.PAGE_STALE_SECONDS) });
    if (process.env.PAGE_WARM?.trim() !== '0') void warmPlanPages(database, pages, configuredOrigin() ?? localOrigin(options.host, port));
  }, AFTER_START_MS);
  afterStart.unref();
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      clearInterval(pruning);
      clearTimeout(afterStart);
      await stopRefreshing();
      await new Promise<void>((resolve) => {
        server.close(() => resolve()); // waits for in-flight requests
        server.closeIdleConnections();
      });
      await reportWorker.stop(); // a report being made goes back in the queue
      pages.renderIn(undefined);
      await (await renderWorker)?.stop();
      await database.close();
    })();
    return stopping;
  };
  return { port, url: `http://localhost:${port}`, stop };
}

/** The render worker threads on PostgreSQL (RENDER_WORKER: how many, 0: none); none (pages rendered here) when they cannot start. */
async function startRenderWorker(databaseUrl: string | undefined): Promise<RenderWorker | undefined> {
  const threads = renderThreads(process.env.RENDER_WORKER);
  if (!databaseUrl || threads === 0) return undefined;
  const worker = new RenderWorker(databaseUrl, threads);
  try {
    await worker.started();
    return worker;
  } catch (error) {
    log.warn('pages are rendered on the server thread: the render worker did not start', { error: (error as Error).message });
    await worker.stop();
    return undefined;
  }
}

/** The origin of this server seen from this machine (what pages are kept for without SHINCHOKU_PUBLIC_URL). */
function localOrigin(host: string | undefined, port: number): string {
  if (host === undefined || host === '0.0.0.0' || host === '::') return `http://localhost:${port}`;
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

/**
 * Renders the page of every public plan (the page most visits start at) so that the first
 * visitors find it kept: each plan's Japanese page, then its English one (which reuses the data
 * the first loaded: plan-page-data.ts).
 */
async function warmPlanPages(database: ReadyDatabase, pages: PageCache, origin: string): Promise<void> {
  try {
    const started = performance.now();
    const codes = (await listPlans(database.db)).map((plan) => encodeURIComponent(plan.code));
    const urls = [`${origin}/`, `${origin}/en/`, ...codes.flatMap((code) => [`${origin}/plans/${code}`, `${origin}/en/plans/${code}`])];
    const { rendered, failed } = await pages.warm(urls);
    log.info('plan pages kept', { pages: rendered, failed, ms: Math.round(performance.now() - started), origin });
  } catch (error) {
    log.warn('plan pages not kept at start', { error: (error as Error).message });
  }
}

/** Wires SIGTERM/SIGINT to a graceful stop, with a hard deadline. */
export function stopOnSignals(server: RunningServer, graceMs = 10_000): void {
  const handler = (signal: NodeJS.Signals) => {
    log.info('shutting down', { signal });
    const timer = setTimeout(() => {
      log.error('shutdown took too long, exiting', { graceMs });
      process.exit(1);
    }, graceMs);
    timer.unref();
    server.stop().then(
      () => {
        log.info('stopped');
        process.exit(0);
      },
      (error: unknown) => {
        log.error('error while stopping', { error: (error as Error).message });
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', handler);
  process.once('SIGINT', handler);
}
