// What the plan page shows of the latest published round: the items' grade distribution and the
// distribution of the grades the judgement engine gives the indicators in that fiscal year.
import type { Queryable } from '../db/client.js';
import { and, eq } from 'drizzle-orm';
import { entries, rounds } from '../db/schema.js';
import { gradeDistribution } from '../domain/distribution.js';
import { evaluatePlan } from '../judgement/evaluate-plan.js';
import type { PlanItemLink } from '../judgement/judgement.repository.js';
import type { PlanOverview } from '../plans/plan-page.js';
import { publishedRounds, type PlanRef } from './portal.repository.js';

/** `items`: every item of the plan when the caller read them already (the plan page's tree). */
export async function planOverview(db: Queryable, plan: PlanRef, items?: readonly PlanItemLink[]): Promise<PlanOverview> {
  const published = await publishedRounds(db, plan.id);
  const latest = published[published.length - 1];
  if (!latest) return { latestFiscalYear: null, entryDistribution: null, indicatorDistribution: null, publishedRoundCount: 0 };
  const rows = await db
    .select({ finalGrade: entries.finalGrade, computedGrade: entries.computedGrade })
    .from(entries)
    .innerJoin(rounds, eq(rounds.id, entries.roundId))
    .where(and(eq(rounds.id, latest.id), eq(rounds.state, 'published')));
  const known = new Set(plan.scale.grades.map((g) => g.code));
  const grades = rows.map((r) => r.finalGrade ?? r.computedGrade).map((g) => (g !== null && known.has(g) ? g : null));
  const evaluation = await evaluatePlan(db, plan.code, latest.fiscalYear, { projection: false, publicOnly: true, plan, ...(items ? { items } : {}) });
  return {
    latestFiscalYear: latest.fiscalYear,
    entryDistribution: gradeDistribution(grades, plan.scale),
    indicatorDistribution: evaluation.distribution,
    publishedRoundCount: published.length,
  };
}
