// The report as PDF (pdfmake 0.3): A4, Noto Sans JP embedded (subset, with every glyph the text
// uses — 𠮷 and 髙 included), a table of contents, bookmarks (outline) for every section and 事業,
// page numbers, table headers repeated on each page and rows never cut.
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import pdfmake from 'pdfmake';
import { categorySpans, type GradeChart, type IndicatorTable, type Narrative, type ReportModel, type ReportProject, type ReportSection } from './report-model.js';
import { gradeChartSvg, trendChartSvg } from './charts.js';

const require = createRequire(import.meta.url);
/** Noto Sans JP (SIL OFL 1.1), TrueType, from @expo-google-fonts/noto-sans-jp. */
export const FONT_FILES = {
  regular: require.resolve('@expo-google-fonts/noto-sans-jp/400Regular/NotoSansJP_400Regular.ttf'),
  bold: require.resolve('@expo-google-fonts/noto-sans-jp/700Bold/NotoSansJP_700Bold.ttf'),
};
export const PDF_FONT = 'NotoSansJP';

let configured = false;
function configure(): void {
  if (configured) return;
  const folder = dirname(dirname(FONT_FILES.regular));
  pdfmake.setFonts({
    [PDF_FONT]: { normal: FONT_FILES.regular, bold: FONT_FILES.bold, italics: FONT_FILES.regular, bolditalics: FONT_FILES.bold },
  });
  pdfmake.setUrlAccessPolicy(() => false); // a report never fetches anything
  pdfmake.setLocalAccessPolicy((path) => path.startsWith(folder));
  configured = true;
}

type Node = Record<string, unknown> | string;

const GREY = '#f2f2f2';

function heading(text: string, level: 1 | 2 | 3, id: string, parentId?: string): Node {
  return {
    text,
    style: `h${level}`,
    id,
    tocItem: level <= 2,
    tocMargin: level === 2 ? [12, 0, 0, 0] : [0, 4, 0, 0],
    outline: true,
    outlineText: text,
    ...(parentId ? { outlineParentId: parentId } : {}),
    ...(level === 1 ? { pageBreak: 'before' } : {}),
  };
}

function indicatorTable(table: IndicatorTable): Node[] {
  const hasCategory = table.columns.some((c) => c.category);
  const header: Node[][] = [];
  if (hasCategory) {
    const row: Node[] = [{ text: '', fillColor: GREY }];
    for (const span of categorySpans(table)) {
      row.push({ text: span.category, style: 'th', colSpan: span.span, alignment: 'center' });
      for (let i = 1; i < span.span; i++) row.push('');
    }
    header.push(row);
  }
  header.push([
    { text: '年度', style: 'th' },
    ...table.columns.map((c) => ({ text: [c.isReference ? `参考:${c.name}` : c.name, c.unit ? { text: `\n単位: ${c.unit}`, fontSize: 6 } : ''], style: 'th' })),
  ]);
  const body = table.rows.map((row) => [
    { text: [row.label, row.western ? { text: `\n${row.western}`, fontSize: 6, color: '#555' } : ''], style: 'th' },
    ...row.cells.map((cell) => {
      const extra = cell.asOf ? `\n(${cell.asOf})` : row.kind === 'rate' || row.kind === 'grade' ? (cell.formula ? `\n${cell.formula}` : '') : '';
      const main =
        row.kind === 'grade' && cell.color
          ? { text: cell.text, bold: true, color: cell.color }
          : { text: cell.text };
      return {
        text: [main, extra ? { text: extra, fontSize: 6, color: '#555' } : ''],
        // numbers right, words (今後調査, —) centred, a target written as a sentence from the left
        alignment: cell.value !== null ? (cell.text.length <= 20 ? 'right' : 'left') : cell.text.length <= 20 ? 'center' : 'left',
      };
    }),
  ]);
  const width = Math.max(1, table.columns.length);
  return [
    { text: table.caption, style: 'caption' },
    {
      table: {
        headerRows: header.length,
        dontBreakRows: true,
        widths: [64, ...Array.from({ length: width }, () => '*')],
        body: [...header, ...body],
      },
      layout: { hLineColor: () => '#767676', vLineColor: () => '#767676' },
      fontSize: 7.5,
      margin: [0, 2, 0, 4],
    },
    ...(table.notes.length > 0 ? [{ ul: table.notes, fontSize: 7, color: '#333', margin: [0, 0, 0, 6] }] : []),
  ];
}

function narratives(list: Narrative[]): Node[] {
  return list.map((n) => ({
    table: {
      widths: ['*'],
      dontBreakRows: true,
      body: [[{ text: n.label, style: 'th' }], [{ text: n.text, fontSize: 8.5 }]],
    },
    layout: { hLineColor: () => '#767676', vLineColor: () => '#767676' },
    margin: [0, 0, 0, 6],
  }));
}

function section(s: ReportSection): Node[] {
  const out: Node[] = [heading(s.heading, 1, s.id)];
  if (s.description) out.push({ text: s.description, margin: [0, 0, 0, 6] });
  if (s.children.length > 0) {
    out.push({ text: `${s.childLevelName ?? ''}${s.children.some((c) => c.isPriority) ? '（◎重点施策）' : ''}`, style: 'h3' });
    out.push({
      ul: s.children.map((c) => [
        { text: `${c.number ?? c.code} ${c.name}`, bold: true },
        ...(c.description ? [{ text: c.description, fontSize: 8.5, margin: [0, 1, 0, 4] }] : []),
        ...(c.initiatives.length > 0 ? [{ ul: c.initiatives, fontSize: 8.5 }] : []),
      ]),
      margin: [0, 0, 0, 6],
    });
  }
  if (s.table) out.push({ text: '成果指標 達成状況', style: 'h3' }, ...indicatorTable(s.table));
  out.push(...narratives(s.narratives));
  if (s.trends.length > 0) {
    out.push({ text: '成果指標の推移', style: 'h3' });
    for (const chart of s.trends) {
      out.push({ stack: [{ svg: trendChartSvg(chart), width: 380, font: PDF_FONT }, { text: chart.projection ? `見通し: ${chart.projection.explanation}` : '', fontSize: 7, color: '#333' }], unbreakable: true, margin: [0, 4, 0, 6] });
    }
  }
  return out;
}

function flags(p: ReportProject): string {
  return [p.isNew ? '新規' : '', p.isPartnerProject ? '＊' : '', p.relist ? `【${p.relist.kind}】` : ''].filter(Boolean).join(' ');
}

function projectList(model: ReportModel): Node[] {
  const level = model.plan.levelNames[2] ?? '事業';
  const out: Node[] = [heading(`${level}一覧`, 1, 'project-list'), { text: `新規: 新たに始める${level} ／ ＊: 地域づくりパートナープロジェクト ／ 【再掲】: 他の基本施策に掲げた${level}の再掲`, fontSize: 8, margin: [0, 0, 0, 4] }];
  for (const field of model.projects) {
    const body: Node[][] = [[{ text: '番号', style: 'th' }, { text: `${level}名`, style: 'th' }, { text: '区分', style: 'th' }, { text: '担当課', style: 'th' }, { text: '頁', style: 'th' }]];
    for (const group of field.groups) {
      body.push([{ text: group.heading, colSpan: 5, bold: true, fillColor: '#e8f1fe' }, '', '', '', '']);
      for (const p of group.projects) {
        body.push([p.number ?? p.code, { text: p.name, linkToDestination: p.id, color: '#0017c1' }, flags(p), p.departments.join('、'), { text: p.printedPage === null ? '' : String(p.printedPage), alignment: 'right' }]);
      }
    }
    out.push({ text: field.heading, style: 'caption' }, { table: { headerRows: 1, dontBreakRows: true, widths: [22, '*', 56, 150, 20], body }, fontSize: 8, margin: [0, 0, 0, 8] });
  }
  return out;
}

function projectPage(p: ReportProject, parentId: string): Node[] {
  const rows: Node[][] = [];
  if (p.description) rows.push([{ text: '内容', style: 'th' }, p.description]);
  if (p.subItems.length > 0) rows.push([{ text: '取組', style: 'th' }, { ul: p.subItems.map((s) => `${s.number ?? ''} ${s.name}`) }]);
  if (p.numericTargetText) rows.push([{ text: '数値目標等', style: 'th' }, p.numericTargetText]);
  rows.push([{ text: '担当課', style: 'th' }, p.departments.length > 0 ? p.departments.join('、') : '—']);
  if (p.selfGrade) rows.push([{ text: '評価（担当課）', style: 'th' }, p.selfGrade]);
  return [
    { ...(heading(`${p.number ?? p.code} ${p.name}${flags(p) ? `  ${flags(p)}` : ''}`, 3, p.id, parentId) as object), tocItem: false },
    { table: { widths: [60, '*'], dontBreakRows: true, body: rows }, fontSize: 8.5, margin: [0, 0, 0, 4] },
    ...(p.table ? indicatorTable(p.table) : []),
    ...narratives(p.narratives),
  ];
}

function gradeCharts(charts: GradeChart[]): Node[] {
  const out: Node[] = [heading('評価の分布', 1, 'grade-charts')];
  for (const chart of charts) {
    out.push({ svg: gradeChartSvg(chart), width: 500, font: PDF_FONT, margin: [0, 4, 0, 4] });
    out.push({ text: chart.note, fontSize: 7.5, color: '#333', margin: [0, 0, 0, 4] });
    out.push({
      table: {
        headerRows: 1,
        dontBreakRows: true,
        widths: ['*', ...chart.grades.map(() => 40), 30],
        body: [
          [{ text: '区分・年度', style: 'th' }, ...chart.grades.map((g) => ({ text: g.code, style: 'th' })), { text: '計', style: 'th' }],
          ...chart.bars.map((b) => [b.label, ...b.counts.map((c) => ({ text: c === null ? '記載なし' : String(c), alignment: 'right' })), { text: b.total === null ? '—' : String(b.total), alignment: 'right' }]),
        ],
      },
      fontSize: 8,
      margin: [0, 0, 0, 10],
    });
  }
  return out;
}

export function reportDocDefinition(model: ReportModel): object {
  const title = `${model.plan.title} ${model.round ? `${model.round.label} 進捗状況報告` : '計画・事業一覧'}`;
  const content: Node[] = [
    { text: model.plan.organisationName, fontSize: 11, margin: [0, 60, 0, 4] },
    { text: title, style: 'title' },
    { text: `計画期間 ${model.plan.periodLabel}`, margin: [0, 0, 0, 2] },
    ...(model.round ? [{ text: `評価年度 ${model.round.label}（${model.round.western}）・${model.round.state}`, margin: [0, 0, 0, 2] }] : [{ text: '公表された評価年度はまだありません。計画の内容と目標を示します。' }]),
    { text: model.gradingNote, fontSize: 8.5, margin: [0, 8, 0, 12] },
    { toc: { title: { text: '目次', style: 'h2' } }, fontSize: 9 },
  ];
  for (const s of model.sections) content.push(...section(s));
  if (model.projects.length > 0) {
    content.push(...projectList(model));
    const level = model.plan.levelNames[2] ?? '事業';
    content.push(heading(`${level}ごとの内容`, 1, 'project-pages'));
    for (const field of model.projects) {
      const fieldId = `pages-${field.id}`;
      content.push(heading(field.heading, 2, fieldId, 'project-pages'));
      for (const group of field.groups) for (const p of group.projects) content.push(...projectPage(p, fieldId));
    }
  }
  if (model.gradeCharts.length > 0) content.push(...gradeCharts(model.gradeCharts));
  if (model.footnotes.length > 0) {
    content.push({ text: '注', style: 'h3' }, ...model.footnotes.map((f) => ({ text: [{ text: `${f.term}：`, bold: true }, f.text], fontSize: 8, margin: [0, 0, 0, 4] })));
  }
  return {
    pageSize: 'A4',
    pageMargins: [36, 40, 36, 44],
    language: 'ja-JP',
    info: { title, author: model.plan.organisationName, subject: `${model.plan.title} 進捗状況報告`, creator: 'Shinchoku（進捗）' },
    displayTitle: true,
    header: (currentPage: number) => (currentPage === 1 ? '' : { text: title, fontSize: 7, color: '#555', margin: [36, 18, 36, 0] }),
    footer: (currentPage: number, pageCount: number) => ({ text: `${currentPage} / ${pageCount}`, alignment: 'center', fontSize: 8, color: '#555', margin: [0, 14, 0, 0] }),
    content,
    defaultStyle: { font: PDF_FONT, fontSize: 9, lineHeight: 1.25 },
    styles: {
      title: { fontSize: 20, bold: true, margin: [0, 0, 0, 10] },
      h1: { fontSize: 15, bold: true, margin: [0, 0, 0, 8] },
      h2: { fontSize: 12, bold: true, margin: [0, 10, 0, 4] },
      h3: { fontSize: 10.5, bold: true, margin: [0, 8, 0, 3] },
      th: { bold: true, fillColor: GREY },
      caption: { bold: true, fontSize: 9, margin: [0, 4, 0, 2] },
    },
  };
}

/** Where pdfmake is: laying out page `page` (the count is not known yet), or drawing page `page` of `pages`. */
export type PdfProgress = { stage: 'layout'; page: number } | { stage: 'draw'; page: number; pages: number };

/**
 * The report as PDF bytes. `onProgress` hears of every page as pdfmake lays it out (through the
 * page background callback) and again as it draws it; pdfmake works synchronously, so a caller
 * that wants to show the progress meanwhile runs this in a worker thread (report-worker.ts).
 */
export async function renderReportPdf(model: ReportModel, onProgress?: (progress: PdfProgress) => void): Promise<Buffer> {
  configure();
  const definition = reportDocDefinition(model);
  if (!onProgress) return pdfmake.createPdf(definition).getBuffer();
  let laidOut = 0;
  let drawn = 0;
  const background = (page: number) => {
    laidOut = Math.max(laidOut, page);
    onProgress({ stage: 'layout', page });
    return null;
  };
  pdfmake.setProgressCallback((share: number) => {
    const page = Math.min(laidOut, Math.max(1, Math.ceil(share * laidOut)));
    if (page === drawn) return;
    drawn = page;
    onProgress({ stage: 'draw', page, pages: laidOut });
  });
  try {
    // createPdf takes the callback at once; the document renders later
    const document = pdfmake.createPdf({ ...definition, background });
    pdfmake.setProgressCallback(undefined);
    return await document.getBuffer();
  } finally {
    pdfmake.setProgressCallback(undefined);
  }
}
