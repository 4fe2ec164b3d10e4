// A plan's current rows, keyed the way the loader compares them (items by code, owners and
// targets by item or indicator id, observations by indicator id and year/kind). An import reads
// them once: exportDataset lays the file over them, and loadDataset compares the result with the
// same rows instead of reading the plan a second time.
import type { Tx } from '../db/client.js';
import * as repo from './dataset.repository.js';

export interface PlanRows {
  /** The plan these rows belong to; a loader given rows of another plan reads its own. */
  planId: number;
  items: Map<string, repo.ExistingItem>;
  owners: Map<number, repo.OwnerValues[]>;
  indicators: Map<string, repo.IndicatorValues & { id: number }>;
  targets: Map<number, repo.TargetValues[]>;
  observations: Map<number, Map<string, repo.ObservationValues & { id: number }>>;
}

export async function readPlanRows(tx: Tx, planId: number): Promise<PlanRows> {
  return {
    planId,
    items: await repo.itemsOf(tx, planId),
    owners: await repo.ownersOf(tx, planId),
    indicators: await repo.indicatorsOf(tx, planId),
    targets: await repo.targetsOf(tx, planId),
    observations: await repo.observationsOf(tx, planId),
  };
}
