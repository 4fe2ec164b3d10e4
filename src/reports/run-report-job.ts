// Runs one report job that a worker has taken: reads the plan's data (published only, unless the
// job is a committee report), has the file rendered (in the worker thread), writes the progress
// as it comes, stores the file — or marks the job failed with a Japanese sentence and logs the rest.
import type { Queryable } from '../db/client.js';
import type { Dataset } from '../datasets/dataset-format.js';
import { formatFiscalYear } from '../domain/wareki.js';
import { AppError } from '../errors.js';
import { log } from '../log.js';
import { PROGRESS_TOTAL, progressOf, type ReportFile, type ReportProgress, type ReportRequest } from './render-report.js';
import { failReportJob, findReportJob, finishReportJob, requeueReportJob, setReportJobOptions, setReportJobProgress } from './report-jobs.repository.js';
import { readReportData } from './report-data.js';

/** Renders a file from a dataset, telling its progress (the worker thread, or a stand-in in tests). */
export type RenderReport = (task: { dataset: Dataset; request: ReportRequest }, onProgress: (progress: ReportProgress) => void) => Promise<ReportFile>;

/** The render was stopped on purpose (the server is shutting down): the job goes back in the queue. */
export class RenderAborted extends Error {
  constructor() {
    super('render aborted');
  }
}

/** The render took longer than the worker allows. */
export class RenderTimedOut extends Error {
  constructor(readonly minutes: number) {
    super(`render took more than ${minutes} minutes`);
  }
}

/** A render failed because the round is not (or no longer) shown to the job's audience. */
export class RenderRoundNotShown extends Error {
  constructor(readonly fiscalYear: number) {
    super(`round ${fiscalYear} not shown`);
  }
}

/** Progress written to the database at most this often (the latest one wins). */
const PROGRESS_EVERY_MS = 100;

export async function runReportJob(db: Queryable, id: number, render: RenderReport): Promise<'done' | 'failed' | 'requeued'> {
  const job = await findReportJob(db, id);
  if (!job) return 'failed';
  const progress = progressWriter((p) => setReportJobProgress(db, id, p));
  try {
    progress.push(progressOf('read'));
    const data = await readReportData(db, job.planCode, job.options.drafts, job.fiscalYear ?? undefined);
    // the data changed since the job was asked for: the file is of the data it is made from
    if (data.version !== job.options.dataVersion) await setReportJobOptions(db, id, { ...job.options, dataVersion: data.version });
    const request: ReportRequest = { format: job.format, includeDrafts: job.options.drafts, history: data.history, ...(data.fiscalYear === null ? {} : { fiscalYear: data.fiscalYear }) };
    const file = await render({ dataset: data.dataset, request }, (p) => progress.push(p));
    progress.push(progressOf('store'));
    await progress.flush();
    await finishReportJob(db, id, { fileName: file.fileName, contentType: file.contentType, content: Buffer.from(file.bytes.buffer, file.bytes.byteOffset, file.bytes.byteLength) }, PROGRESS_TOTAL);
    return 'done';
  } catch (error) {
    await progress.flush().catch(() => undefined);
    if (error instanceof RenderAborted) {
      await requeueReportJob(db, id);
      return 'requeued';
    }
    log.error('report job failed', { job: id, plan: job.planCode, format: job.format, error: (error as Error).message, stack: (error as Error).stack });
    await failReportJob(db, id, failureMessage(error, job.planCode, id));
    return 'failed';
  }
}

/** What the person who asked reads: a Japanese sentence, never the internals. */
export function failureMessage(error: unknown, planCode: string, id: number): string {
  if (error instanceof RenderRoundNotShown) return new AppError('ROUND_NOT_PUBLISHED', { plan: planCode, year: formatFiscalYear(error.fiscalYear) }).describe('ja');
  if (error instanceof RenderTimedOut) return `報告書の作成が${error.minutes}分を過ぎても終わらなかったため、中止しました。時間をおいて、もう一度お試しください（作成番号 ${id}）。`;
  if (error instanceof AppError) return error.describe('ja');
  return `報告書を作成できませんでした。時間をおいて、もう一度お試しください。続く場合は管理者にお問い合わせください（作成番号 ${id}）。`;
}

/** Writes the latest progress, one write at a time and at most every PROGRESS_EVERY_MS (best effort). */
function progressWriter(write: (progress: ReportProgress) => Promise<void>) {
  let pending: ReportProgress | undefined;
  let running: Promise<void> | undefined;
  let last = 0;
  const drain = async () => {
    while (pending) {
      const wait = last + PROGRESS_EVERY_MS - Date.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      const next = pending;
      pending = undefined;
      last = Date.now();
      try {
        await write(next);
      } catch (error) {
        log.warn('report job progress not written', { error: (error as Error).message });
      }
    }
  };
  const kick = () => {
    if (running || !pending) return;
    running = drain().finally(() => {
      running = undefined;
      kick();
    });
  };
  return {
    push(progress: ReportProgress) {
      pending = progress;
      kick();
    },
    async flush() {
      while (running) await running;
    },
  };
}
