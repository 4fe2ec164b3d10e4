// Browser test of the comparison across organisations in headless Chromium (Debian's
// /usr/bin/chromium, or CHROMIUM_PATH): /compare/civic-support-centre-groups with both bundled
// cities shows its chart and data table, and axe-core finds no WCAG 2.1 A/AA violation at 1280
// and 375 px in ja and en (also on /compare and /admin/catalogue); no sideways scroll at 320 px.
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
import { insertTestUser, TestClient } from '../src/auth/test-client.js';

const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const OUTPUT = process.env.E2E_OUTPUT ?? join(tmpdir(), 'shinchoku-e2e');
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const SHARED = '/compare/civic-support-centre-groups';

let database: TestDatabase;
let server: Server;
let base: string;
let browser: Browser;
let app: ReturnType<typeof createApp>;

before(async () => {
  database = await createTestDatabase();
  await database.reset();
  await prepareBundledData(database);
  await insertTestUser(database.db, { login: 'compare-admin', role: 'admin' });
  app = createApp(database);
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
  await database.close();
});

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

async function axeViolations(page: Page): Promise<AxeViolation[]> {
  // evaluated through the debugger protocol, which the page's Content-Security-Policy does not govern
  if (!(await page.evaluate('typeof window.axe !== "undefined"'))) await page.evaluate(AXE_SOURCE);
  const result = (await page.evaluate(`window.axe.run(document, { runOnly: { type: 'tag', values: ${JSON.stringify(WCAG_TAGS)} }, resultTypes: ['violations'] })`)) as { violations: AxeViolation[] };
  return result.violations;
}

function describeViolations(violations: AxeViolation[]): string {
  return violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`).join('\n');
}

test('the comparison page with both bundled cities: chart with a text alternative and the data table', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const response = await page.goto(`${base}${SHARED}`);
  assert.equal(response?.status(), 200);
  // the chart: an image with a title and a description naming each city's values
  const chart = page.locator('svg[role="img"]');
  assert.equal(await chart.count(), 1);
  const description = (await chart.locator('desc').textContent()) ?? '';
  assert.match(description, /札幌市: 平成25年度 115\.5、平成26年度 121\.6、平成27年度 128\.1、平成28年度 134\.4、平成29年度 136\.0/);
  assert.match(description, /仙台市: この自治体の公表済みの値はまだありません。/);
  assert.equal(await chart.locator('.cmp-s0 .cmp-point').count(), 5); // Sapporo H25–H29
  assert.equal(await chart.locator('.cmp-s1 .cmp-threshold').count(), 1); // Sendai 毎年度720団体以上

  // the table: caption, column headers, one row group per city
  const table = page.locator('table.compare-table');
  assert.equal(await table.locator('caption').textContent(), '市民活動サポートセンターの登録・利用団体数の年度別の値（単位: 団体）');
  assert.deepEqual(await table.locator('thead th[scope="col"]').allTextContents(), ['年度', '値（団体）', '人口10万人あたり', '種別']);
  assert.deepEqual(await table.locator('th[scope="rowgroup"]').allTextContents(), ['札幌市: 市民活動サポートセンター登録団体数', '仙台市: 市民活動サポートセンター利用団体数']);
  const rows = await table.locator('tbody').first().locator('tr').evaluateAll((trs) => trs.slice(1).map((tr) => [...tr.children].map((cell) => (cell.textContent ?? '').trim())));
  // the Sapporo report's 成果指標 table; per 100,000 residents = value × 100,000 ÷ 1,973,395, half-up to 0.1
  assert.deepEqual(rows, [
    ['平成25年度', '2,280', '115.5', '実績'],
    ['平成26年度', '2,400', '121.6', '実績'],
    ['平成27年度', '2,528', '128.1', '実績'],
    ['平成28年度', '2,653', '134.4', '実績'],
    ['平成29年度', '2,684', '136.0', '状況（平成29年8月31日時点）'],
  ]);
  assert.equal((await table.locator('tbody').nth(1).locator('td').textContent())?.trim(), 'この自治体の公表済みの値はまだありません。');
  // each city's item page is one click away
  assert.equal(await page.locator('a[href="/plans/sapporo-2nd/items/2"]').count(), 1);
  assert.equal(await page.locator(`a[href="/plans/sendai-2021/items/${encodeURIComponent('1-(1)-①')}"]`).count(), 1);
  await page.screenshot({ path: join(OUTPUT, 'compare-1280.png'), fullPage: true });
  await page.close();
});

for (const width of [1280, 375]) {
  test(`axe-core: no WCAG 2.1 A/AA violations on the comparison pages at ${width} px, ja and en`, async () => {
    const context = await browser.newContext({ viewport: { width, height: 900 } });
    const page = await context.newPage();
    const failures: string[] = [];
    for (const path of ['/compare', SHARED, '/compare/neighbourhood-association-membership', '/en/compare', `/en${SHARED}`]) {
      const response = await page.goto(`${base}${path}`);
      assert.equal(response?.status(), 200, path);
      const violations = await axeViolations(page);
      if (violations.length > 0) failures.push(`${path} @${width}px\n${describeViolations(violations)}`);
    }
    if (width === 375) {
      await page.goto(`${base}${SHARED}`);
      await page.screenshot({ path: join(OUTPUT, 'compare-375.png'), fullPage: true });
    }
    await context.close();
    assert.deepEqual(failures, [], failures.join('\n\n'));
  });
}

test('the admin catalogue pages have no axe violations, and no comparison page scrolls sideways at 320 px', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  // signed in through the application itself; the browser gets the session cookie
  const client = new TestClient(app);
  const signIn = await client.signIn('compare-admin');
  assert.equal(signIn.status, 303, (await signIn.text()).replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').slice(0, 300));
  const { hostname } = new URL(base);
  await context.addCookies([...client.cookies].map(([name, value]) => ({ name, value, domain: hostname, path: '/', httpOnly: true, sameSite: 'Lax' as const })));
  const failures: string[] = [];
  for (const path of ['/admin/catalogue', '/admin/catalogue/civic-support-centre-groups']) {
    const response = await page.goto(`${base}${path}`);
    assert.equal(response?.status(), 200, path);
    const violations = await axeViolations(page);
    if (violations.length > 0) failures.push(`${path}\n${describeViolations(violations)}`);
  }
  await page.screenshot({ path: join(OUTPUT, 'admin-catalogue-entry-1280.png'), fullPage: true });
  await context.close();
  assert.deepEqual(failures, [], failures.join('\n\n'));

  const narrow = await browser.newContext({ viewport: { width: 320, height: 640 } });
  const small = await narrow.newPage();
  const wide: string[] = [];
  for (const path of ['/compare', SHARED]) {
    await small.goto(`${base}${path}`);
    const scrollWidth = (await small.evaluate('document.documentElement.scrollWidth')) as number;
    if (scrollWidth > 320) wide.push(`${path}: ${scrollWidth}px`);
  }
  await narrow.close();
  assert.deepEqual(wide, []);
});
