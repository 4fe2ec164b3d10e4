#!/usr/bin/env node
// Import benchmark: generates a template workbook with a 10,000-row 指標 sheet (1,000 indicators ×
// 10 fiscal years, values written the way plans write them: 1,234件, 約4億9,600万円, 71.7%, 今後調査),
// then, in the same process, times
//   raw     — exceljs's streaming reader reading every row of the file (the baseline),
//   read    — Shinchoku's reader (src/imports/read-xlsx.ts: the same bytes read straight from the
//             archive's XML into text cells, without exceljs),
//   preview  — read + validate + load in a transaction that is rolled back (the dry run),
//   import   — the real import into an empty embedded database (one transaction),
//   re-import — the same file again: read, compare, nothing written,
// and prints each time, its ratio to the same run's raw parse (median and the spread over the
// runs), peak memory (heap sampled every 5 ms, and the process's maximum resident set), and the
// phase split of the import and the re-import (read, validate, write; medians).
// Goal: import ≤ 1.5 × raw parse.
//
//   npm run bench:import [-- --rows 10000 --runs 5 --warmup 1]
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
const runs = arg('runs', 5);
const warmups = arg('warmup', 1); // runs done first and not counted (the JIT compiles the code paths)

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
  const cpu0 = process.cpuUsage();
  const result = await run();
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return { ms, cpuMs: (cpu.user + cpu.system) / 1000, heapMiB: peakHeap / 1048576, result };
}

async function rawParse() {
  // the same bytes in memory and the same options as Shinchoku's reader: the fastest fair baseline
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([readFileSync(file)]), { sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', worksheets: 'emit', entries: 'ignore' });
  let n = 0;
  for await (const sheet of reader) for await (const row of sheet) n += row.values.length > 0 ? 1 : 0;
  return n;
}

// each run: the raw parse, then Shinchoku's read, the preview and the real import into a fresh
// empty database, then a re-import that changes nothing — one after the other, so that each run's
// ratios compare work done under the same load (the machine may be shared)
async function emptyDatabase() {
  const database = await openDatabase({});
  await migrateDatabase(database);
  await database.db.transaction((tx) => ensureShippedScales(tx));
  return database;
}
// the phase split of an import, from the progress it reports: read (the file, until validation
// starts), validate (buildImport: the rows laid over the plan), write (loadDataset, the judgement,
// the audit row and COMMIT, until the import returns)
async function importFile(database, dryRun) {
  const marks = { start: performance.now() };
  const onProgress = (phase) => {
    marks[phase] ??= performance.now();
  };
  const result = await importSpreadsheet(database.db, { name: 'bench.xlsx', bytes: readFileSync(file) }, CLI_ACTOR, { dryRun, onProgress });
  const end = performance.now();
  return { ...result, split: { read: marks.validate - marks.start, validate: marks.write - marks.validate, write: end - marks.write } };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const phases = ['raw', 'read', 'preview', 'import', 'reimport'];
const times = Object.fromEntries(phases.map((p) => [p, []]));
const cpuTimes = Object.fromEntries(phases.map((p) => [p, []]));
const heaps = Object.fromEntries(phases.map((p) => [p, 0]));
const splitTimes = { import: [], reimport: [] };
let last = null;
for (let run = -warmups; run < runs; run++) {
  const database = await emptyDatabase();
  const measured = {
    raw: await measure(rawParse),
    read: await measure(() => readSpreadsheet('bench.xlsx', readFileSync(file))),
    preview: await measure(() => importFile(database, true)),
    import: await measure(() => importFile(database, false)),
    reimport: await measure(() => importFile(database, false)),
  };
  await database.close();
  for (const phase of ['preview', 'import']) {
    const result = measured[phase].result;
    if (!result.ok) throw new Error(result.issues.slice(0, 5).map((x) => `${x.sheet} ${x.row} ${x.column} ${x.message}`).join('\n'));
  }
  if (run < 0) continue;
  for (const phase of phases) {
    times[phase].push(measured[phase].ms);
    cpuTimes[phase].push(measured[phase].cpuMs);
    heaps[phase] = Math.max(heaps[phase], measured[phase].heapMiB);
  }
  last = measured;
  for (const phase of ['import', 'reimport']) splitTimes[phase].push(measured[phase].result.split);
  const ratio = (phase) => (measured[phase].ms / measured.raw.ms).toFixed(2);
  console.log(`run ${run + 1}: raw ${measured.raw.ms.toFixed(0)} ms; × raw: read ${ratio('read')}, preview ${ratio('preview')}, import ${ratio('import')}, re-import ${ratio('reimport')}`);
}
clearInterval(sampler);

// ratios within each run (the spread says how much the shared machine moved), and the ratio of
// the fastest times (the least disturbed), in wall-clock and in this process's CPU time
const ratios = (phase) => times[phase].map((ms, i) => ms / times.raw[i]);
const spread = (phase) => {
  const r = ratios(phase);
  return `${median(r).toFixed(2)} × raw (runs ${Math.min(...r).toFixed(2)}–${Math.max(...r).toFixed(2)})`;
};
const best = (phase) => `best ${(Math.min(...times[phase]) / Math.min(...times.raw)).toFixed(2)} ×, cpu ${(Math.min(...cpuTimes[phase]) / Math.min(...cpuTimes.raw)).toFixed(2)} ×`;
const line = (label, phase) =>
  `${label.padEnd(34)} ${median(times[phase]).toFixed(0).padStart(7)} ms   ${phase === 'raw' ? '1.00 × raw'.padEnd(31) : spread(phase).padEnd(31)}   ${phase === 'raw' ? ''.padEnd(26) : best(phase).padEnd(26)}   peak heap ${heaps[phase].toFixed(0)} MiB`;
console.log(`\nmedian of ${runs} runs; ratios are each run's time ÷ the same run's raw parse; best: fastest ÷ fastest raw`);
console.log(line('raw exceljs streaming parse', 'raw'));
console.log(line('Shinchoku read (cells as text)', 'read'));
console.log(line('preview (read+validate+rollback)', 'preview'));
console.log(line('import (writes 10,000 values)', 'import'));
console.log(line('re-import, nothing changes', 'reimport'));
const splits = (phase) => {
  const parts = ['read', 'validate', 'write'].map((part) => `${part} ${median(splitTimes[phase].map((x) => x[part])).toFixed(0)} ms`);
  return parts.join(', ');
};
console.log(`phase split (medians): import: ${splits('import')}; re-import: ${splits('reimport')}`);
console.log(`created: ${JSON.stringify(last.import.result.summary?.tables.observations)}; re-import unchanged: ${last.reimport.result.summary?.unchanged}`);
console.log(`process peak RSS: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);
const importRatio = median(ratios('import'));
console.log(`goal import ≤ 1.5 × raw: ${importRatio <= 1.5 ? 'met' : 'not met'} (median ${importRatio.toFixed(2)} ×, ${best('import')})`);
rmSync(folder, { recursive: true, force: true });
