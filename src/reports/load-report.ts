// Reads a plan from the database and builds its report model (the same numbers for every format).
import { eq } from 'drizzle-orm';
import type { Queryable } from '../db/client.js';
import { plans } from '../db/schema.js';
import { exportDataset } from '../datasets/export-dataset.js';
import { formatFiscalYear } from '../domain/wareki.js';
import { AppError } from '../errors.js';
import { reportHistory } from '../versions/report-history.js';
import { buildReport, ReportRoundNotFound, type BuildReportOptions, type ReportModel } from './report-model.js';

export async function loadReport(db: Queryable, planCode: string, options: BuildReportOptions = {}): Promise<ReportModel> {
  // a plan being written (策定中) has no public report
  if (options.includeDrafts !== true) {
    const [row] = await db.select({ status: plans.status }).from(plans).where(eq(plans.code, planCode));
    if (row?.status === 'draft') throw new AppError('PLAN_NOT_FOUND', { code: planCode });
  }
  // the public report never shows values typed into a round that is not published
  const dataset = await exportDataset(db, planCode, { publicOnly: options.includeDrafts !== true });
  const history = await reportHistory(db, planCode);
  try {
    return buildReport(dataset, { ...history, ...options });
  } catch (error) {
    if (error instanceof ReportRoundNotFound) {
      throw new AppError('ROUND_NOT_PUBLISHED', { plan: planCode, year: formatFiscalYear(error.fiscalYear) });
    }
    throw error;
  }
}

/** The database id of a plan (for scoped permission checks), or undefined. */
export async function planIdOf(db: Queryable, planCode: string): Promise<number | undefined> {
  const [row] = await db.select({ id: plans.id }).from(plans).where(eq(plans.code, planCode));
  return row?.id;
}
