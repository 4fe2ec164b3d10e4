// 本部 revokes one API token of an account of its organisation (a token that leaked, a script
// that should stop) without stopping the account itself.
import type { Tx } from '../db/client.js';
import type { SessionUser } from '../auth/policy.js';
import { assertCan } from '../auth/middleware.js';
import { AppError } from '../errors.js';
import { actorOf } from '../departments/department-input.js';
import { findApiToken } from '../api/api-tokens.repository.js';
import { revokeApiToken } from '../api/revoke-api-token.js';
import { lockedAccount } from './update-account.js';

export async function revokeTokenOf(tx: Tx, user: SessionUser, organisationId: number, accountId: number, tokenId: number): Promise<void> {
  assertCan(user, 'user:manage', { organisationId });
  const account = await lockedAccount(tx, organisationId, accountId);
  const token = await findApiToken(tx, tokenId);
  if (!token || token.userId !== account.id) throw new AppError('NOT_FOUND', { what: 'API トークン' });
  await revokeApiToken(tx, token.id, actorOf(user));
}
