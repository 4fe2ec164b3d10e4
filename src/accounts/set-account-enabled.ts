// Stops an account (退職・異動: it can no longer sign in, its sessions end at once, its API tokens
// stop working) or lets it sign in again. Nothing it did is removed: entries, comments and the
// audit log keep its name. One's own account cannot be stopped.
import type { Tx } from '../db/client.js';
import type { SessionUser } from '../auth/policy.js';
import { assertCan } from '../auth/middleware.js';
import { AppError } from '../errors.js';
import { recordAudit } from '../system/audit.repository.js';
import { deleteSessionsOf } from '../auth/sessions.repository.js';
import { actorOf } from '../departments/department-input.js';
import { updateAccountRow } from './accounts.repository.js';
import { lockedAccount } from './update-account.js';

export async function setAccountEnabled(tx: Tx, user: SessionUser, organisationId: number, id: number, enabled: boolean): Promise<void> {
  assertCan(user, 'user:manage', { organisationId });
  const account = await lockedAccount(tx, organisationId, id);
  if (account.id === user.id) throw new AppError('ACCOUNT_OWN', { what: '利用停止', whatEn: 'disable' });
  if ((account.disabledAt === null) === enabled) return;
  const disabledAt = enabled ? null : new Date();
  await updateAccountRow(tx, id, { disabledAt });
  if (!enabled) await deleteSessionsOf(tx, id);
  await recordAudit(tx, actorOf(user), enabled ? 'user.enable' : 'user.disable', { type: 'user', id }, { disabledAt: account.disabledAt?.toISOString() ?? null }, { disabledAt: disabledAt?.toISOString() ?? null });
}
