// `shinchoku start --processes N`: N server processes on one port, for PostgreSQL (a data folder
// belongs to one process). The first process migrates and loads the bundled data once, then
// starts N server processes with node:cluster, which share the listening socket; each has its
// own page cache and report worker, and they tell each other of writes with NOTIFY
// (src/db/data-version.ts). A process that dies is started again; one that dies within
// RESTART_GRACE_MS of its start stops the whole server (a fault that a restart would only repeat).
// SIGTERM or SIGINT stops every process gracefully.
import cluster, { type Worker } from 'node:cluster';
import { log } from '../log.js';

const RESTART_GRACE_MS = 10_000;

/** --processes or SHINCHOKU_PROCESSES: an integer from 1 to 64, or undefined when it is not one. */
export function processCount(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === '') return 1;
  const n = Number(value);
  return Number.isInteger(n) && n >= 1 && n <= 64 ? n : undefined;
}

/** Whether this process is one of the server processes started by `runPrimary`. */
export function isServerProcess(): boolean {
  return cluster.isWorker;
}

/** Starts `count` server processes (this program, with the same arguments) and watches them; never returns. */
export async function runPrimary(count: number): Promise<never> {
  let stopping = false;
  let exitCode = 0;
  const startedAt = new Map<Worker, number>();
  const listening = new Set<Worker>();
  let announced = false;
  const fork = () => {
    const worker = cluster.fork();
    startedAt.set(worker, performance.now());
    return worker;
  };
  cluster.on('listening', (worker, address) => {
    listening.add(worker);
    if (!announced && listening.size === count) {
      announced = true;
      log.info('listening', { url: `http://localhost:${address.port}`, processes: count, pids: [...listening].map((w) => w.process.pid) });
    }
  });
  cluster.on('exit', (worker, code, signal) => {
    listening.delete(worker);
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(exitCode);
      return;
    }
    const lived = performance.now() - (startedAt.get(worker) ?? 0);
    startedAt.delete(worker);
    if (lived < RESTART_GRACE_MS) {
      log.error('server process stopped right after its start; stopping', { pid: worker.process.pid, code, signal });
      stopAll(1);
      return;
    }
    log.error('server process stopped; starting another', { pid: worker.process.pid, code, signal });
    fork();
  });
  const stopAll = (code: number) => {
    stopping = true;
    exitCode = code;
    const workers = Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined);
    if (workers.length === 0) process.exit(code);
    for (const worker of workers) worker.process.kill('SIGTERM');
    const timer = setTimeout(() => process.exit(code || 1), 15_000);
    timer.unref();
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      log.info('shutting down', { signal, processes: count });
      stopAll(0);
    });
  }
  for (let i = 0; i < count; i++) fork();
  return new Promise<never>(() => undefined);
}
