// Deletes an indicator added by mistake, with its targets (targets.indicator_id cascades). An
// indicator with observations (実績値) or linked from the comparison catalogue is refused: those
// are data. It can become a 参考指標 (left out of the evaluation) instead, or be unlinked first.
import { asc, eq } from 'drizzle-orm';
import type { Tx } from '../db/client.js';
import { indicators, targets } from '../db/schema.js';
import { AppError } from '../errors.js';
import type { SessionUser } from '../auth/policy.js';
import { recordAudit } from '../system/audit.repository.js';
import { attachmentsOfIndicator, type IndicatorAttachments, type IndicatorRow, type PlanRow } from './admin.repository.js';
import { assertMayEditPlan } from './plan-access.js';

/** The refusal for an indicator that holds data, or null when it may be deleted. */
export function refusalToDelete(indicator: Pick<IndicatorRow, 'code' | 'name'>, has: IndicatorAttachments): AppError | null {
  if (has.observations === 0 && has.catalogue === null) return null;
  return new AppError('INDICATOR_HAS_RECORDS', { code: indicator.code, name: indicator.name, observations: has.observations, catalogue: has.catalogue?.name ?? '' });
}

export async function deleteIndicator(tx: Tx, user: SessionUser, plan: PlanRow, indicator: IndicatorRow): Promise<void> {
  assertMayEditPlan(user, plan);
  // the row lock: an observation or a catalogue link added meanwhile waits for this transaction
  // (its foreign key check) and then fails, or was committed first and is counted below
  const [locked] = await tx.select().from(indicators).where(eq(indicators.id, indicator.id)).for('update');
  if (!locked || locked.planId !== plan.id) throw new AppError('NOT_FOUND', { what: `指標「${indicator.code}」` });
  const refusal = refusalToDelete(locked, await attachmentsOfIndicator(tx, locked.id));
  if (refusal) throw refusal;
  const itsTargets = await tx.select().from(targets).where(eq(targets.indicatorId, locked.id)).orderBy(asc(targets.position), asc(targets.id));
  await tx.delete(indicators).where(eq(indicators.id, locked.id));
  await recordAudit(tx, { id: user.id, label: user.login }, 'indicator.delete', { type: 'indicator', id: locked.id }, { ...locked, targets: itsTargets }, null);
}
