// What one public page costs to render when nothing is kept (the path of a first visit, and of
// every page a change makes render again): pages asked one at a time through the application
// (`app.request`, the render worker's own page cache, which keeps nothing), on any database with
// public plans (the national set of bench:national is the one docs/scale.md's figures come from).
// Per kind: milliseconds per page, CPU milliseconds of this process per page (steadier than the
// wall clock on a shared machine; the database's work is not in it), statements per page, KiB. Then the Japanese and
// English page of each plan in a row against English pages alone: the second language reuses
// what the first loaded (plans/plan-page-data.ts), so the pair costs less than twice one page.
//
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/shinchoku_national_1741 npm run bench:render
//   npm run bench:render -- --pages 50      # pages per kind (default 150; the first 20 warm up)
//   npm run bench:render -- --only item     # the kinds whose name contains it (with --cpu-prof: a profile of those alone)
import { parseArgs } from 'node:util';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { openDatabase, queryRows } from '../src/db/client.js';
import { createApp } from '../src/app.js';
import { passThroughPageCache } from '../src/portal/page-cache.js';

const { values } = parseArgs({ options: { pages: { type: 'string' }, only: { type: 'string' } } });
const PAGES = Math.max(25, Number(values.pages ?? 150));
const WARM_UP = 20;
const url = process.env.DATABASE_URL?.trim();
if (!url) {
  console.error('DATABASE_URL (a PostgreSQL database with public plans, e.g. the one bench:national made) is required');
  process.exit(2);
}
process.env.LOG_LEVEL ??= 'warn';

// every statement the application sends goes through pg.Client#query
let statements = 0;
const query = pg.Client.prototype.query;
pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
  statements++;
  return (query as (...a: unknown[]) => unknown).apply(this, args);
} as typeof query;

const database = await openDatabase({ url });
const app = createApp(database, { pages: passThroughPageCache(database) });
const plans = (await queryRows<{ code: string }>(database.db, sql`SELECT code FROM plans WHERE status <> 'draft' ORDER BY md5(code) LIMIT ${PAGES}`)).map((r) => r.code);
const items = await queryRows<{ plan: string; code: string }>(
  database.db,
  sql`SELECT p.code AS plan, i.code FROM plan_items i JOIN plans p ON p.id = i.plan_id WHERE p.status <> 'draft' AND i.depth = 2 ORDER BY md5(p.code || i.code) LIMIT ${PAGES}`,
);
const at = <T>(list: T[], i: number): T => list[i % list.length] as T;

interface Measured {
  ms: number;
  /** CPU time of this process (user + system), steadier than the wall clock on a shared machine. */
  cpu: number;
  statements: number;
  kib: number;
}

async function measure(paths: string[]): Promise<Measured> {
  let ms = 0;
  let cpu = 0;
  let bytes = 0;
  let counted = 0;
  for (const [i, path] of paths.entries()) {
    const before = statements;
    const started = performance.now();
    const startedCpu = process.cpuUsage();
    const response = await app.request(`http://localhost${path}`);
    const body = await response.text();
    if (response.status !== 200) throw new Error(`${path}: ${response.status}`);
    if (i < WARM_UP) continue;
    ms += performance.now() - started;
    const used = process.cpuUsage(startedCpu);
    cpu += (used.user + used.system) / 1000;
    bytes += Buffer.byteLength(body);
    counted += statements - before;
  }
  const n = paths.length - WARM_UP;
  return { ms: ms / n, cpu: cpu / n, statements: counted / n, kib: bytes / n / 1024 };
}

const indexes = Array.from({ length: PAGES }, (_, i) => i);
const kinds: [string, string[]][] = [
  ['plan page (Japanese)', indexes.map((i) => `/plans/${at(plans, i)}`)],
  ['plan page (English)', indexes.map((i) => `/en/plans/${at(plans, i + 1)}`)],
  ['item page', indexes.map((i) => `/plans/${at(items, i).plan}/items/${encodeURIComponent(at(items, i).code)}`)],
  ['API list of observations', indexes.map((i) => `/api/v1/plans/${at(plans, i + 2)}/observations?limit=100`)],
  // each plan's Japanese page, then its English one (what a refresh after a change, and the start, render)
  ['plan page, ja then en of each plan', indexes.flatMap((i) => [`/plans/${at(plans, i + 3)}`, `/en/plans/${at(plans, i + 3)}`])],
];

console.log(`${plans.length} plans, ${PAGES} pages per kind (the first ${WARM_UP} not counted), one at a time, nothing kept`);
console.log('kind                                   ms/page  CPU ms/page  statements  KiB');
const results = new Map<string, Measured>();
for (const [kind, paths] of kinds) {
  if (values.only && !kind.includes(values.only)) continue;
  const m = await measure(paths);
  results.set(kind, m);
  console.log(`${kind.padEnd(38)} ${m.ms.toFixed(2).padStart(7)} ${m.cpu.toFixed(2).padStart(12)} ${m.statements.toFixed(1).padStart(11)} ${m.kib.toFixed(0).padStart(4)}`);
}
const alone = results.get('plan page (English)');
const pair = results.get('plan page, ja then en of each plan');
if (alone && pair) {
  console.log(`\nja then en of one plan: ${(pair.ms * 2).toFixed(1)} ms for the two pages = ${((pair.ms * 2) / alone.ms).toFixed(2)}× one page alone (${alone.ms.toFixed(1)} ms; 2.00× without the shared data)`);
}
await database.close();
