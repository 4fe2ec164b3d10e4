// A department is abolished on a date (廃止): it ends without a successor. Refused while it is
// the only owner of items of an active plan, or while current 課 sit under it: they would be
// left without a department.
import { z } from 'zod';
import type { Tx } from '../db/client.js';
import { AppError } from '../errors.js';
import type { SessionUser } from '../auth/policy.js';
import { recordAudit } from '../system/audit.repository.js';
import { dayBefore } from './department-history.js';
import { actorOf, assertAfterStart, assertCurrent, assertMayReorganise, auditView, IsoDate } from './department-input.js';
import { currentChildren, findDepartment, itemsOwnedOnlyBy, updateDepartment, type DepartmentRow } from './departments.repository.js';

export const AbolishDepartmentInput = z.object({
  /** The first day without the department. */
  date: IsoDate,
});
export type AbolishDepartmentInput = z.infer<typeof AbolishDepartmentInput>;

export async function abolishDepartment(
  tx: Tx,
  user: SessionUser,
  organisationId: number,
  departmentId: number,
  input: AbolishDepartmentInput,
): Promise<DepartmentRow> {
  assertMayReorganise(user, organisationId);
  const department = assertCurrent(await findDepartment(tx, organisationId, departmentId, { forUpdate: true }));
  assertAfterStart(department, input.date, { ja: '廃止', en: 'abolition' });
  const owned = await itemsOwnedOnlyBy(tx, department.id);
  if (owned.length > 0) {
    const shown = owned.slice(0, 3).map((i) => `${i.itemCode} ${i.itemName}`).join('、');
    throw new AppError('DEPARTMENT_STILL_OWNS_ITEMS', { name: department.name, count: owned.length, items: owned.length > 3 ? `${shown} ほか` : shown });
  }
  const children = await currentChildren(tx, department.id);
  if (children.length > 0) {
    throw new AppError('INVALID_INPUT', { reason: `「${department.name}」の下に現在の部署（${children.map((c) => c.name).join('、')}）があります。先にそれらを統合または廃止してください` });
  }
  const ended = await updateDepartment(tx, department.id, { validTo: dayBefore(input.date), endKind: 'abolish' });
  await recordAudit(tx, actorOf(user), 'department.abolish', { type: 'department', id: department.id }, auditView(department), auditView(ended));
  return ended;
}
