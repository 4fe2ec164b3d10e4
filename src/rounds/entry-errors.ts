// Errors of the entry form that carry what the page needs to show again.
import { AppError } from '../errors.js';
import type { EntryRow } from './rounds.repository.js';

/** A save based on an old version: the current row is kept so the page can show both. */
export class EntryConflictError extends AppError {
  constructor(readonly current: EntryRow, by: string, at: string) {
    super('ENTRY_CONFLICT', { by, at });
  }
}

/** Field-level problems (unreadable figures, missing reason …), keyed by field name. */
export class EntryInvalidError extends AppError {
  /** `fieldCodes`: the error code of a field refused by a rule of the domain (UNIT_MISMATCH …), shown as data-code. */
  constructor(readonly fieldErrors: Readonly<Record<string, string>>, readonly fieldCodes: Readonly<Record<string, string>> = {}) {
    super('INVALID_INPUT', { reason: Object.values(fieldErrors).join(' / ') });
  }
}
