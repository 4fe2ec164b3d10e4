// Everything a report file is made from, read in one place for report jobs and the `report`
// command: the plan's dataset (published only for the public), the round, and what the report
// needs of history (departments named as of the round's year, the plan version the round was
// judged against — see versions/report-history.ts, which loadReport uses too) resolved to plain
// data, so that it can go to the worker thread. Its hash is the data version a finished file is
// reused under.
//
// (The database-wide WAL position the page cache uses would move with every write anywhere —
// a sign-in, another job's progress — so no finished file would ever be reused.)
import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Queryable } from '../db/client.js';
import { plans } from '../db/schema.js';
import type { Dataset } from '../datasets/dataset-format.js';
import { exportDataset } from '../datasets/export-dataset.js';
import { formatFiscalYear } from '../domain/wareki.js';
import { AppError } from '../errors.js';
import { reportHistory } from '../versions/report-history.js';
import type { ReportHistoryData } from './render-report.js';

export interface ReportData {
  plan: { id: number; organisationId: number };
  dataset: Dataset;
  /** The round the report shows; null: the plan has none the audience may see. */
  fiscalYear: number | null;
  history: ReportHistoryData;
  /** Hash of all of the above that the file shows. */
  version: string;
}

/**
 * Reads a plan's report data. `fiscalYear` undefined: the latest round the audience may see.
 * The public never gets a plan being written (策定中) or a round that is not published.
 */
export async function readReportData(db: Queryable, planCode: string, drafts: boolean, fiscalYear: number | undefined, authorise?: (plan: { id: number; organisationId: number }) => void): Promise<ReportData> {
  const [plan] = await db.select({ id: plans.id, organisationId: plans.organisationId, status: plans.status }).from(plans).where(eq(plans.code, planCode));
  if (!plan || (!drafts && plan.status === 'draft')) throw new AppError('PLAN_NOT_FOUND', { code: planCode });
  authorise?.({ id: plan.id, organisationId: plan.organisationId });
  const dataset = await exportDataset(db, planCode, { publicOnly: !drafts });
  const round = reportRound(dataset, fiscalYear, drafts);
  const history = await resolveHistory(db, dataset, round);
  const version = createHash('sha256').update(JSON.stringify({ dataset, history })).digest('base64url').slice(0, 22);
  return { plan: { id: plan.id, organisationId: plan.organisationId }, dataset, fiscalYear: round?.fiscalYear ?? null, history, version };
}

/** The round a report shows: the asked one if the audience may see it, else the latest such. */
function reportRound(dataset: Dataset, fiscalYear: number | undefined, drafts: boolean): { fiscalYear: number; state: string } | null {
  const visible = dataset.rounds.filter((r) => drafts || r.state === 'published').sort((a, b) => a.fiscalYear - b.fiscalYear);
  if (fiscalYear === undefined) {
    const latest = visible.at(-1);
    return latest ? { fiscalYear: latest.fiscalYear, state: latest.state } : null;
  }
  const asked = visible.find((r) => r.fiscalYear === fiscalYear);
  if (!asked) throw new AppError('ROUND_NOT_PUBLISHED', { plan: dataset.plan.code, year: formatFiscalYear(fiscalYear) });
  return { fiscalYear: asked.fiscalYear, state: asked.state };
}

async function resolveHistory(db: Queryable, dataset: Dataset, round: { fiscalYear: number; state: string } | null): Promise<ReportHistoryData> {
  const history = await reportHistory(db, dataset.plan.code);
  const departments = new Map<string, [string, string | null, string]>();
  for (const item of dataset.items) {
    for (const dep of item.departments) {
      const key = JSON.stringify([dep.department, dep.textAsWritten]);
      const label = history.departmentLabel?.(dep.department, dep.textAsWritten, round);
      if (label !== undefined && !departments.has(key)) departments.set(key, [dep.department, dep.textAsWritten, label]);
    }
  }
  return { departments: [...departments.values()], basis: round ? (history.basisOf?.(round.fiscalYear) ?? null) : null };
}
