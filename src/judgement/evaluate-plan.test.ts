// Judging the bundled Sapporo plan: each H28 (FY2016) actual against its H30 target, with the
// figures worked out by hand from the document (datasets/sapporo-2nd/source.txt).
import { test, before, after } from 'node:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { createTestDatabase, type TestDatabase } from '../test-support/database.js';
import { prepareBundledData } from '../datasets/bundled.js';
import { evaluatePlan } from './evaluate-plan.js';
import { presentEvaluation, evaluationCsv } from './evaluate.commands.js';
import { runCli } from '../test-support/cli.js';

let database: TestDatabase;
before(async () => {
  database = await createTestDatabase();
  await prepareBundledData(database);
});
after(async () => {
  await database.close();
});

test('Sapporo FY2016: rates against the H30 targets, checked by hand', async () => {
  const evaluation = await evaluatePlan(database.db, 'sapporo-2nd', 2016);
  const byName = new Map(evaluation.indicators.map((e) => [e.name, presentEvaluation(e)]));
  // 町内会加入率: H28 71.1% ÷ H30 74.0% = 0.96081… → 96.1%; H25 was 71.7%, so not improved → C
  assert.equal(byName.get('町内会加入率')?.rate, '96.1%');
  assert.equal(byName.get('町内会加入率')?.grade, 'C');
  // 寄附金額(累計): 約7億6,000万円 ÷ 7億4,000万円 = 760,000,000 ÷ 740,000,000 = 1.02702… → 102.7% → A
  const money = byName.get('さぽーとほっと基金寄附金額(累計)');
  assert.equal(money?.rate, '102.7%');
  assert.equal(money?.grade, 'A');
  assert.match(money?.formula ?? '', /約7億6,000万円 ÷ 7億4,000万円 = 102\.7%/);
  // 参加したことのある人の割合: 81.4 ÷ 70.0 = 1.16285… → 116.3% ≥ 110% → S
  assert.equal(byName.get('市民まちづくり活動に参加したことのある人の割合')?.rate, '116.3%');
  assert.equal(byName.get('市民まちづくり活動に参加したことのある人の割合')?.grade, 'S');
  // 認証NPO法人数: 939 ÷ 1,100 = 0.85363… → 85.4%; 939 > 887 (H25) → improved → B
  assert.equal(byName.get('認証NPO法人数')?.rate, '85.4%');
  assert.equal(byName.get('認証NPO法人数')?.grade, 'B');
  // 参考: 団体指定寄附を受けた団体数 has "—" as its H30 target: no rate, and it says why
  assert.equal(byName.get('団体指定寄附を受けた団体数')?.rate, '');
  assert.equal(byName.get('団体指定寄附を受けた団体数')?.formula, '目標値が設定されていません');
  // the document has 15 indicators with an H28 value; 14 have a target
  assert.equal(evaluation.indicators.length, 15);
  assert.equal(evaluation.distribution.total, 14);
  assert.equal(evaluation.distribution.ungraded, 1);
  const shares = evaluation.distribution.rows.reduce((sum, row) => sum + Number(row.share.toString()), 0);
  assert.equal(shares.toFixed(1), '100.0');
});

test('Sapporo FY2017: a figure as of H29.9.15 is not judged as the year\'s actual', async () => {
  const evaluation = await evaluatePlan(database.db, 'sapporo-2nd', 2017);
  const count = evaluation.indicators.find((e) => e.name === 'さぽーとほっと基金寄附件数');
  assert.equal(count?.actual?.text, '69件');
  assert.equal(count?.actual?.asOf, '2017-09-15');
  assert.equal(count?.rate?.status, 'not_measurable');
  const surveyed = evaluation.indicators.find((e) => e.name === '町内会加入率');
  assert.equal(surveyed?.actual?.missingReason, 'not_yet_surveyed'); // 今後調査
  assert.equal(surveyed?.rate?.status, 'not_measurable');
});

test('the CSV has one row per judged indicator under one header', async () => {
  const csv = evaluationCsv(await evaluatePlan(database.db, 'sapporo-2nd', 2016));
  const lines = csv.trimEnd().split('\r\n');
  assert.equal(lines.length, 1 + 15);
  assert.match(lines[0] ?? '', /^指標コード,指標名,分野,実績,目標/);
});

test('shinchoku evaluate accepts wareki years and rejects a year that does not exist', { timeout: 60_000 }, async () => {
  const env = database.url ? { DATABASE_URL: database.url } : {};
  const dataDir = mkdtempSync(join(tmpdir(), 'shinchoku-evaluate-'));
  after(() => rmSync(dataDir, { recursive: true, force: true }));
  const args = database.url ? [] : ['--data', dataDir];
  const ok = await runCli(['evaluate', 'sapporo-2nd', '--year', '平成28年度', ...args], env);
  assert.equal(ok.code, 0, ok.stderr);
  assert.match(ok.stdout, /71\.1% ÷ 74\.0% = 96\.1%/);
  const bad = await runCli(['evaluate', 'sapporo-2nd', '--year', '平成32年度', ...args], env);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /--year: .*平成32年/);
});
