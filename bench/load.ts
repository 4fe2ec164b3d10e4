// Deadline-day load: public readers and department editors at once against one server on
// loopback. Readers load the plan page, item pages, the search and an API list; editors sign in
// (real sessions, CSRF tokens) and save their entry through the entry form, with its optimistic
// lock: two editors share each entry, so some saves must be refused as conflicts (409).
//
// Prints errors (goal 0), lost updates (goal 0: every save the server acknowledged is in the
// database — its audit row with the text that was sent, and the entry's final version and text
// follow from the acknowledged saves — and no two acknowledged saves of one entry started from the
// same version, which would be an overwrite), conflicts, and per kind of request p50/p99 and req/s.
//
//   npm run bench:load                                   # PGlite data folder in a temp directory
//   npm run bench:load -- --seconds 20 --readers 200 --editors 50
//   DATABASE_URL=postgres://user@127.0.0.1:5432/postgres npm run bench:load   # a new database on that server, dropped afterwards
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import pg from 'pg';
import { auditLog, entries, itemDepartments, planItems, plans } from '../src/db/schema.js';
import { bootstrapDatabase } from '../src/system/bootstrap.js';
import { insertTestUser, TEST_PASSWORD } from '../src/auth/test-client.js';
import { startCli, type ServerProcess } from '../src/test-support/cli.js';

const { values } = parseArgs({ options: { seconds: { type: 'string' }, readers: { type: 'string' }, editors: { type: 'string' } } });
const SECONDS = Number(values.seconds ?? 20);
const READERS = Number(values.readers ?? 200);
const EDITORS = Number(values.editors ?? 50);
const PLAN = 'sendai-2021';
const SHARED_ENTRIES = Math.max(1, Math.ceil(EDITORS / 2)); // two editors per entry

// ───────────────────────────── HTTP on loopback ─────────────────────────────

interface Answer {
  status: number;
  body: string;
  cookies: string[];
  location: string | undefined;
}

function send(agent: http.Agent, url: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { agent, method: init.method ?? 'GET', headers: init.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), cookies: res.headers['set-cookie'] ?? [], location: res.headers.location }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(init.body);
  });
}

class Browser {
  private readonly cookies = new Map<string, string>();
  csrf = '';
  constructor(private readonly base: string, private readonly agent: http.Agent) {}

  async request(path: string, init: { method?: string; form?: Record<string, string> } = {}): Promise<Answer> {
    const headers: Record<string, string> = { cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ') };
    let body: string | undefined;
    if (init.form) {
      body = new URLSearchParams({ ...init.form, _csrf: this.csrf }).toString();
      headers['content-type'] = 'application/x-www-form-urlencoded';
      headers['content-length'] = String(Buffer.byteLength(body));
    }
    const answer = await send(this.agent, this.base + path, { method: init.method ?? (init.form ? 'POST' : 'GET'), headers, body });
    for (const line of answer.cookies) {
      const [pair = ''] = line.split(';');
      const eq = pair.indexOf('=');
      if (eq > 0) this.cookies.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
    const token = /name="_csrf" value="([^"]*)"/.exec(answer.body)?.[1];
    if (token) this.csrf = token;
    return answer;
  }

  async signIn(login: string): Promise<void> {
    await this.request('/login');
    const answer = await this.request('/login', { form: { login, password: TEST_PASSWORD } });
    if (answer.status !== 303) throw new Error(`sign-in of ${login}: ${answer.status}`);
  }
}

// ───────────────────────────── measurements ─────────────────────────────

const latencies = new Map<string, number[]>();
const errors = new Map<string, number>();
const errorSamples: string[] = [];

function noteError(kind: string, what: string): void {
  errors.set(kind, (errors.get(kind) ?? 0) + 1);
  if (errorSamples.length < 10) errorSamples.push(`${kind}: ${what}`);
}

async function timed<T>(kind: string, run: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await run();
  const list = latencies.get(kind) ?? [];
  list.push(performance.now() - started);
  latencies.set(kind, list);
  return result;
}

function percentile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
}

// ───────────────────────────── setup ─────────────────────────────

const work = mkdtempSync(join(tmpdir(), 'shinchoku-bench-load-'));
const serverUrl = process.env.DATABASE_URL?.trim() || undefined;
let databaseUrl: string | undefined;
let databaseName: string | undefined;
if (serverUrl) {
  databaseName = `shinchoku_load_${process.pid}_${randomBytes(3).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${databaseName}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${databaseName}`;
  databaseUrl = url.toString();
}
const options = databaseUrl ? { url: databaseUrl } : { dataDir: join(work, 'data') };

/** The bundled plan, an admin and the editors (plan scope); the items whose entries the editors share. */
async function prepare(): Promise<string[]> {
  const database = await bootstrapDatabase(options);
  try {
    const [plan] = await database.db.select().from(plans).where(eq(plans.code, PLAN));
    if (!plan) throw new Error(`${PLAN} is not loaded`);
    const owned = await database.db
      .selectDistinct({ code: planItems.code, position: planItems.position, id: planItems.id })
      .from(planItems)
      .innerJoin(itemDepartments, eq(itemDepartments.itemId, planItems.id))
      .where(and(eq(planItems.planId, plan.id), isNull(planItems.relistOfId)))
      .orderBy(asc(planItems.id));
    await insertTestUser(database.db, { login: 'load-admin', role: 'admin' });
    for (let i = 0; i < EDITORS; i++) await insertTestUser(database.db, { login: `load-editor-${i}`, role: 'editor', planIds: [plan.id] });
    return owned.slice(0, SHARED_ENTRIES).map((o) => o.code);
  } finally {
    await database.close();
  }
}

const started = performance.now();
const entryCodes = await prepare();
const env = databaseUrl ? { DATABASE_URL: databaseUrl } : { DATABASE_URL: undefined };
const server: ServerProcess = await startCli(databaseUrl ? [] : ['--data', options.dataDir ?? ''], { ...env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'info', SHINCHOKU_DEMO_ACCOUNTS: '0' }, 120_000);
console.log(`server on ${server.url} (${databaseUrl ? 'PostgreSQL' : 'PGlite'}), ready in ${((performance.now() - started) / 1000).toFixed(1)} s`);

interface Ack {
  code: string;
  from: number;
  text: string;
}
const acknowledged: Ack[] = [];
let conflicts = 0;
let roundId = 0;

try {
  const editorAgent = new http.Agent({ keepAlive: true, maxSockets: EDITORS + 1 });
  const admin = new Browser(server.url, editorAgent);
  await admin.signIn('load-admin');
  await admin.request('/rounds/new');
  const created = await admin.request('/rounds', { form: { plan: PLAN, fiscalYear: '令和7年度', entryDeadline: '2026-05-31', reviewDeadline: '2026-06-30', publishDeadline: '2026-09-30' } });
  roundId = Number(created.location?.split('/').pop());
  if (!roundId) throw new Error(`round not created: ${created.status}`);
  await admin.request(`/rounds/${roundId}`);
  const opened = await admin.request(`/rounds/${roundId}/transition`, { form: { to: 'entry' } });
  if (opened.status !== 303) throw new Error(`round not opened: ${opened.status}`);

  const editors: Browser[] = [];
  for (let i = 0; i < EDITORS; i++) {
    const editor = new Browser(server.url, editorAgent);
    await editor.signIn(`load-editor-${i}`);
    editors.push(editor);
  }

  const readerAgent = new http.Agent({ keepAlive: true, maxSockets: READERS });
  const itemPaths = entryCodes.map((code) => `/plans/${PLAN}/items/${encodeURIComponent(code)}`);
  const readerKinds: { kind: string; path: () => string }[] = [
    { kind: 'plan page', path: () => `/plans/${PLAN}` },
    { kind: 'item page', path: () => itemPaths[Math.floor(Math.random() * itemPaths.length)] ?? `/plans/${PLAN}` },
    { kind: 'search', path: () => `/search?q=${encodeURIComponent(['協働', '市民活動', 'まちづくり', '支援'][Math.floor(Math.random() * 4)] ?? '協働')}` },
    { kind: 'API items', path: () => `/api/v1/plans/${PLAN}/items?limit=100` },
  ];
  const base = server.url;
  const until = performance.now() + SECONDS * 1000;
  const loadStarted = performance.now();

  const reader = async (n: number) => {
    for (let i = n; performance.now() < until; i++) {
      const { kind, path } = readerKinds[i % readerKinds.length]!;
      try {
        const answer = await timed(kind, () => send(readerAgent, base + path()));
        if (answer.status !== 200) noteError(kind, `${answer.status}`);
      } catch (error) {
        noteError(kind, (error as Error).message);
      }
    }
  };

  const editor = async (n: number) => {
    const browser = editors[n]!;
    const code = entryCodes[n % entryCodes.length]!;
    const path = `/rounds/${roundId}/entries/${encodeURIComponent(code)}`;
    for (let seq = 0; performance.now() < until; seq++) {
      try {
        const page = await timed('entry form', () => browser.request(path));
        if (page.status !== 200) {
          noteError('entry form', `${page.status}`);
          continue;
        }
        const version = Number(/name="version" value="(\d+)"/.exec(page.body)?.[1]);
        const text = `load-editor-${n} 保存${seq} ${randomBytes(4).toString('hex')}`;
        // think time between reading the form and saving it: the other editor of this entry may save meanwhile
        await new Promise((resolve) => setTimeout(resolve, 50 + Math.random() * 200));
        const saved = await timed('entry save', () => browser.request(path, { form: { version: String(version), selfGrade: '', resultsText: text, planText: '', issuesText: '', action: 'save' } }));
        if (saved.status === 303) acknowledged.push({ code, from: version, text });
        else if (saved.status === 409) conflicts++;
        else noteError('entry save', `${saved.status} ${saved.body.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').slice(0, 200)}`);
      } catch (error) {
        noteError('entry save', (error as Error).message);
      }
    }
  };

  await Promise.all([...Array.from({ length: READERS }, (_, n) => reader(n)), ...Array.from({ length: EDITORS }, (_, n) => editor(n))]);
  const elapsed = (performance.now() - loadStarted) / 1000;
  readerAgent.destroy();
  editorAgent.destroy();

  console.log(`\n${READERS} readers + ${EDITORS} editors (2 per entry, ${entryCodes.length} entries) for ${elapsed.toFixed(1)} s`);
  console.log('kind          requests   req/s    p50 ms   p99 ms   errors');
  for (const [kind, list] of latencies) {
    list.sort((a, b) => a - b);
    console.log(`${kind.padEnd(12)} ${String(list.length).padStart(9)} ${(list.length / elapsed).toFixed(1).padStart(7)} ${percentile(list, 0.5).toFixed(1).padStart(9)} ${percentile(list, 0.99).toFixed(1).padStart(8)} ${String(errors.get(kind) ?? 0).padStart(8)}`);
  }
  const total = [...latencies.values()].reduce((n, l) => n + l.length, 0);
  console.log(`all          ${String(total).padStart(9)} ${(total / elapsed).toFixed(1).padStart(7)}`);
} finally {
  await server.stop();
}

// ───────────────────────────── every acknowledged save is in the database ─────────────────────────────

const database = await bootstrapDatabase(options, { loadBundled: false });
let lost = 0;
const lostSamples: string[] = [];
const lose = (why: string) => {
  lost++;
  if (lostSamples.length < 10) lostSamples.push(why);
};
try {
  const [plan] = await database.db.select().from(plans).where(eq(plans.code, PLAN));
  const rows = await database.db
    .select({ id: entries.id, code: planItems.code, version: entries.version, resultsText: entries.resultsText })
    .from(entries)
    .innerJoin(planItems, eq(planItems.id, entries.itemId))
    .where(and(eq(entries.roundId, roundId), eq(entries.planId, plan?.id ?? 0), inArray(planItems.code, entryCodes)));
  const audits = await database.db
    .select({ subjectId: auditLog.subjectId, before: auditLog.before, after: auditLog.after })
    .from(auditLog)
    .where(and(eq(auditLog.action, 'entry.save'), eq(auditLog.subjectType, 'entry'), inArray(auditLog.subjectId, rows.map((r) => String(r.id)))));
  type Snapshot = { version?: number; resultsText?: string | null };
  for (const row of rows) {
    const acks = acknowledged.filter((a) => a.code === row.code).sort((a, b) => a.from - b.from);
    const saves = audits.filter((a) => a.subjectId === String(row.id)).map((a) => ({ from: (a.before as Snapshot).version, to: (a.after as Snapshot).version, text: (a.after as Snapshot).resultsText }));
    const seen = new Set<number>();
    for (const ack of acks) {
      if (seen.has(ack.from)) lose(`${row.code}: two saves acknowledged from version ${ack.from}`);
      seen.add(ack.from);
      if (!saves.some((s) => s.from === ack.from && s.to === ack.from + 1 && s.text === ack.text)) lose(`${row.code}: the save from version ${ack.from} is not in the database`);
    }
    // nothing written that was not acknowledged (no error was a silent success), and the entry holds the last save
    const last = acks.at(-1);
    if (row.version !== 1 + acks.length) lose(`${row.code}: version ${row.version}, but ${acks.length} saves were acknowledged`);
    if (last && row.resultsText !== last.text) lose(`${row.code}: holds 「${row.resultsText}」, the last acknowledged save was 「${last.text}」`);
  }
} finally {
  await database.close();
  if (databaseName && serverUrl) {
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${databaseName} WITH (FORCE)`);
    await admin.end();
  }
  rmSync(work, { recursive: true, force: true });
}

const errorCount = [...errors.values()].reduce((a, b) => a + b, 0);
console.log(`\nsaves acknowledged: ${acknowledged.length}, conflicts refused (409): ${conflicts}`);
console.log(`errors: ${errorCount} (goal 0)${errorSamples.length ? `\n  ${errorSamples.join('\n  ')}` : ''}`);
console.log(`lost updates: ${lost} (goal 0)${lostSamples.length ? `\n  ${lostSamples.join('\n  ')}` : ''}`);
process.exitCode = errorCount === 0 && lost === 0 ? 0 : 1;
