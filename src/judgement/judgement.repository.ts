// Loads what judging a plan needs: its settings and scale, every indicator with its targets and
// observations, and the item tree (for distributions per 分野).
import { eq, sql } from 'drizzle-orm';
import { queryRows, type Queryable } from '../db/client.js';
import { evaluationScales, plans } from '../db/schema.js';
import { isDraftObservation } from '../plans/publication.js';
import { SCALES, type Scale } from '../domain/scales.js';
import type { IndicatorData, PlanJudgementContext } from './indicator-year.js';
import { groupBy } from '../shared/group-by.js';

export interface PlanJudgementData {
  plan: { id: number; code: string; title: string; levelNames: string[] };
  context: PlanJudgementContext;
  /** True when the plan names no scale and the mechanical S/A/B/C/− scale is used. */
  defaultScale: boolean;
  indicators: (IndicatorData & { itemCode: string; itemName: string; fieldCode: string; fieldName: string })[];
}

export interface JudgementDataScope {
  /** Leaves out draft observations (src/plans/publication.ts): what a public reader may see. */
  publicOnly?: boolean;
  /** Only the indicators of these items (an item page); every indicator of the plan when absent. */
  itemIds?: readonly number[];
  /** The plan's row and scale when the caller read them already (a page reads the plan first): not read again. */
  plan?: PlanHead;
  /** Every item of the plan when the caller read them already: not read again. */
  items?: readonly PlanItemLink[];
}

/** What judging needs of a plan's row. */
export interface PlanHead {
  id: number;
  code: string;
  title: string;
  levelNames: string[];
  periodStartFy: number;
  settings: PlanJudgementContext['settings'];
  scale: Scale;
  /** True when the plan names no scale (the mechanical S/A/B/C/− scale is used). */
  defaultScale: boolean;
}

/** An item of the plan as judging needs it: its place in the tree (the 分野 an indicator counts in). */
export interface PlanItemLink {
  id: number;
  code: string;
  name: string;
  parentId: number | null;
}

type IndicatorRow = { id: number; item_id: number; code: string; name: string; unit: string | null; direction: string; aggregation: string; rate_method: string | null; baseline_value: string | null; baseline_fy: number | null };
type TargetRow = { indicator_id: number; kind: string; fiscal_year: number | null; value: string | null; band_low: string | null; band_high: string | null; text: string | null; set_by: string; set_by_name: string | null };
type ObservationRow = { indicator_id: number; fiscal_year: number; kind: string; value: string | null; text: string; approximate: boolean; as_of: string | null; missing_reason: string | null };

/**
 * The plan's indicators with their targets and observations, read with one plain statement per
 * table (at national size a plan has thousands of observations, and a page reads them on every
 * uncached visit: rows come from the driver as they are, numbers as text, dates as ISO text).
 */
export async function loadPlanJudgementData(db: Queryable, planCode: string, scope: JudgementDataScope = {}): Promise<PlanJudgementData | undefined> {
  const plan = scope.plan?.code === planCode ? scope.plan : await findPlanHead(db, planCode);
  if (!plan) return undefined;
  const scale = plan.scale;
  const items = scope.items ?? (await queryRows<{ id: number; code: string; name: string; parent_id: number | null }>(db, sql`SELECT id, code, name, parent_id FROM plan_items WHERE plan_id = ${plan.id}`))
    .map((i) => ({ id: i.id, code: i.code, name: i.name, parentId: i.parent_id }));
  const itemById = new Map(items.map((i) => [i.id, i]));
  const fieldOf = (id: number) => {
    let item = itemById.get(id);
    while (item?.parentId != null) item = itemById.get(item.parentId);
    return item;
  };

  const head = {
    plan: { id: plan.id, code: plan.code, title: plan.title, levelNames: plan.levelNames },
    context: { periodStartFy: plan.periodStartFy, settings: plan.settings, scale },
    defaultScale: plan.defaultScale,
  };
  if (scope.itemIds?.length === 0) return { ...head, indicators: [] };
  const { indicatorRows, targetRows, observationRows } = scope.itemIds
    ? await readItemIndicators(db, plan.id, scope.itemIds, scope.publicOnly ?? false)
    : await readPlanIndicators(db, plan.id, scope.publicOnly ?? false);
  // in fiscal-year order per indicator, sorted here: a plan's few values per indicator sort in
  // microseconds, where PostgreSQL sorting the plan's thousands took milliseconds
  observationRows.sort((a, b) => a.fiscal_year - b.fiscal_year || (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0));
  const targetsOf = groupBy(targetRows, (t) => t.indicator_id);
  const observationsOf = groupBy(observationRows, (o) => o.indicator_id);

  return {
    ...head,
    indicators: indicatorRows.map((row) => {
      const item = itemById.get(row.item_id);
      const field = fieldOf(row.item_id);
      return {
        code: row.code,
        name: row.name,
        unit: row.unit,
        direction: row.direction,
        aggregation: row.aggregation,
        rateMethod: row.rate_method,
        baselineValue: row.baseline_value,
        baselineFy: row.baseline_fy,
        itemCode: item?.code ?? '',
        itemName: item?.name ?? '',
        fieldCode: field?.code ?? '',
        fieldName: field?.name ?? '',
        targets: (targetsOf.get(row.id) ?? []).map((t) => ({ kind: t.kind, fiscalYear: t.fiscal_year, value: t.value, bandLow: t.band_low, bandHigh: t.band_high, text: t.text, setBy: t.set_by, setByName: t.set_by_name })),
        observations: (observationsOf.get(row.id) ?? []).map((o) => ({ fiscalYear: o.fiscal_year, kind: o.kind, value: o.value, text: o.text, approximate: o.approximate, asOf: o.as_of, missingReason: o.missing_reason })),
      };
    }),
  };
}

interface IndicatorRows {
  indicatorRows: IndicatorRow[];
  targetRows: TargetRow[];
  observationRows: ObservationRow[];
}

const indicatorColumns = sql`i.id, i.item_id, i.code, i.name, i.unit, i.direction, i.aggregation, i.rate_method, i.baseline_value::text AS baseline_value, i.baseline_fy`;
const targetColumns = sql`t.indicator_id, t.kind, t.fiscal_year, t.value::text AS value, t.band_low::text AS band_low, t.band_high::text AS band_high, t.text, t.set_by, t.set_by_name`;
const observationColumns = sql`o.indicator_id, o.fiscal_year, o.kind, o.value::text AS value, o.text, o.approximate, o.as_of::text AS as_of, o.missing_reason`;
const hideDrafts = (publicOnly: boolean) =>
  publicOnly ? sql` AND NOT ${isDraftObservation({ indicatorId: sql`o.indicator_id`, fiscalYear: sql`o.fiscal_year`, recordedAt: sql`o.recorded_at` }, sql`i.plan_id`)}` : sql``;

/** Every indicator of the plan: one plain statement per table (thousands of rows, as the driver gives them). */
async function readPlanIndicators(db: Queryable, planId: number, publicOnly: boolean): Promise<IndicatorRows> {
  return {
    indicatorRows: await queryRows<IndicatorRow>(db, sql`SELECT ${indicatorColumns} FROM indicators i WHERE i.plan_id = ${planId} ORDER BY i.position, i.id`),
    targetRows: await queryRows<TargetRow>(
      db,
      sql`SELECT ${targetColumns} FROM targets t JOIN indicators i ON i.id = t.indicator_id WHERE i.plan_id = ${planId} ORDER BY t.position, t.id`,
    ),
    observationRows: await queryRows<ObservationRow>(
      db,
      sql`SELECT ${observationColumns} FROM observations o JOIN indicators i ON i.id = o.indicator_id WHERE i.plan_id = ${planId}${hideDrafts(publicOnly)}`,
    ),
  };
}

/**
 * The indicators of a few items (an item or indicator page) in one statement: each indicator's
 * targets and observations come with its row as JSON arrays of the same rows (the tens of rows of
 * an item cost one round trip, where three statements cost three).
 */
async function readItemIndicators(db: Queryable, planId: number, itemIds: readonly number[], publicOnly: boolean): Promise<IndicatorRows> {
  const rows = await queryRows<IndicatorRow & { targets: TargetRow[] | null; observations: ObservationRow[] | null }>(
    db,
    sql`SELECT ${indicatorColumns},
               (SELECT json_agg(t ORDER BY t.position, t.id) FROM (SELECT ${targetColumns}, t.position, t.id FROM targets t WHERE t.indicator_id = i.id) t) AS targets,
               (SELECT json_agg(o) FROM (SELECT ${observationColumns} FROM observations o WHERE o.indicator_id = i.id${hideDrafts(publicOnly)}) o) AS observations
          FROM indicators i
         WHERE i.plan_id = ${planId} AND i.item_id IN (${sql.join(itemIds.map((id) => sql`${id}`), sql`, `)})
         ORDER BY i.position, i.id`,
  );
  return {
    indicatorRows: rows,
    targetRows: rows.flatMap((r) => r.targets ?? []),
    observationRows: rows.flatMap((r) => r.observations ?? []),
  };
}

/** The plan's row and scale, by code (undefined: no such plan). */
async function findPlanHead(db: Queryable, planCode: string): Promise<PlanHead | undefined> {
  const [found] = await db.select({ plan: plans, scale: evaluationScales }).from(plans).leftJoin(evaluationScales, eq(evaluationScales.id, plans.scaleId)).where(eq(plans.code, planCode));
  if (!found) return undefined;
  const { plan } = found;
  return {
    id: plan.id,
    code: plan.code,
    title: plan.title,
    levelNames: plan.levelNames,
    periodStartFy: plan.periodStartFy,
    settings: plan.settings,
    scale: found.scale
      ? { id: found.scale.code, name: found.scale.name, description: found.scale.description ?? '', grades: found.scale.grades, rule: found.scale.rule }
      : SCALES['mechanical-sabc'],
    defaultScale: !found.scale,
  };
}
