// Starts a worker thread from a module beside the caller. Built: the .js file itself; from the
// sources (tests, development) the thread first registers tsx, as the main thread did with
// --import tsx (a worker does not inherit it). --input-type, of a process started with -e,
// would refuse the thread's file, so it is left out.
import { Worker, type WorkerOptions } from 'node:worker_threads';

/** `module`: the thread's file as the built .js URL would name it, resolved against the caller's import.meta.url. */
export function startThread(module: URL, options: Omit<WorkerOptions, 'eval' | 'execArgv'> = {}): Worker {
  const execArgv = process.execArgv.filter((arg) => !arg.startsWith('--input-type'));
  if (!module.pathname.endsWith('.ts')) return new Worker(module, { ...options, execArgv });
  return new Worker(`import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(module.href)}); });`, { ...options, eval: true, execArgv });
}
