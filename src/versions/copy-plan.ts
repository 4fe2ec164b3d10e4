// Copy a plan to start its successor (プラン2021 → プラン2026): the item tree with its flags and
// departments (named by today's departments), optionally its indicators and targets — never
// observations, rounds or entries. Each new item continues the item it was copied from
// (continues_item_id), so a 事業 keeps one history across plans. The new plan is a draft, its
// predecessor the old plan, and its version 1 (策定) is recorded.
import { z } from 'zod';
import type { Tx } from '../db/client.js';
import { AppError } from '../errors.js';
import type { SessionUser } from '../auth/policy.js';
import { assertCan } from '../auth/middleware.js';
import { recordAudit } from '../system/audit.repository.js';
import { IsoDate } from '../departments/department-input.js';
import { createPlanVersion } from './create-plan-version.js';
import {
  currentOwnersOf,
  indicatorsWithTargets,
  insertIndicator,
  insertItem,
  insertOwners,
  insertPlan,
  insertTargets,
  itemsInTreeOrder,
  planCodeTaken,
  setRelistOf,
} from './copy-plan.repository.js';
import { findPlan } from './versions.repository.js';

const FiscalYear = z.coerce.number({ message: '年度は西暦の数字で入力してください（例: 2026）' }).int('年度は整数で入力してください').min(1900, '年度は1900〜2200で入力してください').max(2200, '年度は1900〜2200で入力してください');

export const CopyPlanInput = z
  .object({
    code: z.string().trim().regex(/^[a-z0-9][a-z0-9-]*$/, '計画コードは半角小文字の英数字と - で入力してください（例: sendai-2026）').max(100, '計画コードは100文字以内にしてください'),
    title: z.string().trim().min(1, '計画の名称を入力してください').max(300, '計画の名称は300文字以内にしてください'),
    periodStartFy: FiscalYear,
    periodEndFy: FiscalYear,
    withIndicators: z.preprocess((v) => v === true || v === 'on' || v === '1', z.boolean()),
    /** The adoption date of version 1 (策定); default: the first day of the period. */
    adoptedOn: z.union([z.literal('').transform(() => undefined), IsoDate]).optional(),
  })
  .refine((x) => x.periodEndFy >= x.periodStartFy, { message: '計画期間の終わりは始まり以降の年度にしてください', path: ['periodEndFy'] });
export type CopyPlanInput = z.infer<typeof CopyPlanInput>;

export interface CopyPlanResult {
  plan: { id: number; code: string };
  items: number;
  indicators: number;
  targets: number;
}

export async function copyPlan(tx: Tx, user: SessionUser, fromCode: string, input: CopyPlanInput): Promise<CopyPlanResult> {
  const from = await findPlan(tx, fromCode);
  if (!from) throw new AppError('PLAN_NOT_FOUND', { code: fromCode });
  assertCan(user, 'plan:edit', { planId: from.id, organisationId: from.organisationId });
  if (await planCodeTaken(tx, input.code)) throw new AppError('CODE_TAKEN', { code: input.code, what: '計画' });

  const plan = await insertPlan(tx, {
    organisationId: from.organisationId,
    code: input.code,
    title: input.title,
    description: from.description,
    periodStartFy: input.periodStartFy,
    periodEndFy: input.periodEndFy,
    upperPlans: from.upperPlans,
    sdgGoals: from.sdgGoals,
    levelNames: from.levelNames,
    scaleId: from.scaleId,
    status: 'draft',
    settings: from.settings,
    source: { copiedFrom: from.code },
    predecessorId: from.id,
  });

  // items level by level; retired items (and what is under them) do not continue
  const oldItems = await itemsInTreeOrder(tx, from.id);
  const newIdOf = new Map<number, number>();
  for (const item of oldItems) {
    if (item.retiredAt !== null) continue;
    const parentId = item.parentId === null ? null : newIdOf.get(item.parentId);
    if (parentId === undefined) continue; // under a retired item
    newIdOf.set(item.id, await insertItem(tx, {
      planId: plan.id,
      parentId,
      code: item.code,
      depth: item.depth,
      position: item.position,
      number: item.number,
      name: item.name,
      description: item.description,
      numericTargetText: item.numericTargetText,
      isPriority: item.isPriority,
      isNew: false, // 新規 describes the old plan; the new plan marks its own new items
      isPartnerProject: item.isPartnerProject,
      tags: item.tags,
      attributes: item.attributes,
      continuesItemId: item.id,
    }));
  }
  for (const item of oldItems) {
    const id = newIdOf.get(item.id);
    const relistOf = item.relistOfId === null ? undefined : newIdOf.get(item.relistOfId);
    if (id !== undefined && relistOf !== undefined && item.relistKind) await setRelistOf(tx, id, relistOf, item.relistKind);
  }

  // owners: today's departments; two old owners merged into one become one owner
  const owners = await currentOwnersOf(tx, [...newIdOf.keys()]);
  const seen = new Set<string>();
  const ownerRows = owners.flatMap((o) => {
    const itemId = newIdOf.get(o.itemId);
    const key = `${itemId}|${o.departmentId}`;
    if (itemId === undefined || seen.has(key)) return [];
    seen.add(key);
    return [{ itemId, departmentId: o.departmentId, position: o.position, role: o.role, textAsWritten: o.unchanged ? o.textAsWritten : null }];
  });
  await insertOwners(tx, ownerRows);

  let indicatorCount = 0;
  let targetCount = 0;
  if (input.withIndicators) {
    for (const { indicator, targets } of await indicatorsWithTargets(tx, from.id)) {
      const itemId = newIdOf.get(indicator.itemId);
      if (itemId === undefined) continue;
      const { id: _id, createdAt: _createdAt, planId: _planId, itemId: _itemId, ...values } = indicator;
      const indicatorId = await insertIndicator(tx, { ...values, planId: plan.id, itemId });
      await insertTargets(tx, targets.map(({ id: _tid, indicatorId: _iid, ...t }) => ({ ...t, indicatorId })));
      indicatorCount += 1;
      targetCount += targets.length;
    }
  }

  const result = { plan: { id: plan.id, code: plan.code }, items: newIdOf.size, indicators: indicatorCount, targets: targetCount };
  await recordAudit(tx, { id: user.id, label: user.login }, 'plan.copy', { type: 'plan', id: plan.id }, { from: from.code }, { ...result, withIndicators: input.withIndicators });
  await createPlanVersion(tx, user, plan.id, {
    name: '策定',
    adoptedOn: input.adoptedOn ?? `${input.periodStartFy}-04-01`,
    note: `計画「${from.title}」（${from.code}）を複製して作成`,
  });
  return result;
}
