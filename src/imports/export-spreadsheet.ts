// Writes a plan as the template (the same sheets and columns the importer reads), so export →
// import changes nothing. A department's entry workbook holds only that department's items, with
// the input cells unlocked and the rest protected, a dropdown for 区分, wareki allowed in year
// cells, and a hidden sheet of the codes of every row. Written with exceljs's streaming writer.
import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { Queryable } from '../db/client.js';
import type { Dataset } from '../datasets/dataset-format.js';
import { exportDataset } from '../datasets/export-dataset.js';
import { formatFiscalYear, formatFiscalYearRange } from '../domain/wareki.js';
import { AppError } from '../errors.js';
import { csvRow, UTF8_BOM } from '../shared/csv.js';
import {
  AGGREGATION_LABELS,
  DIRECTION_LABELS,
  ENTRIES_SHEET,
  ENTRY_COLUMNS,
  INDICATOR_COLUMNS,
  INDICATORS_SHEET,
  ITEM_COLUMNS,
  ITEMS_SHEET,
  KEYS_SHEET,
  MISSING_CELL_WORDS,
  PLAN_FIELDS,
  PLAN_SHEET,
  ROW_KIND_LABELS,
  TARGET_KIND_LABELS,
  TARGET_SOURCE_LABELS,
  type EntryColumn,
  type IndicatorColumn,
} from './template.js';
import { scaleByCode } from '../plans/scales.repository.js';

export interface ExportOptions {
  /** Only the items this department (or a section under it) owns, as an entry workbook. */
  department?: string | null;
  /** The fiscal year being entered: only its values, plus an empty row where a value is still missing. */
  round?: number | null;
}

interface IndicatorRow {
  cells: string[];
  /** A value the department enters: 値, 数値, 時点, 備考 unlocked in an entry workbook. */
  input: boolean;
  /** An empty row added for entry: 区分 and 年度 unlocked too. */
  blank: boolean;
}

export interface TemplateRows {
  plan: string[][];
  items: string[][];
  indicators: IndicatorRow[];
  /** 評価 rows; `input` rows (a department's items in the round) have their entry cells unlocked. */
  entries: { cells: string[]; input: boolean }[];
  /** Grade codes of the plan's scale (the 自己評価 dropdown), empty when the plan has none. */
  grades: string[];
}

const yearLabel = (fy: number | null) => (fy === null ? '' : formatFiscalYear(fy, { style: 'wareki' }));

/** The rows of each sheet (without headers) for a plan read back as a dataset. */
export function templateRows(dataset: Dataset, options: ExportOptions = {}, grades: string[] = []): TemplateRows {
  const departments = new Map(dataset.departments.map((x) => [x.code, x]));
  const department = options.department ?? null;
  if (department !== null && !departments.has(department)) {
    throw new AppError('NOT_FOUND', { what: `計画「${dataset.plan.code}」の担当課「${department}」` });
  }
  const owns = (item: Dataset['items'][number]) => department === null || item.departments.some((o) => o.department === department || departments.get(o.department)?.parent === department);
  const depth = new Map<string, number>();
  for (const item of dataset.items) depth.set(item.code, item.parent === null ? 0 : (depth.get(item.parent) ?? 0) + 1);
  const ownerText = (owner: Dataset['items'][number]['departments'][number]) => {
    const dept = departments.get(owner.department);
    const parent = dept?.parent ? departments.get(dept.parent) : undefined;
    const base = dept ? (parent ? `${parent.name} ${dept.name}` : dept.name) : owner.department;
    return owner.textAsWritten ? `${base}（${owner.textAsWritten}）` : base;
  };
  const plan = dataset.plan;
  const items = dataset.items.filter(owns).map((item) => [
    plan.code,
    item.code,
    item.parent ?? '',
    plan.levelNames[depth.get(item.code) ?? 0] ?? String((depth.get(item.code) ?? 0) + 1),
    item.name,
    item.description ?? '',
    item.departments.map(ownerText).join('、'),
    item.isPriority ? '○' : '',
    item.isNew ? '○' : '',
    item.relistOf ?? '',
    item.numericTargetText ?? '',
    item.tags.join('、'),
  ]);
  const ownItems = new Set(dataset.items.filter(owns).map((x) => x.code));
  const indicators: IndicatorRow[] = [];
  const round = options.round ?? null;
  for (const indicator of dataset.indicators) {
    if (!ownItems.has(indicator.item)) continue;
    const row = (values: Partial<Record<IndicatorColumn, string>>, input = false, blank = false) => {
      const all: Record<IndicatorColumn, string> = {
        plan: plan.code,
        item: indicator.item,
        code: indicator.code,
        name: indicator.name,
        unit: indicator.unit ?? '',
        direction: DIRECTION_LABELS[indicator.direction],
        aggregation: AGGREGATION_LABELS[indicator.aggregation],
        kind: '',
        setBy: '',
        fiscalYear: '',
        value: '',
        number: '',
        targetKind: '',
        asOf: '',
        note: '',
        ...values,
      };
      indicators.push({ cells: INDICATOR_COLUMNS.map((c) => all[c.key] ?? ''), input, blank });
    };
    const before = indicators.length;
    const b = indicator.baseline;
    if (b && (b.value !== null || b.text !== null)) {
      row({ kind: ROW_KIND_LABELS.baseline, fiscalYear: yearLabel(b.fiscalYear), value: b.text ?? b.value ?? '', number: b.value ?? '', asOf: b.asOf ?? '' });
    }
    for (const o of indicator.observations) {
      if (round !== null && o.fiscalYear !== round) continue;
      row(
        {
          kind: ROW_KIND_LABELS[o.kind],
          fiscalYear: yearLabel(o.fiscalYear),
          value: o.text,
          number: o.value ?? (o.missingReason ? MISSING_CELL_WORDS[o.missingReason as keyof typeof MISSING_CELL_WORDS] : ''),
          asOf: o.asOf ?? '',
          note: o.note ?? '',
        },
        true,
      );
    }
    if (round !== null && !indicator.observations.some((o) => o.fiscalYear === round && o.kind === 'actual')) {
      row({ kind: ROW_KIND_LABELS.actual, fiscalYear: yearLabel(round) }, true, true);
    }
    for (const t of indicator.targets) {
      row({
        kind: ROW_KIND_LABELS.target,
        setBy: t.setByName ?? TARGET_SOURCE_LABELS[t.setBy],
        fiscalYear: yearLabel(t.fiscalYear),
        value: t.text ?? '',
        number: t.value ?? '',
        targetKind: TARGET_KIND_LABELS[t.kind],
        note: t.notes ?? '',
      });
    }
    if (indicators.length === before) row({});
  }
  // 評価: the entries of each round (of the round asked for); a department's workbook also gets
  // an empty row for each of its items that has no entry yet in that round
  const entries: TemplateRows['entries'] = [];
  const names = new Map(dataset.items.map((x) => [x.code, x.name]));
  for (const r of dataset.rounds) {
    if (round !== null && r.fiscalYear !== round) continue;
    const written = new Set<string>();
    for (const e of r.entries) {
      if (!ownItems.has(e.item)) continue;
      written.add(e.item);
      entries.push({ cells: [plan.code, yearLabel(r.fiscalYear), e.item, names.get(e.item) ?? '', e.selfGrade ?? '', e.resultsText ?? '', e.planText ?? '', e.issuesText ?? ''], input: department !== null });
    }
    if (department !== null && round !== null) {
      for (const code of ownItems) if (!written.has(code)) entries.push({ cells: [plan.code, yearLabel(r.fiscalYear), code, names.get(code) ?? '', '', '', '', ''], input: true });
    }
  }
  const planRows: string[][] = [];
  if (department === null) {
    const value: Record<(typeof PLAN_FIELDS)[number]['key'], string> = {
      code: plan.code,
      title: plan.title,
      shortTitle: plan.shortTitle ?? '',
      organisationCode: dataset.organisation.code,
      organisationName: dataset.organisation.name,
      period: formatFiscalYearRange(plan.periodStartFy, plan.periodEndFy),
      levelNames: plan.levelNames.join('、'),
      scale: plan.scale ?? '',
      upperPlans: plan.upperPlans.join('、'),
      sdgGoals: plan.sdgGoals.join('、'),
    };
    for (const f of PLAN_FIELDS) planRows.push([f.ja, value[f.key]]);
  }
  return { plan: planRows, items, indicators, entries, grades };
}

export type ExportFormat = 'xlsx' | 'csv';

export interface SpreadsheetExport {
  format: ExportFormat;
  /** For CSV: which sheet the file holds (a CSV file holds one). */
  sheet?: typeof ITEMS_SHEET | typeof INDICATORS_SHEET | typeof ENTRIES_SHEET;
  department?: string | null;
  round?: number | null;
}

/** Reads the plan and writes the template to `out` (a file stream, an HTTP response …). */
export async function exportSpreadsheet(db: Queryable, planCode: string, out: Writable, options: SpreadsheetExport): Promise<void> {
  const dataset = await exportDataset(db, planCode);
  const scale = dataset.plan.scale ? await scaleByCode(db, dataset.plan.scale) : undefined;
  const rows = templateRows(dataset, options, scale?.grades.map((g) => g.code) ?? []);
  if (options.format === 'csv') {
    const sheet = options.sheet ?? INDICATORS_SHEET;
    const [header, cells] =
      sheet === ITEMS_SHEET
        ? [ITEM_COLUMNS.map((c) => c.ja), rows.items]
        : sheet === ENTRIES_SHEET
          ? [ENTRY_COLUMNS.map((c) => c.ja), rows.entries.map((r) => r.cells)]
          : [INDICATOR_COLUMNS.map((c) => c.ja), rows.indicators.map((r) => r.cells)];
    const text = UTF8_BOM + [header, ...cells].map(csvRow).join('');
    await new Promise<void>((resolve, reject) => {
      out.write(Buffer.from(text, 'utf8'), (error) => (error ? reject(error) : resolve()));
    });
    await new Promise<void>((resolve) => out.end(resolve));
    return;
  }
  await writeWorkbook(rows, out, { entry: (options.department ?? null) !== null, title: `${dataset.plan.title}` });
}

const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF7' } };
const INPUT_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFF8D6' } };

/** Writes the template workbook with the streaming writer (rows are committed as they are written). */
export async function writeWorkbook(rows: TemplateRows, out: Writable, options: { entry: boolean; title: string }): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  workbook.creator = 'Shinchoku';
  workbook.title = options.title;
  // sheet protection without a password: it guards against slips, not against people
  const protect = async (sheet: ExcelJS.Worksheet) => {
    if (options.entry) await sheet.protect('', { selectLockedCells: true, selectUnlockedCells: true, formatColumns: true, formatRows: true });
  };
  const header = (sheet: ExcelJS.Worksheet, labels: string[]) => {
    const row = sheet.addRow(labels);
    row.font = { bold: true };
    row.eachCell((cell) => {
      cell.fill = HEADER_FILL;
    });
    row.commit();
  };
  const keys: string[][] = [];

  if (rows.plan.length > 0) {
    const sheet = workbook.addWorksheet(PLAN_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.columns = [{ width: 14 }, { width: 60 }];
    header(sheet, ['項目', '値']);
    for (const r of rows.plan) sheet.addRow(r).commit();
    sheet.commit();
  }

  const items = workbook.addWorksheet(ITEMS_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
  items.columns = ITEM_COLUMNS.map((c) => ({ width: c.width }));
  await protect(items);
  header(items, ITEM_COLUMNS.map((c) => c.ja));
  rows.items.forEach((r, i) => {
    const row = items.addRow(r);
    row.alignment = { vertical: 'top', wrapText: true };
    row.commit();
    keys.push([ITEMS_SHEET, String(i + 2), r[1] ?? '']);
  });
  items.commit();

  const indicators = workbook.addWorksheet(INDICATORS_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
  indicators.columns = INDICATOR_COLUMNS.map((c) => ({ width: c.width }));
  await protect(indicators);
  header(indicators, INDICATOR_COLUMNS.map((c) => c.ja));
  const col = (key: IndicatorColumn) => INDICATOR_COLUMNS.findIndex((c) => c.key === key) + 1;
  const kindList = options.entry ? [ROW_KIND_LABELS.actual, ROW_KIND_LABELS.estimate, ROW_KIND_LABELS.status] : Object.values(ROW_KIND_LABELS);
  rows.indicators.forEach((r, i) => {
    const row = indicators.addRow(r.cells);
    if (options.entry && r.input) {
      const unlocked: IndicatorColumn[] = r.blank ? ['kind', 'fiscalYear', 'value', 'number', 'asOf', 'note'] : ['value', 'number', 'asOf', 'note'];
      for (const key of unlocked) {
        const cell = row.getCell(col(key));
        cell.protection = { locked: false };
        cell.fill = INPUT_FILL;
      }
    }
    if (!options.entry || r.blank) {
      row.getCell(col('kind')).dataValidation = {
        type: 'list',
        allowBlank: true,
        formulae: [`"${kindList.join(',')}"`],
        showErrorMessage: true,
        errorTitle: '区分',
        error: `${kindList.join('・')}のいずれかを選んでください`,
      };
    }
    if (!options.entry) {
      row.getCell(col('direction')).dataValidation = { type: 'list', allowBlank: true, formulae: [`"${Object.values(DIRECTION_LABELS).join(',')}"`] };
      row.getCell(col('aggregation')).dataValidation = { type: 'list', allowBlank: true, formulae: [`"${Object.values(AGGREGATION_LABELS).join(',')}"`] };
      row.getCell(col('targetKind')).dataValidation = { type: 'list', allowBlank: true, formulae: [`"${Object.values(TARGET_KIND_LABELS).join(',')}"`] };
    }
    row.commit();
    keys.push([INDICATORS_SHEET, String(i + 2), r.cells[col('code') - 1] ?? '']);
  });
  indicators.commit();

  if (rows.entries.length > 0) {
    const entries = workbook.addWorksheet(ENTRIES_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
    entries.columns = ENTRY_COLUMNS.map((c) => ({ width: c.width }));
    await protect(entries);
    header(entries, ENTRY_COLUMNS.map((c) => c.ja));
    const entryCol = (key: EntryColumn) => ENTRY_COLUMNS.findIndex((c) => c.key === key) + 1;
    rows.entries.forEach((r, i) => {
      const row = entries.addRow(r.cells);
      row.alignment = { vertical: 'top', wrapText: true };
      if (rows.grades.length > 0) {
        row.getCell(entryCol('selfGrade')).dataValidation = {
          type: 'list',
          allowBlank: true,
          formulae: [`"${rows.grades.join(',')}"`],
          showErrorMessage: true,
          errorTitle: '自己評価',
          error: `${rows.grades.join('・')}のいずれかを選んでください`,
        };
      }
      if (options.entry && r.input) {
        for (const key of ['selfGrade', 'results', 'plans', 'issues'] as const) {
          const cell = row.getCell(entryCol(key));
          cell.protection = { locked: false };
          cell.fill = INPUT_FILL;
        }
      }
      row.commit();
      keys.push([ENTRIES_SHEET, String(i + 2), r.cells[entryCol('item') - 1] ?? '']);
    });
    entries.commit();
  }

  const hidden = workbook.addWorksheet(KEYS_SHEET, { state: 'hidden' });
  await protect(hidden);
  hidden.addRow(['シート', '行', 'コード']).commit();
  for (const k of keys) hidden.addRow(k).commit();
  hidden.commit();

  await workbook.commit();
}
