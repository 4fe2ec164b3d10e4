// Browser test of the comparison across organisations in headless Chromium (Debian's
// /usr/bin/chromium, or CHROMIUM_PATH): /compare/civic-support-centre-groups with both bundled
// cities shows its chart and data table, and axe-core finds no WCAG 2.1 A/AA violation at 1280
// and 375 px in ja and en (also on /compare and /admin/catalogue); no sideways scroll at 320 px.
// Screenshots go to E2E_OUTPUT (default: a folder in the OS temp directory).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { insertTestUser, TestClient } from '../src/auth/test-client.js';
import { AxeFailures, browserTests, screenshot, scrollWidth } from './support.js';

const SHARED = '/compare/civic-support-centre-groups';


const e2e = browserTests({ withBundledPlans: true, seed: (database) => insertTestUser(database.db, { login: 'compare-admin', role: 'admin' }) });

test('the comparison page with both bundled cities: chart with a text alternative and the data table', async () => {
  const page = await e2e.browser.newPage({ viewport: { width: 1280, height: 900 } });
  const response = await page.goto(`${e2e.base}${SHARED}`);
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
  await screenshot(page, 'compare-1280.png', { maxHeight: Infinity });
  await page.close();
});

for (const width of [1280, 375]) {
  test(`axe-core: no WCAG 2.1 A/AA violations on the comparison pages at ${width} px, ja and en`, async () => {
    const context = await e2e.browser.newContext({ viewport: { width, height: 900 } });
    const page = await context.newPage();
    const axe = new AxeFailures();
    for (const path of ['/compare', SHARED, '/compare/neighbourhood-association-membership', '/en/compare', `/en${SHARED}`]) {
      const response = await page.goto(`${e2e.base}${path}`);
      assert.equal(response?.status(), 200, path);
      await axe.check(page, `${path} @${width}px`);
    }
    if (width === 375) {
      await page.goto(`${e2e.base}${SHARED}`);
      await screenshot(page, 'compare-375.png', { maxHeight: Infinity });
    }
    await context.close();
    axe.assertNone();
  });
}

test('the admin catalogue pages have no axe violations, and no comparison page scrolls sideways at 320 px', async () => {
  const context = await e2e.browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  // signed in through the application itself; the browser gets the session cookie
  const client = new TestClient(e2e.server.app);
  const signIn = await client.signIn('compare-admin');
  assert.equal(signIn.status, 303, (await signIn.text()).replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').slice(0, 300));
  const { hostname } = new URL(e2e.base);
  await context.addCookies([...client.cookies].map(([name, value]) => ({ name, value, domain: hostname, path: '/', httpOnly: true, sameSite: 'Lax' as const })));
  const axe = new AxeFailures();
  for (const path of ['/admin/catalogue', '/admin/catalogue/civic-support-centre-groups']) {
    const response = await page.goto(`${e2e.base}${path}`);
    assert.equal(response?.status(), 200, path);
    await axe.check(page, path);
  }
  await screenshot(page, 'admin-catalogue-entry-1280.png', { maxHeight: Infinity });
  await context.close();
  axe.assertNone();

  const narrow = await e2e.browser.newContext({ viewport: { width: 320, height: 640 } });
  const small = await narrow.newPage();
  const wide: string[] = [];
  for (const path of ['/compare', SHARED]) {
    await small.goto(`${e2e.base}${path}`);
    const width = await scrollWidth(small);
    if (width > 320) wide.push(`${path}: ${width}px`);
  }
  await narrow.close();
  assert.deepEqual(wide, []);
});
