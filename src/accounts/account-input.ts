// What the account form says, read and checked: the fields of an account and what it acts for
// (its scope: 担当課 or 局 as departments, or whole plans), all of its own organisation.
import { z } from 'zod';
import type { Queryable } from '../db/client.js';
import { ROLES } from '../db/schema.js';
import { AppError } from '../errors.js';
import type { Role } from '../auth/policy.js';
import type { Form } from '../web/route-forms.js';
import { departmentsOf } from '../departments/departments.repository.js';
import { plansOfOrganisation } from './accounts.repository.js';

export const AccountFields = z.object({
  displayName: z.string({ error: '表示名を入力してください' }).trim().min(1, '表示名を入力してください').max(200, '表示名は200文字以内にしてください'),
  email: z
    .string({ error: 'メールアドレスの形式が正しくありません' })
    .trim()
    .max(320, 'メールアドレスが長すぎます')
    .refine((text) => text === '' || z.email().safeParse(text).success, 'メールアドレスの形式が正しくありません')
    .default('')
    .transform((text) => (text === '' ? null : text)),
  role: z.enum(ROLES, { error: '役割を選んでください' }),
});

export const NewAccountFields = AccountFields.extend({
  login: z
    .string({ error: 'ログイン名を入力してください' })
    .trim()
    .min(2, 'ログイン名は2文字以上にしてください')
    .max(100, 'ログイン名は100文字以内にしてください')
    .regex(/^\S+$/, 'ログイン名に空白は使えません'),
});

/** The roles whose permissions depend on a scope: the others act for the whole organisation. */
export const SCOPED_ROLES: readonly Role[] = ['editor', 'reviewer'];

/** The ids of the departments (`dept-ID`) and plans (`plan-ID`) ticked in the form. */
export function scopeOfForm(form: Form): { departmentIds: number[]; planIds: number[] } {
  const ids = (prefix: string) =>
    Object.keys(form)
      .flatMap((key) => (key.startsWith(prefix) && form[key] ? [Number(key.slice(prefix.length))] : []))
      .filter((id) => Number.isInteger(id) && id > 0)
      .sort((a, b) => a - b);
  return { departmentIds: ids('dept-'), planIds: ids('plan-') };
}

/**
 * The scope to store for this role: an editor or reviewer needs at least one department or plan,
 * each of this organisation; 本部 and 推進委員 act for everything, so none is kept for them.
 */
export async function checkedScope(db: Queryable, organisationId: number, role: Role, scope: { departmentIds: number[]; planIds: number[] }): Promise<{ departmentIds: number[]; planIds: number[] }> {
  if (!SCOPED_ROLES.includes(role)) return { departmentIds: [], planIds: [] };
  if (scope.departmentIds.length === 0 && scope.planIds.length === 0) {
    throw new AppError('INVALID_INPUT', { reason: '担当課・確認者には、担当する部署か計画を1つ以上選んでください' });
  }
  const departmentIds = new Set((await departmentsOf(db, organisationId)).map((d) => d.id));
  const planIds = new Set((await plansOfOrganisation(db, organisationId)).map((p) => p.id));
  if (!scope.departmentIds.every((id) => departmentIds.has(id)) || !scope.planIds.every((id) => planIds.has(id))) {
    throw new AppError('INVALID_INPUT', { reason: 'この団体にない部署か計画が選ばれています。ページを読み込み直してください' });
  }
  return scope;
}
