// kill -9 in the middle of an import: after a restart the plan is either absent or whole, never
// half-written — on a PGlite data folder and on PostgreSQL (TEST_DATABASE_URL).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { count, eq } from 'drizzle-orm';
import { Dataset } from '../datasets/dataset-format.js';
import { syntheticDataset } from '../../bench/generate.js';
import { bootstrapDatabase } from './bootstrap.js';
import { indicators, observations, planItems, plans } from '../db/schema.js';
import { createTestDatabase, TEST_DATABASE_URL, type TestDatabase } from '../test-support/database.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const folder = mkdtempSync(join(tmpdir(), 'shinchoku-crash-'));
let postgres: TestDatabase | undefined;
after(async () => {
  rmSync(folder, { recursive: true, force: true });
  await postgres?.close();
});

// one organisation with 40 years of values: about 13,000 observations, an import of a second or two
const dataset = Dataset.parse(syntheticDataset(0, { seed: 11, years: 40, firstYear: 2016 }));
const planFile = join(folder, 'plan.json');
writeFileSync(planFile, JSON.stringify(dataset));
const expectedItems = dataset.items.length;
const expectedObservations = dataset.indicators.reduce((n, i) => n + i.observations.length, 0);

/** Starts `shinchoku import`, kills it with SIGKILL `delayMs` after its database is ready. */
function importAndKill(args: string[], env: Record<string, string | undefined>, delayMs: number): Promise<'killed' | 'finished'> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/bin.ts', 'import', planFile, ...args], {
      cwd: ROOT,
      env: { ...process.env, NODE_TEST_CONTEXT: undefined, LOG_LEVEL: 'debug', ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let timer: NodeJS.Timeout | undefined;
    child.stderr?.on('data', (chunk: Buffer) => {
      if (!timer && chunk.toString().includes('"msg":"database ready"')) timer = setTimeout(() => child.kill('SIGKILL'), delayMs);
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (signal === 'SIGKILL') resolve('killed');
      else if (code === 0) resolve('finished');
      else reject(new Error(`import exited with ${code}`));
    });
  });
}

async function planState(args: string[], env: Record<string, string | undefined>): Promise<{ items: number; observations: number }> {
  const options = env.DATABASE_URL ? { url: env.DATABASE_URL } : { dataDir: args[1] };
  const database = await bootstrapDatabase(options, { loadBundled: false });
  try {
    const [plan] = await database.db.select({ id: plans.id }).from(plans).where(eq(plans.code, dataset.plan.code));
    if (!plan) return { items: 0, observations: 0 };
    const [items] = await database.db.select({ n: count() }).from(planItems).where(eq(planItems.planId, plan.id));
    const [obs] = await database.db
      .select({ n: count() })
      .from(observations)
      .innerJoin(indicators, eq(indicators.id, observations.indicatorId))
      .where(eq(indicators.planId, plan.id));
    return { items: items?.n ?? 0, observations: obs?.n ?? 0 };
  } finally {
    await database.close();
  }
}

test('an import killed with SIGKILL is absent or whole after a restart', { timeout: 240_000 }, async () => {
  const outcomes: string[] = [];
  // the last run is not killed in time: it shows that a whole import is recognised as whole
  for (const [i, delayMs] of [50, 500, 120_000].entries()) {
    let args: string[];
    let env: Record<string, string | undefined>;
    if (TEST_DATABASE_URL) {
      await postgres?.close();
      postgres = await createTestDatabase();
      args = [];
      env = { DATABASE_URL: postgres.url };
    } else {
      args = ['--data', join(folder, `data-${i}`)];
      env = { DATABASE_URL: undefined };
    }
    const how = await importAndKill(args, env, delayMs);
    const state = await planState(args, env); // reopening also proves the database recovers
    const whole = state.items === expectedItems && state.observations === expectedObservations;
    const absent = state.items === 0 && state.observations === 0;
    assert.ok(whole || absent, `after ${how} at +${delayMs} ms: ${state.items} items, ${state.observations} observations (expected 0/0 or ${expectedItems}/${expectedObservations})`);
    outcomes.push(`${delayMs} ms: ${how}, ${whole ? 'whole' : 'absent'}`);
  }
  assert.match(outcomes[2] ?? '', /finished, whole/);
  console.log(`crash outcomes: ${outcomes.join('; ')}`);
});
