// Report downloads as a citizen meets them, in headless Chromium: clicking 「PDF をダウンロード」
// on a report whose file takes longer than the request waits leads to the job's progress page,
// which passes axe-core, shows the progress and starts the download when the file is ready —
// with JavaScript (the page asks the status URL) and without (the page reloads itself).
// Screenshots go to E2E_OUTPUT (default: a folder in the OS temp directory).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createTestDatabase, type TestDatabase } from '../src/test-support/database.js';
import { prepareBundledData } from '../src/datasets/bundled.js';
import { createApp } from '../src/app.js';
import { RenderThread, startReportWorker, type ReportWorker } from '../src/reports/report-worker.js';
import { DOWNLOAD_WAIT_MS } from '../src/reports/reports.routes.js';

const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const OUTPUT = process.env.E2E_OUTPUT ?? join(tmpdir(), 'shinchoku-e2e');
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

let database: TestDatabase;
let server: Server;
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
  const app = createApp(database, { reportWorker: worker });
  server = await new Promise<Server>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s as Server));
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  mkdirSync(OUTPUT, { recursive: true });
});

after(async () => {
  await browser?.close();
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
  await worker.stop();
  await thread.terminate();
  await database.close();
});

async function axeViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate('typeof window.axe !== "undefined"'))) await page.evaluate(AXE_SOURCE);
  const result = (await page.evaluate(`window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'] })`)) as { violations: { id: string; help: string }[] };
  return result.violations.map((v) => `${v.id}: ${v.help}`);
}

test('with JavaScript: the button leads to the progress page, which updates itself and starts the download', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  try {
    await page.goto(`${base}/reports/sendai-2021`);
    const downloaded = page.waitForEvent('download', { timeout: 120_000 });
    downloaded.catch(() => undefined); // an assertion below failing closes the page: report that one
    await page.getByRole('link', { name: 'PDF をダウンロード' }).click();
    await page.waitForURL(/\/reports\/jobs\/\d+$/);
    assert.equal(await page.locator('h1').textContent(), '報告書のPDFを作成しています');
    assert.deepEqual(await axeViolations(page), []);
    await page.screenshot({ path: join(OUTPUT, 'report-job-1-waiting.png'), fullPage: true });
    // the script moves the bar as the worker reports pages, without reloading the page
    await page.locator('.report-job-step', { hasText: /PDFの/ }).waitFor({ timeout: 120_000 });
    await page.screenshot({ path: join(OUTPUT, 'report-job-2-running.png'), fullPage: true });
    const download = await downloaded;
    assert.equal(download.suggestedFilename(), 'sendai-2021-report.pdf');
    await page.waitForSelector('.report-job-download:not([hidden])');
    assert.equal(await page.locator('h1').textContent(), '報告書のPDFができました');
    assert.deepEqual(await axeViolations(page), []);
    await page.screenshot({ path: join(OUTPUT, 'report-job-3-done.png'), fullPage: true });
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
    await page.screenshot({ path: join(OUTPUT, 'report-job-4-nojs.png'), fullPage: true });
    const download = await downloaded;
    assert.equal(download.suggestedFilename(), 'sapporo-2nd-2016-report.xlsx');
  } finally {
    await context.close();
  }
});
