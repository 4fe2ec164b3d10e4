// Authoring a plan in the browser from nothing, in headless Chromium, through the screens:
// 本部 (an installation-wide admin) adds an organisation, two departments (the departments
// screens, /admin/organisations/:org/departments), a plan with three levels (分野・基本施策・事業),
// items on the three levels, two indicators with targets typed as the plan writes them; opens
// a round for 令和8年度, enters the year's actuals, publishes the round; the draft plan is not
// public until it is set active, then the item's public page shows the values. The live preview
// of a target edit shows the engine's rate. A second browser without JavaScript adds and moves
// an item with the plain forms. axe-core checks each page type; screenshots go to E2E_OUTPUT
// (authoring-NN-….png).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { and, eq } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { ensureShippedScales } from '../src/plans/scales.repository.js';
import { insertTestUser, TEST_PASSWORD } from '../src/auth/test-client.js';
import { planItems, plans } from '../src/db/schema.js';
import { AxeFailures, browserTests, newPerson, screenshot, signIn, submit, throughPreflight } from './support.js';

const axe = new AxeFailures();

const e2e = browserTests({
  seed: async (database) => {
    await ensureShippedScales(database.db);
    await insertTestUser(database.db, { login: 'honbu', role: 'admin', displayName: '本部 企画担当' }); // organisation null: the whole installation
  },
});

const person = (javaScriptEnabled = true) => newPerson(e2e.browser, { javaScriptEnabled });
const signInAt = (page: Page, path: string) => signIn(page, e2e.base, path, { login: 'honbu', password: TEST_PASSWORD });

const ITEM = '1-(1)-①';
const VOLUNTEERS = 'ボランティア登録団体数';
const LEARNERS = '市民活動講座の受講者数';

async function itemRow(code: string) {
  const [plan] = await e2e.server.database.db.select().from(plans).where(eq(plans.code, 'e2e-plan'));
  const [row] = await e2e.server.database.db.select().from(planItems).where(and(eq(planItems.planId, plan!.id), eq(planItems.code, code)));
  return row;
}

test('a small plan from nothing: organisation, departments, plan, items, indicators, a round, the public page', async () => {
  const { context, page } = await person();
  try {
    // ── 1. an organisation ──
    await signInAt(page, '/admin');
    await Promise.all([page.waitForURL(/\/admin\/organisations\/new$/), page.getByRole('link', { name: '組織を追加する' }).click()]);
    await page.getByLabel('コード（必須）').fill('minato');
    await page.getByLabel('名称（必須）').fill('みなと市');
    await page.getByLabel('人口', { exact: true }).fill('１２万'); // not an integer: comes back with the message, nothing lost
    await submit(page, '組織を追加する');
    assert.match((await page.getByRole('alert').textContent()) ?? '', /「人口」は整数で入力してください/);
    assert.equal(await page.getByLabel('名称（必須）').inputValue(), 'みなと市');
    await page.getByLabel('人口', { exact: true }).fill('120000');
    await page.getByLabel('人口の時点').fill('2020-10-01');
    await page.getByLabel('人口の出典').fill('令和2年国勢調査');
    await axe.check(page, 'organisation form');
    await screenshot(page, 'authoring-01-organisation.png');
    await submit(page, '組織を追加する');
    assert.equal(new URL(page.url()).pathname, '/admin');

    // ── 2. two departments, on the departments screens ──
    for (const [code, name, kind, parent] of [['shimin', '市民局', 'bureau', ''], ['kyodo', '協働推進課', 'section', '市民局']] as const) {
      await page.goto(`${e2e.base}/admin/organisations/minato/departments/new`);
      await page.getByLabel(/^コード/).fill(code); // the departments screens (src/departments/)
      await page.getByLabel('名称').fill(name);
      await page.getByLabel('種別').selectOption(kind);
      if (parent) await page.getByLabel('上位の部署（課の場合は局）').selectOption({ label: parent });
      await submit(page, '追加する');
      assert.match(new URL(page.url()).pathname, /\/admin\/organisations\/minato\/departments$/);
    }
    await screenshot(page, 'authoring-02-departments.png');

    // ── 3. a plan (a draft), with 令和 years ──
    await page.goto(`${e2e.base}/admin`);
    await axe.check(page, 'admin home');
    await Promise.all([page.waitForURL(/\/admin\/plans\/new/), page.getByRole('link', { name: '新しい計画をつくる' }).click()]);
    await page.getByLabel('組織').selectOption({ label: 'みなと市' });
    await page.getByLabel('計画コード（必須）').fill('e2e-plan');
    await page.getByLabel('計画の名称（必須）').fill('みなと市協働推進プラン2026');
    await page.getByLabel('計画期間（初年度）（必須）').fill('令和8年度');
    await page.getByLabel('計画期間（最終年度）（必須）').fill('令和12年度');
    assert.equal(await page.getByLabel('第3階層').inputValue(), '事業');
    await page.getByLabel('目標11').check();
    await axe.check(page, 'plan form');
    await screenshot(page, 'authoring-03-plan.png');
    await submit(page, '計画をつくる（策定中）');
    assert.match(new URL(page.url()).pathname, /\/admin\/plans\/e2e-plan\/items$/);

    // ── 4. items on three levels ──
    const add = page.locator('form[action="/admin/plans/e2e-plan/items"]');
    await add.getByLabel('項目コード（必須）').fill('1');
    await add.getByLabel('番号（印刷どおり）').fill('分野1');
    await add.getByLabel('名称（必須）').fill('市民の参加');
    await submit(page, '追加する', add);
    for (const [parentCode, code, name, level] of [['1', '1-(1)', '協働の担い手づくり', '基本施策'], ['1-(1)', ITEM, 'ボランティア活動の支援', '事業'], ['1-(1)', '1-(1)-②', '講座の開催', '事業']] as const) {
      const parentItem = page.locator('li.admin-item', { has: page.locator(`:scope > .admin-item-meta code`, { hasText: new RegExp(`^${parentCode.replace(/[()]/g, '\\$&')}$`) }) });
      await Promise.all([page.waitForEvent('load'), parentItem.getByRole('link', { name: `下に${level}を追加` }).first().click()]);
      assert.equal(await add.getByLabel(/^親項目のコード/).inputValue(), parentCode);
      await add.getByLabel('項目コード（必須）').fill(code);
      await add.getByLabel('名称（必須）').fill(name);
      if (code === ITEM) {
        await add.getByLabel('重点（◎）').check();
        await add.getByLabel('市民局 協働推進課').selectOption('lead');
        await add.getByLabel('市民局', { exact: true }).selectOption('joint');
      }
      await submit(page, '追加する', add);
    }
    assert.equal((await itemRow(ITEM))?.depth, 2);
    assert.match((await page.locator('main').textContent()) ?? '', /担当: 協働推進課、市民局（共同）/);
    await axe.check(page, 'item tree');
    await screenshot(page, 'authoring-04-tree.png');

    // ── 5. two indicators with targets typed as written ──
    await Promise.all([page.waitForEvent('load'), page.getByRole('link', { name: 'ボランティア活動の支援' }).click()]);
    const newIndicator = page.locator('form[action$="/indicators"]');
    for (const [code, name, unit, baseline, baselineFy] of [[`${ITEM}#1`, VOLUNTEERS, '団体', '754団体', '令和6年度'], [`${ITEM}#2`, LEARNERS, '人', '420人', '令和6年度']] as const) {
      await newIndicator.getByLabel('指標コード（必須）').fill(code);
      await newIndicator.getByLabel('指標名（必須）').fill(name);
      await newIndicator.getByLabel('単位').fill(unit);
      await newIndicator.getByLabel('基準値（原文どおり）').fill(baseline);
      await newIndicator.getByLabel('基準年度').fill(baselineFy);
      await submit(page, '指標を追加する', newIndicator);
    }
    const targetOf = (name: string) => page.locator('section.admin-indicator', { hasText: name }).locator('form[action$="/targets"]');
    await targetOf(VOLUNTEERS).getByLabel('目標（原文どおり）').fill('令和12年度までに900団体');
    await submit(page, '目標を追加する', targetOf(VOLUNTEERS));
    await targetOf(LEARNERS).getByLabel('目標（原文どおり）').fill('毎年度 500人以上');
    await targetOf(LEARNERS).getByLabel('目標の種類').selectOption('every_year_min');
    await submit(page, '目標を追加する', targetOf(LEARNERS));
    const summaries = await page.locator('section.admin-indicator details > summary').allTextContents();
    assert.ok(summaries.some((s) => /令和12年度までに900団体（令和12年度） → 900/.test(s)), summaries.join(' / '));
    assert.ok(summaries.some((s) => /毎年度 500人以上 → 500/.test(s)), summaries.join(' / '));
    await axe.check(page, 'item with indicators');
    await screenshot(page, 'authoring-05-indicators.png');

    // ── 6. a round for 令和8年度: the year's actuals entered, then published ──
    await page.goto(`${e2e.base}/rounds/new`);
    await page.getByLabel('計画').selectOption('e2e-plan');
    await page.getByLabel('評価する年度').fill('令和8年度');
    await submit(page, '評価を作成する（準備）');
    const roundPath = new URL(page.url()).pathname;
    await submit(page, '入力を開始する');
    await page.goto(`${e2e.base}${roundPath}/entries/${encodeURIComponent(ITEM)}`);
    await page.getByLabel(`${VOLUNTEERS}（団体）`).fill('820');
    await page.getByLabel(`${LEARNERS}（人）`).fill('536');
    await page.getByLabel('取組結果').fill('ボランティア団体の登録を呼びかけ、820団体となった。');
    await submit(page, '下書き保存');
    await screenshot(page, 'authoring-06-entry.png');

    // the live preview on the item page: 820 against a revised 800 → 820 ÷ 800 = 102.5% → A (mechanical S/A/B/C/−)
    await page.goto(`${e2e.base}/admin/plans/e2e-plan/items/${encodeURIComponent(ITEM)}`);
    const volunteers = page.locator('section.admin-indicator', { hasText: VOLUNTEERS });
    await volunteers.locator('details', { has: page.locator('summary', { hasText: '令和12年度までに900団体' }) }).locator('summary').click();
    const editTarget = volunteers.locator('form[action*="/targets/"]');
    await editTarget.getByLabel('目標値').fill('');
    await editTarget.getByLabel('目標（原文どおり）').fill('令和12年度までに800団体');
    await volunteers.locator('[data-preview-slot]', { hasText: '102.5%' }).waitFor();
    assert.match((await volunteers.locator('[data-preview-slot]').textContent()) ?? '', /A 目標を達成した/);
    await screenshot(page, 'authoring-07-preview.png');
    await page.goto(`${e2e.base}/admin/plans/e2e-plan/items/${encodeURIComponent(ITEM)}`); // leave without saving

    // only an approved entry of a published round is public: submitted with the automatic grade as its own, approved by 本部
    await page.goto(`${e2e.base}${roundPath}/entries/${encodeURIComponent(ITEM)}`);
    const automatic = ((await page.locator('p.judgement', { hasText: '自動判定:' }).locator('strong').textContent()) ?? '').trim();
    await page.getByLabel(/^自己評価/).selectOption(automatic === 'なし' ? { index: 1 } : automatic);
    await submit(page, '提出する');
    await submit(page, '承認する');
    assert.equal(await page.getByRole('status').first().textContent(), '承認しました。');
    await page.goto(`${e2e.base}${roundPath}`);
    await throughPreflight(page, '確認に進める');
    await throughPreflight(page, '確定する（ロック）');
    await throughPreflight(page, '公表する');
    assert.equal(await page.locator('.round-state strong').textContent(), '公表');

    // ── 7. the draft plan is not public; set active, it is ──
    const visitor = await e2e.browser.newContext({ locale: 'ja-JP', bypassCSP: true }); // a signed-out visitor (bypassCSP like newPerson's contexts)
    const publicPage = await visitor.newPage();
    try {
      const hidden = await publicPage.goto(`${e2e.base}/plans/e2e-plan/items/${encodeURIComponent(ITEM)}`);
      assert.equal(hidden?.status(), 404, 'a draft plan stays hidden');
      await page.goto(`${e2e.base}/admin/plans/e2e-plan`);
      await page.getByLabel('状態').selectOption('active');
      await submit(page, '保存する');
      assert.match((await page.getByRole('status').first().textContent()) ?? '', /計画を保存しました/);
      const shown = await publicPage.goto(`${e2e.base}/plans/e2e-plan/items/${encodeURIComponent(ITEM)}`);
      assert.equal(shown?.status(), 200);
      const main = (await publicPage.locator('main').textContent()) ?? '';
      assert.match(main, /ボランティア活動の支援/);
      assert.match(main, new RegExp(VOLUNTEERS));
      assert.match(main, /820/);
      assert.match(main, /536/);
      assert.match(main, /協働推進課/);
      // hand calculation: 820 ÷ 900 = 91.1% (単純比率)
      assert.match(main, /91\.1%/);
      await axe.check(publicPage, 'public item page');
      await screenshot(publicPage, 'authoring-08-public-item.png');
    } finally {
      await visitor.close();
    }

    // ── 8. keyboard: Alt+↓ on an item reorders it without a page reload ──
    await page.goto(`${e2e.base}/admin/plans/e2e-plan/items`);
    const first = page.locator('li.admin-item', { has: page.locator(':scope > .item-head a', { hasText: 'ボランティア活動の支援' }) });
    await first.getByRole('button', { name: '「ボランティア活動の支援」を下へ' }).focus();
    const url = page.url();
    await page.keyboard.press('Alt+ArrowDown');
    await page.locator('[role="status"]', { hasText: 'を下へ移動しました' }).waitFor();
    assert.equal(page.url(), url, 'no page reload');
    const order = await page.locator('li.admin-item .admin-item-link').allTextContents();
    assert.ok(order.indexOf('講座の開催') < order.indexOf('ボランティア活動の支援'), order.join(' / '));
    assert.equal((await itemRow(ITEM))?.position, 1);
  } finally {
    await context.close();
  }
  axe.assertNone();
});

test('without JavaScript the tree is edited with the plain forms: add an item, move another under it', async () => {
  const { context, page } = await person(false);
  try {
    await signInAt(page, '/admin/plans/e2e-plan/items');
    const add = page.locator('form[action="/admin/plans/e2e-plan/items"]');
    await add.getByLabel(/^親項目のコード/).fill('1');
    await add.getByLabel('項目コード（必須）').fill('1-(2)');
    await add.getByLabel('名称（必須）').fill('情報の共有');
    await submit(page, '追加する', add);
    assert.match(page.url(), /#item-\d+$/);
    assert.equal((await itemRow('1-(2)'))?.depth, 1);

    const moving = page.locator('li.admin-item', { has: page.locator(':scope > .item-head a', { hasText: '講座の開催' }) });
    await moving.locator('summary', { hasText: '移動・再掲・廃止' }).click();
    await moving.getByLabel('移動先の親項目のコード（空欄で最上位へ）').fill('1-(2)');
    await screenshot(page, 'authoring-09-nojs-move.png');
    await submit(page, '移動する', moving);
    assert.match((await page.getByRole('status').first().textContent()) ?? '', /項目を移動しました/);
    const moved = await itemRow('1-(1)-②');
    assert.equal(moved?.parentId, (await itemRow('1-(2)'))?.id);
    assert.equal(moved?.depth, 2);
    const under = page.locator('li.admin-item', { has: page.locator(':scope > .item-head a', { hasText: '情報の共有' }) });
    assert.match((await under.textContent()) ?? '', /講座の開催/);
    await screenshot(page, 'authoring-10-nojs-moved.png');
  } finally {
    await context.close();
  }
});
