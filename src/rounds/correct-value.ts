// 訂正: 本部 changes a figure of a round that is closed (確定) or published (公表) — the only way
// a published figure changes. The old and the new value, the reason and the day are kept
// (corrections table) and shown publicly beside the figure, as official statistics do.
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Tx } from '../db/client.js';
import { corrections, observations, rounds } from '../db/schema.js';
import { AppError } from '../errors.js';
import { formatFiscalYear } from '../domain/wareki.js';
import type { SessionUser } from '../auth/policy.js';
import { assertCan } from '../auth/middleware.js';
import { recordAudit } from '../system/audit.repository.js';
import { lockedObservation, loadValueIndicator, readFigure, valueSummary, type ValueTarget } from './record-value.js';
import { isLocked } from './round-states.js';
import { assertUnit } from './value-rules.js';

export const CorrectValueInput = z.object({
  /** The corrected figure as written. */
  text: z.string().trim().min(1, '訂正後の値を入力してください').max(200),
  /** Why: shown to the public beside the figure. */
  reason: z.string().trim().min(1, '訂正の理由を入力してください').max(2000),
});
export type CorrectValueInput = z.infer<typeof CorrectValueInput>;

export async function correctValue(tx: Tx, user: SessionUser, target: ValueTarget, input: CorrectValueInput): Promise<{ correctionId: number }> {
  const indicator = await loadValueIndicator(tx, user, target);
  assertCan(user, 'round:manage', { planId: indicator.planId, organisationId: indicator.organisationId }, '公表した値の訂正');
  const [round] = await tx.select({ state: rounds.state }).from(rounds).where(and(eq(rounds.planId, indicator.planId), eq(rounds.fiscalYear, target.fiscalYear))).for('update');
  if (!round || !isLocked(round.state)) throw new AppError('CORRECTION_NOT_NEEDED', { year: formatFiscalYear(target.fiscalYear) });
  const before = await lockedObservation(tx, indicator.id, target);
  if (!before) throw new AppError('NOT_FOUND', { what: `${formatFiscalYear(target.fiscalYear)}の値` });
  const { columns, typedUnit } = readFigure({ text: input.text, asOf: before.asOf, note: before.note }, indicator.unit);
  assertUnit({ text: columns.text, typedUnit, indicatorUnit: indicator.unit });
  if (columns.text === before.text) throw new AppError('INVALID_INPUT', { reason: '訂正後の値が今の値と同じです' });

  // recordedAt stays: a correction does not make a figure a draft of its round again
  const [after] = await tx.update(observations).set({ ...columns, recordedBy: user.id }).where(eq(observations.id, before.id)).returning();
  if (!after) throw new Error('observation update returned no row');
  const [correction] = await tx
    .insert(corrections)
    .values({ observationId: before.id, beforeText: before.text, beforeValue: before.value, afterText: after.text, afterValue: after.value, reason: input.reason, correctedBy: user.id })
    .returning({ id: corrections.id });
  if (!correction) throw new Error('insert into corrections returned no row');
  await recordAudit(tx, { id: user.id, label: user.login }, 'observation.correct', { type: 'observation', id: before.id }, valueSummary(target, before), { ...valueSummary(target, after), reason: input.reason });
  return { correctionId: correction.id };
}
