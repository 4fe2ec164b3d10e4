// Imports an Excel or CSV file: read → validate against the plan as it is → write through the
// dataset loader, all in one transaction. Nothing is written unless every row is valid; a dry run
// does the same work and rolls back, so the preview counts are exactly what the real run writes.
import { createHash } from 'node:crypto';
import type { Db } from '../db/client.js';
import type { LoadSummary } from '../datasets/load-dataset.js';
import { loadDataset } from '../datasets/load-dataset.js';
import { isAppError } from '../errors.js';
import { ensureShippedScales } from '../plans/scales.repository.js';
import { recordAudit, type Actor } from '../system/audit.repository.js';
import { buildImport } from './build-import.js';
import { sortIssues, type ImportIssue } from './import-issues.js';
import { readSpreadsheet } from './read-spreadsheet.js';
import { judgeImportedEntries } from './judge-imported-entries.js';
import { ENTRIES_SHEET, INDICATORS_SHEET, ITEMS_SHEET, PLAN_SHEET } from './template.js';

const SHEET_ORDER = ['', PLAN_SHEET, ITEMS_SHEET, INDICATORS_SHEET, ENTRIES_SHEET];

export interface SpreadsheetFile {
  name: string;
  bytes: Uint8Array;
}

export interface ImportOptions {
  dryRun: boolean;
  /** A department editor's import: only these departments' items and indicators may change. */
  departments?: readonly string[] | null;
  /** The importing user's organisation (buildImport refuses another organisation's plan). */
  organisationId?: number | undefined;
  /** Progress of a long import: a phase and, while reading, the rows read so far. */
  onProgress?: (phase: 'read' | 'validate' | 'write', rows: number) => void;
}

export interface ImportReport {
  ok: boolean;
  dryRun: boolean;
  file: string;
  /** SHA-256 of the file's bytes (what a confirmation refers to). */
  sha256: string;
  format: 'xlsx' | 'csv';
  /** For CSV: the encoding detected and used. */
  encoding: string | null;
  plan: string | null;
  newPlan: boolean;
  rows: number;
  /** Present when ok: what the import creates, updates and leaves unchanged. */
  summary: LoadSummary | null;
  issues: ImportIssue[];
  /** What is written but worth a look (a self-grade that differs from the computed grade without a reason). */
  warnings: ImportIssue[];
  /** Entries whose computed grade (自動判定) or disagreement reason the import changes. */
  gradesRefreshed: number;
}

class Rollback extends Error {
  constructor(readonly report: ImportReport) {
    super('rolled back');
  }
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export async function importSpreadsheet(db: Db, file: SpreadsheetFile, actor: Actor, options: ImportOptions): Promise<ImportReport> {
  const read = await readSpreadsheet(file.name, file.bytes, { onProgress: (rows) => options.onProgress?.('read', rows) });
  const head = {
    dryRun: options.dryRun,
    file: file.name,
    sha256: sha256(file.bytes),
    format: read.format,
    encoding: read.encoding,
  };
  try {
    return await db.transaction(async (tx) => {
      await ensureShippedScales(tx);
      options.onProgress?.('validate', read.sheets.reduce((sum, sheet) => sum + sheet.rows.length, 0));
      const built = await buildImport(tx, read, { fileName: file.name, departments: options.departments ?? null, organisationId: options.organisationId });
      const base = { ...head, plan: built.planCode, newPlan: built.newPlan, rows: built.rows };
      if (!built.dataset || built.issues.length > 0) {
        throw new Rollback({ ...base, ok: false, summary: null, issues: sortIssues(built.issues, SHEET_ORDER), warnings: [], gradesRefreshed: 0 });
      }
      options.onProgress?.('write', built.rows);
      let summary: LoadSummary;
      try {
        summary = await loadDataset(tx, built.dataset, actor, { current: built.current });
      } catch (error) {
        if (!isAppError(error)) throw error;
        throw new Rollback({ ...base, ok: false, summary: null, issues: [{ sheet: '', row: 0, column: '', message: error.describe('ja') }], warnings: [], gradesRefreshed: 0 });
      }
      // entries as a saved entry: computed grade from the values now stored, disagreement checked
      const judged = await judgeImportedEntries(tx, summary.plan, built.entries, built.judgedItems, actor);
      const warnings = sortIssues(judged.warnings, SHEET_ORDER);
      if (judged.errors.length > 0) throw new Rollback({ ...base, ok: false, summary: null, issues: sortIssues(judged.errors, SHEET_ORDER), warnings, gradesRefreshed: 0 });
      if (!summary.unchanged) {
        await recordAudit(tx, actor, 'plan.import', { type: 'plan', id: built.planCode ?? '' }, null, {
          file: file.name,
          sha256: head.sha256,
          format: read.format,
          encoding: read.encoding,
          departments: options.departments ?? null,
          tables: summary.tables,
          ...(judged.refreshed > 0 ? { computedGrades: judged.refreshed } : {}),
        });
      }
      const report: ImportReport = { ...base, ok: true, summary, issues: [], warnings, gradesRefreshed: judged.refreshed };
      if (options.dryRun) throw new Rollback(report);
      return report;
    });
  } catch (error) {
    if (error instanceof Rollback) return error.report;
    throw error;
  }
}
