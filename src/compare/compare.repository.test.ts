// The shared catalogue in the database: the bundled mapping (which indicators of the bundled
// plans measure the same thing), populations from plan.json, the loader's diff counts, export →
// import round trip, and the comparison read from public data only (a draft value never shows).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { and, eq } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../test-support/database.js';
import { prepareBundledData } from '../datasets/bundled.js';
import { readBundledDatasets } from '../datasets/read-dataset.js';
import { exportDataset } from '../datasets/export-dataset.js';
import { importDataset } from '../datasets/import-dataset.js';
import { Dataset } from '../datasets/dataset-format.js';
import { CLI_ACTOR } from '../system/audit.repository.js';
import { catalogueLinks, indicators, observations, organisations, plans, rounds } from '../db/schema.js';
import { listCatalogue, loadComparison } from './compare.repository.js';
import { isAppError } from '../errors.js';

let database: TestDatabase;
before(async () => {
  database = await createTestDatabase();
  await database.reset();
  await prepareBundledData(database);
});
after(async () => {
  await database.close();
});

const SHARED = 'civic-support-centre-groups';

async function indicatorId(plan: string, code: string): Promise<number> {
  const [row] = await database.db
    .select({ id: indicators.id })
    .from(indicators)
    .innerJoin(plans, eq(plans.id, indicators.planId))
    .where(and(eq(plans.code, plan), eq(indicators.code, code)));
  assert.ok(row, `${plan} ${code}`);
  return row.id;
}

test('populations of the bundled cities: 令和2年国勢調査 (2020-10-01) 札幌市 1,973,395, 仙台市 1,096,704', async () => {
  const rows = await database.db.select().from(organisations);
  const byCode = new Map(rows.map((r) => [r.code, r]));
  assert.equal(byCode.get('sapporo')?.population, 1973395);
  assert.equal(byCode.get('sendai')?.population, 1096704);
  for (const code of ['sapporo', 'sendai']) {
    assert.equal(byCode.get(code)?.populationAsOf, '2020-10-01');
    assert.equal(byCode.get(code)?.populationSource, '令和2年国勢調査');
  }
});

test('the bundled mapping: Sapporo 2-a 登録団体数 and Sendai 1-(1)-①#1 利用団体数 share one entry, each with a note saying how it counts', async () => {
  const listing = await listCatalogue(database.db);
  const shared = listing.find((e) => e.code === SHARED);
  assert.equal(shared?.organisations, 2);
  assert.equal(shared?.unit, '団体');
  assert.equal(shared?.kind, 'count');
  const links = await database.db.select().from(catalogueLinks);
  const sapporoLink = links.find((l) => l.catalogueId === shared?.id && l.note?.startsWith('「登録団体数」'));
  const sendaiLink = links.find((l) => l.catalogueId === shared?.id && l.note?.startsWith('「利用団体数」'));
  assert.equal(sapporoLink?.indicatorId, await indicatorId('sapporo-2nd', '2-a'));
  assert.equal(sendaiLink?.indicatorId, await indicatorId('sendai-2021', '1-(1)-①#1'));
  assert.match(sapporoLink?.note ?? '', /利用団体数」とは数え方が違う/);
  assert.match(sendaiLink?.note ?? '', /登録団体数」とは数え方が違う/);
});

test('the comparison: Sapporo FY2013–2017 as in the document, per 100,000 residents; Sendai only its target 毎年度720団体以上', async () => {
  const comparison = await loadComparison(database.db, SHARED);
  assert.ok(comparison);
  const [sapporo, sendai] = comparison.series;
  assert.equal(sapporo?.organisation.code, 'sapporo');
  assert.equal(sendai?.organisation.code, 'sendai');
  // 成果指標 table of the Sapporo report: H25 2,280 / H26 2,400 / H27 2,528 / H28 2,653 / H29 2,684 (H29.8.31時点)
  // per 100,000: value × 100,000 ÷ 1,973,395, half-up to one decimal:
  //   228,000,000 ÷ 1,973,395 = 115.53… → 115.5;  240,000,000 ÷ 1,973,395 = 121.61… → 121.6
  //   252,800,000 ÷ 1,973,395 = 128.10… → 128.1;  265,300,000 ÷ 1,973,395 = 134.43… → 134.4
  //   268,400,000 ÷ 1,973,395 = 136.00… → 136.0
  assert.deepEqual(sapporo?.points.map((p) => [p.fiscalYear, p.value, p.perCapita, p.kind]), [
    [2013, '2280', '115.5', 'actual'],
    [2014, '2400', '121.6', 'actual'],
    [2015, '2528', '128.1', 'actual'],
    [2016, '2653', '134.4', 'actual'],
    [2017, '2684', '136.0', 'status'],
  ]);
  assert.equal(sapporo?.points[4]?.asOf, '2017-08-31');
  // H30目標 2,500団体: 250,000,000 ÷ 1,973,395 = 126.68… → 126.7
  assert.deepEqual(sapporo?.targets.map((t) => [t.kind, t.fiscalYear, t.value, t.perCapita]), [['by_year', 2018, '2500', '126.7']]);
  // 利用団体数を毎年度 720 団体以上とする: 72,000,000 ÷ 1,096,704 = 65.65… → 65.7; no actuals in the plan document
  assert.deepEqual(sendai?.points, []);
  assert.deepEqual(sendai?.targets.map((t) => [t.kind, t.fiscalYear, t.value, t.perCapita]), [['every_year_min', null, '720', '65.7']]);
  assert.equal(sendai?.perCapitaBasis?.population, 1096704);
  assert.equal(sendai?.indicator.itemCode, '1-(1)-①');
});

test('a ratio entry (町内会加入率) has no per-capita figures', async () => {
  const comparison = await loadComparison(database.db, 'neighbourhood-association-membership');
  const [sapporo] = comparison?.series ?? [];
  // 町内会加入率 H25 71.7% … H28 71.1%, H29 今後調査
  assert.deepEqual(sapporo?.points.map((p) => [p.fiscalYear, p.value, p.perCapita]), [
    [2013, '71.7', null], [2014, '71.5', null], [2015, '71.2', null], [2016, '71.1', null], [2017, null, null],
  ]);
  assert.equal(sapporo?.points[4]?.missingReason, 'not_yet_surveyed');
});

test('a value typed into a round that is not published never appears; once the round is published it does', async () => {
  const [sendai2021] = await database.db.select({ id: plans.id }).from(plans).where(eq(plans.code, 'sendai-2021'));
  assert.ok(sendai2021);
  const [round] = await database.db.insert(rounds).values({ planId: sendai2021.id, fiscalYear: 2021, state: 'entry' }).returning();
  assert.ok(round);
  await database.db.insert(observations).values({ indicatorId: await indicatorId('sendai-2021', '1-(1)-①#1'), fiscalYear: 2021, kind: 'actual', value: '733', text: '733団体', unit: '団体' });
  const draft = await loadComparison(database.db, SHARED);
  assert.deepEqual(draft?.series[1]?.points, []);
  assert.ok(!JSON.stringify(draft).includes('733団体'));

  await database.db.update(rounds).set({ state: 'published' }).where(eq(rounds.id, round.id));
  const published = await loadComparison(database.db, SHARED);
  // 733 × 100,000 ÷ 1,096,704 = 66.83… → 66.8
  assert.deepEqual(published?.series[1]?.points.map((p) => [p.fiscalYear, p.value, p.perCapita]), [[2021, '733', '66.8']]);
  await database.db.delete(rounds).where(eq(rounds.id, round.id));
  await database.db.delete(observations).where(and(eq(observations.fiscalYear, 2021), eq(observations.text, '733団体')));
});

test('loading the bundled plans again changes no link; export carries the links and the population, and imports back the same', async () => {
  for (const dataset of await readBundledDatasets()) {
    const summary = await importDataset(database.db, dataset, CLI_ACTOR, { dryRun: true });
    assert.equal(summary.unchanged, true, `${dataset.plan.code}: ${JSON.stringify(summary.tables)}`);
  }
  const exported = await exportDataset(database.db, 'sapporo-2nd');
  assert.deepEqual(exported.organisation, { code: 'sapporo', name: '札幌市', nameEn: 'Sapporo City', kind: 'municipality', population: 1973395, populationAsOf: '2020-10-01', populationSource: '令和2年国勢調査' });
  const indicator = exported.indicators.find((i) => i.code === '2-a');
  assert.equal(indicator?.catalogue?.code, SHARED);
  assert.equal(indicator?.catalogue?.unitFactor, '1');
  assert.equal(exported.indicators.find((i) => i.code === '1-c')?.catalogue, undefined);
  const bundled = (await readBundledDatasets()).find((d) => d.plan.code === 'sapporo-2nd');
  assert.deepEqual(exported.indicators.find((i) => i.code === '2-a')?.catalogue, bundled?.indicators.find((i) => i.code === '2-a')?.catalogue);

  // into an empty database: the export loads with its links, and loading it again changes nothing
  const other = await createTestDatabase();
  try {
    await other.reset();
    const first = await importDataset(other.db, exported, CLI_ACTOR, { dryRun: false });
    assert.deepEqual(first.tables.catalogueLinks, { created: 2, updated: 0, unchanged: 0 });
    const again = await importDataset(other.db, await exportDataset(other.db, 'sapporo-2nd'), CLI_ACTOR, { dryRun: false });
    assert.equal(again.unchanged, true, JSON.stringify(again.tables));
    assert.deepEqual(again.tables.catalogueLinks, { created: 0, updated: 0, unchanged: 2 });
  } finally {
    await other.close();
  }
});

test('in a file: a changed note updates the link, catalogue: null removes it, an unknown code is refused by name', async () => {
  const base = await exportDataset(database.db, 'sapporo-2nd');
  const withNote = Dataset.parse({ ...base, indicators: base.indicators.map((i) => (i.code === '1-b' ? { ...i, catalogue: { code: 'neighbourhood-association-membership', note: '世帯単位' } } : i)) });
  const changed = await importDataset(database.db, withNote, CLI_ACTOR, { dryRun: true });
  assert.deepEqual(changed.tables.catalogueLinks, { created: 0, updated: 1, unchanged: 1 });

  const unlinked = Dataset.parse({ ...base, indicators: base.indicators.map((i) => (i.code === '1-b' ? { ...i, catalogue: null } : i)) });
  const removed = await importDataset(database.db, unlinked, CLI_ACTOR, { dryRun: true });
  assert.deepEqual(removed.tables.catalogueLinks, { created: 0, updated: 1, unchanged: 1 });

  // without the key the link is left alone (it may have been made in /admin/catalogue)
  const silent = Dataset.parse({ ...base, indicators: base.indicators.map(({ catalogue: _c, ...i }) => i) });
  const untouched = await importDataset(database.db, silent, CLI_ACTOR, { dryRun: true });
  assert.equal(untouched.unchanged, true);

  const unknown = Dataset.parse({ ...base, indicators: base.indicators.map((i) => (i.code === '1-b' ? { ...i, catalogue: { code: 'no-such-entry' } } : i)) });
  await assert.rejects(importDataset(database.db, unknown, CLI_ACTOR, { dryRun: true }), (error) => isAppError(error) && error.code === 'DATASET_INVALID' && error.describe('ja').includes('「no-such-entry」がありません'));
});
