// Changes an account's name, mail address, role and scope (人事異動: the editor moves to another
// 課). Scopes are read at every request, so the change holds from the person's next page on.
import type { Tx } from '../db/client.js';
import type { SessionUser } from '../auth/policy.js';
import { assertCan } from '../auth/middleware.js';
import { AppError } from '../errors.js';
import { recordAudit } from '../system/audit.repository.js';
import { actorOf } from '../departments/department-input.js';
import { checkedScope, type AccountFields } from './account-input.js';
import { findAccount, replaceScopes, updateAccountRow, type Account } from './accounts.repository.js';
import type { z } from 'zod';
import { rowFingerprint } from '../shared/fingerprint.js';

/** The fields of an account an audit row keeps (never the password hash). */
export function accountAuditView(account: Account) {
  return {
    login: account.login,
    displayName: account.displayName,
    email: account.email,
    role: account.role,
    disabledAt: account.disabledAt?.toISOString() ?? null,
    departments: account.scopes.flatMap((s) => (s.departmentId !== null ? [s.label] : [])),
    plans: account.scopes.flatMap((s) => (s.planId !== null ? [s.label] : [])),
  };
}

/**
 * A short fingerprint of the account as a form showed it: saving a form whose account changed
 * since (another 本部 saved it, stopped it) is refused instead of overwriting that change.
 */
export function accountFingerprint(account: Account): string {
  return rowFingerprint(accountAuditView(account));
}

/** The account of the organisation, locked; 404 when it is not one of its accounts. */
export async function lockedAccount(tx: Tx, organisationId: number, id: number): Promise<Account> {
  const account = await findAccount(tx, organisationId, id, { forUpdate: true });
  if (!account) throw new AppError('NOT_FOUND', { what: 'アカウント' });
  return account;
}

export async function updateAccount(
  tx: Tx,
  user: SessionUser,
  organisationId: number,
  id: number,
  fields: z.output<typeof AccountFields>,
  requested: { departmentIds: number[]; planIds: number[] },
  /** The fingerprint of the account the form showed. */
  seen: string,
): Promise<void> {
  assertCan(user, 'user:manage', { organisationId });
  const before = await lockedAccount(tx, organisationId, id);
  if (seen !== accountFingerprint(before)) throw new AppError('ACCOUNT_CHANGED', { login: before.login });
  if (before.id === user.id && fields.role !== before.role) throw new AppError('ACCOUNT_OWN', { what: '役割の変更', whatEn: 'change the role of' });
  const scope = await checkedScope(tx, organisationId, fields.role, requested);
  await updateAccountRow(tx, id, { displayName: fields.displayName, email: fields.email, role: fields.role });
  await replaceScopes(tx, id, scope);
  const after = await lockedAccount(tx, organisationId, id);
  await recordAudit(tx, actorOf(user), 'user.update', { type: 'user', id }, accountAuditView(before), accountAuditView(after));
}
