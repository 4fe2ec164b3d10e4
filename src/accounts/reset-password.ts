// Gives an account a new random password (the person forgot theirs), returned once to be handed
// over; their sessions end and their API tokens are revoked (a script that held one makes a new
// one), and signed in with it they set their own first. 本部 does it on the
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
import { revokeTokensOf } from '../api/api-tokens.repository.js';
import { updateAccountRow, type AccountRow } from './accounts.repository.js';
import { lockedAccount } from './update-account.js';

/** The new password (shown once) and how many API tokens of the account were revoked. */
export interface IssuedPassword {
  password: string;
  tokensRevoked: number;
}

export async function resetPassword(tx: Tx, user: SessionUser, organisationId: number, id: number): Promise<IssuedPassword> {
  assertCan(user, 'user:manage', { organisationId });
  const account = await lockedAccount(tx, organisationId, id);
  if (account.id === user.id) throw new AppError('ACCOUNT_OWN', { what: 'パスワード再発行', whatEn: 'reset the password of' });
  return issuePassword(tx, account, actorOf(user));
}

/** A new random password for this (locked) account: the old one, its sessions and its API tokens end. */
export async function issuePassword(tx: Tx, account: AccountRow, actor: Actor): Promise<IssuedPassword> {
  const password = randomPassword();
  const changedAt = new Date();
  await updateAccountRow(tx, account.id, { passwordHash: await hashPassword(password), passwordChangedAt: changedAt, passwordMustChange: true });
  await deleteSessionsOf(tx, account.id);
  const revoked = await revokeTokensOf(tx, account.id);
  // the hash is never written to the log; the reset, its time and the tokens it revoked are
  await recordAudit(
    tx,
    actor,
    'user.password_reset',
    { type: 'user', id: account.id },
    { passwordChangedAt: account.passwordChangedAt.toISOString() },
    { passwordChangedAt: changedAt.toISOString(), apiTokensRevoked: revoked },
  );
  return { password, tokensRevoked: revoked.length };
}
