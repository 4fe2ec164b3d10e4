// Retires an item with a reason and a date (廃止: it stays in the tree and keeps its history,
// and new rounds leave it out), or reinstates it.
import { eq } from 'drizzle-orm';
import type { Tx } from '../db/client.js';
import { planItems } from '../db/schema.js';
import { AppError } from '../errors.js';
import type { SessionUser } from '../auth/policy.js';
import { recordAudit } from '../system/audit.repository.js';
import type { ItemRow, PlanRow } from './admin.repository.js';
import { assertMayEditPlan } from './plan-access.js';
import { FormReader, type FormValues } from './form-reader.js';

/** `values.action` 'reinstate' undoes a retirement; otherwise reason (required) and date (default today). */
export async function retireItem(tx: Tx, user: SessionUser, plan: PlanRow, item: ItemRow, values: FormValues, today: string): Promise<ItemRow> {
  assertMayEditPlan(user, plan);
  let change: { retiredAt: string | null; retiredReason: string | null };
  if (values.action === 'reinstate') {
    change = { retiredAt: null, retiredReason: null };
  } else {
    const form = new FormReader(values);
    const reason = form.text('reason', '廃止の理由', { required: true, max: 1000 });
    const date = form.date('retiredAt', '廃止日') ?? today;
    form.done();
    change = { retiredAt: date, retiredReason: reason };
  }
  const [after] = await tx.update(planItems).set({ ...change, updatedAt: new Date() }).where(eq(planItems.id, item.id)).returning();
  if (!after) throw new AppError('INTERNAL');
  await recordAudit(tx, { id: user.id, label: user.login }, change.retiredAt ? 'plan_item.retire' : 'plan_item.reinstate', { type: 'plan_item', id: item.id },
    { retiredAt: item.retiredAt, retiredReason: item.retiredReason }, change);
  return after;
}
