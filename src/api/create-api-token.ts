// Creates a per-user API token for scripts. The token is shown once; the database keeps its hash.
import { z } from 'zod';
import type { Tx } from '../db/client.js';
import { AppError } from '../errors.js';
import { newToken } from '../auth/sessions.repository.js';
import { recordAudit, type Actor } from '../system/audit.repository.js';
import { findEnabledUser, insertApiToken } from './api-tokens.repository.js';

export const TOKEN_PREFIX = 'shk_';

export const CreateApiTokenInput = z.object({
  login: z.string().min(2).max(100),
  name: z.string().trim().min(1).max(100),
  /** Days until it expires; null = never. */
  days: z.number().int().min(1).max(3650).nullable().default(90),
});
export type CreateApiTokenInput = z.input<typeof CreateApiTokenInput>;

export interface CreatedApiToken {
  id: number;
  token: string;
  login: string;
  expiresAt: Date | null;
}

export async function createApiToken(tx: Tx, input: CreateApiTokenInput, actor: Actor): Promise<CreatedApiToken> {
  const { login, name, days } = CreateApiTokenInput.parse(input);
  const user = await findEnabledUser(tx, login);
  if (!user) throw new AppError('API_USER_NOT_FOUND', { login });
  const token = `${TOKEN_PREFIX}${newToken()}`;
  const expiresAt = days === null ? null : new Date(Date.now() + days * 86_400_000);
  const row = await insertApiToken(tx, { userId: user.id, name, token, prefix: token.slice(0, 10), expiresAt });
  await recordAudit(tx, actor, 'api_token.create', { type: 'api_token', id: row.id }, null, { user: login, name, prefix: row.tokenPrefix, expiresAt: expiresAt?.toISOString() ?? null });
  return { id: row.id, token, login, expiresAt };
}
