// What moving a round to 確認中, 確定 or 公表 will do, shown before 本部 confirms it: the entries
// per department by state, what the departments can still do, what citizens will see. The move
// itself (transition-round.ts) requires the token of the pre-flight the person saw; when the
// entries changed since, the move is refused and the page shown again.
import { createHash } from 'node:crypto';
import type { Queryable } from '../db/client.js';
import { completionByDepartment, todayInJapan, type CompletionRow } from './dashboard.js';
import { ENTRY_STATE_LABELS, type EntryState, type RoundState } from './round-states.js';
import { entriesOfRound, indicatorsWithoutData, type RoundRow } from './rounds.repository.js';

/** Moves that need the pre-flight: each takes something away from departments or gives it to the public. */
export const CONFIRMED_MOVES: readonly RoundState[] = ['review', 'closed', 'published'];

export function needsPreflight(from: RoundState, to: RoundState): boolean {
  // moving back from 確定/公表 to 確認中 is a reopening, which needs a reason instead
  return CONFIRMED_MOVES.includes(to) && !(to === 'review' && (from === 'closed' || from === 'published'));
}

export interface RoundPreflight {
  to: RoundState;
  total: number;
  counts: Record<EntryState, number>;
  byDepartment: CompletionRow[];
  /** Indicators of the round's items without a value for its year. */
  withoutData: number;
  /** What the move will do, sentence by sentence, in the words of the page. */
  consequences: string[];
  /** Changes whenever an entry of the round changes: the move is refused with an older one. */
  token: string;
}

export async function roundPreflight(db: Queryable, round: RoundRow, to: RoundState): Promise<RoundPreflight> {
  const rows = await entriesOfRound(db, round.id);
  const counts = Object.fromEntries(Object.keys(ENTRY_STATE_LABELS).map((s) => [s, 0])) as Record<EntryState, number>;
  for (const row of rows) counts[row.state as EntryState] += 1;
  const withoutData = (await indicatorsWithoutData(db, round)).length;
  const token = createHash('sha256')
    .update(JSON.stringify([round.state, to, rows.map((r) => [r.entryId, r.state, r.version])]))
    .digest('base64url')
    .slice(0, 22);
  return { to, total: rows.length, counts, byDepartment: completionByDepartment(rows, todayInJapan()), withoutData, consequences: consequencesOf(to, counts, withoutData), token };
}

function consequencesOf(to: RoundState, counts: Record<EntryState, number>, withoutData: number): string[] {
  const open = counts.not_started + counts.in_progress;
  const notApproved = counts.not_started + counts.in_progress + counts.submitted + counts.returned;
  if (to === 'review') {
    return [
      `提出済み${counts.submitted}件・承認済み${counts.approved}件は確認に進みます。`,
      open > 0 ? `未提出の${open}件（未着手${counts.not_started}件・入力中${counts.in_progress}件）は、担当課が入力できなくなります（差し戻した入力だけが入力できます）。` : 'すべての入力が提出されています。',
    ];
  }
  if (to === 'closed') {
    return [
      '確定すると評価はロックされ、入力・確認・値の変更はできなくなります（公表後の値の変更は訂正だけです）。',
      notApproved > 0 ? `承認されていない${notApproved}件は、公表されても評価・取組結果・値が公開されず「未承認」と表示されます。` : 'すべての入力が承認されています。',
      withoutData > 0 ? `この年度の値がない指標が${withoutData}件あります。` : 'すべての指標にこの年度の値があります。',
    ];
  }
  return [
    `承認された${counts.approved}件の評価・取組結果・値が、市民向けのページ、オープンデータ、API、報告書で公開されます。`,
    notApproved > 0 ? `承認されていない${notApproved}件は公開されず、「未承認」と表示されます。` : 'すべての入力が承認されています。',
  ];
}
