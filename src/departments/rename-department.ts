// A department is renamed on a date (4月1日の組織改正): the old row ends the day before and a new
// row carries the new name, under the same 局. Items keep naming the old row; the chain
// (successor, current_id) tells every reader who carries the work now. Current 課 under a
// renamed 局 move to the new 局 row; ended ones keep the 局 of their time.
import { z } from 'zod';
import type { Tx } from '../db/client.js';
import { AppError } from '../errors.js';
import type { SessionUser } from '../auth/policy.js';
import { recordAudit } from '../system/audit.repository.js';
import { dayBefore } from './department-history.js';
import { actorOf, assertAfterStart, assertCurrent, assertMayReorganise, auditView, DepartmentCode, DepartmentName, IsoDate } from './department-input.js';
import {
  findDepartment,
  findDepartmentByCode,
  insertDepartment,
  refreshCurrentIds,
  reparentCurrentChildren,
  updateDepartment,
  type DepartmentRow,
} from './departments.repository.js';

export const RenameDepartmentInput = z.object({
  name: DepartmentName,
  code: DepartmentCode,
  /** The first day of the new name. */
  date: IsoDate,
});
export type RenameDepartmentInput = z.infer<typeof RenameDepartmentInput>;

/** The code suggested for the new row: the old code and the year of the change (shimin-kyodo-2026). */
export function suggestedCode(department: Pick<DepartmentRow, 'code'>, date: string): string {
  return `${department.code}-${date.slice(0, 4)}`;
}

export async function renameDepartment(
  tx: Tx,
  user: SessionUser,
  organisationId: number,
  departmentId: number,
  input: RenameDepartmentInput,
): Promise<{ ended: DepartmentRow; successor: DepartmentRow }> {
  assertMayReorganise(user, organisationId);
  const old = assertCurrent(await findDepartment(tx, organisationId, departmentId, { forUpdate: true }));
  assertAfterStart(old, input.date, { ja: '名称変更', en: 'rename' });
  if (input.name === old.name) throw new AppError('INVALID_INPUT', { reason: '新しい名称が今の名称と同じです' });
  if (await findDepartmentByCode(tx, organisationId, input.code)) throw new AppError('CODE_TAKEN', { code: input.code, what: '部署' });
  const successor = await insertDepartment(tx, {
    organisationId,
    code: input.code,
    name: input.name,
    kind: old.kind,
    parentId: old.parentId,
    validFrom: input.date,
  });
  const ended = await updateDepartment(tx, old.id, { validTo: dayBefore(input.date), endKind: 'rename', successorId: successor.id });
  const movedChildren = await reparentCurrentChildren(tx, old.id, successor.id);
  await refreshCurrentIds(tx, organisationId);
  await recordAudit(tx, actorOf(user), 'department.rename', { type: 'department', id: old.id }, auditView(old), {
    ...auditView(ended),
    successor: auditView(successor),
    ...(movedChildren.length > 0 ? { movedChildren } : {}),
  });
  return { ended, successor };
}
