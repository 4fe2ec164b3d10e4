#!/usr/bin/env node
// Import benchmark: generates a template workbook with a 10,000-row 指標 sheet (1,000 indicators ×
// 10 fiscal years, values written the way plans write them: 1,234件, 約4億9,600万円, 71.7%, 今後調査),
// then, in the same process, times
//   raw     — exceljs's streaming reader reading every row of the file (the baseline),
//   read    — Shinchoku's reader (the same streaming reader + UTF-8 fix + text cells),
//   preview — read + validate + load in a transaction that is rolled back (the dry run),
//   import  — the real import into an empty embedded database (one transaction),
// and prints each time, its ratio to the raw parse, and peak memory (heap sampled every 5 ms,
// and the process's maximum resident set). Goal: import ≤ 1.5 × raw parse.
//
//   npm run bench:import [-- --rows 10000 --runs 3]
import { mkdtempSync, readFileSync, rmSync, createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const rows = arg('rows', 10000);
const runs = arg('runs', 3);

const { openDatabase, migrateDatabase } = await import('../src/db/client.ts');
const { ensureShippedScales } = await import('../src/plans/scales.repository.ts');
const { Dataset } = await import('../src/datasets/dataset-format.ts');
const { templateRows, writeWorkbook } = await import('../src/imports/export-spreadsheet.ts');
const { readSpreadsheet } = await import('../src/imports/read-spreadsheet.ts');
const { importSpreadsheet } = await import('../src/imports/import-spreadsheet.ts');
const { CLI_ACTOR } = await import('../src/system/audit.repository.ts');

// ── the workbook ──
const years = 10;
const indicatorCount = Math.ceil(rows / years);
const values = (i, y) => {
  const n = (i * 37 + y * 101) % 5000;
  switch ((i + y) % 5) {
    case 0: return { value: String(n), text: `${n.toLocaleString('en-US')}件` };
    case 1: return { value: String((n + 1) * 10000), text: `約${(n + 1).toLocaleString('en-US')}万円`, approximate: true };
    case 2: return { value: (n / 10).toFixed(1), text: `${(n / 10).toFixed(1)}%` };
    case 3: return { value: null, text: '今後調査', missingReason: 'not_yet_surveyed' };
    default: return { value: String(n), text: String(n) };
  }
};
const dataset = Dataset.parse({
  format: 'shinchoku-dataset/1',
  organisation: { code: 'bench', name: 'ベンチ市' },
  departments: [{ code: '市民局', name: '市民局', kind: 'bureau' }],
  plan: { code: 'bench-plan', title: 'ベンチマーク計画', periodStartFy: 2016, periodEndFy: 2025, levelNames: ['分野', '事業'] },
  items: [
    { code: '1', parent: null, name: '分野1' },
    ...Array.from({ length: 100 }, (_, i) => ({ code: `1-${i + 1}`, parent: '1', name: `事業${i + 1}`, departments: [{ department: '市民局' }] })),
  ],
  indicators: Array.from({ length: indicatorCount }, (_, i) => ({
    code: `m-${i + 1}`,
    item: `1-${(i % 100) + 1}`,
    name: `指標${i + 1}`,
    unit: null, // the patterns mix 件, 円 and %: no indicator unit, so each value keeps its own
    observations: Array.from({ length: years }, (_, y) => {
      const v = values(i, y);
      return { fiscalYear: 2016 + y, kind: 'actual', value: v.value, text: v.text, approximate: v.approximate ?? false, missingReason: v.missingReason ?? null };
    }).slice(0, Math.min(years, rows - i * years)),
  })),
});
const folder = mkdtempSync(join(tmpdir(), 'shinchoku-bench-import-'));
const file = join(folder, 'bench-10000.xlsx');
const template = templateRows(dataset);
const fileStream = createWriteStream(file);
const written = new Promise((resolve) => fileStream.on('close', resolve));
await writeWorkbook(template, fileStream, { entry: false, title: dataset.plan.title });
await written;
const bytes = readFileSync(file);
const dataRows = template.indicators.length;
console.log(`workbook: ${dataRows.toLocaleString()} 指標 rows, ${template.items.length} 施策 rows, ${(bytes.length / 1024).toFixed(0)} KiB`);

// ── measuring ──
let peakHeap = 0;
const sampler = setInterval(() => {
  peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
}, 5);
async function measure(run) {
  global.gc?.();
  peakHeap = process.memoryUsage().heapUsed;
  const t0 = performance.now();
  const result = await run();
  const ms = performance.now() - t0;
  return { ms, heapMiB: peakHeap / 1048576, result };
}

async function rawParse() {
  // the same bytes in memory and the same options as Shinchoku's reader: the fastest fair baseline
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([readFileSync(file)]), { sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', worksheets: 'emit', entries: 'ignore' });
  let n = 0;
  for await (const sheet of reader) for await (const row of sheet) n += row.values.length > 0 ? 1 : 0;
  return n;
}

const database = await openDatabase({});
await migrateDatabase(database);
await database.db.transaction((tx) => ensureShippedScales(tx));

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const results = { raw: [], read: [], preview: [], import: [] };
const heaps = { raw: 0, read: 0, preview: 0, import: 0 };
for (let run = 0; run < runs; run++) {
  const raw = await measure(rawParse);
  const read = await measure(() => readSpreadsheet('bench.xlsx', readFileSync(file)));
  const preview = await measure(() => importSpreadsheet(database.db, { name: 'bench.xlsx', bytes: readFileSync(file) }, CLI_ACTOR, { dryRun: true }));
  if (!preview.result.ok) throw new Error(preview.result.issues.slice(0, 5).map((x) => `${x.sheet} ${x.row} ${x.column} ${x.message}`).join('\n'));
  results.raw.push(raw.ms);
  results.read.push(read.ms);
  results.preview.push(preview.ms);
  heaps.raw = Math.max(heaps.raw, raw.heapMiB);
  heaps.read = Math.max(heaps.read, read.heapMiB);
  heaps.preview = Math.max(heaps.preview, preview.heapMiB);
}
// the real import writes: once, into the empty database
const real = await measure(() => importSpreadsheet(database.db, { name: 'bench.xlsx', bytes: readFileSync(file) }, CLI_ACTOR, { dryRun: false }));
if (!real.result.ok) throw new Error('import failed');
results.import.push(real.ms);
heaps.import = real.heapMiB;
const again = await measure(() => importSpreadsheet(database.db, { name: 'bench.xlsx', bytes: readFileSync(file) }, CLI_ACTOR, { dryRun: false }));
clearInterval(sampler);

const raw = median(results.raw);
const line = (label, ms, heap) => `${label.padEnd(34)} ${ms.toFixed(0).padStart(7)} ms   ${(ms / raw).toFixed(2).padStart(6)} × raw   peak heap ${heap.toFixed(0)} MiB`;
console.log(`\nmedian of ${runs} runs (import: one run into the empty database)`);
console.log(line('raw exceljs streaming parse', raw, heaps.raw));
console.log(line('Shinchoku read (cells as text)', median(results.read), heaps.read));
console.log(line('preview (read+validate+rollback)', median(results.preview), heaps.preview));
console.log(line('import (writes 10,000 values)', real.ms, heaps.import));
console.log(line('re-import, nothing changes', again.ms, again.heapMiB));
console.log(`created: ${JSON.stringify(real.result.summary?.tables.observations)}; re-import unchanged: ${again.result.summary?.unchanged}`);
console.log(`process peak RSS: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);
console.log(`goal import ≤ 1.5 × raw: ${real.ms / raw <= 1.5 ? 'met' : 'not met'} (${(real.ms / raw).toFixed(2)} ×)`);
await database.close();
rmSync(folder, { recursive: true, force: true });
