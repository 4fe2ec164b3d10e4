// Imports a dataset folder: validates it, then writes it in one transaction — or, for a dry
// run, writes it and rolls back, so the preview counts are exactly what a real run would do.
import type { Db } from '../db/client.js';
import type { Actor } from '../system/audit.repository.js';
import { ensureShippedScales } from '../plans/scales.repository.js';
import { ensureBundledCatalogue } from '../compare/ensure-bundled-catalogue.js';
import type { Dataset } from './dataset-format.js';
import { loadDataset, type LoadSummary } from './load-dataset.js';

class DryRunRollback extends Error {
  constructor(readonly summary: LoadSummary) {
    super('dry run: rolled back');
  }
}

export async function importDataset(db: Db, dataset: Dataset, actor: Actor, options: { dryRun: boolean }): Promise<LoadSummary> {
  try {
    return await db.transaction(async (tx) => {
      await ensureShippedScales(tx);
      await ensureBundledCatalogue(tx);
      const summary = await loadDataset(tx, dataset, actor);
      if (options.dryRun) throw new DryRunRollback(summary);
      return summary;
    });
  } catch (error) {
    if (error instanceof DryRunRollback) return error.summary;
    throw error;
  }
}
