// One report file from a plan's dataset: the model, then HTML, PDF or Excel, telling its progress
// at the real checkpoints on the way — each top-level section (分野 / 基本目標) as the model is
// built, each PDF page as pdfmake lays it out and draws it. No I/O: the report job runs it in a
// worker thread (render-thread.ts), the `report` command in its own process.
import type { Dataset } from '../datasets/dataset-format.js';
import type { REPORT_FORMATS } from '../db/schema.js';
import { formatFiscalYear } from '../domain/wareki.js';
import { buildReport, type BuildReportOptions, type ReportModel } from './report-model.js';
import { renderReportHtml } from './report-page.js';
import { renderReportPdf } from './report-pdf.js';
import { renderReportXlsx } from './report-xlsx.js';

export type ReportFormat = (typeof REPORT_FORMATS)[number];

export const CONTENT_TYPES: Record<ReportFormat, string> = {
  html: 'text/html; charset=utf-8',
  pdf: 'application/pdf',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

export const FORMAT_LABELS: Record<ReportFormat, string> = { html: 'HTML', pdf: 'PDF', xlsx: 'Excel' };

/** How far a report is: `done` of `total` (a percentage scale), and what it is doing, in Japanese. */
export interface ReportProgress {
  done: number;
  total: number;
  step: string;
}

export const PROGRESS_TOTAL = 100;

/**
 * Where each stage starts on the bar, from timing the full Sendai PDF in the worker thread:
 * reading the plan and building the model are quick; pdfmake then measures every text (no
 * checkpoints inside, about a quarter of the time), lays out the pages (each page a checkpoint,
 * their number unknown until the end), draws them (each page a checkpoint, the number known) and
 * writes the file (fonts subset, pages compressed).
 */
const STAGES = {
  read: 0,
  model: 3,
  measure: 10,
  layout: 35,
  draw: 45,
  write: 90,
  store: 97,
} as const;

export interface ReportRequest {
  format: ReportFormat;
  /** The round's fiscal year; undefined: the latest round shown. */
  fiscalYear?: number;
  includeDrafts: boolean;
  /** Department names and the round's basis as of its year (report-data.ts). */
  history?: ReportHistoryData;
}

/** Department names and the round's basis, resolved for the report's one round (plain data, for the thread). */
export interface ReportHistoryData {
  /** [department code, text as written, the name to print]. */
  departments: [string, string | null, string][];
  /** 判定の基準 of the round (第N版 …), when recorded. */
  basis: string | null;
}

/** The history as buildReport takes it. */
export function historyOptions(history: ReportHistoryData | undefined): Pick<BuildReportOptions, 'departmentLabel' | 'basisOf'> {
  if (!history) return {};
  const labels = new Map(history.departments.map(([code, text, label]) => [JSON.stringify([code, text]), label]));
  return {
    departmentLabel: (code, textAsWritten) => labels.get(JSON.stringify([code, textAsWritten])),
    basisOf: () => history.basis ?? undefined,
  };
}

export interface ReportFile {
  fileName: string;
  contentType: string;
  bytes: Uint8Array;
  /** The plan's title and the round, for messages: 第2期 市民まちづくり活動促進基本計画 平成28年度. */
  title: string;
}

export function reportFileName(planCode: string, fiscalYear: number | null | undefined, format: ReportFormat): string {
  return `${planCode}${fiscalYear ? `-${fiscalYear}` : ''}-report.${format}`;
}

/** The progress a job shows before it starts and while its data is read (the part outside this file). */
export function progressOf(stage: 'queued' | 'read' | 'store'): ReportProgress {
  if (stage === 'queued') return { done: 0, total: PROGRESS_TOTAL, step: '順番を待っています' };
  if (stage === 'read') return { done: STAGES.read, total: PROGRESS_TOTAL, step: '計画のデータを読み込んでいます' };
  return { done: STAGES.store, total: PROGRESS_TOTAL, step: 'できあがったファイルを保存しています' };
}

export async function renderReportFile(dataset: Dataset, request: ReportRequest, onProgress: (progress: ReportProgress) => void = () => undefined): Promise<ReportFile> {
  const at = (done: number, step: string) => onProgress({ done: Math.min(PROGRESS_TOTAL, Math.floor(done)), total: PROGRESS_TOTAL, step });
  const model: ReportModel = buildReport(dataset, {
    ...historyOptions(request.history),
    includeDrafts: request.includeDrafts,
    ...(request.fiscalYear === undefined ? {} : { fiscalYear: request.fiscalYear }),
    onSection: (index, count, heading) => at(STAGES.model + ((STAGES.measure - STAGES.model) * index) / count, `「${heading}」の表と文章をまとめています（${index + 1} / ${count}）`),
  });
  const round = model.round ? `${model.round.label}の` : '';
  const fileName = reportFileName(dataset.plan.code, model.round?.fiscalYear, request.format);
  const contentType = CONTENT_TYPES[request.format];
  const title = `${model.plan.title}${model.round ? ` ${model.round.label}` : ''}`;
  if (request.format === 'pdf') {
    at(STAGES.measure, `${round}PDFに載せる文字の大きさを測っています`);
    const bytes = await renderReportPdf(model, (p) => {
      if (p.stage === 'layout') at(STAGES.layout, `PDFのページを組んでいます（${p.page}ページ目）`);
      else if (p.page < p.pages) at(STAGES.draw + ((STAGES.write - STAGES.draw) * p.page) / p.pages, `PDFのページを描いています（${p.page} / ${p.pages}ページ）`);
      else at(STAGES.write, `PDFに文字の形（フォント）を埋め込んでいます（全${p.pages}ページ）`);
    });
    return { fileName, contentType, bytes, title };
  }
  if (request.format === 'xlsx') {
    at(STAGES.write, `${round}Excelのシートを書き出しています`);
    return { fileName, contentType, bytes: await renderReportXlsx(model), title };
  }
  at(STAGES.write, `${round}ウェブページを書き出しています`);
  return { fileName, contentType, bytes: Buffer.from(await renderReportHtml(model, null), 'utf8'), title };
}

/** A job's round in words: 令和3年度, or — a plan without a round shown — what its report is. */
export function roundLabel(fiscalYear: number | null): string {
  return fiscalYear === null ? '計画・事業一覧' : formatFiscalYear(fiscalYear);
}
