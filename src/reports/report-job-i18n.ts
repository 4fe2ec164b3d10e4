// Words of the public report-job progress page in Japanese and English, and the job's step and
// failure sentences in English. A job stores its step and failure as the Japanese sentences its
// makers write (render-report.ts progressOf / renderReportFile, report-jobs.repository.ts,
// run-report-job.ts failureMessage); the English page and its status URL read them through
// stepText / errorText, which know those sentences. A sentence they do not know stays as written.
// The report itself (its page and its files) is in Japanese. Pure: no I/O.
import { AppError } from '../errors.js';
import { parseFiscalYear } from '../domain/wareki.js';
import type { Lang } from '../portal/i18n.js';
import { roundLabel } from './render-report.js';

const ja = {
  making: (format: string) => `報告書の${format}を作成しています`,
  done: (format: string) => `報告書の${format}ができました`,
  failed: (format: string) => `報告書の${format}を作成できませんでした`,
  /** A job's round in words: 令和3年度, or — a plan without a round shown — what its report is. */
  round: (fiscalYear: number | null) => roundLabel(fiscalYear),
  /** After the plan's title: 「（令和3年度）」. */
  planRound: (round: string) => `（${round}）`,
  progress: '進み具合',
  waiting: '順番を待っています',
  ready: 'できあがりました。',
  readyDownload: 'できあがりました。ダウンロードが始まらないときは、下のボタンを押してください。',
  note: '大きな報告書は作成に少し時間がかかります。このページは自動で更新され、できあがるとダウンロードが始まります。ページを閉じても作成は続き、同じボタンから再びダウンロードできます。',
  download: (format: string) => `${format}をダウンロード`,
  /** The file's size after the download label; {size} is replaced (by the page and by its script). */
  size: '（{size}）',
  retry: 'もう一度作成する',
  back: '報告書のページへ戻る',
};

export type ReportJobMessages = typeof ja;

const en: ReportJobMessages = {
  making: (format: string) => `Making the ${format} file of the report`,
  done: (format: string) => `The ${format} file of the report is ready`,
  failed: (format: string) => `The ${format} file of the report could not be made`,
  round: (fiscalYear: number | null) => (fiscalYear === null ? 'plan and project list' : `FY${fiscalYear}`),
  planRound: (round: string) => ` (${round})`,
  progress: 'Progress',
  waiting: 'Waiting for its turn',
  ready: 'Ready.',
  readyDownload: 'Ready. If the download does not start, press the button below.',
  note: 'A large report takes a little while to make. This page updates itself, and the download starts when the file is ready. If you close the page, the report is still made, and the same button downloads it.',
  download: (format: string) => `Download the ${format} file`,
  size: ' ({size})',
  retry: 'Make it again',
  back: 'Back to the report page (in Japanese)',
};

export function reportJobMessages(lang: Lang): ReportJobMessages {
  return lang === 'ja' ? ja : en;
}

/** 「令和3年度の」 in a step → " for FY2021" (an era year that does not read stays out). */
function roundOf(prefix: string | undefined): string {
  if (!prefix) return '';
  try {
    return ` for FY${parseFiscalYear(prefix.replace(/の$/, ''))}`;
  } catch {
    return '';
  }
}

/** The Japanese steps of a job and their English: a pattern each, in the order makers use them. */
const STEPS_EN: readonly [RegExp, (m: RegExpExecArray) => string][] = [
  [/^順番を待っています$/, () => 'Waiting for its turn'],
  [/^計画のデータを読み込んでいます$/, () => 'Reading the plan’s data'],
  [/^「(.+)」の表と文章をまとめています（(\d+) \/ (\d+)）$/, (m) => `Putting together the tables and texts of “${m[1]}” (${m[2]} / ${m[3]})`],
  [/^(.+?年度の)?PDFに載せる文字の大きさを測っています$/, (m) => `Measuring the text of the PDF${roundOf(m[1])}`],
  [/^PDFのページを組んでいます（(\d+)ページ目）$/, (m) => `Laying out the pages of the PDF (page ${m[1]})`],
  [/^PDFのページを描いています（(\d+) \/ (\d+)ページ）$/, (m) => `Drawing the pages of the PDF (${m[1]} / ${m[2]})`],
  [/^PDFに文字の形（フォント）を埋め込んでいます（全(\d+)ページ）$/, (m) => `Embedding the fonts in the PDF (${m[1]} pages)`],
  [/^(.+?年度の)?Excelのシートを書き出しています$/, (m) => `Writing the Excel sheets${roundOf(m[1])}`],
  [/^(.+?年度の)?ウェブページを書き出しています$/, (m) => `Writing the web page${roundOf(m[1])}`],
  [/^できあがったファイルを保存しています$/, () => 'Saving the finished file'],
  [/^できあがりました$/, () => 'Ready'],
];

/** A job's step in the page's language: the stored Japanese sentence, or its English. */
export function stepText(lang: Lang, step: string): string {
  if (lang === 'ja') return step;
  for (const [pattern, english] of STEPS_EN) {
    const m = pattern.exec(step);
    if (m) return english(m);
  }
  return step;
}

/** A job's failure in the page's language: the stored Japanese sentence, or its English. */
export function errorText(lang: Lang, error: string): string {
  if (lang === 'ja') return error;
  let m = /^報告書を作成できませんでした。時間をおいて、もう一度お試しください。続く場合は管理者にお問い合わせください（作成番号 (\d+)）。$/.exec(error);
  if (m) return `The report could not be made. Please try again later. If this keeps happening, contact the administrator (job number ${m[1]}).`;
  m = /^報告書の作成が(\d+)分を過ぎても終わらなかったため、中止しました。時間をおいて、もう一度お試しください（作成番号 (\d+)）。$/.exec(error);
  if (m) return `Making the report took more than ${m[1]} minutes, so it was stopped. Please try again later (job number ${m[2]}).`;
  m = /^計画「(.+)」の(.+年度)の評価は公表されていません$/.exec(error);
  if (m) {
    const year = roundOf(`${m[2]}の`).replace(/^ for /, '');
    if (year) return new AppError('ROUND_NOT_PUBLISHED', { plan: m[1] ?? '', year }).describe('en');
  }
  return `The report could not be made. The reason, in Japanese: ${error}`;
}
