// Database access for plans and their items.
import { asc, eq, sql } from 'drizzle-orm';
import type { Queryable } from '../db/client.js';
import { organisations, plans, planItems } from '../db/schema.js';

export interface PlanSummary {
  code: string;
  title: string;
  organisationCode: string;
  organisationName: string;
  periodStartFy: number;
  periodEndFy: number;
  status: string;
  itemCount: number;
}

export async function listPlans(db: Queryable): Promise<PlanSummary[]> {
  const itemCount = db
    .select({ planId: planItems.planId, count: sql<number>`count(*)::int`.as('count') })
    .from(planItems)
    .groupBy(planItems.planId)
    .as('item_count');
  return db
    .select({
      code: plans.code,
      title: plans.title,
      organisationCode: organisations.code,
      organisationName: organisations.name,
      periodStartFy: plans.periodStartFy,
      periodEndFy: plans.periodEndFy,
      status: plans.status,
      itemCount: sql<number>`coalesce(${itemCount.count}, 0)`.mapWith(Number),
    })
    .from(plans)
    .innerJoin(organisations, eq(organisations.id, plans.organisationId))
    .leftJoin(itemCount, eq(itemCount.planId, plans.id))
    .orderBy(asc(organisations.code), asc(plans.periodStartFy), asc(plans.code));
}
