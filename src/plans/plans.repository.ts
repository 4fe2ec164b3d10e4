// Database access for plans and their items.
import { asc, eq, sql } from 'drizzle-orm';
import type { Queryable } from '../db/client.js';
import { isPublicPlan } from './publication.js';
import { alias } from 'drizzle-orm/pg-core';
import { departments, evaluationScales, indicators, itemDepartments, organisations, plans, planItems, targets } from '../db/schema.js';
import { groupBy } from '../shared/group-by.js';

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

export type PlanRow = typeof plans.$inferSelect;

/** The plan with this code (any status: staff pages and commands decide who may see it). */
export async function findPlanByCode(db: Queryable, code: string): Promise<PlanRow | undefined> {
  const [row] = await db.select().from(plans).where(eq(plans.code, code));
  return row;
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
    .where(isPublicPlan(plans.status))
    .orderBy(asc(organisations.code), asc(plans.periodStartFy), asc(plans.code));
}

// ───────────────────────────── one plan with its whole tree ─────────────────────────────

export interface TreeTarget {
  kind: string;
  fiscalYear: number | null;
  value: string | null;
  bandLow: string | null;
  bandHigh: string | null;
  text: string | null;
  setBy: string;
  setByName: string | null;
}

export interface TreeIndicator {
  code: string;
  name: string;
  unit: string | null;
  aggregation: string;
  targets: TreeTarget[];
}

export interface TreeItem {
  id: number;
  code: string;
  number: string | null;
  name: string;
  description: string | null;
  numericTargetText: string | null;
  depth: number;
  isPriority: boolean;
  isNew: boolean;
  isPartnerProject: boolean;
  tags: string[];
  relistOf: { code: string; name: string } | null;
  relistKind: string | null;
  attributes: Record<string, unknown>;
  departments: { name: string; parentName: string | null; textAsWritten: string | null }[];
  indicators: TreeIndicator[];
  children: TreeItem[];
}

export interface PlanTree {
  plan: typeof plans.$inferSelect;
  organisation: { code: string; name: string };
  scaleName: string | null;
  roots: TreeItem[];
  counts: number[]; // items per depth, relistings excluded
  relistings: number;
}

export async function getPlanTree(db: Queryable, code: string): Promise<PlanTree | undefined> {
  const [found] = await db
    .select({ plan: plans, organisationCode: organisations.code, organisationName: organisations.name, scaleName: evaluationScales.name })
    .from(plans)
    .innerJoin(organisations, eq(organisations.id, plans.organisationId))
    .leftJoin(evaluationScales, eq(evaluationScales.id, plans.scaleId))
    .where(eq(plans.code, code));
  if (!found) return undefined;
  const planId = found.plan.id;
  const rows = await db.select().from(planItems).where(eq(planItems.planId, planId)).orderBy(asc(planItems.depth), asc(planItems.position));
  const parentDepartment = alias(departments, 'parent_department');
  // the department that carries the work today (current_id: renamed or merged since); the text as
  // written in the document names the owner only while that owner is still current
  const ownerAsWritten = alias(departments, 'owner_as_written');
  const owners = await db
    .select({
      itemId: itemDepartments.itemId,
      name: departments.name,
      parentName: parentDepartment.name,
      textAsWritten: sql<string | null>`CASE WHEN ${ownerAsWritten.currentId} IS NULL THEN ${itemDepartments.textAsWritten} END`,
    })
    .from(itemDepartments)
    .innerJoin(planItems, eq(planItems.id, itemDepartments.itemId))
    .innerJoin(ownerAsWritten, eq(ownerAsWritten.id, itemDepartments.departmentId))
    .innerJoin(departments, eq(departments.id, sql`coalesce(${ownerAsWritten.currentId}, ${ownerAsWritten.id})`))
    .leftJoin(parentDepartment, eq(parentDepartment.id, departments.parentId))
    .where(eq(planItems.planId, planId))
    .orderBy(asc(itemDepartments.itemId), asc(itemDepartments.position));
  const indicatorRows = await db.select().from(indicators).where(eq(indicators.planId, planId)).orderBy(asc(indicators.position));
  const targetRows = await db
    .select({ target: targets })
    .from(targets)
    .innerJoin(indicators, eq(indicators.id, targets.indicatorId))
    .where(eq(indicators.planId, planId))
    .orderBy(asc(targets.position));

  const targetsByIndicator = groupBy(targetRows.map((r) => r.target), (t) => t.indicatorId);
  const indicatorsByItem = groupBy(indicatorRows, (i) => i.itemId);
  const ownersByItem = groupBy(owners, (o) => o.itemId);
  const byId = new Map<number, TreeItem>();
  const byCode = new Map(rows.map((r) => [r.id, r]));
  const roots: TreeItem[] = [];
  const counts: number[] = [];
  let relistings = 0;
  for (const row of rows) {
    const relisted = row.relistOfId ? byCode.get(row.relistOfId) : undefined;
    const item: TreeItem = {
      id: row.id,
      code: row.code,
      number: row.number,
      name: row.name,
      description: row.description,
      numericTargetText: row.numericTargetText,
      depth: row.depth,
      isPriority: row.isPriority,
      isNew: row.isNew,
      isPartnerProject: row.isPartnerProject,
      tags: row.tags,
      relistOf: relisted ? { code: relisted.code, name: relisted.name } : null,
      relistKind: row.relistKind,
      attributes: row.attributes,
      // two owners merged into one department since are listed once
      departments: [...new Map((ownersByItem.get(row.id) ?? []).map(({ name, parentName, textAsWritten }) => [`${parentName ?? ''}|${name}|${textAsWritten ?? ''}`, { name, parentName, textAsWritten }])).values()],
      indicators: (indicatorsByItem.get(row.id) ?? []).map((i) => ({
        code: i.code,
        name: i.name,
        unit: i.unit,
        aggregation: i.aggregation,
        targets: (targetsByIndicator.get(i.id) ?? []).map((t) => ({
          kind: t.kind,
          fiscalYear: t.fiscalYear,
          value: t.value,
          bandLow: t.bandLow,
          bandHigh: t.bandHigh,
          text: t.text,
          setBy: t.setBy,
          setByName: t.setByName,
        })),
      })),
      children: [],
    };
    byId.set(row.id, item);
    if (row.relistOfId) relistings++;
    else counts[row.depth] = (counts[row.depth] ?? 0) + 1;
    if (row.parentId === null) roots.push(item);
    else byId.get(row.parentId)?.children.push(item);
  }
  return {
    plan: found.plan,
    organisation: { code: found.organisationCode, name: found.organisationName },
    scaleName: found.scaleName,
    roots,
    counts: Array.from(counts, (n) => n ?? 0),
    relistings,
  };
}
