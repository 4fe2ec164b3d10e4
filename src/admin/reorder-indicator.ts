// Moves an indicator one place up or down among the indicators of its item (上へ・下へ on the
// item's page). The order is indicators.position; the public pages, reports and exports follow it.
import { asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Tx } from '../db/client.js';
import { indicators } from '../db/schema.js';
import { AppError } from '../errors.js';
import type { SessionUser } from '../auth/policy.js';
import { recordAudit } from '../system/audit.repository.js';
import type { IndicatorRow, PlanRow } from './admin.repository.js';
import { assertMayEditPlan } from './plan-access.js';
import { planIndicatorReorder } from './indicator-order.js';

export const ReorderIndicatorInput = z.object({
  direction: z.enum(['up', 'down'], { error: '並べ替えの向き（上へ・下へ）を選んでください' }),
});
export type ReorderIndicatorInput = z.infer<typeof ReorderIndicatorInput>;

/** Returns false when the indicator is already first (up) or last (down). */
export async function reorderIndicator(tx: Tx, user: SessionUser, plan: PlanRow, indicator: IndicatorRow, input: ReorderIndicatorInput): Promise<boolean> {
  assertMayEditPlan(user, plan);
  if (indicator.planId !== plan.id) throw new AppError('NOT_FOUND', { what: `指標「${indicator.code}」` });
  // locked: two admins reordering the same item's indicators at once take turns
  const rows = await tx
    .select({ id: indicators.id, code: indicators.code, position: indicators.position })
    .from(indicators)
    .where(eq(indicators.itemId, indicator.itemId))
    .orderBy(asc(indicators.id))
    .for('update');
  const changes = planIndicatorReorder(rows, indicator.id, input.direction);
  if (changes.length === 0) return false;
  for (const { id, position } of changes) await tx.update(indicators).set({ position }).where(eq(indicators.id, id));
  const before = rows.filter((r) => changes.some((c) => c.id === r.id)).map((r) => ({ id: r.id, code: r.code, position: r.position }));
  await recordAudit(tx, { id: user.id, label: user.login }, 'indicator.reorder', { type: 'indicator', id: indicator.id },
    { code: indicator.code, name: indicator.name, positions: before }, { direction: input.direction, positions: changes });
  return true;
}
