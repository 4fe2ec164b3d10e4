// What the browser tests share: headless Chromium (Debian's /usr/bin/chromium, or CHROMIUM_PATH),
// the application served in process on a test database (PGlite, or TEST_DATABASE_URL), a person
// at their own browser who signs in through the login page, axe-core (WCAG 2.1 A/AA) and
// screenshots saved to E2E_OUTPUT (default: a folder in the OS temp directory).
//
// Not a *.test.ts file: the runner (package.json's e2e/*.test.ts) does not take it for a test.
import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { createTestDatabase, type TestDatabase } from '../src/test-support/database.js';
import { prepareBundledData } from '../src/datasets/bundled.js';
import { createApp } from '../src/app.js';

const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((path) => existsSync(path));
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const OUTPUT = process.env.E2E_OUTPUT ?? join(tmpdir(), 'shinchoku-e2e');
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** Headless Chromium; a test fails (rather than passes unseen) when it is not installed. */
export async function launchBrowser(): Promise<Browser> {
  assert.ok(CHROMIUM_PATH, 'Chromium is not installed (apt-get install chromium, or set CHROMIUM_PATH)');
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

export interface Listening {
  /** http://127.0.0.1:port, without a trailing slash. */
  base: string;
  close(): Promise<void>;
}

/** Serves `app` on a free port of 127.0.0.1. */
export async function listen(app: { fetch: (request: Request) => Response | Promise<Response> }): Promise<Listening> {
  const server = await new Promise<Server>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s as Server));
  });
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

export interface TestServer extends Listening {
  database: TestDatabase;
  app: ReturnType<typeof createApp>;
}

/**
 * A fresh test database (with the bundled plans when asked), `seed` run on it, and the
 * application served on it. close() stops the server, then closes the database.
 */
export async function startServer(options: { withBundledPlans?: boolean; seed?: (database: TestDatabase) => Promise<unknown> } = {}): Promise<TestServer> {
  const database = await createTestDatabase();
  if (options.withBundledPlans) await prepareBundledData(database);
  await options.seed?.(database);
  const app = createApp(database);
  const listening = await listen(app);
  return {
    database,
    app,
    base: listening.base,
    close: async () => {
      await listening.close();
      await database.close();
    },
  };
}

export type StartServerOptions = Parameters<typeof startServer>[0];

/** What the tests of a file read once browserTests' before hook has run. */
export interface BrowserTests {
  readonly server: TestServer;
  /** The server's http://127.0.0.1:port. */
  readonly base: string;
  readonly browser: Browser;
}

/**
 * Registers the file's before and after hooks: startServer(options) and a browser, started before
 * the first test and closed after the last.
 */
export function browserTests(options: StartServerOptions = {}): BrowserTests {
  let server: TestServer | undefined;
  let browser: Browser | undefined;
  before(async () => {
    server = await startServer(options);
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the server and the browser start in the before hook');
    return value;
  };
  return {
    get server() {
      return started(server);
    },
    get base() {
      return started(server).base;
    },
    get browser() {
      return started(browser);
    },
  };
}

/** A person at their own browser (own cookies), in Japanese at 1280 px, waiting at most 5 s for anything. */
export async function newPerson(browser: Browser, options: { javaScriptEnabled?: boolean } = {}): Promise<{ context: BrowserContext; page: Page }> {
  // bypassCSP as these tests have always run (axe-core itself no longer needs it: see axeViolations)
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'ja-JP', bypassCSP: true, javaScriptEnabled: options.javaScriptEnabled ?? true });
  context.setDefaultTimeout(5000);
  return { context, page: await context.newPage() };
}

/**
 * Signs in the way a person does: going to `path` signed out leads to the login page, where they
 * type their login name and password and land back on `path`.
 */
export async function signIn(page: Page, base: string, path: string, account: { login: string; password: string }): Promise<void> {
  // the first visit gets the CSRF cookie (a page and its favicon request could otherwise race for it)
  await page.goto(`${base}/login`);
  await page.goto(`${base}${path}`);
  assert.equal(new URL(page.url()).pathname, '/login', 'a signed-out person is sent to the login page');
  await page.getByLabel('ログイン名').pressSequentially(account.login);
  await page.getByLabel('パスワード').pressSequentially(account.password);
  await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'ログイン' }).click()]);
  if (new URL(page.url()).pathname !== path) assert.fail(`${account.login} signed in at ${page.url()}: ${(await page.locator('main').textContent()) ?? ''}`);
}

/** Clicks the submit button named `name` (in `scope`, else anywhere on the page) and waits for the page the server answers with. */
export async function submit(page: Page, name: string, scope?: Locator): Promise<void> {
  await Promise.all([page.waitForEvent('load'), (scope ?? page).getByRole('button', { name, exact: true }).click()]);
}

/**
 * Moves a round to 確認中, 確定 or 公表 from its page as 本部 does: the link `action…` leads to the
 * pre-flight page, where they tick 「上の内容を確認しました」 and press the button `action`.
 */
export async function throughPreflight(page: Page, action: string): Promise<void> {
  await Promise.all([page.waitForURL(/\/transition\?to=/), page.getByRole('link', { name: `${action}…`, exact: true }).click()]);
  await page.getByLabel('上の内容を確認しました').check();
  await submit(page, action);
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** The WCAG 2.1 A/AA violations axe-core finds on the page as it is now. */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  // evaluated through the browser's debugger protocol, which the page's Content-Security-Policy (no inline scripts) does not govern
  if (!(await page.evaluate('typeof window.axe !== "undefined"'))) await page.evaluate(AXE_SOURCE);
  const result = (await page.evaluate(`window.axe.run(document, { runOnly: { type: 'tag', values: ${JSON.stringify(WCAG_TAGS)} }, resultTypes: ['violations'] })`)) as { violations: AxeViolation[] };
  return result.violations;
}

function describeViolations(label: string, violations: AxeViolation[]): string[] {
  return violations.map((v) => `${label}: ${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
}

/** Fails now when axe-core finds a violation on the page. */
export async function expectNoAxeViolations(page: Page, label: string): Promise<void> {
  const found = describeViolations(label, await axeViolations(page));
  assert.deepEqual(found, [], found.join('\n'));
}

/** Collects axe-core's findings page after page; assertNone() fails with all of them at once. */
export class AxeFailures {
  private readonly found: string[] = [];

  async check(page: Page, label: string): Promise<void> {
    this.found.push(...describeViolations(label, await axeViolations(page)));
  }

  assertNone(): void {
    assert.deepEqual(this.found, [], this.found.join('\n'));
  }
}

/**
 * Saves a screenshot as E2E_OUTPUT/`file`: the whole page, cut at `maxHeight` px when it is longer
 * (default 2400: a round lists every item), or only the viewport with `fullPage: false`.
 */
export async function screenshot(page: Page, file: string, options: { maxHeight?: number; fullPage?: boolean } = {}): Promise<void> {
  mkdirSync(OUTPUT, { recursive: true });
  const path = join(OUTPUT, file);
  if (options.fullPage === false) {
    await page.screenshot({ path });
    return;
  }
  const height = (await page.evaluate('document.documentElement.scrollHeight')) as number;
  const width = page.viewportSize()?.width ?? 1280;
  await page.screenshot({ path, fullPage: true, clip: { x: 0, y: 0, width, height: Math.min(height, options.maxHeight ?? 2400) } });
}

/** How wide the page is when it is laid out at the viewport's width (wider: it scrolls sideways). */
export async function scrollWidth(page: Page): Promise<number> {
  return (await page.evaluate('document.documentElement.scrollWidth')) as number;
}
