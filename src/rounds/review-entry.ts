// A reviewer (局) or 本部 returns a submitted entry with a comment (差戻し: the department sees
// it on its entry), or approves it (承認). 本部 may set the final grade when approving.
import { z } from 'zod';
import type { Tx } from '../db/client.js';
import { AppError } from '../errors.js';
import type { SessionUser } from '../auth/policy.js';
import { assertCan } from '../auth/middleware.js';
import { recordAudit } from '../system/audit.repository.js';
import { EntryConflictError, EntryInvalidError } from './entry-errors.js';
import { scaleOf } from './judge-entry.js';
import { insertComment, loadEntryContext, updateEntry, type EntryRow } from './rounds.repository.js';
import { entryStateLabel, roundAcceptsEntries, roundStateLabel } from './round-states.js';
import { formatWhen } from './save-entry.js';

export const ReviewEntryInput = z.object({
  version: z.coerce.number().int().min(1),
  decision: z.enum(['return', 'approve']),
  comment: z.string().max(4000).transform((s) => s.trim()).default(''),
  finalGrade: z.string().trim().max(20).optional().transform((s) => (s ? s : null)),
});
export type ReviewEntryInput = z.infer<typeof ReviewEntryInput>;

export async function reviewEntry(tx: Tx, user: SessionUser, roundId: number, itemCode: string, input: ReviewEntryInput): Promise<EntryRow> {
  const context = await loadEntryContext(tx, roundId, itemCode, { forUpdate: true });
  if (!context?.entry) throw new AppError('NOT_FOUND', { what: '入力' });
  assertCan(user, 'entry:review', { departmentIds: context.departments.map((d) => d.id), planId: context.plan.id, organisationId: context.plan.organisationId }, 'この施策の確認');
  const entry = context.entry;
  if (!roundAcceptsEntries(context.round.state)) throw new AppError('ROUND_LOCKED', { state: roundStateLabel(context.round.state) });
  if (entry.version !== input.version) throw new EntryConflictError(entry, context.updatedByName ?? '別の利用者', formatWhen(entry.updatedAt));
  if (entry.state !== 'submitted') {
    throw new AppError('ENTRY_TRANSITION_INVALID', { from: entryStateLabel(entry.state), action: input.decision === 'return' ? '差し戻し' : '承認' });
  }
  if (input.decision === 'return' && !input.comment) throw new EntryInvalidError({ comment: '差し戻す理由をコメントに入力してください' });
  let finalGrade = entry.finalGrade;
  if (input.decision === 'approve') {
    if (input.finalGrade !== null) {
      assertCan(user, 'round:manage', { planId: context.plan.id, organisationId: context.plan.organisationId }, '最終評価の決定');
      if (!scaleOf(context).scale.grades.some((g) => g.code === input.finalGrade)) throw new EntryInvalidError({ finalGrade: `評価「${input.finalGrade}」は尺度にありません` });
      finalGrade = input.finalGrade;
    } else {
      finalGrade = entry.selfGrade;
    }
  }
  if (input.comment) await insertComment(tx, entry.id, user.id, input.decision, input.comment);
  const next = await updateEntry(tx, entry.id, {
    state: input.decision === 'return' ? 'returned' : 'approved',
    version: entry.version + 1,
    updatedBy: user.id,
    finalGrade,
    ...(input.decision === 'approve' ? { approvedAt: new Date() } : {}),
  });
  await recordAudit(tx, { id: user.id, label: user.login }, input.decision === 'return' ? 'entry.return' : 'entry.approve', { type: 'entry', id: entry.id },
    { state: entry.state, finalGrade: entry.finalGrade, version: entry.version },
    { state: next.state, finalGrade: next.finalGrade, version: next.version, ...(input.comment ? { comment: input.comment } : {}) });
  return next;
}
