// 本部 opens a round for a plan and fiscal year, with its deadlines (state 準備).
import { z } from 'zod';
import type { Tx } from '../db/client.js';
import { AppError } from '../errors.js';
import { formatFiscalYear, parseFiscalYear } from '../domain/wareki.js';
import { isDomainError } from '../domain/errors.js';
import { inOrganisation, type SessionUser } from '../auth/policy.js';
import { assertCan } from '../auth/middleware.js';
import { recordAudit } from '../system/audit.repository.js';
import { findPlanByCode, findRoundOfPlanYear, insertRound, type RoundRow } from './rounds.repository.js';

const isoDate = z.string().trim().regex(/^\d{4}-\d{2}-\d{2}$/, '日付はYYYY-MM-DDで入力してください').optional().or(z.literal('').transform(() => undefined));

export const OpenRoundInput = z.object({
  plan: z.string().trim().min(1, '計画を選んでください'),
  /** 令和3年度, R3, 2021 … anything the wareki reader accepts. */
  fiscalYear: z.string().trim().min(1, '年度を入力してください'),
  entryDeadline: isoDate,
  reviewDeadline: isoDate,
  publishDeadline: isoDate,
});
export type OpenRoundInput = z.infer<typeof OpenRoundInput>;

export async function openRound(tx: Tx, user: SessionUser, input: OpenRoundInput): Promise<RoundRow> {
  assertCan(user, 'round:manage');
  const plan = await findPlanByCode(tx, input.plan);
  // another organisation's plan is answered as unknown, not as forbidden
  if (!plan || !inOrganisation(user, plan.organisationId)) throw new AppError('PLAN_NOT_FOUND', { code: input.plan });
  let fiscalYear: number;
  try {
    fiscalYear = parseFiscalYear(input.fiscalYear);
  } catch (error) {
    if (isDomainError(error)) throw new AppError('INVALID_INPUT', { reason: `年度「${input.fiscalYear}」: ${error.message}` });
    throw error;
  }
  // a round evaluates a year of the plan's period (令和10年度 on a 令和3–7 plan is a slip)
  if (fiscalYear < plan.periodStartFy || fiscalYear > plan.periodEndFy) {
    throw new AppError('ROUND_YEAR_OUTSIDE_PLAN', { year: formatFiscalYear(fiscalYear), period: `${formatFiscalYear(plan.periodStartFy)}〜${formatFiscalYear(plan.periodEndFy)}` });
  }
  const deadlines = [input.entryDeadline, input.reviewDeadline, input.publishDeadline].filter((x): x is string => x !== undefined);
  if (deadlines.some((x, i) => i > 0 && x < (deadlines[i - 1] ?? ''))) {
    throw new AppError('INVALID_INPUT', { reason: '期限は 入力 ≦ 確認 ≦ 公表 の順にしてください' });
  }
  if (await findRoundOfPlanYear(tx, plan.id, fiscalYear)) {
    throw new AppError('ROUND_EXISTS', { plan: plan.title, year: formatFiscalYear(fiscalYear) });
  }
  const round = await insertRound(tx, {
    planId: plan.id,
    fiscalYear,
    state: 'preparing',
    entryDeadline: input.entryDeadline ?? null,
    reviewDeadline: input.reviewDeadline ?? null,
    publishDeadline: input.publishDeadline ?? null,
  });
  await recordAudit(tx, { id: user.id, label: user.login }, 'round.open', { type: 'round', id: round.id }, null, round);
  return round;
}
