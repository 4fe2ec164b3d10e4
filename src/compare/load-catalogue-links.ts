// The dataset loader's part for the shared catalogue: an indicator with `catalogue` in its
// plan.json is linked to that entry (or, with `catalogue: null`, unlinked); an indicator without
// the key keeps whatever link it has (made in /admin/catalogue). Diff-based like the rest.
import type { Tx } from '../db/client.js';
import type { Dataset } from '../datasets/dataset-format.js';
import { sameValues } from '../datasets/compare.js';
import { AppError } from '../errors.js';
import { catalogueIdsByCode, catalogueLinksOfPlan, deleteCatalogueLink, insertCatalogueLink, updateCatalogueLink } from './catalogue.repository.js';

export async function loadCatalogueLinks(
  tx: Tx,
  planId: number,
  dataset: Dataset,
  indicatorIds: ReadonlyMap<string, number>,
): Promise<{ created: number; updated: number; unchanged: number }> {
  const counts = { created: 0, updated: 0, unchanged: 0 };
  const mentioned = dataset.indicators.filter((x) => x.catalogue !== undefined);
  if (mentioned.length === 0) return counts;
  const codes = [...new Set(mentioned.flatMap((x) => (x.catalogue ? [x.catalogue.code] : [])))];
  const ids = await catalogueIdsByCode(tx, codes);
  const unknown = codes.filter((code) => !ids.has(code));
  if (unknown.length > 0) {
    throw new AppError('DATASET_INVALID', { plan: dataset.plan.code, reason: `都市間比較カタログに「${unknown.join('」「')}」がありません（datasets/catalogue.json か 管理画面の「都市間比較カタログ」で先に登録してください）` });
  }
  const existing = await catalogueLinksOfPlan(tx, planId);
  for (const indicator of mentioned) {
    const indicatorId = indicatorIds.get(indicator.code);
    if (indicatorId === undefined) continue;
    const have = existing.get(indicatorId);
    if (!indicator.catalogue) {
      if (have && (await deleteCatalogueLink(tx, indicatorId))) counts.updated++;
      continue;
    }
    const wanted = { catalogueId: ids.get(indicator.catalogue.code) ?? -1, unitFactor: indicator.catalogue.unitFactor, note: indicator.catalogue.note };
    if (!have) {
      await insertCatalogueLink(tx, indicatorId, wanted);
      counts.created++;
    } else if (sameValues(wanted, have)) counts.unchanged++;
    else {
      await updateCatalogueLink(tx, indicatorId, wanted);
      counts.updated++;
    }
  }
  return counts;
}
