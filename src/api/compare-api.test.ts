// The comparison across cities as data: GET /api/v1/compare and /api/v1/compare/{catalogueCode}
// against the bundled plans (札幌市 2-a 登録団体数 and 仙台市 2021 1-(1)-①#1 利用団体数 on one entry),
// with the figures worked by hand below; the same numbers on the /compare page and in its CSV; a
// unit factor; 404 problem details; a draft plan and a draft value left out; ETag/304; and the
// links of the /opendata page and of the comparison pages.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'csv-parse/sync';
import { and, eq } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../test-support/database.js';
import { prepareBundledData } from '../datasets/bundled.js';
import { createApp } from '../app.js';
import { catalogueLinks, indicators, observations, plans, rounds } from '../db/schema.js';
import { readBundledCatalogue } from '../compare/catalogue-format.js';
import { ComparisonSchema, CompareEntrySchema } from './compare-api.routes.js';
import { revalidate } from './revalidate.testing.js';

let database: TestDatabase;
let app: ReturnType<typeof createApp>;
before(async () => {
  database = await createTestDatabase();
  await database.reset();
  await prepareBundledData(database);
  app = createApp(database);
});
after(async () => {
  await database.close();
});

const SHARED = 'civic-support-centre-groups';
const RATIO = 'neighbourhood-association-membership';

type Entry = { code: string; name: string; nameEn: string | null; unit: string; kind: string; direction: string; description: string | null; organisationCount: number; perCapita: boolean; pageUrl: string; pageUrlEn: string; csvUrl: string; apiUrl: string };
type Value = { fiscalYear: number; fiscalYearLabel: string; kind: string; valueAsStored: string | null; value: string | null; perCapita: string | null; textAsWritten: string; asOf: string | null; missingReason: string | null };
type Target = { kind: string; fiscalYear: number | null; fiscalYearLabel: string | null; value: string | null; perCapita: string | null };
type Series = {
  organisationCode: string; organisationName: string; planCode: string; planTitle: string; indicatorCode: string; indicatorName: string; itemUrl: string;
  unitFactor: string; note: string | null; population: number | null; populationAsOf: string | null; populationSource: string | null; values: Value[]; targets: Target[];
};
type Comparison = { entry: Entry; perCapitaBase: number; perCapitaDecimals: number; years: number[]; series: Series[]; next: string | null };

async function getJson<T>(path: string): Promise<T> {
  const response = await app.request(path);
  assert.equal(response.status, 200, path);
  assert.match(response.headers.get('content-type') ?? '', /^application\/json/, path);
  return (await response.json()) as T;
}

async function getText(path: string): Promise<string> {
  const response = await app.request(path);
  assert.equal(response.status, 200, path);
  return response.text();
}

function visibleText(html: string): string {
  return html.replace(/<script[\s\S]*?<\/script>/g, ' ').replace(/<[^>]+>/g, ' ').replace(/&amp;/g, '&').replace(/\s+/g, ' ');
}

/** The comparison CSV as records keyed by its header. */
async function csvRows(code: string): Promise<Record<string, string>[]> {
  const records = parse(await getText(`/compare/${code}.csv`), { bom: true }) as string[][];
  const [header = [], ...body] = records;
  return body.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ''])));
}

async function sapporoLinkIndicatorId(): Promise<number> {
  const [row] = await database.db
    .select({ id: indicators.id })
    .from(indicators)
    .innerJoin(plans, eq(plans.id, indicators.planId))
    .where(and(eq(plans.code, 'sapporo-2nd'), eq(indicators.code, '2-a')));
  assert.ok(row);
  return row.id;
}

test('GET /api/v1/compare lists every catalogue entry with how many organisations take part', async () => {
  const catalogue = await readBundledCatalogue();
  const body = await getJson<{ data: Entry[] }>('/api/v1/compare');
  assert.ok(CompareEntrySchema.array().safeParse(body.data).success);
  assert.deepEqual(body.data.map((e) => e.code), catalogue.map((e) => e.code).sort());
  for (const fromFile of catalogue) {
    const entry = body.data.find((e) => e.code === fromFile.code);
    assert.ok(entry, fromFile.code);
    assert.deepEqual(
      { code: entry.code, name: entry.name, nameEn: entry.nameEn, unit: entry.unit, kind: entry.kind, direction: entry.direction, description: entry.description },
      { code: fromFile.code, name: fromFile.name, nameEn: fromFile.nameEn, unit: fromFile.unit, kind: fromFile.kind, direction: fromFile.direction, description: fromFile.description },
    );
    assert.equal(entry.csvUrl, `/compare/${fromFile.code}.csv`);
    assert.equal(entry.apiUrl, `/api/v1/compare/${fromFile.code}`);
    assert.equal(entry.pageUrlEn, `/en/compare/${fromFile.code}`);
  }
  // Sapporo and Sendai share the support-centre entry; only Sapporo gives 町内会加入率, a ratio
  assert.deepEqual(body.data.map((e) => [e.code, e.organisationCount, e.perCapita]), [[SHARED, 2, true], [RATIO, 1, false]]);
});

test('GET /api/v1/compare/{code}: every organisation\'s indicator, values as stored, in the entry\'s unit and per 100,000 residents', async () => {
  const body = await getJson<Comparison>(`/api/v1/compare/${SHARED}`);
  assert.ok(ComparisonSchema.safeParse(body).success);
  assert.equal(body.entry.code, SHARED);
  assert.equal(body.entry.organisationCount, 2);
  assert.equal(body.perCapitaBase, 100000);
  assert.equal(body.perCapitaDecimals, 1);
  // Sapporo's H25–H29 values and its H30 target; Sendai's target has no year
  assert.deepEqual(body.years, [2013, 2014, 2015, 2016, 2017, 2018]);
  assert.deepEqual(body.series.map((s) => [s.organisationCode, s.planCode, s.indicatorCode]), [['sapporo', 'sapporo-2nd', '2-a'], ['sendai', 'sendai-2021', '1-(1)-①#1']]);
  assert.equal(body.next, null, 'two organisations: one page');

  const [sapporo, sendai] = body.series;
  assert.ok(sapporo && sendai);
  assert.equal(sapporo.organisationName, '札幌市');
  assert.equal(sapporo.indicatorName, '市民活動サポートセンター登録団体数');
  assert.equal(sapporo.planTitle, '第2期 市民まちづくり活動促進基本計画');
  assert.equal(sapporo.itemUrl, '/plans/sapporo-2nd/items/2');
  assert.equal(sapporo.unitFactor, '1');
  assert.match(sapporo.note ?? '', /^「登録団体数」: 札幌市市民活動サポートセンターに登録している団体の数/);
  assert.deepEqual([sapporo.population, sapporo.populationAsOf, sapporo.populationSource], [1973395, '2020-10-01', '令和2年国勢調査']);
  // per 100,000 residents = value × 100,000 ÷ 1,973,395, rounded half-up to one decimal:
  //   2,280 → 115.53… → 115.5   2,400 → 121.61… → 121.6   2,528 → 128.10… → 128.1
  //   2,653 → 134.43… → 134.4   2,684 → 136.00… → 136.0 (H29: 状況, as of 2017-08-31)
  assert.deepEqual(
    sapporo.values.map((v) => [v.fiscalYear, v.fiscalYearLabel, v.kind, v.valueAsStored, v.value, v.perCapita, v.textAsWritten]),
    [
      [2013, '平成25年度', 'actual', '2280', '2280', '115.5', '2,280団体'],
      [2014, '平成26年度', 'actual', '2400', '2400', '121.6', '2,400団体'],
      [2015, '平成27年度', 'actual', '2528', '2528', '128.1', '2,528団体'],
      [2016, '平成28年度', 'actual', '2653', '2653', '134.4', '2,653団体'],
      [2017, '平成29年度', 'status', '2684', '2684', '136.0', '2,684団体'],
    ],
  );
  assert.equal(sapporo.values[4]?.asOf, '2017-08-31');
  // H30 target 2,500 → 2,500 × 100,000 ÷ 1,973,395 = 126.68… → 126.7
  assert.deepEqual(sapporo.targets.map((t) => [t.kind, t.fiscalYear, t.fiscalYearLabel, t.value, t.perCapita]), [['by_year', 2018, '平成30年度', '2500', '126.7']]);

  assert.equal(sendai.indicatorName, '市民活動サポートセンター利用団体数');
  assert.equal(sendai.itemUrl, `/plans/sendai-2021/items/${encodeURIComponent('1-(1)-①')}`);
  assert.match(sendai.note ?? '', /^「利用団体数」/);
  assert.equal(sendai.population, 1096704);
  assert.deepEqual(sendai.values, [], 'Sendai\'s plan gives no values, only its target');
  // 毎年度720団体以上: 720 × 100,000 ÷ 1,096,704 = 65.65… → 65.7
  assert.deepEqual(sendai.targets.map((t) => [t.kind, t.fiscalYear, t.fiscalYearLabel, t.value, t.perCapita]), [['every_year_min', null, null, '720', '65.7']]);
});

test('a ratio has no per-capita figures: 町内会加入率 H25 is 71.7 (%)', async () => {
  const body = await getJson<Comparison>(`/api/v1/compare/${RATIO}`);
  assert.equal(body.entry.kind, 'ratio');
  assert.equal(body.entry.perCapita, false);
  const h25 = body.series[0]?.values.find((v) => v.fiscalYear === 2013);
  assert.deepEqual([h25?.valueAsStored, h25?.value, h25?.perCapita], ['71.7', '71.7', null]);
  assert.equal(body.series[0]?.population, 1973395, 'the population is given even where it is not used');
});

test('the API, the CSV and the page give the same figures', async () => {
  const body = await getJson<Comparison>(`/api/v1/compare/${SHARED}`);
  const rows = await csvRows(SHARED);
  let compared = 0;
  for (const series of body.series) {
    for (const v of series.values) {
      const row = rows.find((r) => r.organisation_code === series.organisationCode && r.indicator_code === series.indicatorCode && r.row === 'value' && r.fiscal_year === String(v.fiscalYear));
      assert.ok(row, `${series.organisationCode} ${v.fiscalYear} in the CSV`);
      assert.deepEqual([row.value, row.per_100000_residents, row.kind, row.unit_factor, row.population], [v.value ?? '', v.perCapita ?? '', v.kind, series.unitFactor, String(series.population)]);
      compared++;
    }
    for (const t of series.targets) {
      const row = rows.find((r) => r.organisation_code === series.organisationCode && r.row === 'target' && r.kind === t.kind);
      assert.deepEqual([row?.value, row?.per_100000_residents], [t.value ?? '', t.perCapita ?? '']);
      compared++;
    }
  }
  assert.equal(compared, rows.length, 'every CSV row has its API figure');
  // Sapporo FY2016: 2,653 × 100,000 ÷ 1,973,395 = 134.43… → 134.4, on the page too
  const sapporo2016 = rows.find((r) => r.organisation_code === 'sapporo' && r.fiscal_year === '2016');
  assert.deepEqual([sapporo2016?.value, sapporo2016?.per_100000_residents], ['2653', '134.4']);
  assert.match(visibleText(await getText(`/compare/${SHARED}`)), /平成28年度 2,653 134\.4 実績/);
});

test('a unit factor: the value as stored stays, the value and per-capita figures are multiplied, in the API and the CSV alike', async () => {
  const indicatorId = await sapporoLinkIndicatorId();
  await database.db.update(catalogueLinks).set({ unitFactor: '2' }).where(eq(catalogueLinks.indicatorId, indicatorId));
  try {
    const body = await getJson<Comparison>(`/api/v1/compare/${SHARED}`);
    const sapporo = body.series.find((s) => s.organisationCode === 'sapporo');
    assert.equal(sapporo?.unitFactor, '2');
    // 2,653 × 2 = 5,306; 5,306 × 100,000 ÷ 1,973,395 = 268.87… → 268.9
    const fy2016 = sapporo?.values.find((v) => v.fiscalYear === 2016);
    assert.deepEqual([fy2016?.valueAsStored, fy2016?.value, fy2016?.perCapita], ['2653', '5306', '268.9']);
    // the target: 2,500 × 2 = 5,000 → 5,000 × 100,000 ÷ 1,973,395 = 253.37… → 253.4
    assert.deepEqual(sapporo?.targets.map((t) => [t.value, t.perCapita]), [['5000', '253.4']]);
    const row = (await csvRows(SHARED)).find((r) => r.organisation_code === 'sapporo' && r.fiscal_year === '2016');
    assert.deepEqual([row?.value, row?.per_100000_residents, row?.unit_factor], ['5306', '268.9', '2']);
  } finally {
    await database.db.update(catalogueLinks).set({ unitFactor: '1' }).where(eq(catalogueLinks.indicatorId, indicatorId));
  }
});

test('a comparison is kept like the /compare page until any data changes; a request with a token is answered afresh', async () => {
  const path = `/api/v1/compare/${SHARED}?limit=1`;
  await app.request(path);
  const again = await app.request(path);
  assert.equal(again.headers.get('x-page-cache'), 'hit');
  const first = (await again.json()) as Comparison;
  assert.deepEqual(first.series.map((s) => s.organisationCode), ['sapporo']);
  assert.ok(first.next, 'two organisations, one a page: a next page');
  const withToken = await app.request(path, { headers: { authorization: 'Bearer not-a-token' } });
  assert.equal(withToken.headers.get('x-page-cache'), null);

  const indicatorId = await sapporoLinkIndicatorId();
  const [link] = await database.db.select({ note: catalogueLinks.note }).from(catalogueLinks).where(eq(catalogueLinks.indicatorId, indicatorId));
  assert.ok(link);
  await database.db.update(catalogueLinks).set({ note: '定義の違い（保持の確認）' }).where(eq(catalogueLinks.indicatorId, indicatorId));
  try {
    const changed = await app.request(path);
    assert.equal(changed.headers.get('x-page-cache'), 'miss');
    assert.equal(((await changed.json()) as Comparison).series[0]?.note, '定義の違い（保持の確認）');
  } finally {
    await database.db.update(catalogueLinks).set({ note: link.note }).where(eq(catalogueLinks.indicatorId, indicatorId));
  }
});

test('an unknown code is a 404 problem, described in the reference', async () => {
  for (const code of ['no-such-entry', 'Upper_Case']) {
    const path = `/api/v1/compare/${code}`;
    const response = await app.request(path);
    assert.equal(response.status, 404, path);
    assert.match(response.headers.get('content-type') ?? '', /^application\/problem\+json/);
    const problem = (await response.json()) as Record<string, unknown>;
    assert.equal(problem.code, 'CATALOGUE_ENTRY_NOT_FOUND');
    assert.equal(problem.status, 404);
    assert.equal(problem.instance, path);
    assert.equal(problem.type, '/api/v1/reference#problem-CATALOGUE_ENTRY_NOT_FOUND');
    assert.equal(problem.detail, `都市間比較の共通指標「${code}」はありません`);
  }
  const document = await getJson<{ paths: Record<string, { get?: { responses?: Record<string, unknown> } }> }>('/api/v1/openapi.json');
  assert.ok(document.paths['/api/v1/compare']?.get);
  assert.ok(document.paths['/api/v1/compare/{catalogueCode}']?.get?.responses?.['404']);
  assert.ok((await getText('/api/v1/reference')).includes('id="problem-CATALOGUE_ENTRY_NOT_FOUND"'));
});

test('a plan being written (策定中) never appears, and neither does a value of an unpublished round', async () => {
  await database.db.update(plans).set({ status: 'draft' }).where(eq(plans.code, 'sapporo-2nd'));
  try {
    const list = await getJson<{ data: Entry[] }>('/api/v1/compare');
    assert.deepEqual(list.data.map((e) => [e.code, e.organisationCount]), [[SHARED, 1], [RATIO, 0]]);
    const shared = await app.request(`/api/v1/compare/${SHARED}`);
    const text = await shared.text();
    assert.ok(!text.includes('sapporo') && !text.includes('2653'), 'the draft plan is in the answer');
    const body = JSON.parse(text) as Comparison;
    assert.deepEqual(body.series.map((s) => s.organisationCode), ['sendai']);
    assert.equal(body.entry.organisationCount, 1);
    assert.deepEqual((await getJson<Comparison>(`/api/v1/compare/${RATIO}`)).series, []);
  } finally {
    await database.db.update(plans).set({ status: 'active' }).where(eq(plans.code, 'sapporo-2nd'));
  }

  // H30 (2018) typed into a round still in review is a draft
  const [plan] = await database.db.select({ id: plans.id }).from(plans).where(eq(plans.code, 'sapporo-2nd'));
  assert.ok(plan);
  const [round] = await database.db.insert(rounds).values({ planId: plan.id, fiscalYear: 2018, state: 'review' }).returning();
  assert.ok(round);
  await database.db.insert(observations).values({ indicatorId: await sapporoLinkIndicatorId(), fiscalYear: 2018, kind: 'actual', value: '2791', text: '2,791団体', unit: '団体' });
  try {
    const text = await getText(`/api/v1/compare/${SHARED}`);
    assert.ok(!text.includes('2791') && !text.includes('2,791'), 'a draft value is in the answer');
    const body = JSON.parse(text) as Comparison;
    assert.deepEqual(body.series.find((s) => s.organisationCode === 'sapporo')?.values.map((v) => v.fiscalYear), [2013, 2014, 2015, 2016, 2017]);
    assert.equal(body.series.length, 2);
  } finally {
    await database.db.delete(observations).where(and(eq(observations.fiscalYear, 2018), eq(observations.text, '2,791団体')));
    await database.db.delete(rounds).where(eq(rounds.id, round.id));
  }
});

test('conditional GET like every /api/v1 read: ETag and Last-Modified, 304, CORS', async () => {
  for (const path of ['/api/v1/compare', `/api/v1/compare/${SHARED}`]) {
    const request = (headers: Record<string, string>) => app.request(path, { headers: { origin: 'https://example.org', ...headers } });
    const byEtag = await revalidate(request, 'if-none-match');
    assert.equal(byEtag.first.status, 200, path);
    assert.equal(byEtag.first.headers.get('access-control-allow-origin'), '*');
    const etag = byEtag.first.headers.get('etag');
    assert.ok(etag?.startsWith('W/"'), path);
    assert.ok(byEtag.first.headers.get('last-modified'));
    assert.equal(byEtag.second.status, 304, path);
    assert.equal(await byEtag.second.text(), '');
    assert.equal((await revalidate(request, 'if-modified-since')).second.status, 304, path);
    assert.equal((await app.request(path, { headers: { 'if-none-match': 'W/"other"' } })).status, 200);
  }
  const list = await app.request('/api/v1/compare');
  const entry = await app.request(`/api/v1/compare/${SHARED}`);
  assert.notEqual(list.headers.get('etag'), entry.headers.get('etag'), 'each address has its own ETag');
});

test('/opendata lists each comparison with its CSV and API addresses; the comparison pages link to the API', async () => {
  const html = await getText('/opendata');
  assert.match(html, /<h2 id="compare">都市間比較<\/h2>/);
  assert.ok(html.includes('<a href="/api/v1/compare">/api/v1/compare</a>'));
  for (const entry of await readBundledCatalogue()) {
    assert.ok(html.includes(`<a href="/compare/${entry.code}">${entry.name}</a>`), `${entry.code}: the page`);
    assert.ok(html.includes(`<a href="/compare/${entry.code}.csv">CSV</a>`), `${entry.code}: the CSV`);
    assert.ok(html.includes(`<a href="/api/v1/compare/${entry.code}">API（JSON）</a>`), `${entry.code}: the API`);
    if (entry.nameEn) assert.ok(html.includes(`<span lang="en">${entry.nameEn}</span>`), `${entry.code}: the English name`);
  }
  assert.match(visibleText(html), /市民活動サポートセンターの登録・利用団体数 （ Groups registered with or using the civic activity support centre ）（団体、2団体）: CSV \/ API（JSON）/);
  // every link of the section answers
  for (const href of ['/api/v1/compare', `/api/v1/compare/${SHARED}`, `/compare/${SHARED}.csv`, `/compare/${SHARED}`]) assert.equal((await app.request(href)).status, 200, href);

  const ja = await getText(`/compare/${SHARED}`);
  assert.ok(ja.includes(`<a href="/api/v1/compare/${SHARED}" type="application/json">同じ数値を API（JSON）で</a>`));
  const en = await getText(`/en/compare/${SHARED}`);
  assert.ok(en.includes(`<a href="/api/v1/compare/${SHARED}" type="application/json">The same figures from the API (JSON)</a>`));
});
