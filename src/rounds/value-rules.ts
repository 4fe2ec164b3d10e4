// Whether a value of an indicator may be written: the one rule, whichever way the value arrives
// (entry form, import, API, CLI). Pure: the caller reads the round of the value's fiscal year,
// the entry of the indicator's item in it and who writes; record-value.ts (form, API) and the
// import (imports/build-import.ts, one check per changed row) call it and show its AppError
// their way.
//
// - a value of a closed (確定) or published (公表) round changes only by a correction (訂正);
// - under a submitted (提出) or approved (承認) entry nothing changes until the entry is returned;
// - a department writes only into its round while it is 入力中 (or a returned entry while 確認中);
//   a year with no round, or a round still 準備, is 本部's (the plan's own history);
// - the value's unit, when it has one (「約3割」), is the indicator's.
import { AppError } from '../errors.js';
import { formatFiscalYear } from '../domain/wareki.js';
import { entryIsEditable, entryStateLabel, isLocked, roundOpenFor, roundStateLabel } from './round-states.js';

export interface ValueWrite {
  fiscalYear: number;
  /** The item the indicator belongs to, for messages. */
  itemName: string;
  /** 本部 (round:manage on the plan): may write the plan's history and any open entry. */
  planWide: boolean;
  /** The plan's round of that fiscal year, if there is one. */
  round: { state: string } | null;
  /** The entry of the indicator's item in that round, if there is one. */
  entry: { state: string } | null;
  /** The unit written with the value (「%」 of 「71.7%」), if any, and the indicator's. */
  text: string;
  typedUnit: string | null | undefined;
  indicatorUnit: string | null;
}

/** A value written with a unit (「約3割」) is in the indicator's unit (団体 is not 割). */
export function assertUnit(write: Pick<ValueWrite, 'text' | 'typedUnit' | 'indicatorUnit'>): void {
  if (write.typedUnit && write.indicatorUnit && write.typedUnit !== write.indicatorUnit) {
    throw new AppError('UNIT_MISMATCH', { text: write.text, unit: write.typedUnit, expected: write.indicatorUnit });
  }
}

/** Whether the entry of an item in a round may change (its values, grade or narratives). */
export function assertEntryWritable(write: Pick<ValueWrite, 'fiscalYear' | 'itemName' | 'planWide' | 'entry'> & { round: { state: string } }): void {
  const year = formatFiscalYear(write.fiscalYear);
  const { round, entry } = write;
  if (isLocked(round.state)) throw new AppError('ROUND_LOCKED', { year, state: roundStateLabel(round.state) });
  if (entry && !entryIsEditable(entry.state)) throw new AppError('ENTRY_NOT_EDITABLE', { year, item: write.itemName, state: entryStateLabel(entry.state) });
  if (write.planWide) return;
  if (!entry) throw new AppError('ROUND_NOT_OPEN', { year, reason: 'この施策はこの年度の評価の対象ではありません', reasonEn: 'the item has no entry in this round' });
  if (!roundOpenFor(round.state, entry.state)) throw new AppError('ROUND_NOT_OPEN', { year, reason: `評価が「${roundStateLabel(round.state)}」です`, reasonEn: `the round is ${round.state}` });
}

/** Throws the AppError that refuses the write of a value, or returns when it may happen. */
export function assertValueWritable(write: ValueWrite): void {
  assertUnit(write);
  if (write.round) {
    assertEntryWritable({ ...write, round: write.round });
    return;
  }
  if (!write.planWide) throw new AppError('ROUND_NOT_OPEN', { year: formatFiscalYear(write.fiscalYear), reason: 'この年度の評価がありません', reasonEn: 'there is no round for this year' });
}
