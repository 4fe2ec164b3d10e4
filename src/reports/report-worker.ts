// The report worker of a server process: takes waiting report jobs one at a time and runs them,
// the rendering itself in a worker thread so that the server keeps answering (progress pages
// included) while pdfmake works. Started and stopped with the server (server.ts).
//
// At start it puts back in the queue the jobs a killed process left 'running' and deletes
// finished jobs older than REPORT_JOB_RETENTION_DAYS; on PostgreSQL, where several processes
// share the queue, it looks for such jobs again every minute (a running job is held by an
// advisory lock of the process running it, so only jobs of processes that are gone are taken).
import type { Worker } from 'node:worker_threads';
import { startThread } from '../system/thread.js';
import { sql } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { log } from '../log.js';
import type { ReportFile, ReportProgress } from './render-report.js';
import type { RenderMessage, RenderTask } from './render-thread.js';
import {
  REPORT_JOB_LOCK_CLASS,
  claimNextReportJob,
  deleteOldReportJobs,
  findReportJob,
  requeueOrphanedReportJobs,
  requeueReportJob,
  type ReportJobRow,
} from './report-jobs.repository.js';
import { RenderAborted, RenderRoundNotShown, RenderTimedOut, runReportJob, type RenderReport } from './run-report-job.js';

export interface ReportWorkerOptions {
  /** How the file is rendered; default: in a worker thread. */
  render?: RenderReport;
  /** How often the queue is looked at when nobody wakes the worker (another process's requests). */
  pollMs?: number;
  /** A render taking longer fails. */
  timeoutMinutes?: number;
  /** How often (PostgreSQL) orphaned jobs are looked for and old jobs deleted. */
  housekeepingMs?: number;
}

export interface ReportWorker {
  /** A job was just queued: look now instead of at the next poll. */
  wake(): void;
  /** The job, once finished (done or failed), or as it is after `ms` milliseconds. */
  waitFor(id: number, ms: number): Promise<ReportJobRow | undefined>;
  /** Stops taking jobs; a job being rendered is stopped and put back in the queue. */
  stop(): Promise<void>;
}

export function startReportWorker(database: Database, options: ReportWorkerOptions = {}): ReportWorker {
  const pollMs = options.pollMs ?? 2_000;
  const housekeepingMs = options.housekeepingMs ?? 60_000;
  const thread = options.render ? undefined : new RenderThread(options.timeoutMinutes ?? 10);
  const render: RenderReport = options.render ?? ((task, onProgress) => (thread as RenderThread).render(task, onProgress));
  let stopping = false;
  let wakeUp: (() => void) | undefined;
  let lastHousekeeping = 0;

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        wakeUp = undefined;
        resolve();
      }, ms);
      timer.unref();
      wakeUp = () => {
        clearTimeout(timer);
        wakeUp = undefined;
        resolve();
      };
    });

  const housekeeping = async (atStart: boolean) => {
    lastHousekeeping = Date.now();
    // PGlite: one process, so at start every 'running' job is one this process was killed in
    if (atStart || database.kind === 'postgresql') {
      const requeued = await requeueOrphanedReportJobs(database.db, database.kind);
      if (requeued.length > 0) log.warn('report jobs put back in the queue (their process stopped)', { jobs: requeued });
    }
    const deleted = await deleteOldReportJobs(database.db);
    if (deleted > 0) log.info('old report jobs deleted', { deleted });
  };

  const runOne = async (id: number) => {
    if (database.kind === 'pglite') return runReportJob(database.db, id, render);
    // hold the job's advisory lock while it runs: other processes then know it is alive
    return database.db.transaction(async (tx) => {
      await tx.execute(sql`SELECT pg_advisory_xact_lock(${REPORT_JOB_LOCK_CLASS}, ${id})`);
      return runReportJob(database.db, id, render);
    });
  };

  const loop = async () => {
    await housekeeping(true);
    while (!stopping) {
      if (Date.now() - lastHousekeeping > housekeepingMs) await housekeeping(false);
      const job = await claimNextReportJob(database.db);
      if (!job) {
        await sleep(pollMs);
        continue;
      }
      if (stopping) {
        await requeueReportJob(database.db, job.id); // taken just as the server began to stop
        break;
      }
      thread?.warm(); // starts while the plan's data is read
      const outcome = await runOne(job.id);
      log.info('report job', { job: job.id, outcome });
    }
  };

  const running = (async () => {
    // a failing database (closed under it, unreachable) must not take the server down
    for (;;) {
      try {
        await loop();
        return;
      } catch (error) {
        if (stopping) return;
        log.error('report worker error', { error: (error as Error).message });
        await sleep(pollMs);
      }
    }
  })();

  return {
    wake: () => wakeUp?.(),
    async waitFor(id, ms) {
      const until = Date.now() + ms;
      for (;;) {
        const job = await findReportJob(database.db, id);
        if (!job || job.state === 'done' || job.state === 'failed' || Date.now() >= until) return job;
        await new Promise((resolve) => setTimeout(resolve, Math.min(100, Math.max(0, until - Date.now()))));
      }
    },
    async stop() {
      stopping = true;
      wakeUp?.();
      thread?.abort();
      await running;
      thread?.terminate();
    },
  };
}

/**
 * One worker thread (render-thread.ts) that renders one file at a time; started when first
 * needed and ended after a minute without work (its fonts and layout take memory).
 */
export class RenderThread {
  private worker: Worker | undefined;
  private idleTimer: NodeJS.Timeout | undefined;
  private current: { reject: (error: Error) => void } | undefined;

  constructor(private readonly timeoutMinutes: number, private readonly idleMs = 60_000) {}

  /** Starts the thread ahead of its first task. */
  warm(): void {
    clearTimeout(this.idleTimer);
    this.start();
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    // the thread's file beside this one (.ts from the sources, .js built)
    const worker = startThread(new URL(import.meta.url.endsWith('.ts') ? './render-thread.ts' : './render-thread.js', import.meta.url));
    worker.unref();
    worker.on('error', (error) => this.current?.reject(error));
    worker.on('exit', (code) => {
      if (this.worker === worker) this.worker = undefined;
      this.current?.reject(new Error(`render thread exited (${code})`));
    });
    this.worker = worker;
    return worker;
  }

  render(task: RenderTask, onProgress: (progress: ReportProgress) => void): Promise<ReportFile> {
    if (this.current) return Promise.reject(new Error('the render thread is busy'));
    clearTimeout(this.idleTimer);
    const worker = this.start();
    return new Promise<ReportFile>((resolve, reject) => {
      const timer = setTimeout(() => {
        finish();
        void this.terminate();
        reject(new RenderTimedOut(this.timeoutMinutes));
      }, this.timeoutMinutes * 60_000);
      const finish = () => {
        clearTimeout(timer);
        worker.off('message', onMessage);
        this.current = undefined;
        this.idleTimer = setTimeout(() => void this.terminate(), this.idleMs);
        this.idleTimer.unref();
      };
      const onMessage = (message: RenderMessage) => {
        if (message.type === 'progress') return onProgress(message.progress);
        finish();
        if (message.type === 'done') resolve({ fileName: message.fileName, contentType: message.contentType, bytes: message.bytes, title: message.title });
        else reject(message.roundNotShown === undefined ? new Error(message.message) : new RenderRoundNotShown(message.roundNotShown));
      };
      this.current = {
        reject: (error) => {
          finish();
          reject(error);
        },
      };
      worker.on('message', onMessage);
      worker.postMessage(task);
    });
  }

  /** Stops a render in progress (it rejects with RenderAborted). */
  abort(): void {
    const current = this.current;
    if (!current) return;
    current.reject(new RenderAborted());
    void this.terminate();
  }

  async terminate(): Promise<void> {
    clearTimeout(this.idleTimer);
    const worker = this.worker;
    this.worker = undefined;
    if (worker) await worker.terminate();
  }
}
