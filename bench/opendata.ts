// Open data export of a large synthetic set (bench/generate.ts: N organisations, each about 100
// 事業, 300 indicators and 3,000 observations): streams /opendata/all/observations.csv (and the
// JSON and Excel copies) through the web application and prints MB/s and memory. The body is
// read chunk by chunk and thrown away, as a client would; the memory figures show the export
// is streamed (the growth stays far below the file size), not built in memory.
//
//   npm run bench:opendata -- --orgs 20
//   DATABASE_URL=postgres://… npm run bench:opendata -- --orgs 200
import { parseArgs } from 'node:util';
import { openDatabase, migrateDatabase } from '../src/db/client.js';
import { createApp } from '../src/app.js';
import { generate } from './generate.js';

const { values } = parseArgs({ options: { orgs: { type: 'string' }, seed: { type: 'string' } } });
const orgs = Number(values.orgs ?? 20);
process.env.LOG_LEVEL ??= 'warn';
const url = process.env.DATABASE_URL?.trim();
const database = await openDatabase(url ? { url } : {});
await migrateDatabase(database);
console.log(`generating ${orgs} organisations into ${url ? 'PostgreSQL' : 'in-memory PGlite'} …`);
const generated = await generate(database, orgs, { seed: Number(values.seed ?? 1), years: 10, firstYear: 2016 });
console.log(`  ${generated.rows.toLocaleString('en')} rows in ${(generated.ms / 1000).toFixed(1)} s`);
const app = createApp(database);
const mb = (bytes: number) => bytes / 1048576;

async function measure(path: string): Promise<void> {
  globalThis.gc?.();
  const base = process.memoryUsage();
  let peakHeap = base.heapUsed;
  let peakRss = base.rss;
  const sampler = setInterval(() => {
    const now = process.memoryUsage();
    peakHeap = Math.max(peakHeap, now.heapUsed);
    peakRss = Math.max(peakRss, now.rss);
  }, 10);
  const started = performance.now();
  const response = await app.request(path);
  if (response.status !== 200 || !response.body) throw new Error(`${path}: ${response.status}`);
  const reader = response.body.getReader();
  let bytes = 0;
  let chunks = 0;
  let firstByteMs = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (chunks === 0) firstByteMs = performance.now() - started;
    bytes += value.byteLength;
    chunks++;
  }
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  const end = process.memoryUsage();
  peakHeap = Math.max(peakHeap, end.heapUsed);
  peakRss = Math.max(peakRss, end.rss);
  console.log(
    `${path.padEnd(36)} ${mb(bytes).toFixed(1).padStart(7)} MB in ${seconds.toFixed(2).padStart(6)} s = ${(mb(bytes) / seconds).toFixed(1).padStart(5)} MB/s, ` +
      `first byte ${firstByteMs.toFixed(0)} ms, ${chunks} chunks; heap +${mb(peakHeap - base.heapUsed).toFixed(1)} MB peak, RSS ${mb(peakRss).toFixed(0)} MB peak`,
  );
}

const etagStarted = performance.now();
await app.request('/api/v1/plans?limit=1');
console.log(`one API answer, with the data fingerprint for ETag: ${(performance.now() - etagStarted).toFixed(0)} ms`);
for (const path of ['/opendata/all/observations.csv', '/opendata/all/observations.json', '/opendata/all/items.csv', '/opendata/all/data.xlsx']) await measure(path);
console.log(`process peak RSS (getrusage): ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
await database.close();
