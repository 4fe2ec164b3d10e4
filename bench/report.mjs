#!/usr/bin/env node
// Report generation: the full Sendai プラン2021 report (3 分野, 89 事業 rows and pages) as PDF,
// and the Sapporo goal sheets as PDF, HTML and Excel. Each measured in a fresh Node process
// on the compiled code (dist/, `npm run build`), with the plan read from an embedded database
// loaded with the bundled datasets; prints time per format, the resident memory before and after
// the report (the embedded database itself takes most of it) and the process's peak.
// Goal: full Sendai PDF < 5 s.
//
//   node bench/report.mjs [--runs 3]
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const runsArg = process.argv.indexOf('--runs');
const runs = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 3;

const child = `
const { openDatabase, migrateDatabase } = await import('./dist/db/client.js');
const { prepareBundledData } = await import('./dist/datasets/bundled.js');
const { loadReport } = await import('./dist/reports/load-report.js');
const { renderReportPdf } = await import('./dist/reports/report-pdf.js');
const { renderReportHtml } = await import('./dist/reports/report-page.js');
const { renderReportXlsx } = await import('./dist/reports/report-xlsx.js');
const database = await openDatabase({});
await migrateDatabase(database);
await prepareBundledData(database);
const [plan, format] = process.argv.slice(-2);
const rssBeforeMb = process.memoryUsage().rss / 1048576;
const t0 = performance.now();
const model = await loadReport(database.db, plan);
const bytes = format === 'pdf' ? await renderReportPdf(model) : format === 'xlsx' ? await renderReportXlsx(model) : Buffer.from(await renderReportHtml(model, null));
const ms = performance.now() - t0;
console.log(JSON.stringify({ ms, bytes: bytes.length, rssBeforeMb, rssAfterMb: process.memoryUsage().rss / 1048576, peakMb: process.resourceUsage().maxRSS / 1024 }));
await database.close();
`;

const cases = [
  ['sendai-2021', 'pdf'],
  ['sendai-2021', 'html'],
  ['sendai-2021', 'xlsx'],
  ['sapporo-2nd', 'pdf'],
];
console.log(`report generation (${runs} runs each, median; time from reading the plan to the finished file)`);
for (const [plan, format] of cases) {
  const results = [];
  for (let i = 0; i < runs; i++) {
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', child, '--', plan, format], { cwd: root, encoding: 'utf8', env: { ...process.env, LOG_LEVEL: 'silent' } });
    if (run.status !== 0) {
      console.error(run.stderr);
      process.exit(1);
    }
    results.push(JSON.parse(run.stdout.trim().split('\n').pop()));
  }
  results.sort((a, b) => a.ms - b.ms);
  const median = results[Math.floor(results.length / 2)];
  const peak = Math.max(...results.map((r) => r.peakMb));
  const before = Math.max(...results.map((r) => r.rssBeforeMb));
  const after = Math.max(...results.map((r) => r.rssAfterMb));
  const goal = plan === 'sendai-2021' && format === 'pdf' ? (median.ms < 5000 ? '  (goal < 5 s: met)' : '  (goal < 5 s: NOT met)') : '';
  console.log(`${plan.padEnd(12)} ${format.padEnd(5)} ${(median.ms / 1000).toFixed(2).padStart(6)} s  ${(median.bytes / 1024).toFixed(0).padStart(6)} KiB  RSS ${before.toFixed(0)} → ${after.toFixed(0)} MB, process peak ${peak.toFixed(0)} MB${goal}`);
}
