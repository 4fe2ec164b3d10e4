// Deletes an item that nothing refers to yet (added by mistake). An item with entries of a
// round, observations, children or relistings is refused: it is retired instead, so no round
// or value is ever lost.
import { eq } from 'drizzle-orm';
import type { Tx } from '../db/client.js';
import { planItems } from '../db/schema.js';
import { AppError } from '../errors.js';
import type { SessionUser } from '../auth/policy.js';
import { recordAudit } from '../system/audit.repository.js';
import { attachmentsOfItem, type ItemRow, type PlanRow } from './admin.repository.js';
import { assertMayEditPlan } from './plan-access.js';

export async function deleteItem(tx: Tx, user: SessionUser, plan: PlanRow, item: ItemRow): Promise<void> {
  assertMayEditPlan(user, plan);
  const has = await attachmentsOfItem(tx, item.id);
  const what: [number, string, string][] = [
    [has.entries, `年度評価の記入（${has.entries}件）`, 'entries of rounds'],
    [has.observations, `実績値（${has.observations}件）`, 'observations'],
    [has.children, `下位の項目（${has.children}件）`, 'child items'],
    [has.relistings, `この項目の再掲（${has.relistings}件）`, 'relistings'],
  ];
  const found = what.filter(([n]) => n > 0);
  if (found.length > 0) {
    throw new AppError('ITEM_HAS_RECORDS', { code: item.code, what: found.map((f) => f[1]).join('・'), whatEn: found.map((f) => f[2]).join(', ') });
  }
  await tx.delete(planItems).where(eq(planItems.id, item.id));
  await recordAudit(tx, { id: user.id, label: user.login }, 'plan_item.delete', { type: 'plan_item', id: item.id }, item, null);
}
