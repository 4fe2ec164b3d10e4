// Fuzz: the importer on mutated template files (cells replaced with awkward values, rows dropped
// or repeated, headers renamed, bytes cut or flipped) never throws, and a rejected file leaves
// the database exactly as it was (row counts and checksum).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { createTestDatabase, type TestDatabase } from '../test-support/database.js';
import { CLI_ACTOR } from '../system/audit.repository.js';
import { importDataset } from '../datasets/import-dataset.js';
import { readDataset } from '../datasets/read-dataset.js';
import { parseCsv } from './csv.js';
import { csvRow } from '../shared/csv.js';
import { importSpreadsheet } from './import-spreadsheet.js';
import { databaseFingerprint, exportToBytes } from './test-helpers.js';

let database: TestDatabase;
let indicatorCsv: string[][];
let itemCsv: string[][];
let workbook: Buffer;
before(async () => {
  database = await createTestDatabase();
  await database.reset();
  await importDataset(database.db, await readDataset('datasets/sapporo-2nd'), CLI_ACTOR, { dryRun: false });
  const table = async (sheet: '施策' | '指標') => {
    const parsed = parseCsv((await exportToBytes(database.db, 'sapporo-2nd', { format: 'csv', sheet })).subarray(3).toString('utf8'));
    assert.ok(parsed.ok);
    return parsed.records.map((r) => r.fields);
  };
  indicatorCsv = await table('指標');
  itemCsv = await table('施策');
  workbook = await exportToBytes(database.db, 'sapporo-2nd', { format: 'xlsx' });
});
after(async () => {
  await database.close();
});

const awkward = fc.oneof(
  fc.constantFrom('', ' ', '—', '今後調査', '約4億', '約4億〜5億円', '3割', 'H34', '平成32年度', '令和元年度', 'R1', '0', '-1', '1e9', '１，２３４', '○', '×', '上昇', '累計', '目標', '基準', '実績', '1', '1-1', 'sapporo-2nd', 'no-plan', '"', '\n', 'x'.repeat(300)),
  fc.string({ maxLength: 12 }),
);

const mutation = fc.oneof(
  fc.record({ kind: fc.constant('cell' as const), row: fc.nat(), column: fc.nat(), value: awkward }),
  fc.record({ kind: fc.constant('drop' as const), row: fc.nat() }),
  fc.record({ kind: fc.constant('repeat' as const), row: fc.nat() }),
);
type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;

function mutate(table: string[][], mutations: Mutation[]): string[][] {
  const rows = table.map((r) => [...r]);
  for (const m of mutations) {
    if (rows.length === 0) break;
    const row = m.row % rows.length;
    if (m.kind === 'cell') {
      const cells = rows[row];
      if (cells && cells.length > 0) cells[m.column % cells.length] = m.value;
    } else if (m.kind === 'drop') rows.splice(row, 1);
    else rows.splice(row, 0, [...(rows[row] ?? [])]);
  }
  return rows;
}

async function importAndCheck(name: string, bytes: Uint8Array): Promise<void> {
  const before = await databaseFingerprint(database.db);
  const report = await importSpreadsheet(database.db, { name, bytes }, CLI_ACTOR, { dryRun: false });
  if (!report.ok) {
    assert.ok(report.issues.length > 0);
    const after = await databaseFingerprint(database.db);
    assert.deepEqual(after, before);
  }
}

test('mutated CSV files (施策 and 指標): no crash, no partial write', async () => {
  await fc.assert(
    fc.asyncProperty(fc.boolean(), fc.array(mutation, { minLength: 1, maxLength: 6 }), async (items, mutations) => {
      await importAndCheck(items ? '施策.csv' : '指標.csv', Buffer.from(mutate(items ? itemCsv : indicatorCsv, mutations).map(csvRow).join(''), 'utf8'));
    }),
    { numRuns: 30 },
  );
});

test('mutated workbooks (bytes cut or flipped): no crash, no partial write', async () => {
  await fc.assert(
    fc.asyncProperty(fc.nat(), fc.nat(255), fc.boolean(), async (position, byte, cut) => {
      const at = position % workbook.length;
      const bytes = cut ? workbook.subarray(0, at) : Buffer.from(workbook);
      if (!cut) bytes[at] = byte;
      await importAndCheck('sapporo-2nd.xlsx', bytes);
    }),
    { numRuns: 25 },
  );
});
