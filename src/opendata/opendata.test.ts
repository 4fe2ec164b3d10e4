// Open data files: the CSV rules (BOM, one header row, the same number of fields on every row,
// one observation per row), values read back with a CSV library equal to the source document and
// to the database, the same value text in CSV, JSON and API, the Excel copy, the column dictionary
// in docs/opendata.md, and no trace of an unpublished round anywhere.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { and, eq } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../test-support/database.js';
import { prepareBundledData } from '../datasets/bundled.js';
import { readBundledDatasets } from '../datasets/read-dataset.js';
import { createApp } from '../app.js';
import { entries, indicators, observations, planItems, plans, rounds } from '../db/schema.js';
import { d } from '../domain/decimal.js';
import { parseJapaneseNumber } from '../domain/numbers.js';
import { TABLE_NAMES, TABLES, DICTIONARY_COLUMNS } from './tables.js';
import { revalidate } from '../api/revalidate.testing.js';

let database: TestDatabase;
let app: ReturnType<typeof createApp>;
before(async () => {
  database = await createTestDatabase();
  await prepareBundledData(database);
  app = createApp(database);
});
after(async () => {
  await database.close();
});

const BOM = '\uFEFF';
type CsvRow = Record<string, string>;

async function download(path: string): Promise<{ response: Response; bytes: Buffer }> {
  const response = await app.request(path);
  assert.equal(response.status, 200, path);
  return { response, bytes: Buffer.from(await response.arrayBuffer()) };
}

/** Reads a CSV as a user's tool would: UTF-8 with BOM, header row, RFC 4180 quoting. */
async function readCsv(path: string): Promise<{ header: string[]; rows: CsvRow[]; text: string }> {
  const { bytes } = await download(path);
  const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  const records = parse(text, { bom: true, relax_column_count: false }) as string[][];
  const [header = [], ...body] = records;
  return { header, rows: body.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? '']))), text };
}

/** The first 成果指標 table of the Sapporo report (基本目標1), read from the source text. */
function sapporoGoalOneTable(): { indicatorNames: string[]; rows: { label: string; cells: string[] }[] } {
  const lines = readFileSync(new URL('../../datasets/sapporo-2nd/source.txt', import.meta.url), 'utf8').split('\n');
  const headerIndex = lines.findIndex((l) => l.includes('町内会加入率') && l.startsWith('\t'));
  assert.ok(headerIndex > 0, 'the source has the 成果指標 header with 町内会加入率');
  const indicatorNames = (lines[headerIndex] ?? '').split('\t').slice(1).map((s) => s.trim());
  const rows: { label: string; cells: string[] }[] = [];
  for (const line of lines.slice(headerIndex + 1)) {
    const [label = '', ...cells] = line.split('\t');
    if (!/^H\d+(実績|状況)$/.test(label.trim())) break;
    rows.push({ label: label.trim(), cells: cells.map((c) => c.trim()) });
  }
  return { indicatorNames, rows };
}

test('observations CSV: BOM, one header row, the same field count on every row, decodes as UTF-8', async () => {
  const { bytes } = await download('/opendata/plans/sapporo-2nd/observations.csv');
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'starts with the UTF-8 BOM');
  const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes); // throws on invalid UTF-8
  const records = parse(text.replace(BOM, ''), {}) as string[][];
  const header = records[0] ?? [];
  assert.deepEqual(header, TABLES.observations.columns.map((c) => c.header));
  assert.equal(new Set(header).size, header.length, 'no duplicated (merged) header');
  for (const [i, record] of records.entries()) assert.equal(record.length, header.length, `row ${i + 1} has every field, no merged cells`);
  assert.equal(records.filter((r) => r.every((cell, j) => j === 0 || cell === r[0])).length, 0, 'no row repeats one cell across columns (no merged cells)');
  assert.ok(text.includes('\r\n'), 'CRLF line ends');
  assert.equal((text.match(/全国地方公共団体コード/g) ?? []).length, 1, 'one header row only');
});

test('observations CSV is long format: one row per observation, for a plan, an organisation and everything', async () => {
  const datasets = await readBundledDatasets();
  const count = (codes: string[]) =>
    datasets.filter((ds) => codes.includes(ds.plan.code)).reduce((n, ds) => n + ds.indicators.reduce((m, i) => m + i.observations.length, 0), 0);
  assert.equal((await readCsv('/opendata/plans/sapporo-2nd/observations.csv')).rows.length, count(['sapporo-2nd']));
  // Sapporo 基本目標1 alone: 4 indicators × 5 years (H25–H28 実績, H29 状況) in the source table
  const table = sapporoGoalOneTable();
  assert.equal(table.indicatorNames.length * table.rows.length, 20);
  const sendai = datasets.filter((ds) => ds.organisation.code === 'sendai').map((ds) => ds.plan.code);
  assert.equal((await readCsv('/opendata/organisations/sendai/observations.csv')).rows.length, count(sendai));
  assert.equal((await readCsv('/opendata/all/observations.csv')).rows.length, count(datasets.map((ds) => ds.plan.code)));
  const [row] = await database.db.select({ n: observations.id }).from(observations);
  assert.ok(row, 'the database has observations');
});

test('Sapporo observations read back from the CSV equal the source document (町内会加入率 H25 = 71.7)', async () => {
  const { rows } = await readCsv('/opendata/plans/sapporo-2nd/observations.csv');
  const h25 = rows.find((r) => r['指標名'] === '町内会加入率' && r['年度'] === '2013' && r['値区分'] === '実績');
  assert.ok(h25, '町内会加入率 H25 is in the file');
  assert.equal(h25['値'], '71.7');
  assert.equal(h25['単位'], '%');
  assert.equal(h25['年度（和暦）'], '平成25年度');
  assert.equal(h25['欠測理由'], '');

  const table = sapporoGoalOneTable();
  for (const sourceRow of table.rows) {
    const fiscalYear = 1988 + Number(/^H(\d+)/.exec(sourceRow.label)?.[1]); // 平成N年度 = 1988 + N
    const kindLabel = sourceRow.label.endsWith('実績') ? '実績' : '状況';
    for (const [i, name] of table.indicatorNames.entries()) {
      const cell = sourceRow.cells[i] ?? '';
      const found = rows.find((r) => r['指標名'] === name && r['年度'] === String(fiscalYear) && r['値区分'] === kindLabel);
      assert.ok(found, `${name} ${sourceRow.label} is in the CSV`);
      const parsed = parseJapaneseNumber(cell);
      if (parsed.kind === 'missing') {
        assert.equal(found['値'], '', `${name} ${sourceRow.label}: empty value`);
        assert.equal(found['欠測理由'], '今後調査', `${name} ${sourceRow.label}: the reason is given`);
      } else {
        assert.ok(d(found['値'] ?? '').equals(parsed.value), `${name} ${sourceRow.label}: ${found['値']} = ${cell}`);
        assert.equal(found['表記'], cell, 'the text as written is kept');
      }
    }
  }
  // the partial-year figure keeps its as-of date in ISO 8601 (※H29.9.15時点)
  const partial = rows.find((r) => r['指標名'] === 'さぽーとほっと基金寄附件数' && r['年度'] === '2017');
  assert.equal(partial?.['時点'], '2017-09-15');
});

test('every CSV row equals the database row, for every bundled observation', async () => {
  const { rows } = await readCsv('/opendata/all/observations.csv');
  const stored = await database.db
    .select({ plan: plans.code, indicator: indicators.code, fiscalYear: observations.fiscalYear, kind: observations.kind, value: observations.value, text: observations.text, missingReason: observations.missingReason })
    .from(observations)
    .innerJoin(indicators, eq(indicators.id, observations.indicatorId))
    .innerJoin(plans, eq(plans.id, indicators.planId));
  assert.equal(rows.length, stored.length);
  const byKey = new Map(rows.map((r) => [`${r['計画コード']}|${r['指標コード']}|${r['年度']}|${r['値区分コード']}`, r]));
  for (const s of stored) {
    const row = byKey.get(`${s.plan}|${s.indicator}|${s.fiscalYear}|${s.kind}`);
    assert.ok(row, `${s.plan} ${s.indicator} ${s.fiscalYear} ${s.kind}`);
    if (s.value === null) {
      assert.equal(row['値'], '');
      assert.equal(row['欠測理由コード'], s.missingReason);
    } else {
      assert.ok(d(row['値'] ?? 'NaN').equals(d(s.value)), `${s.plan} ${s.indicator} ${s.fiscalYear}: ${row['値']} = ${s.value}`);
      assert.equal(row['欠測理由コード'], '');
    }
    assert.equal(row['表記'], s.text);
  }
});

test('the same observation has the same value text in the CSV, the JSON file and the API', async () => {
  const csv = (await readCsv('/opendata/plans/sapporo-2nd/observations.csv')).rows.find((r) => r['指標名'] === 'さぽーとほっと基金寄附金額(累計)' && r['年度'] === '2013');
  const json = (await (await app.request('/opendata/plans/sapporo-2nd/observations.json')).json()) as { records: Record<string, unknown>[]; license: string };
  const fromJson = json.records.find((r) => r.indicatorName === 'さぽーとほっと基金寄附金額(累計)' && r.fiscalYear === 2013);
  const api = (await (await app.request(`/api/v1/plans/sapporo-2nd/observations?fiscalYear=2013&limit=500`)).json()) as { data: Record<string, unknown>[] };
  const fromApi = api.data.find((r) => r.indicatorName === 'さぽーとほっと基金寄附金額(累計)');
  // source: 約4億9,600万円 = 496,000,000 (hand calculation: 4億 = 400,000,000; 9,600万 = 96,000,000)
  assert.equal(csv?.['値'], '496000000');
  assert.equal(fromJson?.value, '496000000');
  assert.equal(fromApi?.value, '496000000');
  assert.equal(csv?.['概数'], '1');
  assert.equal(fromJson?.approximate, true);
  assert.equal(fromApi?.text, '約4億9,600万円');
  assert.equal(json.license, 'CC-BY-4.0');
});

test('every file of every scope opens: CSV and JSON per table, the Excel workbook with the same rows', async () => {
  const xlsx = await download('/opendata/plans/sapporo-2nd/data.xlsx');
  assert.match(xlsx.response.headers.get('content-type') ?? '', /spreadsheetml/);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(xlsx.bytes as unknown as ArrayBuffer);
  for (const name of TABLE_NAMES) {
    const csv = await readCsv(`/opendata/plans/sapporo-2nd/${name}.csv`);
    const json = (await (await app.request(`/opendata/plans/sapporo-2nd/${name}.json`)).json()) as { records: unknown[] };
    assert.equal(json.records.length, csv.rows.length, `${name}: JSON and CSV have the same rows`);
    const sheet = workbook.getWorksheet(TABLES[name].title);
    assert.ok(sheet, `${name}: sheet ${TABLES[name].title}`);
    assert.equal(sheet.rowCount, csv.rows.length + 1, `${name}: the sheet has the header and the same rows`);
    assert.deepEqual((sheet.getRow(1).values as unknown[]).slice(1), csv.header);
  }
  const sheet = workbook.getWorksheet('実績値');
  const h25 = sheet?.getRows(2, sheet.rowCount - 1)?.find((r) => r.getCell(8).value === '町内会加入率' && r.getCell(9).value === 2013);
  assert.equal(h25?.getCell(13).value, 71.7, 'Excel holds numbers as numbers');
  assert.ok(workbook.getWorksheet('列の説明') && workbook.getWorksheet('ライセンス'));
  for (const name of TABLE_NAMES) {
    await download(`/opendata/organisations/sendai/${name}.csv`);
    await download(`/opendata/all/${name}.json`);
  }
  assert.equal((await app.request('/opendata/plans/nagoya/observations.csv')).status, 404);
  assert.equal((await app.request('/opendata/plans/sapporo-2nd/observations.tsv')).status, 404);
});

test('the column dictionary lists every column of every file, as CSV and in docs/opendata.md', async () => {
  const { rows, header } = await readCsv('/opendata/columns.csv');
  assert.deepEqual(header, DICTIONARY_COLUMNS.map((c) => c.header));
  const section = readFileSync(new URL('../../docs/opendata.md', import.meta.url), 'utf8');
  for (const name of TABLE_NAMES) {
    for (const column of TABLES[name].columns) {
      assert.ok(rows.some((r) => r['ファイル'] === name && r['列名'] === column.header && r['JSONキー'] === column.key), `${name}.${column.key} in columns.csv`);
      assert.ok(section.includes(`| ${column.header} | \`${column.key}\` |`), `${name}: 「${column.header}」 in the column dictionary of docs/opendata.md`);
    }
  }
  assert.match(section, /CC BY 4\.0/);
  const page = await app.request('/opendata');
  assert.equal(page.status, 200);
  assert.match(await page.text(), /クリエイティブ・コモンズ 表示 4\.0/);
});

test('downloads answer 304 to a matching If-None-Match and carry CORS for any origin', async () => {
  const request = (headers: Record<string, string>) => app.request('/opendata/plans/sapporo-2nd/observations.csv', { headers: { origin: 'https://example.org', ...headers } });
  const { first, second } = await revalidate(request, 'if-none-match');
  assert.equal(first.status, 200);
  assert.equal(first.headers.get('access-control-allow-origin'), '*');
  const etag = first.headers.get('etag');
  assert.ok(etag && first.headers.get('last-modified'));
  assert.equal(second.status, 304);
  assert.equal(await second.text(), '');
  const other = await app.request('/opendata/plans/sapporo-2nd/targets.csv', { headers: { 'if-none-match': etag } });
  assert.equal(other.status, 200, 'another file has another ETag');
});

test('an unpublished round never appears: not in any download, not in any API answer; publishing shows it', async () => {
  const [plan] = await database.db.select().from(plans).where(eq(plans.code, 'sendai-2021'));
  assert.ok(plan);
  const [item] = await database.db.select().from(planItems).where(and(eq(planItems.planId, plan.id), eq(planItems.code, '1-(1)-①')));
  assert.ok(item);
  const SECRET = '未公表の下書き：まだ誰にも見せない取組結果';
  const [round] = await database.db.insert(rounds).values({ planId: plan.id, fiscalYear: 2021, state: 'review' }).returning();
  assert.ok(round);
  await database.db.insert(entries).values({ planId: plan.id, roundId: round.id, itemId: item.id, state: 'submitted', selfGrade: 'A', resultsText: SECRET });
  const etagBefore = (await app.request('/api/v1/plans/sendai-2021/rounds')).headers.get('etag');

  const paths = [
    ...['plans/sendai-2021', 'organisations/sendai', 'all'].flatMap((scope) => [...TABLE_NAMES.flatMap((t) => [`/opendata/${scope}/${t}.csv`, `/opendata/${scope}/${t}.json`]), `/opendata/${scope}/data.xlsx`]),
    '/api/v1/plans/sendai-2021/rounds',
    '/api/v1/plans/sendai-2021/items/1-(1)-%E2%91%A0',
    '/api/v1/search?q=%E6%9C%AA%E5%85%AC%E8%A1%A8',
  ];
  for (const path of paths) {
    const response = await app.request(path);
    const body = Buffer.from(await response.arrayBuffer());
    const text = path.endsWith('.xlsx') ? await xlsxText(body) : body.toString('utf8');
    assert.ok(!text.includes(SECRET), `${path} leaks the draft`);
  }
  const rounds2021 = (await (await app.request('/api/v1/plans/sendai-2021/rounds')).json()) as { data: unknown[] };
  assert.equal(rounds2021.data.length, 0);
  assert.equal((await app.request('/api/v1/plans/sendai-2021/rounds/2021/evaluations')).status, 404);
  assert.equal((await app.request('/api/v1/plans/sendai-2021/rounds/2021/distribution')).status, 404);

  // approved and published: now it is public, and the cached answer is no longer current
  await database.db.update(entries).set({ state: 'approved' }).where(eq(entries.roundId, round.id));
  await database.db.update(rounds).set({ state: 'published', publishedAt: new Date('2022-08-31T00:00:00Z') }).where(eq(rounds.id, round.id));
  const afterPublish = await app.request('/api/v1/plans/sendai-2021/rounds', { headers: { 'if-none-match': etagBefore ?? '' } });
  assert.equal(afterPublish.status, 200, 'publishing changes the ETag');
  const { rows } = await readCsv('/opendata/plans/sendai-2021/grades.csv');
  assert.equal(rows.length, 1);
  assert.equal(rows[0]?.['取組結果'], SECRET);
  assert.equal(rows[0]?.['自己評価'], 'A');
  assert.equal(rows[0]?.['評価年度（和暦）'], '令和3年度');
  await database.db.delete(rounds).where(eq(rounds.id, round.id));
});

async function xlsxText(bytes: Buffer): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  const cells: string[] = [];
  workbook.eachSheet((sheet) => sheet.eachRow((row) => row.eachCell((cell) => void cells.push(String(cell.value)))));
  return cells.join('\n');
}
