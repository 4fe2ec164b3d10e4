// Adds or edits a target of an indicator. The admin types the target as the plan writes it
// (「令和7年度までに800団体」「754団体の20%増」); empty numbers are filled in from that text.
import { eq, sql } from 'drizzle-orm';
import type { Tx } from '../db/client.js';
import { TARGET_KINDS, TARGET_SOURCES, targets } from '../db/schema.js';
import { d } from '../domain/decimal.js';
import { AppError } from '../errors.js';
import type { SessionUser } from '../auth/policy.js';
import { recordAudit } from '../system/audit.repository.js';
import type { IndicatorRow, PlanRow, TargetRow } from './admin.repository.js';
import { assertMayEditPlan, assertUnchanged } from './plan-access.js';
import { rowFingerprint } from '../shared/fingerprint.js';
import { FormReader, type FormValues } from './form-reader.js';
import { readTargetText } from './target-text.js';

export const TARGET_KIND_LABELS: Readonly<Record<(typeof TARGET_KINDS)[number], string>> = {
  by_year: '年度までに（例: 令和7年度までに800団体）',
  every_year_min: '毎年度 … 以上',
  every_year_max: '毎年度 … 以下',
  maintain: '維持（範囲）',
  percent_change: '増減率（例: 754団体の20%増）',
  qualitative: '定性的（数値なし）',
};

export const TARGET_SOURCE_LABELS: Readonly<Record<(typeof TARGET_SOURCES)[number], string>> = {
  this_plan: 'この計画',
  action_plan: '実施計画・アクションプラン',
  strategic_vision: '総合計画・戦略ビジョン',
  upper_plan: '上位計画',
  other: 'その他',
};

export interface TargetFields {
  kind: (typeof TARGET_KINDS)[number];
  fiscalYear: number | null;
  value: string | null;
  bandLow: string | null;
  bandHigh: string | null;
  changePercent: string | null;
  text: string | null;
  setBy: (typeof TARGET_SOURCES)[number];
  setByName: string | null;
  notes: string | null;
}

/** The target's fields from the form, with what was read from the text (for the hint). */
export function readTargetForm(form: FormReader): { fields: TargetFields; reading: string | null } {
  const text = form.text('text', '目標（原文どおり）', { max: 2000 });
  const fields: TargetFields = {
    kind: form.oneOf('kind', '目標の種類', TARGET_KINDS, 'by_year'),
    fiscalYear: form.fiscalYear('fiscalYear', '目標年度'),
    value: form.decimal('value', '目標値'),
    bandLow: form.decimal('bandLow', '範囲の下限'),
    bandHigh: form.decimal('bandHigh', '範囲の上限'),
    changePercent: form.decimal('changePercent', '増減率（%）'),
    text,
    setBy: form.oneOf('setBy', '目標を定めた計画', TARGET_SOURCES, 'this_plan'),
    setByName: form.text('setByName', '目標を定めた計画の名称', { max: 300 }),
    notes: form.text('notes', '備考', { max: 2000 }),
  };
  let reading: string | null = null;
  if (text !== null && fields.kind !== 'qualitative') {
    const read = readTargetText(text);
    reading = read.reading;
    if (fields.value === null && (form.values.value ?? '').trim() === '' && read.value !== null) fields.value = read.value;
    if (fields.fiscalYear === null && (form.values.fiscalYear ?? '').trim() === '' && read.fiscalYear !== null) fields.fiscalYear = read.fiscalYear;
    if (fields.changePercent === null && read.changePercent !== null && fields.kind === 'percent_change') fields.changePercent = read.changePercent;
  }
  if (fields.kind !== 'qualitative' && fields.value === null && fields.bandLow === null && fields.bandHigh === null) {
    form.problem('「目標値」を入力するか、目標（原文どおり）に数値を書いてください（定性的な目標は種類「定性的」）');
  }
  if ((fields.kind === 'by_year' || fields.kind === 'percent_change') && fields.fiscalYear === null) {
    form.problem('「目標年度」を入力してください（例: 令和7年度、2025）');
  }
  if (fields.bandLow !== null && fields.bandHigh !== null && d(fields.bandLow).greaterThan(d(fields.bandHigh))) {
    form.problem('範囲の下限は上限以下にしてください');
  }
  return { fields, reading };
}

/** `existing` null = add to `indicator`; an edit form's `seen` (the fingerprint of the target it showed) refuses a save over someone else's. */
export async function saveTarget(tx: Tx, user: SessionUser, plan: PlanRow, indicator: IndicatorRow, existing: TargetRow | null, values: FormValues): Promise<TargetRow> {
  assertMayEditPlan(user, plan);
  if (existing && existing.indicatorId !== indicator.id) throw new AppError('NOT_FOUND', { what: '目標' });
  if (existing && values.seen !== undefined) {
    const [now] = await tx.select().from(targets).where(eq(targets.id, existing.id)).for('update');
    assertUnchanged(now ? rowFingerprint(now) : undefined, values.seen, { what: `指標「${indicator.name}」の目標`, whatEn: `A target of the indicator "${indicator.name}"` });
  }
  const form = new FormReader(values);
  const { fields } = readTargetForm(form);
  form.done();
  let row: TargetRow | undefined;
  if (!existing) {
    const [last] = await tx.select({ next: sql<number>`coalesce(max(${targets.position}) + 1, 0)::int` }).from(targets).where(eq(targets.indicatorId, indicator.id));
    [row] = await tx.insert(targets).values({ indicatorId: indicator.id, position: Number(last?.next ?? 0), ...fields }).returning();
  } else {
    [row] = await tx.update(targets).set(fields).where(eq(targets.id, existing.id)).returning();
  }
  if (!row) throw new AppError('INTERNAL');
  await recordAudit(tx, { id: user.id, label: user.login }, existing ? 'target.update' : 'target.create', { type: 'target', id: row.id }, existing ?? null, { ...row, indicatorCode: indicator.code });
  return row;
}

export async function deleteTarget(tx: Tx, user: SessionUser, plan: PlanRow, indicator: IndicatorRow, existing: TargetRow): Promise<void> {
  assertMayEditPlan(user, plan);
  if (existing.indicatorId !== indicator.id) throw new AppError('NOT_FOUND', { what: '目標' });
  await tx.delete(targets).where(eq(targets.id, existing.id));
  await recordAudit(tx, { id: user.id, label: user.login }, 'target.delete', { type: 'target', id: existing.id }, { ...existing, indicatorCode: indicator.code }, null);
}
