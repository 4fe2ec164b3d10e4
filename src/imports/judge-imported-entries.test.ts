// 評価 rows imported from a spreadsheet are judged as a saved entry is: the computed grade from
// the indicator values after the import, in the same transaction, and a self-grade that differs
// from it without a reason reported with sheet, row and column — a warning for a draft (a draft
// may be saved so), an error for a submitted entry (submitting refuses it).
//
// The plan is Sapporo's 第2期 市民まちづくり活動促進基本計画 (datasets/sapporo-2nd). It names no
// scale and no rate method, so entries are graded on the mechanical S・A・B・C・− scale with the
// simple ratio (単純比率, 上昇: actual ÷ target), docs/judgement.md §3–4:
//   S ≥ 110.0%, A 100.0–110.0%, below 100.0%: B when the actual improved on the baseline, else C.
// 基本目標 1 「参加」 has four indicators; an item's grade is the lowest of its indicators' grades.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { and, eq } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../test-support/database.js';
import { auditLog, entries, planItems, plans, rounds } from '../db/schema.js';
import { CLI_ACTOR } from '../system/audit.repository.js';
import { importDataset } from '../datasets/import-dataset.js';
import { readDataset } from '../datasets/read-dataset.js';
import { importSpreadsheet } from './import-spreadsheet.js';
import { formatIssue } from './import-issues.js';
import { exportToBytes } from './test-helpers.js';
import { createApp } from '../app.js';
import { insertTestUser, TestClient } from '../auth/test-client.js';

let database: TestDatabase;
let empty: TestDatabase;
let round2018 = 0;
before(async () => {
  [database, empty] = await Promise.all([createTestDatabase(), createTestDatabase()]);
  await database.reset();
  await empty.reset();
  await importDataset(database.db, await readDataset('datasets/sapporo-2nd'), CLI_ACTOR, { dryRun: false });
});

/** 平成30年度 (FY2018, the plan's last year): a round open for entry, no entries yet. */
async function openRound2018(): Promise<number> {
  const [plan] = await database.db.select({ id: plans.id }).from(plans).where(eq(plans.code, 'sapporo-2nd'));
  const [round] = await database.db.insert(rounds).values({ planId: plan?.id ?? 0, fiscalYear: 2018, state: 'entry' }).returning();
  return round?.id ?? 0;
}
after(async () => {
  await Promise.all([database.close(), empty.close()]);
});

/** A workbook of the template: 指標 rows (計画コード, 施策コード, 指標コード, 区分, 年度, 値) and 評価 rows. */
async function workbook(indicatorRows: string[][], entryRows: string[][]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  if (indicatorRows.length > 0) {
    const sheet = book.addWorksheet('指標');
    sheet.addRow(['計画コード', '施策コード', '指標コード', '区分', '年度', '値']);
    for (const row of indicatorRows) sheet.addRow(row);
  }
  if (entryRows.length > 0) {
    const sheet = book.addWorksheet('評価');
    sheet.addRow(['計画コード', '年度', '施策コード', '自己評価', '取組結果']);
    for (const row of entryRows) sheet.addRow(row);
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}

async function entryOfItem(roundId: number, itemCode: string) {
  const [row] = await database.db
    .select({ id: entries.id, state: entries.state, selfGrade: entries.selfGrade, computedGrade: entries.computedGrade, disagreementReason: entries.disagreementReason, resultsText: entries.resultsText })
    .from(entries)
    .innerJoin(planItems, eq(planItems.id, entries.itemId))
    .where(and(eq(entries.roundId, roundId), eq(planItems.code, itemCode)));
  return row;
}

test('a new plan from its workbook: the past rounds it creates get computed grades from the source document\'s figures', async () => {
  // Sapporo 平成28年度 (FY2016) actuals against the 平成30年度 targets (this plan's own), simple ratio:
  //   1-a 参加したことのある人の割合 81.4 ÷ 70.0 = 1.16285… → 116.3% → S
  //   1-b 町内会加入率                 71.1 ÷ 74.0 = 0.96081… →  96.1%, 71.1 ≤ baseline 71.7 → C
  //   1-c 基金寄附件数                 229 ÷ 360   = 0.63611… →  63.6%, 229 ≤ baseline 331 → C
  //   1-d 基金寄附金額(累計)   760,000,000 ÷ 740,000,000 = 1.02702… → 102.7% → A
  // 基本目標 1: the lowest → C. The entries carry no self-grade, so nothing disagrees.
  const bytes = await exportToBytes(database.db, 'sapporo-2nd', { format: 'xlsx' }); // the bundled plan as loaded
  const report = await importSpreadsheet(empty.db, { name: 'sapporo-2nd.xlsx', bytes }, CLI_ACTOR, { dryRun: false });
  assert.deepEqual(report.issues.map(formatIssue), []);
  assert.equal(report.newPlan, true);
  assert.deepEqual(report.warnings, []);
  const [row] = await empty.db
    .select({ computedGrade: entries.computedGrade, state: entries.state })
    .from(entries)
    .innerJoin(planItems, eq(planItems.id, entries.itemId))
    .innerJoin(rounds, eq(rounds.id, entries.roundId))
    .where(and(eq(planItems.code, '1'), eq(rounds.fiscalYear, 2016)));
  assert.equal(row?.state, 'approved');
  assert.equal(row?.computedGrade, 'C');
});

test('a 評価 row whose self-grade differs from the computed grade: the entry is written with the computed grade, and the preview warns with sheet, row and column', async () => {
  // 町内会加入率 (1-b) 平成30年度 実績 74.8% against the plan's 平成30年度 target 74.0% (baseline 71.7%, 平成25年度):
  //   74.8 ÷ 74.0 = 1.01081… → 101.1% → A (100.0% ≤ 101.1% < 110.0%).
  // 1-a, 1-c and 1-d have no 平成30年度 actual: not graded. 基本目標 1 is therefore A.
  round2018 = await openRound2018();
  const file = await workbook([['sapporo-2nd', '1', '1-b', '実績', 'H30', '74.8%']], [['sapporo-2nd', 'H30', '1', 'B', '町内会の加入促進に取り組んだ']]);
  const preview = await importSpreadsheet(database.db, { name: '評価_H30.xlsx', bytes: file }, CLI_ACTOR, { dryRun: true });
  assert.deepEqual(preview.issues.map(formatIssue), []);
  assert.equal(preview.ok, true);
  assert.deepEqual(preview.warnings.map(formatIssue), ['評価 2行目 自己評価:自己評価（B）が自動判定（A）と異なり、理由がありません。提出までに入力画面で理由を入力してください']);
  assert.equal(await entryOfItem(round2018, '1'), undefined, 'a dry run writes nothing');

  const report = await importSpreadsheet(database.db, { name: '評価_H30.xlsx', bytes: file }, CLI_ACTOR, { dryRun: false });
  assert.equal(report.ok, true);
  assert.equal(report.gradesRefreshed, 1);
  assert.equal(report.warnings.length, 1);
  const entry = await entryOfItem(round2018, '1');
  assert.equal(entry?.state, 'in_progress');
  assert.equal(entry?.selfGrade, 'B');
  assert.equal(entry?.computedGrade, 'A');
  assert.equal(entry?.disagreementReason, null);
  const audits = await database.db.select({ action: auditLog.action }).from(auditLog).where(and(eq(auditLog.subjectType, 'entry'), eq(auditLog.subjectId, String(entry?.id))));
  assert.deepEqual(audits.map((a) => a.action), ['entry.judge']);

  // the same file again: nothing changes, and the disagreement is not reported again
  const again = await importSpreadsheet(database.db, { name: '評価_H30.xlsx', bytes: file }, CLI_ACTOR, { dryRun: true });
  assert.deepEqual(again.issues.map(formatIssue), []);
  assert.equal(again.summary?.unchanged, true, JSON.stringify(again.summary?.tables));
  assert.equal(again.gradesRefreshed, 0);
  assert.deepEqual(again.warnings, []);
});

test('new figures without a 評価 row: the computed grade of the item\'s entry in the open round follows them', async () => {
  // 1-b 平成30年度 actual corrected to 70.0%: 70.0 ÷ 74.0 = 0.94594… → 94.6%, below 100.0%, and
  // 70.0 is not above the baseline 71.7 → C. 基本目標 1 is therefore C.
  const report = await importSpreadsheet(database.db, { name: '指標_H30.xlsx', bytes: await workbook([['sapporo-2nd', '1', '1-b', '実績', 'H30', '70.0%']], []) }, CLI_ACTOR, { dryRun: false });
  assert.deepEqual(report.issues.map(formatIssue), []);
  assert.equal(report.gradesRefreshed, 1);
  assert.deepEqual(report.warnings, [], 'no 評価 row, no row to point at');
  assert.equal((await entryOfItem(round2018, '1'))?.computedGrade, 'C');
});

test('a self-grade with a reason entered on the entry page: no warning, the reason is kept while the grades differ', async () => {
  const before = await entryOfItem(round2018, '1');
  await database.db.update(entries).set({ disagreementReason: '加入率は下がったが、加入促進の取組は計画どおり実施した' }).where(eq(entries.id, before?.id ?? 0));
  const file = await workbook([], [['sapporo-2nd', 'H30', '1', 'B', '町内会の加入促進に取り組み、説明会を開いた']]);
  const report = await importSpreadsheet(database.db, { name: '評価_H30.xlsx', bytes: file }, CLI_ACTOR, { dryRun: false });
  assert.deepEqual(report.issues.map(formatIssue), []);
  assert.deepEqual(report.warnings, []);
  const entry = await entryOfItem(round2018, '1');
  assert.equal(entry?.computedGrade, 'C'); // B ≠ C, with a reason
  assert.equal(entry?.disagreementReason, '加入率は下がったが、加入促進の取組は計画どおり実施した');
  // a self-grade that agrees with the computed grade needs no reason: it is cleared, as a save does
  const agreeing = await importSpreadsheet(database.db, { name: '評価_H30.xlsx', bytes: await workbook([], [['sapporo-2nd', 'H30', '1', 'C', '町内会の加入促進に取り組み、説明会を開いた']]) }, CLI_ACTOR, { dryRun: false });
  assert.deepEqual(agreeing.warnings, []);
  assert.equal((await entryOfItem(round2018, '1'))?.disagreementReason, null);
});

test('a submitted entry: headquarters\' import cannot change it either (as the entry form), and nothing is written; once returned, it can', async () => {
  const entry = await entryOfItem(round2018, '1');
  await database.db.update(entries).set({ state: 'submitted', selfGrade: 'C', disagreementReason: null }).where(eq(entries.id, entry?.id ?? 0));
  const file = await workbook([], [['sapporo-2nd', 'H30', '1', 'S', '町内会の加入促進に取り組み、説明会を開いた']]);
  const report = await importSpreadsheet(database.db, { name: '評価_H30.xlsx', bytes: file }, CLI_ACTOR, { dryRun: false });
  assert.equal(report.ok, false);
  assert.deepEqual(report.issues.map(formatIssue), ['評価 2行目 施策コード:平成30年度の「参加」の入力は「提出」のため変更できません（差し戻されてから入力してください）']);
  const after = await entryOfItem(round2018, '1');
  assert.equal(after?.selfGrade, 'C');
  assert.equal(after?.state, 'submitted');
  // returned (差戻し): the same file is taken, a changed entry becomes 入力中 again
  await database.db.update(entries).set({ state: 'returned' }).where(eq(entries.id, entry?.id ?? 0));
  const agreeing = await importSpreadsheet(database.db, { name: '評価_H30.xlsx', bytes: await workbook([], [['sapporo-2nd', 'H30', '1', 'C', '説明会を2回開いた']]) }, CLI_ACTOR, { dryRun: false });
  assert.deepEqual(agreeing.issues.map(formatIssue), []);
  assert.equal((await entryOfItem(round2018, '1'))?.state, 'in_progress');
});

test('a closed or published round is not judged again: the bundled 平成28年度 round keeps its entries as they were', async () => {
  const [round2016] = await database.db.select({ id: rounds.id, state: rounds.state }).from(rounds).innerJoin(plans, eq(plans.id, rounds.planId)).where(and(eq(plans.code, 'sapporo-2nd'), eq(rounds.fiscalYear, 2016)));
  assert.equal(round2016?.state, 'published');
  const before = await entryOfItem(round2016?.id ?? 0, '1');
  assert.equal(before?.computedGrade, null);
  // a changed 平成28年度 figure is refused: a published figure changes only by a correction (訂正)
  const report = await importSpreadsheet(database.db, { name: '指標_H28.xlsx', bytes: await workbook([['sapporo-2nd', '1', '1-b', '実績', 'H28', '71.3%']], []) }, CLI_ACTOR, { dryRun: true });
  assert.equal(report.ok, false);
  assert.equal(report.issues[0]?.code, 'ROUND_LOCKED');
  assert.equal((await entryOfItem(round2016?.id ?? 0, '1'))?.computedGrade, null);
  // and a 評価 row of that round stays refused
  const entryRow = await importSpreadsheet(database.db, { name: '評価_H28.xlsx', bytes: await workbook([], [['sapporo-2nd', 'H28', '1', 'A', '変更']]) }, CLI_ACTOR, { dryRun: true });
  assert.deepEqual(entryRow.issues.map(formatIssue), ['評価 2行目 年度:平成28年度の評価は「公表」のため、入力・変更できません（確定・公表した値は、本部が「訂正」で理由とともに変更します）']);
});

test('the upload preview lists the warning (sheet, row, column) under the changes, and the upload can still be confirmed', async () => {
  const entry = await entryOfItem(round2018, '1');
  await database.db.update(entries).set({ state: 'in_progress', selfGrade: 'C', disagreementReason: null }).where(eq(entries.id, entry?.id ?? 0));
  const app = createApp(database);
  await insertTestUser(database.db, { login: 'honbu', role: 'admin', departmentIds: [] });
  const client = new TestClient(app);
  assert.equal((await client.signIn('honbu')).status, 303);
  await client.get('/imports');
  const form = new FormData();
  form.set('_csrf', client.csrf);
  // computed grade C (70.0% against 74.0%, above); the file says A
  form.set('file', new File([await workbook([], [['sapporo-2nd', 'H30', '1', 'A', '説明会を2回開いた']])], '評価_H30.xlsx'));
  const response = await client.request('/imports', { method: 'POST', body: form });
  assert.equal(response.status, 200);
  const html = await response.text();
  assert.match(html, /1件の注意（書き込みは妨げません）/);
  assert.match(html, /<td>評価<\/td><td>2行目<\/td><td>自己評価<\/td><td>自己評価（A）が自動判定（C）と異なり、理由がありません。提出までに入力画面で理由を入力してください<\/td>/);
  assert.match(html, /確定して書き込む/);
});
