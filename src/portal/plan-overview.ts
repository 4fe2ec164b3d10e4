// What the plan page shows of the latest published round: the items' grade distribution and the
// distribution of the grades the judgement engine gives the indicators in that fiscal year.
import type { Queryable } from '../db/client.js';
import { gradeDistribution } from '../domain/distribution.js';
import { evaluatePlan } from '../judgement/evaluate-plan.js';
import type { PlanItemLink } from '../judgement/judgement.repository.js';
import type { PlanOverview } from '../plans/plan-page.js';
import { countedGrade } from '../plans/publication.js';
import { publishedEntriesOfRound, publishedRounds, type PlanRef } from './portal.repository.js';

/** `items`: every item of the plan when the caller read them already (the plan page's tree). */
export async function planOverview(db: Queryable, plan: PlanRef, items?: readonly PlanItemLink[]): Promise<PlanOverview> {
  const published = await publishedRounds(db, plan.id);
  const latest = published[published.length - 1];
  if (!latest) return { latestFiscalYear: null, entryDistribution: null, indicatorDistribution: null, notApprovedCount: 0, publishedRoundCount: 0 };
  const rows = [...(await publishedEntriesOfRound(db, plan.id, latest.fiscalYear)).values()];
  const known = new Set(plan.scale.grades.map((g) => g.code));
  const grades = rows.filter((r) => r.approved).map(countedGrade).map((g) => (g !== null && known.has(g) ? g : null));
  const evaluation = await evaluatePlan(db, plan.code, latest.fiscalYear, { projection: false, publicOnly: true, plan, ...(items ? { items } : {}) });
  return {
    latestFiscalYear: latest.fiscalYear,
    entryDistribution: gradeDistribution(grades, plan.scale),
    indicatorDistribution: evaluation.distribution,
    notApprovedCount: rows.filter((r) => !r.approved).length,
    publishedRoundCount: published.length,
  };
}
