// Browser tests of the public portal in headless Chromium (Debian's /usr/bin/chromium, or
// CHROMIUM_PATH): axe-core finds no WCAG 2.1 A/AA violation on every public page type in ja and
// en at 1280 px and 375 px, the search filters are reachable by keyboard alone, no page scrolls
// sideways at 320 px, and search works with JavaScript disabled. Screenshots of each page type
// go to E2E_OUTPUT (default: a folder in the OS temp directory).
//
// The server runs in process on a test database (PGlite, or TEST_DATABASE_URL) with the bundled
// plans and two published rounds of the Sendai plan, so grades, narratives and "what changed"
// have something to show.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { and, eq, inArray } from 'drizzle-orm';
import type { TestDatabase } from '../src/test-support/database.js';
import { entries, planItems, plans, rounds } from '../src/db/schema.js';
import { AxeFailures, axeViolations, browserTests, screenshot, scrollWidth } from './support.js';


/** Two published rounds of Sendai 2021 (FY2021, FY2022) with grades and narratives. */
async function publishSendaiRounds(db: TestDatabase['db']): Promise<void> {
  const [plan] = await db.select({ id: plans.id }).from(plans).where(eq(plans.code, 'sendai-2021'));
  assert.ok(plan);
  const codes = ['1-(1)-①', '1-(1)-②', '1-(1)-③', '1-(1)-④', '2-(1)-①'];
  const items = await db.select({ id: planItems.id, code: planItems.code }).from(planItems).where(and(eq(planItems.planId, plan.id), inArray(planItems.code, codes)));
  const grades: Record<number, string[]> = { 2021: ['A', 'B', 'A', 'C', 'A'], 2022: ['A', 'A', 'B', 'C', 'A'] };
  for (const fiscalYear of [2021, 2022]) {
    const [round] = await db.insert(rounds).values({ planId: plan.id, fiscalYear, state: 'published', publishedAt: new Date() }).returning();
    assert.ok(round);
    await db.insert(entries).values(
      items.map((item) => ({
        planId: plan.id,
        roundId: round.id,
        itemId: item.id,
        state: 'approved',
        finalGrade: grades[fiscalYear]?.[codes.indexOf(item.code)] ?? null,
        selfGrade: grades[fiscalYear]?.[codes.indexOf(item.code)] ?? null,
        resultsText: `${fiscalYear === 2021 ? '講座を4回開催した。' : '講座を6回開催した。'}相談窓口を運営した。`,
        planText: '引き続き実施する。',
      })),
    );
  }
}

const e2e = browserTests({ withBundledPlans: true, seed: (database) => publishSendaiRounds(database.db) });

const PAGES: { name: string; path: string }[] = [
  { name: 'home', path: '/' },
  { name: 'plan-sendai', path: '/plans/sendai-2021' },
  { name: 'plan-sapporo', path: '/plans/sapporo-2nd' },
  { name: 'item-sendai', path: `/plans/sendai-2021/items/${encodeURIComponent('1-(1)-④')}` },
  { name: 'item-sapporo', path: '/plans/sapporo-2nd/items/1' },
  { name: 'indicator-sapporo', path: '/plans/sapporo-2nd/indicators/1-c' },
  { name: 'indicator-sendai', path: `/plans/sendai-2021/indicators/${encodeURIComponent('1-(1)-①#1')}` },
  { name: 'search', path: `/search?q=${encodeURIComponent('協働')}&numeric=1` },
  { name: 'changes-sendai', path: '/plans/sendai-2021/changes' },
  { name: 'changes-sapporo', path: '/plans/sapporo-2nd/changes' },
  { name: 'opendata', path: '/opendata' },
  { name: 'opendata-narrowed', path: `/opendata?q=${encodeURIComponent('仙台')}` },
];

test('axe-core is live: it reports a missing alt text and a low-contrast text', async () => {
  const page = await e2e.browser.newPage();
  await page.setContent('<!DOCTYPE html><html lang="ja"><head><title>t</title></head><body><main><img src="x.png"><p style="color:#bbb;background:#fff">薄い文字</p></main></body></html>');
  const ids = (await axeViolations(page)).map((v) => v.id).sort();
  assert.deepEqual(ids, ['color-contrast', 'image-alt']);
  await page.close();
});

for (const width of [1280, 375]) {
  test(`axe-core: no WCAG 2.1 A/AA violations at ${width} px, ja and en`, async () => {
    const context = await e2e.browser.newContext({ viewport: { width, height: 900 } });
    const page = await context.newPage();
    const axe = new AxeFailures();
    for (const { name, path } of PAGES) {
      for (const prefix of ['', '/en']) {
        const response = await page.goto(`${e2e.base}${prefix}${path}`);
        assert.equal(response?.status(), 200, `${prefix}${path}`);
        await axe.check(page, `${prefix}${path} @${width}px`);
        if (prefix === '') await screenshot(page, `${name}-${width}.png`, width === 375 ? { fullPage: false } : { maxHeight: Infinity });
      }
    }
    await context.close();
    axe.assertNone();
  });
}

test('no page scrolls sideways at 320 px (reflow, WCAG 1.4.10)', async () => {
  const context = await e2e.browser.newContext({ viewport: { width: 320, height: 640 } });
  const page = await context.newPage();
  const wide: string[] = [];
  for (const { name, path } of PAGES) {
    await page.goto(`${e2e.base}${path}`);
    const width = await scrollWidth(page);
    if (width > 320) wide.push(`${path}: ${width}px`);
    if (name === 'item-sapporo' || name === 'search') await screenshot(page, `${name}-320.png`, { fullPage: false });
  }
  await context.close();
  assert.deepEqual(wide, []);
});

test('keyboard only: Tab reaches every search filter and the submit button, with a visible focus', async () => {
  const context = await e2e.browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${e2e.base}/search`);
  const wanted = ['q', 'f-plan', 'f-field', 'f-policy', 'f-department', 'f-grade', 'f-flag', 'f-sdg', 'f-numeric'];
  const reached: string[] = [];
  let submitReached = false;
  for (let i = 0; i < 40 && !(submitReached && wanted.every((id) => reached.includes(id))); i++) {
    await page.keyboard.press('Tab');
    const focused = (await page.evaluate(`(() => { const e = document.activeElement; if (!e) return null;
      const s = getComputedStyle(e); return { id: e.id, type: e.getAttribute('type'), outline: s.outlineStyle + ' ' + s.outlineWidth }; })()`)) as { id: string; type: string | null; outline: string } | null;
    if (!focused) continue;
    if (focused.id) reached.push(focused.id);
    if (focused.type === 'submit') submitReached = true;
    assert.notEqual(focused.outline, 'none 0px', `focus on #${focused.id || focused.type} is not visible`);
  }
  assert.deepEqual(wanted.filter((id) => !reached.includes(id)), []);
  assert.ok(submitReached);
  // choose 新規 with the keyboard and submit with Enter: the URL carries the filter
  await page.focus('#f-flag');
  await page.keyboard.press('ArrowDown');
  await page.focus('#q');
  await Promise.all([page.waitForEvent('load'), page.keyboard.press('Enter')]);
  assert.match(page.url(), /flag=new/);
  assert.match((await page.locator('#results-heading').textContent()) ?? '', /件見つかりました/);
  // the skip link is the first stop and moves focus to the main content
  await page.goto(`${e2e.base}/plans/sapporo-2nd`);
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate('document.activeElement.className'), 'skip-link');
  await context.close();
});

test('with JavaScript disabled, search and filters work as a plain GET form', async () => {
  const context = await e2e.browser.newContext({ javaScriptEnabled: false, viewport: { width: 1024, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${e2e.base}/search`);
  await page.fill('#q', '協働');
  await page.selectOption('#f-plan', 'sendai-2021');
  await page.check('#f-numeric');
  await Promise.all([page.waitForURL(/\/search\?/), page.click('button[type="submit"]')]);
  const url = new URL(page.url());
  assert.equal(url.searchParams.get('q'), '協働');
  assert.equal(url.searchParams.get('plan'), 'sendai-2021');
  assert.equal(url.searchParams.get('numeric'), '1');
  const titles = await page.locator('.result-title').allTextContents();
  assert.ok(titles.length > 0);
  // the item page and its feedback form work without JavaScript too
  await page.goto(`${e2e.base}/plans/sendai-2021/items/${encodeURIComponent('1-(1)-④')}`);
  await page.fill('#feedback-body', 'フォーラムの日程を早めに知らせてほしい。');
  await Promise.all([page.waitForURL(/sent=1/), page.click('.feedback button[type="submit"]')]);
  assert.match(await page.textContent('.notification-success') ?? '', /受け付けました/);
  await context.close();
});
