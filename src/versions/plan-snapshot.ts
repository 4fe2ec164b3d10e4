// The structure of a plan at one moment (a version's snapshot): items, indicators, targets and
// departments in the dataset format, with retired items marked — not observations or rounds,
// which belong to the years, not to the plan as adopted.
import { z } from 'zod';
import type { Queryable } from '../db/client.js';
import { exportDataset } from '../datasets/export-dataset.js';
import { DatasetDepartment, DatasetIndicator, DatasetItem } from '../datasets/dataset-format.js';
import { retiredItems } from './versions.repository.js';

export const PlanSnapshot = z.object({
  format: z.literal('shinchoku-version/1'),
  plan: z.object({
    code: z.string(),
    title: z.string(),
    periodStartFy: z.number().int(),
    periodEndFy: z.number().int(),
    levelNames: z.array(z.string()),
  }),
  departments: z.array(DatasetDepartment),
  items: z.array(DatasetItem.extend({ retired: z.object({ at: z.string(), reason: z.string().nullable() }).nullable().default(null) })),
  indicators: z.array(DatasetIndicator.omit({ observations: true, catalogue: true })),
});
export type PlanSnapshot = z.infer<typeof PlanSnapshot>;
export type SnapshotItem = PlanSnapshot['items'][number];
export type SnapshotIndicator = PlanSnapshot['indicators'][number];
export type SnapshotTarget = SnapshotIndicator['targets'][number];

/** The plan as it is now, in the shape a version keeps. */
export async function snapshotPlan(db: Queryable, planCode: string, planId: number): Promise<PlanSnapshot> {
  const dataset = await exportDataset(db, planCode);
  const retired = await retiredItems(db, planId);
  return PlanSnapshot.parse({
    format: 'shinchoku-version/1',
    plan: { code: dataset.plan.code, title: dataset.plan.title, periodStartFy: dataset.plan.periodStartFy, periodEndFy: dataset.plan.periodEndFy, levelNames: dataset.plan.levelNames },
    departments: dataset.departments,
    items: dataset.items.map((item) => ({ ...item, retired: retired[item.code] ?? null })),
    indicators: dataset.indicators.map(({ observations: _observations, catalogue: _catalogue, ...indicator }) => indicator),
  });
}

/** A stored snapshot read back; a snapshot of another format reads as an empty plan rather than failing the page. */
export function readSnapshot(stored: unknown): PlanSnapshot {
  const parsed = PlanSnapshot.safeParse(stored);
  if (parsed.success) return parsed.data;
  return { format: 'shinchoku-version/1', plan: { code: '', title: '', periodStartFy: 0, periodEndFy: 0, levelNames: [] }, departments: [], items: [], indicators: [] };
}
