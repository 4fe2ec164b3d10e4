// Helpers for the import tests and the benchmark: export to bytes, read a workbook back cell by
// cell with exceljs (its ordinary, non-streaming reader), and fingerprint a plan's tables.
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import { queryRows, type Db, type Queryable } from '../db/client.js';
import { exportSpreadsheet, type SpreadsheetExport } from './export-spreadsheet.js';

export async function exportToBytes(db: Queryable, planCode: string, options: SpreadsheetExport): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<void>((resolve, reject) => {
    out.on('end', resolve);
    out.on('error', reject);
  });
  await exportSpreadsheet(db, planCode, out, options);
  await done;
  return Buffer.concat(chunks);
}

export interface WorkbookCells {
  sheets: { name: string; state: string; rows: string[][] }[];
}

/** Every sheet and every cell as text, read with exceljs's non-streaming reader. */
export async function workbookCells(bytes: Buffer): Promise<WorkbookCells> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  return {
    sheets: workbook.worksheets.map((sheet) => {
      const rows: string[][] = [];
      sheet.eachRow({ includeEmpty: true }, (row, n) => {
        const values = row.values as unknown[];
        rows[n - 1] = Array.from(values.slice(1), (v) => (v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v)));
      });
      return { name: sheet.name, state: sheet.state, rows: Array.from(rows, (r) => r ?? []) };
    }),
  };
}

/** Row counts of the domain tables and an md5 over their contents (ids and timestamps excluded). */
export async function databaseFingerprint(db: Db): Promise<{ counts: Record<string, number>; checksum: string }> {
  const tables = {
    organisations: 'select code, name from organisations order by code',
    departments: 'select code, name, kind from departments order by code',
    plans: 'select code, title, period_start_fy, period_end_fy, level_names::text from plans order by code',
    plan_items: "select p.code, i.code, i.name, coalesce(i.description,''), i.depth, i.position, i.is_priority, i.is_new from plan_items i join plans p on p.id = i.plan_id order by 1, 2",
    item_departments: 'select i.code, d.code, coalesce(x.text_as_written, \'\') from item_departments x join plan_items i on i.id = x.item_id join departments d on d.id = x.department_id order by 1, 2',
    indicators: 'select code, name, coalesce(unit, \'\'), direction, aggregation from indicators order by code',
    targets: 'select i.code, t.kind, coalesce(t.fiscal_year, 0), coalesce(t.value::text, \'\'), coalesce(t.text, \'\') from targets t join indicators i on i.id = t.indicator_id order by 1, 2, 3, 4, 5',
    observations: "select i.code, o.fiscal_year, o.kind, coalesce(o.value::text, ''), o.text, coalesce(o.as_of::text, ''), coalesce(o.note, '') from observations o join indicators i on i.id = o.indicator_id order by 1, 2, 3",
    audit_log: 'select action, subject_id from audit_log order by id',
  };
  const counts: Record<string, number> = {};
  const parts: string[] = [];
  for (const [name, query] of Object.entries(tables)) {
    const [row] = await queryRows<{ n: number; h: string }>(db, sql.raw(`select count(*)::int as n, coalesce(md5(string_agg(t::text, '|')), '') as h from (${query}) t`));
    counts[name] = Number(row?.n ?? 0);
    parts.push(`${name}:${row?.h ?? ''}`);
  }
  return { counts, checksum: parts.join(';') };
}
