#!/usr/bin/env node
// Cold start: time from spawning `shinchoku start` to the first 200 from /healthz, on a new
// (empty) data folder and again on the same folder (restart). Baseline measured in the same
// run: the time to spawn `node -e ""` (a bare Node.js process), so the ratio says how much the
// product adds to starting Node itself.
//
//   npm run bench:start [-- --runs 3]
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const runsArg = process.argv.indexOf('--runs');
const runs = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 3;

function bareNodeMs() {
  const t0 = performance.now();
  spawnSync(process.execPath, ['-e', '']);
  return performance.now() - t0;
}

async function startOnce(dataDir, port) {
  const t0 = performance.now();
  const child = spawn(process.execPath, ['bin/shinchoku.js', 'start', '--port', String(port), '--host', '127.0.0.1', '--data', dataDir], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: '', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  let ms;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      const response = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (response.status === 200) {
        ms = performance.now() - t0;
        break;
      }
    } catch {
      // not listening yet
    }
    if (performance.now() - t0 > 60_000) throw new Error('no /healthz within 60 s');
    await new Promise((r) => setTimeout(r, 20));
  }
  const exited = new Promise((r) => child.on('close', r));
  child.kill('SIGTERM');
  await exited;
  return ms;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (ms) => `${(ms / 1000).toFixed(2)} s`;

const baseline = median(Array.from({ length: 5 }, bareNodeMs));
const fresh = [];
const restart = [];
for (let i = 0; i < runs; i++) {
  const dir = mkdtempSync(join(tmpdir(), 'shinchoku-bench-'));
  try {
    fresh.push(await startOnce(dir, 3900 + i));
    restart.push(await startOnce(dir, 3950 + i));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
console.log(`cold start to /healthz 200 (median of ${runs}, PGlite)`);
console.log(`  baseline: bare node process   ${fmt(baseline)}`);
console.log(`  new data folder               ${fmt(median(fresh))}  (${(median(fresh) / baseline).toFixed(1)}× baseline; runs ${fresh.map(fmt).join(', ')})`);
console.log(`  restart on the same folder    ${fmt(median(restart))}  (${(median(restart) / baseline).toFixed(1)}× baseline; runs ${restart.map(fmt).join(', ')})`);
const goalMs = 3000;
console.log(`  goal: < ${fmt(goalMs)} — ${median(fresh) < goalMs ? 'met' : 'NOT met'}`);
