// A department saves its entry (下書き保存) or submits it (提出): figures per indicator in any
// form the judgement engine reads, self-grade on the plan's scale, three narratives. Optimistic
// locking on entries.version: a save based on an old version is refused, never merged.
import { z } from 'zod';
import type { Tx } from '../db/client.js';
import { AppError } from '../errors.js';
import { formatJapaneseDate } from '../domain/wareki.js';
import { can, type SessionUser } from '../auth/policy.js';
import { assertCan } from '../auth/middleware.js';
import { recordAudit } from '../system/audit.repository.js';
import { EntryConflictError, EntryInvalidError } from './entry-errors.js';
import { judgeEntry, scaleOf } from './judge-entry.js';
import { loadEntryContext, updateEntry, type EntryRow } from './rounds.repository.js';
import { recordValue } from './record-value.js';
import { assertEntryWritable } from './value-rules.js';

const text = z.string().max(20000).transform((s) => s.replace(/\r\n/g, '\n').trim());

export const SaveEntryInput = z.object({
  version: z.coerce.number().int().min(1),
  selfGrade: z.string().trim().max(20).optional().transform((s) => (s ? s : null)),
  disagreementReason: text.optional().transform((s) => (s ? s : null)),
  resultsText: text.default(''),
  planText: text.default(''),
  issuesText: text.default(''),
  /** Figures by indicator id, as typed: 「3,679」「約4億9,600万円」「今後調査」. Empty = leave as is. */
  figures: z.record(z.string(), z.string().max(200)).default({}),
  submit: z.boolean().default(false),
});
export type SaveEntryInput = z.infer<typeof SaveEntryInput>;

export function formatWhen(date: Date): string {
  const local = new Date(date.getTime() + 9 * 3600_000).toISOString(); // 日本時間
  return `${formatJapaneseDate(local.slice(0, 10))} ${local.slice(11, 16)}`;
}

function snapshot(entry: EntryRow) {
  return {
    state: entry.state,
    selfGrade: entry.selfGrade,
    computedGrade: entry.computedGrade,
    disagreementReason: entry.disagreementReason,
    finalGrade: entry.finalGrade,
    resultsText: entry.resultsText,
    planText: entry.planText,
    issuesText: entry.issuesText,
    version: entry.version,
  };
}

export async function saveEntry(tx: Tx, user: SessionUser, roundId: number, itemCode: string, input: SaveEntryInput): Promise<EntryRow> {
  const context = await loadEntryContext(tx, roundId, itemCode, { forUpdate: true });
  if (!context?.entry) throw new AppError('NOT_FOUND', { what: '入力' });
  assertCan(user, 'entry:edit', { departmentIds: context.departments.map((d) => d.id), planId: context.plan.id, organisationId: context.plan.organisationId }, 'この施策の入力');
  const entry = context.entry;
  // the rule every way in applies (value-rules.ts): round and entry state, who writes
  assertEntryWritable({
    fiscalYear: context.round.fiscalYear,
    itemName: context.item.name,
    planWide: can(user, 'round:manage', { planId: context.plan.id, organisationId: context.plan.organisationId }),
    round: context.round,
    entry,
  });
  if (entry.version !== input.version) {
    throw new EntryConflictError(entry, context.updatedByName ?? '別の利用者', formatWhen(entry.updatedAt));
  }

  const errors: Record<string, string> = {};
  const codes: Record<string, string> = {};
  const { scale } = scaleOf(context);
  if (input.selfGrade !== null && !scale.grades.some((g) => g.code === input.selfGrade)) {
    errors.selfGrade = `自己評価「${input.selfGrade}」は${scale.name}にありません`;
  }
  const fiscalYear = context.round.fiscalYear;
  // each figure through the one command every way in uses; a refusal is shown at its field
  // (nothing is kept: the transaction rolls back when the entry is refused)
  for (const { indicator } of context.indicators) {
    const typed = input.figures[String(indicator.id)]?.trim();
    if (!typed) continue;
    try {
      await recordValue(tx, user, { planCode: context.plan.code, indicatorCode: indicator.code, fiscalYear, kind: 'actual' }, { text: typed, asOf: null, note: null }, `入力画面（${fiscalYear}年度評価）`);
    } catch (error) {
      if (!(error instanceof AppError) || error.status !== 422) throw error;
      errors[`figure-${indicator.id}`] = `${indicator.name}: ${error.describe()}`;
      codes[`figure-${indicator.id}`] = error.code;
    }
  }
  if (Object.keys(errors).length > 0) throw new EntryInvalidError(errors, codes);

  // judge on the figures as now stored
  const judged = judgeEntry((await loadEntryContext(tx, roundId, itemCode)) ?? context);
  const disagrees = input.selfGrade !== null && judged.grade !== null && input.selfGrade !== judged.grade;
  if (input.submit) {
    const missing: Record<string, string> = {};
    if (input.selfGrade === null) missing.selfGrade = '自己評価を選んでください';
    if (!input.resultsText) missing.resultsText = '取組結果を入力してください';
    if (disagrees && !input.disagreementReason) {
      missing.disagreementReason = `自己評価（${input.selfGrade}）が自動判定（${judged.grade}）と異なります。理由を入力してください`;
    }
    if (Object.keys(missing).length > 0) throw new EntryInvalidError(missing);
  }
  const next = await updateEntry(tx, entry.id, {
    state: input.submit ? 'submitted' : 'in_progress',
    selfGrade: input.selfGrade,
    computedGrade: judged.grade,
    disagreementReason: disagrees ? input.disagreementReason : null,
    resultsText: input.resultsText || null,
    planText: input.planText || null,
    issuesText: input.issuesText || null,
    version: entry.version + 1,
    updatedBy: user.id,
    ...(input.submit ? { submittedAt: new Date() } : {}),
  });
  await recordAudit(tx, { id: user.id, label: user.login }, input.submit ? 'entry.submit' : 'entry.save', { type: 'entry', id: entry.id }, snapshot(entry), snapshot(next));
  return next;
}
