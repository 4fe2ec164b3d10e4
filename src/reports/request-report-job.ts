// Asks for a report file: answers the job that makes it — a job already waiting, running or done
// for the same plan, round, format, audience and data version (report-data.ts), or a new one in
// the queue.
import type { Queryable } from '../db/client.js';
import { recordAudit, type Actor } from '../system/audit.repository.js';
import { progressOf, type ReportFormat } from './render-report.js';
import { readReportData } from './report-data.js';
import { findReportJob, findReusableReportJob, insertReportJob, type ReportJobKey, type ReportJobRow } from './report-jobs.repository.js';

export interface RequestReportJob {
  planCode: string;
  /** The round's fiscal year; undefined: the latest round the audience may see. */
  fiscalYear?: number | undefined;
  format: ReportFormat;
  /** Unpublished rounds included: a committee report (the caller has checked plan:read_drafts). */
  drafts: boolean;
  /** The signed-in person asking, or null for the public. */
  actor: Actor | null;
  /** Checks the caller may ask for this plan's report (organisation, permission); throws if not. */
  authorise?: (plan: { id: number; organisationId: number }) => void;
}

export async function requestReportJob(db: Queryable, input: RequestReportJob): Promise<{ job: ReportJobRow; created: boolean }> {
  const data = await readReportData(db, input.planCode, input.drafts, input.fiscalYear, input.authorise);
  const key: ReportJobKey = {
    planId: data.plan.id,
    fiscalYear: data.fiscalYear,
    format: input.format,
    options: { drafts: input.drafts, dataVersion: data.version },
  };
  const reusable = await findReusableReportJob(db, key);
  if (reusable) return { job: reusable, created: false };
  const id = await insertReportJob(db, key, input.actor?.id ?? null, progressOf('queued'));
  if (input.actor) {
    await recordAudit(db, input.actor, 'report.request', { type: 'report_job', id }, null, { plan: input.planCode, fiscalYear: key.fiscalYear, format: key.format, drafts: key.options.drafts });
  }
  const job = await findReportJob(db, id);
  if (!job) throw new Error(`report job ${id} vanished`);
  return { job, created: true };
}
