// What the public may see of a plan's figures: the one rule every public reader applies
// (portal pages, open data, API, reports).
//
// A value typed into a round that is not yet published is a draft: it belongs to a fiscal year
// whose round exists, is not published, and was recorded at or after that round was created.
// Values from the plan's documents (loaded before any round) and values of published rounds
// are public.
import { sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import { queryRows, type Queryable } from '../db/client.js';

/**
 * SQL condition: the plan is public. A plan being written (status 'draft', 策定中) is not shown
 * on any public page until an admin sets it active; finished and archived plans stay public.
 */
export function isPublicPlan(status: SQLWrapper): SQL {
  return sql`${status} <> 'draft'`;
}

/** SQL condition: the observation (its fiscal year and recorded-at columns) of a plan is a draft. */
export function isDraftObservation(observation: { fiscalYear: SQLWrapper; recordedAt: SQLWrapper }, planId: SQLWrapper): SQL {
  return sql`EXISTS (SELECT 1 FROM rounds draft_round
                      WHERE draft_round.plan_id = ${planId}
                        AND draft_round.fiscal_year = ${observation.fiscalYear}
                        AND draft_round.state <> 'published'
                        AND ${observation.recordedAt} >= draft_round.created_at)`;
}

/** Draft observations of a plan, as keys `indicatorId|fiscalYear|kind`. */
export async function draftObservationKeys(db: Queryable, planId: number): Promise<Set<string>> {
  const rows = await queryRows<{ indicator_id: number; fiscal_year: number; kind: string }>(
    db,
    sql`SELECT o.indicator_id, o.fiscal_year, o.kind
          FROM observations o JOIN indicators i ON i.id = o.indicator_id
         WHERE i.plan_id = ${planId} AND ${isDraftObservation({ fiscalYear: sql`o.fiscal_year`, recordedAt: sql`o.recorded_at` }, sql`i.plan_id`)}`,
  );
  return new Set(rows.map((r) => `${r.indicator_id}|${r.fiscal_year}|${r.kind}`));
}
