// A whole yearly round (年度評価) of the bundled Sendai plan in headless Chromium, through the
// screens only (typing, choosing, clicking; no direct HTTP): 本部 opens the 令和3年度 round and
// starts the entry → the editor of 市民局/市民協働推進課 opens an item from 担当の入力, enters a
// figure per indicator and a narrative, saves and submits → the 市民局 reviewer returns it with a
// comment → the editor reads the comment, fixes the entry and submits again → 本部 approves,
// closes the round and sees the completion dashboard and the grade distribution change.
// axe-core checks every staff page type on the way (WCAG 2.1 A/AA); a screenshot of each step
// goes to E2E_OUTPUT (default: a folder in the OS temp directory), named round-NN-….png.
//
// Accounts are created with the same command as `shinchoku user add` (src/auth/add-user.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { addUser } from '../src/auth/add-user.js';
import { SYSTEM_ACTOR } from '../src/system/audit.repository.js';
import { AxeFailures, browserTests, newPerson, screenshot, signIn, submit, throughPreflight } from './support.js';

const PASSWORD = 'round-e2e-password-2021';
const ACCOUNTS = [
  { login: 'honbu', displayName: '本部 企画担当', role: 'admin', departments: [] },
  { login: 'kyodo', displayName: '市民協働推進課 入力担当', role: 'editor', departments: ['市民局/市民協働推進課'] },
  { login: 'shiminkyoku', displayName: '市民局 確認者', role: 'reviewer', departments: ['市民局'] },
] as const;

// The item of the round: 3-(5)-④, owned by 市民局/市民協働推進課, with two indicators whose
// targets (datasets/sendai-2021/source.txt) are "毎年度40,000件以上" and "毎年度250件以上".
const ITEM_NAME = '市民活動サポートセンターにおける情報の収集・発信に関する支援';
const VISITORS = '市民活動サポートセンターのブログの訪問者数（件）';
const POSTS = '市民活動サポートセンターのブログの投稿数（件）';

const axe = new AxeFailures();

const e2e = browserTests({
  withBundledPlans: true,
  seed: (database) =>
    database.db.transaction(async (tx) => {
      for (const account of ACCOUNTS) {
        await addUser(tx, { ...account, departments: [...account.departments], password: PASSWORD, organisationCode: 'sendai' }, SYSTEM_ACTOR);
      }
    }),
});

/** A person at their own browser (own cookies). */
const person = () => newPerson(e2e.browser);

/** Goes to `path`; the site sends a signed-out person to the login page, where they sign in. */
const signInAt = (page: Page, path: string, login: string) => signIn(page, e2e.base, path, { login, password: PASSWORD });

function isoDaysFromToday(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

/** The 評価済み count of the round's distribution chart (本部 dashboard). */
async function gradedCount(page: Page): Promise<number> {
  const caption = (await page.locator('.distribution figcaption').textContent()) ?? '';
  const m = /評価済み (\d+)件/.exec(caption);
  assert.ok(m?.[1], `distribution caption: ${caption}`);
  return Number(m[1]);
}

test('a whole 令和3年度 round of the Sendai plan through the screens: enter, return, fix, approve, close', async () => {
  const admin = await person();
  const editor = await person();
  const reviewer = await person();
  try {
    // ── 1. 本部 opens the round (準備) and starts the entry (入力中) ──
    await admin.page.goto(`${e2e.base}/login`);
    await axe.check(admin.page, 'login');
    await screenshot(admin.page, 'round-01-login.png');
    await signInAt(admin.page, '/rounds', 'honbu');
    await Promise.all([admin.page.waitForURL(/\/rounds\/new$/), admin.page.getByRole('link', { name: '評価を開始する（新しい年度）' }).click()]);
    await admin.page.getByLabel('計画').selectOption('sendai-2021');
    await admin.page.getByLabel('評価する年度').pressSequentially('令和3年度');
    await admin.page.getByLabel('入力期限').fill(isoDaysFromToday(30));
    await admin.page.getByLabel('確認期限').fill(isoDaysFromToday(60));
    await admin.page.getByLabel('公表予定日').fill(isoDaysFromToday(120));
    await axe.check(admin.page, 'new round');
    await screenshot(admin.page, 'round-02-new.png');
    await submit(admin.page, '評価を作成する（準備）');
    assert.match(new URL(admin.page.url()).pathname, /^\/rounds\/\d+$/);
    const roundPath = new URL(admin.page.url()).pathname;
    assert.match((await admin.page.locator('h1').textContent()) ?? '', /令和3年度（2021年度）の評価/);
    assert.equal(await admin.page.locator('.round-state strong').textContent(), '準備');
    await screenshot(admin.page, 'round-03-open.png');
    await submit(admin.page, '入力を開始する');
    assert.equal(await admin.page.locator('.round-state strong').textContent(), '入力中');
    const gradedBefore = await gradedCount(admin.page);
    assert.equal(gradedBefore, 0, 'nothing is graded when the entry starts');
    await axe.check(admin.page, 'round dashboard (入力中)');
    await screenshot(admin.page, 'round-04-entry-started.png');

    // ── 2. the editor of 市民協働推進課 enters figures and a narrative, saves, submits ──
    await signInAt(editor.page, '/my-work', 'kyodo');
    const myRows = editor.page.locator('table.data-table tbody tr');
    const departments = await myRows.locator('td:nth-child(3)').allTextContents();
    assert.ok(departments.length > 0, 'my work lists the department’s items');
    assert.deepEqual(departments.filter((d) => !d.includes('市民協働推進課')), [], 'my work lists only the department’s own items');
    await axe.check(editor.page, 'my work');
    await screenshot(editor.page, 'round-05-my-work.png');
    await Promise.all([editor.page.waitForURL(/\/entries\//), editor.page.getByRole('link', { name: ITEM_NAME }).click()]);
    assert.match((await editor.page.locator('h1').textContent()) ?? '', /3-\(5\)-④/);
    await editor.page.getByLabel(VISITORS).pressSequentially('42,180');
    await editor.page.getByLabel(POSTS).pressSequentially('２６３'); // full-width digits, as typed in Japanese input
    // the live check reads both figures as the server will
    for (const label of [VISITORS, POSTS]) {
      await editor.page.locator(`#${await editor.page.getByLabel(label).getAttribute('id')}-hint`).filter({ hasText: '読み取り' }).waitFor();
    }
    const hints = await editor.page.locator('.figure .hint').allTextContents();
    assert.match(hints.join(' '), /読み取り: 42,180/);
    assert.match(hints.join(' '), /読み取り: 263/);
    await editor.page.getByLabel('取組結果').pressSequentially('市民活動サポートセンターのブログで団体の活動や協働事例を紹介し、263件を投稿した。訪問者数は42,180件で、目標の40,000件を上回った。');
    await editor.page.getByLabel('次年度の取組計画').pressSequentially('団体への取材記事を増やし、SNSとの連携を進める。');
    await axe.check(editor.page, 'entry form');
    await submit(editor.page, '下書き保存');
    assert.equal(await editor.page.getByRole('status').first().textContent(), '下書きを保存しました。');
    // hand calculation: 42,180 ≥ 40,000 and 263 ≥ 250, both yearly targets met (1 of 1 year = 100.0%);
    // the Sendai A/B/C grade is the department's own judgement (chapter 4), so no automatic grade
    const judgements = await editor.page.locator('.figure .judgement').allTextContents();
    assert.match(judgements[0] ?? '', /令和3年度 42,180件 ○ → 達成 1\/1年度 = 100\.0%/);
    assert.match(judgements[1] ?? '', /令和3年度 263件 ○ → 達成 1\/1年度 = 100\.0%/);
    assert.equal(await editor.page.locator('.judgement strong').textContent(), 'なし');
    await editor.page.getByLabel(/^自己評価/).selectOption('A');
    await screenshot(editor.page, 'round-06-entry-form.png');
    await submit(editor.page, '提出する');
    assert.equal(await editor.page.getByRole('status').first().textContent(), '提出しました。確認者の確認をお待ちください。');
    assert.match((await editor.page.locator('main').textContent()) ?? '', /状態: 提出/);
    await axe.check(editor.page, 'entry (submitted, read-only)');
    await screenshot(editor.page, 'round-07-submitted.png');

    // ── 3. the 市民局 reviewer returns it with a comment ──
    const COMMENT = 'ブログ訪問者数の集計期間（年度の4月～3月か）を取組結果に書き添えてください。';
    await signInAt(reviewer.page, '/review', 'shiminkyoku');
    assert.equal(await reviewer.page.locator('table.data-table tbody tr').count(), 1, 'one entry waits for review');
    await axe.check(reviewer.page, 'review queue');
    await screenshot(reviewer.page, 'round-08-review-queue.png');
    await Promise.all([reviewer.page.waitForURL(/\/entries\//), reviewer.page.getByRole('link', { name: ITEM_NAME }).click()]);
    await reviewer.page.getByLabel(/^コメント/).pressSequentially(COMMENT);
    await axe.check(reviewer.page, 'entry (review form)');
    await submit(reviewer.page, '差し戻す');
    assert.equal(await reviewer.page.getByRole('status').first().textContent(), '差し戻しました。');
    await screenshot(reviewer.page, 'round-09-returned.png');

    // ── 4. the editor sees the comment, fixes the entry and submits again ──
    await editor.page.goto(`${e2e.base}/my-work`);
    const row = editor.page.locator('table.data-table tbody tr', { has: editor.page.getByRole('link', { name: ITEM_NAME }) });
    assert.equal(await row.locator('td.state').textContent(), '差戻し');
    await Promise.all([editor.page.waitForURL(/\/entries\//), row.getByRole('link', { name: ITEM_NAME }).click()]);
    assert.match((await editor.page.locator('.comments').textContent()) ?? '', new RegExp(`差戻し（市民局 確認者）: ${COMMENT}`));
    await screenshot(editor.page, 'round-10-comment.png');
    await editor.page.getByLabel('取組結果').press('Control+End');
    await editor.page.getByLabel('取組結果').pressSequentially('（集計期間: 令和3年4月1日～令和4年3月31日）');
    await submit(editor.page, '提出する');
    assert.equal(await editor.page.getByRole('status').first().textContent(), '提出しました。確認者の確認をお待ちください。');
    assert.match(await editor.page.getByLabel('取組結果').inputValue(), /集計期間: 令和3年4月1日～令和4年3月31日）$/);
    await screenshot(editor.page, 'round-11-resubmitted.png');

    // ── 5. 本部 approves with the final grade, closes the round and sees the distribution ──
    await admin.page.goto(`${e2e.base}/review`);
    await Promise.all([admin.page.waitForURL(/\/entries\//), admin.page.getByRole('link', { name: ITEM_NAME }).click()]);
    await admin.page.getByLabel('最終評価（本部）').selectOption('A');
    await submit(admin.page, '承認する');
    assert.equal(await admin.page.getByRole('status').first().textContent(), '承認しました。');
    await screenshot(admin.page, 'round-12-approved.png');
    await admin.page.goto(`${e2e.base}${roundPath}`);
    await throughPreflight(admin.page, '確認に進める');
    assert.equal(await admin.page.locator('.round-state strong').textContent(), '確認中');
    await throughPreflight(admin.page, '確定する（ロック）');
    assert.equal(await admin.page.locator('.round-state strong').textContent(), '確定');
    assert.match((await admin.page.locator('.round-state').textContent()) ?? '', /ロック中/);
    assert.equal(await gradedCount(admin.page), 1, 'the approved entry now counts in the distribution');
    const aRow = admin.page.locator('.distribution table tbody tr', { has: admin.page.locator('th', { hasText: /^A$/ }) });
    assert.equal(await aRow.locator('td').nth(1).textContent(), '1');
    const kyodo = admin.page.locator('section[aria-labelledby="dashboard"] table tbody tr', { has: admin.page.locator('th', { hasText: /^市民局 市民協働推進課$/ }) });
    assert.match((await kyodo.textContent()) ?? '', /A: 1/);
    await axe.check(admin.page, 'round dashboard (確定)');
    await screenshot(admin.page, 'round-13-closed.png');

    // the closed round is locked for the department too
    const entryPage = new URL(editor.page.url());
    await editor.page.goto(`${e2e.base}${entryPage.pathname}`);
    assert.match((await editor.page.locator('main').textContent()) ?? '', /状態: 承認/);
    assert.match((await editor.page.getByRole('status').first().textContent()) ?? '', /ロックされています/);
    assert.equal(await editor.page.getByRole('button', { name: '提出する' }).count(), 0);
    await screenshot(editor.page, 'round-14-locked.png');
  } finally {
    await Promise.all([admin.context.close(), editor.context.close(), reviewer.context.close()]);
  }
  axe.assertNone();
});
