// The history of an item across plans: the item of the predecessor plan it continues, with that
// item's published grades, for the item page (「前計画での経過」). Published rounds only.
import { and, asc, eq } from 'drizzle-orm';
import type { Queryable } from '../db/client.js';
import { entries, planItems, plans, rounds } from '../db/schema.js';

export interface PredecessorHistory {
  planCode: string;
  planTitle: string;
  itemCode: string;
  itemName: string;
  rounds: { fiscalYear: number; finalGrade: string | null; selfGrade: string | null; computedGrade: string | null }[];
}

export async function predecessorHistory(db: Queryable, itemId: number): Promise<PredecessorHistory | null> {
  const [link] = await db.select({ continuesItemId: planItems.continuesItemId }).from(planItems).where(eq(planItems.id, itemId));
  if (!link?.continuesItemId) return null;
  const [previous] = await db
    .select({ id: planItems.id, itemCode: planItems.code, itemName: planItems.name, planCode: plans.code, planTitle: plans.title, planStatus: plans.status })
    .from(planItems)
    .innerJoin(plans, eq(plans.id, planItems.planId))
    .where(eq(planItems.id, link.continuesItemId));
  if (!previous || previous.planStatus === 'draft') return null;
  const graded = await db
    .select({ fiscalYear: rounds.fiscalYear, finalGrade: entries.finalGrade, selfGrade: entries.selfGrade, computedGrade: entries.computedGrade })
    .from(entries)
    .innerJoin(rounds, eq(rounds.id, entries.roundId))
    .where(and(eq(entries.itemId, previous.id), eq(rounds.state, 'published')))
    .orderBy(asc(rounds.fiscalYear));
  return { planCode: previous.planCode, planTitle: previous.planTitle, itemCode: previous.itemCode, itemName: previous.itemName, rounds: graded };
}
