// Round trip: each bundled plan exported as the template → imported into an empty database →
// exported again is identical cell by cell (read back with exceljs). Re-importing the same file
// changes nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createTestDatabase, type TestDatabase } from '../test-support/database.js';
import { CLI_ACTOR } from '../system/audit.repository.js';
import { importDataset } from '../datasets/import-dataset.js';
import { readBundledDatasets } from '../datasets/read-dataset.js';
import { importSpreadsheet } from './import-spreadsheet.js';
import { exportToBytes, workbookCells } from './test-helpers.js';
import { formatIssue } from './import-issues.js';
import { readXlsxArchive } from './read-xlsx.js';

let source: TestDatabase;
let target: TestDatabase;
before(async () => {
  [source, target] = await Promise.all([createTestDatabase(), createTestDatabase()]);
  await source.reset();
  await target.reset();
  for (const dataset of await readBundledDatasets()) await importDataset(source.db, dataset, CLI_ACTOR, { dryRun: false });
});
after(async () => {
  await Promise.all([source.close(), target.close()]);
});

for (const plan of ['sendai-2016', 'sendai-2021', 'sapporo-2nd']) {
  test(`${plan}: export → import into an empty database → export is identical cell by cell`, async () => {
    const first = await exportToBytes(source.db, plan, { format: 'xlsx' });
    const report = await importSpreadsheet(target.db, { name: `${plan}.xlsx`, bytes: first }, CLI_ACTOR, { dryRun: false });
    assert.deepEqual(report.issues.map(formatIssue), []);
    assert.equal(report.ok, true);
    assert.equal(report.newPlan, true);
    const second = await exportToBytes(target.db, plan, { format: 'xlsx' });
    const a = await workbookCells(first);
    const b = await workbookCells(second);
    assert.deepEqual(b.sheets.map((s) => s.name), plan === 'sapporo-2nd' ? ['計画', '施策', '指標', '評価', '_codes'] : ['計画', '施策', '指標', '_codes']);
    assert.equal(b.sheets.at(-1)?.state, 'hidden');
    for (const [i, sheet] of a.sheets.entries()) {
      const other = b.sheets[i];
      assert.ok(other, `sheet ${sheet.name}`);
      assert.equal(other.rows.length, sheet.rows.length, `${sheet.name}: rows`);
      for (const [r, row] of sheet.rows.entries()) assert.deepEqual(other.rows[r], row, `${sheet.name} ${r + 1}行目`);
    }
    // the second import of the same file changes nothing
    const again = await importSpreadsheet(target.db, { name: `${plan}.xlsx`, bytes: second }, CLI_ACTOR, { dryRun: true });
    assert.equal(again.ok, true);
    assert.equal(again.summary?.unchanged, true, JSON.stringify(again.summary?.tables));
  });
}

test('a bundled plan re-imported from its own export into the same database changes nothing', async () => {
  const bytes = await exportToBytes(source.db, 'sendai-2021', { format: 'xlsx' });
  const report = await importSpreadsheet(source.db, { name: 'sendai-2021.xlsx', bytes }, CLI_ACTOR, { dryRun: true });
  assert.deepEqual(report.issues.map(formatIssue), []);
  assert.equal(report.summary?.unchanged, true, JSON.stringify(report.summary?.tables));
});

test('the example in docs/template-example.xlsx (Sapporo, as exported) reads back as a no-op', async () => {
  const bytes = readFileSync(fileURLToPath(new URL('../../docs/template-example.xlsx', import.meta.url)));
  const report = await importSpreadsheet(source.db, { name: 'template-example.xlsx', bytes }, CLI_ACTOR, { dryRun: true });
  assert.deepEqual(report.issues.map(formatIssue), []);
  assert.equal(report.plan, 'sapporo-2nd');
  assert.equal(report.summary?.unchanged, true);
});

// The same example opened and saved again by LibreOffice Calc 7.4 (soffice --headless --convert-to
// xlsx), whose XML differs from exceljs's: parts named and ordered its own way, every string
// shared, its own styles and number formats. A city's staff may well save the template so.
test('the example saved again by LibreOffice Calc reads with the archive reader itself and imports as a no-op', async () => {
  const bytes = readFileSync(fileURLToPath(new URL('./fixtures/template-example-libreoffice.xlsx', import.meta.url)));
  const original = readFileSync(fileURLToPath(new URL('../../docs/template-example.xlsx', import.meta.url)));
  const [saved, exported] = await Promise.all([readXlsxArchive(bytes, { maxRows: 100_000 }), readXlsxArchive(original, { maxRows: 100_000 })]);
  assert.ok(saved.ok && exported.ok, 'both read without the exceljs fallback');
  assert.deepEqual(saved.sheets, exported.sheets, 'every sheet (name, state) and row reads as from the file exceljs wrote');
  const report = await importSpreadsheet(source.db, { name: 'template-example-libreoffice.xlsx', bytes }, CLI_ACTOR, { dryRun: true });
  assert.deepEqual(report.issues.map(formatIssue), []);
  assert.equal(report.plan, 'sapporo-2nd');
  assert.equal(report.summary?.unchanged, true, JSON.stringify(report.summary?.tables));
});
