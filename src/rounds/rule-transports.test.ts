// One rule, every way in: each rule of the round (value-rules.ts) tried through the entry form,
// the web import, the API and the `shinchoku import` command, which must refuse it with the same
// error code — and write nothing. The rules are set up on 仙台市 協働まちづくり推進プラン2021
// (令和3–7年度): 市民局 市民協働推進課's editor writes 市民活動サポートセンター利用団体数 (団体).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, eq, sql } from 'drizzle-orm';
import { createTestDatabase, TEST_DATABASE_URL } from '../test-support/database.js';
import { bootstrapDatabase } from '../system/bootstrap.js';
import { queryRows, type Database } from '../db/client.js';
import { createApp } from '../app.js';
import { departments, entries, indicators, planItems, plans, rounds } from '../db/schema.js';
import { insertTestUser, TestClient } from '../auth/test-client.js';
import { createApiToken } from '../api/create-api-token.js';
import { CLI_ACTOR } from '../system/audit.repository.js';
import { createEntries } from './rounds.repository.js';
import { parseCommand } from '../cli/command.js';
import { importCommand } from '../imports/transfer.commands.js';

const PLAN = 'sendai-2021';
const DEPARTMENT = '市民局/市民協働推進課';
const OWN = { item: '1-(1)-①', indicator: '1-(1)-①#1' }; // 市民活動サポートセンター利用団体数（団体）
const FOREIGN = { item: '1-(1)-④', indicator: '1-(1)-④#1' }; // 男女共同参画課's

interface Rule {
  code: string;
  what: string;
  fiscalYear: number;
  item: typeof OWN;
  text: string;
}
// one round per year, each in the state its rule needs
const RULES: Rule[] = [
  { code: 'ROUND_LOCKED', what: 'a value of a published round (令和4年度 公表)', fiscalYear: 2022, item: OWN, text: '735団体' },
  { code: 'ENTRY_NOT_EDITABLE', what: 'a value under a submitted entry (令和5年度 入力中, the entry 提出)', fiscalYear: 2023, item: OWN, text: '735団体' },
  { code: 'ROUND_NOT_OPEN', what: 'a department writing while its round is 確認中 (令和6年度, the entry 入力中)', fiscalYear: 2024, item: OWN, text: '735団体' },
  { code: 'UNIT_MISMATCH', what: '「約3割」 into a 団体 indicator (令和7年度 入力中)', fiscalYear: 2025, item: OWN, text: '約3割' },
  { code: 'FORBIDDEN', what: "another department's indicator (令和7年度 入力中)", fiscalYear: 2025, item: FOREIGN, text: '31団体' },
];

const folder = mkdtempSync(join(tmpdir(), 'shinchoku-rules-'));
const dataDir = join(folder, 'data');
let database: Database & { close(): Promise<void> };
let app: ReturnType<typeof createApp>;
let editor: TestClient;
let token: string;
const roundIds = new Map<number, number>();

/** The database both the app and the command use: PostgreSQL (shared), or a PGlite data folder (closed while the command runs). */
async function open(): Promise<Database & { close(): Promise<void> }> {
  return TEST_DATABASE_URL ? createTestDatabase() : bootstrapDatabase({ dataDir });
}

before(async () => {
  database = await open();
  if (TEST_DATABASE_URL) {
    const { prepareBundledData } = await import('../datasets/bundled.js');
    await prepareBundledData(database);
  }
  const db = database.db;
  app = createApp(database);
  const [plan] = await db.select().from(plans).where(eq(plans.code, PLAN));
  assert.ok(plan);
  const [section] = await db.select({ id: departments.id }).from(departments).where(eq(departments.code, DEPARTMENT));
  assert.ok(section);
  await insertTestUser(db, { login: 'kyodo', role: 'editor', departmentIds: [section.id] });
  editor = new TestClient(app);
  assert.equal((await editor.signIn('kyodo')).status, 303);
  token = (await db.transaction((tx) => createApiToken(tx, { login: 'kyodo', name: '規則の試験' }, CLI_ACTOR))).token;
  const items = await db.select({ id: planItems.id, code: planItems.code }).from(planItems).where(eq(planItems.planId, plan.id));
  const itemIds = items.filter((i) => i.code === OWN.item || i.code === FOREIGN.item).map((i) => i.id);
  const ownId = items.find((i) => i.code === OWN.item)?.id;
  for (const [fiscalYear, state, ownEntry] of [[2022, 'published', 'approved'], [2023, 'entry', 'submitted'], [2024, 'review', 'in_progress'], [2025, 'entry', 'not_started']] as const) {
    const [round] = await db.insert(rounds).values({ planId: plan.id, fiscalYear, state }).returning();
    assert.ok(round);
    roundIds.set(fiscalYear, round.id);
    await createEntries(db, round, itemIds);
    await db.update(entries).set({ state: ownEntry }).where(and(eq(entries.roundId, round.id), eq(entries.itemId, ownId ?? 0)));
  }
});

after(async () => {
  await database.close();
  rmSync(folder, { recursive: true, force: true });
});

/** What the public and the judgement read: every value of the plan, as one string. */
async function values(): Promise<string> {
  const [row] = await queryRows<{ all: string | null }>(database.db, sql`
    SELECT string_agg(o.indicator_id || '/' || o.fiscal_year || '/' || o.kind || '=' || o.text, ';' ORDER BY o.id) AS all
      FROM observations o JOIN indicators i ON i.id = o.indicator_id JOIN plans p ON p.id = i.plan_id WHERE p.code = ${PLAN}`);
  return row?.all ?? '';
}

const csvOf = (rule: Rule) => `計画コード,施策コード,指標コード,区分,年度,値\r\n${PLAN},${rule.item.item},${rule.item.indicator},実績,${rule.fiscalYear},${rule.text}\r\n`;

async function throughForm(rule: Rule): Promise<string> {
  const roundId = roundIds.get(rule.fiscalYear);
  const path = `/rounds/${roundId}/entries/${encodeURIComponent(rule.item.item)}`;
  const [indicator] = await database.db.select({ id: indicators.id }).from(indicators).where(eq(indicators.code, rule.item.indicator));
  const [entry] = await database.db.select({ version: entries.version }).from(entries).innerJoin(planItems, eq(planItems.id, entries.itemId)).where(and(eq(entries.roundId, roundId ?? 0), eq(planItems.code, rule.item.item)));
  await editor.get('/my-work');
  const response = await editor.post(path, { version: String(entry?.version ?? 1), [`figure-${indicator?.id}`]: rule.text, resultsText: '規則の試験', action: 'save' });
  if (response.status === 403) return 'FORBIDDEN';
  const html = await response.text();
  assert.notEqual(response.status, 303, `the form took ${rule.what}`);
  // a figure refused by a rule is shown at its field; anything else in the page's notice
  return /class="field-error"[^>]*data-code="([A-Z_]+)"/.exec(html)?.[1] ?? /role="alert" data-code="([A-Z_]+)"/.exec(html)?.[1] ?? `no code (${response.status})`;
}

async function throughUpload(rule: Rule): Promise<string> {
  await editor.get('/imports');
  const form = new FormData();
  form.set('_csrf', editor.csrf);
  form.set('file', new File([Buffer.from(csvOf(rule), 'utf8')], 'rule.csv', { type: 'text/csv' }));
  const html = await (await editor.request('/imports', { method: 'POST', body: form })).text();
  return /<tr data-code="([A-Z_]+)"/.exec(html)?.[1] ?? 'no code';
}

async function throughApi(rule: Rule): Promise<string> {
  const response = await app.request(`/api/v1/plans/${PLAN}/indicators/${encodeURIComponent(rule.item.indicator)}/observations/${rule.fiscalYear}/actual`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ text: rule.text }),
  });
  return ((await response.json()) as { code?: string }).code ?? `no code (${response.status})`;
}

/** `shinchoku import rule.csv --department 市民局/市民協働推進課 --format json`: the command's own parsing and run, in this process. */
async function throughCli(rule: Rule): Promise<string> {
  const file = join(folder, `rule-${rule.code}.csv`);
  writeFileSync(file, csvOf(rule));
  const saved = process.env.DATABASE_URL;
  if (TEST_DATABASE_URL) process.env.DATABASE_URL = (database as { url?: string }).url;
  else delete process.env.DATABASE_URL;
  const printed: string[] = [];
  try {
    const context = { ...parseCommand(importCommand, [file, '--department', DEPARTMENT, '--format', 'json', ...(TEST_DATABASE_URL ? [] : ['--data', dataDir])]), out: (line: string) => void printed.push(line) };
    assert.equal(await importCommand.run(context), 1, `the command took ${rule.what}`);
  } finally {
    if (saved === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = saved;
  }
  const report = JSON.parse(printed.join('\n')) as { issues: { code?: string }[] };
  return report.issues[0]?.code ?? 'no code';
}

test('every rule is refused with the same code by the entry form, the web import and the API, and nothing is written', async () => {
  const before = await values();
  for (const rule of RULES) {
    assert.deepEqual(
      { form: await throughForm(rule), import: await throughUpload(rule), api: await throughApi(rule) },
      { form: rule.code, import: rule.code, api: rule.code },
      rule.what,
    );
  }
  assert.equal(await values(), before, 'no value changed');
});

test('…and by the `shinchoku import` command', { timeout: 120_000 }, async () => {
  const before = await values();
  if (!TEST_DATABASE_URL) await database.close(); // a data folder belongs to one process at a time
  try {
    for (const rule of RULES) assert.equal(await throughCli(rule), rule.code, rule.what);
  } finally {
    if (!TEST_DATABASE_URL) {
      database = await open();
      app = createApp(database);
    }
  }
  assert.equal(await values(), before, 'no value changed');
});
