// A round published with one approved, one submitted and one draft entry, in headless Chromium,
// by the people who do it (issue 21, "Must show"):
//
// 1. 本部 opens the 令和3年度 round of the bundled Sendai plan and starts the entry; the editors of
//    three departments each fill in one item with a figure and a narrative: 市民協働推進課
//    submits 1-(1)-① and 本部 approves it, 広報課 submits 2-(1)-① (never approved), 社会課 saves
//    1-(1)-⑤ as a draft (入力中).
// 2. 本部 moves the round to 確認中, 確定 and 公表, each through its pre-flight page (the counts
//    by state and department, the 未承認 warning, the checkbox, the button); the clicks are counted.
// 3. A citizen on a phone (390×844), not signed in, reads the item pages, the plan page, the
//    indicator pages, grades.csv and observations.csv, the API evaluations and distribution, and
//    the round's PDF report: the approved entry's text, grade and figure are there; the other two
//    are 未承認 only — never their texts or figures.
// 4. 本部 corrects the approved figure (訂正); the citizen sees 訂正 and the reason beside it.
//
// axe-core checks the pre-flight pages and the corrections page (WCAG 2.1 A/AA); screenshots go
// to E2E_OUTPUT, named round-publication-NN-….png. The PDF is made by the real report worker.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { addUser } from '../src/auth/add-user.js';
import { SYSTEM_ACTOR } from '../src/system/audit.repository.js';
import { createTestDatabase, type TestDatabase } from '../src/test-support/database.js';
import { prepareBundledData } from '../src/datasets/bundled.js';
import { createApp } from '../src/app.js';
import { startReportWorker, type ReportWorker } from '../src/reports/report-worker.js';
import { pdfPageTexts } from '../src/reports/pdf-text.js';
import { AxeFailures, launchBrowser, listen, newPerson, screenshot, scrollWidth, signIn, type Listening } from './support.js';

const PASSWORD = 'publication-e2e-password-2021';
const ACCOUNTS = [
  { login: 'honbu', displayName: '本部 企画担当', role: 'admin', departments: [] },
  { login: 'kyodo', displayName: '市民協働推進課 入力担当', role: 'editor', departments: ['市民局/市民協働推進課'] },
  { login: 'koho', displayName: '広報課 入力担当', role: 'editor', departments: ['総務局/広報課'] },
  { login: 'shakai', displayName: '社会課 入力担当', role: 'editor', departments: ['健康福祉局/社会課'] },
] as const;

const PLAN = 'sendai-2021';
const FISCAL_YEAR = 2021;

/** The three entries: item, its department's editor, its indicator, the figure and texts typed. */
const APPROVED = {
  login: 'kyodo',
  code: '1-(1)-①',
  name: '市民活動サポートセンターにおける市民活動支援',
  indicatorCode: '1-(1)-①#1',
  indicator: '市民活動サポートセンター利用団体数',
  figure: '747',
  results: '夜間の利用相談会を新たに開き、サポートセンターの利用団体は747団体となった。',
  plan: '夜間相談会を月2回に増やし、初めて利用する団体への案内を充実させる。',
};
const SUBMITTED = {
  login: 'koho',
  code: '2-(1)-①',
  name: '仙台市公式ホームページによる情報発信',
  indicatorCode: '2-(1)-①#1',
  indicator: 'ホームページの新規公開数と更新数の合計',
  figure: '23,418',
  results: '防災ページを全面的に改修し、やさしい日本語版を新設した。',
  plan: '各局のページの点検を進め、古い情報を整理する。',
};
const DRAFT = {
  login: 'shakai',
  code: '1-(1)-⑤',
  name: 'ボランティアセンターにおける各種支援等',
  indicatorCode: '1-(1)-⑤#1',
  indicator: 'ボランティアセンター登録団体数',
  figure: '812',
  results: '登録団体向けの交流会を三回開き、新たに五十八団体が登録した。',
  plan: '交流会の記録を冊子にまとめ、各区の窓口で配布する。',
};
const NOT_PUBLIC = [SUBMITTED, DRAFT];
const CORRECTED = { figure: '749', reason: '集計の漏れ（2団体）が見つかったため' };

let database: TestDatabase;
let server: Listening;
let worker: ReportWorker;
let browser: Browser;
let base: string;

before(async () => {
  database = await createTestDatabase();
  await prepareBundledData(database);
  await database.db.transaction(async (tx) => {
    for (const account of ACCOUNTS) {
      await addUser(tx, { ...account, departments: [...account.departments], password: PASSWORD, organisationCode: 'sendai' }, SYSTEM_ACTOR);
    }
  });
  // the real report worker (rendering in a worker thread), as the server runs it
  worker = startReportWorker(database, { pollMs: 100 });
  server = await listen(createApp(database, { reportWorker: worker }));
  base = server.base;
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
  await worker?.stop();
  await database?.close();
});

const axe = new AxeFailures();

/** Clicks and key presses of a person, counted by who does them. */
const clicks: Record<string, number> = {};
async function click(who: string, target: Locator): Promise<void> {
  clicks[who] = (clicks[who] ?? 0) + 1;
  await target.click();
}
/** Clicks `target` and waits for the page the server answers with. */
async function clickAndLoad(who: string, page: Page, target: Locator): Promise<void> {
  await Promise.all([page.waitForEvent('load'), click(who, target)]);
}
const button = (page: Page, name: string) => page.getByRole('button', { name, exact: true });

function isoDaysFromToday(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

/** Text without white space (PDF lines and table cells break texts anywhere). */
const squash = (text: string) => text.replace(/\s+/g, '');

/** RFC 4180 CSV (the BOM dropped) as objects keyed by the header row. */
function parseCsv(text: string): Record<string, string>[] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const body = text.replace(/^\uFEFF/, '');
  const endRow = () => {
    row.push(field);
    rows.push(row);
    row = [];
    field = '';
  };
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (quoted) {
      if (ch === '"' && body[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && body[i + 1] === '\n') i++;
      endRow();
    } else field += ch;
  }
  if (field !== '' || row.length > 0) endRow();
  const [header, ...data] = rows;
  assert.ok(header, 'a header row');
  return data.filter((r) => r.length > 1).map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ''])));
}

/** An editor signs in, opens the item from 担当の入力, types the figure and texts, saves or submits. */
async function fillIn(entry: typeof APPROVED, action: '下書き保存' | '提出する'): Promise<{ context: BrowserContext; page: Page }> {
  const person = await newPerson(browser);
  const { page } = person;
  await signIn(page, base, '/my-work', { login: entry.login, password: PASSWORD });
  clicks[entry.login] = 1; // the login button
  await Promise.all([page.waitForURL(/\/entries\//), click(entry.login, page.getByRole('link', { name: entry.name, exact: true }))]);
  assert.match((await page.locator('h1').textContent()) ?? '', new RegExp(entry.code.replace(/[()]/g, '\\$&')));
  await page.getByLabel(entry.indicator).pressSequentially(entry.figure);
  // the texts pasted in (as from the department's own notes); the figure typed
  await page.getByLabel('取組結果').fill(entry.results);
  await page.getByLabel('次年度の取組計画').fill(entry.plan);
  await page.getByLabel(/^自己評価/).selectOption('A');
  await clickAndLoad(entry.login, page, button(page, action));
  const status = (await page.getByRole('status').first().textContent()) ?? '';
  assert.equal(status, action === '提出する' ? '提出しました。確認者の確認をお待ちください。' : '下書きを保存しました。');
  return person;
}

/** Counts of the pre-flight's 合計 row, by the column headings (未着手, 入力中, 提出, 差戻し, 承認). */
async function preflightTotals(page: Page): Promise<Record<string, number>> {
  const table = page.locator('table.data-table');
  const headings = await table.locator('thead th').allTextContents();
  const cells = await table.locator('tbody tr', { has: page.locator('th', { hasText: /^合計$/ }) }).locator('td').allTextContents();
  return Object.fromEntries(headings.slice(1).map((h, i) => [h, Number(cells[i])]));
}

/** The pre-flight row of a department: its counts by state. */
async function preflightRow(page: Page, department: string): Promise<string[]> {
  return page.locator('table.data-table tbody tr', { has: page.locator('th', { hasText: new RegExp(`${department}$`) }) }).locator('td').allTextContents();
}

test('published with one approved, one submitted and one draft entry: the public sees the approved one, the others as 未承認', async () => {
  const started = Date.now();
  const laps: string[] = [];
  const lap = (what: string) => laps.push(`${what} ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const admin = await newPerson(browser);
  const people: BrowserContext[] = [admin.context];
  try {
    // ── 1. 本部 opens the round and starts the entry ──
    await signIn(admin.page, base, '/rounds', { login: 'honbu', password: PASSWORD });
    clicks.honbu = 1;
    await Promise.all([admin.page.waitForURL(/\/rounds\/new$/), click('honbu', admin.page.getByRole('link', { name: '評価を開始する（新しい年度）' }))]);
    await admin.page.getByLabel('計画').selectOption(PLAN);
    await admin.page.getByLabel('評価する年度').pressSequentially('令和3年度');
    await admin.page.getByLabel('入力期限').fill(isoDaysFromToday(30));
    await clickAndLoad('honbu', admin.page, button(admin.page, '評価を作成する（準備）'));
    const roundPath = new URL(admin.page.url()).pathname;
    assert.match(roundPath, /^\/rounds\/\d+$/);
    await clickAndLoad('honbu', admin.page, button(admin.page, '入力を開始する'));
    assert.equal(await admin.page.locator('.round-state strong').textContent(), '入力中');
    const openingClicks = clicks.honbu;

    lap('opened');
    // ── the departments: one submits (approved below), one submits only, one saves a draft ──
    for (const [entry, action] of [[APPROVED, '提出する'], [SUBMITTED, '提出する'], [DRAFT, '下書き保存']] as const) {
      const editor = await fillIn(entry, action);
      people.push(editor.context);
      await screenshot(editor.page, `round-publication-0${people.length}-${entry.login}-${action === '提出する' ? 'submitted' : 'draft'}.png`);
    }

    lap('entries');
    // 本部 approves 1-(1)-① from 確認待ち, with the final grade
    await clickAndLoad('honbu', admin.page, admin.page.getByRole('link', { name: '確認待ち', exact: true }));
    assert.equal(await admin.page.locator('table.data-table tbody tr').count(), 2, 'two entries wait for review');
    await Promise.all([admin.page.waitForURL(/\/entries\//), click('honbu', admin.page.getByRole('link', { name: APPROVED.name, exact: true }))]);
    await admin.page.getByLabel('最終評価（本部）').selectOption('A');
    await clickAndLoad('honbu', admin.page, button(admin.page, '承認する'));
    assert.equal(await admin.page.getByRole('status').first().textContent(), '承認しました。');
    await admin.page.goto(`${base}${roundPath}`);

    lap('approved');
    // ── 2. 確認中, 確定, 公表: each through its pre-flight page ──
    const before = clicks.honbu;
    let total = 0;
    const steps = [
      { action: '確認に進める', state: '確認中', file: 'review', says: /提出済み1件・承認済み1件は確認に進みます。.*入力中1件）は、担当課が入力できなくなります/s },
      { action: '確定する（ロック）', state: '確定', file: 'closed', says: /承認されていない(\d+)件は、公表されても評価・取組結果・値が公開されず「未承認」と表示されます。/ },
      { action: '公表する', state: '公表', file: 'published', says: /承認された1件の評価・取組結果・値が、市民向けのページ、オープンデータ、API、報告書で公開されます。.*承認されていない(\d+)件は公開されず、「未承認」と表示されます。/s },
    ];
    for (const [i, step] of steps.entries()) {
      await clickAndLoad('honbu', admin.page, admin.page.getByRole('link', { name: `${step.action}…` }));
      assert.match(new URL(admin.page.url()).pathname + new URL(admin.page.url()).search, /^\/rounds\/\d+\/transition\?to=/);
      const caption = (await admin.page.locator('table.data-table caption').textContent()) ?? '';
      total = Number(/全(\d+)件/.exec(caption)?.[1]);
      assert.ok(total > 3, `the pre-flight counts every entry of the round: ${caption}`);
      // the totals and the confirmation come before the table of every department
      assert.match((await admin.page.locator('.preflight-totals').textContent()) ?? '', new RegExp(`^入力の状況（全${total}件）: 未着手 ${total - 3}件・入力中 1件・提出 1件・差戻し 0件・承認 1件$`));
      const totals = await preflightTotals(admin.page);
      assert.deepEqual({ 承認: totals['承認'], 提出: totals['提出'], 入力中: totals['入力中'], 差戻し: totals['差戻し'] }, { 承認: 1, 提出: 1, 入力中: 1, 差戻し: 0 });
      assert.equal(totals['未着手'], total - 3);
      // by department: 未着手, 入力中, 提出, 差戻し, 承認
      assert.equal((await preflightRow(admin.page, '市民協働推進課'))[4], '1', '市民協働推進課: 1 承認');
      assert.equal((await preflightRow(admin.page, '広報課'))[2], '1', '広報課: 1 提出');
      assert.equal((await preflightRow(admin.page, '社会課'))[1], '1', '社会課: 1 入力中');
      const consequences = (await admin.page.locator('.preflight-consequences').textContent()) ?? '';
      const said = step.says.exec(consequences);
      assert.ok(said, `${step.state} pre-flight: ${consequences}`);
      if (said[1] !== undefined) assert.equal(Number(said[1]), total - 1, '未承認: every entry but the approved one');
      await axe.check(admin.page, `pre-flight (${step.state})`);
      await screenshot(admin.page, `round-publication-1${i}-preflight-${step.file}.png`, { maxHeight: 1200 });
      await click('honbu', admin.page.getByLabel('上の内容を確認しました'));
      await clickAndLoad('honbu', admin.page, button(admin.page, step.action));
      assert.equal(new URL(admin.page.url()).pathname, roundPath);
      assert.equal(await admin.page.locator('.round-state strong').textContent(), step.state);
    }
    const publishingClicks = clicks.honbu - before;
    await screenshot(admin.page, 'round-publication-13-published.png');

    lap('published');
    // ── 3. a citizen on a phone, not signed in ──
    const citizen = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'ja-JP' });
    citizen.setDefaultTimeout(5000);
    people.push(citizen);
    const phone = await citizen.newPage();
    const notShown = (text: string, where: string) => {
      for (const entry of NOT_PUBLIC) {
        for (const typed of [entry.results, entry.plan]) assert.ok(!squash(text).includes(squash(typed)), `${where} shows the narrative of ${entry.code}, which was not approved`);
      }
    };
    const wide: string[] = [];
    const read = async (path: string, file: string): Promise<string> => {
      const answer = await phone.goto(`${base}${path}`);
      assert.equal(answer?.status(), 200, path);
      if ((await scrollWidth(phone)) > 390) wide.push(`${path}: ${await scrollWidth(phone)} px`);
      await screenshot(phone, file, { maxHeight: 1800 });
      return (await phone.locator('main').textContent()) ?? '';
    };

    // the plan page: the distribution counts the approved entry only, the others are a note
    const planText = await read(`/plans/${PLAN}`, 'round-publication-20-phone-plan.png');
    assert.match(await phone.locator('.not-approved-note').textContent() ?? '', new RegExp(`このほか${total - 1}件の項目は公表時に承認されていなかったため（未承認）`));
    notShown(planText, 'the plan page');
    await phone.locator('.not-approved-note').scrollIntoViewIfNeeded();
    await screenshot(phone, 'round-publication-20b-phone-plan-note.png', { fullPage: false });

    // the approved item: its grade, figure and narrative
    const itemPath = (code: string) => `/plans/${PLAN}/items/${encodeURIComponent(code)}`;
    const approvedText = await read(itemPath(APPROVED.code), 'round-publication-21-phone-item-approved.png');
    assert.ok(squash(approvedText).includes(squash(APPROVED.results)), 'the approved narrative is public');
    const gradeRow = phone.locator('section[aria-labelledby="grades-heading"] tbody tr', { has: phone.locator('th', { hasText: '令和3年度' }) });
    assert.match((await gradeRow.textContent()) ?? '', /A/);
    assert.doesNotMatch((await gradeRow.textContent()) ?? '', /未承認/);
    assert.match(approvedText, /747/);
    // the two others: 未承認 in the grades table and the narratives, no text, no figure
    for (const [i, entry] of NOT_PUBLIC.entries()) {
      const text = await read(itemPath(entry.code), `round-publication-2${2 + i}-phone-item-${entry.login}.png`);
      const row = phone.locator('section[aria-labelledby="grades-heading"] tbody tr', { has: phone.locator('th', { hasText: '令和3年度' }) });
      assert.equal((await row.locator('td').textContent())?.trim(), '未承認', `${entry.code}: 未承認 in the grades table`);
      assert.match((await phone.locator('section[aria-labelledby="narratives-heading"]').textContent()) ?? '', /未承認/);
      notShown(text, `the item page of ${entry.code}`);
      assert.ok(!text.includes(entry.figure), `the item page of ${entry.code} shows the figure ${entry.figure}`);
      const indicatorText = await read(`/plans/${PLAN}/indicators/${encodeURIComponent(entry.indicatorCode)}`, `round-publication-2${4 + i}-phone-indicator-${entry.login}.png`);
      assert.ok(!indicatorText.includes(entry.figure), `the indicator page of ${entry.code} shows the figure ${entry.figure}`);
    }

    lap('pages');
    // open data: grades.csv and observations.csv, as a citizen downloads them
    const grades = parseCsv(await (await citizen.request.get(`${base}/opendata/plans/${PLAN}/grades.csv`)).text()).filter((r) => r['評価年度'] === String(FISCAL_YEAR));
    assert.equal(grades.length, total, 'grades.csv: one row per entry of the round');
    const gradeOf = (code: string) => grades.find((r) => r['項目コード'] === code);
    assert.deepEqual(
      { 承認: gradeOf(APPROVED.code)?.['承認'], 確定評価: gradeOf(APPROVED.code)?.['確定評価'], 取組結果: gradeOf(APPROVED.code)?.['取組結果'] },
      { 承認: '承認', 確定評価: 'A', 取組結果: APPROVED.results },
    );
    for (const entry of NOT_PUBLIC) {
      const row = gradeOf(entry.code);
      assert.deepEqual(
        { 承認: row?.['承認'], 自己評価: row?.['自己評価'], 確定評価: row?.['確定評価'], 取組結果: row?.['取組結果'], 取組計画: row?.['取組計画'] },
        { 承認: '未承認', 自己評価: '', 確定評価: '', 取組結果: '', 取組計画: '' },
        `grades.csv row of ${entry.code}`,
      );
    }
    assert.equal(grades.filter((r) => r['承認'] === '承認').length, 1, 'grades.csv: one approved row');
    const observations = parseCsv(await (await citizen.request.get(`${base}/opendata/plans/${PLAN}/observations.csv`)).text()).filter((r) => r['年度'] === String(FISCAL_YEAR));
    assert.deepEqual(observations.map((r) => [r['指標コード'], r['値']]), [[APPROVED.indicatorCode, '747']], 'observations.csv: the approved figure only');

    // the API
    const api = async (path: string) => {
      const answer = await citizen.request.get(`${base}/api/v1/plans/${PLAN}/rounds/${FISCAL_YEAR}/${path}`);
      assert.equal(answer.status(), 200, path);
      return answer;
    };
    const evaluationsText = await (await api('evaluations?limit=500')).text();
    notShown(evaluationsText, 'the API evaluations');
    const evaluations = (JSON.parse(evaluationsText) as { data: { itemCode: string; approval: string; finalGrade: string | null; resultsText: string | null }[] }).data;
    assert.equal(evaluations.length, total);
    const evaluationOf = (code: string) => evaluations.find((e) => e.itemCode === code);
    const approved = evaluationOf(APPROVED.code);
    assert.deepEqual({ approval: approved?.approval, finalGrade: approved?.finalGrade, resultsText: approved?.resultsText }, { approval: '承認', finalGrade: 'A', resultsText: APPROVED.results });
    for (const entry of NOT_PUBLIC) assert.deepEqual({ approval: evaluationOf(entry.code)?.approval, finalGrade: evaluationOf(entry.code)?.finalGrade ?? null }, { approval: '未承認', finalGrade: null });
    const distribution = (await (await api('distribution')).json()) as { groups: { total: number; notApproved: number; rows: { code: string; count: number; shareText: string }[] }[] };
    const all = distribution.groups[0];
    assert.ok(all);
    assert.equal(all.notApproved, total - 1);
    assert.equal(all.total, 1);
    assert.deepEqual(all.rows.map((r) => [r.code, r.count]), [['A', 1], ['B', 0], ['C', 0]]);

    lap('open data and API');
    // the PDF report of the round: 報告書 from the plan page, then 「PDF をダウンロード」
    await phone.goto(`${base}/plans/${PLAN}`);
    await Promise.all([phone.waitForURL(/\/reports\//), phone.getByRole('link', { name: /^報告書/ }).first().click()]);
    if ((await scrollWidth(phone)) > 390) wide.push(`report page: ${await scrollWidth(phone)} px`);
    await screenshot(phone, 'round-publication-30-phone-report.png', { fullPage: false });
    const [download] = await Promise.all([phone.waitForEvent('download', { timeout: 60_000 }), phone.getByRole('link', { name: 'PDF をダウンロード' }).click()]);
    const pdfPath = await download.path();
    const pdfText = squash(pdfPageTexts(readFileSync(pdfPath)).join('\n'));
    assert.ok(pdfText.includes(squash(APPROVED.results)), 'the PDF has the approved narrative');
    assert.ok(pdfText.includes('747'), 'the PDF has the approved figure');
    assert.ok(pdfText.includes('令和3年度未承認'), 'the PDF says 未承認');
    notShown(pdfText, 'the PDF report');
    assert.ok(!pdfText.includes('23,418') && !pdfText.includes('23418'), 'the PDF shows the submitted figure');
    assert.ok(!pdfText.includes('812団体'), 'the PDF shows the draft figure');

    lap('PDF');
    // ── 4. 本部 corrects the approved figure (訂正); the citizen reads it beside the figure ──
    await clickAndLoad('honbu', admin.page, admin.page.getByRole('link', { name: '値の訂正（確定・公表した値の変更）' }));
    await axe.check(admin.page, 'corrections');
    const row = admin.page.locator('table.data-table tbody tr', { has: admin.page.locator('td', { hasText: APPROVED.indicator }) });
    await row.getByLabel(/^訂正後の値/).pressSequentially(CORRECTED.figure);
    await row.getByLabel(/^理由/).pressSequentially(CORRECTED.reason);
    await clickAndLoad('honbu', admin.page, row.getByRole('button', { name: '訂正する' }));
    assert.equal(await admin.page.getByRole('status').first().textContent(), '訂正しました。公開のページに訂正の内容と理由が表示されます。');
    assert.match((await row.textContent()) ?? '', new RegExp(`747 → 749（[^）]+）: ${CORRECTED.reason}`));
    await axe.check(admin.page, 'corrections (done)');
    await screenshot(admin.page, 'round-publication-40-corrected.png');
    const indicatorText = await read(`/plans/${PLAN}/indicators/${encodeURIComponent(APPROVED.indicatorCode)}`, 'round-publication-41-phone-indicator-corrected.png');
    await phone.locator('.correction').scrollIntoViewIfNeeded();
    await screenshot(phone, 'round-publication-41b-phone-correction.png', { fullPage: false });
    assert.match(squash(indicatorText), new RegExp(squash(`訂正 .+: 747 → 749（理由: ${CORRECTED.reason}）`).replace(/[()（）]/g, '\\$&')));
    // the summary table marks the corrected year too, linking to the details
    assert.match(squash(await phone.locator('.indicator-block table').first().innerText()), /749.*（訂正）/);

    assert.deepEqual(wide, [], 'no public page scrolls sideways at 390 px');
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    lap('corrected');
    console.log(laps.join(', '));
    console.log(`clicks: 本部 opening ${openingClicks}, publishing (確認中・確定・公表) ${publishingClicks}, whole ${clicks.honbu}; editors ${ACCOUNTS.slice(1).map((a) => `${a.login} ${clicks[a.login]}`).join(', ')}; ${seconds} s`);
    assert.equal(publishingClicks, 9, '確認中, 確定, 公表: a link, the checkbox and the button each');
  } finally {
    await Promise.all(people.map((context) => context.close()));
  }
  axe.assertNone();
});
