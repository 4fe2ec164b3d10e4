// The plans bundled with Shinchoku (datasets/*/plan.json) appear on the first use of an empty
// database: `start` or any other command. Loading is idempotent, and a database that already
// holds plans is left alone (its plans may have been edited since).
import { count } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { plans } from '../db/schema.js';
import { ensureShippedScales } from '../plans/scales.repository.js';
import { ensureBundledCatalogue } from '../compare/ensure-bundled-catalogue.js';
import { SYSTEM_ACTOR } from '../system/audit.repository.js';
import { log } from '../log.js';
import { loadDataset, type LoadSummary } from './load-dataset.js';
import { readBundledDatasets } from './read-dataset.js';

export async function prepareBundledData(database: Database): Promise<LoadSummary[]> {
  return database.db.transaction(async (tx) => {
    await ensureShippedScales(tx);
    await ensureBundledCatalogue(tx); // before the plans: their indicators link to its entries
    const [row] = await tx.select({ n: count() }).from(plans);
    if ((row?.n ?? 0) > 0) return [];
    const summaries: LoadSummary[] = [];
    for (const dataset of await readBundledDatasets()) {
      summaries.push(await loadDataset(tx, dataset, SYSTEM_ACTOR));
    }
    if (summaries.length > 0) log.info('bundled plans loaded', { plans: summaries.map((s) => s.plan) });
    return summaries;
  });
}
