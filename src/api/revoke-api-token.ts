// Revokes an API token: it stops working at once; the row stays for the audit trail.
import type { Tx } from '../db/client.js';
import { AppError } from '../errors.js';
import { recordAudit, type Actor } from '../system/audit.repository.js';
import { findApiToken, markRevoked } from './api-tokens.repository.js';

export async function revokeApiToken(tx: Tx, id: number, actor: Actor): Promise<void> {
  const existing = await findApiToken(tx, id);
  if (!existing) throw new AppError('API_TOKEN_NOT_FOUND', { id });
  const revoked = await markRevoked(tx, id);
  if (revoked) {
    await recordAudit(tx, actor, 'api_token.revoke', { type: 'api_token', id }, { revokedAt: null }, { revokedAt: revoked.revokedAt?.toISOString() ?? null });
  }
}
