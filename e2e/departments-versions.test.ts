// Reorganising departments and revising a plan, in headless Chromium through the screens:
// 本部 renames 市民局/市民協働推進課 to まちづくり連携課 and merges 市民局/地域政策課 into it (令和7年4月1日)
// → the public item pages name まちづくり連携課, while the published 令和4年度 round (its entries
// and its report) keeps the names of its year, and the department page lists both changes.
// Then 本部 records version 1 (策定) of the Sendai plan, the council revises a target, the
// "changes since the latest version" list shows it, version 2 「中間見直し」 is recorded, and
// the public comparison shows the target line with the old and the new value, in Japanese and,
// through the language switch, in English.
//
// The target is revised in the item's admin page (/admin/plans/:plan/items/:itemCode), and the
// copied plan is made public through the plan's admin form. axe-core checks every page type;
// screenshots go to E2E_OUTPUT, named depver-NN-….png.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { and, eq } from 'drizzle-orm';
import type { BrowserContext, Page } from 'playwright-core';
import type { TestDatabase } from '../src/test-support/database.js';
import { addUser } from '../src/auth/add-user.js';
import { SYSTEM_ACTOR } from '../src/system/audit.repository.js';
import { entries, planItems, plans, rounds } from '../src/db/schema.js';
import { AxeFailures, browserTests, newPerson, screenshot, signIn, submit } from './support.js';

const PASSWORD = 'depver-e2e-password-2025';

// datasets/sendai-2021: 3-(5)-④ is owned by 市民局/市民協働推進課 alone, 3-(2)-② by 市民局/地域政策課 alone;
// the blog visitors' target of 3-(5)-④ reads 「毎年度40,000件以上」.
const RENAMED_ITEM = '3-(5)-④';
const MERGED_ITEM = '3-(2)-②';
const VISITORS = '3-(5)-④#1';

const axe = new AxeFailures();

/** 本部's account, and a published 令和4年度 (FY2022) round with the entries of the two items. */
async function seed(database: TestDatabase): Promise<void> {
  const db = database.db;
  await db.transaction((tx) => addUser(tx, { login: 'honbu', displayName: '本部 企画担当', role: 'admin', departments: [], password: PASSWORD, organisationCode: 'sendai' }, SYSTEM_ACTOR));
  const [plan] = await db.select().from(plans).where(eq(plans.code, 'sendai-2021'));
  if (!plan) throw new Error('sendai-2021 is not loaded');
  const [round] = await db.insert(rounds).values({ planId: plan.id, fiscalYear: 2022, state: 'published', publishedAt: new Date() }).returning();
  if (!round) throw new Error('no round');
  for (const code of [RENAMED_ITEM, MERGED_ITEM]) {
    const [item] = await db.select().from(planItems).where(and(eq(planItems.planId, plan.id), eq(planItems.code, code)));
    if (!item) throw new Error(`no item ${code}`);
    await db.insert(entries).values({ planId: plan.id, roundId: round.id, itemId: item.id, state: 'approved', selfGrade: 'A', finalGrade: 'A', resultsText: `${code} の令和4年度の取組結果。` });
  }
}

const e2e = browserTests({ withBundledPlans: true, seed });

async function mainText(page: Page): Promise<string> {
  return (await page.locator('main').textContent()) ?? '';
}

/** A browser of 本部, signed in through the login page that `path` sends it to. */
async function signedIn(path: string): Promise<{ context: BrowserContext; page: Page }> {
  const person = await newPerson(e2e.browser);
  await signIn(person.page, e2e.base, path, { login: 'honbu', password: PASSWORD });
  return person;
}

test('rename and merge a 課 through the screens; history stays intact; a revised target shows in the version diff', async () => {
  const departmentsPath = '/admin/organisations/sendai/departments';
  // ── sign in and open the departments of 仙台市 ──
  const { context, page } = await signedIn(departmentsPath);
  try {
    assert.match(await mainText(page), /市民協働推進課/);
    await axe.check(page, 'departments');
    await screenshot(page, 'depver-01-departments.png');

    // ── rename 市民協働推進課 → まちづくり連携課 from 令和7年4月1日 ──
    await Promise.all([page.waitForURL(/\/rename$/), page.getByRole('link', { name: '市民協働推進課の名称変更' }).click()]);
    await page.getByLabel('新しい名称', { exact: true }).pressSequentially('まちづくり連携課');
    await page.getByLabel(/^変更日/).fill('2025-04-01');
    await axe.check(page, 'rename form');
    await screenshot(page, 'depver-02-rename.png');
    await submit(page, '名称を変更する');
    assert.equal(new URL(page.url()).pathname, departmentsPath);
    assert.equal(await page.getByRole('status').first().textContent(), '名称を変更しました。');

    // ── merge 地域政策課 into まちづくり連携課 on the same day ──
    await Promise.all([page.waitForURL(/\/merge$/), page.getByRole('link', { name: '地域政策課の統合' }).click()]);
    const option = page.locator('#into option', { hasText: 'まちづくり連携課' });
    await page.getByLabel('統合先の部署').selectOption((await option.getAttribute('value')) ?? '');
    await page.getByLabel(/^統合日/).fill('2025-04-01');
    await axe.check(page, 'merge form');
    await submit(page, '統合する');
    assert.equal(await page.getByRole('status').first().textContent(), '統合しました。');
    const list = await mainText(page);
    assert.match(list, /名称変更: 「市民協働推進課」→「まちづくり連携課」（令和7年4月1日から）/);
    assert.match(list, /統合: 「地域政策課」を「まちづくり連携課」へ（令和7年3月31日まで）/);
    await axe.check(page, 'departments after the reorganisation');
    await screenshot(page, 'depver-03-history.png', { maxHeight: 4000 });

    // ── today: both items are owned by まちづくり連携課 ──
    for (const code of [RENAMED_ITEM, MERGED_ITEM]) {
      await page.goto(`${e2e.base}/plans/sendai-2021/items/${encodeURIComponent(code)}`);
      const facts = (await page.locator('dl.facts').textContent()) ?? '';
      assert.match(facts, /市民局 まちづくり連携課/, `${code} names today's department`);
      assert.doesNotMatch(facts, /市民協働推進課|地域政策課/);
    }
    await axe.check(page, 'item page');
    await screenshot(page, 'depver-04-item-now.png');

    // ── the published 令和4年度 round keeps the names of its year (ended 2023-03-31) ──
    await page.goto(`${e2e.base}/rounds`);
    await Promise.all([page.waitForURL(/\/rounds\/\d+$/), page.getByRole('link', { name: /令和4年度/ }).click()]);
    const roundText = await mainText(page);
    assert.match(roundText, /市民局 市民協働推進課/);
    assert.match(roundText, /市民局 地域政策課/);
    assert.doesNotMatch(roundText, /まちづくり連携課/);
    await screenshot(page, 'depver-05-past-round.png');
    await page.goto(`${e2e.base}/reports/sendai-2021?round=2022`);
    const report = (await page.locator('main').textContent()) ?? '';
    assert.match(report, /市民協働推進課/);
    assert.doesNotMatch(report, /まちづくり連携課/);
    await screenshot(page, 'depver-06-past-report.png');

    // ── version 1 (策定) of the plan as it is ──
    await page.goto(`${e2e.base}/admin/plans/sendai-2021/versions`);
    assert.match(await mainText(page), /版はまだありません/);
    await page.getByLabel(/^版の名前/).fill('策定');
    await page.getByLabel('採択日').fill('2021-04-01');
    await axe.check(page, 'versions (none yet)');
    await submit(page, '第1版として記録する');
    assert.equal(await page.getByRole('status').first().textContent(), '版を記録しました。');

    // ── the council revises the target: 毎年度40,000件以上 → 毎年度45,000件以上, in the item's admin page ──
    const itemAdminPath = `/admin/plans/sendai-2021/items/${encodeURIComponent(RENAMED_ITEM)}`;
    await page.goto(`${e2e.base}${itemAdminPath}`);
    const visitors = page.locator('section.admin-indicator', { has: page.getByRole('heading', { level: 2, name: VISITORS }) });
    const oldTarget = visitors.locator('details', { has: page.locator('summary', { hasText: '毎年度40,000件以上' }) });
    await oldTarget.locator('summary').click();
    const targetForm = oldTarget.locator('form');
    assert.equal(await targetForm.getByLabel('目標（原文どおり）').inputValue(), '市民活動サポートセンターのブログの訪問者数を毎年度40,000件以上');
    assert.equal(await targetForm.getByLabel('目標値').inputValue(), '40000');
    await targetForm.getByLabel('目標（原文どおり）').clear();
    await targetForm.getByLabel('目標（原文どおり）').pressSequentially('市民活動サポートセンターのブログの訪問者数を毎年度45,000件以上');
    await targetForm.getByLabel('目標値').clear();
    await targetForm.getByLabel('目標値').pressSequentially('45,000');
    await axe.check(page, 'item admin page (target form)');
    await oldTarget.scrollIntoViewIfNeeded();
    await screenshot(page, 'depver-07-target-form.png', { maxHeight: 4000 });
    await Promise.all([page.waitForEvent('load'), targetForm.getByRole('button', { name: '保存する', exact: true }).click()]);
    assert.equal(new URL(page.url()).pathname, itemAdminPath);
    assert.equal(await page.getByRole('status').first().textContent(), '目標を保存しました');
    const targetSummaries = visitors.locator('details[id^="target-"] > summary');
    assert.equal(await targetSummaries.count(), 1, 'still one target');
    const savedTarget = (await targetSummaries.textContent()) ?? '';
    assert.match(savedTarget, /毎年度45,000件以上/);
    assert.doesNotMatch(savedTarget, /40,000/);
    await axe.check(page, 'item admin page (saved)');
    await screenshot(page, 'depver-08-target-saved.png');

    // ── the versions page lists the revision as a change since version 1 ──
    await page.goto(`${e2e.base}/admin/plans/sendai-2021/versions`);
    const pending = await page.locator('#pending-heading + p + .version-diff').textContent();
    assert.match(pending ?? '', /値 40,000件 → 45,000件/);
    await screenshot(page, 'depver-09-pending.png', { maxHeight: 3000 });

    // ── version 2 「中間見直し」, then the public comparison ──
    await page.getByLabel(/^版の名前/).fill('中間見直し');
    await page.getByLabel('採択日').fill('2023-04-01');
    await page.getByLabel('備考').fill('推進委員会の意見を受けて目標を見直し');
    await submit(page, '第2版として記録する');
    await page.goto(`${e2e.base}/plans/sendai-2021/versions`);
    await axe.check(page, 'public versions');
    await screenshot(page, 'depver-10-public-versions.png');
    await page.getByLabel('比較元').selectOption('1');
    await page.getByLabel('比較先').selectOption('2');
    await submit(page, '比較する');
    assert.equal(new URL(page.url()).pathname, '/plans/sendai-2021/versions/diff');
    const diff = await mainText(page);
    assert.match(diff, /目標の変更（1件）/);
    assert.match(diff, /指標「3-\(5\)-④#1 市民活動サポートセンターのブログの訪問者数」の目標（毎年度（以上））: 値 40,000件 → 45,000件、表記「市民活動サポートセンターのブログの訪問者数を毎年度40,000件以上」→「市民活動サポートセンターのブログの訪問者数を毎年度45,000件以上」/);
    await axe.check(page, 'public diff');
    await screenshot(page, 'depver-11-diff.png');

    // ── the same comparison in English, through the language switch ──
    await Promise.all([page.waitForURL(/\/en\/plans\/sendai-2021\/versions\/diff\?from=1&to=2$/), page.getByRole('link', { name: 'English' }).click()]);
    assert.equal(await page.locator('html').getAttribute('lang'), 'en');
    const english = await mainText(page);
    assert.match(english, /Target changes \(1\)/);
    assert.ok(english.includes('Indicator “3-(5)-④#1 市民活動サポートセンターのブログの訪問者数”, target (every-year minimum): Value 40,000件 → 45,000件; As written “市民活動サポートセンターのブログの訪問者数を毎年度40,000件以上” → “市民活動サポートセンターのブログの訪問者数を毎年度45,000件以上”'), english);
    await axe.check(page, 'public diff (English)');
    await screenshot(page, 'depver-12-diff-en.png');
  } catch (error) {
    await screenshot(page, 'depver-99-failure.png').catch(() => undefined);
    throw error;
  } finally {
    await context.close();
  }
  axe.assertNone();
});

test('copy the plan to its successor: the new plan\'s item shows 「前計画での経過」 with the old plan\'s grade', async () => {
  const { context, page } = await signedIn('/admin/plans/sendai-2021/copy');
  try {
    await page.getByLabel(/^新しい計画のコード/).fill('sendai-2026');
    await page.getByLabel('新しい計画の名称').fill('仙台市協働まちづくり推進プラン2026');
    // the period defaults to the five years after 令和3〜7年度
    assert.equal(await page.getByLabel(/^計画期間の始まり/).inputValue(), '2026');
    assert.equal(await page.getByLabel(/^計画期間の終わり/).inputValue(), '2030');
    await axe.check(page, 'copy form');
    await screenshot(page, 'depver-12-copy.png');
    await submit(page, '複製して作る');
    assert.equal(new URL(page.url()).pathname, '/admin/plans/sendai-2026/versions');
    assert.equal(await page.getByRole('status').first().textContent(), '次期計画を作成し、第1版「策定」を記録しました。');
    assert.match(await mainText(page), /第1版\s*策定\s*令和8年4月1日/);
    // a draft is not public until 本部 makes it active in the plan's admin form
    assert.equal((await page.goto(`${e2e.base}/plans/sendai-2026/items/${encodeURIComponent(RENAMED_ITEM)}`))?.status(), 404);
    await page.goto(`${e2e.base}/admin/plans/sendai-2026`);
    const status = page.getByLabel('状態', { exact: true });
    assert.equal(await status.inputValue(), 'draft');
    await status.selectOption({ label: '推進中（公開）' });
    await submit(page, '保存する');
    assert.equal(new URL(page.url()).pathname, '/admin/plans/sendai-2026');
    assert.equal(await page.getByRole('status').first().textContent(), '計画を保存しました');
    assert.equal(await page.getByLabel('状態', { exact: true }).inputValue(), 'active');
    await axe.check(page, 'plan form');
    await screenshot(page, 'depver-13-plan-active.png', { maxHeight: 1600 });
    await page.goto(`${e2e.base}/plans/sendai-2026/items/${encodeURIComponent(RENAMED_ITEM)}`);
    const section = (await page.locator('section[aria-labelledby="predecessor-heading"]').textContent()) ?? '';
    assert.match(section, /前計画での経過/);
    assert.match(section, /仙台市協働まちづくり推進プラン2021 3-\(5\)-④/);
    assert.match(section, /令和4年度\s*A/);
    await axe.check(page, 'successor item page');
    await screenshot(page, 'depver-14-successor-item.png');
    await Promise.all([page.waitForURL(/\/plans\/sendai-2021\/items\//), page.locator('section[aria-labelledby="predecessor-heading"] a').click()]);
  } catch (error) {
    await screenshot(page, 'depver-98-failure.png').catch(() => undefined);
    throw error;
  } finally {
    await context.close();
  }
  axe.assertNone();
});
