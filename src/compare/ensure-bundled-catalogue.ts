// The bundled catalogue (datasets/catalogue.json) in the database: entries missing by code are
// added; entries already there are left as they are (an administrator may have edited them).
import type { Queryable } from '../db/client.js';
import { readBundledCatalogue, type CatalogueEntry } from './catalogue-format.js';
import { catalogueEntries, insertCatalogueEntry } from './catalogue.repository.js';

/** Returns how many entries were added. */
export async function ensureBundledCatalogue(db: Queryable, entries?: readonly CatalogueEntry[]): Promise<number> {
  const wanted = entries ?? (await readBundledCatalogue());
  const have = new Set((await catalogueEntries(db)).map((e) => e.code));
  let added = 0;
  for (const entry of wanted) {
    if (have.has(entry.code)) continue;
    await insertCatalogueEntry(db, entry);
    added++;
  }
  return added;
}
