// Database access for loading datasets: read a plan's rows keyed by their stable codes, and
// write the rows that differ. Every function takes the transaction it runs in.
import { and, asc, eq, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { queryRows, type Tx } from '../db/client.js';
import {
  departments,
  entries,
  evaluationScales,
  indicators,
  itemDepartments,
  observations,
  organisations,
  planItems,
  plans,
  rounds,
  targets,
} from '../db/schema.js';
import type { Dataset } from './dataset-format.js';
import { sameValues } from './compare.js';

export type Outcome = 'created' | 'updated' | 'unchanged';

function firstId(rows: { id: number }[]): number {
  const [row] = rows;
  if (!row) throw new Error('insert returned no row');
  return row.id;
}

export async function upsertOrganisation(tx: Tx, organisation: Dataset['organisation']): Promise<{ id: number; outcome: Outcome }> {
  // population fields absent from the file leave the stored ones as they are
  const population = Object.fromEntries(
    (['population', 'populationAsOf', 'populationSource'] as const).filter((key) => organisation[key] !== undefined).map((key) => [key, organisation[key] ?? null]),
  ) as Partial<Pick<typeof organisations.$inferInsert, 'population' | 'populationAsOf' | 'populationSource'>>;
  const wanted = { name: organisation.name, nameEn: organisation.nameEn, kind: organisation.kind, ...population };
  const [have] = await tx.select().from(organisations).where(eq(organisations.code, organisation.code));
  if (!have) return { id: firstId(await tx.insert(organisations).values({ code: organisation.code, ...wanted }).returning({ id: organisations.id })), outcome: 'created' };
  if (sameValues(wanted, have)) return { id: have.id, outcome: 'unchanged' };
  await tx.update(organisations).set(wanted).where(eq(organisations.id, have.id));
  return { id: have.id, outcome: 'updated' };
}

export interface DepartmentValues {
  name: string;
  kind: string;
  parentId: number | null;
}

export async function departmentsOf(tx: Tx, organisationId: number): Promise<Map<string, DepartmentValues & { id: number }>> {
  const rows = await tx
    .select({ id: departments.id, code: departments.code, name: departments.name, kind: departments.kind, parentId: departments.parentId })
    .from(departments)
    .where(eq(departments.organisationId, organisationId));
  return new Map(rows.map(({ code, ...rest }) => [code, rest]));
}

export async function insertDepartment(tx: Tx, organisationId: number, code: string, values: DepartmentValues): Promise<number> {
  return firstId(await tx.insert(departments).values({ organisationId, code, ...values }).returning({ id: departments.id }));
}

export async function updateDepartment(tx: Tx, id: number, values: DepartmentValues): Promise<void> {
  await tx.update(departments).set(values).where(eq(departments.id, id));
}

export async function scaleIdByCode(tx: Tx, code: string): Promise<number | null> {
  const [row] = await tx.select({ id: evaluationScales.id }).from(evaluationScales).where(eq(evaluationScales.code, code));
  return row?.id ?? null;
}

export async function planIdByCode(tx: Tx, code: string): Promise<number | null> {
  const [row] = await tx.select({ id: plans.id }).from(plans).where(eq(plans.code, code));
  return row?.id ?? null;
}

export async function upsertPlan(
  tx: Tx,
  organisationId: number,
  plan: Dataset['plan'],
  refs: { scaleId: number | null; predecessorId: number | null },
): Promise<{ id: number; outcome: Outcome }> {
  const wanted = {
    organisationId,
    title: plan.title,
    shortTitle: plan.shortTitle,
    description: plan.description,
    periodStartFy: plan.periodStartFy,
    periodEndFy: plan.periodEndFy,
    upperPlans: plan.upperPlans,
    sdgGoals: plan.sdgGoals,
    levelNames: plan.levelNames,
    scaleId: refs.scaleId,
    status: plan.status,
    settings: plan.settings,
    source: plan.source,
    attributes: plan.attributes,
    predecessorId: refs.predecessorId,
  };
  const [have] = await tx.select().from(plans).where(eq(plans.code, plan.code));
  if (!have) return { id: firstId(await tx.insert(plans).values({ code: plan.code, ...wanted }).returning({ id: plans.id })), outcome: 'created' };
  if (sameValues(wanted, have)) return { id: have.id, outcome: 'unchanged' };
  await tx.update(plans).set({ ...wanted, updatedAt: sql`now()` }).where(eq(plans.id, have.id));
  return { id: have.id, outcome: 'updated' };
}

export interface ItemValues {
  parentId: number | null;
  depth: number;
  position: number;
  number: string | null;
  name: string;
  description: string | null;
  numericTargetText: string | null;
  isPriority: boolean;
  isNew: boolean;
  isPartnerProject: boolean;
  tags: string[];
  attributes: Record<string, unknown>;
}

export type ExistingItem = ItemValues & { id: number; relistOfCode: string | null; relistKind: string | null };

export async function itemsOf(tx: Tx, planId: number): Promise<Map<string, ExistingItem>> {
  const original = alias(planItems, 'original');
  const rows = await tx
    .select({
      id: planItems.id,
      code: planItems.code,
      parentId: planItems.parentId,
      depth: planItems.depth,
      position: planItems.position,
      number: planItems.number,
      name: planItems.name,
      description: planItems.description,
      numericTargetText: planItems.numericTargetText,
      isPriority: planItems.isPriority,
      isNew: planItems.isNew,
      isPartnerProject: planItems.isPartnerProject,
      tags: planItems.tags,
      attributes: planItems.attributes,
      relistOfCode: original.code,
      relistKind: planItems.relistKind,
    })
    .from(planItems)
    .leftJoin(original, eq(original.id, planItems.relistOfId))
    .where(eq(planItems.planId, planId));
  return new Map(rows.map(({ code, ...rest }) => [code, rest]));
}

/** Inserts items in one statement; returns their ids by code. */
export async function insertItems(tx: Tx, planId: number, rows: (ItemValues & { code: string })[]): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  for (const chunk of chunks(rows, 500)) {
    for (const row of await tx.insert(planItems).values(chunk.map((r) => ({ planId, ...r }))).returning({ id: planItems.id, code: planItems.code })) ids.set(row.code, row.id);
  }
  return ids;
}

/** Splits rows for multi-row inserts that stay far below PostgreSQL's 65,535 parameters. */
function chunks<T>(rows: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < rows.length; i += size) result.push(rows.slice(i, i + size));
  return result;
}

export async function updateItem(tx: Tx, id: number, values: ItemValues): Promise<void> {
  await tx.update(planItems).set({ ...values, updatedAt: sql`now()` }).where(eq(planItems.id, id));
}

export async function setRelist(tx: Tx, id: number, relistOfId: number | null, relistKind: string | null): Promise<void> {
  await tx.update(planItems).set({ relistOfId, relistKind }).where(eq(planItems.id, id));
}

export interface OwnerValues {
  departmentId: number;
  role: string;
  textAsWritten: string | null;
  position: number;
}

export async function ownersOf(tx: Tx, planId: number): Promise<Map<number, OwnerValues[]>> {
  const rows = await tx
    .select({
      itemId: itemDepartments.itemId,
      departmentId: itemDepartments.departmentId,
      role: itemDepartments.role,
      textAsWritten: itemDepartments.textAsWritten,
      position: itemDepartments.position,
    })
    .from(itemDepartments)
    .innerJoin(planItems, eq(planItems.id, itemDepartments.itemId))
    .where(eq(planItems.planId, planId))
    .orderBy(asc(itemDepartments.itemId), asc(itemDepartments.position));
  const byItem = new Map<number, OwnerValues[]>();
  for (const { itemId, ...owner } of rows) byItem.set(itemId, [...(byItem.get(itemId) ?? []), owner]);
  return byItem;
}

export async function insertOwners(tx: Tx, rows: (OwnerValues & { itemId: number })[]): Promise<void> {
  for (const chunk of chunks(rows, 1000)) await tx.insert(itemDepartments).values(chunk);
}

export async function replaceOwners(tx: Tx, itemId: number, owners: OwnerValues[]): Promise<void> {
  await tx.delete(itemDepartments).where(eq(itemDepartments.itemId, itemId));
  if (owners.length > 0) await tx.insert(itemDepartments).values(owners.map((o) => ({ itemId, ...o })));
}

export interface IndicatorValues {
  itemId: number;
  position: number;
  name: string;
  category: string | null;
  unit: string | null;
  direction: string;
  aggregation: string;
  rateMethod: string | null;
  baselineValue: string | null;
  baselineText: string | null;
  baselineFy: number | null;
  baselineAsOf: string | null;
  breakdownLabels: string[];
  source: string | null;
  notes: string | null;
  isReference: boolean;
}

export async function indicatorsOf(tx: Tx, planId: number): Promise<Map<string, IndicatorValues & { id: number }>> {
  const rows = await tx
    .select({
      id: indicators.id,
      code: indicators.code,
      itemId: indicators.itemId,
      position: indicators.position,
      name: indicators.name,
      category: indicators.category,
      unit: indicators.unit,
      direction: indicators.direction,
      aggregation: indicators.aggregation,
      rateMethod: indicators.rateMethod,
      baselineValue: indicators.baselineValue,
      baselineText: indicators.baselineText,
      baselineFy: indicators.baselineFy,
      baselineAsOf: indicators.baselineAsOf,
      breakdownLabels: indicators.breakdownLabels,
      source: indicators.source,
      notes: indicators.notes,
      isReference: indicators.isReference,
    })
    .from(indicators)
    .where(eq(indicators.planId, planId));
  return new Map(rows.map(({ code, ...rest }) => [code, rest]));
}

/**
 * Inserts indicators with one statement per 5,000 rows (each column one array parameter, as
 * insertObservations does); returns their ids by code.
 */
export async function insertIndicators(tx: Tx, planId: number, rows: (IndicatorValues & { code: string })[]): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  for (const chunk of chunks(rows, 5000)) {
    const column = <T>(pick: (row: IndicatorValues & { code: string }) => T) => sql.param(chunk.map(pick));
    const inserted = await queryRows<{ id: number; code: string }>(tx, sql`
      INSERT INTO indicators (plan_id, item_id, code, position, name, category, unit, direction, aggregation, rate_method,
        baseline_value, baseline_text, baseline_fy, baseline_as_of, breakdown_labels, source, notes, is_reference)
      SELECT ${planId}::int, * FROM unnest(
        ${column((r) => r.itemId)}::int[], ${column((r) => r.code)}::text[], ${column((r) => r.position)}::int[],
        ${column((r) => r.name)}::text[], ${column((r) => r.category)}::text[], ${column((r) => r.unit)}::text[],
        ${column((r) => r.direction)}::text[], ${column((r) => r.aggregation)}::text[], ${column((r) => r.rateMethod)}::text[],
        ${column((r) => r.baselineValue)}::numeric[], ${column((r) => r.baselineText)}::text[], ${column((r) => r.baselineFy)}::int[],
        ${column((r) => r.baselineAsOf)}::date[], ${column((r) => JSON.stringify(r.breakdownLabels))}::jsonb[],
        ${column((r) => r.source)}::text[], ${column((r) => r.notes)}::text[], ${column((r) => r.isReference)}::boolean[])
      RETURNING id, code`);
    for (const row of inserted) ids.set(row.code, Number(row.id));
  }
  return ids;
}

export async function updateIndicator(tx: Tx, id: number, values: IndicatorValues): Promise<void> {
  await tx.update(indicators).set(values).where(eq(indicators.id, id));
}

export interface TargetValues {
  kind: string;
  fiscalYear: number | null;
  value: string | null;
  bandLow: string | null;
  bandHigh: string | null;
  changePercent: string | null;
  text: string | null;
  setBy: string;
  setByName: string | null;
  notes: string | null;
  position: number;
}

export async function targetsOf(tx: Tx, planId: number): Promise<Map<number, TargetValues[]>> {
  const rows = await tx
    .select({
      indicatorId: targets.indicatorId,
      kind: targets.kind,
      fiscalYear: targets.fiscalYear,
      value: targets.value,
      bandLow: targets.bandLow,
      bandHigh: targets.bandHigh,
      changePercent: targets.changePercent,
      text: targets.text,
      setBy: targets.setBy,
      setByName: targets.setByName,
      notes: targets.notes,
      position: targets.position,
    })
    .from(targets)
    .innerJoin(indicators, eq(indicators.id, targets.indicatorId))
    .where(eq(indicators.planId, planId))
    .orderBy(asc(targets.indicatorId), asc(targets.position), asc(targets.id));
  const byIndicator = new Map<number, TargetValues[]>();
  for (const { indicatorId, ...target } of rows) byIndicator.set(indicatorId, [...(byIndicator.get(indicatorId) ?? []), target]);
  return byIndicator;
}

export async function insertTargets(tx: Tx, rows: (TargetValues & { indicatorId: number })[]): Promise<void> {
  for (const chunk of chunks(rows, 500)) await tx.insert(targets).values(chunk);
}

export async function replaceTargets(tx: Tx, indicatorId: number, values: TargetValues[]): Promise<void> {
  await tx.delete(targets).where(eq(targets.indicatorId, indicatorId));
  if (values.length > 0) await tx.insert(targets).values(values.map((v) => ({ indicatorId, ...v })));
}

export interface ObservationValues {
  fiscalYear: number;
  kind: string;
  value: string | null;
  text: string;
  unit: string | null;
  approximate: boolean;
  parts: { label: string; value: string }[] | null;
  asOf: string | null;
  missingReason: string | null;
  note: string | null;
  source: string | null;
}

/**
 * A plan's observations by indicator and `year/kind`. Each indicator's observations come as one
 * JSON array (a row per indicator, not per value): the drivers turn 10,000 rows of twelve typed
 * columns into objects several times slower than JSON.parse reads the same values. Numbers and
 * dates travel as the text PostgreSQL writes for them (value::text keeps "71.70"; a date in JSON
 * is always ISO, 2021-04-01), as the typed columns arrive.
 */
export async function observationsOf(tx: Tx, planId: number): Promise<Map<number, Map<string, ObservationValues & { id: number }>>> {
  const rows = await queryRows<{ indicator_id: number | string; observations: string }>(tx, sql`
    SELECT o.indicator_id,
      json_agg(json_build_array(o.id, o.fiscal_year, o.kind, o.value::text, o.text, o.unit, o.approximate, o.parts,
        o.as_of, o.missing_reason, o.note, o.source))::text AS observations
    FROM observations o
    WHERE o.indicator_id IN (SELECT id FROM indicators WHERE plan_id = ${planId})
    GROUP BY o.indicator_id`);
  const byIndicator = new Map<number, Map<string, ObservationValues & { id: number }>>();
  for (const row of rows) {
    const map = new Map<string, ObservationValues & { id: number }>();
    for (const o of JSON.parse(row.observations) as ObservationTuple[]) {
      const [id, fiscalYear, kind, value, text, unit, approximate, parts, asOf, missingReason, note, source] = o;
      map.set(`${fiscalYear}/${kind}`, { id, fiscalYear, kind, value, text, unit, approximate, parts, asOf, missingReason, note, source });
    }
    byIndicator.set(Number(row.indicator_id), map);
  }
  return byIndicator;
}

/** An observation as observationsOf reads it: the columns in the order of its json_build_array. */
type ObservationTuple = [
  id: number,
  fiscalYear: number,
  kind: string,
  value: string | null,
  text: string,
  unit: string | null,
  approximate: boolean,
  parts: { label: string; value: string }[] | null,
  asOf: string | null,
  missingReason: string | null,
  note: string | null,
  source: string | null,
];

/**
 * Inserts observations with one statement per 5,000 rows: each column travels as one array
 * parameter and `unnest` turns the arrays back into rows (far fewer parameters to bind than a
 * multi-row VALUES list).
 */
export async function insertObservations(tx: Tx, rows: (ObservationValues & { indicatorId: number })[]): Promise<void> {
  for (const chunk of chunks(rows, 5000)) {
    // sql.param: the whole array is one parameter (a bare array would be spread into a list)
    const column = <T>(pick: (row: ObservationValues & { indicatorId: number }) => T) => sql.param(chunk.map(pick));
    await tx.execute(sql`
      INSERT INTO observations (indicator_id, fiscal_year, kind, value, text, unit, approximate, parts, as_of, missing_reason, note, source)
      SELECT * FROM unnest(
        ${column((r) => r.indicatorId)}::int[], ${column((r) => r.fiscalYear)}::int[], ${column((r) => r.kind)}::text[],
        ${column((r) => r.value)}::numeric[], ${column((r) => r.text)}::text[], ${column((r) => r.unit)}::text[],
        ${column((r) => r.approximate)}::boolean[], ${column((r) => (r.parts === null ? null : JSON.stringify(r.parts)))}::jsonb[],
        ${column((r) => r.asOf)}::date[], ${column((r) => r.missingReason)}::text[], ${column((r) => r.note)}::text[],
        ${column((r) => r.source)}::text[])`);
  }
}

export async function updateObservation(tx: Tx, id: number, values: ObservationValues): Promise<void> {
  await tx.update(observations).set({ ...values, recordedAt: sql`now()` }).where(eq(observations.id, id));
}

export async function upsertRound(tx: Tx, planId: number, fiscalYear: number, state: string): Promise<{ id: number; outcome: Outcome }> {
  const [have] = await tx.select({ id: rounds.id, state: rounds.state }).from(rounds).where(and(eq(rounds.planId, planId), eq(rounds.fiscalYear, fiscalYear)));
  if (!have) return { id: firstId(await tx.insert(rounds).values({ planId, fiscalYear, state }).returning({ id: rounds.id })), outcome: 'created' };
  if (have.state === state) return { id: have.id, outcome: 'unchanged' };
  await tx.update(rounds).set({ state }).where(eq(rounds.id, have.id));
  return { id: have.id, outcome: 'updated' };
}

export interface EntryValues {
  state: string;
  selfGrade: string | null;
  resultsText: string | null;
  planText: string | null;
  issuesText: string | null;
}

export async function entriesOf(tx: Tx, roundId: number): Promise<Map<number, EntryValues & { id: number; version: number }>> {
  const rows = await tx
    .select({
      id: entries.id,
      itemId: entries.itemId,
      version: entries.version,
      state: entries.state,
      selfGrade: entries.selfGrade,
      resultsText: entries.resultsText,
      planText: entries.planText,
      issuesText: entries.issuesText,
    })
    .from(entries)
    .where(eq(entries.roundId, roundId));
  return new Map(rows.map(({ itemId, ...rest }) => [itemId, rest]));
}

export async function insertEntry(tx: Tx, planId: number, roundId: number, itemId: number, values: EntryValues): Promise<void> {
  await tx.insert(entries).values({ planId, roundId, itemId, ...values });
}

export async function updateEntry(tx: Tx, id: number, version: number, values: EntryValues): Promise<void> {
  await tx.update(entries).set({ ...values, version: version + 1, updatedAt: sql`now()` }).where(eq(entries.id, id));
}

// ───────────────────────────── reading a whole plan back (export) ─────────────────────────────

export async function planForExport(tx: Tx, code: string) {
  const predecessor = alias(plans, 'predecessor');
  const [row] = await tx
    .select({ plan: plans, organisation: organisations, scaleCode: evaluationScales.code, predecessorCode: predecessor.code })
    .from(plans)
    .innerJoin(organisations, eq(organisations.id, plans.organisationId))
    .leftJoin(evaluationScales, eq(evaluationScales.id, plans.scaleId))
    .leftJoin(predecessor, eq(predecessor.id, plans.predecessorId))
    .where(eq(plans.code, code));
  return row;
}

export async function departmentsByIds(tx: Tx, organisationId: number) {
  const parent = alias(departments, 'parent');
  return tx
    .select({ id: departments.id, code: departments.code, name: departments.name, kind: departments.kind, parentId: departments.parentId, parentCode: parent.code })
    .from(departments)
    .leftJoin(parent, eq(parent.id, departments.parentId))
    .where(eq(departments.organisationId, organisationId))
    .orderBy(asc(departments.id));
}

export async function roundsForExport(tx: Tx, planId: number) {
  return tx.select({ id: rounds.id, fiscalYear: rounds.fiscalYear, state: rounds.state }).from(rounds).where(eq(rounds.planId, planId)).orderBy(asc(rounds.fiscalYear));
}
