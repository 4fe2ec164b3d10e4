// 本部 records a version of a plan (策定, 中間見直し …) with its adoption date: a snapshot of the
// plan's structure as it is now. The first version describes the plan as it stands.
import { z } from 'zod';
import type { Tx } from '../db/client.js';
import { AppError } from '../errors.js';
import type { SessionUser } from '../auth/policy.js';
import { assertCan } from '../auth/middleware.js';
import { recordAudit } from '../system/audit.repository.js';
import { IsoDate } from '../departments/department-input.js';
import { snapshotPlan } from './plan-snapshot.js';
import { insertVersion, lockPlan, nextVersionNumber, type PlanVersionRow } from './versions.repository.js';

export const CreatePlanVersionInput = z.object({
  name: z.string().trim().min(1, '版の名前（策定、中間見直し など）を入力してください').max(200, '版の名前は200文字以内にしてください'),
  adoptedOn: IsoDate,
  note: z.string().trim().max(4000, '備考は4000文字以内にしてください').optional().transform((v) => (v ? v : null)),
});
export type CreatePlanVersionInput = z.infer<typeof CreatePlanVersionInput>;

export async function createPlanVersion(tx: Tx, user: SessionUser, planId: number, input: CreatePlanVersionInput): Promise<PlanVersionRow> {
  const plan = await lockPlan(tx, planId);
  if (!plan) throw new AppError('NOT_FOUND', { what: '計画' });
  assertCan(user, 'plan:edit', { planId: plan.id, organisationId: plan.organisationId });
  const number = await nextVersionNumber(tx, plan.id);
  const snapshot = await snapshotPlan(tx, plan.code, plan.id);
  const version = await insertVersion(tx, { planId: plan.id, number, name: input.name, adoptedOn: input.adoptedOn, note: input.note, snapshot, createdBy: user.id });
  await recordAudit(tx, { id: user.id, label: user.login }, 'plan.version', { type: 'plan', id: plan.id }, null, {
    number,
    name: input.name,
    adoptedOn: input.adoptedOn,
    items: snapshot.items.length,
    indicators: snapshot.indicators.length,
  });
  return version;
}
