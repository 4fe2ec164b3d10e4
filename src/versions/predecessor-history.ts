// The history of an item across plans: the item of the predecessor plan it continues, with that
// item's published grades, for the item page (「前計画での経過」). Published rounds only.
import { isPublicEntry } from '../plans/publication.js';
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

/** The history of the predecessor item an item continues (`continuesItemId`: its plan_items.continues_item_id). */
export async function predecessorHistory(db: Queryable, continuesItemId: number | null): Promise<PredecessorHistory | null> {
  if (continuesItemId === null) return null;
  const [previous] = await db
    .select({ id: planItems.id, itemCode: planItems.code, itemName: planItems.name, planCode: plans.code, planTitle: plans.title, planStatus: plans.status })
    .from(planItems)
    .innerJoin(plans, eq(plans.id, planItems.planId))
    .where(eq(planItems.id, continuesItemId));
  if (!previous || previous.planStatus === 'draft') return null;
  const graded = await db
    .select({ fiscalYear: rounds.fiscalYear, finalGrade: entries.finalGrade, selfGrade: entries.selfGrade, computedGrade: entries.computedGrade })
    .from(entries)
    .innerJoin(rounds, eq(rounds.id, entries.roundId))
    .where(and(eq(entries.itemId, previous.id), isPublicEntry(entries.state, rounds.state)))
    .orderBy(asc(rounds.fiscalYear));
  return { planCode: previous.planCode, planTitle: previous.planTitle, itemCode: previous.itemCode, itemName: previous.itemName, rounds: graded };
}
