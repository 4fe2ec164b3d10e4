// Stops an account (退職・異動: it can no longer sign in, its sessions end at once, its API tokens
// stop working) or lets it sign in again. Nothing it did is removed: entries, comments and the
// audit log keep its name. 本部 does it on the account's page, where one's own account cannot be
// stopped (setAccountEnabled); the operator from the command line (`shinchoku user disable`).
import type { Tx } from '../db/client.js';
import type { SessionUser } from '../auth/policy.js';
import { assertCan } from '../auth/middleware.js';
import { AppError } from '../errors.js';
import { recordAudit, type Actor } from '../system/audit.repository.js';
import { deleteSessionsOf } from '../auth/sessions.repository.js';
import { actorOf } from '../departments/department-input.js';
import { updateAccountRow, type AccountRow } from './accounts.repository.js';
import { lockedAccount } from './update-account.js';

export async function setAccountEnabled(tx: Tx, user: SessionUser, organisationId: number, id: number, enabled: boolean): Promise<void> {
  assertCan(user, 'user:manage', { organisationId });
  const account = await lockedAccount(tx, organisationId, id);
  if (account.id === user.id) throw new AppError('ACCOUNT_OWN', { what: '利用停止', whatEn: 'disable' });
  await setEnabled(tx, account, enabled, actorOf(user));
}

/** Stops or re-enables this (locked) account; nothing happens when it already is so. */
export async function setEnabled(tx: Tx, account: AccountRow, enabled: boolean, actor: Actor): Promise<void> {
  if ((account.disabledAt === null) === enabled) return;
  const disabledAt = enabled ? null : new Date();
  await updateAccountRow(tx, account.id, { disabledAt });
  if (!enabled) await deleteSessionsOf(tx, account.id);
  await recordAudit(tx, actor, enabled ? 'user.enable' : 'user.disable', { type: 'user', id: account.id }, { disabledAt: account.disabledAt?.toISOString() ?? null }, { disabledAt: disabledAt?.toISOString() ?? null });
}
