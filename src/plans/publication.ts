// What the public may see of a plan's figures: the one rule every public reader applies
// (portal pages, open data, API, reports, the plan-change triggers).
//
// The rule itself is written once, in SQL (migration 0013: shinchoku_entry_is_public and
// shinchoku_observation_is_public), and called from here; `entryIsPublic` is its twin for rows
// already in memory (a plan dataset), checked against the SQL function by publication.test.ts.
//
// - An entry (self-grade, narratives) is public once its round is published and it is approved.
//   An entry of a published round that was never approved is shown as 未承認, never as data.
// - A value typed into a round is public on the same terms: the round of its fiscal year is
//   published and the entry of its indicator's item in that round is approved. Values recorded
//   before any round of their year existed (the plan's documents) are public.
import { sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import { queryRows, type Queryable } from '../db/client.js';

/**
 * SQL condition: the plan is public. A plan being written (status 'draft', 策定中) is not shown
 * on any public page until an admin sets it active; finished and archived plans stay public.
 */
export function isPublicPlan(status: SQLWrapper): SQL {
  return sql`${status} <> 'draft'`;
}

/** SQL condition: an entry (its state and its round's state) is public. */
export function isPublicEntry(entryState: SQLWrapper, roundState: SQLWrapper): SQL {
  return sql`shinchoku_entry_is_public(${roundState}, ${entryState})`;
}

/** The same rule for rows in memory (a plan dataset: reports, exports). */
export function entryIsPublic(roundState: string, entryState: string): boolean {
  return roundState === 'published' && entryState === 'approved';
}

/** What the public reads in place of an entry of a published round that was not approved. */
export const NOT_APPROVED_LABEL = '未承認';

/**
 * The grade an entry counts with, everywhere (distributions, the latest grade, open data, API):
 * the final grade 本部 decided when approving (the department's own by default), else the
 * department's self-grade, else the computed one (entries carried in with a plan's past rounds).
 */
export function countedGrade(entry: { finalGrade: string | null; selfGrade: string | null; computedGrade: string | null }): string | null {
  return entry.finalGrade ?? entry.selfGrade ?? entry.computedGrade;
}

/** SQL twin of countedGrade over an entries alias. */
export function countedGradeSql(entry: string): SQL {
  return sql.raw(`coalesce(${entry}.final_grade, ${entry}.self_grade, ${entry}.computed_grade)`);
}

/** SQL condition: the observation (its indicator, fiscal year and recorded-at columns) of a plan is a draft. */
export function isDraftObservation(observation: { indicatorId: SQLWrapper; fiscalYear: SQLWrapper; recordedAt: SQLWrapper }, planId: SQLWrapper): SQL {
  return sql`NOT shinchoku_observation_is_public(${planId}, ${observation.indicatorId}, ${observation.fiscalYear}, ${observation.recordedAt})`;
}

/** Draft observations of a plan, as keys `indicatorId|fiscalYear|kind`. */
export async function draftObservationKeys(db: Queryable, planId: number): Promise<Set<string>> {
  const rows = await queryRows<{ indicator_id: number; fiscal_year: number; kind: string }>(
    db,
    sql`SELECT o.indicator_id, o.fiscal_year, o.kind
          FROM observations o JOIN indicators i ON i.id = o.indicator_id
         WHERE i.plan_id = ${planId} AND ${isDraftObservation({ indicatorId: sql`o.indicator_id`, fiscalYear: sql`o.fiscal_year`, recordedAt: sql`o.recorded_at` }, sql`i.plan_id`)}`,
  );
  return new Set(rows.map((r) => `${r.indicator_id}|${r.fiscal_year}|${r.kind}`));
}
