// The report-job progress page in English (/en/reports/jobs/:job) beside the Japanese one: the
// English download URLs lead to it, its frame, step and failure read in English (the status URL
// answers them in English too), the words its script writes come from the page, and the language
// links lead to the same job in the other language. The stored steps and failures stay Japanese.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { eq } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../test-support/database.js';
import { prepareBundledData } from '../datasets/bundled.js';
import { createApp } from '../app.js';
import { Dataset } from '../datasets/dataset-format.js';
import { reportJobs } from '../db/schema.js';
import { progressOf, renderReportFile, type ReportFile } from './render-report.js';
import { failureMessage, RenderRoundNotShown, RenderTimedOut } from './run-report-job.js';
import { errorText, stepText } from './report-job-i18n.js';
import { setReportJobProgress } from './report-jobs.repository.js';
import { requestReportJob } from './request-report-job.js';
import { startReportWorker, type ReportWorkerOptions } from './report-worker.js';

let database: TestDatabase;
/** The routes without a worker: a download always leads to the job's page. */
let plain: ReturnType<typeof createApp>;

before(async () => {
  database = await createTestDatabase();
  await prepareBundledData(database);
  plain = createApp(database);
});
after(async () => {
  await database.close();
});

const JAPANESE = /[\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Han}]/u;
const jobIdOf = (location: string | null) => Number(/\/jobs\/(\d+)$/.exec(location ?? '')?.[1] ?? Number.NaN);
const switchOf = (html: string) => /<a class="lang-switch" href="([^"]*)"/.exec(html)?.[1];
const attribute = (html: string, name: string) => new RegExp(`${name}="([^"]*)"`).exec(html)?.[1];

async function finish(id: number, render: NonNullable<ReportWorkerOptions['render']>) {
  const worker = startReportWorker(database, { pollMs: 50, render });
  try {
    worker.wake();
    return await worker.waitFor(id, 30_000);
  } finally {
    await worker.stop();
  }
}

test('the steps a job stores read in English', () => {
  assert.equal(stepText('en', progressOf('queued').step), 'Waiting for its turn');
  assert.equal(stepText('en', progressOf('read').step), 'Reading the plan’s data');
  assert.equal(stepText('en', progressOf('store').step), 'Saving the finished file');
  const steps: [string, string][] = [
    ['「分野1 市民協働」の表と文章をまとめています（1 / 5）', 'Putting together the tables and texts of “分野1 市民協働” (1 / 5)'],
    ['令和3年度のPDFに載せる文字の大きさを測っています', 'Measuring the text of the PDF for FY2021'],
    ['PDFに載せる文字の大きさを測っています', 'Measuring the text of the PDF'],
    ['PDFのページを組んでいます（2ページ目）', 'Laying out the pages of the PDF (page 2)'],
    ['PDFのページを描いています（3 / 12ページ）', 'Drawing the pages of the PDF (3 / 12)'],
    ['PDFに文字の形（フォント）を埋め込んでいます（全12ページ）', 'Embedding the fonts in the PDF (12 pages)'],
    ['平成28年度のExcelのシートを書き出しています', 'Writing the Excel sheets for FY2016'],
    ['令和元年度のウェブページを書き出しています', 'Writing the web page for FY2019'],
    ['できあがりました', 'Ready'],
  ];
  for (const [japanese, english] of steps) {
    assert.equal(stepText('en', japanese), english);
    assert.equal(stepText('ja', japanese), japanese);
  }
  // a sentence it does not know stays as written
  assert.equal(stepText('en', '何かをしています'), '何かをしています');
});

test('every step the renderer writes for the Sapporo plan has its English sentence', async () => {
  const dataset = Dataset.parse(JSON.parse(readFileSync(new URL('../../datasets/sapporo-2nd/plan.json', import.meta.url), 'utf8')));
  for (const format of ['pdf', 'xlsx', 'html'] as const) {
    const steps = new Set<string>();
    await renderReportFile(dataset, { format, includeDrafts: false }, (p) => steps.add(p.step));
    assert.ok(steps.size > 1, format);
    for (const step of steps) {
      // headings of the plan are plan content: quoted, as written
      assert.doesNotMatch(stepText('en', step).replace(/“[^”]*”/g, ''), JAPANESE, `${format}: ${step}`);
    }
  }
});

test('the failures a job stores read in English', () => {
  assert.equal(
    errorText('en', failureMessage(new Error('ENOSPC'), 'sendai-2021', 7)),
    'The report could not be made. Please try again later. If this keeps happening, contact the administrator (job number 7).',
  );
  assert.equal(errorText('en', failureMessage(new RenderTimedOut(10), 'sendai-2021', 8)), 'Making the report took more than 10 minutes, so it was stopped. Please try again later (job number 8).');
  // 2019 = 令和元年度
  assert.equal(errorText('en', failureMessage(new RenderRoundNotShown(2019), 'sapporo-2nd', 9)), 'The evaluation of FY2019 for the plan "sapporo-2nd" is not published');
  assert.equal(errorText('en', '予期しない理由'), 'The report could not be made. The reason, in Japanese: 予期しない理由');
  assert.equal(errorText('ja', '予期しない理由'), '予期しない理由');
});

test('the English download leads to the English progress page; the status URL answers in English', async () => {
  const asked = await plain.request('/en/reports/sendai-2021/report.pdf');
  assert.equal(asked.status, 303);
  const page = asked.headers.get('location') ?? '';
  assert.match(page, /^\/en\/reports\/jobs\/\d+$/);
  const id = jobIdOf(page);

  const response = await plain.request(page);
  assert.equal(response.status, 200);
  assert.equal(response.headers.get('cache-control'), 'no-store');
  const html = await response.text();
  assert.match(html, /<html lang="en">/);
  assert.match(html, /<h1>Making the PDF file of the report<\/h1>/);
  assert.match(html, /<p class="report-job-plan"><span lang="ja">[^<]+<\/span> \(plan and project list\)<\/p>/);
  assert.match(html, /<label for="report-job-bar">Progress<\/label>/);
  assert.match(html, /<p class="report-job-step">Waiting for its turn<\/p>/);
  assert.match(html, new RegExp(`<noscript><meta http-equiv="refresh" content="2; url=/en/reports/jobs/${id}\\?auto=1"/?></noscript>`));
  // the words the script writes, from the page
  assert.equal(attribute(html, 'data-status-url'), `/en/reports/jobs/${id}/status`);
  assert.equal(attribute(html, 'data-text-done-heading'), 'The PDF file of the report is ready');
  assert.equal(attribute(html, 'data-text-failed-heading'), 'The PDF file of the report could not be made');
  assert.equal(attribute(html, 'data-text-done-step'), 'Ready. If the download does not start, press the button below.');
  assert.equal(attribute(html, 'data-text-download'), 'Download the PDF file');
  assert.equal(attribute(html, 'data-text-size'), ' ({size})');
  // asking again stays in English; the report page itself is Japanese
  assert.match(html, /<a class="button button-secondary" href="\/en\/reports\/sendai-2021\/report.pdf">Make it again<\/a>/);
  assert.match(html, /<a href="\/reports\/sendai-2021" hreflang="ja">Back to the report page \(in Japanese\)<\/a>/);
  assert.doesNotMatch(html.slice(html.indexOf('<main'), html.indexOf('</main>')).replace(/<span lang="ja">[^<]*<\/span>/g, ''), JAPANESE);
  assert.equal(switchOf(html), `/reports/jobs/${id}`);

  // the Japanese page of the same job: its words, and the switch to the English one
  const ja = await (await plain.request(`/reports/jobs/${id}`)).text();
  assert.match(ja, /<html lang="ja">/);
  assert.match(ja, /<h1>報告書のPDFを作成しています<\/h1>/);
  assert.equal(attribute(ja, 'data-status-url'), `/reports/jobs/${id}/status`);
  assert.equal(attribute(ja, 'data-text-done-heading'), '報告書のPDFができました');
  assert.equal(attribute(ja, 'data-text-done-step'), 'できあがりました。ダウンロードが始まらないときは、下のボタンを押してください。');
  assert.equal(attribute(ja, 'data-text-download'), 'PDFをダウンロード');
  assert.equal(attribute(ja, 'data-text-size'), '（{size}）');
  assert.match(ja, /<a class="button button-secondary" href="\/reports\/sendai-2021\/report.pdf">もう一度作成する<\/a>/);
  assert.equal(switchOf(ja), `/en/reports/jobs/${id}`);

  // a page of the PDF drawn (as a worker writes it): the status URL of each page answers in its language
  await database.db.update(reportJobs).set({ state: 'running' }).where(eq(reportJobs.id, id));
  await setReportJobProgress(database.db, id, { done: 60, total: 100, step: 'PDFのページを描いています（3 / 12ページ）' });
  const en = (await (await plain.request(`${page}/status`)).json()) as { step: string; percent: number };
  assert.deepEqual([en.step, en.percent], ['Drawing the pages of the PDF (3 / 12)', 60]);
  const jaStatus = (await (await plain.request(`/reports/jobs/${id}/status`)).json()) as { step: string };
  assert.equal(jaStatus.step, 'PDFのページを描いています（3 / 12ページ）');
  assert.match(await (await plain.request(page)).text(), /<p class="report-job-step">Drawing the pages of the PDF \(3 \/ 12\)<\/p>/);
  await database.db.update(reportJobs).set({ state: 'queued' }).where(eq(reportJobs.id, id));

  // made: the English page offers the file (2,048 bytes = 2 KB)
  const file: ReportFile = { fileName: 'sendai-2021-report.pdf', contentType: 'application/pdf', bytes: new Uint8Array(2048).fill(37), title: '' };
  assert.equal((await finish(id, async () => file))?.state, 'done');
  const done = await (await plain.request(`${page}?auto=1`)).text();
  assert.match(done, /<h1>The PDF file of the report is ready<\/h1>/);
  assert.match(done, /<p class="report-job-step">Ready.<\/p>/);
  assert.match(done, new RegExp(`<a class="button button-primary" href="/en/reports/jobs/${id}/file" download="sendai-2021-report.pdf">Download the PDF file \\(2 KB\\)</a>`));
  assert.match(done, new RegExp(`<noscript><meta http-equiv="refresh" content="0; url=/en/reports/jobs/${id}/file"/?></noscript>`));
  const sent = await plain.request(`${page}/file`);
  assert.equal(sent.status, 200);
  assert.equal((await sent.arrayBuffer()).byteLength, 2048);
  assert.equal(((await (await plain.request(`${page}/status`)).json()) as { step: string }).step, 'Ready');
});

test('a failed job in English: the sentence in English, asking again in English', async () => {
  const asked = await plain.request('/en/reports/sendai-2016/report.xlsx');
  const page = asked.headers.get('location') ?? '';
  const id = jobIdOf(page);
  assert.match(page, /^\/en\/reports\/jobs\/\d+$/);
  assert.equal((await finish(id, async () => { throw new Error('ENOSPC: no space left on device'); }))?.state, 'failed');
  const html = await (await plain.request(page)).text();
  assert.match(html, /<h1>The Excel file of the report could not be made<\/h1>/);
  const sentence = `The report could not be made. Please try again later. If this keeps happening, contact the administrator (job number ${id}).`;
  assert.ok(html.includes(`<p class="report-job-error" role="alert">${sentence}</p>`));
  assert.match(html, /<a class="button button-secondary" href="\/en\/reports\/sendai-2016\/report.xlsx">Make it again<\/a>/);
  assert.ok(!html.includes('ENOSPC'));
  const status = (await (await plain.request(`${page}/status`)).json()) as { state: string; error: string };
  assert.deepEqual([status.state, status.error], ['failed', sentence]);
  // the Japanese page keeps the stored sentence
  assert.match(await (await plain.request(`/reports/jobs/${id}`)).text(), /<p class="report-job-error" role="alert">報告書を作成できませんでした。/);
});

test('a committee job is not found under the English public URLs', async () => {
  const { job } = await database.db.transaction((tx) => requestReportJob(tx, { planCode: 'sapporo-2nd', format: 'pdf', drafts: true, actor: null }));
  for (const suffix of ['', '/status', '/file']) {
    const response = await plain.request(`/en/reports/jobs/${job.id}${suffix}`);
    assert.equal(response.status, 404, suffix);
  }
  assert.equal((await plain.request('/en/reports/jobs/abc')).status, 404);
});

test('the script writes only words the page gives it', () => {
  const script = readFileSync(new URL('../../public/report-job.js', import.meta.url), 'utf8');
  assert.doesNotMatch(script, JAPANESE);
  for (const name of ['done-heading', 'failed-heading', 'done-step', 'download', 'size']) assert.ok(script.includes(`text('${name}')`), name);
});
