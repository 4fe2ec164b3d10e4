// Reports as a reader sees them: each bundled plan's report page checked with axe-core in headless
// Chromium (screen and print media), and the PDF pages turned into images (pdftoppm) checked for
// blank pages. The first page images of each report are kept in bench/out/report-pages under CI
// (or in REPORT_IMAGES_DIR), for a person to look at.
// Needs Chromium (CHROMIUM_PATH, default /usr/bin/chromium) and pdftoppm (poppler-utils): .ci/run
// installs both; without them these tests fail rather than pass unseen.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';
import type { Browser } from 'playwright-core';
import { createTestDatabase, type TestDatabase } from '../src/test-support/database.js';
import { prepareBundledData } from '../src/datasets/bundled.js';
import { loadReport } from '../src/reports/load-report.js';
import { renderReportHtml } from '../src/reports/report-page.js';
import { renderReportPdf } from '../src/reports/report-pdf.js';
import { expectNoAxeViolations, launchBrowser } from './support.js';

const PDFTOPPM = spawnSync('pdftoppm', ['-v']).error ? undefined : 'pdftoppm';
const PLANS = ['sapporo-2nd', 'sendai-2021', 'sendai-2016'];

let database: TestDatabase;
let browser: Browser | undefined;
before(async () => {
  database = await createTestDatabase();
  await prepareBundledData(database);
  browser = await launchBrowser();
  assert.ok(PDFTOPPM, 'pdftoppm is not installed (apt-get install poppler-utils)');
});
after(async () => {
  await browser?.close();
  await database.close();
});

test('report pages pass axe-core (WCAG 2.1 A/AA) in Chromium, on screen and in print', async () => {
  assert.ok(browser);
  const page = await browser.newPage();
  try {
    for (const plan of PLANS) {
      const html = await renderReportHtml(await loadReport(database.db, plan), null);
      await page.setContent(html, { waitUntil: 'load' });
      // print media changes only the styles of the toolbar, links and page breaks: checked on one plan
      for (const media of plan === 'sapporo-2nd' ? (['screen', 'print'] as const) : (['screen'] as const)) {
        await page.emulateMedia({ media });
        await expectNoAxeViolations(page, `${plan} ${media}`);
      }
    }
  } finally {
    await page.close();
  }
});

/** Share of pixels that are not white in a PPM (P6) image. */
function inkShare(ppm: Buffer): number {
  const header = /^P6\s+(\d+)\s+(\d+)\s+255\s/.exec(ppm.subarray(0, 50).toString('latin1'));
  assert.ok(header, 'a P6 image');
  const start = header[0].length;
  let ink = 0;
  const pixels = (ppm.length - start) / 3;
  for (let i = start; i + 2 < ppm.length; i += 3) if ((ppm[i] ?? 255) < 200 || (ppm[i + 1] ?? 255) < 200 || (ppm[i + 2] ?? 255) < 200) ink++;
  return ink / pixels;
}

test('every PDF page has content when drawn (pdftoppm), and a few page images are kept', async () => {
  const folder = mkdtempSync(join(tmpdir(), 'shinchoku-report-pages-'));
  // CI keeps the first pages of each report as PNG in bench/out/report-pages (or REPORT_IMAGES_DIR)
  const keep = process.env.REPORT_IMAGES_DIR ?? (process.env.CI ? fileURLToPath(new URL('../bench/out/report-pages', import.meta.url)) : undefined);
  try {
    for (const plan of PLANS) {
      const pdf = await renderReportPdf(await loadReport(database.db, plan));
      const file = join(folder, `${plan}.pdf`);
      writeFileSync(file, pdf);
      const drawn = spawnSync('pdftoppm', ['-r', '20', file, join(folder, plan)]);
      assert.equal(drawn.status, 0, drawn.stderr.toString());
      const images = readdirSync(folder).filter((f) => f.startsWith(`${plan}-`) && f.endsWith('.ppm')).sort();
      const pageCount = (pdf.toString('latin1').match(/\/Type \/Page\b/g) ?? []).length;
      assert.equal(images.length, pageCount, `${plan}: one image per page`);
      for (const image of images) {
        const share = inkShare(readFileSync(join(folder, image)));
        assert.ok(share > 0.005, `${plan} ${image} looks blank (${(share * 100).toFixed(2)}% ink)`);
      }
      if (keep) {
        mkdirSync(keep, { recursive: true });
        spawnSync('pdftoppm', ['-r', '60', '-png', '-f', '1', '-l', '3', file, join(keep, plan)]);
        copyFileSync(file, join(keep, `${plan}.pdf`));
      }
    }
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});
