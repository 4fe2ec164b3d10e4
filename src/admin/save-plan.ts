// Creates a plan (always as a draft: the public sees it only once it is set active) or edits
// its metadata: period, level names, upper plans, SDGs, scale, judgement defaults, status.
import { eq, sql } from 'drizzle-orm';
import { queryRows, type Tx } from '../db/client.js';
import { PLAN_STATUSES, plans, RATE_METHODS, type PlanSettings } from '../db/schema.js';
import type { RoundingMode } from '../domain/decimal.js';
import { AppError } from '../errors.js';
import { assertCan, assertInOrganisation } from '../auth/middleware.js';
import type { SessionUser } from '../auth/policy.js';
import { recordAudit } from '../system/audit.repository.js';
import { findOrganisation, findPlan, findScale, type PlanRow } from './admin.repository.js';
import { FormReader, type FormValues } from './form-reader.js';
import { assertUnchanged } from './plan-access.js';

export const PLAN_STATUS_LABELS: Readonly<Record<(typeof PLAN_STATUSES)[number], string>> = {
  draft: '策定中（非公開）',
  active: '推進中（公開）',
  finished: '計画期間終了（公開）',
  archived: '保存（公開）',
};

export const ROUNDING_LABELS: Readonly<Record<RoundingMode, string>> = {
  half_up: '四捨五入',
  down: '切り捨て',
  up: '切り上げ',
  half_even: '銀行丸め（偶数丸め）',
};

export const MAX_LEVELS = 5;

/** `existing` null = create; an edit form's `seen` (the plan's updated_at it showed) refuses a save over someone else's. */
export async function savePlan(tx: Tx, user: SessionUser, existing: PlanRow | null, values: FormValues): Promise<PlanRow> {
  const form = new FormReader(values);
  let organisationId: number;
  if (existing) {
    organisationId = existing.organisationId;
  } else {
    const organisation = await findOrganisation(tx, (values.organisation ?? '').trim());
    if (!organisation) throw new AppError('INVALID_INPUT', { reason: '「組織」を選んでください' });
    organisationId = organisation.id;
  }
  assertInOrganisation(user, organisationId, '組織');
  assertCan(user, 'plan:edit', { organisationId, ...(existing ? { planId: existing.id } : {}) });
  if (existing && values.seen !== undefined) {
    const [now] = await tx.select({ updatedAt: plans.updatedAt }).from(plans).where(eq(plans.id, existing.id)).for('update');
    assertUnchanged(now?.updatedAt, values.seen, { what: `計画「${existing.title}」の設定`, whatEn: `The settings of the plan "${existing.title}"` });
  }

  const code = existing ? existing.code : form.code('code', '計画コード');
  if (code === 'new') form.problem('計画コード「new」は画面の名前に使われているため使えません');
  const title = form.text('title', '計画の名称', { required: true, max: 200 }) ?? '';
  const shortTitle = form.text('shortTitle', '略称', { max: 100 });
  const description = form.text('description', '説明', { max: 4000 });
  const periodStartFy = form.fiscalYear('periodStart', '計画期間（初年度）', { required: true });
  const periodEndFy = form.fiscalYear('periodEnd', '計画期間（最終年度）', { required: true });
  if (periodStartFy !== null && periodEndFy !== null && periodEndFy < periodStartFy) form.problem('計画期間の最終年度は初年度以降にしてください');
  const levelNames: string[] = [];
  let gap = false;
  for (let i = 1; i <= MAX_LEVELS; i++) {
    const name = form.text(`level${i}`, `第${i}階層の名前`, { max: 30 });
    if (name === null) gap = true;
    else if (gap) form.problem(`第${i}階層の名前があるのに、その上の階層の名前が空です`);
    else levelNames.push(name);
  }
  if (levelNames.length === 0) form.problem('階層の名前を1つ以上入力してください（例: 分野・基本施策・事業）');
  if (existing) {
    const [deepest] = await queryRows<{ depth: number | null }>(tx, sql`SELECT max(depth) AS depth FROM plan_items WHERE plan_id = ${existing.id}`);
    const used = deepest?.depth === null || deepest?.depth === undefined ? 0 : Number(deepest.depth) + 1;
    if (levelNames.length > 0 && used > levelNames.length) form.problem(`項目が第${used}階層まであるため、階層の名前は${used}つ以上必要です`);
  }
  const upperPlans = (values.upperPlans ?? '').split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '');
  const sdgGoals = Array.from({ length: 17 }, (_, i) => i + 1).filter((n) => form.checked(`sdg-${n}`));
  const status = existing ? form.oneOf('status', '状態', PLAN_STATUSES, existing.status as (typeof PLAN_STATUSES)[number]) : 'draft';

  let scaleId: number | null = null;
  const scaleCode = (values.scale ?? '').trim();
  if (scaleCode !== '') {
    const scale = await findScale(tx, scaleCode);
    if (!scale || (scale.organisationId !== null && scale.organisationId !== organisationId)) form.problem('「評価尺度」を選び直してください');
    else scaleId = scale.id;
  }

  const settings: PlanSettings = { ...(existing?.settings ?? {}) };
  const rateMethod = (values.rateMethod ?? '').trim();
  if (rateMethod === '') delete settings.rateMethod;
  else settings.rateMethod = form.oneOf('rateMethod', '達成率の計算方法', RATE_METHODS);
  const decimals = form.integer('rateDecimals', '達成率の小数点以下の桁数', { min: 0, max: 4 });
  if (decimals === null) delete settings.rateDecimals;
  else settings.rateDecimals = decimals;
  settings.rounding = form.oneOf('rounding', '端数の処理', Object.keys(ROUNDING_LABELS) as RoundingMode[], 'half_up');
  const cap = form.decimal('rateCap', '達成率の上限');
  if (cap === null) delete settings.rateCap;
  else settings.rateCap = cap;
  const floor = form.decimal('rateFloor', '達成率の下限');
  if (floor === null) delete settings.rateFloor;
  else settings.rateFloor = floor;
  settings.judgePartialYear = form.checked('judgePartialYear');
  form.done();

  const fields = {
    title,
    shortTitle,
    description,
    periodStartFy: periodStartFy ?? 0,
    periodEndFy: periodEndFy ?? 0,
    levelNames,
    upperPlans,
    sdgGoals,
    scaleId,
    status,
    settings,
  };
  const actor = { id: user.id, label: user.login };
  if (!existing) {
    if (await findPlan(tx, code)) throw new AppError('CODE_TAKEN', { code, what: '別の計画' });
    const [row] = await tx.insert(plans).values({ organisationId, code, ...fields }).returning();
    if (!row) throw new AppError('INTERNAL');
    await recordAudit(tx, actor, 'plan.create', { type: 'plan', id: row.id }, null, row);
    return row;
  }
  const [row] = await tx.update(plans).set({ ...fields, updatedAt: new Date() }).where(eq(plans.id, existing.id)).returning();
  if (!row) throw new AppError('INTERNAL');
  await recordAudit(tx, actor, existing.status !== row.status ? 'plan.status' : 'plan.update', { type: 'plan', id: row.id }, existing, row);
  return row;
}
