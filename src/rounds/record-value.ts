// Records one figure of an indicator for a fiscal year (実績・見込・状況): the command every way
// in calls — the entry form (save-entry.ts), the API (PUT …/observations/{fiscalYear}/{kind}) and
// through them scripts. The text as written is read by the judgement library (「約4億9,600万円」
// 「71.7%」「今後調査」) and stored with its parsed value or missing reason, and audited. Who may
// write which year is value-rules.ts; the import checks its rows with the same rule.
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Tx } from '../db/client.js';
import { entries, indicators, itemDepartments, observations, OBSERVATION_KINDS, planItems, plans, rounds } from '../db/schema.js';
import { AppError } from '../errors.js';
import { d } from '../domain/decimal.js';
import { isDomainError } from '../domain/errors.js';
import { parseJapaneseNumber } from '../domain/numbers.js';
import { can, inOrganisation, type SessionUser } from '../auth/policy.js';
import { assertCan } from '../auth/middleware.js';
import { recordAudit } from '../system/audit.repository.js';
import { assertValueWritable } from './value-rules.js';

export const RecordValueInput = z.object({
  /** As written: 「3,679」「約4億9,600万円」「今後調査」「23（認定18、仮認定3）」. */
  text: z.string().trim().min(1).max(200),
  /** The date the figure stands for, when part of a year (ISO 8601). */
  asOf: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().slice(0, 10) === s, '実在しない日付です')
    .nullable()
    .default(null),
  note: z.string().max(2000).nullable().default(null),
});
export type RecordValueInput = z.infer<typeof RecordValueInput>;

export interface ValueTarget {
  planCode: string;
  indicatorCode: string;
  fiscalYear: number;
  kind: (typeof OBSERVATION_KINDS)[number];
}

export interface RecordedValue {
  created: boolean;
  /** False when the figure was stored already exactly so (nothing written, nothing audited). */
  changed: boolean;
}

/** The indicator a value is written to, in the user's organisation, with its item and plan. */
export async function loadValueIndicator(tx: Tx, user: SessionUser, target: ValueTarget) {
  const [indicator] = await tx
    .select({ id: indicators.id, itemId: indicators.itemId, itemName: planItems.name, unit: indicators.unit, planId: plans.id, organisationId: plans.organisationId })
    .from(indicators)
    .innerJoin(plans, eq(plans.id, indicators.planId))
    .innerJoin(planItems, eq(planItems.id, indicators.itemId))
    .where(and(eq(plans.code, target.planCode), eq(indicators.code, target.indicatorCode)));
  if (!indicator || !inOrganisation(user, indicator.organisationId)) throw new AppError('INDICATOR_NOT_FOUND', { plan: target.planCode, code: target.indicatorCode });
  return indicator;
}

/** The columns of an observation from the text as written (and the as-of date and note given beside it). */
export function readFigure(input: RecordValueInput, indicatorUnit: string | null) {
  let parsed: ReturnType<typeof parseJapaneseNumber>;
  try {
    parsed = parseJapaneseNumber(input.text);
  } catch (error) {
    if (isDomainError(error)) throw new AppError('VALUE_UNREADABLE', { text: input.text, reason: error.message });
    throw error;
  }
  const columns =
    parsed.kind === 'value'
      ? {
          value: parsed.value.toString(),
          missingReason: null,
          unit: parsed.unit ?? indicatorUnit,
          approximate: parsed.approximate,
          parts: parsed.parts ? parsed.parts.map((p) => ({ label: p.label, value: p.value.toString() })) : null,
          asOf: input.asOf ?? parsed.asOf ?? null,
          note: input.note ?? parsed.note ?? null,
        }
      : { value: null, missingReason: parsed.reason, unit: indicatorUnit, approximate: false, parts: null, asOf: input.asOf, note: input.note };
  return { columns: { ...columns, text: parsed.text }, typedUnit: parsed.kind === 'value' ? parsed.unit : null };
}

/** The stored observation of the target, locked for the write. */
export async function lockedObservation(tx: Tx, indicatorId: number, target: ValueTarget) {
  const [row] = await tx
    .select()
    .from(observations)
    .where(and(eq(observations.indicatorId, indicatorId), eq(observations.fiscalYear, target.fiscalYear), eq(observations.kind, target.kind)))
    .for('update');
  return row;
}

export async function recordValue(tx: Tx, user: SessionUser, target: ValueTarget, input: RecordValueInput, source = 'API'): Promise<RecordedValue> {
  const indicator = await loadValueIndicator(tx, user, target);
  const owners = await tx.select({ id: itemDepartments.departmentId }).from(itemDepartments).where(eq(itemDepartments.itemId, indicator.itemId));
  assertCan(user, 'entry:edit', { departmentIds: owners.map((o) => o.id), planId: indicator.planId, organisationId: indicator.organisationId }, 'この指標の入力');
  const { columns: written, typedUnit } = readFigure(input, indicator.unit);

  const before = await lockedObservation(tx, indicator.id, target);
  const same = (x: string | null, y: string | null) => x === y || (x !== null && y !== null && d(x).equals(y));
  if (before && before.text === written.text && same(before.value, written.value) && before.missingReason === written.missingReason && before.asOf === written.asOf && before.note === written.note) {
    return { created: false, changed: false };
  }

  const [round] = await tx.select({ id: rounds.id, state: rounds.state }).from(rounds).where(and(eq(rounds.planId, indicator.planId), eq(rounds.fiscalYear, target.fiscalYear)));
  const [entry] = round
    ? await tx.select({ state: entries.state }).from(entries).where(and(eq(entries.roundId, round.id), eq(entries.itemId, indicator.itemId))).for('update')
    : [];
  assertValueWritable({
    fiscalYear: target.fiscalYear,
    itemName: indicator.itemName,
    planWide: can(user, 'round:manage', { planId: indicator.planId, organisationId: indicator.organisationId }),
    round: round ?? null,
    entry: entry ?? null,
    text: written.text,
    typedUnit,
    indicatorUnit: indicator.unit,
  });

  const values = { ...written, source, recordedBy: user.id, recordedAt: new Date() };
  const [after] = await tx
    .insert(observations)
    .values({ indicatorId: indicator.id, fiscalYear: target.fiscalYear, kind: target.kind, ...values })
    .onConflictDoUpdate({ target: [observations.indicatorId, observations.fiscalYear, observations.kind], set: values })
    .returning();
  if (!after) throw new Error('observation upsert returned no row');
  await recordAudit(tx, { id: user.id, label: user.login }, before ? 'observation.update' : 'observation.create', { type: 'observation', id: after.id }, before ? valueSummary(target, before) : null, valueSummary(target, after));
  return { created: !before, changed: true };
}

export function valueSummary(target: ValueTarget, o: { fiscalYear: number; kind: string; text: string; value: string | null; missingReason: string | null }) {
  return { indicator: target.indicatorCode, fiscalYear: o.fiscalYear, kind: o.kind, text: o.text, value: o.value, missingReason: o.missingReason };
}
