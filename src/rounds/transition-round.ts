// 本部 moves a round through 準備 → 入力中 → 確認中 → 確定 → 公表. Entering 入力中 creates an
// entry (未着手) for every item a department owns; 確定 locks the round; moving back from
// 確定 or 公表 is a reopening and needs a reason. Every move is audited.
import type { Tx } from '../db/client.js';
import { AppError } from '../errors.js';
import type { SessionUser } from '../auth/policy.js';
import { assertCan, assertInOrganisation } from '../auth/middleware.js';
import { recordAudit } from '../system/audit.repository.js';
import { createEntries, findRound, lockRound, ownedItemIds, updateRound, type RoundRow } from './rounds.repository.js';
import { versionInForceOn } from '../versions/versions.repository.js';
import { todayInJapan } from './dashboard.js';
import { needsPreflight, roundPreflight } from './round-preflight.js';
import { isReopening, ROUND_TRANSITIONS, roundStateLabel, type RoundState } from './round-states.js';

export interface TransitionRoundInput {
  roundId: number;
  to: RoundState;
  reason?: string | undefined;
  /** The token of the pre-flight page the person confirmed (round-preflight.ts); 確認中, 確定 and 公表 need it. */
  confirmed?: string | undefined;
}

export async function transitionRound(tx: Tx, user: SessionUser, input: TransitionRoundInput): Promise<RoundRow> {
  const round = await lockRound(tx, input.roundId);
  const plan = round ? (await findRound(tx, round.id))?.plan : undefined;
  if (!round || !plan) throw new AppError('NOT_FOUND', { what: '評価' });
  assertInOrganisation(user, plan.organisationId, '評価');
  assertCan(user, 'round:manage', { planId: round.planId, organisationId: plan.organisationId });
  if (input.to === 'published') assertCan(user, 'publish', { planId: round.planId, organisationId: plan.organisationId });
  const from = round.state as RoundState;
  if (!ROUND_TRANSITIONS[from].includes(input.to)) {
    throw new AppError('ROUND_TRANSITION_INVALID', { from: roundStateLabel(from), to: roundStateLabel(input.to) });
  }
  if (needsPreflight(from, input.to)) {
    const preflight = await roundPreflight(tx, round, input.to);
    if (!input.confirmed) throw new AppError('ROUND_PREFLIGHT_REQUIRED', { to: roundStateLabel(input.to) });
    if (input.confirmed !== preflight.token) throw new AppError('ROUND_PREFLIGHT_STALE');
  }
  const reason = input.reason?.trim();
  if (isReopening(from, input.to) && !reason) throw new AppError('INVALID_INPUT', { reason: '再開の理由を入力してください' });
  const now = new Date();
  // 確定 records the plan version the round was judged against: the latest adopted by that day
  const basis = input.to === 'closed' ? await versionInForceOn(tx, round.planId, todayInJapan(now)) : undefined;
  const next = await updateRound(tx, round.id, {
    state: input.to,
    ...(input.to === 'entry' && !round.openedAt ? { openedAt: now } : {}),
    ...(input.to === 'closed' ? { closedAt: now, planVersionId: basis?.id ?? null } : {}),
    ...(input.to === 'published' ? { publishedAt: now } : {}),
    ...(isReopening(from, input.to) ? { closedAt: null, publishedAt: null } : {}),
  });
  let created = 0;
  if (input.to === 'entry') created = await createEntries(tx, round, await ownedItemIds(tx, round.planId));
  const action = isReopening(from, input.to) ? 'round.reopen' : `round.${input.to}`;
  await recordAudit(tx, { id: user.id, label: user.login }, action, { type: 'round', id: round.id },
    { state: from }, { state: input.to, ...(reason ? { reason } : {}), ...(created ? { entriesCreated: created } : {}), ...(basis ? { planVersion: basis.number } : {}) });
  return next;
}
