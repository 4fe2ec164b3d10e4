// Completion of a round per department, and deadline notices. Pure: takes the listed entries.
import { gradeDistribution, type GradeDistribution } from '../domain/distribution.js';
import type { Scale } from '../domain/scales.js';
import { formatJapaneseDate } from '../domain/wareki.js';
import type { EntryListRow, RoundRow } from './rounds.repository.js';
import { ENTRY_STATE_LABELS, type EntryState } from './round-states.js';

export interface CompletionRow {
  department: string;
  counts: Record<EntryState, number>;
  /** Not yet submitted (or approved) after the entry deadline. */
  overdue: number;
  /** Grades so far (final grade, else self-grade) → count. */
  grades: Record<string, number>;
}

const DONE = new Set(['submitted', 'approved']);

/** Today in Japan as YYYY-MM-DD. */
export function todayInJapan(now = new Date()): string {
  return new Date(now.getTime() + 9 * 3600_000).toISOString().slice(0, 10);
}

export function completionByDepartment(rows: readonly EntryListRow[], today: string): CompletionRow[] {
  const byDepartment = new Map<string, CompletionRow>();
  for (const row of rows) {
    const names = row.departmentNames.length > 0 ? row.departmentNames : ['（担当課なし）'];
    for (const department of names) {
      let line = byDepartment.get(department);
      if (!line) {
        line = { department, counts: Object.fromEntries(Object.keys(ENTRY_STATE_LABELS).map((s) => [s, 0])) as Record<EntryState, number>, overdue: 0, grades: {} };
        byDepartment.set(department, line);
      }
      line.counts[row.state as EntryState] += 1;
      if (row.entryDeadline && row.entryDeadline < today && !DONE.has(row.state)) line.overdue += 1;
      const grade = row.finalGrade ?? row.selfGrade;
      if (grade) line.grades[grade] = (line.grades[grade] ?? 0) + 1;
    }
  }
  return [...byDepartment.values()].sort((a, b) => a.department.localeCompare(b.department, 'ja'));
}

export interface Notice {
  text: string;
  overdue: boolean;
}

/** In-app reminders: deadlines within 7 days, and deadlines passed with work left. */
export function deadlineNotices(round: Pick<RoundRow, 'state' | 'entryDeadline' | 'reviewDeadline'>, rows: readonly EntryListRow[], today: string): Notice[] {
  const notices: Notice[] = [];
  const days = (iso: string) => Math.round((Date.parse(iso) - Date.parse(today)) / 86_400_000);
  const open = rows.filter((r) => !DONE.has(r.state)).length;
  if (round.state === 'entry' && round.entryDeadline && open > 0) {
    const left = days(round.entryDeadline);
    if (left < 0) notices.push({ overdue: true, text: `入力期限（${formatJapaneseDate(round.entryDeadline)}）を${-left}日過ぎています。未提出: ${open}件` });
    else if (left <= 7) notices.push({ overdue: false, text: `入力期限（${formatJapaneseDate(round.entryDeadline)}）まであと${left}日です。未提出: ${open}件` });
  }
  const waiting = rows.filter((r) => r.state === 'submitted').length;
  if ((round.state === 'entry' || round.state === 'review') && round.reviewDeadline && waiting > 0) {
    const left = days(round.reviewDeadline);
    if (left < 0) notices.push({ overdue: true, text: `確認期限（${formatJapaneseDate(round.reviewDeadline)}）を${-left}日過ぎています。確認待ち: ${waiting}件` });
    else if (left <= 7) notices.push({ overdue: false, text: `確認期限（${formatJapaneseDate(round.reviewDeadline)}）まであと${left}日です。確認待ち: ${waiting}件` });
  }
  return notices;
}

/** The grade distribution of the round so far (final grade, else self-grade; others not yet graded). */
export function roundDistribution(rows: readonly EntryListRow[], scale: Scale): GradeDistribution {
  const known = new Set(scale.grades.map((g) => g.code));
  return gradeDistribution(rows.map((r) => {
    const grade = r.finalGrade ?? r.selfGrade;
    return grade !== null && known.has(grade) ? grade : null;
  }), scale);
}
