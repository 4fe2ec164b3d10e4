// Loading a dataset: complete, idempotent on codes, updates in place, all or nothing,
// and an export that reads back exactly what was loaded.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { count, eq } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../test-support/database.js';
import { auditLog, observations, planItems } from '../db/schema.js';
import { CLI_ACTOR } from '../system/audit.repository.js';
import { Dataset, type DatasetInput } from './dataset-format.js';
import { importDataset } from './import-dataset.js';
import { exportDataset } from './export-dataset.js';

let database: TestDatabase;
before(async () => {
  database = await createTestDatabase();
});
after(async () => {
  await database.close();
});
beforeEach(async () => {
  await database.reset();
});

/** A small plan shaped like the documents: 分野 → 基本施策 → 事業, a relisting, an indicator. */
function sample(): DatasetInput {
  return {
    format: 'shinchoku-dataset/1',
    organisation: { code: 'testcity', name: 'テスト市' },
    departments: [
      { code: '市民局', name: '市民局', kind: 'bureau' },
      { code: '市民局/協働推進課', name: '協働推進課', kind: 'section', parent: '市民局' },
      { code: '各区', name: '各区', kind: 'ward' },
    ],
    plan: {
      code: 'test-plan',
      title: 'テスト協働プラン',
      periodStartFy: 2021,
      periodEndFy: 2025,
      upperPlans: ['テスト市基本計画'],
      sdgGoals: [17],
      levelNames: ['分野', '基本施策', '事業'],
      scale: 'sendai-abc',
    },
    items: [
      { code: '1', parent: null, name: '協働の担い手づくり' },
      { code: '1-(1)', parent: '1', number: '(1)', name: '担い手の育成' },
      {
        code: '1-(1)-①',
        parent: '1-(1)',
        number: '①',
        name: '市民活動サポートセンターの運営',
        isNew: true,
        numericTargetText: '毎年度 720 団体以上',
        departments: [{ department: '市民局/協働推進課' }, { department: '各区', role: 'joint', textAsWritten: '各区区民生活課' }],
      },
      { code: '2', parent: null, name: '協働の場づくり' },
      { code: '2-(1)', parent: '2', number: '(1)', name: '場の整備' },
      { code: '2-(1)-①', parent: '2-(1)', number: '①', name: '市民活動サポートセンターの運営', relistOf: '1-(1)-①', relistKind: 'full' },
    ],
    indicators: [
      {
        code: '1-(1)-①#1',
        item: '1-(1)-①',
        name: '寄附金額（累計）',
        unit: '円',
        aggregation: 'cumulative',
        targets: [{ kind: 'by_year', fiscalYear: 2018, value: '740000000', text: '7億4,000万円' }],
        observations: [
          { fiscalYear: 2013, value: '496000000', text: '約4億9,600万円', unit: '円', approximate: true },
          { fiscalYear: 2017, kind: 'status', value: null, text: '今後調査', missingReason: 'not_yet_surveyed' },
        ],
      },
    ],
    rounds: [{ fiscalYear: 2016, entries: [{ item: '1', resultsText: '●アンケートを実施' }] }],
    decisions: ['テスト用の判断'],
  };
}

test('a dataset loads whole, and loading it again changes nothing', async () => {
  const dataset = Dataset.parse(sample());
  const first = await importDataset(database.db, dataset, CLI_ACTOR, { dryRun: false });
  assert.equal(first.tables.items.created, 6);
  assert.equal(first.tables.departments.created, 3);
  assert.equal(first.tables.itemDepartments.created, 2);
  assert.equal(first.tables.observations.created, 2);
  assert.equal(first.tables.entries.created, 1);
  assert.equal(first.unchanged, false);

  const auditBefore = await database.db.select({ n: count() }).from(auditLog);
  const second = await importDataset(database.db, dataset, CLI_ACTOR, { dryRun: false });
  assert.equal(second.unchanged, true, JSON.stringify(second.tables));
  assert.equal(second.tables.items.unchanged, 6);
  assert.equal(second.tables.observations.unchanged, 2);
  const [items] = await database.db.select({ n: count() }).from(planItems);
  assert.equal(items?.n, 6);
  // nothing written, nothing audited
  assert.deepEqual(await database.db.select({ n: count() }).from(auditLog), auditBefore);
});

test('a relisting (再掲) is a link to the original, not a copy', async () => {
  await importDataset(database.db, Dataset.parse(sample()), CLI_ACTOR, { dryRun: false });
  const rows = await database.db.select().from(planItems);
  const original = rows.find((r) => r.code === '1-(1)-①');
  const relisting = rows.find((r) => r.code === '2-(1)-①');
  assert.equal(relisting?.relistOfId, original?.id);
  assert.equal(relisting?.relistKind, 'full');
  assert.equal(relisting?.isNew, false); // flags belong to the original
  assert.equal(relisting?.depth, 2);
});

test('a changed file updates rows in place, keeping their ids', async () => {
  await importDataset(database.db, Dataset.parse(sample()), CLI_ACTOR, { dryRun: false });
  const [before] = await database.db.select().from(planItems).where(eq(planItems.code, '1-(1)'));
  const changed = sample();
  changed.items[1] = { code: '1-(1)', parent: '1', number: '(1)', name: '担い手の育成と支援' };
  const indicator = changed.indicators?.[0];
  assert.ok(indicator?.observations?.[1]);
  indicator.observations[1] = { fiscalYear: 2017, kind: 'status', value: '69', text: '69件', unit: '件', asOf: '2017-09-15' };
  const summary = await importDataset(database.db, Dataset.parse(changed), CLI_ACTOR, { dryRun: false });
  assert.equal(summary.tables.items.updated, 1);
  assert.equal(summary.tables.items.unchanged, 5);
  assert.equal(summary.tables.observations.updated, 1);
  const [after] = await database.db.select().from(planItems).where(eq(planItems.code, '1-(1)'));
  assert.equal(after?.id, before?.id);
  assert.equal(after?.name, '担い手の育成と支援');
  const status = await database.db.select().from(observations).where(eq(observations.fiscalYear, 2017));
  assert.equal(status[0]?.asOf, '2017-09-15');
  assert.equal(status[0]?.missingReason, null);
});

test('a dry run reports what would change and writes nothing', async () => {
  const summary = await importDataset(database.db, Dataset.parse(sample()), CLI_ACTOR, { dryRun: true });
  assert.equal(summary.tables.items.created, 6);
  const [items] = await database.db.select({ n: count() }).from(planItems);
  assert.equal(items?.n, 0);
});

test('a dataset with a broken reference is refused before anything is written', async () => {
  const broken = sample();
  broken.items.push({ code: '3-(1)-①', parent: '3-(1)', name: '親のない事業' });
  await assert.rejects(importDataset(database.db, Dataset.parse(broken), CLI_ACTOR, { dryRun: false }), (error: Error & { code?: string; describe?: (l: string) => string }) => {
    assert.equal(error.code, 'DATASET_INVALID');
    assert.match(error.describe?.('ja') ?? '', /施策「3-\(1\)-①」の親「3-\(1\)」がそれより前にありません/);
    return true;
  });
  const [items] = await database.db.select({ n: count() }).from(planItems);
  assert.equal(items?.n, 0);
});

test('a failure in the middle of a load leaves nothing behind', async () => {
  const failing = sample();
  // the database refuses a fiscal year before Meiji: the last indicator fails after items were written
  const indicator = failing.indicators?.[0];
  assert.ok(indicator?.observations);
  indicator.observations.push({ fiscalYear: 1868, value: '1', text: '1' });
  failing.indicators?.push({ ...indicator, code: 'late', observations: [{ fiscalYear: 2016, value: '1', text: '1', kind: 'actual' }], targets: [{ kind: 'by_year', fiscalYear: 2018 }] });
  await assert.rejects(importDataset(database.db, Dataset.parse(failing), CLI_ACTOR, { dryRun: false }));
  const [items] = await database.db.select({ n: count() }).from(planItems);
  assert.equal(items?.n, 0);
});

test('an export reads back what was loaded, and re-imports without change', async () => {
  const dataset = Dataset.parse(sample());
  await importDataset(database.db, dataset, CLI_ACTOR, { dryRun: false });
  const exported = await exportDataset(database.db, 'test-plan');
  assert.deepEqual(exported.items, dataset.items);
  assert.deepEqual(exported.departments, dataset.departments);
  assert.deepEqual(exported.plan, dataset.plan);
  assert.deepEqual(exported.rounds, dataset.rounds);
  assert.deepEqual(exported.decisions, ['テスト用の判断']);
  const [indicator] = exported.indicators;
  assert.equal(indicator?.observations[0]?.text, '約4億9,600万円');
  assert.equal(indicator?.observations[0]?.value, '496000000');
  assert.equal(indicator?.observations[0]?.source, 'datasets/test-plan/plan.json'); // provenance
  const again = await importDataset(database.db, exported, CLI_ACTOR, { dryRun: false });
  assert.equal(again.unchanged, true);
});

test('observations read back field for field: a decimal keeps its scale, a date, a breakdown, a note', async () => {
  const input = sample();
  const indicator = input.indicators?.[0];
  assert.ok(indicator?.observations);
  const written = {
    fiscalYear: 2018,
    kind: 'actual' as const,
    value: '71.70', // as the document prints it: 71.70 stays 71.70, not 71.7
    text: '71.70%',
    unit: '%',
    approximate: false,
    parts: [
      { label: '認定', value: '18' },
      { label: '仮認定', value: '3' },
    ],
    asOf: '2018-09-15',
    missingReason: null,
    note: '速報値「暫定」\n（再集計中）',
    source: '札幌市資料 p.12',
  };
  indicator.observations.push(written);
  await importDataset(database.db, Dataset.parse(input), CLI_ACTOR, { dryRun: false });
  const exported = await exportDataset(database.db, 'test-plan');
  const read = exported.indicators[0]?.observations.find((o) => o.fiscalYear === 2018);
  assert.deepEqual(read, written);
  const missing = exported.indicators[0]?.observations.find((o) => o.fiscalYear === 2017);
  assert.equal(missing?.value, null);
  assert.equal(missing?.missingReason, 'not_yet_surveyed');
  assert.equal(missing?.parts, null);
  assert.equal((await importDataset(database.db, exported, CLI_ACTOR, { dryRun: false })).unchanged, true);
});
