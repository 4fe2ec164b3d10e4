// Adds an indicator to an item or edits one: code, name, unit, direction, aggregation, rate
// method (or the plan's default), baseline (value, fiscal year, text as written), 参考指標.
import { and, eq, sql } from 'drizzle-orm';
import type { Tx } from '../db/client.js';
import { AGGREGATIONS, DIRECTIONS, indicators, RATE_METHODS } from '../db/schema.js';
import { parseJapaneseNumber } from '../domain/numbers.js';
import { AppError } from '../errors.js';
import type { SessionUser } from '../auth/policy.js';
import { recordAudit } from '../system/audit.repository.js';
import type { IndicatorRow, ItemRow, PlanRow } from './admin.repository.js';
import { assertMayEditPlan, assertUnchanged } from './plan-access.js';
import { rowFingerprint } from '../shared/fingerprint.js';
import { FormReader, type FormValues } from './form-reader.js';

export const DIRECTION_LABELS: Readonly<Record<(typeof DIRECTIONS)[number], string>> = { up: '上昇（高いほどよい）', down: '低下（低いほどよい）', maintain: '維持' };
export const AGGREGATION_LABELS: Readonly<Record<(typeof AGGREGATIONS)[number], string>> = { annual: '単年度', cumulative: '累計' };

/** The indicator's fields from the form; problems are collected in `form`. */
export function readIndicatorForm(form: FormReader) {
  const values = form.values;
  const baselineText = form.text('baselineText', '基準値（原文どおり）', { max: 500 });
  let baselineValue = form.decimal('baselineValue', '基準値');
  if (baselineValue === null && baselineText !== null && (values.baselineValue ?? '').trim() === '') {
    try {
      const parsed = parseJapaneseNumber(baselineText);
      if (parsed.kind === 'value') baselineValue = parsed.value.toFixed();
    } catch {
      // left empty: the admin types the value
    }
  }
  const rateMethod = (values.rateMethod ?? '').trim();
  return {
    code: form.text('code', '指標コード', { required: true, max: 60 }) ?? '',
    name: form.text('name', '指標名', { required: true, max: 500 }) ?? '',
    unit: form.text('unit', '単位', { max: 20 }),
    direction: form.oneOf('direction', '方向', DIRECTIONS, 'up'),
    aggregation: form.oneOf('aggregation', '集計', AGGREGATIONS, 'annual'),
    rateMethod: rateMethod === '' ? null : form.oneOf('rateMethod', '達成率の計算方法', RATE_METHODS),
    baselineValue,
    baselineFy: form.fiscalYear('baselineFy', '基準年度'),
    baselineText,
    isReference: form.checked('isReference'),
    source: form.text('source', '出典', { max: 500 }),
    notes: form.text('notes', '備考', { max: 4000 }),
  };
}

/** `existing` null = add to `item`; an edit form's `seen` (the fingerprint of the indicator it showed) refuses a save over someone else's. */
export async function saveIndicator(tx: Tx, user: SessionUser, plan: PlanRow, item: ItemRow, existing: IndicatorRow | null, values: FormValues): Promise<IndicatorRow> {
  assertMayEditPlan(user, plan);
  if (existing && values.seen !== undefined) {
    const [now] = await tx.select().from(indicators).where(eq(indicators.id, existing.id)).for('update');
    assertUnchanged(now ? rowFingerprint(now) : undefined, values.seen, { what: `指標「${existing.name}」`, whatEn: `The indicator "${existing.name}"` });
  }
  const form = new FormReader(values);
  const fields = readIndicatorForm(form);
  if (/[/?\\]/.test(fields.code)) form.problem('「指標コード」に / ? \\ は使えません');
  form.done();
  const [clash] = await tx.select().from(indicators).where(and(eq(indicators.planId, plan.id), eq(indicators.code, fields.code)));
  if (clash && clash.id !== existing?.id) throw new AppError('CODE_TAKEN', { code: fields.code, what: `指標「${clash.name}」` });
  let row: IndicatorRow | undefined;
  if (!existing) {
    const [last] = await tx.select({ next: sql<number>`coalesce(max(${indicators.position}) + 1, 0)::int` }).from(indicators).where(eq(indicators.itemId, item.id));
    [row] = await tx.insert(indicators).values({ planId: plan.id, itemId: item.id, position: Number(last?.next ?? 0), ...fields }).returning();
  } else {
    [row] = await tx.update(indicators).set(fields).where(eq(indicators.id, existing.id)).returning();
  }
  if (!row) throw new AppError('INTERNAL');
  await recordAudit(tx, { id: user.id, label: user.login }, existing ? 'indicator.update' : 'indicator.create', { type: 'indicator', id: row.id }, existing ?? null, row);
  return row;
}
