// Makes an item a relisting (再掲 / 一部再掲) of another item of the same plan — a link to the
// original, never a copy — or turns it back into an item of its own.
import { eq } from 'drizzle-orm';
import type { Tx } from '../db/client.js';
import { planItems, RELIST_KINDS } from '../db/schema.js';
import { AppError } from '../errors.js';
import type { SessionUser } from '../auth/policy.js';
import { recordAudit } from '../system/audit.repository.js';
import { findItem, type ItemRow, type PlanRow } from './admin.repository.js';
import { assertMayEditPlan } from './plan-access.js';

export const RELIST_KIND_LABELS: Readonly<Record<(typeof RELIST_KINDS)[number], string>> = { full: '再掲', partial: '一部再掲' };

/** `originalCode` '' = no longer a relisting. */
export async function relistItem(tx: Tx, user: SessionUser, plan: PlanRow, item: ItemRow, originalCode: string, kind: string): Promise<ItemRow> {
  assertMayEditPlan(user, plan);
  let relistOfId: number | null = null;
  let relistKind: (typeof RELIST_KINDS)[number] | null = null;
  const wanted = originalCode.trim();
  if (wanted !== '') {
    const original = await findItem(tx, plan.id, wanted);
    if (!original) throw new AppError('INVALID_INPUT', { reason: `再掲元「${wanted}」はこの計画にありません` });
    if (original.id === item.id) throw new AppError('INVALID_INPUT', { reason: '項目を自分自身の再掲にはできません' });
    if (original.relistOfId !== null) throw new AppError('INVALID_INPUT', { reason: `「${wanted}」自体が再掲です。元の項目（再掲元）を指定してください` });
    if (!(RELIST_KINDS as readonly string[]).includes(kind)) throw new AppError('INVALID_INPUT', { reason: '「再掲」か「一部再掲」を選んでください' });
    relistOfId = original.id;
    relistKind = kind as (typeof RELIST_KINDS)[number];
  }
  const [after] = await tx.update(planItems).set({ relistOfId, relistKind, updatedAt: new Date() }).where(eq(planItems.id, item.id)).returning();
  if (!after) throw new AppError('INTERNAL');
  await recordAudit(tx, { id: user.id, label: user.login }, 'plan_item.relist', { type: 'plan_item', id: item.id },
    { relistOfId: item.relistOfId, relistKind: item.relistKind }, { relistOfId, relistKind, originalCode: wanted || null });
  return after;
}
