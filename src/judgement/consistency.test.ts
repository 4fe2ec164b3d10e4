// One judgement, every way out: for every indicator × fiscal year the evaluator judges in the
// bundled plans and in a small plan written here, under each rate method a plan can be set to,
// the rate and grade are the same on the portal's indicator page, in the council report (its
// web page, Excel workbook and PDF text) and in `shinchoku evaluate --format json`. The surfaces
// are compared with each other, and Sapporo 2-a with figures worked out by hand from the document.
//
// The API (/api/v1) and the open data files carry no rate or grade of an indicator (their
// evaluations are the grades of entries, a department's and headquarters' judgement), so there is
// nothing of theirs to compare here.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../test-support/database.js';
import { runCli } from '../test-support/cli.js';
import { prepareBundledData } from '../datasets/bundled.js';
import { Dataset, type DatasetInput } from '../datasets/dataset-format.js';
import { loadDataset } from '../datasets/load-dataset.js';
import { SYSTEM_ACTOR } from '../system/audit.repository.js';
import { openDatabase, queryRows, type DatabaseOptions } from '../db/client.js';
import { parseCommand } from '../cli/command.js';
import { createApp } from '../app.js';
import { d } from '../domain/decimal.js';
import type { RateMethod } from '../domain/judgement.js';
import { formatFiscalYear } from '../domain/wareki.js';
import { readReportData } from '../reports/report-data.js';
import { renderReportFile } from '../reports/render-report.js';
import { buildReport } from '../reports/report-model.js';
import { pdfPageTexts } from '../reports/pdf-text.js';
import { evaluateCommand, presentEvaluation } from './evaluate.commands.js';
import { evaluatePlan } from './evaluate-plan.js';

/**
 * The methods a plan's setting chooses for its dated targets (judgement/indicator-year.ts); 'band'
 * and 'every_year' belong to a target's kind (維持, 毎年度), so a plan set to them judges a dated
 * target by ratio: the same as 'ratio' here.
 */
const PLAN_METHODS: readonly RateMethod[] = ['ratio', 'improvement', 'prorated', 'cumulative'];

/** テスト市's small plan: up and down, a standing every-year target, a maintain band, an upper plan's target only, 見込 and 状況, 今後調査. */
const GENERATED: DatasetInput = {
  format: 'shinchoku-dataset/1',
  organisation: { code: 'testcity', name: 'テスト市' },
  plan: { code: 'test-consistency', title: 'テスト市 協働推進計画', periodStartFy: 2021, periodEndFy: 2025, levelNames: ['分野', '施策'], scale: 'mechanical-sabc' },
  items: [
    { code: '1', parent: null, number: '1', name: '参加の促進' },
    { code: '1-1', parent: '1', number: '1-1', name: '参加の機会' },
    { code: '2', parent: null, number: '2', name: '活動の支援' },
  ],
  indicators: [
    {
      code: 'up', item: '1', name: '参加者数', unit: '人', direction: 'up',
      baseline: { value: '100', fiscalYear: 2020 },
      targets: [{ kind: 'by_year', fiscalYear: 2025, value: '200', text: '200人' }],
      observations: [
        { fiscalYear: 2020, value: '100', text: '100人' },
        { fiscalYear: 2021, value: '120', text: '120人' },
        { fiscalYear: 2022, value: '150', text: '150人' },
        { fiscalYear: 2023, kind: 'estimate', value: '170', text: '170人' },
      ],
    },
    {
      code: 'down', item: '1-1', name: '待機件数', unit: '件', direction: 'down',
      baseline: { value: '50', fiscalYear: 2020 },
      targets: [{ kind: 'by_year', fiscalYear: 2025, value: '30', text: '30件' }],
      observations: [
        { fiscalYear: 2021, value: '45', text: '45件' },
        { fiscalYear: 2022, value: '52', text: '52件' },
        { fiscalYear: 2023, value: null, text: '今後調査', missingReason: 'not_yet_surveyed' },
      ],
    },
    {
      code: 'every', item: '2', name: '講座の回数', unit: '回', direction: 'up',
      targets: [{ kind: 'every_year_min', value: '10', text: '毎年度10回以上' }],
      observations: [
        { fiscalYear: 2021, value: '12', text: '12回' },
        { fiscalYear: 2022, value: '11', text: '11回' },
      ],
    },
    {
      code: 'band', item: '2', name: '満足度', unit: '%', direction: 'maintain',
      targets: [{ kind: 'maintain', bandLow: '40', bandHigh: '60', text: '40〜60%を維持' }],
      observations: [
        { fiscalYear: 2021, value: '55', text: '55%' },
        { fiscalYear: 2022, value: '70', text: '70%' },
      ],
    },
    {
      code: 'upper', item: '2', name: '登録団体数', unit: '団体', direction: 'up',
      baseline: { value: '300', fiscalYear: 2020 },
      targets: [{ kind: 'by_year', fiscalYear: 2023, value: '500', text: '500団体', setBy: 'action_plan' }],
      observations: [
        { fiscalYear: 2021, value: '200', text: '200団体' },
        { fiscalYear: 2022, value: '260', text: '260団体' },
      ],
    },
  ],
  rounds: [{ fiscalYear: 2022, state: 'published' }],
};

const PLANS = ['sapporo-2nd', 'sendai-2021', 'test-consistency'];

let database: TestDatabase;
before(async () => {
  database = await createTestDatabase();
  await prepareBundledData(database);
  await database.db.transaction((tx) => loadDataset(tx, Dataset.parse(GENERATED), SYSTEM_ACTOR));
});
after(async () => {
  await database.close();
});

async function setPlanMethod(method: RateMethod): Promise<void> {
  await database.db.execute(sql`UPDATE plans SET settings = settings || ${JSON.stringify({ rateMethod: method })}::jsonb WHERE code IN (${sql.join(PLANS.map((p) => sql`${p}`), sql`, `)})`);
}

/** What a surface shows for one indicator in one year: the rate as a number ('' when none) and the grade ('' when none). */
interface Shown {
  rate: string;
  grade: string;
}
type Key = string; // plan|indicator|fiscalYear
const key = (plan: string, indicator: string, fiscalYear: number): Key => `${plan}|${indicator}|${fiscalYear}`;

/** '116.3%', '1,169.5%', '−12.5%' → '116.3', '1169.5', '-12.5'; anything else (評価不能, —) → ''. */
function rateNumber(text: string): string {
  const m = /^([−-]?[\d,]+(?:\.\d+)?)%$/.exec(text.trim());
  return m?.[1] ? d(m[1].replace(/,/g, '').replace('−', '-')).toFixed() : '';
}

// ───────────────────────── `shinchoku evaluate --format json` ─────────────────────────

interface EvaluateRow {
  code: string;
  rate: string;
  ratePlain: string;
  formula: string;
  grade: string;
  gradeExplanation: string;
}

/** The evaluate command as the CLI runs it (its argument parsing, bootstrap and JSON), on a database given by options. */
async function evaluateJson(options: DatabaseOptions, plan: string, fiscalYear: number): Promise<{ fiscalYear: number; indicators: EvaluateRow[] }> {
  let output = '';
  const context = { ...parseCommand(evaluateCommand, [plan, '--year', String(fiscalYear), '--format', 'json']), database: () => options, out: (line: string) => (output += `${line}\n`) };
  const code = await evaluateCommand.run(context);
  assert.ok(code === undefined || code === 0, `evaluate ${plan} ${fiscalYear} → ${code}`);
  return JSON.parse(output) as { fiscalYear: number; indicators: EvaluateRow[] };
}

/** What `evaluate --format json` prints for a plan and year: its rows, made here by the functions the command calls. */
async function evaluateRows(plan: string, fiscalYear: number): Promise<EvaluateRow[]> {
  return (await evaluatePlan(database.db, plan, fiscalYear)).indicators.map(presentEvaluation);
}

/** Options that open this test's database in another connection: the same PostgreSQL database, or a PGlite started from a copy. */
async function sameDatabase(): Promise<DatabaseOptions> {
  if (database.url) return { url: database.url };
  const client = (database.db as unknown as { $client: PGlite }).$client;
  return { loadDataDir: await client.dumpDataDir('none') };
}

/** Fiscal years with a value of the plan (the years a judgement can exist). */
async function yearsOf(plan: string): Promise<number[]> {
  const rows = await queryRows<{ fiscal_year: number }>(
    database.db,
    sql`SELECT DISTINCT o.fiscal_year FROM observations o JOIN indicators i ON i.id = o.indicator_id JOIN plans p ON p.id = i.plan_id WHERE p.code = ${plan} ORDER BY 1`,
  );
  return rows.map((r) => Number(r.fiscal_year));
}

// ───────────────────────── the portal's indicator page ─────────────────────────

const decode = (html: string) => html.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/** Year label (平成28年度) → the rate and grade of that row of the indicator page's table. */
function portalRows(html: string): Map<string, Shown> {
  const out = new Map<string, Shown>();
  const body = /<table class="data-table data-table-numbers">[\s\S]*?<tbody>([\s\S]*?)<\/tbody>/.exec(html)?.[1] ?? '';
  for (const row of body.split('</tr>')) {
    const year = /<th scope="row">([^<]+)<\/th>/.exec(row)?.[1];
    if (!year) continue;
    const cells = [...row.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((m) => m[1] ?? '');
    const rateCell = cells[3] ?? '';
    const gradeCell = cells[4] ?? '';
    out.set(year, {
      rate: rateNumber(decode(/<span class="num">([^<]*)<\/span>/.exec(rateCell)?.[1] ?? '')),
      grade: decode(/<span class="grade-code">([^<]*)<\/span>/.exec(gradeCell)?.[1] ?? ''),
    });
  }
  return out;
}

// ───────────────────────── the report: web page, Excel, PDF ─────────────────────────

/** Column name in the report's sheet (参考:名前（単位）) → indicator code. */
function sheetColumnName(indicator: { name: string; unit: string | null; isReference: boolean }): string {
  return `${indicator.isReference ? '参考:' : ''}${indicator.name}${indicator.unit ? `（${indicator.unit}）` : ''}`;
}

/** Every rate and grade cell of the workbook's indicator tables, by indicator name as the header writes it. */
async function workbookRates(bytes: Uint8Array): Promise<Map<string, { fiscalYear: string; rate: string; grade: string; formula: string }>> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  const out = new Map<string, { fiscalYear: string; rate: string; grade: string; formula: string }>();
  for (const sheet of workbook.worksheets) {
    let header = 0;
    for (let r = 1; r <= sheet.rowCount; r++) {
      const label = String(sheet.getCell(r, 1).value ?? '');
      if (label === '年度') header = r;
      const rate = /^達成率（(.+?)）/.exec(label);
      if (!rate || header === 0) continue;
      const gradeRow = r + 1;
      assert.match(String(sheet.getCell(gradeRow, 1).value ?? ''), /^評価（/);
      for (let c = 2; c <= sheet.columnCount; c++) {
        const name = String(sheet.getCell(header, c).value ?? '');
        if (name === '') continue;
        const cell = sheet.getCell(r, c);
        const value = cell.value;
        const note = typeof cell.note === 'string' ? cell.note : '';
        out.set(name, {
          fiscalYear: rate[1] ?? '',
          // a rate is a number shown in % (1.163 → 116.3%); a word (評価不能, —) has none
          rate: typeof value === 'number' ? d(String(value)).times(100).toFixed() : '',
          grade: String(sheet.getCell(gradeRow, c).value ?? '').replace(/^—$/, ''),
          formula: note,
        });
      }
    }
  }
  return out;
}

const squash = (text: string) => text.replace(/\s+/g, '');

// ───────────────────────── the test ─────────────────────────

interface MethodResult {
  compared: number;
  sapporo2a: Map<number, Shown>;
}

async function checkMethod(method: RateMethod): Promise<MethodResult> {
  await setPlanMethod(method);
  const app = createApp(database);
  let compared = 0;
  const sapporo2a = new Map<number, Shown>();
  // the command (run as the CLI runs it, on its own connection) prints exactly those rows
  const printed = await evaluateJson(await sameDatabase(), 'sapporo-2nd', 2016);
  assert.deepEqual(printed.indicators, await evaluateRows('sapporo-2nd', 2016), `${method}: evaluate --format json`);

  for (const plan of PLANS) {
    // the reference: every indicator × year the evaluate command judges
    const judged = new Map<Key, EvaluateRow>();
    for (const fiscalYear of await yearsOf(plan)) {
      for (const row of await evaluateRows(plan, fiscalYear)) judged.set(key(plan, row.code, fiscalYear), row);
    }
    assert.ok(judged.size > 0, `${plan}: nothing judged`);

    // the portal: one indicator page each, a row per year
    const indicatorCodes = [...new Set([...judged.keys()].map((k) => k.split('|')[1] ?? ''))];
    for (const code of indicatorCodes) {
      const response = await app.request(`/plans/${plan}/indicators/${encodeURIComponent(code)}`);
      assert.equal(response.status, 200, `${plan} ${code}`);
      const rows = portalRows(await response.text());
      for (const [k, row] of judged) {
        const [, indicator, year] = k.split('|');
        if (indicator !== code) continue;
        const fiscalYear = Number(year);
        const shown = rows.get(formatFiscalYear(fiscalYear));
        assert.ok(shown, `${plan} ${code} ${fiscalYear}: no row on the indicator page`);
        const expected: Shown = { rate: rateNumber(row.rate), grade: row.grade };
        assert.deepEqual(shown, expected, `${method}: ${plan} ${code} ${fiscalYear}: portal ${JSON.stringify(shown)} vs evaluate ${JSON.stringify(expected)}`);
        if (row.ratePlain !== '') assert.equal(expected.rate, d(row.ratePlain).toFixed(), `${plan} ${code} ${fiscalYear}: evaluate's rate and its plain figure`);
        if (plan === 'sapporo-2nd' && code === '2-a') sapporo2a.set(fiscalYear, shown);
        compared++;
      }
    }

    // the report, once per format, for the year it judges (the round shown)
    const data = await readReportData(database.db, plan, false, undefined);
    const model = buildReport(data.dataset);
    const reportFy = model.round?.fiscalYear ?? null;
    const rateRows = [...model.sections.map((s) => s.table), ...model.projects.flatMap((g) => g.groups.flatMap((x) => x.projects.map((p) => p.table)))].filter((t) => t?.rows.some((r) => r.kind === 'rate'));
    if (reportFy === null) {
      // Sendai's bundled plan has no round: its report judges no year
      assert.equal(rateRows.length, 0, `${plan}: a report without a round shows no rate`);
      continue;
    }
    const inYear = [...judged].filter(([k]) => k.endsWith(`|${reportFy}`)).map(([k, row]) => ({ code: k.split('|')[1] ?? '', row }));
    assert.ok(inYear.length > 0, `${plan}: nothing judged in the report's year ${reportFy}`);
    const indicatorOf = new Map(data.dataset.indicators.map((i) => [i.code, i]));

    const [xlsx, pdf, html] = await Promise.all(
      (['xlsx', 'pdf', 'html'] as const).map((format) => renderReportFile(data.dataset, { format, includeDrafts: false, history: data.history })),
    );
    const sheet = await workbookRates(xlsx?.bytes ?? new Uint8Array());
    const pdfText = squash(pdfPageTexts(Buffer.from(pdf?.bytes ?? new Uint8Array())).join(''));
    const page = squash(decode(Buffer.from(html?.bytes ?? new Uint8Array()).toString('utf8').replace(/<[^>]+>/g, ' ')));
    for (const { code, row } of inYear) {
      const indicator = indicatorOf.get(code);
      assert.ok(indicator, code);
      const what: string = `${method}: ${plan} ${code} ${reportFy}`;
      // Excel: the rate as a number in %, the formula in its note; the grade in the row below
      const cell = sheet.get(sheetColumnName(indicator));
      assert.ok(cell, `${what}: no column in the workbook`);
      assert.equal(cell.fiscalYear, formatFiscalYear(reportFy, { style: 'short' }), what);
      assert.deepEqual({ rate: cell.rate, grade: cell.grade }, { rate: rateNumber(row.rate), grade: row.grade }, `${what}: Excel vs evaluate`);
      if (row.formula) assert.ok(cell.formula.includes(row.formula), `${what}: Excel note ${JSON.stringify(cell.formula)} lacks ${JSON.stringify(row.formula)}`);
      // PDF and web page: each figure with its formula under it, each grade with its explanation
      const rateShown = squash(row.rate ? `${row.rate}${row.formula}` : `—${row.formula}`);
      // (a year judged without a grade and without its reason in the JSON — a baseline year — is checked by Excel alone)
      const gradeShown = row.gradeExplanation ? squash(`${row.grade || '—'}${row.gradeExplanation}`) : row.rate ? null : squash(`—${row.formula}`);
      for (const [surface, text] of [['PDF', pdfText], ['report page', page]] as const) {
        assert.ok(text.includes(rateShown), `${what}: ${surface} lacks ${rateShown}`);
        if (gradeShown) assert.ok(text.includes(gradeShown), `${what}: ${surface} lacks ${gradeShown}`);
      }
      compared++;
    }
  }
  return { compared, sapporo2a };
}

const results = new Map<RateMethod, MethodResult>();

for (const method of PLAN_METHODS) {
  test(`rate method ${method}: portal, report (web, Excel, PDF) and evaluate agree on every judged indicator × year`, { timeout: 120_000 }, async (t) => {
    const result = await checkMethod(method);
    t.diagnostic(`${result.compared} figures compared`);
    assert.ok(result.compared >= 40, `${method}: only ${result.compared} figures compared`);
    results.set(method, result);
  });
}

test('Sapporo 2-a (市民活動サポートセンター登録団体数), worked out by hand from the document', () => {
  // The document's table (基本目標2): H25実績 2,280団体 (the baseline), H28実績 2,653団体, H30目標 2,500団体.
  // ratio:       2,653 ÷ 2,500 = 1.0612 → 106.1%; 100% ≦ 106.1% < 110% → A
  assert.deepEqual(results.get('ratio')?.sapporo2a.get(2016), { rate: '106.1', grade: 'A' });
  // improvement: (2,653 − 2,280) ÷ (2,500 − 2,280) = 373 ÷ 220 = 1.69545… → 169.5% ≧ 110% → S
  assert.deepEqual(results.get('improvement')?.sapporo2a.get(2016), { rate: '169.5', grade: 'S' });
  // H26: (2,400 − 2,280) ÷ 220 = 120 ÷ 220 = 0.54545… → 54.5%, below 100% but improved on the baseline → B
  assert.deepEqual(results.get('improvement')?.sapporo2a.get(2014), { rate: '54.5', grade: 'B' });
  // prorated: the H28 step of a straight line from H25 2,280 to H30 2,500 is 2,280 + 220 × 3/5 = 2,412;
  // 2,653 ÷ 2,412 = 1.09991… → 110.0% (compared as the number 110) ≧ 110% → S
  assert.deepEqual(results.get('prorated')?.sapporo2a.get(2016), { rate: '110', grade: 'S' });
});

test('shinchoku evaluate itself (a child process) prints what the command printed here', { timeout: 120_000 }, async () => {
  await setPlanMethod('improvement');
  const inProcess = await evaluateJson(await sameDatabase(), 'sapporo-2nd', 2016);
  let env: Record<string, string> = {};
  let args: string[] = [];
  if (database.url) env = { DATABASE_URL: database.url };
  else {
    // the child opens a data folder: this test's database, copied into one
    const dir = mkdtempSync(join(tmpdir(), 'shinchoku-consistency-'));
    after(() => rmSync(dir, { recursive: true, force: true }));
    const image = (await sameDatabase()).loadDataDir;
    const copy = await openDatabase({ dataDir: dir, ...(image ? { loadDataDir: image } : {}) });
    await copy.close();
    args = ['--data', dir];
  }
  const result = await runCli(['evaluate', 'sapporo-2nd', '--year', 'H28', '--format', 'json', ...args], env);
  assert.equal(result.code, 0, result.stderr);
  const printed = JSON.parse(result.stdout) as { indicators: EvaluateRow[] };
  assert.deepEqual(printed.indicators.map((r) => [r.code, r.rate, r.grade]), inProcess.indicators.map((r) => [r.code, r.rate, r.grade]));
  const twoA = printed.indicators.find((r) => r.code === '2-a');
  // (2,653 − 2,280) ÷ (2,500 − 2,280) = 169.5% → S, as on the portal
  assert.equal(twoA?.rate, '169.5%');
  assert.equal(twoA?.grade, 'S');
});
