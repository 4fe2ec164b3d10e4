// What the judgement after an import reads: the plan's rounds, and which entries exist for items.
import { and, asc, eq, inArray, notInArray } from 'drizzle-orm';
import type { Queryable } from '../db/client.js';
import { entries, planItems, rounds } from '../db/schema.js';

export interface PlanRound {
  id: number;
  fiscalYear: number;
  state: string;
}

export async function roundsOfPlan(db: Queryable, planId: number): Promise<PlanRound[]> {
  return db.select({ id: rounds.id, fiscalYear: rounds.fiscalYear, state: rounds.state }).from(rounds).where(eq(rounds.planId, planId)).orderBy(asc(rounds.fiscalYear));
}

/** Entries of these items in the plan's rounds that are not locked (not 確定 or 公表). */
export async function openEntriesOfItems(db: Queryable, planId: number, itemCodes: readonly string[]): Promise<{ roundId: number; itemCode: string }[]> {
  if (itemCodes.length === 0) return [];
  return db
    .select({ roundId: entries.roundId, itemCode: planItems.code })
    .from(entries)
    .innerJoin(rounds, eq(rounds.id, entries.roundId))
    .innerJoin(planItems, eq(planItems.id, entries.itemId))
    .where(and(eq(rounds.planId, planId), notInArray(rounds.state, ['closed', 'published']), inArray(planItems.code, [...itemCodes])))
    .orderBy(asc(rounds.fiscalYear), asc(planItems.code));
}
