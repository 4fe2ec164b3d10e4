// Database access for the shared indicator catalogue: its entries and which plan indicators are
// linked to them. Every function takes the database or transaction it runs on.
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Queryable } from '../db/client.js';
import { catalogueIndicators, catalogueLinks, indicators, organisations, planItems, plans } from '../db/schema.js';
import type { CatalogueEntry } from './catalogue-format.js';
import { isPublicPlan } from '../plans/publication.js';

export type CatalogueEntryRow = CatalogueEntry & { id: number };

export interface CatalogueLinkValues {
  catalogueId: number;
  unitFactor: string;
  note: string | null;
}

export async function catalogueEntries(db: Queryable): Promise<CatalogueEntryRow[]> {
  const rows = await db.select().from(catalogueIndicators).orderBy(asc(catalogueIndicators.code));
  return rows.map(toEntry);
}

export async function findCatalogueEntry(db: Queryable, code: string): Promise<CatalogueEntryRow | undefined> {
  const [row] = await db.select().from(catalogueIndicators).where(eq(catalogueIndicators.code, code));
  return row ? toEntry(row) : undefined;
}

function toEntry(row: typeof catalogueIndicators.$inferSelect): CatalogueEntryRow {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    nameEn: row.nameEn,
    description: row.description,
    unit: row.unit,
    kind: row.kind as CatalogueEntry['kind'],
    direction: row.direction as CatalogueEntry['direction'],
  };
}

export async function insertCatalogueEntry(db: Queryable, entry: CatalogueEntry): Promise<number> {
  const [row] = await db.insert(catalogueIndicators).values(entry).returning({ id: catalogueIndicators.id });
  if (!row) throw new Error('insert returned no row');
  return row.id;
}

export async function updateCatalogueEntry(db: Queryable, id: number, entry: Omit<CatalogueEntry, 'code'>): Promise<void> {
  await db.update(catalogueIndicators).set(entry).where(eq(catalogueIndicators.id, id));
}

/** Per entry: how many organisations and indicators are linked to it (in plans the public may see). */
export async function catalogueCounts(db: Queryable): Promise<Map<number, { organisations: number; indicators: number }>> {
  const rows = await db
    .select({
      catalogueId: catalogueLinks.catalogueId,
      organisations: sql<number>`count(DISTINCT ${plans.organisationId})::int`,
      indicators: sql<number>`count(*)::int`,
    })
    .from(catalogueLinks)
    .innerJoin(indicators, eq(indicators.id, catalogueLinks.indicatorId))
    .innerJoin(plans, eq(plans.id, indicators.planId))
    .where(isPublicPlan(plans.status))
    .groupBy(catalogueLinks.catalogueId);
  return new Map(rows.map((r) => [r.catalogueId, { organisations: r.organisations, indicators: r.indicators }]));
}

/** The links of a plan's indicators, keyed by indicator id, with the entry's code. */
export async function catalogueLinksOfPlan(db: Queryable, planId: number): Promise<Map<number, CatalogueLinkValues & { code: string }>> {
  const rows = await db
    .select({ indicatorId: catalogueLinks.indicatorId, catalogueId: catalogueLinks.catalogueId, code: catalogueIndicators.code, unitFactor: catalogueLinks.unitFactor, note: catalogueLinks.note })
    .from(catalogueLinks)
    .innerJoin(catalogueIndicators, eq(catalogueIndicators.id, catalogueLinks.catalogueId))
    .innerJoin(indicators, eq(indicators.id, catalogueLinks.indicatorId))
    .where(eq(indicators.planId, planId));
  return new Map(rows.map(({ indicatorId, ...rest }) => [indicatorId, rest]));
}

export async function catalogueIdsByCode(db: Queryable, codes: readonly string[]): Promise<Map<string, number>> {
  if (codes.length === 0) return new Map();
  const rows = await db.select({ id: catalogueIndicators.id, code: catalogueIndicators.code }).from(catalogueIndicators).where(inArray(catalogueIndicators.code, [...codes]));
  return new Map(rows.map((r) => [r.code, r.id]));
}

export async function insertCatalogueLink(db: Queryable, indicatorId: number, values: CatalogueLinkValues): Promise<void> {
  await db.insert(catalogueLinks).values({ indicatorId, ...values });
}

export async function updateCatalogueLink(db: Queryable, indicatorId: number, values: CatalogueLinkValues): Promise<void> {
  await db.update(catalogueLinks).set(values).where(eq(catalogueLinks.indicatorId, indicatorId));
}

export async function deleteCatalogueLink(db: Queryable, indicatorId: number): Promise<boolean> {
  const rows = await db.delete(catalogueLinks).where(eq(catalogueLinks.indicatorId, indicatorId)).returning({ id: catalogueLinks.indicatorId });
  return rows.length > 0;
}

export interface LinkedIndicator {
  indicatorId: number;
  unitFactor: string;
  note: string | null;
  indicatorCode: string;
  indicatorName: string;
  indicatorUnit: string | null;
  itemCode: string;
  itemName: string;
  planId: number;
  planCode: string;
  planTitle: string;
  /** 'draft' (策定中) plans are not public: callers filter with isPublicPlan / inOrganisation. */
  planStatus: string;
  periodStartFy: number;
  periodEndFy: number;
  organisationId: number;
  organisationCode: string;
  organisationName: string;
  organisationNameEn: string | null;
  population: number | null;
  populationAsOf: string | null;
  populationSource: string | null;
}

/**
 * The indicators linked to an entry, with their plan and organisation, by organisation code then
 * plan. Codes sort by character (COLLATE "C", as JavaScript compares strings), whatever the
 * database's locale: a page of the API continues after a code, compared in JavaScript.
 */
export async function linkedIndicators(db: Queryable, catalogueId: number, options: { publicOnly?: boolean } = {}): Promise<LinkedIndicator[]> {
  return db
    .select({
      indicatorId: catalogueLinks.indicatorId,
      unitFactor: catalogueLinks.unitFactor,
      note: catalogueLinks.note,
      indicatorCode: indicators.code,
      indicatorName: indicators.name,
      indicatorUnit: indicators.unit,
      itemCode: planItems.code,
      itemName: planItems.name,
      planId: plans.id,
      planCode: plans.code,
      planTitle: plans.title,
      planStatus: plans.status,
      periodStartFy: plans.periodStartFy,
      periodEndFy: plans.periodEndFy,
      organisationId: organisations.id,
      organisationCode: organisations.code,
      organisationName: organisations.name,
      organisationNameEn: organisations.nameEn,
      population: organisations.population,
      populationAsOf: organisations.populationAsOf,
      populationSource: organisations.populationSource,
    })
    .from(catalogueLinks)
    .innerJoin(indicators, eq(indicators.id, catalogueLinks.indicatorId))
    .innerJoin(planItems, eq(planItems.id, indicators.itemId))
    .innerJoin(plans, eq(plans.id, indicators.planId))
    .innerJoin(organisations, eq(organisations.id, plans.organisationId))
    .where(and(eq(catalogueLinks.catalogueId, catalogueId), options.publicOnly ? isPublicPlan(plans.status) : undefined))
    .orderBy(sql`${organisations.code} COLLATE "C"`, asc(plans.periodStartFy), asc(plans.code), asc(indicators.position));
}

/** One indicator of a plan (by codes), with its plan's organisation: what an admin links. */
export async function findPlanIndicator(db: Queryable, planCode: string, indicatorCode: string): Promise<{ indicatorId: number; planId: number; organisationId: number } | undefined> {
  const [row] = await db
    .select({ indicatorId: indicators.id, planId: plans.id, organisationId: plans.organisationId })
    .from(indicators)
    .innerJoin(plans, eq(plans.id, indicators.planId))
    .where(and(eq(plans.code, planCode), eq(indicators.code, indicatorCode)));
  return row;
}

/** The organisation of an indicator's plan (for unlinking). */
export async function organisationOfIndicator(db: Queryable, indicatorId: number): Promise<{ planId: number; organisationId: number } | undefined> {
  const [row] = await db
    .select({ planId: plans.id, organisationId: plans.organisationId })
    .from(indicators)
    .innerJoin(plans, eq(plans.id, indicators.planId))
    .where(eq(indicators.id, indicatorId));
  return row;
}

export async function catalogueLinkOf(db: Queryable, indicatorId: number): Promise<(CatalogueLinkValues & { indicatorId: number }) | undefined> {
  const [row] = await db
    .select({ indicatorId: catalogueLinks.indicatorId, catalogueId: catalogueLinks.catalogueId, unitFactor: catalogueLinks.unitFactor, note: catalogueLinks.note })
    .from(catalogueLinks)
    .where(eq(catalogueLinks.indicatorId, indicatorId));
  return row;
}

export interface IndicatorChoice {
  planCode: string;
  planTitle: string;
  organisationName: string;
  indicatorCode: string;
  indicatorName: string;
  unit: string | null;
}

/** Indicators an administrator may link: of one organisation, or of all (organisationId null). */
export async function indicatorChoices(db: Queryable, organisationId: number | null): Promise<IndicatorChoice[]> {
  return db
    .select({
      planCode: plans.code,
      planTitle: plans.title,
      organisationName: organisations.name,
      indicatorCode: indicators.code,
      indicatorName: indicators.name,
      unit: indicators.unit,
    })
    .from(indicators)
    .innerJoin(plans, eq(plans.id, indicators.planId))
    .innerJoin(organisations, eq(organisations.id, plans.organisationId))
    .where(organisationId === null ? undefined : eq(plans.organisationId, organisationId))
    .orderBy(asc(organisations.code), asc(plans.code), asc(indicators.position));
}
