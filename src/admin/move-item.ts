// Moves an item (with everything under it) to a new parent in the same plan, or to the top:
// depths follow, it goes last among its new siblings, the old siblings close up. Its rounds'
// entries, indicators and observations stay attached (they refer to the item's id).
import { eq } from 'drizzle-orm';
import type { Tx } from '../db/client.js';
import { planItems } from '../db/schema.js';
import { AppError } from '../errors.js';
import type { SessionUser } from '../auth/policy.js';
import { recordAudit } from '../system/audit.repository.js';
import { findItem, type ItemRow, type PlanRow } from './admin.repository.js';
import { assertMayEditPlan } from './plan-access.js';
import { planMove } from './tree.js';

/** `newParentCode` '' = the top level. */
export async function moveItem(tx: Tx, user: SessionUser, plan: PlanRow, item: ItemRow, newParentCode: string): Promise<ItemRow> {
  assertMayEditPlan(user, plan);
  let parentId: number | null = null;
  const wanted = newParentCode.trim();
  if (wanted !== '') {
    const parent = await findItem(tx, plan.id, wanted);
    if (!parent) {
      throw new AppError('ITEM_MOVE_INVALID', { code: item.code, reason: `移動先「${wanted}」はこの計画にありません（同じ計画の中でだけ移動できます）`, reasonEn: `"${wanted}" is not in this plan` });
    }
    parentId = parent.id;
  }
  const rows = await tx.select({ id: planItems.id, parentId: planItems.parentId, code: planItems.code, depth: planItems.depth, position: planItems.position }).from(planItems).where(eq(planItems.planId, plan.id));
  const move = planMove(rows, item.id, parentId, plan.levelNames.length);
  if (!move.ok) throw new AppError('ITEM_MOVE_INVALID', { code: item.code, reason: move.reason, reasonEn: move.reasonEn });
  // the parent first (the CHECK ties depth 0 to no parent), then the rest of the subtree
  const own = move.depths.find((x) => x.id === item.id);
  const [after] = await tx.update(planItems).set({ parentId, depth: own?.depth ?? 0, position: move.position, updatedAt: new Date() }).where(eq(planItems.id, item.id)).returning();
  for (const { id, depth } of move.depths) {
    if (id !== item.id) await tx.update(planItems).set({ depth }).where(eq(planItems.id, id));
  }
  for (const { id, position } of move.closeUp) await tx.update(planItems).set({ position }).where(eq(planItems.id, id));
  if (!after) throw new AppError('INTERNAL');
  await recordAudit(tx, { id: user.id, label: user.login }, 'plan_item.move', { type: 'plan_item', id: item.id },
    { parentId: item.parentId, depth: item.depth, position: item.position },
    { parentId: after.parentId, depth: after.depth, position: after.position, newParentCode: wanted || null });
  return after;
}
