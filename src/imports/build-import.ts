// Spreadsheet rows → the whole plan as it will be after the import (a Dataset), or the list of
// everything that is wrong, each with sheet, row and column.
//
// The rows are laid over the plan as it is now (read back with exportDataset), so a department's
// sheet that holds only its own items changes only those, and the fields the template has no
// column for (item numbers, attributes, target bands …) are kept. The result goes through the
// one loader (loadDataset), which counts created / updated / unchanged exactly.
//
// Rules:
// - One file, one plan: every row names the same 計画コード.
// - A plan that does not exist yet needs a 計画 sheet (計画名, 団体, 計画期間); an existing plan
//   needs none, and a 計画 sheet given for it updates its title, period, level names …
// - Rows absent from the file are kept, never deleted.
// - 年度: any form the judgement engine reads (2016, H28, 平成28年度, 令和元年度). An era year
//   after the end of its era (平成32, H34) is accepted only in 目標 rows, where plans adopted
//   before the 2019 改元 wrote their horizons so (Sapporo's 戦略ビジョン H34 = 2022); in 実績・見込・
//   状況・基準 rows it is an error, with the corrected year in the message.
// - 値 is kept as written; its number is read with parseJapaneseNumber. When the text is not a
//   number (a sentence), 数値 must give it; when both are given they must agree.
import { eq } from 'drizzle-orm';
import type { Tx } from '../db/client.js';
import { organisations } from '../db/schema.js';
import { d, toPlainString } from '../domain/decimal.js';
import { isDomainError } from '../domain/errors.js';
import { parseJapaneseNumber, type MissingReason } from '../domain/numbers.js';
import { parseFiscalYear, parseFiscalYearRange, parseJapaneseDate } from '../domain/wareki.js';
import { Dataset, type DatasetInput } from '../datasets/dataset-format.js';
import * as datasetRepo from '../datasets/dataset.repository.js';
import { scaleByCode } from '../plans/scales.repository.js';
import { exportDataset } from '../datasets/export-dataset.js';
import { readPlanRows, type PlanRows } from '../datasets/plan-rows.js';
import type { ImportIssue } from './import-issues.js';
import { AppError } from '../errors.js';
import { assertEntryWritable, assertValueWritable } from '../rounds/value-rules.js';
import { entryIsEditable } from '../rounds/round-states.js';
import type { ImportedEntry } from './judge-imported-entries.js';
import type { ReadResult, SheetData } from './read-spreadsheet.js';
import { keyRows, type KeyedRow, type KeyedSheet } from './sheet-rows.js';
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
  NO_WORDS,
  PLAN_FIELDS,
  PLAN_SHEET,
  ROW_KIND_LABELS,
  TARGET_KIND_LABELS,
  TARGET_SOURCE_LABELS,
  YES_WORDS,
  keyOfLabel,
  normalizeHeader,
  type EntryColumn,
  type IndicatorColumn,
  type ItemColumn,
  type PlanField,
  type RowKind,
  type TargetKind,
  type TargetSource,
} from './template.js';

type DatasetItem = Dataset['items'][number];
type DatasetIndicator = Dataset['indicators'][number];
type DatasetObservation = DatasetIndicator['observations'][number];
type DatasetTarget = DatasetIndicator['targets'][number];
type DatasetDepartment = Dataset['departments'][number];
type DatasetEntry = Dataset['rounds'][number]['entries'][number];

export interface BuildOptions {
  fileName: string;
  /** A department editor's import: only items these departments own (and their indicators) may change. */
  departments?: readonly string[] | null;
  /**
   * The importing user's organisation: a plan of another organisation is answered as unusable,
   * without saying whether it exists. Undefined for the installation's operator and the CLI.
   */
  organisationId?: number | undefined;
}

export interface BuiltImport {
  planCode: string | null;
  /** True when the plan does not exist yet and the file creates it. */
  newPlan: boolean;
  dataset: Dataset | null;
  /** The plan's rows as they were read for the base (null for a new plan): loadDataset compares with them. */
  current: PlanRows | null;
  /** 評価 rows that name an entry, for the judgement after the load (judge-imported-entries.ts). */
  entries: ImportedEntry[];
  /** Items whose indicators the 指標 sheet names: their entries in open rounds are judged again. */
  judgedItems: string[];
  issues: ImportIssue[];
  /** Data rows read (施策 + 指標). */
  rows: number;
}

const SHEET_NAMES: Record<string, string> = {
  [normalizeHeader(ITEMS_SHEET)]: ITEMS_SHEET,
  items: ITEMS_SHEET,
  [normalizeHeader(INDICATORS_SHEET)]: INDICATORS_SHEET,
  indicators: INDICATORS_SHEET,
  [normalizeHeader(PLAN_SHEET)]: PLAN_SHEET,
  [normalizeHeader(ENTRIES_SHEET)]: ENTRIES_SHEET,
  entries: ENTRIES_SHEET,
  plan: PLAN_SHEET,
  [normalizeHeader(KEYS_SHEET)]: KEYS_SHEET,
};

const LIST_SEPARATORS = /[、,，\n]+/;

/** Entry states a department may still edit (save-entry.ts); a change makes them 入力中. */

function domainMessage(error: unknown): string {
  if (isDomainError(error)) return error.message;
  throw error;
}

/** A plain decimal in 数値 keeps its scale ("70.0" stays "70.0"). */
const PLAIN_DECIMAL = /^-?\d+(\.\d+)?$/;

/** Reads 値 (text as written) and 数値 (the number, needed when the text is a sentence). */
function readValue(
  text: string,
  numberText: string,
): { ok: true; value: string | null; missingReason: MissingReason | null; unit: string | null; approximate: boolean; parts: { label: string; value: string }[] | null; asOf: string | null } | { ok: false; column: 'value' | 'number'; message: string } {
  let fromText: ReturnType<typeof parseJapaneseNumber> | null = null;
  let textProblem: string | null = null;
  if (text !== '') {
    try {
      fromText = parseJapaneseNumber(text, { checkBreakdown: false });
    } catch (error) {
      textProblem = domainMessage(error);
    }
  }
  // 数値 as the template writes it (a plain decimal, e.g. "735" or "70.0") needs no parsing: the
  // number is the literal. This is most rows of an exported workbook.
  const literal = numberText.replaceAll(',', '');
  if (numberText !== '' && PLAIN_DECIMAL.test(literal)) {
    if (fromText !== null && (fromText.kind !== 'value' || !fromText.value.equals(d(literal)))) {
      return { ok: false, column: 'number', message: `「${numberText}」は値「${text}」と一致しません（値を直したときは数値も直すか、数値を空欄にしてください）` };
    }
    const written = fromText?.kind === 'value' ? fromText : null;
    return {
      ok: true,
      value: literal,
      missingReason: null,
      unit: written?.unit ?? null,
      approximate: written?.approximate ?? false,
      parts: written?.parts ? written.parts.map((p) => ({ label: p.label, value: toPlainString(p.value) })) : null,
      asOf: written?.asOf ?? null,
    };
  }
  let fromNumber: ReturnType<typeof parseJapaneseNumber> | null = null;
  if (numberText !== '') {
    try {
      fromNumber = parseJapaneseNumber(numberText, { checkBreakdown: false });
    } catch (error) {
      return { ok: false, column: 'number', message: domainMessage(error) };
    }
  }
  if (fromText && fromNumber) {
    const same =
      fromText.kind === 'value' && fromNumber.kind === 'value'
        ? fromText.value.equals(fromNumber.value)
        : fromText.kind === 'missing' && fromNumber.kind === 'missing' && fromText.reason === fromNumber.reason;
    if (!same) return { ok: false, column: 'number', message: `「${numberText}」は値「${text}」と一致しません（値を直したときは数値も直すか、数値を空欄にしてください）` };
  }
  const chosen = fromText ?? fromNumber;
  if (!chosen) {
    if (textProblem !== null) return { ok: false, column: 'value', message: `${textProblem}。文章で書くときは「数値」の列に数値を書いてください` };
    return { ok: false, column: 'value', message: '値がありません' };
  }
  if (chosen.kind === 'missing') return { ok: true, value: null, missingReason: chosen.reason, unit: null, approximate: false, parts: null, asOf: null };
  return {
    ok: true,
    value: toPlainString(chosen.value),
    missingReason: null,
    unit: fromText && fromText.kind === 'value' ? (fromText.unit ?? null) : null,
    approximate: fromText && fromText.kind === 'value' ? fromText.approximate : false,
    parts: fromText && fromText.kind === 'value' && fromText.parts ? fromText.parts.map((p) => ({ label: p.label, value: toPlainString(p.value) })) : null,
    asOf: fromText && fromText.kind === 'value' ? (fromText.asOf ?? null) : null,
  };
}

function readFlag(text: string): boolean | null {
  const t = text.normalize('NFKC').trim().toLowerCase();
  if ((NO_WORDS as readonly string[]).includes(t)) return false;
  if ((YES_WORDS as readonly string[]).map((w) => w.normalize('NFKC').toLowerCase()).includes(t)) return true;
  return null;
}

/** 担当課 list: separated by 、 , or line breaks outside （…）. */
function splitOwners(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    if (ch === '（' || ch === '(') depth++;
    if (ch === '）' || ch === ')') depth = Math.max(0, depth - 1);
    if (depth === 0 && /[、,，\n]/.test(ch)) {
      if (current.trim() !== '') out.push(current.trim());
      current = '';
    } else current += ch;
  }
  if (current.trim() !== '') out.push(current.trim());
  return out;
}

function splitList(text: string): string[] {
  return text
    .split(LIST_SEPARATORS)
    .map((x) => x.trim())
    .filter((x) => x !== '');
}

/** 「市民局 協働まちづくり推進課（各区まちづくり推進課ふるさと支援担当）」 → names and the text as written. */
export function splitOwner(text: string): { bureau: string; section: string | null; textAsWritten: string | null } {
  let base = text.trim();
  let textAsWritten: string | null = null;
  const m = /^(.*?)[（(]([^（）()]*)[）)]$/.exec(base);
  if (m && (m[1] ?? '').trim() !== '') {
    base = (m[1] ?? '').trim();
    textAsWritten = (m[2] ?? '').trim() || null;
  }
  const parts = base.split(/[\s\u3000]+/).filter((x) => x !== '');
  if (parts.length >= 2) return { bureau: parts[0] ?? '', section: parts.slice(1).join(' '), textAsWritten };
  return { bureau: base, section: null, textAsWritten };
}

export async function buildImport(tx: Tx, read: ReadResult, options: BuildOptions): Promise<BuiltImport> {
  const issues: ImportIssue[] = [...read.issues];
  const fail = (): BuiltImport => ({ planCode: null, newPlan: false, dataset: null, current: null, entries: [], judgedItems: [], issues, rows: 0 });
  if (issues.length > 0) return fail();

  const sheets = new Map<string, SheetData>();
  for (const sheet of read.sheets) {
    const known = SHEET_NAMES[normalizeHeader(sheet.name)];
    if (known && !sheets.has(known)) sheets.set(known, sheet);
  }
  const itemSheetData = sheets.get(ITEMS_SHEET);
  const indicatorSheetData = sheets.get(INDICATORS_SHEET);
  const entrySheetData = sheets.get(ENTRIES_SHEET);
  if (!itemSheetData && !indicatorSheetData && !entrySheetData) {
    issues.push({ sheet: '', row: 0, column: '', message: `「${ITEMS_SHEET}」「${INDICATORS_SHEET}」「${ENTRIES_SHEET}」のどのシートもありません（テンプレートのシート名のまま保存してください）` });
    return fail();
  }
  const itemSheet = itemSheetData ? keyRows<ItemColumn>(itemSheetData, ITEM_COLUMNS, issues) : null;
  const indicatorSheet = indicatorSheetData ? keyRows<IndicatorColumn>(indicatorSheetData, INDICATOR_COLUMNS, issues) : null;
  const entrySheet = entrySheetData ? keyRows<EntryColumn>(entrySheetData, ENTRY_COLUMNS, issues) : null;
  if (issues.length > 0) return fail();
  const rowCount = (itemSheet?.rows.length ?? 0) + (indicatorSheet?.rows.length ?? 0) + (entrySheet?.rows.length ?? 0);
  if (rowCount === 0) {
    issues.push({ sheet: itemSheet?.name ?? indicatorSheet?.name ?? entrySheet?.name ?? '', row: 2, column: '', message: 'データの行がありません（見出し行だけです）' });
    return fail();
  }

  // the hidden sheet of codes: a row whose visible code cell was cleared keeps its exported code
  const hiddenCodes = new Map<string, string>();
  for (const row of sheets.get(KEYS_SHEET)?.rows.slice(1) ?? []) {
    const [sheet, rowNo, code] = row.cells;
    if (sheet && rowNo && code) hiddenCodes.set(`${sheet}/${rowNo}`, code);
  }
  const codeOf = (sheet: KeyedSheet<string>, row: KeyedRow<string>, key: string) => row.get(key) || hiddenCodes.get(`${sheet.name}/${row.row}`) || '';

  // ── which plan ──
  let planCode: string | null = null;
  let planCodeRow = 0;
  const checkPlanCode = (sheet: KeyedSheet<'plan'>, row: KeyedRow<'plan'>) => {
    const code = row.get('plan');
    if (code === '') {
      issues.push({ sheet: sheet.name, row: row.row, column: sheet.label('plan'), message: '計画コードがありません' });
      return false;
    }
    if (planCode === null) {
      planCode = code;
      planCodeRow = row.row;
      return true;
    }
    if (code !== planCode) {
      issues.push({ sheet: sheet.name, row: row.row, column: sheet.label('plan'), message: `「${code}」: 1つのファイルには1つの計画だけを書いてください（${planCodeRow}行目は「${planCode}」）` });
      return false;
    }
    return true;
  };
  const usable = <K extends string>(sheet: KeyedSheet<K> | null) => (sheet ? sheet.rows.filter((row) => checkPlanCode(sheet as unknown as KeyedSheet<'plan'>, row as unknown as KeyedRow<'plan'>)) : []);
  const itemRows = usable(itemSheet);
  const indicatorRows = usable(indicatorSheet);
  const entryRows = usable(entrySheet);
  if (planCode === null) return fail();
  const code: string = planCode;

  // ── the plan as it is now, or a new plan from the 計画 sheet ──
  const planSheetData = sheets.get(PLAN_SHEET);
  const planFields = planSheetData ? readPlanSheet(planSheetData, issues) : null;
  const planId = await datasetRepo.planIdByCode(tx, code);
  const exists = planId !== null;
  // read once: the base is laid over these rows, and the loader compares with the same rows
  const current = planId === null ? null : await readPlanRows(tx, planId);
  let base: Dataset;
  if (exists) {
    base = await exportDataset(tx, code, { rows: current });
  } else if (planFields) {
    const skeleton = newPlanSkeleton(code, planFields, issues);
    if (!skeleton) return fail();
    base = skeleton;
  } else {
    const first = itemSheet?.rows[0] ? itemSheet : indicatorSheet?.rows[0] ? indicatorSheet : entrySheet;
    issues.push({
      sheet: first?.name ?? '',
      row: planCodeRow,
      column: '計画コード',
      message: `「${code}」は登録されていない計画です（新しい計画を読み込むには「${PLAN_SHEET}」シートが必要です）`,
    });
    return fail();
  }
  if (exists && planFields) applyPlanFields(base, planFields, planSheetData?.name ?? PLAN_SHEET, issues);
  if (planFields?.get('scale')?.text && (await datasetRepo.scaleIdByCode(tx, planFields.get('scale')?.text ?? '')) === null) {
    issues.push({ sheet: planSheetData?.name ?? PLAN_SHEET, row: planFields.get('scale')?.row ?? 0, column: '値', message: `評価尺度「${planFields.get('scale')?.text}」は登録されていません` });
  }
  if (planFields?.get('code') && planFields.get('code')?.text !== code) {
    issues.push({ sheet: planSheetData?.name ?? PLAN_SHEET, row: planFields.get('code')?.row ?? 0, column: '値', message: `計画コード「${planFields.get('code')?.text}」が他のシートの「${code}」と違います` });
  }

  // ── departments of the organisation ──
  const organisationId = await organisationIdByCode(tx, base.organisation.code);
  if (options.organisationId !== undefined && organisationId !== options.organisationId) {
    issues.push({ sheet: planSheetData?.name ?? itemSheet?.name ?? indicatorSheet?.name ?? entrySheet?.name ?? '', row: planCodeRow, column: '計画コード', message: `計画「${code}」は読み込めません（この組織の計画ではありません）` });
    return fail();
  }
  const orgDepartments = organisationId === null ? [] : await datasetRepo.departmentsByIds(tx, organisationId);
  const departments = new Map<string, DatasetDepartment>(base.departments.map((x) => [x.code, x]));
  const allByCode = new Map(orgDepartments.map((x) => [x.code, { code: x.code, name: x.name, kind: x.kind as DatasetDepartment['kind'], parent: x.parentCode }]));
  const useDepartment = (dept: DatasetDepartment) => {
    for (let x: DatasetDepartment | undefined = dept; x && !departments.has(x.code); x = x.parent ? (allByCode.get(x.parent) ?? departments.get(x.parent)) : undefined) {
      departments.set(x.code, x);
    }
  };
  const resolveOwner = (text: string): { department: string; textAsWritten: string | null } => {
    const { bureau, section, textAsWritten } = splitOwner(text);
    const all = [...allByCode.values(), ...departments.values()];
    if (section === null) {
      const found = all.find((x) => x.code === bureau) ?? all.find((x) => x.name === bureau && x.parent === null);
      const dept = found ?? { code: bureau, name: bureau, kind: 'bureau' as const, parent: null };
      useDepartment(dept);
      return { department: dept.code, textAsWritten };
    }
    const found = all.find((x) => x.code === `${bureau}/${section}`) ?? all.find((x) => x.name === section && x.parent !== null && (all.find((p) => p.code === x.parent)?.name ?? x.parent) === bureau);
    if (found) {
      useDepartment(found);
      return { department: found.code, textAsWritten };
    }
    const parent = all.find((x) => x.code === bureau) ?? all.find((x) => x.name === bureau && x.parent === null) ?? { code: bureau, name: bureau, kind: 'bureau' as const, parent: null };
    useDepartment(parent);
    const dept: DatasetDepartment = { code: `${parent.code}/${section}`, name: section, kind: 'section', parent: parent.code };
    useDepartment(dept);
    return { department: dept.code, textAsWritten };
  };

  // ── items ──
  const items = new Map<string, DatasetItem>(base.items.map((x) => [x.code, x]));
  const existingOrder = new Map(base.items.map((x, i) => [x.code, i]));
  const itemRowOf = new Map<string, number>();
  const newItemOrder: string[] = [];
  const levelLabels = new Map<string, { label: string; row: number }>();
  if (itemSheet) {
    const s = itemSheet;
    const at = (row: KeyedRow<ItemColumn>, key: ItemColumn, message: string) => issues.push({ sheet: s.name, row: row.row, column: s.label(key), message });
    for (const row of itemRows) {
      const itemCode = codeOf(s, row, 'code');
      if (itemCode === '') {
        at(row, 'code', 'コードがありません');
        continue;
      }
      const seen = itemRowOf.get(itemCode);
      if (seen !== undefined) {
        at(row, 'code', `「${itemCode}」が重複しています（${seen}行目と同じコード）`);
        continue;
      }
      itemRowOf.set(itemCode, row.row);
      const name = row.get('name');
      if (name === '') at(row, 'name', '名称がありません');
      const priority = row.has('priority') ? readFlag(row.get('priority')) : null;
      if (priority === null && row.has('priority')) at(row, 'priority', `「${row.get('priority')}」は読めません（重点なら ○、そうでなければ空欄）`);
      const isNew = row.has('isNew') ? readFlag(row.get('isNew')) : null;
      if (isNew === null && row.has('isNew')) at(row, 'isNew', `「${row.get('isNew')}」は読めません（新規なら ○、そうでなければ空欄）`);
      const owners = row.has('departments') ? splitOwners(row.get('departments')).map(resolveOwner) : null;
      const before = items.get(itemCode);
      const relistOf = row.has('relistOf') ? row.get('relistOf') || null : (before?.relistOf ?? null);
      const level = row.get('level');
      if (level !== '') levelLabels.set(itemCode, { label: level, row: row.row });
      const merged: DatasetItem = {
        code: itemCode,
        parent: row.get('parent') || null,
        number: before?.number ?? null,
        name: name || before?.name || itemCode,
        description: row.has('description') ? row.get('description') || null : (before?.description ?? null),
        numericTargetText: row.has('numericTarget') ? row.get('numericTarget') || null : (before?.numericTargetText ?? null),
        isPriority: priority ?? before?.isPriority ?? false,
        isNew: isNew ?? before?.isNew ?? false,
        isPartnerProject: before?.isPartnerProject ?? false,
        tags: row.has('tags') ? splitList(row.get('tags')) : (before?.tags ?? []),
        relistOf,
        relistKind: relistOf === null ? null : before?.relistOf === relistOf ? (before.relistKind ?? 'full') : 'full',
        attributes: before?.attributes ?? {},
        departments: owners ? owners.map((o) => ({ department: o.department, role: before?.departments.find((x) => x.department === o.department)?.role ?? 'lead', textAsWritten: o.textAsWritten })) : (before?.departments ?? []),
      };
      if (!before) newItemOrder.push(itemCode);
      items.set(itemCode, merged);
    }
    // references: parent, relisted original
    for (const row of itemRows) {
      const item = items.get(codeOf(s, row, 'code'));
      if (!item || itemRowOf.get(item.code) !== row.row) continue;
      if (item.parent !== null && !items.has(item.parent)) at(row, 'parent', `「${item.parent}」という施策がありません`);
      if (item.parent === item.code) at(row, 'parent', '自分自身を親にはできません');
      if (item.relistOf !== null && !items.has(item.relistOf)) at(row, 'relistOf', `「${item.relistOf}」という施策がありません`);
      if (item.relistOf === item.code) at(row, 'relistOf', '自分自身を再掲元にはできません');
    }
  }

  // depth-first order, existing items in their order, new items after them in file order; a
  // parent cycle leaves items unreachable from the top level
  const children = new Map<string | null, DatasetItem[]>();
  const orderOf = (c: string) => existingOrder.get(c) ?? base.items.length + newItemOrder.indexOf(c);
  for (const item of items.values()) {
    const parent = item.parent !== null && items.has(item.parent) ? item.parent : item.parent === null ? null : undefined;
    if (parent === undefined) continue;
    children.set(parent, [...(children.get(parent) ?? []), item]);
  }
  const ordered: DatasetItem[] = [];
  const depthOf = new Map<string, number>();
  const visit = (parent: string | null, depth: number) => {
    for (const child of (children.get(parent) ?? []).sort((a, b) => orderOf(a.code) - orderOf(b.code))) {
      if (depthOf.has(child.code)) continue;
      depthOf.set(child.code, depth);
      ordered.push(child);
      visit(child.code, depth + 1);
    }
  };
  visit(null, 0);
  for (const item of items.values()) {
    if (depthOf.has(item.code) || item.parent === null || !items.has(item.parent)) continue;
    const chain = [item.code];
    let next: string | null = item.parent;
    while (next !== null && !chain.includes(next)) {
      chain.push(next);
      next = items.get(next)?.parent ?? null;
    }
    if (next !== item.code) continue; // below a cycle, not in it: the cycle itself is reported
    const row = itemRowOf.get(item.code);
    const loop = [...chain, next];
    issues.push({ sheet: itemSheet?.name ?? ITEMS_SHEET, row: row ?? 0, column: '親コード', message: `「${item.parent}」: 親子関係が循環しています（${loop.join(' → ')}）` });
  }

  // 階層: the level names of the plan, checked against each row's depth
  let levelNames = base.plan.levelNames;
  if (!exists && !planFields?.get('levelNames')) {
    const byDepth: string[] = [];
    for (const [itemCode, { label }] of levelLabels) {
      const depth = depthOf.get(itemCode);
      if (depth !== undefined && byDepth[depth] === undefined && !/^\d+$/.test(label)) byDepth[depth] = label;
    }
    const maxDepth = Math.max(0, ...depthOf.values());
    levelNames = Array.from({ length: Math.max(maxDepth + 1, byDepth.length) }, (_, i) => byDepth[i] ?? `第${i + 1}階層`);
    base.plan.levelNames = levelNames;
  }
  for (const [itemCode, { label, row }] of levelLabels) {
    const depth = depthOf.get(itemCode);
    if (depth === undefined) continue;
    const expected = levelNames[depth] ?? `第${depth + 1}階層`;
    if (label !== expected && label !== String(depth + 1)) {
      issues.push({ sheet: itemSheet?.name ?? ITEMS_SHEET, row, column: '階層', message: `「${label}」は親コードから決まる階層「${expected}」と違います` });
    }
  }

  // ── indicators ──
  // an indicator a row touches is copied before it changes (base keeps the plan as it was)
  const indicators = new Map<string, DatasetIndicator>(base.indicators.map((x) => [x.code, x]));
  const baseIndicators = new Map(base.indicators.map((x) => [x.code, x]));
  const copied = new Set<string>();
  const touch = (indicatorCode: string): DatasetIndicator | undefined => {
    const found = indicators.get(indicatorCode);
    if (!found || copied.has(indicatorCode)) return found;
    const copy = { ...found, targets: [...found.targets], observations: [...found.observations] };
    indicators.set(indicatorCode, copy);
    copied.add(indicatorCode);
    return copy;
  };
  const newIndicatorOrder: string[] = [];
  if (indicatorSheet) {
    const s = indicatorSheet;
    const at = (row: KeyedRow<IndicatorColumn>, key: IndicatorColumn, message: string) => issues.push({ sheet: s.name, row: row.row, column: s.label(key), message });
    const firstRowOf = new Map<string, { row: number; fields: Record<string, string> }>();
    const observationRowOf = new Map<string, number>();
    const baselineRowOf = new Map<string, number>();
    const targetCount = new Map<string, Map<string, number>>();
    for (const row of indicatorRows) {
      const indicatorCode = codeOf(s, row, 'code');
      if (indicatorCode === '') {
        at(row, 'code', '指標コードがありません');
        continue;
      }
      // indicator fields: the same on every row of the indicator
      const fields: Record<string, string> = {};
      for (const key of ['item', 'name', 'unit', 'direction', 'aggregation'] as const) {
        const value = row.get(key);
        if (value === '') continue;
        fields[key] = value;
        const first = firstRowOf.get(indicatorCode);
        const earlier = first?.fields[key];
        if (first && earlier !== undefined && earlier !== value) at(row, key, `「${value}」が同じ指標の${first.row}行目（「${earlier}」）と違います`);
      }
      const first = firstRowOf.get(indicatorCode);
      if (!first) firstRowOf.set(indicatorCode, { row: row.row, fields });
      else for (const [key, value] of Object.entries(fields)) if (!(key in first.fields)) first.fields[key] = value; // the first row's value stays

      let indicator = touch(indicatorCode);
      if (!indicator) {
        const itemCode = row.get('item');
        const name = row.get('name');
        if (itemCode === '') at(row, 'item', '新しい指標には施策コードが必要です');
        if (name === '') at(row, 'name', '新しい指標には指標名が必要です');
        if (itemCode === '' || name === '') continue;
        indicator = {
          code: indicatorCode,
          item: itemCode,
          name,
          category: null,
          unit: null,
          direction: 'up',
          aggregation: 'annual',
          rateMethod: null,
          baseline: null,
          breakdownLabels: [],
          source: null,
          notes: null,
          isReference: false,
          targets: [],
          observations: [],
        };
        indicators.set(indicatorCode, indicator);
        copied.add(indicatorCode);
        newIndicatorOrder.push(indicatorCode);
      }
      if (fields.item !== undefined) {
        if (!items.has(fields.item)) at(row, 'item', `「${fields.item}」という施策がありません`);
        indicator.item = fields.item;
      }
      if (fields.name !== undefined) indicator.name = fields.name;
      if (fields.unit !== undefined) indicator.unit = fields.unit; // a blank cell keeps the unit (the cell repeats on every row)
      if (fields.direction !== undefined) {
        const direction = keyOfLabel(DIRECTION_LABELS, fields.direction);
        if (direction === null) at(row, 'direction', `「${fields.direction}」は読めません（上昇・低下・維持のいずれか）`);
        else indicator.direction = direction;
      }
      if (fields.aggregation !== undefined) {
        const aggregation = keyOfLabel(AGGREGATION_LABELS, fields.aggregation);
        if (aggregation === null) at(row, 'aggregation', `「${fields.aggregation}」は読めません（単年度・累計のいずれか）`);
        else indicator.aggregation = aggregation;
      }

      // the value row
      const kindText = row.get('kind');
      const valueText = row.get('value');
      const numberText = row.get('number');
      if (kindText === '') {
        if (valueText !== '' || numberText !== '') at(row, 'kind', '区分がありません（実績・見込・状況・目標・基準のいずれか）');
        continue;
      }
      const kind = keyOfLabel(ROW_KIND_LABELS, kindText) as RowKind | null;
      if (kind === null) {
        at(row, 'kind', `「${kindText}」は読めません（実績・見込・状況・目標・基準のいずれか）`);
        continue;
      }
      const yearText = row.get('fiscalYear');
      let fiscalYear: number | null = null;
      if (yearText !== '') {
        try {
          fiscalYear = parseFiscalYear(yearText, { beyondEraEnd: kind === 'target' ? 'extend' : 'reject' });
        } catch (error) {
          at(row, 'fiscalYear', domainMessage(error));
          continue;
        }
      }
      let asOf: string | null = null;
      const asOfText = row.get('asOf');
      if (asOfText !== '') {
        try {
          asOf = parseJapaneseDate(asOfText).iso;
        } catch (error) {
          at(row, 'asOf', domainMessage(error));
          continue;
        }
      }
      const note = row.get('note') || null;
      if (kind === 'target') {
        const targetKindText = row.get('targetKind');
        const targetKind: TargetKind | null = targetKindText === '' ? null : keyOfLabel(TARGET_KIND_LABELS, targetKindText);
        if (targetKindText !== '' && targetKind === null) {
          at(row, 'targetKind', `「${targetKindText}」は読めません（${Object.values(TARGET_KIND_LABELS).join('・')}のいずれか）`);
          continue;
        }
        const setByText = row.get('setBy');
        const setBy: TargetSource = setByText === '' ? 'this_plan' : (keyOfLabel(TARGET_SOURCE_LABELS, setByText) ?? (setByText.includes('アクションプラン') ? 'action_plan' : setByText.includes('戦略ビジョン') ? 'strategic_vision' : 'other'));
        const setByName = setByText === '' || keyOfLabel(TARGET_SOURCE_LABELS, setByText) !== null ? null : setByText;
        let value: string | null = null;
        if (targetKind !== 'qualitative' || valueText === '' || numberText !== '') {
          const read = readValue(valueText, numberText);
          if (!read.ok) {
            if (!(targetKind === 'qualitative' && read.column === 'value')) {
              at(row, read.column, read.message);
              continue;
            }
          } else {
            if (read.value === null) {
              at(row, valueText !== '' ? 'value' : 'number', '目標には数値が必要です（数値のない目標は「目標の種類」を「定性」にしてください）');
              continue;
            }
            value = read.value;
          }
        }
        const resolvedKind: TargetKind = targetKind ?? (fiscalYear === null ? 'every_year_min' : 'by_year');
        if (resolvedKind === 'by_year' && fiscalYear === null) {
          at(row, 'fiscalYear', '「年度まで」の目標には年度が必要です');
          continue;
        }
        const key = `${fiscalYear}|${setBy}|${setByName}|${resolvedKind}`;
        const counts = targetCount.get(indicatorCode) ?? new Map<string, number>();
        targetCount.set(indicatorCode, counts);
        const occurrence = counts.get(key) ?? 0;
        counts.set(key, occurrence + 1);
        const matches = indicator.targets.filter((t) => `${t.fiscalYear}|${t.setBy}|${t.setByName}|${t.kind}` === key);
        const before = matches[occurrence];
        const target: DatasetTarget = {
          kind: resolvedKind,
          fiscalYear,
          value,
          bandLow: before && before.value !== null && value !== null && d(before.value).equals(value) ? before.bandLow : null,
          bandHigh: before && before.value !== null && value !== null && d(before.value).equals(value) ? before.bandHigh : null,
          changePercent: before && before.value !== null && value !== null && d(before.value).equals(value) ? before.changePercent : null,
          text: valueText || null,
          setBy,
          setByName,
          notes: note,
        };
        if (before) indicator.targets[indicator.targets.indexOf(before)] = target;
        else indicator.targets.push(target);
        continue;
      }
      if (fiscalYear === null) {
        at(row, 'fiscalYear', '年度がありません');
        continue;
      }
      if (valueText === '' && numberText === '') continue; // an input row left empty: nothing to change
      const read = readValue(valueText, numberText);
      if (!read.ok) {
        at(row, read.column, read.message);
        continue;
      }
      const unitProblem = read.unit !== null && indicator.unit !== null && read.unit !== indicator.unit;
      if (kind === 'baseline') {
        if (unitProblem) {
          at(row, 'value', `「${valueText}」の単位「${read.unit}」が指標の単位「${indicator.unit}」と違います`);
          continue;
        }
        const seen = baselineRowOf.get(indicatorCode);
        if (seen !== undefined) {
          at(row, 'kind', `基準は1つの指標に1行だけです（${seen}行目にもあります）`);
          continue;
        }
        baselineRowOf.set(indicatorCode, row.row);
        indicator.baseline = { value: read.value, text: valueText || null, fiscalYear, asOf };
        continue;
      }
      const obsKey = `${indicatorCode}/${fiscalYear}/${kind}`;
      const seen = observationRowOf.get(obsKey);
      if (seen !== undefined) {
        at(row, 'fiscalYear', `${yearText}の${kindText}が重複しています（${seen}行目と同じ年度・区分）`);
        continue;
      }
      observationRowOf.set(obsKey, row.row);
      const text = valueText || numberText;
      const i = indicator.observations.findIndex((o) => o.fiscalYear === fiscalYear && o.kind === kind);
      const before = i >= 0 ? indicator.observations[i] : undefined;
      const sameReading = before !== undefined && before.text === text && before.missingReason === read.missingReason && ((before.value === null && read.value === null) || (before.value !== null && read.value !== null && (before.value === read.value || d(before.value).equals(read.value))));
      if (!sameReading) {
        // the rule every way in applies (rounds/value-rules.ts): round and entry state, who writes, the unit
        const round = base.rounds.find((r) => r.fiscalYear === fiscalYear) ?? null;
        try {
          assertValueWritable({
            fiscalYear,
            itemName: base.items.find((x) => x.code === indicator.item)?.name ?? indicator.item,
            planWide: (options.departments ?? null) === null,
            round,
            entry: round?.entries.find((e) => e.item === indicator.item) ?? null,
            text,
            typedUnit: read.unit,
            indicatorUnit: indicator.unit,
          });
        } catch (error) {
          if (!(error instanceof AppError)) throw error;
          issues.push({ sheet: s.name, row: row.row, column: s.label(error.code === 'UNIT_MISMATCH' ? 'value' : 'fiscalYear'), message: error.describe(), code: error.code });
          continue;
        }
      }
      const observation: DatasetObservation = sameReading
        ? { ...before, asOf: asOf ?? (asOfText === '' && row.has('asOf') ? null : before.asOf), note }
        : {
            fiscalYear,
            kind,
            value: read.value,
            text,
            unit: read.unit ?? indicator.unit,
            approximate: read.approximate,
            parts: read.parts,
            asOf: asOf ?? read.asOf,
            missingReason: read.missingReason,
            note,
            source: options.fileName,
          };
      if (i >= 0) indicator.observations[i] = observation;
      else indicator.observations.push(observation);
    }
    for (const [indicatorCode, indicator] of indicators) {
      if (!items.has(indicator.item)) {
        const first = firstRowOf.get(indicatorCode);
        if (first && !issues.some((x) => x.row === first.row && x.sheet === s.name)) issues.push({ sheet: s.name, row: first.row, column: s.label('item'), message: `「${indicator.item}」という施策がありません` });
      }
    }
  }

  // ── 評価: entries of the plan's rounds (self-grade and narratives) ──
  const rounds = base.rounds.map((r) => ({ ...r, entries: [...r.entries] }));
  const entryChanges: { row: number; fiscalYear: number; item: string; entry: { state: string } | null; round: { state: string } | null; changed: boolean }[] = [];
  const importedEntries: ImportedEntry[] = [];
  if (entrySheet) {
    const s = entrySheet;
    const at = (row: KeyedRow<EntryColumn>, key: EntryColumn, message: string) => issues.push({ sheet: s.name, row: row.row, column: s.label(key), message });
    const scale = base.plan.scale ? await scaleByCode(tx, base.plan.scale) : undefined;
    const grades = scale?.grades.map((g) => g.code) ?? null;
    const seen = new Map<string, number>();
    for (const row of entryRows) {
      const itemCode = codeOf(s, row, 'item');
      const yearText = row.get('fiscalYear');
      if (itemCode === '') {
        at(row, 'item', '施策コードがありません');
        continue;
      }
      if (!items.has(itemCode)) {
        at(row, 'item', `「${itemCode}」という施策がありません`);
        continue;
      }
      if (yearText === '') {
        at(row, 'fiscalYear', '年度がありません');
        continue;
      }
      let fiscalYear: number;
      try {
        fiscalYear = parseFiscalYear(yearText);
      } catch (error) {
        at(row, 'fiscalYear', domainMessage(error));
        continue;
      }
      const key = `${fiscalYear}/${itemCode}`;
      const dup = seen.get(key);
      if (dup !== undefined) {
        at(row, 'item', `「${itemCode}」の${yearText}の評価が重複しています（${dup}行目と同じ）`);
        continue;
      }
      seen.set(key, row.row);
      const selfGrade = row.get('selfGrade') || null;
      if (selfGrade !== null && grades !== null && !grades.includes(selfGrade)) {
        at(row, 'selfGrade', `「${selfGrade}」は評価尺度「${scale?.name ?? ''}」にありません（${grades.join('・')}のいずれか）`);
        continue;
      }
      const wanted = { selfGrade, resultsText: row.get('results') || null, planText: row.get('plans') || null, issuesText: row.get('issues') || null };
      let round = rounds.find((r) => r.fiscalYear === fiscalYear);
      const existingEntry = round?.entries.find((e) => e.item === itemCode);
      if (!existingEntry && Object.values(wanted).every((v) => v === null)) continue; // an input row left empty
      if (!round) {
        if (exists) {
          at(row, 'fiscalYear', `${yearText}の評価はまだありません（本部が年度評価を作成してから入力してください）`);
          continue;
        }
        // a new plan carries its past rounds, as the bundled plans do: published, entries approved
        round = { fiscalYear, state: 'published', entries: [] };
        rounds.push(round);
      }
      const changed = !existingEntry || Object.entries(wanted).some(([k, v]) => (existingEntry as Record<string, unknown>)[k] !== v);
      // as a saved entry (save-entry.ts): a draft that changes is 入力中; 提出・承認 keep their state
      const state: DatasetEntry['state'] = existingEntry ? (changed && entryIsEditable(existingEntry.state) ? 'in_progress' : existingEntry.state) : exists ? 'in_progress' : 'approved';
      const entry = existingEntry ? { ...existingEntry, ...wanted, state } : { item: itemCode, ...wanted, state };
      if (existingEntry) round.entries[round.entries.indexOf(existingEntry)] = entry;
      else round.entries.push(entry);
      entryChanges.push({ row: row.row, fiscalYear, item: itemCode, entry: existingEntry ?? null, round: exists ? round : null, changed });
      importedEntries.push({ sheet: s.name, row: row.row, column: s.label('selfGrade'), fiscalYear, item: itemCode, changed, newRound: !exists });
    }
  }

  // ── a department editor changes only its own items ──
  const scope = options.departments ?? null;
  const ownsItem = (itemCode: string) => scope === null || (base.items.find((x) => x.code === itemCode)?.departments.some((x) => scope.includes(x.department) || scope.includes(departments.get(x.department)?.parent ?? '')) ?? false);
  if (scope !== null) {
    const named = scope.join('」「');
    const own = (itemCode: string | undefined) => ownsItem(itemCode ?? '');
    for (const row of itemRows) {
      const itemCode = itemSheet ? codeOf(itemSheet, row, 'code') : '';
      if (!own(itemCode)) issues.push({ sheet: itemSheet?.name ?? ITEMS_SHEET, row: row.row, column: 'コード', message: `「${itemCode}」は担当課「${named}」の施策ではないため変更できません` });
      else if (JSON.stringify(items.get(itemCode)?.departments) !== JSON.stringify(base.items.find((x) => x.code === itemCode)?.departments)) {
        issues.push({ sheet: itemSheet?.name ?? ITEMS_SHEET, row: row.row, column: '担当課', message: '担当課は本部だけが変更できます' });
      }
    }
    for (const row of indicatorRows) {
      const indicatorCode = indicatorSheet ? codeOf(indicatorSheet, row, 'code') : '';
      const before = baseIndicators.get(indicatorCode);
      if (!before || !own(before.item) || indicators.get(indicatorCode)?.item !== before.item) {
        issues.push({ sheet: indicatorSheet?.name ?? INDICATORS_SHEET, row: row.row, column: '指標コード', message: `「${indicatorCode}」は担当課「${named}」の指標ではないため変更できません`, code: 'FORBIDDEN' });
      }
    }
    for (const change of entryChanges) {
      if (!own(change.item)) issues.push({ sheet: entrySheet?.name ?? ENTRIES_SHEET, row: change.row, column: '施策コード', message: `「${change.item}」は担当課「${named}」の施策ではないため変更できません`, code: 'FORBIDDEN' });
    }
    if (planFields) issues.push({ sheet: planSheetData?.name ?? PLAN_SHEET, row: 1, column: '', message: '計画の情報は本部だけが変更できます' });
    if (!exists) issues.push({ sheet: '', row: 0, column: '', message: '新しい計画の読み込みは本部だけができます' });
  }

  // the rule every way in applies to an entry (rounds/value-rules.ts): round and entry state, who writes
  for (const change of entryChanges) {
    if (!change.changed || change.round === null || !ownsItem(change.item)) continue;
    try {
      assertEntryWritable({ fiscalYear: change.fiscalYear, itemName: base.items.find((x) => x.code === change.item)?.name ?? change.item, planWide: scope === null, round: change.round, entry: change.entry });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      issues.push({ sheet: entrySheet?.name ?? ENTRIES_SHEET, row: change.row, column: error.code === 'ROUND_NOT_OPEN' || error.code === 'ROUND_LOCKED' ? '年度' : '施策コード', message: error.describe(), code: error.code });
    }
  }

  const judged = { entries: importedEntries, judgedItems: [...new Set([...copied].map((c) => indicators.get(c)?.item ?? ''))].filter((c) => c !== '') };
  if (issues.length > 0) return { planCode: code, newPlan: !exists, dataset: null, current, ...judged, issues, rows: rowCount };

  const indicatorOrder = new Map([...base.indicators.map((x) => x.code), ...newIndicatorOrder].map((c, i) => [c, i]));
  const input: DatasetInput = {
    ...base,
    rounds,
    departments: [...departments.values()],
    items: ordered,
    indicators: [...indicators.values()]
      .sort((a, b) => (indicatorOrder.get(a.code) ?? 0) - (indicatorOrder.get(b.code) ?? 0))
      .map((x) => ({ ...x, observations: [...x.observations].sort((a, b) => a.fiscalYear - b.fiscalYear || a.kind.localeCompare(b.kind)) })),
  };
  const parsed = Dataset.safeParse(input);
  if (!parsed.success) {
    for (const issue of parsed.error.issues.slice(0, 20)) issues.push({ sheet: '', row: 0, column: '', message: `読み込んだ内容に誤りがあります: ${issue.path.join('.')}: ${issue.message}` });
    return { planCode: code, newPlan: !exists, dataset: null, current, ...judged, issues, rows: rowCount };
  }
  return { planCode: code, newPlan: !exists, dataset: parsed.data, current, ...judged, issues, rows: rowCount };
}

async function organisationIdByCode(tx: Tx, code: string): Promise<number | null> {
  const [row] = await tx.select({ id: organisations.id }).from(organisations).where(eq(organisations.code, code));
  return row?.id ?? null;
}

// ── the 計画 sheet: 項目 | 値 ──

type PlanFields = Map<PlanField, { text: string; row: number }>;

function readPlanSheet(sheet: SheetData, issues: ImportIssue[]): PlanFields {
  const fields: PlanFields = new Map();
  const byLabel = new Map<string, PlanField>();
  for (const f of PLAN_FIELDS) for (const h of [f.ja, ...f.aliases]) byLabel.set(normalizeHeader(h), f.key);
  for (const row of sheet.rows) {
    const [label = '', value = ''] = row.cells;
    const key = byLabel.get(normalizeHeader(label));
    if (!key) continue;
    if (fields.has(key)) {
      issues.push({ sheet: sheet.name, row: row.row, column: '項目', message: `「${label}」が2回あります（${fields.get(key)?.row}行目）` });
      continue;
    }
    fields.set(key, { text: value.trim(), row: row.row });
  }
  return fields;
}

function planValues(fields: PlanFields, sheetName: string, issues: ImportIssue[]) {
  const at = (key: PlanField, message: string) => issues.push({ sheet: sheetName, row: fields.get(key)?.row ?? 0, column: '値', message });
  const text = (key: PlanField) => fields.get(key)?.text ?? '';
  let period: { from: number; to: number } | null = null;
  if (text('period') !== '') {
    try {
      period = parseFiscalYearRange(text('period'));
    } catch (error) {
      at('period', domainMessage(error));
    }
  }
  const sdgGoals: number[] = [];
  for (const goal of splitList(text('sdgGoals'))) {
    const n = Number(goal.normalize('NFKC').replace(/^(ゴール|goal)\s*/i, ''));
    if (!Number.isInteger(n) || n < 1 || n > 17) at('sdgGoals', `「${goal}」は SDGs のゴール番号（1〜17）ではありません`);
    else sdgGoals.push(n);
  }
  if (text('organisationCode') !== '' && !/^[a-z0-9][a-z0-9-]*$/.test(text('organisationCode'))) at('organisationCode', `「${text('organisationCode')}」は団体コードに使えません（半角英小文字・数字・ハイフン）`);
  return {
    title: text('title'),
    shortTitle: text('shortTitle') || null,
    organisationCode: text('organisationCode'),
    organisationName: text('organisationName'),
    period,
    levelNames: splitList(text('levelNames')),
    scale: text('scale') || null,
    upperPlans: splitList(text('upperPlans')),
    sdgGoals,
  };
}

function newPlanSkeleton(code: string, fields: PlanFields, issues: ImportIssue[]): Dataset | null {
  const before = issues.length;
  if (!/^[a-z0-9][a-z0-9-]*$/.test(code)) issues.push({ sheet: PLAN_SHEET, row: fields.get('code')?.row ?? 0, column: '値', message: `「${code}」は計画コードに使えません（半角英小文字・数字・ハイフン）` });
  for (const f of PLAN_FIELDS) {
    if (f.required && (fields.get(f.key)?.text ?? '') === '') issues.push({ sheet: PLAN_SHEET, row: fields.get(f.key)?.row ?? 0, column: '値', message: `新しい計画には「${f.ja}」が必要です` });
  }
  const v = planValues(fields, PLAN_SHEET, issues);
  if (issues.length > before || !v.period) return null;
  return Dataset.parse({
    format: 'shinchoku-dataset/1',
    organisation: { code: v.organisationCode, name: v.organisationName },
    departments: [],
    plan: {
      code,
      title: v.title,
      shortTitle: v.shortTitle,
      periodStartFy: v.period.from,
      periodEndFy: v.period.to,
      upperPlans: v.upperPlans,
      sdgGoals: v.sdgGoals,
      levelNames: v.levelNames.length > 0 ? v.levelNames : ['第1階層'],
      scale: v.scale,
    },
    items: [],
  } satisfies DatasetInput);
}

function applyPlanFields(base: Dataset, fields: PlanFields, sheetName: string, issues: ImportIssue[]): void {
  const v = planValues(fields, sheetName, issues);
  if (v.title !== '') base.plan.title = v.title;
  if (fields.has('shortTitle')) base.plan.shortTitle = v.shortTitle;
  if (v.period) {
    base.plan.periodStartFy = v.period.from;
    base.plan.periodEndFy = v.period.to;
  }
  if (v.levelNames.length > 0) base.plan.levelNames = v.levelNames;
  if (fields.has('scale')) base.plan.scale = v.scale;
  if (fields.has('upperPlans')) base.plan.upperPlans = v.upperPlans;
  if (fields.has('sdgGoals')) base.plan.sdgGoals = v.sdgGoals;
  if (v.organisationName !== '' && v.organisationCode === base.organisation.code) base.organisation.name = v.organisationName;
  if (v.organisationCode !== '' && v.organisationCode !== base.organisation.code) {
    issues.push({ sheet: sheetName, row: fields.get('organisationCode')?.row ?? 0, column: '値', message: `計画「${base.plan.code}」の団体は「${base.organisation.code}」です（団体は変更できません）` });
  }
}
