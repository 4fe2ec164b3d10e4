// Renders public pages in a worker thread, so that the server's own thread keeps answering kept
// pages while a page is rendered (a plan page of 100 事業 is 30–50 ms of one core; on the
// server's thread every request behind it waited). PostgreSQL only: the worker opens its own
// connection pool to the same server (a PGlite data folder belongs to one thread).
//
// The worker runs the same application (createApp) with a page cache that keeps nothing and
// renders with the CSRF marker; the server's page cache (page-cache.ts) sends it the URL, keeps
// what comes back, and renders on its own thread when the worker is gone or fails.
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

/** Renderings sent to the worker at once (two overlap one's database waits with the other's work). */
const IN_FLIGHT = 2;

interface Queued {
  url: string;
  resolve: (page: RenderedPage) => void;
  reject: (error: Error) => void;
}

type RenderAnswer = { id: number; page: RenderedPage } | { id: number; error: string };

/** The server's side: sends URLs to the worker and waits for their pages. */
export class RenderWorker {
  private readonly worker: Worker;
  private readonly waiting = new Map<number, { resolve: (page: RenderedPage) => void; reject: (error: Error) => void }>();
  private next = 0;
  private alive = true;
  private inFlight = 0;
  private readonly visitors: Queued[] = [];
  private readonly refreshes: Queued[] = [];
  private readonly ready: Promise<void>;

  constructor(databaseUrl: string) {
    // the worker logs only warnings: its requests are the server's own, logged there
    this.worker = startThread(new URL(import.meta.url), { workerData: { shinchokuRenderWorker: databaseUrl }, env: { ...process.env, LOG_LEVEL: 'warn' } });
    this.ready = new Promise((resolve, reject) => {
      this.worker.once('message', (message: unknown) => (message === 'ready' ? resolve() : reject(new Error(String(message)))));
      this.worker.once('error', reject);
    });
    this.ready.catch(() => undefined);
    this.worker.on('message', (message: RenderAnswer | string) => {
      if (typeof message === 'string') return;
      const waiter = this.waiting.get(message.id);
      this.waiting.delete(message.id);
      if ('error' in message) waiter?.reject(new Error(message.error));
      else waiter?.resolve(message.page);
    });
    this.worker.on('error', (error) => log.warn('render worker failed', { error: error.message }));
    this.worker.on('exit', (code) => {
      this.alive = false;
      const stopped = new Error(`render worker stopped (${code})`);
      for (const waiter of [...this.waiting.values(), ...this.visitors.splice(0), ...this.refreshes.splice(0)]) waiter.reject(stopped);
      this.waiting.clear();
    });
  }

  /** Resolves once the worker has its database; rejects when it could not open it. */
  started(): Promise<void> {
    return this.ready;
  }

  get running(): boolean {
    return this.alive;
  }

  /**
   * The page of this URL. At most IN_FLIGHT renderings run in the worker at once; the others
   * wait here, a visitor's before the background refreshes', so a visitor whose page is not kept
   * waits for at most the renderings in flight, not for every refresh queued before.
   */
  render(url: string, forVisitor = true): Promise<RenderedPage> {
    if (!this.alive) return Promise.reject(new Error('render worker stopped'));
    return new Promise((resolve, reject) => {
      (forVisitor ? this.visitors : this.refreshes).push({ url, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.alive && this.inFlight < IN_FLIGHT) {
      const next = this.visitors.shift() ?? this.refreshes.shift();
      if (!next) return;
      const id = ++this.next;
      this.inFlight++;
      const settle = () => {
        this.inFlight--;
        this.pump();
      };
      this.waiting.set(id, {
        resolve: (page) => {
          settle();
          next.resolve(page);
        },
        reject: (error) => {
          settle();
          next.reject(error);
        },
      });
      this.worker.postMessage({ id, url: next.url } satisfies RenderRequest);
    }
  }

  /** Closes the worker's database and ends it. */
  async stop(): Promise<void> {
    if (!this.alive) return;
    const exited = new Promise<void>((resolve) => this.worker.once('exit', () => resolve()));
    this.worker.postMessage('stop');
    const timer = setTimeout(() => void this.worker.terminate(), 5000);
    await exited;
    clearTimeout(timer);
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
