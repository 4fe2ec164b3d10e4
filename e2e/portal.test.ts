// Browser tests of the public portal in headless Chromium (Debian's /usr/bin/chromium, or
// CHROMIUM_PATH): axe-core finds no WCAG 2.1 A/AA violation on every public page type in ja and
// en at 1280 px and 375 px, the search filters are reachable by keyboard alone, no page scrolls
// sideways at 320 px, and search works with JavaScript disabled. Screenshots of each page type
// go to E2E_OUTPUT (default: a folder in the OS temp directory).
//
// The server runs in process on a test database (PGlite, or TEST_DATABASE_URL) with the bundled
// plans and two published rounds of the Sendai plan, so grades, narratives and "what changed"
// have something to show.
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
import { and, eq, inArray } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../src/test-support/database.js';
import { prepareBundledData } from '../src/datasets/bundled.js';
import { createApp } from '../src/app.js';
import { entries, planItems, plans, rounds } from '../src/db/schema.js';

const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const OUTPUT = process.env.E2E_OUTPUT ?? join(tmpdir(), 'shinchoku-e2e');
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

let database: TestDatabase;
let server: Server;
let base: string;
let browser: Browser;

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

before(async () => {
  database = await createTestDatabase();
  await prepareBundledData(database);
  await publishSendaiRounds(database.db);
  const app = createApp(database);
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
];

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

async function axeViolations(page: Page): Promise<AxeViolation[]> {
  // evaluated by the browser's debugger protocol, which the page's Content-Security-Policy (no inline scripts) does not govern
  if (!(await page.evaluate('typeof window.axe !== "undefined"'))) await page.evaluate(AXE_SOURCE);
  const result = (await page.evaluate(`window.axe.run(document, { runOnly: { type: 'tag', values: ${JSON.stringify(WCAG_TAGS)} }, resultTypes: ['violations'] })`)) as { violations: AxeViolation[] };
  return result.violations;
}

function describeViolations(violations: AxeViolation[]): string {
  return violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`).join('\n');
}

test('axe-core is live: it reports a missing alt text and a low-contrast text', async () => {
  const page = await browser.newPage();
  await page.setContent('<!DOCTYPE html><html lang="ja"><head><title>t</title></head><body><main><img src="x.png"><p style="color:#bbb;background:#fff">薄い文字</p></main></body></html>');
  const ids = (await axeViolations(page)).map((v) => v.id).sort();
  assert.deepEqual(ids, ['color-contrast', 'image-alt']);
  await page.close();
});

for (const width of [1280, 375]) {
  test(`axe-core: no WCAG 2.1 A/AA violations at ${width} px, ja and en`, async () => {
    const context = await browser.newContext({ viewport: { width, height: 900 } });
    const page = await context.newPage();
    const failures: string[] = [];
    for (const { name, path } of PAGES) {
      for (const prefix of ['', '/en']) {
        const response = await page.goto(`${base}${prefix}${path}`);
        assert.equal(response?.status(), 200, `${prefix}${path}`);
        const violations = await axeViolations(page);
        if (violations.length > 0) failures.push(`${prefix}${path} @${width}px\n${describeViolations(violations)}`);
        if (prefix === '') {
          await page.screenshot({ path: join(OUTPUT, `${name}${prefix ? '-en' : ''}-${width}.png`), fullPage: width === 375 ? false : true });
        }
      }
    }
    await context.close();
    assert.deepEqual(failures, [], failures.join('\n\n'));
  });
}

test('no page scrolls sideways at 320 px (reflow, WCAG 1.4.10)', async () => {
  const context = await browser.newContext({ viewport: { width: 320, height: 640 } });
  const page = await context.newPage();
  const wide: string[] = [];
  for (const { name, path } of PAGES) {
    await page.goto(`${base}${path}`);
    const scrollWidth = (await page.evaluate('document.documentElement.scrollWidth')) as number;
    if (scrollWidth > 320) wide.push(`${path}: ${scrollWidth}px`);
    if (name === 'item-sapporo' || name === 'search') await page.screenshot({ path: join(OUTPUT, `${name}-320.png`), fullPage: false });
  }
  await context.close();
  assert.deepEqual(wide, []);
});

test('keyboard only: Tab reaches every search filter and the submit button, with a visible focus', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${base}/search`);
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
  await page.goto(`${base}/plans/sapporo-2nd`);
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate('document.activeElement.className'), 'skip-link');
  await context.close();
});

test('with JavaScript disabled, search and filters work as a plain GET form', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1024, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${base}/search`);
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
  await page.goto(`${base}/plans/sendai-2021/items/${encodeURIComponent('1-(1)-④')}`);
  await page.fill('#feedback-body', 'フォーラムの日程を早めに知らせてほしい。');
  await Promise.all([page.waitForURL(/sent=1/), page.click('.feedback button[type="submit"]')]);
  assert.match(await page.textContent('.notification-success') ?? '', /受け付けました/);
  await context.close();
});
