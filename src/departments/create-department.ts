// 本部 adds a department (局 or 課 …) to its organisation, valid from a date.
import { z } from 'zod';
import type { Tx } from '../db/client.js';
import { DEPARTMENT_KINDS } from '../db/schema.js';
import { AppError } from '../errors.js';
import type { SessionUser } from '../auth/policy.js';
import { recordAudit } from '../system/audit.repository.js';
import { actorOf, assertCurrent, assertMayReorganise, auditView, DepartmentCode, DepartmentName, IsoDate } from './department-input.js';
import { findDepartment, findDepartmentByCode, insertDepartment, type DepartmentRow } from './departments.repository.js';

export const CreateDepartmentInput = z.object({
  code: DepartmentCode,
  name: DepartmentName,
  kind: z.enum(DEPARTMENT_KINDS, { message: '種別を選んでください' }),
  parentId: z.union([z.literal('').transform(() => undefined), z.coerce.number().int().positive()]).optional(),
  validFrom: z.union([z.literal('').transform(() => undefined), IsoDate]).optional(),
});
export type CreateDepartmentInput = z.infer<typeof CreateDepartmentInput>;

export async function createDepartment(tx: Tx, user: SessionUser, organisationId: number, input: CreateDepartmentInput): Promise<DepartmentRow> {
  assertMayReorganise(user, organisationId);
  if (input.parentId !== undefined) assertCurrent(await findDepartment(tx, organisationId, input.parentId), '上位の部署');
  if (await findDepartmentByCode(tx, organisationId, input.code)) throw new AppError('CODE_TAKEN', { code: input.code, what: '部署' });
  const created = await insertDepartment(tx, {
    organisationId,
    code: input.code,
    name: input.name,
    kind: input.kind,
    parentId: input.parentId ?? null,
    validFrom: input.validFrom ?? null,
  });
  await recordAudit(tx, actorOf(user), 'department.create', { type: 'department', id: created.id }, null, auditView(created));
  return created;
}
