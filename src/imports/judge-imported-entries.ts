// After an import is loaded (in the same transaction), its entries are judged as a saved entry is
// (save-entry.ts): the computed grade (自動判定) from the indicator values as now stored, and the
// disagreement reason kept only while the self-grade differs from it.
//
// Which entries: every entry a 評価 row names, and the entries in open rounds of the items whose
// indicators the 指標 sheet names (their figures may have changed). A locked round (確定・公表) is
// never touched, except the past rounds a new plan's file creates.
//
// A self-grade that differs from the computed grade without a reason, on a 評価 row the import
// changes (or whose computed grade the import changes):
// - an error when the entry is 提出 or 承認 in an open round: submitting refuses that (save-entry),
//   so an import must not leave a submitted entry in that state;
// - otherwise a warning: a draft may be saved so (the reason is needed when it is submitted), and
//   a new plan's past rounds are taken as published.
import type { Tx } from '../db/client.js';
import { planIdByCode } from '../datasets/dataset.repository.js';
import { judgeEntry } from '../rounds/judge-entry.js';
import { isLocked } from '../rounds/round-states.js';
import { loadEntryContext, updateEntry } from '../rounds/rounds.repository.js';
import { recordAudit, type Actor } from '../system/audit.repository.js';
import type { ImportIssue } from './import-issues.js';
import { openEntriesOfItems, roundsOfPlan, type PlanRound } from './imported-entries.repository.js';

/** A 評価 row that names an entry. */
export interface ImportedEntry {
  sheet: string;
  row: number;
  /** Where a disagreement is reported: the 自己評価 column as written in the template. */
  column: string;
  fiscalYear: number;
  item: string;
  /** Whether the row changes the entry (self-grade or a narrative). */
  changed: boolean;
  /** Whether the round is created by this import (a new plan's past rounds). */
  newRound: boolean;
}

export interface EntriesJudged {
  errors: ImportIssue[];
  warnings: ImportIssue[];
  /** Entries judged, and those whose computed grade or reason changed. */
  judged: number;
  refreshed: number;
}

export async function judgeImportedEntries(tx: Tx, planCode: string, imported: readonly ImportedEntry[], judgedItems: readonly string[], actor: Actor): Promise<EntriesJudged> {
  const result: EntriesJudged = { errors: [], warnings: [], judged: 0, refreshed: 0 };
  const planId = await planIdByCode(tx, planCode);
  if (planId === null) return result;
  const rounds = await roundsOfPlan(tx, planId);
  if (rounds.length === 0) return result;
  const roundOfYear = new Map(rounds.map((r) => [r.fiscalYear, r]));
  const roundById = new Map(rounds.map((r) => [r.id, r]));

  const toJudge = new Map<string, { round: PlanRound; item: string; row: ImportedEntry | null }>();
  for (const row of imported) {
    const round = roundOfYear.get(row.fiscalYear);
    if (!round || (isLocked(round.state) && !row.newRound)) continue;
    toJudge.set(`${round.id}/${row.item}`, { round, item: row.item, row });
  }
  if (rounds.some((r) => !isLocked(r.state))) {
    for (const { roundId, itemCode } of await openEntriesOfItems(tx, planId, judgedItems)) {
      const round = roundById.get(roundId);
      const key = `${roundId}/${itemCode}`;
      if (round && !toJudge.has(key)) toJudge.set(key, { round, item: itemCode, row: null });
    }
  }

  for (const { round, item, row } of toJudge.values()) {
    const context = await loadEntryContext(tx, round.id, item);
    const entry = context?.entry;
    if (!context || !entry) continue;
    result.judged++;
    const judged = judgeEntry(context);
    const disagrees = entry.selfGrade !== null && judged.grade !== null && entry.selfGrade !== judged.grade;
    const reason = entry.disagreementReason?.trim() ? entry.disagreementReason : null;
    const next = { computedGrade: judged.grade, disagreementReason: disagrees ? reason : null };
    if (next.computedGrade !== entry.computedGrade || next.disagreementReason !== entry.disagreementReason) {
      await updateEntry(tx, entry.id, next);
      await recordAudit(
        tx,
        actor,
        'entry.judge',
        { type: 'entry', id: entry.id },
        { computedGrade: entry.computedGrade, disagreementReason: entry.disagreementReason },
        { ...next, by: 'import' },
      );
      result.refreshed++;
    }
    if (!row || !disagrees || reason !== null || !(row.changed || entry.computedGrade !== judged.grade)) continue;
    const where = { sheet: row.sheet, row: row.row, column: row.column };
    const differs = `自己評価（${entry.selfGrade}）が自動判定（${judged.grade}）と異なり、理由がありません`;
    if ((entry.state === 'submitted' || entry.state === 'approved') && !isLocked(round.state)) {
      result.errors.push({ ...where, message: `${differs}。${entry.state === 'approved' ? '承認済み' : '提出済み'}の評価は理由なしに変更できません（自己評価を見直すか、差し戻してから入力画面で理由を入力してください）` });
    } else if (isLocked(round.state)) {
      result.warnings.push({ ...where, message: `${differs}（公表済みの評価としてそのまま取り込みます）` });
    } else {
      result.warnings.push({ ...where, message: `${differs}。提出までに入力画面で理由を入力してください` });
    }
  }
  return result;
}
