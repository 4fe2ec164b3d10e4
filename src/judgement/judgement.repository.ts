// Loads what judging a plan needs: its settings and scale, every indicator with its targets and
// observations, and the item tree (for distributions per 分野).
import { asc, eq, inArray } from 'drizzle-orm';
import type { Queryable } from '../db/client.js';
import { evaluationScales, indicators, observations, planItems, plans, targets } from '../db/schema.js';
import { SCALES, type Scale } from '../domain/scales.js';
import type { IndicatorData, PlanJudgementContext } from './indicator-year.js';

export interface PlanJudgementData {
  plan: { id: number; code: string; title: string; levelNames: string[] };
  context: PlanJudgementContext;
  /** True when the plan names no scale and the mechanical S/A/B/C/− scale is used. */
  defaultScale: boolean;
  indicators: (IndicatorData & { itemCode: string; itemName: string; fieldCode: string; fieldName: string })[];
}

export async function loadPlanJudgementData(db: Queryable, planCode: string): Promise<PlanJudgementData | undefined> {
  const [found] = await db.select({ plan: plans, scale: evaluationScales }).from(plans).leftJoin(evaluationScales, eq(evaluationScales.id, plans.scaleId)).where(eq(plans.code, planCode));
  if (!found) return undefined;
  const { plan } = found;
  const scale: Scale = found.scale
    ? { id: found.scale.code, name: found.scale.name, description: found.scale.description ?? '', grades: found.scale.grades, rule: found.scale.rule }
    : SCALES['mechanical-sabc'];

  const items = await db.select({ id: planItems.id, code: planItems.code, name: planItems.name, parentId: planItems.parentId }).from(planItems).where(eq(planItems.planId, plan.id));
  const itemById = new Map(items.map((i) => [i.id, i]));
  const fieldOf = (id: number) => {
    let item = itemById.get(id);
    while (item?.parentId != null) item = itemById.get(item.parentId);
    return item;
  };

  const indicatorRows = await db.select().from(indicators).where(eq(indicators.planId, plan.id)).orderBy(asc(indicators.position), asc(indicators.id));
  const ids = indicatorRows.map((i) => i.id);
  const targetRows = ids.length ? await db.select().from(targets).where(inArray(targets.indicatorId, ids)).orderBy(asc(targets.position), asc(targets.id)) : [];
  const observationRows = ids.length ? await db.select().from(observations).where(inArray(observations.indicatorId, ids)).orderBy(asc(observations.fiscalYear)) : [];

  return {
    plan: { id: plan.id, code: plan.code, title: plan.title, levelNames: plan.levelNames },
    context: { periodStartFy: plan.periodStartFy, settings: plan.settings, scale },
    defaultScale: !found.scale,
    indicators: indicatorRows.map((row) => {
      const item = itemById.get(row.itemId);
      const field = fieldOf(row.itemId);
      return {
        code: row.code,
        name: row.name,
        unit: row.unit,
        direction: row.direction,
        aggregation: row.aggregation,
        rateMethod: row.rateMethod,
        baselineValue: row.baselineValue,
        baselineFy: row.baselineFy,
        itemCode: item?.code ?? '',
        itemName: item?.name ?? '',
        fieldCode: field?.code ?? '',
        fieldName: field?.name ?? '',
        targets: targetRows
          .filter((t) => t.indicatorId === row.id)
          .map((t) => ({ kind: t.kind, fiscalYear: t.fiscalYear, value: t.value, bandLow: t.bandLow, bandHigh: t.bandHigh, text: t.text, setBy: t.setBy, setByName: t.setByName })),
        observations: observationRows
          .filter((o) => o.indicatorId === row.id)
          .map((o) => ({ fiscalYear: o.fiscalYear, kind: o.kind, value: o.value, text: o.text, approximate: o.approximate, asOf: o.asOf, missingReason: o.missingReason })),
      };
    }),
  };
}
