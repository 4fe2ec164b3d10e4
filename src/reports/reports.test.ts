// Reports of the bundled plans, checked against the documents they reproduce.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { createTestDatabase, type TestDatabase } from '../test-support/database.js';
import { prepareBundledData } from '../datasets/bundled.js';
import { readBundledDatasets } from '../datasets/read-dataset.js';
import { createApp } from '../app.js';
import { startReportWorker, type ReportWorker } from './report-worker.js';
import { pdfObjects, pdfPageTexts } from './pdf-text.js';
import { and, eq } from 'drizzle-orm';
import { entries, planItems, plans, rounds } from '../db/schema.js';
import { insertTestUser, TestClient } from '../auth/test-client.js';
import { exportDataset } from '../datasets/export-dataset.js';
import { formatFiscalYear } from '../domain/wareki.js';
import { d } from '../domain/decimal.js';

let database: TestDatabase;
let app: ReturnType<typeof createApp>;
let worker: ReportWorker;
before(async () => {
  database = await createTestDatabase();
  await prepareBundledData(database);
  worker = startReportWorker(database, { pollMs: 50 });
  app = createApp(database, { reportWorker: worker });
});
after(async () => {
  await worker.stop();
  await database.close();
});

/**
 * A download as a browser gets it: the file at once, or — when its report job takes longer than
 * the request waits — the job's progress page, whose file URL answers once the job is done.
 */
async function download(path: string): Promise<Response> {
  const response = await app.request(path);
  if (response.status !== 303) return response;
  const page = response.headers.get('location') ?? '';
  const id = Number(/\/jobs\/(\d+)$/.exec(page)?.[1]);
  assert.ok(id > 0, `${path} → ${page}`);
  await worker.waitFor(id, 120_000);
  return app.request(`${page}/file`);
}

const source = (code: string) => readFileSync(new URL(`../../datasets/${code}/source.txt`, import.meta.url), 'utf8');
const squash = (text: string) => text.replace(/\s+/g, '');
const decode = (html: string) =>
  html.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
const visible = (html: string) => decode(html.replace(/<[^>]+>/g, ''));

/** The 成果指標 tables of the Sapporo document: row label → cells, whitespace removed, as printed. */
function sapporoSourceTables(): { label: string; cells: string[] }[][] {
  const lines = source('sapporo-2nd').split('\n');
  const tables: { label: string; cells: string[] }[][] = [];
  lines.forEach((line, i) => {
    if (!line.startsWith('成果指標 達成状況')) return;
    const rows: { label: string; cells: string[] }[] = [];
    for (let j = i + 2; j < lines.length && (lines[j] ?? '').trim() !== ''; j++) {
      const [label = '', ...cells] = (lines[j] ?? '').split('\t');
      rows.push({ label: squash(label), cells: cells.map(squash) });
    }
    tables.push(rows);
  });
  return tables;
}

/** The tables of class "indicators" on a report page: row header (without the Western year) → cell texts. */
function pageTables(html: string): { label: string; cells: string[] }[][] {
  return [...html.matchAll(/<table class="indicators">([\s\S]*?)<\/table>/g)].map((t) =>
    [...(t[1] ?? '').split('<tbody>')[1]!.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map((row) => {
      const th = /<th scope="row">([\s\S]*?)<\/th>/.exec(row[1] ?? '')?.[1] ?? '';
      const label = squash(visible(th.replace(/<span class="western">[\s\S]*?<\/span>/, '')));
      const cells = [...(row[1] ?? '').matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((c) => squash(visible(c[1] ?? '')));
      return { label, cells };
    }),
  );
}

test('Sapporo goal sheets: every cell of the four 成果指標 tables as the document prints it', async () => {
  const response = await app.request('/reports/sapporo-2nd');
  assert.equal(response.status, 200);
  const html = await response.text();
  const expected = sapporoSourceTables();
  const shown = pageTables(html);
  assert.equal(expected.length, 4);
  assert.equal(shown.length, 4);
  // The document puts the as-of date of 寄附件数・金額 (table 1, columns 3 and 4) in a footnote:
  const footnote = /※平成29年度のさぽーとほっと基金寄附件数・金額は(H29\.9\.15)時点/.exec(source('sapporo-2nd'));
  assert.ok(footnote);
  let compared = 0;
  expected.forEach((rows, t) => {
    for (const row of rows) {
      const page = shown[t]?.find((r) => r.label === row.label);
      assert.ok(page, `table ${t + 1}: row ${row.label} is missing`);
      row.cells.forEach((cell, c) => {
        let want = cell;
        if (row.label === 'H29状況') {
          // the report writes every as-of date the same way: (H29.8.31時点), without the document's odd trailing dot
          want = want.replace(/\.時点/, '時点');
          if (t === 0 && (c === 2 || c === 3)) want = `${want}(${footnote[1]}時点)`;
        }
        assert.equal(page.cells[c], want, `table ${t + 1}, ${row.label}, column ${c + 1}`);
        compared++;
      });
    }
  });
  assert.equal(compared, 8 * (4 + 5 + 3 + 3)); // 8 rows × 15 indicators
});

test('Sapporo goal sheet 1: achievement rates and grades, by hand', async () => {
  const html = await (await app.request('/reports/sapporo-2nd')).text();
  const table = pageTables(html)[0] ?? [];
  const rate = table.find((r) => r.label.startsWith('達成率'));
  const grade = table.find((r) => r.label.startsWith('評価'));
  // 参加したことのある人の割合 H28 81.4% ÷ H30目標 70.0% = 1.16285… → 116.3% ≧ 110% → S
  assert.match(rate?.cells[0] ?? '', /^116\.3%81\.4%÷70\.0%=116\.3%$/);
  assert.match(grade?.cells[0] ?? '', /^S/);
  // 町内会加入率 71.1 ÷ 74.0 = 0.96081… → 96.1%, below 100% and not above the H25 baseline 71.7 → C
  assert.match(rate?.cells[1] ?? '', /^96\.1%/);
  assert.match(grade?.cells[1] ?? '', /^C/);
  // 寄附金額(累計) 7億6,000万 ÷ 7億4,000万 = 1.02702… → 102.7% → A
  assert.match(rate?.cells[3] ?? '', /^102\.7%/);
  assert.match(grade?.cells[3] ?? '', /^A/);
  // narratives of the FY2016 round, under the document's headings
  for (const heading of ['平成28年度 取組結果', '平成29年度 取組計画', '今後に向けて']) assert.ok(html.includes(`<h4>${heading}</h4>`), heading);
  assert.ok(visible(html).includes('まちづくり活動団体情報提供システム(まちさぽ)を構築'));
  // download buttons
  assert.match(html, /href="\/reports\/sapporo-2nd\/report\.pdf\?round=2016"/);
  assert.match(html, /href="\/reports\/sapporo-2nd\/report\.xlsx\?round=2016"/);
});

test('grade distribution chart: SVG with title and desc, and a table with the same numbers', async () => {
  const html = await (await app.request('/reports/sapporo-2nd')).text();
  const figure = /<figure id="chart-grades-computed">([\s\S]*?)<\/figure>/.exec(html)?.[1] ?? '';
  assert.match(figure, /<svg[^>]*role="img"[^>]*aria-labelledby="chart-grades-computed-title chart-grades-computed-desc"/);
  assert.match(figure, /<title id="chart-grades-computed-title">[^<]+<\/title>/);
  const desc = /<desc id="chart-grades-computed-desc">([^<]+)<\/desc>/.exec(figure)?.[1] ?? '';
  // 基本目標1, H28: S (1-a), C (1-b), C (1-c 229 ÷ 360 = 63.6%, below the H25 331), A (1-d) → S1 A1 B0 C2 −0
  const row = [...figure.matchAll(/<tr><th scope="row">([^<]+)<\/th>([\s\S]*?)<\/tr>/g)].find((m) => m[1] === '基本目標1 『参加』 平成28年度');
  assert.ok(row, 'row of 基本目標1 H28');
  const counts = [...(row[2] ?? '').matchAll(/data-value="(\d*)"/g)].map((m) => m[1]);
  assert.deepEqual(counts, ['1', '1', '0', '2', '0']);
  assert.ok(decode(desc).includes('基本目標1 『参加』 平成28年度: S 1、A 1、B 0、C 2、− 0'));
  assert.match(figure, /<title>基本目標1 『参加』 平成28年度 C: 2<\/title>/);
});

test('Sendai 事業一覧: every 事業 with its flags and departments, and a page per 事業', async () => {
  const html = await (await app.request('/reports/sendai-2021')).text();
  const text = visible(html);
  const [dataset] = (await readBundledDatasets()).filter((d) => d.plan.code === 'sendai-2021');
  assert.ok(dataset);
  const projects = dataset.items.filter((i) => /^\d-\(\d\)-[^-]+$/.test(i.code));
  assert.equal(projects.length, 89); // 85 事業 + 4 【再掲】, as the README counts the 事業一覧
  for (const p of projects) assert.ok(text.includes(p.name), p.name);
  const list = /<section class="sheet" id="project-list"[\s\S]*?<\/section>/.exec(html)?.[0] ?? '';
  assert.equal((list.match(/<span class="flag">新規<\/span>/g) ?? []).length, 10); // README: 10 事業 are 新規
  assert.equal((list.match(/title="地域づくりパートナープロジェクト">＊/g) ?? []).length, 20); // 20 with *
  assert.equal((list.match(/【再掲】/g) ?? []).length - 1, 4); // 4 relistings (+1 in the legend)
  assert.ok(list.includes('市民局 市民協働推進課'));
});

test('PDF: Noto Sans JP embedded, outline and table of contents, every 事業 name and indicator value in the text', async () => {
  const response = await download('/reports/sendai-2021/report.pdf');
  assert.equal(response.status, 200);
  assert.equal(response.headers.get('content-type'), 'application/pdf');
  const pdf = Buffer.from(await response.arrayBuffer());
  const raw = pdf.toString('latin1');
  assert.match(raw, /\/FontFile2 \d+ 0 R/);
  assert.match(raw, /\/BaseFont \/[A-Z]{6}\+NotoSansJP-Regular/);
  assert.match(raw, /\/Outlines \d+ 0 R/);
  const objects = [...pdfObjects(pdf).values()];
  assert.ok(objects.filter((o) => /\/Parent \d+ 0 R/.test(o.dict) && /\/Title/.test(o.dict) && /\/Dest|\/A/.test(o.dict)).length >= 3 + 89); // 3 分野 and the 89 rows of the 事業一覧, at least
  const pages = pdfPageTexts(pdf);
  const all = squash(pages.join(''));
  assert.ok(!all.includes('\uFFFD'), 'every glyph maps back to text');
  assert.ok(!all.includes('\u0000'), 'no character fell back to the missing glyph (.notdef)');
  assert.ok(squash(pages[0] ?? '').includes('目次'));
  const [dataset] = (await readBundledDatasets()).filter((d) => d.plan.code === 'sendai-2021');
  for (const item of dataset?.items.filter((i) => /^\d-\(\d\)-[^-]+$/.test(i.code)) ?? []) assert.ok(all.includes(squash(item.name)), item.name);

  const sapporo = Buffer.from(await (await download('/reports/sapporo-2nd/report.pdf')).arrayBuffer());
  const sapporoText = squash(pdfPageTexts(sapporo).join(''));
  for (const rows of sapporoSourceTables()) {
    for (const row of rows) for (const cell of row.cells) assert.ok(sapporoText.includes(cell.replace(/\(H29\.\d+\.\d+\.?時点\)/, '')), `${row.label} ${cell}`);
  }
});

test('PDF font has 𠮷 and 髙 and they render as themselves', async () => {
  const { renderReportPdf } = await import('./report-pdf.js');
  const { buildReport } = await import('./report-model.js');
  const [dataset] = (await readBundledDatasets()).filter((d) => d.plan.code === 'sendai-2016');
  assert.ok(dataset);
  const model = buildReport(dataset);
  model.plan.organisationName = '𠮷野髙橋市';
  const pdf = await renderReportPdf(model);
  const first = squash(pdfPageTexts(pdf)[0] ?? '');
  assert.ok(first.includes('𠮷野髙橋市'));
  assert.ok(!first.includes('\u0000'));
  // control: a character the font does not have comes out as the missing glyph, so the check above can fail
  model.plan.organisationName = '😀市';
  assert.ok(squash(pdfPageTexts(await renderReportPdf(model))[0] ?? '').includes('\u0000市'));
});

test('Excel: the same tables, numbers as numbers with ¥ and % formats', async () => {
  const response = await download('/reports/sapporo-2nd/report.xlsx');
  assert.equal(response.status, 200);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(await response.arrayBuffer());
  const sheet = workbook.getWorksheet('基本目標1 『参加』');
  assert.ok(sheet, workbook.worksheets.map((w) => w.name).join(','));
  const rowOf = (label: string) => {
    for (let r = 1; r <= sheet.rowCount; r++) if (String(sheet.getCell(r, 1).value ?? '').startsWith(label)) return r;
    throw new Error(`no row ${label}`);
  };
  const h25 = rowOf('H25実績');
  // 32.4% → 0.324 formatted as a percentage
  assert.equal(sheet.getCell(h25, 2).value, 0.324);
  assert.equal(sheet.getCell(h25, 2).numFmt, '0.0%');
  // 331件 → 331
  assert.equal(sheet.getCell(h25, 4).value, 331);
  // 約4億9,600万円 → 496,000,000 with a yen format that keeps 約
  assert.equal(sheet.getCell(h25, 5).value, 496000000);
  assert.equal(sheet.getCell(h25, 5).numFmt, '"約¥"#,##0');
  // H30目標 7億4,000万円 (exact) → ¥
  assert.equal(sheet.getCell(rowOf('H30目標'), 5).value, 740000000);
  assert.equal(sheet.getCell(rowOf('H30目標'), 5).numFmt, '"¥"#,##0');
  // 今後調査 stays a word
  assert.equal(sheet.getCell(rowOf('H29状況'), 2).value, '今後調査');
  // achievement rate 116.3% as 1.163 in %
  assert.equal(sheet.getCell(rowOf('達成率'), 2).value, 1.163);
  assert.equal(sheet.getCell(rowOf('達成率'), 2).numFmt, '0.0%');
});

test('unpublished rounds are for the committee: the public route shows published rounds only', async () => {
  const committee = await app.request('/committee/reports/sapporo-2nd');
  assert.equal(committee.status, 303);
  assert.match(committee.headers.get('location') ?? '', /^\/login/);
  const missing = await app.request('/reports/sapporo-2nd?round=2015');
  assert.equal(missing.status, 404);
  assert.match(await missing.text(), /計画「sapporo-2nd」の平成27年度の評価は公表されていません/);
  assert.equal((await app.request('/reports/sapporo-2nd?round=H28')).status, 422);
  assert.equal((await app.request('/reports/no-such-plan')).status, 404);
});

test('the committee reads a round under review; the public and a user without the plan do not', async () => {
  const [plan] = await database.db.select().from(plans).where(eq(plans.code, 'sapporo-2nd'));
  assert.ok(plan);
  const [goal] = await database.db.select().from(planItems).where(and(eq(planItems.planId, plan.id), eq(planItems.code, '1')));
  assert.ok(goal);
  const [round] = await database.db.insert(rounds).values({ planId: plan.id, fiscalYear: 2017, state: 'review' }).returning();
  assert.ok(round);
  await database.db.insert(entries).values({ planId: plan.id, roundId: round.id, itemId: goal.id, state: 'submitted', resultsText: '下書き: 平成29年度の取組結果' });
  try {
    assert.equal((await app.request('/reports/sapporo-2nd?round=2017')).status, 404);
    assert.ok(!(await (await app.request('/reports/sapporo-2nd')).text()).includes('下書き'));

    await insertTestUser(database.db, { login: 'iin', role: 'committee' });
    const member = new TestClient(app);
    assert.equal((await member.signIn('iin')).status, 303);
    const page = await member.request('/committee/reports/sapporo-2nd?round=2017');
    assert.equal(page.status, 200);
    const html = await page.text();
    assert.ok(html.includes('下書き: 平成29年度の取組結果'));
    assert.ok(html.includes('平成29年度（2017年度）・確認中'));
    // its download buttons ask for committee report jobs with a form
    assert.match(html, /<form method="post" action="\/committee\/reports\/sapporo-2nd\/jobs"><input type="hidden" name="_csrf" value="[^"]+"\/?><input type="hidden" name="format" value="pdf"\/?><input type="hidden" name="round" value="2017"\/?>/);

    await insertTestUser(database.db, { login: 'tanto', role: 'editor' });
    const editor = new TestClient(app);
    await editor.signIn('tanto');
    assert.equal((await editor.request('/committee/reports/sapporo-2nd?round=2017')).status, 403);
  } finally {
    await database.db.delete(entries).where(eq(entries.roundId, round.id));
    await database.db.delete(rounds).where(eq(rounds.id, round.id));
  }
});

test('trend chart: SVG with title and desc, and the same numbers in its table', async () => {
  const html = await (await app.request('/reports/sapporo-2nd')).text();
  const figure = /<figure id="trend-1-a">([\s\S]*?)<\/figure>/.exec(html)?.[1] ?? '';
  assert.match(figure, /<title id="trend-1-a-title">市民まちづくり活動に参加したことのある人の割合の推移<\/title>/);
  const desc = decode(/<desc id="trend-1-a-desc">([^<]+)<\/desc>/.exec(figure)?.[1] ?? '');
  // the document's H25–H28 actuals and the three targets
  for (const words of ['H25 32.4%', 'H26 94.1%', 'H27 92.1%', 'H28 81.4%', 'H30目標 70.0%', 'アクションプランH31 100%', '戦略ビジョンH34 100%']) assert.ok(desc.includes(words), words);
  const values = [...figure.matchAll(/data-value="([^"]+)"/g)].map((m) => m[1]);
  assert.deepEqual(values, ['32.4', '94.1', '92.1', '81.4', '70.0', '100', '100']);
  const cells = [...figure.matchAll(/<td class="num" data-value="[^"]+">([^<]+)<\/td>/g)].map((m) => m[1]);
  assert.deepEqual(cells, ['32.4%', '94.1%', '92.1%', '81.4%', '70.0%', '100%', '100%']);
});

test('Excel: every number of the Sapporo sheets equals the database', async () => {
  const dataset = await exportDataset(database.db, 'sapporo-2nd');
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(await (await download('/reports/sapporo-2nd/report.xlsx')).arrayBuffer());
  let checked = 0;
  for (const goal of dataset.items.filter((i) => i.parent === null)) {
    const sheet = workbook.worksheets.find((w) => w.name.startsWith(goal.number ?? '∅'));
    assert.ok(sheet, goal.code);
    const indicators = dataset.indicators.filter((i) => i.item === goal.code);
    for (const [column, indicator] of indicators.entries()) {
      for (const o of indicator.observations) {
        const label = `${formatFiscalYear(o.fiscalYear, { style: 'short' })}${o.kind === 'status' ? '状況' : '実績'}`;
        let row = 0;
        for (let r = 1; r <= sheet.rowCount; r++) if (String(sheet.getCell(r, 1).value).startsWith(label)) row = r;
        const cell: ExcelJS.CellValue = sheet.getCell(row, column + 2).value;
        if (o.value === null) assert.equal(cell, o.text, `${indicator.code} ${label}`);
        else assert.equal(cell, indicator.unit === '%' ? d(o.value).dividedBy(100).toNumber() : Number(o.value), `${indicator.code} ${label}`);
        checked++;
      }
    }
  }
  assert.equal(checked, 75); // the README's 75 observations
});
