// Creates an account (CLI `shinchoku user add`, and later the admin screens).
import { z } from 'zod';
import type { Tx } from '../db/client.js';
import { ROLES } from '../db/schema.js';
import { AppError } from '../errors.js';
import { hashPassword, MIN_PASSWORD_LENGTH } from './password.js';
import { findUserByLogin, findOrganisationIdByCode, insertUser, type UserRow } from './users.repository.js';
import { recordAudit, type Actor } from '../system/audit.repository.js';

export const AddUserInput = z.object({
  login: z.string().trim().min(2).max(100).regex(/^\S+$/, 'ログイン名に空白は使えません'),
  displayName: z.string().trim().min(1).max(200),
  email: z.string().trim().email().optional(),
  role: z.string(),
  password: z.string(),
  organisationCode: z.string().optional(),
});
export type AddUserInput = z.infer<typeof AddUserInput>;

export type Role = (typeof ROLES)[number];

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** The user as the outside world may see it: never the password hash. */
export type PublicUser = Omit<UserRow, 'passwordHash'>;

export async function addUser(tx: Tx, input: AddUserInput, actor: Actor): Promise<PublicUser> {
  if (!isRole(input.role)) throw new AppError('UNKNOWN_ROLE', { role: input.role, allowed: ROLES.join(', ') });
  if ([...input.password].length < MIN_PASSWORD_LENGTH) throw new AppError('PASSWORD_TOO_WEAK', { min: MIN_PASSWORD_LENGTH });
  if (await findUserByLogin(tx, input.login)) throw new AppError('USER_EXISTS', { login: input.login });
  let organisationId: number | null = null;
  if (input.organisationCode) {
    const found = await findOrganisationIdByCode(tx, input.organisationCode);
    if (found === undefined) throw new AppError('UNKNOWN_ORGANISATION', { code: input.organisationCode });
    organisationId = found;
  }
  const row = await insertUser(tx, {
    login: input.login,
    displayName: input.displayName,
    email: input.email ?? null,
    role: input.role,
    organisationId,
    passwordHash: await hashPassword(input.password),
  });
  const { passwordHash: _hidden, ...visible } = row;
  await recordAudit(tx, actor, 'user.add', { type: 'user', id: row.id }, null, visible);
  return visible;
}
