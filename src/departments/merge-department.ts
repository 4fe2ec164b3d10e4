// A department is merged into another on a date (統合): it ends the day before, its successor is
// the department it joins, and every department whose chain passes through it now leads there.
import { z } from 'zod';
import type { Tx } from '../db/client.js';
import { AppError } from '../errors.js';
import type { SessionUser } from '../auth/policy.js';
import { recordAudit } from '../system/audit.repository.js';
import { dayBefore } from './department-history.js';
import { actorOf, assertAfterStart, assertCurrent, assertMayReorganise, auditView, IsoDate } from './department-input.js';
import { findDepartment, refreshCurrentIds, reparentCurrentChildren, updateDepartment, type DepartmentRow } from './departments.repository.js';

export const MergeDepartmentInput = z.object({
  into: z.coerce.number({ message: '統合先を選んでください' }).int().positive('統合先を選んでください'),
  /** The first day the merged department's work belongs to the other one. */
  date: IsoDate,
});
export type MergeDepartmentInput = z.infer<typeof MergeDepartmentInput>;

export async function mergeDepartment(
  tx: Tx,
  user: SessionUser,
  organisationId: number,
  departmentId: number,
  input: MergeDepartmentInput,
): Promise<{ ended: DepartmentRow; into: DepartmentRow }> {
  assertMayReorganise(user, organisationId);
  const merged = assertCurrent(await findDepartment(tx, organisationId, departmentId, { forUpdate: true }));
  if (input.into === merged.id) throw new AppError('INVALID_INPUT', { reason: '統合先に同じ部署は選べません' });
  const into = assertCurrent(await findDepartment(tx, organisationId, input.into), '統合先の部署');
  if (into.parentId === merged.id) throw new AppError('INVALID_INPUT', { reason: `「${into.name}」は「${merged.name}」の下の部署なので統合先にできません` });
  assertAfterStart(merged, input.date, { ja: '統合', en: 'merge' });
  const ended = await updateDepartment(tx, merged.id, { validTo: dayBefore(input.date), endKind: 'merge', successorId: into.id });
  const movedChildren = await reparentCurrentChildren(tx, merged.id, into.id);
  await refreshCurrentIds(tx, organisationId);
  await recordAudit(tx, actorOf(user), 'department.merge', { type: 'department', id: merged.id }, auditView(merged), {
    ...auditView(ended),
    into: auditView(into),
    ...(movedChildren.length > 0 ? { movedChildren } : {}),
  });
  return { ended, into };
}
