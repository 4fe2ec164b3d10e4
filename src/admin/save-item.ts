// Adds an item to a plan's tree (at the top or under a parent) or edits one: code, number as
// printed, name, texts, flags (重点 / 新規 / *), and the owning departments (主担当 / 共同).
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Tx } from '../db/client.js';
import { departments, itemDepartments, OWNERSHIP_ROLES, planItems } from '../db/schema.js';
import { AppError } from '../errors.js';
import type { SessionUser } from '../auth/policy.js';
import { recordAudit } from '../system/audit.repository.js';
import { findItem, ownersOfItem, type ItemRow, type PlanRow } from './admin.repository.js';
import { assertMayEditPlan, assertUnchanged } from './plan-access.js';
import { FormReader, type FormValues } from './form-reader.js';

export const ROLE_LABELS: Readonly<Record<(typeof OWNERSHIP_ROLES)[number], string>> = { lead: '主担当', joint: '共同' };

/**
 * `existing` null = add. Owners come as fields `dept-<id>` = lead | joint | (empty). The edit form
 * sends `seen`, the item's updated_at as it showed it: an item saved by someone else since is
 * refused (CHANGED_MEANWHILE) instead of overwritten.
 */
export async function saveItem(tx: Tx, user: SessionUser, plan: PlanRow, existing: ItemRow | null, values: FormValues): Promise<ItemRow> {
  assertMayEditPlan(user, plan);
  if (existing && values.seen !== undefined) {
    const [now] = await tx.select({ updatedAt: planItems.updatedAt }).from(planItems).where(eq(planItems.id, existing.id)).for('update');
    assertUnchanged(now?.updatedAt, values.seen, { what: `項目「${existing.name}」`, whatEn: `The item "${existing.name}"` });
  }
  const form = new FormReader(values);
  const code = form.text('code', '項目コード', { required: true, max: 60 }) ?? '';
  if (/[/?#\\]/.test(code)) form.problem('「項目コード」に / ? # \\ は使えません');
  const fields = {
    number: form.text('number', '番号（印刷どおり）', { max: 30 }),
    name: form.text('name', '名称', { required: true, max: 500 }) ?? '',
    description: form.text('description', '説明', { max: 10000 }),
    numericTargetText: form.text('numericTargetText', '数値目標等（原文どおり）', { max: 4000 }),
    isPriority: form.checked('isPriority'),
    isNew: form.checked('isNew'),
    isPartnerProject: form.checked('isPartnerProject'),
  };

  const owners: { departmentId: number; role: (typeof OWNERSHIP_ROLES)[number] }[] = [];
  for (const [key, value] of Object.entries(values)) {
    const m = /^dept-(\d+)$/.exec(key);
    if (!m?.[1] || value === '') continue;
    if (!(OWNERSHIP_ROLES as readonly string[]).includes(value)) form.problem('担当課の役割は「主担当」か「共同」を選んでください');
    else owners.push({ departmentId: Number(m[1]), role: value as (typeof OWNERSHIP_ROLES)[number] });
  }
  if (owners.length > 0) {
    const known = await tx.select({ id: departments.id }).from(departments).where(eq(departments.organisationId, plan.organisationId));
    const ids = new Set(known.map((k) => k.id));
    if (owners.some((o) => !ids.has(o.departmentId))) form.problem('担当課はこの計画の組織の部局から選んでください');
  }
  owners.sort((a, b) => (a.role === b.role ? 0 : a.role === 'lead' ? -1 : 1));

  let parent: ItemRow | null = null;
  if (!existing) {
    const parentCode = (values.parent ?? '').trim();
    if (parentCode !== '') {
      parent = (await findItem(tx, plan.id, parentCode)) ?? null;
      if (!parent) form.problem(`親項目「${parentCode}」はこの計画にありません`);
      else if (parent.depth + 1 >= plan.levelNames.length) {
        form.problem(`「${parent.code}」は最下層（${plan.levelNames[parent.depth] ?? ''}）のため、その下には追加できません`);
      }
    }
  }
  form.done();

  const clash = await findItem(tx, plan.id, code);
  if (clash && clash.id !== existing?.id) throw new AppError('CODE_TAKEN', { code, what: `項目「${clash.name}」` });
  const actor = { id: user.id, label: user.login };
  let row: ItemRow | undefined;
  if (!existing) {
    const [last] = await tx
      .select({ next: sql<number>`coalesce(max(${planItems.position}) + 1, 0)::int` })
      .from(planItems)
      .where(and(eq(planItems.planId, plan.id), parent ? eq(planItems.parentId, parent.id) : isNull(planItems.parentId)));
    [row] = await tx
      .insert(planItems)
      .values({ planId: plan.id, code, parentId: parent?.id ?? null, depth: parent ? parent.depth + 1 : 0, position: Number(last?.next ?? 0), ...fields })
      .returning();
  } else {
    [row] = await tx.update(planItems).set({ code, ...fields, updatedAt: new Date() }).where(eq(planItems.id, existing.id)).returning();
  }
  if (!row) throw new AppError('INTERNAL');
  const before = existing ? await ownersOfItem(tx, existing.id) : [];
  const keptText = new Map(before.map((o) => [o.departmentId, o.textAsWritten]));
  await tx.delete(itemDepartments).where(eq(itemDepartments.itemId, row.id));
  if (owners.length > 0) {
    await tx.insert(itemDepartments).values(owners.map((o, position) => ({ itemId: row.id, departmentId: o.departmentId, role: o.role, position, textAsWritten: keptText.get(o.departmentId) ?? null })));
  }
  await recordAudit(
    tx,
    actor,
    existing ? 'plan_item.update' : 'plan_item.create',
    { type: 'plan_item', id: row.id },
    existing ? { ...existing, owners: before.map((o) => ({ departmentId: o.departmentId, role: o.role })) } : null,
    { ...row, owners },
  );
  return row;
}
