// Creates an account (CLI `shinchoku user add`, and later the admin screens).
import { z } from 'zod';
import type { Tx } from '../db/client.js';
import { ROLES } from '../db/schema.js';
import { AppError } from '../errors.js';
import { hashPassword, MIN_PASSWORD_LENGTH } from './password.js';
import { findDepartmentsByCode, findPlanIdsByCode, findUserByLogin, findOrganisationIdByCode, insertUser, type UserRow } from './users.repository.js';
import { addUserScope } from './sessions.repository.js';
import { recordAudit, type Actor } from '../system/audit.repository.js';

export const AddUserInput = z.object({
  login: z.string().trim().min(2).max(100).regex(/^\S+$/, 'ログイン名に空白は使えません'),
  displayName: z.string().trim().min(1).max(200),
  email: z.string().trim().email().optional(),
  role: z.string(),
  password: z.string(),
  organisationCode: z.string().optional(),
  /** Scope: department codes (an editor's 担当課, a reviewer's 局 — its 課 follow). */
  departments: z.array(z.string().trim().min(1)).default([]),
  /** Scope: whole plans, by code. */
  plans: z.array(z.string().trim().min(1)).default([]),
  /** The password was issued by 本部: the person sets their own at the first sign-in. */
  mustChangePassword: z.boolean().optional(),
});
export type AddUserInput = z.input<typeof AddUserInput>;

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
  const departmentCodes = input.departments ?? [];
  const planCodes = input.plans ?? [];
  const departmentIds = await findDepartmentsByCode(tx, departmentCodes, organisationId);
  for (const code of departmentCodes) {
    const ids = departmentIds.get(code) ?? [];
    if (ids.length === 0) throw new AppError('INVALID_INPUT', { reason: `部署コード「${code}」は登録されていません` });
    if (ids.length > 1) throw new AppError('INVALID_INPUT', { reason: `部署コード「${code}」は複数の団体にあります。--org で団体を指定してください` });
  }
  const planIds = await findPlanIdsByCode(tx, planCodes);
  for (const code of planCodes) if (!planIds.has(code)) throw new AppError('PLAN_NOT_FOUND', { code });
  const row = await insertUser(tx, {
    login: input.login,
    displayName: input.displayName,
    email: input.email ?? null,
    role: input.role,
    organisationId,
    passwordHash: await hashPassword(input.password),
    passwordMustChange: input.mustChangePassword ?? false,
  });
  for (const code of departmentCodes) await addUserScope(tx, row.id, { departmentId: departmentIds.get(code)?.[0] ?? 0 });
  for (const code of planCodes) await addUserScope(tx, row.id, { planId: planIds.get(code) ?? 0 });
  const { passwordHash: _hidden, ...visible } = row;
  await recordAudit(tx, actor, 'user.add', { type: 'user', id: row.id }, null, { ...visible, departments: departmentCodes, plans: planCodes });
  return visible;
}
