// kill -9 the server while reviewers' approvals (承認) are in flight: after a restart every entry
// is either approved whole (state, version, final grade, approval time, its comment and its one
// audit row) or untouched (still 提出 at its old version, no comment, no audit row) — and every
// approval the server acknowledged (303) is there. On a PGlite data folder and on PostgreSQL
// (TEST_DATABASE_URL).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { auditLog, entries, entryComments, evaluationScales, planItems, plans, rounds } from '../db/schema.js';
import { ensureShippedScales } from '../plans/scales.repository.js';
import { insertItem, insertOrganisation, insertPlan } from '../test-support/fixtures.js';
import { insertTestUser, TEST_PASSWORD } from '../auth/test-client.js';
import { bootstrapDatabase } from './bootstrap.js';
import { startCli, type ServerProcess } from '../test-support/cli.js';
import { createTestDatabase, TEST_DATABASE_URL, type TestDatabase } from '../test-support/database.js';

const ENTRY_COUNT = 80;
const folder = mkdtempSync(join(tmpdir(), 'shinchoku-approval-crash-'));
const dataDir = join(folder, 'data');
let postgres: TestDatabase | undefined;
let server: ServerProcess | undefined;
after(async () => {
  server?.child.kill('SIGKILL');
  await postgres?.close();
  rmSync(folder, { recursive: true, force: true });
});

/** A plan with ENTRY_COUNT items, a round 入力中 and every entry submitted (version 2, 自己評価 A, 自動判定 B). */
async function seed(db: Db): Promise<number> {
  await ensureShippedScales(db);
  const org = await insertOrganisation(db, 'crashcity', 'クラッシュ市');
  const plan = await insertPlan(db, org.id, 'crash-plan');
  const [scale] = await db.select().from(evaluationScales).where(eq(evaluationScales.code, 'mechanical-sabc'));
  await db.update(plans).set({ scaleId: scale!.id }).where(eq(plans.id, plan.id));
  const root = await insertItem(db, { planId: plan.id, code: '1', name: '分野1' });
  const items = await db
    .insert(planItems)
    .values(Array.from({ length: ENTRY_COUNT }, (_, i) => ({ planId: plan.id, code: `1-${i + 1}`, parentId: root.id, depth: 1, position: i, name: `事業${i + 1}` })))
    .returning({ id: planItems.id });
  const [round] = await db.insert(rounds).values({ planId: plan.id, fiscalYear: 2022, state: 'entry' }).returning();
  await db.insert(entries).values(items.map((item) => ({
    planId: plan.id, roundId: round!.id, itemId: item.id, state: 'submitted', version: 2, selfGrade: 'A', computedGrade: 'B', resultsText: '取組を実施した', submittedAt: new Date(),
  })));
  await insertTestUser(db, { login: 'honbu', role: 'admin' });
  return round!.id;
}

/** A browser-like session over fetch: cookies, the CSRF token of the last page. */
class Session {
  private readonly cookies = new Map<string, string>();
  csrf = '';
  constructor(private readonly base: string) {}

  async request(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    headers.set('cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    const response = await fetch(this.base + path, { ...init, headers, redirect: 'manual' });
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const eq = pair.indexOf('=');
      if (eq > 0) this.cookies.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
    return response;
  }

  async page(path: string): Promise<string> {
    const html = await (await this.request(path)).text();
    this.csrf = /name="_csrf" value="([^"]*)"/.exec(html)?.[1] ?? this.csrf;
    return html;
  }

  post(path: string, fields: Record<string, string>): Promise<Response> {
    return this.request(path, { method: 'POST', body: new URLSearchParams({ ...fields, _csrf: this.csrf }), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  }

  async signIn(login: string): Promise<void> {
    await this.page('/login');
    const response = await this.post('/login', { login, password: TEST_PASSWORD });
    assert.equal(response.status, 303, `sign in: ${response.status}`);
  }
}

const reviewPath = (roundId: number, n: number) => `/rounds/${roundId}/entries/${encodeURIComponent(`1-${n}`)}/review`;

test('a round approval killed with SIGKILL is absent or whole after a restart, and every acknowledged approval survives', { timeout: 180_000 }, async () => {
  let env: Record<string, string | undefined>;
  let args: string[];
  let roundId: number;
  if (TEST_DATABASE_URL) {
    postgres = await createTestDatabase();
    roundId = await seed(postgres.db);
    env = { DATABASE_URL: postgres.url, SHINCHOKU_DEMO_ACCOUNTS: '0' };
    args = [];
  } else {
    const database = await bootstrapDatabase({ dataDir });
    try {
      roundId = await seed(database.db);
    } finally {
      await database.close();
    }
    env = { DATABASE_URL: undefined, SHINCHOKU_DEMO_ACCOUNTS: '0' };
    args = ['--data', dataDir];
  }

  server = await startCli(args, env, 60_000);
  const session = new Session(server.url);
  await session.signIn('honbu');
  await session.page(`/rounds/${roundId}/entries/${encodeURIComponent('1-1')}`);

  // every approval at once; the server is killed once ten are acknowledged, the rest in flight
  const acknowledged = new Set<number>();
  const running = server;
  let killed = false;
  const requests = Array.from({ length: ENTRY_COUNT }, (_, i) => i + 1).map(async (n) => {
    try {
      const response = await session.post(reviewPath(roundId, n), { version: '2', decision: 'approve', comment: `確認しました（${n}）` });
      if (response.status === 303) acknowledged.add(n);
      if (!killed && (acknowledged.size >= 10 || response.status !== 303)) {
        killed = true;
        running.child.kill('SIGKILL');
      }
    } catch {
      // the connection died with the server
    }
  });
  await Promise.all(requests);
  await new Promise<void>((resolve) => (running.child.exitCode !== null || running.child.signalCode !== null ? resolve() : running.child.once('close', () => resolve())));
  assert.equal(running.child.signalCode, 'SIGKILL');

  // restart: the server comes up on the same database and takes the next approval
  server = await startCli(args, env, 60_000);
  const health = await fetch(`${server.url}/healthz`);
  assert.equal(health.status, 200);
  const again = new Session(server.url);
  await again.signIn('honbu');
  let approvedAfterRestart = 0;
  for (let n = ENTRY_COUNT; n >= 1 && approvedAfterRestart === 0; n--) {
    if (acknowledged.has(n)) continue;
    const html = await again.page(`/rounds/${roundId}/entries/${encodeURIComponent(`1-${n}`)}`);
    if (!html.includes('name="decision"')) continue; // approved before the kill without an answer
    const response = await again.post(reviewPath(roundId, n), { version: '2', decision: 'approve', comment: `確認しました（${n}）` });
    assert.equal(response.status, 303, `approval after restart: ${response.status}`);
    acknowledged.add(n);
    approvedAfterRestart = n;
  }
  assert.ok(approvedAfterRestart > 0, 'some approval was still missing after the kill');
  assert.equal(await server.stop(), 0);
  server = undefined;

  const database = postgres ?? (await bootstrapDatabase({ dataDir }, { loadBundled: false }));
  try {
    const rows = await database.db
      .select({ entry: entries, code: planItems.code })
      .from(entries)
      .innerJoin(planItems, eq(planItems.id, entries.itemId))
      .where(eq(entries.roundId, roundId));
    assert.equal(rows.length, ENTRY_COUNT);
    const ids = rows.map((r) => r.entry.id);
    const audits = await database.db.select().from(auditLog).where(and(eq(auditLog.subjectType, 'entry'), inArray(auditLog.subjectId, ids.map(String))));
    const comments = await database.db.select().from(entryComments).where(inArray(entryComments.entryId, ids));
    let approved = 0;
    for (const { entry, code } of rows) {
      const n = Number(code.slice(2));
      const myAudits = audits.filter((a) => a.subjectId === String(entry.id));
      const myComments = comments.filter((c) => c.entryId === entry.id);
      assert.equal(entry.computedGrade, 'B', `${code}: the computed grade is never touched by an approval`);
      assert.equal(entry.selfGrade, 'A', code);
      if (entry.state === 'approved') {
        approved++;
        // whole: version 2 → 3, final grade = self-grade (no final grade given), approval time, one comment, one audit row
        assert.equal(entry.version, 3, code);
        assert.equal(entry.finalGrade, 'A', code);
        assert.ok(entry.approvedAt, code);
        assert.deepEqual(myComments.map((c) => [c.kind, c.body]), [['approve', `確認しました（${n}）`]], code);
        assert.equal(myAudits.length, 1, code);
        assert.equal(myAudits[0]?.action, 'entry.approve', code);
        assert.deepEqual(myAudits[0]?.before, { state: 'submitted', finalGrade: null, version: 2 }, code);
        assert.deepEqual(myAudits[0]?.after, { state: 'approved', finalGrade: 'A', version: 3, comment: `確認しました（${n}）` }, code);
      } else {
        // absent: still submitted at version 2, nothing else written
        assert.equal(entry.state, 'submitted', code);
        assert.equal(entry.version, 2, code);
        assert.equal(entry.finalGrade, null, code);
        assert.equal(entry.approvedAt, null, code);
        assert.deepEqual(myComments, [], code);
        assert.deepEqual(myAudits, [], code);
        assert.ok(!acknowledged.has(n), `${code}: the server acknowledged this approval, but it is not in the database`);
      }
    }
    // the kill landed inside the batch: some approvals made it, some did not
    assert.ok(approved >= acknowledged.size && approved < ENTRY_COUNT, `${approved} approved of ${ENTRY_COUNT}, ${acknowledged.size} acknowledged`);
    console.log(`approval crash (${TEST_DATABASE_URL ? 'postgresql' : 'pglite'}): ${approved - 1} of ${ENTRY_COUNT} approved before the kill, ${acknowledged.size - 1} acknowledged; 1 more after restart`);
  } finally {
    if (!postgres) await database.close();
  }
});
