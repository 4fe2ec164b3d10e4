// Gives an account a new random password (the person forgot theirs), returned once to be handed
// over; their sessions end, and signed in with it they set their own first. 本部 does it on the
// account's page (resetPassword), the operator of the installation from the command line
// (`shinchoku user reset-password`: issuePassword). One's own password is changed on
// /account/password instead.
import type { Tx } from '../db/client.js';
import type { SessionUser } from '../auth/policy.js';
import { assertCan } from '../auth/middleware.js';
import { AppError } from '../errors.js';
import { recordAudit, type Actor } from '../system/audit.repository.js';
import { deleteSessionsOf } from '../auth/sessions.repository.js';
import { hashPassword, randomPassword } from '../auth/password.js';
import { actorOf } from '../departments/department-input.js';
import { updateAccountRow, type AccountRow } from './accounts.repository.js';
import { lockedAccount } from './update-account.js';

export async function resetPassword(tx: Tx, user: SessionUser, organisationId: number, id: number): Promise<string> {
  assertCan(user, 'user:manage', { organisationId });
  const account = await lockedAccount(tx, organisationId, id);
  if (account.id === user.id) throw new AppError('ACCOUNT_OWN', { what: 'パスワード再発行', whatEn: 'reset the password of' });
  return issuePassword(tx, account, actorOf(user));
}

/** A new random password for this (locked) account: the old one and its sessions end. */
export async function issuePassword(tx: Tx, account: AccountRow, actor: Actor): Promise<string> {
  const password = randomPassword();
  const changedAt = new Date();
  await updateAccountRow(tx, account.id, { passwordHash: await hashPassword(password), passwordChangedAt: changedAt, passwordMustChange: true });
  await deleteSessionsOf(tx, account.id);
  // the hash is never written to the log; the reset and its time are
  await recordAudit(tx, actor, 'user.password_reset', { type: 'user', id: account.id }, { passwordChangedAt: account.passwordChangedAt.toISOString() }, { passwordChangedAt: changedAt.toISOString() });
  return password;
}
