// The states of a round and of an entry, their Japanese names, and which moves are allowed.
import type { ENTRY_STATES, ROUND_STATES } from '../db/schema.js';

export type RoundState = (typeof ROUND_STATES)[number];
export type EntryState = (typeof ENTRY_STATES)[number];

export const ROUND_STATE_LABELS: Readonly<Record<RoundState, string>> = {
  preparing: '準備',
  entry: '入力中',
  review: '確認中',
  closed: '確定',
  published: '公表',
};

export const ENTRY_STATE_LABELS: Readonly<Record<EntryState, string>> = {
  not_started: '未着手',
  in_progress: '入力中',
  submitted: '提出',
  returned: '差戻し',
  approved: '承認',
};

/** Moves headquarters may make; a move back from 確定 or 公表 is a reopening and needs a reason. */
export const ROUND_TRANSITIONS: Readonly<Record<RoundState, readonly RoundState[]>> = {
  preparing: ['entry'],
  entry: ['review'],
  review: ['entry', 'closed'],
  closed: ['published', 'review'],
  published: ['review'],
};

export function isReopening(from: RoundState, to: RoundState): boolean {
  return (from === 'closed' || from === 'published') && to === 'review';
}

/** Departments may write while the round is 入力中, and fix returned entries while it is 確認中. */
export function roundAcceptsEntries(state: string): boolean {
  return state === 'entry' || state === 'review';
}

/** An entry not yet submitted, or returned: the only states in which anyone changes it. */
export function entryIsEditable(state: string): boolean {
  return state === 'not_started' || state === 'in_progress' || state === 'returned';
}

/** Whether departments write into an entry: while the round is 入力中, or a returned entry while 確認中. */
export function roundOpenFor(roundState: string, entryState: string): boolean {
  return roundState === 'entry' || (roundState === 'review' && entryState === 'returned');
}

/** A closed (確定) or published (公表) round is locked: nothing in it changes. */
export function isLocked(state: string): boolean {
  return state === 'closed' || state === 'published';
}

export function roundStateLabel(state: string): string {
  return (ROUND_STATE_LABELS as Record<string, string | undefined>)[state] ?? state;
}

export function entryStateLabel(state: string): string {
  return (ENTRY_STATE_LABELS as Record<string, string | undefined>)[state] ?? state;
}

export const ROUND_ACTION_LABELS: Readonly<Record<RoundState, string>> = {
  preparing: '準備に戻す',
  entry: '入力を開始する',
  review: '確認に進める',
  closed: '確定する（ロック）',
  published: '公表する',
};
