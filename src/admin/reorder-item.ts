// Moves an item one place up or down among its siblings.
import { eq } from 'drizzle-orm';
import type { Tx } from '../db/client.js';
import { planItems } from '../db/schema.js';
import type { SessionUser } from '../auth/policy.js';
import { recordAudit } from '../system/audit.repository.js';
import type { ItemRow, PlanRow } from './admin.repository.js';
import { assertMayEditPlan } from './plan-access.js';
import { planReorder } from './tree.js';

/** Returns false when the item is already first (up) or last (down). */
export async function reorderItem(tx: Tx, user: SessionUser, plan: PlanRow, item: ItemRow, direction: 'up' | 'down'): Promise<boolean> {
  assertMayEditPlan(user, plan);
  const rows = await tx.select({ id: planItems.id, parentId: planItems.parentId, code: planItems.code, depth: planItems.depth, position: planItems.position }).from(planItems).where(eq(planItems.planId, plan.id));
  const changes = planReorder(rows, item.id, direction);
  if (changes.length === 0) return false;
  for (const { id, position } of changes) await tx.update(planItems).set({ position }).where(eq(planItems.id, id));
  const before = rows.filter((r) => changes.some((c) => c.id === r.id)).map((r) => ({ id: r.id, code: r.code, position: r.position }));
  await recordAudit(tx, { id: user.id, label: user.login }, 'plan_item.reorder', { type: 'plan_item', id: item.id }, before, { direction, positions: changes });
  return true;
}
