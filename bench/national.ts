// A national-size set on PostgreSQL: N synthetic organisations (bench/generate.ts, loaded through
// the product's importDataset) in a database of their own, then, against one server on loopback at
// 50 connections: the plan page, an item page, an API list, the search and a comparison across
// every organisation (its page and its API; p50/p99, req/s, share of page-cache hits); the time of
// a whole-country grade distribution query; and EXPLAIN (ANALYZE, BUFFERS) of the slowest query
// measured here. The server renders every plan page at start (PAGE_WARM), in Japanese and in
// English; the bench waits for that and prints how long it took. Then, after 50 item pages
// rendered to warm the rendering path up: plan pages right after start (kept by the warm-up),
// item pages on their first visits (picked from 2,000, so some are kept within the run), item
// pages each asked for once (nothing kept: the rendering path alone), and return visits (every
// page visited once before, then again while values of random organisations change 20 times a
// second, so each write makes its own plan's kept pages render again in the background, given as
// they were meanwhile: the stale column); last, item pages nobody asked for at steady rates of
// arriving visitors.
//
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench:national              # 200 organisations
//   DATABASE_URL=… npm run bench:national -- --orgs 1741 --seconds 20                            # the national set
//   DATABASE_URL=… npm run bench:national -- --orgs 1741 --processes 2                           # two server processes
//   DATABASE_URL=… npm run bench:national -- --orgs 1741 --only item                             # the measurements whose name contains it ('arrivals': the steady rates)
//   PAGE_WARM=0 DATABASE_URL=… npm run bench:national -- --orgs 1741 --only arrivals             # without the plan pages rendered at start
//
// The database (shinchoku_national_N) is kept for the next run with the same N (generation is the
// slow part); --fresh generates it again, --drop removes it at the end.
import http from 'node:http';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { drizzle } from 'drizzle-orm/node-postgres';
import * as schema from '../src/db/schema.js';
import { openDatabase, migrateDatabase, type Db } from '../src/db/client.js';
import { getPlanTree } from '../src/plans/plans.repository.js';
import { findPlanRef, searchFacets, searchItems } from '../src/portal/portal.repository.js';
import { planOverview } from '../src/portal/plan-overview.js';
import { generate } from './generate.js';
import { ensureBundledCatalogue } from '../src/compare/ensure-bundled-catalogue.js';
import { startCli } from '../src/test-support/cli.js';

const { values } = parseArgs({ options: { orgs: { type: 'string' }, seconds: { type: 'string' }, connections: { type: 'string' }, processes: { type: 'string' }, only: { type: 'string' }, fresh: { type: 'boolean' }, drop: { type: 'boolean' } } });
const ORGS = Number(values.orgs ?? 200);
const SECONDS = Number(values.seconds ?? 10);
const CONNECTIONS = Number(values.connections ?? 50);
const PROCESSES = values.processes ?? '1';
const ONLY = values.only;
const serverUrl = process.env.DATABASE_URL?.trim();
if (!serverUrl) {
  console.error('DATABASE_URL (a PostgreSQL server) is required: bench:national creates its own database there');
  process.exit(2);
}

const name = `shinchoku_national_${ORGS}`;
const url = new URL(serverUrl);
url.pathname = `/${name}`;
const databaseUrl = url.toString();

async function admin<T>(run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

// ───────────────────────────── the data ─────────────────────────────

process.env.LOG_LEVEL ??= 'warn';
const exists = await admin(async (c) => (await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount === 1);
let ready = false;
if (exists && !values.fresh) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: string }>("SELECT count(*) AS n FROM plans WHERE code LIKE 'city-%'");
    ready = Number(rows[0]?.n) === ORGS;
  } catch {
    ready = false;
  } finally {
    await client.end();
  }
}
if (!ready) {
  await admin(async (c) => {
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await c.query(`CREATE DATABASE ${name}`);
  });
  const database = await openDatabase({ url: databaseUrl });
  await migrateDatabase(database);
  console.log(`generating ${ORGS} organisations into ${name}`);
  const step = Math.max(1, Math.floor(ORGS / 10));
  const result = await generate(database, ORGS, { seed: 1, years: 10, firstYear: 2016 }, (done, rows, ms) => {
    if (done % step === 0 || done === ORGS) console.log(`  ${done}/${ORGS}, ${rows.toLocaleString('en')} rows, ${(rows / (ms / 1000)).toFixed(0)} rows/s`);
  });
  console.log(`generated ${result.rows.toLocaleString('en')} rows in ${(result.ms / 1000).toFixed(1)} s`);
  await database.close();
} else {
  console.log(`reusing ${name} (${ORGS} organisations)`);
}

// A comparison across the country: the first indicator of every synthetic plan linked to one entry
// of the bundled catalogue (the generator's plans have no links of their own), once per database.
const COMPARED = 'civic-support-centre-groups';
{
  const database = await openDatabase({ url: databaseUrl });
  await ensureBundledCatalogue(database.db);
  await database.close();
}
const db = new pg.Client({ connectionString: databaseUrl });
await db.connect();
const linked = await db.query(
  `INSERT INTO catalogue_links (indicator_id, catalogue_id)
   SELECT DISTINCT ON (i.plan_id) i.id, (SELECT id FROM catalogue_indicators WHERE code = $1)
   FROM indicators i JOIN plans p ON p.id = i.plan_id WHERE p.code LIKE 'city-%'
   ORDER BY i.plan_id, i.position, i.id
   ON CONFLICT (indicator_id) DO NOTHING`,
  [COMPARED],
);
if (linked.rowCount) console.log(`linked the first indicator of ${linked.rowCount} plans to the catalogue entry ${COMPARED}`);
await db.query('ANALYZE');
const sizes = (await db.query<{ t: string; n: string }>(
  "SELECT 'organisations' AS t, count(*)::text AS n FROM organisations UNION ALL SELECT 'plan items', count(*)::text FROM plan_items UNION ALL SELECT 'indicators', count(*)::text FROM indicators UNION ALL SELECT 'observations', count(*)::text FROM observations UNION ALL SELECT 'entries', count(*)::text FROM entries",
)).rows;
const dbSize = (await db.query<{ s: string }>('SELECT pg_size_pretty(pg_database_size(current_database())) AS s')).rows[0]?.s;
console.log(`rows: ${sizes.map((r) => `${r.t} ${Number(r.n).toLocaleString('en')}`).join(', ')}; database ${dbSize}`);

// ───────────────────────────── SQL: the whole country ─────────────────────────────

/** 評価の分布 of every published round of every organisation, by fiscal year (final grade, else self-grade). */
const DISTRIBUTION = `
SELECT r.fiscal_year, coalesce(e.final_grade, e.self_grade) AS grade, count(*) AS entries, count(DISTINCT p.organisation_id) AS organisations
FROM entries e
JOIN rounds r ON r.id = e.round_id
JOIN plans p ON p.id = e.plan_id
WHERE r.state = 'published'
GROUP BY r.fiscal_year, coalesce(e.final_grade, e.self_grade)
ORDER BY r.fiscal_year, grade`;

/** The latest actual of every indicator in one fiscal year, across the country (what a national map reads). */
const LATEST_ACTUALS = `
SELECT p.organisation_id, count(*) AS indicators, count(o.id) AS with_value
FROM indicators i
JOIN plans p ON p.id = i.plan_id
LEFT JOIN observations o ON o.indicator_id = i.id AND o.fiscal_year = 2024 AND o.kind = 'actual'
GROUP BY p.organisation_id`;

async function timeQuery(label: string, text: string): Promise<{ label: string; text: string; ms: number }> {
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const started = performance.now();
    await db.query(text);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const ms = times[2] ?? NaN;
  console.log(`${label}: median of 5 runs ${ms.toFixed(1)} ms (min ${times[0]?.toFixed(1)}, max ${times[4]?.toFixed(1)})`);
  return { label, text, ms };
}

const distribution = (await db.query(DISTRIBUTION)).rows as { fiscal_year: number; grade: string | null; entries: string; organisations: string }[];
console.log('\nwhole-country grade distribution:');
for (const row of distribution) console.log(`  FY${row.fiscal_year} ${row.grade ?? '（未評価）'}: ${Number(row.entries).toLocaleString('en')} entries in ${row.organisations} organisations`);
const queries = [await timeQuery('whole-country grade distribution', DISTRIBUTION), await timeQuery('indicators with a FY2024 actual, per organisation', LATEST_ACTUALS)];

// ───────────────────────────── HTTP at 50 connections ─────────────────────────────

const plansList = (await db.query<{ code: string }>("SELECT code FROM plans WHERE code LIKE 'city-%' ORDER BY code")).rows.map((r) => r.code);
const itemsList = (await db.query<{ plan: string; code: string }>(
  "SELECT p.code AS plan, i.code FROM plan_items i JOIN plans p ON p.id = i.plan_id WHERE p.code LIKE 'city-%' AND i.depth = 2 ORDER BY random() LIMIT 2000",
)).rows;
const comparedOrganisations = (await db.query<{ code: string }>(
  "SELECT o.code FROM catalogue_links l JOIN catalogue_indicators c ON c.id = l.catalogue_id JOIN indicators i ON i.id = l.indicator_id JOIN plans p ON p.id = i.plan_id JOIN organisations o ON o.id = p.organisation_id WHERE c.code = $1 AND p.status <> 'draft' GROUP BY o.code ORDER BY o.code COLLATE \"C\"",
  [COMPARED],
)).rows.map((r) => r.code);
const comparePages = Math.max(1, Math.ceil(comparedOrganisations.length / 12));
// a page of the API starts after an organisation code (src/api/cursor.ts): any of the pages, at random
const apiCursors = ['', ...comparedOrganisations.filter((_, i) => (i + 1) % 100 === 0).map((code) => `&cursor=${Buffer.from(JSON.stringify({ organisation: code })).toString('base64url')}`)];
const pickCursor = () => apiCursors[Math.floor(Math.random() * apiCursors.length)] ?? '';
// item pages none of the measurements asks for twice: a warm-up, 50 clients each asking for the
// next one (at most 250 a second), and visitors arriving at steady rates
const arrivalRates = [10, 20, 40, 80];
const WARM_UP_ITEMS = 50;
const ONCE_ITEMS = 250 * SECONDS;
const neverAsked = (await db.query<{ plan: string; code: string }>(
  "SELECT p.code AS plan, i.code FROM plan_items i JOIN plans p ON p.id = i.plan_id WHERE p.code LIKE 'city-%' AND i.depth = 2 ORDER BY md5(i.id::text || 'arrivals') LIMIT $1",
  [WARM_UP_ITEMS + ONCE_ITEMS + arrivalRates.reduce((n, rate) => n + rate * SECONDS, 0)],
)).rows.filter((i) => !itemsList.some((known) => known.plan === i.plan && known.code === i.code));
const onceItems = neverAsked.slice(WARM_UP_ITEMS, WARM_UP_ITEMS + ONCE_ITEMS);
const arrivalItems = [...neverAsked.slice(0, WARM_UP_ITEMS), ...neverAsked.slice(WARM_UP_ITEMS + ONCE_ITEMS)];
let nextOnce = 0;
const pickPlan = () => plansList[Math.floor(Math.random() * plansList.length)] ?? '';
const pickItem = () => itemsList[Math.floor(Math.random() * itemsList.length)] ?? { plan: '', code: '' };
const WORDS = ['協働', '市民活動', '地域づくり', '基本施策', '事業'];
const itemPath = (i: { plan: string; code: string }) => `/plans/${i.plan}/items/${encodeURIComponent(i.code)}`;
const endpoints: { kind: string; path: () => string | undefined; list?: () => string[] }[] = [
  { kind: 'plan page (kept at start)', path: () => `/plans/${pickPlan()}`, list: () => plansList.map((code) => `/plans/${code}`) },
  { kind: 'English plan page (kept at start)', path: () => `/en/plans/${pickPlan()}` },
  { kind: 'item page', path: () => itemPath(pickItem()), list: () => itemsList.map(itemPath) },
  { kind: 'item page nobody asked for', path: () => { const item = onceItems[nextOnce++]; return item && itemPath(item); } },
  { kind: 'API list (observations)', path: () => `/api/v1/plans/${pickPlan()}/observations?limit=100` },
  { kind: 'search', path: () => `/search?q=${encodeURIComponent(WORDS[Math.floor(Math.random() * WORDS.length)] ?? '協働')}` },
  { kind: 'comparison page (12 organisations)', path: () => `/compare/${COMPARED}?page=${1 + Math.floor(Math.random() * comparePages)}` },
  { kind: 'API comparison (100 organisations)', path: () => `/api/v1/compare/${COMPARED}?limit=100${pickCursor()}` },
];

// PAGE_WARM=0: no plan page rendered at start (for measurements that do not read them: --only arrivals)
const WARM = process.env.PAGE_WARM?.trim() !== '0';
const server = await startCli(['--processes', PROCESSES], { DATABASE_URL: databaseUrl, LOG_LEVEL: 'info', SHINCHOKU_DEMO_ACCOUNTS: '0', DATABASE_POOL_SIZE: process.env.DATABASE_POOL_SIZE, PAGE_CACHE_MB: process.env.PAGE_CACHE_MB ?? '512', PAGE_WARM: WARM ? undefined : '0', RENDER_WORKER: process.env.RENDER_WORKER }, 120_000);

// every server process renders the plan pages once at start (each plan's Japanese page, then its English one); wait for all of them
const warmStarted = performance.now();
const warmLines = () => [...server.output().matchAll(/"msg":"plan pages kept","pages":(\d+),"failed":(\d+),"ms":(\d+)/g)];
while (WARM && warmLines().length < Number(PROCESSES)) {
  if (performance.now() - warmStarted > 30 * 60_000) throw new Error('plan pages not kept within 30 minutes');
  await new Promise((resolve) => setTimeout(resolve, 200));
}
for (const [, pages, failed, ms] of warmLines()) {
  console.log(`\nplan pages (Japanese and English) rendered at start: ${pages} in ${(Number(ms) / 1000).toFixed(1)} s (${((Number(pages) * 1000) / Number(ms)).toFixed(1)} pages/s, at most half of one process's time), ${failed} failed`);
}

interface Run {
  latencies: number[];
  errors: number;
  hits: number;
  /** Answers given as they were before a change while their refresh waited (x-page-cache: stale). */
  stale: number;
  bytes: number;
  elapsed: number;
}

const newRun = (): Run => ({ latencies: [], errors: 0, hits: 0, stale: 0, bytes: 0, elapsed: 0 });

/** One GET as a browser asks (gzip accepted), its latency counted from `from` (when it was sent, or due). */
function ask(agent: http.Agent, run: Run, target: string, from = performance.now()): Promise<void> {
  return new Promise<void>((resolve) => {
    const req = http.get(server.url + target, { agent, headers: { 'accept-encoding': 'gzip, deflate, br' } }, (res) => {
      res.on('data', (chunk: Buffer) => (run.bytes += chunk.length));
      res.on('end', () => {
        if (res.statusCode === 200) {
          run.latencies.push(performance.now() - from);
          if (res.headers['x-page-cache'] === 'hit') run.hits++;
          if (res.headers['x-page-cache'] === 'stale') run.stale++;
        } else run.errors++;
        resolve();
      });
    });
    req.setTimeout(30_000, () => req.destroy(new Error('no answer in 30 s')));
    req.on('error', () => {
      run.errors++;
      resolve();
    });
  });
}

/** CONNECTIONS clients, each sending its next request when the last one is answered, until `until` or `paths` runs out. */
async function drive(path: () => string | undefined, seconds: number): Promise<Run> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  const run = newRun();
  const until = performance.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(Array.from({ length: CONNECTIONS }, async () => {
    for (let target = path(); target !== undefined && performance.now() < until; target = path()) await ask(agent, run, target);
  }));
  run.elapsed = (performance.now() - started) / 1000;
  agent.destroy();
  run.latencies.sort((a, b) => a - b);
  return run;
}

/**
 * Visitors arriving at a steady rate whatever the answers (not clients each waiting for the last
 * one): each path once, `perSecond` a second, latency counted from when each was due.
 */
async function arrive(paths: string[], perSecond: number): Promise<Run> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1000 });
  const run = newRun();
  const started = performance.now();
  const asked: Promise<void>[] = [];
  for (const [i, target] of paths.entries()) {
    const due = started + (i * 1000) / perSecond;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    asked.push(ask(agent, run, target, due));
  }
  await Promise.all(asked);
  run.elapsed = (performance.now() - started) / 1000;
  agent.destroy();
  run.latencies.sort((a, b) => a - b);
  return run;
}

function report(label: string, run: Run): void {
  const at = (q: number) => run.latencies[Math.min(run.latencies.length - 1, Math.floor(q * run.latencies.length))] ?? NaN;
  const n = run.latencies.length;
  console.log(
    `${label.padEnd(40)} ${String(n).padStart(8)} ${(n / run.elapsed).toFixed(1).padStart(8)} ${at(0.5).toFixed(1).padStart(8)} ${at(0.99).toFixed(1).padStart(8)} ${String(run.errors).padStart(6)} ${(n ? (100 * run.hits) / n : 0).toFixed(0).padStart(5)}% ${(n ? (100 * run.stale) / n : 0).toFixed(1).padStart(5)}% ${(n ? run.bytes / n / 1024 : 0).toFixed(1).padStart(7)}`,
  );
}

/** Values of random organisations' plans changed all along, as editors across the country do (UPDATE of a note, through no Shinchoku process). */
function startEditors(perSecond: number): { stop: () => Promise<number> } {
  const editor = new pg.Client({ connectionString: databaseUrl });
  let writes = 0;
  let running = true;
  const done = (async () => {
    await editor.connect();
    const [range] = (await editor.query<{ lo: string; hi: string }>('SELECT min(id)::text AS lo, max(id)::text AS hi FROM observations')).rows;
    const lo = Number(range?.lo ?? 0);
    const span = Number(range?.hi ?? 0) - lo + 1;
    while (running) {
      const started = performance.now();
      await editor.query('UPDATE observations SET note = $1 WHERE id = $2', [`確認 ${writes}`, lo + Math.floor(Math.random() * span)]);
      writes++;
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, 1000 / perSecond - (performance.now() - started))));
    }
    await editor.end();
  })();
  return {
    stop: async () => {
      running = false;
      await done;
      return writes;
    },
  };
}

const WRITES_PER_SECOND = 20;
console.log(`\nserver on ${server.url} (${PROCESSES} process${PROCESSES === '1' ? '' : 'es'}); ${CONNECTIONS} connections, ${SECONDS} s per measurement, gzip accepted`);
console.log('first visits: random organisation per request; plan pages (Japanese and English) were kept at start, item pages not (the rendering path)');
console.log(`return visits: every page visited once before; then again while ${WRITES_PER_SECOND} values/s of random organisations change`);
console.log('kind                                     requests    req/s   p50 ms   p99 ms errors  hits  stale KiB/req');
try {
  // item pages nobody asks for again, 10 a second, not counted: the rendering path warmed up (with PAGE_WARM=0 nothing was rendered yet)
  await arrive(arrivalItems.slice(0, WARM_UP_ITEMS).map(itemPath), 10);
  for (const endpoint of endpoints.filter((e) => ONLY === undefined || e.kind.includes(ONLY))) {
    const first = await drive(endpoint.path, SECONDS);
    report(`${endpoint.kind}${endpoint.list || endpoint.kind.includes('page') ? ', first visits' : ''}`, first);
    if (!endpoint.list) continue;
    // every page of the list once (a crawler, or the visitors of the day before), then return visits
    const list = endpoint.list();
    let next = 0;
    const warm = await drive(() => list[next++], 3600);
    console.log(`  (${list.length} pages visited once in ${warm.elapsed.toFixed(1)} s, ${warm.errors} errors)`);
    const quiet = await drive(() => list[Math.floor(Math.random() * list.length)], SECONDS);
    report(`${endpoint.kind}, return visits, no writes`, quiet);
    const editors = startEditors(WRITES_PER_SECOND);
    const again = await drive(() => list[Math.floor(Math.random() * list.length)], SECONDS);
    const writes = await editors.stop();
    report(`${endpoint.kind}, return, ${WRITES_PER_SECOND} writes/s`, again);
    console.log(`  (${writes} values changed during the measurement)`);
  }
  // never-visited item pages at steady arrival rates: how many new pages a second the server
  // renders within the goal (the 50 clients above send their next request only when answered)
  if (ONLY === undefined || 'arrivals'.includes(ONLY)) {
    console.log(`\nitem pages nobody asked for before, visitors arriving at a steady rate (${SECONDS} s each)`);
    console.log('arrivals/s                               requests    req/s   p50 ms   p99 ms errors  hits  stale KiB/req');
    let from = WARM_UP_ITEMS;
    for (const rate of arrivalRates) {
      const paths = arrivalItems.slice(from, from + rate * SECONDS).map(itemPath);
      from += paths.length;
      report(`${rate}/s`, await arrive(paths, rate));
    }
  }
} finally {
  await server.stop();
}

// ───────────────────────────── the statements behind the pages ─────────────────────────────
// The product's own repository functions on a connection with auto_explain: every statement's
// plan and time comes back as a notice; the slowest one is printed.
const explained = new pg.Client({ connectionString: databaseUrl });
await explained.connect();
const statements: { ms: number; plan: string; step: string }[] = [];
let step = '';
explained.on('notice', (notice) => {
  const match = /^duration: ([\d.]+) ms\s+plan:\n([\s\S]*)$/.exec(notice.message ?? '');
  if (match) statements.push({ ms: Number(match[1]), plan: match[2] ?? '', step });
});
await explained.query("LOAD 'auto_explain'");
await explained.query("SET auto_explain.log_min_duration = 0; SET auto_explain.log_analyze = on; SET auto_explain.log_buffers = on; SET auto_explain.log_nested_statements = on; SET client_min_messages = log");
const productDb = drizzle(explained, { schema }) as unknown as Db;
const samplePlan = plansList[Math.floor(plansList.length / 2)] ?? '';
const ref = await findPlanRef(productDb, samplePlan);
const steps: [string, () => Promise<unknown>][] = [
  ['plan page: getPlanTree', () => getPlanTree(productDb, samplePlan)],
  ['plan page: planOverview', async () => (ref ? planOverview(productDb, ref) : undefined)],
  ['search: searchItems 協働', () => searchItems(productDb, { q: '協働' })],
  ['search: searchFacets', () => searchFacets(productDb)],
];
console.log(`\nproduct functions on ${samplePlan} (time of the call, statements, slowest statement):`);
for (const [label, run] of steps) {
  step = label;
  const before = statements.length;
  const started = performance.now();
  await run();
  const ms = performance.now() - started;
  const mine = statements.slice(before);
  console.log(`  ${label.padEnd(26)} ${ms.toFixed(1).padStart(8)} ms, ${mine.length} statements, slowest ${Math.max(0, ...mine.map((m) => m.ms)).toFixed(1)} ms`);
}
await explained.end();
const slowestStatement = statements.reduce<(typeof statements)[number] | undefined>((a, b) => (!a || b.ms > a.ms ? b : a), undefined);
const slowest = queries.reduce((a, b) => (b.ms > a.ms ? b : a));
if (slowestStatement && slowestStatement.ms > slowest.ms) {
  console.log(`\nEXPLAIN ANALYZE of the slowest statement (${slowestStatement.step}, ${slowestStatement.ms.toFixed(1)} ms):\n${slowestStatement.plan}`);
} else {
  console.log(`\nEXPLAIN (ANALYZE, BUFFERS) of the slowest query measured here — ${slowest.label}:`);
  for (const row of (await db.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${slowest.text}`)).rows) console.log(`  ${row['QUERY PLAN']}`);
}
const settings = (await db.query<{ name: string; setting: string; unit: string | null }>(
  "SELECT name, setting, unit FROM pg_settings WHERE name IN ('shared_buffers','work_mem','effective_cache_size','max_connections','random_page_cost','jit') ORDER BY name",
)).rows;
console.log(`\nPostgreSQL ${(await db.query<{ server_version: string }>('SHOW server_version')).rows[0]?.server_version}: ${settings.map((s) => `${s.name}=${s.setting}${s.unit ?? ''}`).join(', ')}`);
await db.end();
if (values.drop) await admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
