// Renders public pages in worker threads, so that the server's own thread keeps answering kept
// pages while a page is rendered (a plan page of 100 事業 is 30–50 ms of one core; on the
// server's thread every request behind it waited). PostgreSQL only: each worker opens its own
// connection pool to the same server (a PGlite data folder belongs to one thread).
//
// The worker runs the same application (createApp) with a page cache that keeps nothing and
// renders with the CSRF marker; the server's page cache (page-cache.ts) sends it the URL, keeps
// what comes back, and renders on its own thread when the worker is gone or fails.
import { availableParallelism } from 'node:os';
import { isMainThread, parentPort, workerData, type Worker } from 'node:worker_threads';
import { startThread } from '../system/thread.js';
import { log } from '../log.js';

/** A page as the worker rendered it. */
export interface RenderedPage {
  status: number;
  contentType: string | null;
  /** Its Cache-Control (a page for one reader only is never kept). */
  cacheControl: string | null;
  body: string;
}

interface RenderRequest {
  id: number;
  url: string;
}

/**
 * RENDER_WORKER: how many render threads (0: pages are rendered on the server's thread, at most
 * 16); else two, or one on a single core. Two use both cores of a small machine for pages nobody
 * asked for before (the database works between a thread's statements): 113–114 such item pages a
 * second against 88–92 with one thread, at 50 connections on the national set (bench:national).
 */
export function renderThreads(value: string | undefined, cores = availableParallelism()): number {
  const threads = Number(value);
  return value !== undefined && value.trim() !== '' && Number.isInteger(threads) && threads >= 0 && threads <= 16 ? threads : Math.min(2, cores);
}

/** Renderings sent to one worker thread at once (two overlap one's database waits with the other's work). */
const IN_FLIGHT = 2;

interface Queued {
  url: string;
  resolve: (page: RenderedPage) => void;
  reject: (error: Error) => void;
}

type RenderAnswer = { id: number; page: RenderedPage } | { id: number; error: string };

/** One worker thread and the renderings it has been sent. */
interface RenderThread {
  worker: Worker;
  alive: boolean;
  inFlight: number;
  waiting: Map<number, Queued>;
  ready: Promise<void>;
}

/** Told of each URL as it is sent to a thread (its index), in the order they are sent. */
export type SentListener = (url: string, thread: number) => void;

/** The server's side: sends URLs to the worker threads and waits for their pages. */
export class RenderWorker {
  private readonly threads: RenderThread[];
  private next = 0;
  private readonly visitors: Queued[] = [];
  private readonly refreshes: Queued[] = [];

  /**
   * `threads` worker threads, each with its own connection pool (RENDER_WORKER); a URL goes to the
   * one with the fewest in flight. `onSent` is told of each URL sent (the order the tests check).
   */
  constructor(
    databaseUrl: string,
    threads = 1,
    private readonly onSent?: SentListener,
  ) {
    this.threads = Array.from({ length: Math.max(1, threads) }, () => this.startThread(databaseUrl));
  }

  private startThread(databaseUrl: string): RenderThread {
    // the worker logs only warnings: its requests are the server's own, logged there
    const worker = startThread(new URL(import.meta.url), { workerData: { shinchokuRenderWorker: databaseUrl }, env: { ...process.env, LOG_LEVEL: 'warn' } });
    const thread: RenderThread = {
      worker,
      alive: true,
      inFlight: 0,
      waiting: new Map(),
      ready: new Promise((resolve, reject) => {
        worker.once('message', (message: unknown) => (message === 'ready' ? resolve() : reject(new Error(String(message)))));
        worker.once('error', reject);
      }),
    };
    thread.ready.catch(() => undefined);
    worker.on('message', (message: RenderAnswer | string) => {
      if (typeof message === 'string') return;
      const waiter = thread.waiting.get(message.id);
      thread.waiting.delete(message.id);
      if ('error' in message) waiter?.reject(new Error(message.error));
      else waiter?.resolve(message.page);
    });
    worker.on('error', (error) => log.warn('render worker failed', { error: error.message }));
    worker.on('exit', (code) => {
      thread.alive = false;
      const stopped = new Error(`render worker stopped (${code})`);
      const lost = [...thread.waiting.values(), ...(this.running ? [] : [...this.visitors.splice(0), ...this.refreshes.splice(0)])];
      thread.waiting.clear();
      for (const waiter of lost) waiter.reject(stopped);
    });
    return thread;
  }

  /** Resolves once every worker thread has its database; rejects when one could not open it. */
  async started(): Promise<void> {
    await Promise.all(this.threads.map((t) => t.ready));
  }

  get running(): boolean {
    return this.threads.some((t) => t.alive);
  }

  /**
   * The page of this URL. At most IN_FLIGHT renderings run in each thread at once; the others
   * wait here, a visitor's before the background refreshes', so a visitor whose page is not kept
   * waits for at most the renderings in flight, not for every refresh queued before.
   */
  render(url: string, forVisitor = true): Promise<RenderedPage> {
    if (!this.running) return Promise.reject(new Error('render worker stopped'));
    return new Promise((resolve, reject) => {
      (forVisitor ? this.visitors : this.refreshes).push({ url, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    for (;;) {
      // the live thread with the fewest renderings in flight
      const thread = this.threads.reduce<RenderThread | undefined>((best, t) => (t.alive && t.inFlight < IN_FLIGHT && (!best || t.inFlight < best.inFlight) ? t : best), undefined);
      if (!thread) return;
      const next = this.visitors.shift() ?? this.refreshes.shift();
      if (!next) return;
      const id = ++this.next;
      thread.inFlight++;
      const settle = () => {
        thread.inFlight--;
        this.pump();
      };
      thread.waiting.set(id, {
        url: next.url,
        resolve: (page) => {
          settle();
          next.resolve(page);
        },
        reject: (error) => {
          settle();
          next.reject(error);
        },
      });
      thread.worker.postMessage({ id, url: next.url } satisfies RenderRequest);
      this.onSent?.(next.url, this.threads.indexOf(thread));
    }
  }

  /** Closes the threads' databases and ends them. */
  async stop(): Promise<void> {
    await Promise.all(
      this.threads.filter((t) => t.alive).map(async (t) => {
        const exited = new Promise<void>((resolve) => t.worker.once('exit', () => resolve()));
        t.worker.postMessage('stop');
        const timer = setTimeout(() => void t.worker.terminate(), 5000);
        await exited;
        clearTimeout(timer);
      }),
    );
  }
}

/** The worker's side: the application over its own pool, rendering what it is sent. */
async function serveRenders(databaseUrl: string): Promise<void> {
  const port = parentPort;
  if (!port) return;
  const [{ openDatabase }, { createApp }, { passThroughPageCache }] = await Promise.all([
    import('../db/client.js'),
    import('../app.js'),
    import('./page-cache.js'),
  ]);
  let database: Awaited<ReturnType<typeof openDatabase>>;
  try {
    database = await openDatabase({ url: databaseUrl });
  } catch (error) {
    port.postMessage(`the render worker could not open the database: ${(error as Error).message}`);
    return;
  }
  const app = createApp(database, { pages: passThroughPageCache(database) });
  port.on('message', (message: RenderRequest | 'stop') => {
    if (message === 'stop') {
      port.close();
      void database.close();
      return;
    }
    (async () => {
      const response = await app.request(message.url);
      const page: RenderedPage = { status: response.status, contentType: response.headers.get('content-type'), cacheControl: response.headers.get('cache-control'), body: await response.text() };
      port.postMessage({ id: message.id, page } satisfies RenderAnswer);
    })().catch((error: unknown) => port.postMessage({ id: message.id, error: (error as Error).message } satisfies RenderAnswer));
  });
  port.postMessage('ready');
}

const renderWorkerUrl = isMainThread ? undefined : (workerData as { shinchokuRenderWorker?: unknown } | null)?.shinchokuRenderWorker;
if (typeof renderWorkerUrl === 'string') await serveRenders(renderWorkerUrl);
