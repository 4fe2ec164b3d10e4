// Accounts through the screens, in headless Chromium: 本部 of 仙台市 adds an editor for
// 市民局/市民協働推進課, reads the one-time password off the page, and the editor signs in with it
// in their own browser, sets a password of their own and lands on the 課's work list; at 人事異動
// 本部 moves them to 市民局/地域政策課 and, when they leave, stops the account: the editor's open
// page sends them back to the login, and the password no longer signs in. axe-core checks every
// page (also at 320 px, where none scrolls sideways); screenshots go to E2E_OUTPUT, named
// accounts-NN-….png.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import type { TestDatabase } from '../src/test-support/database.js';
import { addUser } from '../src/auth/add-user.js';
import { SYSTEM_ACTOR } from '../src/system/audit.repository.js';
import { AxeFailures, browserTests, newPerson, screenshot, scrollWidth, signIn, submit } from './support.js';

const PASSWORD = 'accounts-e2e-password-2025';
const ACCOUNTS = '/admin/organisations/sendai/users';

async function seed(database: TestDatabase): Promise<void> {
  await database.db.transaction((tx) => addUser(tx, { login: 'honbu', displayName: '本部 企画担当', role: 'admin', departments: [], password: PASSWORD, organisationCode: 'sendai' }, SYSTEM_ACTOR));
}

const e2e = browserTests({ withBundledPlans: true, seed });
const axe = new AxeFailures();

async function mainText(page: Page): Promise<string> {
  return (await page.locator('main').textContent()) ?? '';
}

test('本部 adds an editor whose shown password signs in, moves them to another 課, then stops the account', async () => {
  const honbu = await newPerson(e2e.browser);
  const editor = await newPerson(e2e.browser);
  try {
    const { page } = honbu;
    await signIn(page, e2e.base, '/admin', { login: 'honbu', password: PASSWORD });
    await Promise.all([page.waitForURL(/\/users$/), page.getByRole('link', { name: 'アカウント（職員・推進委員）の管理' }).first().click()]);
    assert.match(await mainText(page), /本部 企画担当/);
    await axe.check(page, 'account list');

    // ── add 佐藤 花子, editor of 市民協働推進課 ──
    await Promise.all([page.waitForURL(/\/users\/new$/), page.getByRole('link', { name: 'アカウントを追加する' }).click()]);
    await page.getByLabel(/^ログイン名/).pressSequentially('sato.kyodo');
    await page.getByLabel(/^表示名/).pressSequentially('佐藤 花子');
    await page.getByLabel(/^メールアドレス/).pressSequentially('sato@example.jp');
    await page.getByLabel(/^担当課:/).check();
    await page.getByLabel('市民局 市民協働推進課').check();
    await axe.check(page, 'new account form');
    await screenshot(page, 'accounts-01-new.png');
    await submit(page, '追加する');
    assert.match(await mainText(page), /アカウントを追加しました/);
    const password = ((await page.locator('#new-password').textContent()) ?? '').trim();
    assert.equal(password.length, 20);
    await axe.check(page, 'password shown once');
    await screenshot(page, 'accounts-02-password.png');

    // ── the editor signs in with it, is asked for a password of their own, then sees the 課's work list ──
    const own = 'sato-no-jibun-no-passphrase';
    await editor.page.goto(`${e2e.base}/login`);
    await editor.page.goto(`${e2e.base}/my-work`);
    await editor.page.getByLabel('ログイン名').pressSequentially('sato.kyodo');
    await editor.page.getByLabel('パスワード').pressSequentially(password);
    await Promise.all([editor.page.waitForEvent('load'), editor.page.getByRole('button', { name: 'ログイン' }).click()]);
    assert.equal(new URL(editor.page.url()).pathname, '/account/password');
    assert.match(await mainText(editor.page), /管理者が発行したパスワードでログインしています/);
    await axe.check(editor.page, 'first password change');
    await screenshot(editor.page, 'accounts-03-first-change.png');
    await editor.page.getByLabel('現在のパスワード').pressSequentially(password);
    await editor.page.getByLabel(/^新しいパスワード（\d+文字以上）/).pressSequentially(own);
    await editor.page.getByLabel('新しいパスワード（確認）').pressSequentially(own);
    await submit(editor.page, '変更する');
    assert.equal(new URL(editor.page.url()).pathname, '/my-work');

    // ── 人事異動: 市民協働推進課 → 地域政策課 ──
    await page.goto(`${e2e.base}${ACCOUNTS}`);
    assert.match(await mainText(page), /市民局 市民協働推進課/);
    await screenshot(page, 'accounts-04-list.png');
    await Promise.all([page.waitForURL(/\/users\/\d+$/), page.getByRole('link', { name: '佐藤 花子' }).click()]);
    await page.getByLabel('市民局 市民協働推進課').uncheck();
    await page.getByLabel('市民局 地域政策課').check();
    await axe.check(page, 'account form');
    await submit(page, '変更を保存する');
    assert.equal(await page.getByRole('status').first().textContent(), '変更を保存しました。');
    assert.equal(await page.getByLabel('市民局 地域政策課').isChecked(), true);
    assert.equal(await page.getByLabel('市民局 市民協働推進課').isChecked(), false);
    await page.goto(`${e2e.base}${ACCOUNTS}`);
    const list = await mainText(page);
    assert.match(list, /市民局 地域政策課/);
    assert.doesNotMatch(list, /市民局 市民協働推進課/);

    // ── the editor leaves: the account is stopped ──
    await Promise.all([page.waitForURL(/\/users\/\d+$/), page.getByRole('link', { name: '佐藤 花子' }).click()]);
    await submit(page, '利用を停止する');
    assert.equal(await page.getByRole('status').first().textContent(), '利用を停止しました。');
    await screenshot(page, 'accounts-05-stopped.png');
    await editor.page.goto(`${e2e.base}/my-work`);
    assert.equal(new URL(editor.page.url()).pathname, '/login', "the stopped editor's next page is the login");
    await editor.page.getByLabel('ログイン名').pressSequentially('sato.kyodo');
    await editor.page.getByLabel('パスワード').pressSequentially(own);
    await Promise.all([editor.page.waitForEvent('load'), editor.page.getByRole('button', { name: 'ログイン' }).click()]);
    assert.equal(new URL(editor.page.url()).pathname, '/login');
    assert.match(await mainText(editor.page), /ログイン名またはパスワードが正しくありません|ログインできません/);
    await page.goto(`${e2e.base}${ACCOUNTS}`);
    assert.match(await mainText(page), /利用停止中（1件）/);

    // ── the audit log says what happened, in Japanese ──
    await page.goto(`${e2e.base}/audit?type=user`);
    const audit = await mainText(page);
    for (const action of ['アカウントの追加', 'アカウントの変更', 'アカウントの利用停止', 'パスワードの変更（本人）']) assert.match(audit, new RegExp(action));
    assert.match(audit, /担当部署: 市民局 市民協働推進課 → 市民局 地域政策課/);
    await axe.check(page, 'audit log');
    await screenshot(page, 'accounts-06-audit.png', { maxHeight: 1600 });
    axe.assertNone();
  } finally {
    await honbu.context.close();
    await editor.context.close();
  }
});

test('the account pages, the audit log and the API tokens fit a 320 px screen without sideways scrolling, and have no axe violations there', async () => {
  const { context, page } = await newPerson(e2e.browser);
  try {
    await signIn(page, e2e.base, ACCOUNTS, { login: 'honbu', password: PASSWORD });
    await page.setViewportSize({ width: 320, height: 640 });
    const edit = (await page.getByRole('link', { name: '本部 企画担当' }).getAttribute('href')) ?? '';
    const narrow = new AxeFailures();
    const wide: string[] = [];
    for (const path of [ACCOUNTS, `${ACCOUNTS}/new`, edit, '/audit', '/account/tokens']) {
      await page.goto(`${e2e.base}${path}`);
      const width = await scrollWidth(page);
      if (width > 320) wide.push(`${path}: ${width}px`);
      await narrow.check(page, `${path} at 320 px`);
    }
    await screenshot(page, 'accounts-07-320px.png', { maxHeight: 1600 });
    assert.deepEqual(wide, []);
    narrow.assertNone();
  } finally {
    await context.close();
  }
});
