// Which plan version each round of a plan was judged against, as the label pages and reports show.
import type { Queryable } from '../db/client.js';
import { versionLabel } from './version-label.js';
import { roundBases } from './versions.repository.js';

/** 第N版 名前（日付） by fiscal year, for the rounds closed against a version. */
export async function roundBasisLabels(db: Queryable, planId: number): Promise<Map<number, string>> {
  const bases = await roundBases(db, planId);
  return new Map([...bases].map(([fiscalYear, version]) => [fiscalYear, versionLabel(version)]));
}
