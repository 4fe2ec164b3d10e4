// Report jobs in the database: the queue the workers share, each job's progress, and the file it
// made. Several server processes on one PostgreSQL database take jobs with FOR UPDATE SKIP LOCKED,
// so a job is taken once; the process running a job holds an advisory lock on it (see
// report-worker.ts), so a job left 'running' by a killed process can be told from a live one.
import { and, desc, eq, inArray, lt, sql } from 'drizzle-orm';
import { queryRows, type Queryable } from '../db/client.js';
import { plans, reportJobs } from '../db/schema.js';
import type { ReportFormat, ReportProgress } from './render-report.js';

/** Finished jobs (done or failed) are deleted this long after they finished. */
export const REPORT_JOB_RETENTION_DAYS = 7;

/** The class of the advisory locks held on running jobs (the other key is the job id). */
export const REPORT_JOB_LOCK_CLASS = 74583;

/** What a job was asked with: part of the key under which a finished file is reused. */
export interface ReportJobOptions {
  /** Unpublished rounds included (a committee report). */
  drafts: boolean;
  /** The version of the plan's data the file is (to be) made from: see readReportData. */
  dataVersion: string;
}

export interface ReportJobRow {
  id: number;
  planId: number;
  planCode: string;
  organisationId: number;
  fiscalYear: number | null;
  format: ReportFormat;
  options: ReportJobOptions;
  state: 'queued' | 'running' | 'done' | 'failed';
  done: number;
  total: number;
  step: string | null;
  fileName: string | null;
  contentType: string | null;
  size: number | null;
  error: string | null;
  requestedBy: number | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

const columns = {
  id: reportJobs.id,
  planId: reportJobs.planId,
  planCode: plans.code,
  organisationId: plans.organisationId,
  fiscalYear: reportJobs.fiscalYear,
  format: reportJobs.format,
  options: reportJobs.options,
  state: reportJobs.state,
  done: reportJobs.done,
  total: reportJobs.total,
  step: reportJobs.step,
  fileName: reportJobs.fileName,
  contentType: reportJobs.contentType,
  size: sql<number | null>`octet_length(${reportJobs.content})`.mapWith((v: unknown) => (v === null ? null : Number(v))),
  error: reportJobs.error,
  requestedBy: reportJobs.requestedBy,
  createdAt: reportJobs.createdAt,
  startedAt: reportJobs.startedAt,
  finishedAt: reportJobs.finishedAt,
};

function toRow(row: Record<string, unknown>): ReportJobRow {
  return row as unknown as ReportJobRow;
}

/** A job without its file's bytes; undefined when there is none. */
export async function findReportJob(db: Queryable, id: number): Promise<ReportJobRow | undefined> {
  const [row] = await db.select(columns).from(reportJobs).innerJoin(plans, eq(plans.id, reportJobs.planId)).where(eq(reportJobs.id, id));
  return row ? toRow(row) : undefined;
}

/** The file of a finished job. */
export async function readReportJobFile(db: Queryable, id: number): Promise<{ fileName: string; contentType: string; content: Buffer } | undefined> {
  const [row] = await db
    .select({ fileName: reportJobs.fileName, contentType: reportJobs.contentType, content: reportJobs.content })
    .from(reportJobs)
    .where(and(eq(reportJobs.id, id), eq(reportJobs.state, 'done')));
  if (!row?.content || !row.fileName || !row.contentType) return undefined;
  return { fileName: row.fileName, contentType: row.contentType, content: row.content };
}

export interface ReportJobKey {
  planId: number;
  fiscalYear: number | null;
  format: ReportFormat;
  options: ReportJobOptions;
}

/**
 * A job for the same plan, round, format and options (data version included) that is waiting,
 * running or done — the newest — so the same report is not made twice. Failed jobs are not reused.
 */
export async function findReusableReportJob(db: Queryable, key: ReportJobKey): Promise<ReportJobRow | undefined> {
  const [row] = await db
    .select(columns)
    .from(reportJobs)
    .innerJoin(plans, eq(plans.id, reportJobs.planId))
    .where(
      and(
        eq(reportJobs.planId, key.planId),
        key.fiscalYear === null ? sql`${reportJobs.fiscalYear} IS NULL` : eq(reportJobs.fiscalYear, key.fiscalYear),
        eq(reportJobs.format, key.format),
        sql`${reportJobs.options} = ${JSON.stringify(key.options)}::jsonb`,
        inArray(reportJobs.state, ['queued', 'running', 'done']),
      ),
    )
    .orderBy(desc(reportJobs.id))
    .limit(1);
  return row ? toRow(row) : undefined;
}

export async function insertReportJob(db: Queryable, key: ReportJobKey, requestedBy: number | null, progress: ReportProgress): Promise<number> {
  const [row] = await db
    .insert(reportJobs)
    .values({ planId: key.planId, fiscalYear: key.fiscalYear, format: key.format, options: { ...key.options }, requestedBy, done: progress.done, total: progress.total, step: progress.step })
    .returning({ id: reportJobs.id });
  if (!row) throw new Error('report job not inserted');
  return row.id;
}

/**
 * Takes the oldest waiting job and marks it running, or answers undefined. SKIP LOCKED: two
 * processes asking at once get different jobs (PGlite has one process and the same answer).
 */
export async function claimNextReportJob(db: Queryable): Promise<{ id: number } | undefined> {
  const [row] = await queryRows<{ id: number }>(
    db,
    sql`UPDATE report_jobs SET state = 'running', started_at = now(), error = NULL
        WHERE id = (SELECT id FROM report_jobs WHERE state = 'queued' ORDER BY id FOR UPDATE SKIP LOCKED LIMIT 1)
        RETURNING id`,
  );
  return row ? { id: Number(row.id) } : undefined;
}

export async function setReportJobProgress(db: Queryable, id: number, progress: ReportProgress): Promise<void> {
  await db
    .update(reportJobs)
    .set({ done: progress.done, total: progress.total, step: progress.step })
    .where(and(eq(reportJobs.id, id), eq(reportJobs.state, 'running')));
}

/** The job's data version, when the data changed between the request and the run. */
export async function setReportJobOptions(db: Queryable, id: number, options: ReportJobOptions): Promise<void> {
  await db.update(reportJobs).set({ options: { ...options } }).where(eq(reportJobs.id, id));
}

export async function finishReportJob(db: Queryable, id: number, file: { fileName: string; contentType: string; content: Buffer }, total: number): Promise<void> {
  await db
    .update(reportJobs)
    .set({ state: 'done', done: total, total, step: 'できあがりました', fileName: file.fileName, contentType: file.contentType, content: file.content, finishedAt: sql`now()` })
    .where(eq(reportJobs.id, id));
}

/** Marks a job failed with a sentence for the person who asked (Japanese, no internals). */
export async function failReportJob(db: Queryable, id: number, message: string): Promise<void> {
  await db.update(reportJobs).set({ state: 'failed', step: null, error: message, finishedAt: sql`now()` }).where(eq(reportJobs.id, id));
}

/** Puts a job back in the queue (the worker stopped before finishing it). */
export async function requeueReportJob(db: Queryable, id: number): Promise<void> {
  await db.update(reportJobs).set({ state: 'queued', done: 0, step: '順番を待っています', startedAt: null }).where(and(eq(reportJobs.id, id), eq(reportJobs.state, 'running')));
}

/**
 * Puts jobs left 'running' by a process that is gone back in the queue, and answers their ids.
 * PGlite: one process owns the data folder, so at start every running job is such a job.
 * PostgreSQL: a running job whose advisory lock is free has lost its process (a live worker holds
 * the lock from just after taking the job; `graceSeconds` covers that moment).
 */
export async function requeueOrphanedReportJobs(db: Queryable, kind: 'pglite' | 'postgresql', graceSeconds = 30): Promise<number[]> {
  const rows =
    kind === 'pglite'
      ? await queryRows<{ id: number }>(db, sql`UPDATE report_jobs SET state = 'queued', done = 0, step = '順番を待っています', started_at = NULL WHERE state = 'running' RETURNING id`)
      : await queryRows<{ id: number }>(
          db,
          sql`UPDATE report_jobs SET state = 'queued', done = 0, step = '順番を待っています', started_at = NULL
              WHERE id IN (
                SELECT id FROM report_jobs
                WHERE state = 'running' AND started_at < now() - make_interval(secs => ${graceSeconds})
                  AND pg_try_advisory_xact_lock(${REPORT_JOB_LOCK_CLASS}, id)
                FOR UPDATE SKIP LOCKED)
              RETURNING id`,
        );
  return rows.map((r) => Number(r.id));
}

/** Deletes jobs that finished more than `days` days ago; answers how many. */
export async function deleteOldReportJobs(db: Queryable, days = REPORT_JOB_RETENTION_DAYS): Promise<number> {
  const rows = await db
    .delete(reportJobs)
    .where(and(inArray(reportJobs.state, ['done', 'failed']), lt(reportJobs.finishedAt, sql`now() - make_interval(days => ${days})`)))
    .returning({ id: reportJobs.id });
  return rows.length;
}
