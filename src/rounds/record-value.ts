// A script (or a person) records one figure of an indicator for a fiscal year: the text as
// written is read by the judgement library (「約4億9,600万円」「71.7%」「今後調査」), stored with its
// parsed value or missing reason, and audited. Same permission as the entry form: entry:edit on
// the departments owning the indicator's item (or the whole plan).
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Tx } from '../db/client.js';
import { indicators, itemDepartments, observations, OBSERVATION_KINDS, plans } from '../db/schema.js';
import { AppError } from '../errors.js';
import { isDomainError } from '../domain/errors.js';
import { parseJapaneseNumber } from '../domain/numbers.js';
import { inOrganisation, type SessionUser } from '../auth/policy.js';
import { assertCan } from '../auth/middleware.js';
import { recordAudit } from '../system/audit.repository.js';

export const RecordObservationInput = z.object({
  /** As written: 「3,679」「約4億9,600万円」「今後調査」「23（認定18、仮認定3）」. */
  text: z.string().trim().min(1).max(200),
  /** The date the figure stands for, when part of a year (ISO 8601). */
  asOf: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).nullable().default(null),
  note: z.string().max(2000).nullable().default(null),
});
export type RecordObservationInput = z.infer<typeof RecordObservationInput>;

export interface ObservationTarget {
  planCode: string;
  indicatorCode: string;
  fiscalYear: number;
  kind: (typeof OBSERVATION_KINDS)[number];
}

export async function recordObservation(tx: Tx, user: SessionUser, target: ObservationTarget, input: RecordObservationInput): Promise<{ created: boolean }> {
  const [indicator] = await tx
    .select({ id: indicators.id, itemId: indicators.itemId, unit: indicators.unit, planId: plans.id, organisationId: plans.organisationId })
    .from(indicators)
    .innerJoin(plans, eq(plans.id, indicators.planId))
    .where(and(eq(plans.code, target.planCode), eq(indicators.code, target.indicatorCode)));
  if (!indicator || !inOrganisation(user, indicator.organisationId)) throw new AppError('INDICATOR_NOT_FOUND', { plan: target.planCode, code: target.indicatorCode });
  const owners = await tx.select({ id: itemDepartments.departmentId }).from(itemDepartments).where(eq(itemDepartments.itemId, indicator.itemId));
  assertCan(user, 'entry:edit', { departmentIds: owners.map((o) => o.id), planId: indicator.planId, organisationId: indicator.organisationId }, 'この指標の入力');

  let parsed: ReturnType<typeof parseJapaneseNumber>;
  try {
    parsed = parseJapaneseNumber(input.text);
  } catch (error) {
    if (isDomainError(error)) throw new AppError('INVALID_INPUT', { reason: `text: ${error.message}` });
    throw error;
  }
  const written =
    parsed.kind === 'value'
      ? {
          value: parsed.value.toString(),
          missingReason: null,
          unit: parsed.unit ?? indicator.unit,
          approximate: parsed.approximate,
          parts: parsed.parts ? parsed.parts.map((p) => ({ label: p.label, value: p.value.toString() })) : null,
          asOf: input.asOf ?? parsed.asOf ?? null,
        }
      : { value: null, missingReason: parsed.reason, unit: indicator.unit, approximate: false, parts: null, asOf: input.asOf };
  const values = { ...written, text: parsed.text, note: input.note, source: 'API', recordedBy: user.id, recordedAt: new Date() };

  const [before] = await tx
    .select()
    .from(observations)
    .where(and(eq(observations.indicatorId, indicator.id), eq(observations.fiscalYear, target.fiscalYear), eq(observations.kind, target.kind)))
    .for('update');
  const [after] = await tx
    .insert(observations)
    .values({ indicatorId: indicator.id, fiscalYear: target.fiscalYear, kind: target.kind, ...values })
    .onConflictDoUpdate({ target: [observations.indicatorId, observations.fiscalYear, observations.kind], set: values })
    .returning();
  if (!after) throw new Error('observation upsert returned no row');
  const summary = (o: typeof after) => ({ indicator: target.indicatorCode, fiscalYear: o.fiscalYear, kind: o.kind, text: o.text, value: o.value, missingReason: o.missingReason });
  await recordAudit(tx, { id: user.id, label: user.login }, before ? 'observation.update' : 'observation.create', { type: 'observation', id: after.id }, before ? summary(before) : null, summary(after));
  return { created: !before };
}
