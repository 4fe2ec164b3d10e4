// Reads and validates a dataset folder (plan.json); lists the datasets bundled with Shinchoku.
import { existsSync, readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppError } from '../errors.js';
import { Dataset } from './dataset-format.js';

export const BUNDLED_DATASETS_FOLDER = fileURLToPath(new URL('../../datasets', import.meta.url));

/** Reads `plan.json` from a dataset folder (or the file itself) and validates it. */
export async function readDataset(path: string): Promise<Dataset> {
  const file = path.endsWith('.json') ? resolve(path) : join(resolve(path), 'plan.json');
  if (!existsSync(file)) throw new AppError('DATASET_NOT_FOUND', { location: path });
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new AppError('DATASET_INVALID', { plan: path, reason: `JSON として読めません: ${(error as Error).message}` });
  }
  const parsed = Dataset.safeParse(json);
  if (!parsed.success) {
    const reason = parsed.error.issues
      .slice(0, 10)
      .map((issue) => `${issue.path.join('.') || '(全体)'}: ${issue.message}`)
      .join('; ');
    throw new AppError('DATASET_INVALID', { plan: path, reason });
  }
  return parsed.data;
}

/** The bundled datasets, each plan after the plan it succeeds (sendai-2016 before sendai-2021). */
export async function readBundledDatasets(): Promise<Dataset[]> {
  if (!existsSync(BUNDLED_DATASETS_FOLDER)) return [];
  const folders = readdirSync(BUNDLED_DATASETS_FOLDER, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(BUNDLED_DATASETS_FOLDER, entry.name, 'plan.json')))
    .map((entry) => entry.name)
    .sort();
  const datasets = await Promise.all(folders.map((folder) => readDataset(join(BUNDLED_DATASETS_FOLDER, folder))));
  return orderByPredecessor(datasets);
}

export function orderByPredecessor(datasets: Dataset[]): Dataset[] {
  const ordered: Dataset[] = [];
  const placed = new Set<string>();
  const codes = new Set(datasets.map((x) => x.plan.code));
  let pending = datasets;
  while (pending.length > 0) {
    const ready = pending.filter((x) => !x.plan.predecessor || placed.has(x.plan.predecessor) || !codes.has(x.plan.predecessor));
    if (ready.length === 0) return [...ordered, ...pending];
    for (const x of ready) {
      ordered.push(x);
      placed.add(x.plan.code);
    }
    pending = pending.filter((x) => !placed.has(x.plan.code));
  }
  return ordered;
}
