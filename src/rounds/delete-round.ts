// 本部 deletes a round opened by mistake (the wrong year, the wrong plan) while it is still 準備:
// nobody has entered anything yet. A round past 準備 holds the departments' work and stays.
import type { Tx } from '../db/client.js';
import { AppError } from '../errors.js';
import type { SessionUser } from '../auth/policy.js';
import { assertCan, assertInOrganisation } from '../auth/middleware.js';
import { recordAudit } from '../system/audit.repository.js';
import { deleteRoundRow, findRound, lockRound } from './rounds.repository.js';
import { roundStateLabel } from './round-states.js';

export async function deleteRound(tx: Tx, user: SessionUser, roundId: number): Promise<void> {
  const round = await lockRound(tx, roundId);
  const plan = round ? (await findRound(tx, round.id))?.plan : undefined;
  if (!round || !plan) throw new AppError('NOT_FOUND', { what: '評価' });
  assertInOrganisation(user, plan.organisationId, '評価');
  assertCan(user, 'round:manage', { planId: round.planId, organisationId: plan.organisationId });
  if (round.state !== 'preparing') throw new AppError('ROUND_NOT_DELETABLE', { state: roundStateLabel(round.state) });
  await deleteRoundRow(tx, round.id);
  await recordAudit(tx, { id: user.id, label: user.login }, 'round.delete', { type: 'round', id: round.id }, { plan: plan.code, fiscalYear: round.fiscalYear, state: round.state }, null);
}
