#!/usr/bin/env node
// Report generation: the full Sendai プラン2021 report (3 分野, 89 事業 rows and pages) as PDF,
// and the Sapporo goal sheets as PDF, HTML and Excel. Each measured in a fresh Node process
// on the compiled code (dist/, `npm run build`), with the plan read from an embedded database
// loaded with the bundled datasets; prints time per format, the resident memory before and after
// the report (the embedded database itself takes most of it) and the process's peak.
// `job-pdf`: the same PDF made as the server makes it — a report job rendered by the worker in
// its thread and stored in the database — from the request to the stored file.
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
let bytes;
let ms;
let warmMs;
if (format.startsWith('job-')) {
  // the way the server makes it: ask for a report job, the worker renders it in its thread and
  // stores it; timed from the request to the stored file (a fresh thread: the first job of a process)
  const { startReportWorker } = await import('./dist/reports/report-worker.js');
  const { requestReportJob } = await import('./dist/reports/request-report-job.js');
  const { readReportJobFile } = await import('./dist/reports/report-jobs.repository.js');
  const worker = startReportWorker(database, { pollMs: 20 });
  const { job } = await requestReportJob(database.db, { planCode: plan, format: format.slice(4), drafts: false, actor: null });
  worker.wake();
  const done = await worker.waitFor(job.id, 120000);
  if (done?.state !== 'done') throw new Error('job ' + done?.state + ': ' + done?.error);
  bytes = (await readReportJobFile(database.db, job.id)).content;
  ms = performance.now() - t0;
  // a second job in the same process (the committee's, so not the same file): the thread is running
  const t1 = performance.now();
  const second = (await requestReportJob(database.db, { planCode: plan, format: format.slice(4), drafts: true, actor: null })).job;
  worker.wake();
  if ((await worker.waitFor(second.id, 120000))?.state !== 'done') throw new Error('second job not done');
  warmMs = performance.now() - t1;
  await worker.stop();
} else {
  const model = await loadReport(database.db, plan);
  bytes = format === 'pdf' ? await renderReportPdf(model) : format === 'xlsx' ? await renderReportXlsx(model) : Buffer.from(await renderReportHtml(model, null));
  ms = performance.now() - t0;
}
console.log(JSON.stringify({ ms, warmMs, bytes: bytes.length, rssBeforeMb, rssAfterMb: process.memoryUsage().rss / 1048576, peakMb: process.resourceUsage().maxRSS / 1024 }));
await database.close();
`;

const cases = [
  ['sendai-2021', 'pdf'],
  ['sendai-2021', 'job-pdf'],
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
  const goal = plan === 'sendai-2021' && format.endsWith('pdf') ? (median.ms < 5000 ? '  (goal < 5 s: met)' : '  (goal < 5 s: NOT met)') : '';
  const warm = median.warmMs === undefined ? '' : ` (first job of the process, render thread started; next job ${(results.map((r) => r.warmMs).sort((a, b) => a - b)[Math.floor(results.length / 2)] / 1000).toFixed(2)} s)`;
  console.log(`${plan.padEnd(12)} ${format.padEnd(7)} ${(median.ms / 1000).toFixed(2).padStart(6)} s${warm}  ${(median.bytes / 1024).toFixed(0).padStart(6)} KiB  RSS ${before.toFixed(0)} → ${after.toFixed(0)} MB, process peak ${peak.toFixed(0)} MB${goal}`);
}
