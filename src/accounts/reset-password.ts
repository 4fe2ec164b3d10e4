// Gives an account a new random password (the person forgot theirs), returned once to be handed
// over; their sessions end, and signed in with it they set their own first. One's own password is changed on /account/password instead.
import type { Tx } from '../db/client.js';
import type { SessionUser } from '../auth/policy.js';
import { assertCan } from '../auth/middleware.js';
import { AppError } from '../errors.js';
import { recordAudit } from '../system/audit.repository.js';
import { deleteSessionsOf } from '../auth/sessions.repository.js';
import { hashPassword, randomPassword } from '../auth/password.js';
import { actorOf } from '../departments/department-input.js';
import { updateAccountRow } from './accounts.repository.js';
import { lockedAccount } from './update-account.js';

export async function resetPassword(tx: Tx, user: SessionUser, organisationId: number, id: number): Promise<string> {
  assertCan(user, 'user:manage', { organisationId });
  const account = await lockedAccount(tx, organisationId, id);
  if (account.id === user.id) throw new AppError('ACCOUNT_OWN', { what: 'パスワード再発行', whatEn: 'reset the password of' });
  const password = randomPassword();
  const changedAt = new Date();
  await updateAccountRow(tx, id, { passwordHash: await hashPassword(password), passwordChangedAt: changedAt, passwordMustChange: true });
  await deleteSessionsOf(tx, id);
  // the hash is never written to the log; the reset and its time are
  await recordAudit(tx, actorOf(user), 'user.password_reset', { type: 'user', id }, { passwordChangedAt: account.passwordChangedAt.toISOString() }, { passwordChangedAt: changedAt.toISOString() });
  return password;
}
