// The report as an Excel workbook (exceljs): the same tables as the page and the PDF, numbers as
// numbers with formats (¥ for 円, % for percentages and achievement rates), text as printed where a
// cell has no number (今後調査, —), the printed text kept in a cell note where it says more than
// the number (約…, breakdowns, as-of dates).
import ExcelJS from 'exceljs';
import type { IndicatorTable, ReportCell, ReportModel } from './report-model.js';

export const NUMBER_FORMATS = {
  yen: '"¥"#,##0',
  yenApproximate: '"約¥"#,##0',
  percent: '0.0%',
  count: '#,##0',
} as const;

function numFmt(cell: ReportCell, unit: string | null, isRate: boolean): string {
  if (isRate || cell.format === 'percent') return NUMBER_FORMATS.percent;
  if (cell.format === 'yen') return cell.approximate ? NUMBER_FORMATS.yenApproximate : NUMBER_FORMATS.yen;
  const places = cell.value !== null && !Number.isInteger(cell.value) ? '#,##0.0' : '#,##0';
  return unit ? `${places}"${unit.replace(/"/g, '')}"` : places;
}

/** The value written to the sheet: percentages of indicators (71.7 %) become fractions (0.717). */
function sheetValue(cell: ReportCell, isRate: boolean): number | string {
  if (cell.value === null) return cell.text;
  if (!isRate && cell.format === 'percent') return Math.round(cell.value * 1000) / 100000;
  return cell.value;
}

const thin = { style: 'thin' as const, color: { argb: 'FF767676' } };
const border = { top: thin, left: thin, bottom: thin, right: thin };
const headerFill = { type: 'pattern' as const, pattern: 'solid' as const, fgColor: { argb: 'FFF2F2F2' } };

function sheetName(text: string, used: Set<string>): string {
  const base = text.replace(/[\\/?*[\]:]/g, '・').slice(0, 28);
  let name = base;
  for (let i = 2; used.has(name); i++) name = `${base.slice(0, 26)}(${i})`;
  used.add(name);
  return name;
}

function writeTable(sheet: ExcelJS.Worksheet, table: IndicatorTable, startRow: number): number {
  let r = startRow;
  sheet.getCell(r, 1).value = table.caption;
  sheet.getCell(r, 1).font = { bold: true };
  r++;
  const headerStart = r;
  if (table.columns.some((c) => c.category)) {
    table.columns.forEach((c, i) => (sheet.getCell(r, i + 2).value = c.category ?? ''));
    r++;
  }
  sheet.getCell(r, 1).value = '年度';
  table.columns.forEach((c, i) => (sheet.getCell(r, i + 2).value = `${c.isReference ? '参考:' : ''}${c.name}${c.unit ? `（${c.unit}）` : ''}`));
  for (let row = headerStart; row <= r; row++) {
    for (let col = 1; col <= table.columns.length + 1; col++) {
      const cell = sheet.getCell(row, col);
      cell.font = { bold: true };
      cell.fill = headerFill;
      cell.border = border;
      cell.alignment = { wrapText: true, vertical: 'top' };
    }
  }
  r++;
  for (const row of table.rows) {
    const head = sheet.getCell(r, 1);
    head.value = row.western ? `${row.label}（${row.western}）` : row.label;
    head.font = { bold: true };
    head.fill = headerFill;
    head.border = border;
    row.cells.forEach((cell, i) => {
      const target = sheet.getCell(r, i + 2);
      const isRate = row.kind === 'rate';
      target.value = sheetValue(cell, isRate);
      target.border = border;
      if (cell.value !== null) {
        target.numFmt = numFmt(cell, table.columns[i]?.unit ?? null, isRate);
        const said = [cell.text !== '' && row.kind !== 'rate' ? `表記: ${cell.text}` : '', cell.asOf ? `${cell.asOf}` : '', cell.formula ?? ''].filter(Boolean).join('\n');
        if (said && (cell.approximate || cell.asOf || isRate || /\s/.test(cell.text))) target.note = said;
      } else {
        target.alignment = { horizontal: 'center' };
        if (cell.formula) target.note = cell.formula;
      }
    });
    r++;
  }
  for (const note of table.notes) {
    sheet.getCell(r, 1).value = note;
    sheet.getCell(r, 1).font = { size: 9, color: { argb: 'FF555555' } };
    r++;
  }
  return r + 1;
}

export async function renderReportXlsx(model: ReportModel): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Shinchoku（進捗）';
  workbook.title = `${model.plan.title} ${model.round?.label ?? ''}`.trim();
  const used = new Set<string>();

  const cover = workbook.addWorksheet(sheetName('表紙', used));
  cover.getColumn(1).width = 100;
  [model.plan.organisationName, model.plan.title, `計画期間 ${model.plan.periodLabel}`, model.round ? `評価年度 ${model.round.label}（${model.round.western}）・${model.round.state}` : '公表された評価年度はまだありません', model.gradingNote].forEach((line, i) => {
    cover.getCell(i + 1, 1).value = line;
  });
  cover.getCell(2, 1).font = { bold: true, size: 14 };

  for (const section of model.sections) {
    if (!section.table && section.narratives.length === 0) continue;
    const sheet = workbook.addWorksheet(sheetName(section.heading, used), { views: [{ state: 'frozen', xSplit: 1 }] });
    sheet.getColumn(1).width = 26;
    for (let c = 2; c <= 8; c++) sheet.getColumn(c).width = 22;
    sheet.getCell(1, 1).value = section.heading;
    sheet.getCell(1, 1).font = { bold: true, size: 13 };
    let r = 3;
    if (section.table) r = writeTable(sheet, section.table, r);
    for (const n of section.narratives) {
      sheet.getCell(r, 1).value = n.label;
      sheet.getCell(r, 1).font = { bold: true };
      sheet.getCell(r, 2).value = n.text;
      sheet.getCell(r, 2).alignment = { wrapText: true, vertical: 'top' };
      sheet.mergeCells(r, 2, r, 6);
      sheet.getRow(r).height = Math.max(20, n.text.split('\n').length * 16);
      r++;
    }
  }

  if (model.projects.length > 0) {
    const level = model.plan.levelNames[2] ?? '事業';
    const sheet = workbook.addWorksheet(sheetName(`${level}一覧`, used), { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.columns = [
      { header: '分野', key: 'field', width: 30 },
      { header: '基本施策', key: 'group', width: 40 },
      { header: 'コード', key: 'code', width: 14 },
      { header: '番号', key: 'number', width: 6 },
      { header: `${level}名`, key: 'name', width: 44 },
      { header: '新規', key: 'isNew', width: 6 },
      { header: '＊', key: 'partner', width: 6 },
      { header: '再掲', key: 'relist', width: 10 },
      { header: '担当課', key: 'departments', width: 40 },
      { header: '数値目標等', key: 'target', width: 60 },
      { header: '計画書の頁', key: 'page', width: 10 },
    ];
    sheet.getRow(1).font = { bold: true };
    for (const field of model.projects) {
      for (const group of field.groups) {
        for (const p of group.projects) {
          sheet.addRow({
            field: field.heading,
            group: group.heading,
            code: p.code,
            number: p.number,
            name: p.name,
            isNew: p.isNew ? '新規' : '',
            partner: p.isPartnerProject ? '＊' : '',
            relist: p.relist ? p.relist.kind : '',
            departments: p.departments.join('、'),
            target: p.numericTargetText ?? '',
            page: p.printedPage,
          });
        }
      }
    }
    sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: 11 } };
  }

  const withTargets = model.projects.flatMap((field) => field.groups.flatMap((group) => group.projects.filter((p) => p.table !== null)));
  if (withTargets.length > 0) {
    const sheet = workbook.addWorksheet(sheetName(`${model.plan.levelNames[2] ?? '事業'}の数値目標`, used));
    sheet.getColumn(1).width = 26;
    for (let c = 2; c <= 8; c++) sheet.getColumn(c).width = 30;
    let r = 1;
    for (const p of withTargets) if (p.table) r = writeTable(sheet, p.table, r);
  }

  if (model.gradeCharts.length > 0) {
    const sheet = workbook.addWorksheet(sheetName('評価の分布', used));
    sheet.getColumn(1).width = 50;
    let r = 1;
    for (const chart of model.gradeCharts) {
      sheet.getCell(r, 1).value = chart.title;
      sheet.getCell(r, 1).font = { bold: true };
      r++;
      sheet.getCell(r, 1).value = '区分・年度';
      chart.grades.forEach((g, i) => (sheet.getCell(r, i + 2).value = `${g.code}（${g.label}）`));
      sheet.getCell(r, chart.grades.length + 2).value = '計';
      sheet.getRow(r).font = { bold: true };
      r++;
      for (const bar of chart.bars) {
        sheet.getCell(r, 1).value = bar.label;
        bar.counts.forEach((c, i) => {
          const cell = sheet.getCell(r, i + 2);
          cell.value = c === null ? '記載なし' : c;
          if (c !== null) cell.numFmt = NUMBER_FORMATS.count;
        });
        const total = sheet.getCell(r, chart.grades.length + 2);
        total.value = bar.total === null ? '—' : bar.total;
        r++;
      }
      sheet.getCell(r, 1).value = chart.note;
      r += 2;
    }
  }

  return Buffer.from(await workbook.xlsx.writeBuffer());
}
