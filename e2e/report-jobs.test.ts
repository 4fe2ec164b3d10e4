// Report downloads as a citizen meets them, in headless Chromium: clicking 「PDF をダウンロード」
// on a report whose file takes longer than the request waits leads to the job's progress page,
// which passes axe-core, shows the progress and starts the download when the file is ready —
// with JavaScript (the page asks the status URL) and without (the page reloads itself); the English
// progress page (/en/reports/jobs/:job) does the same in English.
// Screenshots go to E2E_OUTPUT (default: a folder in the OS temp directory).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { createTestDatabase, type TestDatabase } from '../src/test-support/database.js';
import { prepareBundledData } from '../src/datasets/bundled.js';
import { createApp } from '../src/app.js';
import { RenderThread, startReportWorker, type ReportWorker } from '../src/reports/report-worker.js';
import { DOWNLOAD_WAIT_MS } from '../src/reports/reports.routes.js';
import { expectNoAxeViolations, launchBrowser, listen, screenshot, type Listening } from './support.js';

let database: TestDatabase;
let server: Listening;
let base: string;
let browser: Browser;
let worker: ReportWorker;
const thread = new RenderThread(10);

before(async () => {
  database = await createTestDatabase();
  await prepareBundledData(database);
  // the real renderer, started only after the request has stopped waiting: a long report
  worker = startReportWorker(database, {
    pollMs: 50,
    render: async (task, onProgress) => {
      onProgress({ done: 2, total: 100, step: '計画のデータを読み込んでいます' });
      await new Promise((resolve) => setTimeout(resolve, DOWNLOAD_WAIT_MS + 1500));
      return thread.render(task, onProgress);
    },
  });
  server = await listen(createApp(database, { reportWorker: worker }));
  base = server.base;
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
  await worker.stop();
  await thread.terminate();
  await database.close();
});

test('with JavaScript: the button leads to the progress page, which updates itself and starts the download', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  try {
    // every step the script writes is collected from the first moment of each page
    await context.addInitScript({
      content: `window.seenSteps = [];
        document.addEventListener('DOMContentLoaded', () => {
          const step = document.querySelector('.report-job-step');
          if (step) new MutationObserver(() => window.seenSteps.push(step.textContent || '')).observe(step, { childList: true, characterData: true, subtree: true });
        });`,
    });
    await page.goto(`${base}/reports/sendai-2021`);
    const downloaded = page.waitForEvent('download', { timeout: 120_000 });
    downloaded.catch(() => undefined); // an assertion below failing closes the page: report that one
    await page.getByRole('link', { name: 'PDF をダウンロード' }).click();
    await page.waitForURL(/\/reports\/jobs\/\d+$/);
    assert.equal(await page.locator('h1').textContent(), '報告書のPDFを作成しています');
    await expectNoAxeViolations(page, 'progress page (waiting)');
    await screenshot(page, 'report-job-1-waiting.png', { maxHeight: Infinity });
    // the script moves the bar as the worker reports pages, without reloading the page: the steps
    // it shows are collected in the page (a fast job may finish between two polls, so seeing a
    // PDF step is not required; no reload and a finished page are)
    let reloads = 0;
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) reloads += 1;
    });
    const download = await downloaded;
    assert.equal(download.suggestedFilename(), 'sendai-2021-report.pdf');
    await page.waitForSelector('.report-job-download:not([hidden])');
    assert.equal(await page.locator('h1').textContent(), '報告書のPDFができました');
    assert.equal(reloads, 0, 'the progress page updated itself without reloading');
    const steps = (await page.evaluate('window.seenSteps')) as string[];
    assert.ok(steps.length > 0, 'the script wrote progress steps into the page');
    await expectNoAxeViolations(page, 'progress page (done)');
    await screenshot(page, 'report-job-3-done.png', { maxHeight: Infinity });
  } finally {
    await context.close();
  }
});

test('in English: the progress page updates itself with the English words the page gives its script', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  try {
    await context.addInitScript({
      content: `window.seenSteps = [];
        document.addEventListener('DOMContentLoaded', () => {
          const step = document.querySelector('.report-job-step');
          if (step) new MutationObserver(() => window.seenSteps.push(step.textContent || '')).observe(step, { childList: true, characterData: true, subtree: true });
        });`,
    });
    const downloaded = page.waitForEvent('download', { timeout: 120_000 });
    downloaded.catch(() => undefined);
    // the English download URL (the retry link of an English progress page) leads to the English page
    await page.goto(`${base}/en/reports/sapporo-2nd/report.pdf`);
    assert.match(new URL(page.url()).pathname, /^\/en\/reports\/jobs\/\d+$/);
    assert.equal(await page.locator('html').getAttribute('lang'), 'en');
    assert.equal(await page.locator('h1').textContent(), 'Making the PDF file of the report');
    await expectNoAxeViolations(page, 'English progress page (waiting)');
    let reloads = 0;
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) reloads += 1;
    });
    const download = await downloaded;
    assert.equal(download.suggestedFilename(), 'sapporo-2nd-2016-report.pdf');
    await page.waitForSelector('.report-job-download:not([hidden])');
    assert.equal(await page.locator('h1').textContent(), 'The PDF file of the report is ready');
    assert.equal(await page.locator('.report-job-step').textContent(), 'Ready. If the download does not start, press the button below.');
    assert.match((await page.locator('.report-job-download a').textContent()) ?? '', /^Download the PDF file \(\d+(\.\d)? (KB|MB)\)$/);
    assert.equal(reloads, 0, 'the progress page updated itself without reloading');
    const steps = (await page.evaluate('window.seenSteps')) as string[];
    assert.ok(steps.length > 0, 'the script wrote progress steps into the page');
    // plan headings are quoted as written; every other word of a step is English
    for (const step of steps) assert.doesNotMatch(step.replace(/“[^”]*”/g, ''), /[\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Han}]/u, step);
    await expectNoAxeViolations(page, 'English progress page (done)');
    await screenshot(page, 'report-job-5-english-done.png', { maxHeight: Infinity });
  } finally {
    await context.close();
  }
});

test('without JavaScript: the progress page reloads itself and the download starts when the file is ready', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 375, height: 800 } });
  const page = await context.newPage();
  try {
    await page.goto(`${base}/reports/sapporo-2nd`);
    const downloaded = page.waitForEvent('download', { timeout: 120_000 });
    downloaded.catch(() => undefined);
    await page.getByRole('link', { name: 'Excel をダウンロード' }).click();
    await page.waitForURL(/\/reports\/jobs\/\d+/);
    await screenshot(page, 'report-job-4-nojs.png', { maxHeight: Infinity });
    const download = await downloaded;
    assert.equal(download.suggestedFilename(), 'sapporo-2nd-2016-report.xlsx');
  } finally {
    await context.close();
  }
});
