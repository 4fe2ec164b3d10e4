// What the comparison pages read: the catalogue with how many organisations take part, and for
// one entry every linked indicator with its PUBLIC values (plans/publication.ts: values of
// unpublished rounds never appear) and targets, ready for compareSeries().
import { and, asc, eq, inArray, not } from 'drizzle-orm';
import type { Queryable } from '../db/client.js';
import { indicators, observations, targets } from '../db/schema.js';
import { isDraftObservation } from '../plans/publication.js';
import { catalogueCounts, catalogueEntries, findCatalogueEntry, linkedIndicators, type CatalogueEntryRow, type LinkedIndicator } from './catalogue.repository.js';
import { compareSeries, type Comparison, type LinkInput } from './compare-series.js';
import { groupBy } from '../shared/group-by.js';

export interface CatalogueListing extends CatalogueEntryRow {
  organisations: number;
  indicators: number;
}

/** Every catalogue entry with how many organisations (and indicators) are linked to it. */
export async function listCatalogue(db: Queryable): Promise<CatalogueListing[]> {
  const [entries, counts] = await Promise.all([catalogueEntries(db), catalogueCounts(db)]);
  return entries.map((entry) => ({ ...entry, organisations: counts.get(entry.id)?.organisations ?? 0, indicators: counts.get(entry.id)?.indicators ?? 0 }));
}

/** The comparison of one entry, from public data only; undefined when the code is unknown. */
export async function loadComparison(db: Queryable, code: string): Promise<Comparison | undefined> {
  const taking = await participants(db, code);
  return taking && comparisonOf(db, taking.entry, taking.links);
}

/** Organisations shown on one page of a comparison: a national catalogue entry has hundreds. */
export interface ComparisonView {
  /** Organisations whose name (or English name) contains it, or whose code is it. */
  q: string | undefined;
  page: number;
  perPage: number;
  /** Organisations taking part in all, and those matching `q`. */
  total: number;
  matched: number;
}

/**
 * One page of a comparison: the organisations taking part, by code, narrowed by `q`, `perPage`
 * at a time, each with all its linked indicators (only their values are read).
 */
export async function loadComparisonView(
  db: Queryable,
  code: string,
  wanted: { q?: string | undefined; page: number; perPage: number },
): Promise<{ comparison: Comparison; view: ComparisonView } | undefined> {
  const taking = await participants(db, code);
  if (!taking) return undefined;
  const { entry, links, organisations } = taking;
  const q = wanted.q?.toLowerCase();
  const matching = q === undefined ? organisations : organisations.filter((o) => o.organisationName.toLowerCase().includes(q) || (o.organisationNameEn ?? '').toLowerCase().includes(q) || o.organisationCode === q);
  const shown = new Set(matching.slice((wanted.page - 1) * wanted.perPage, wanted.page * wanted.perPage).map((o) => o.organisationCode));
  const comparison = await comparisonOf(db, entry, links.filter((l) => shown.has(l.organisationCode)));
  return {
    comparison: { ...comparison, organisationCount: organisations.length },
    view: { q: wanted.q, page: wanted.page, perPage: wanted.perPage, total: organisations.length, matched: matching.length },
  };
}

/**
 * The API's page of a comparison: the first `limit` organisations by code after `after` (an
 * organisation code), each with all its linked indicators; `last` is the code of the page's last
 * organisation when more follow.
 */
export async function loadComparisonPage(
  db: Queryable,
  code: string,
  page: { after?: string | undefined; limit: number },
): Promise<{ comparison: Comparison; last: string | null } | undefined> {
  const taking = await participants(db, code);
  if (!taking) return undefined;
  const { entry, links, organisations } = taking;
  const after = page.after;
  // linkedIndicators sorts by code character by character, as `>` compares here
  const start = after === undefined ? 0 : organisations.findIndex((o) => o.organisationCode > after);
  const slice = start < 0 ? [] : organisations.slice(start, start + page.limit);
  const shown = new Set(slice.map((o) => o.organisationCode));
  const comparison = await comparisonOf(db, entry, links.filter((l) => shown.has(l.organisationCode)));
  const more = start >= 0 && start + page.limit < organisations.length;
  return { comparison: { ...comparison, organisationCount: organisations.length }, last: more ? (slice.at(-1)?.organisationCode ?? null) : null };
}

/** The entry, its public links (by organisation code) and the organisations taking part, in that order. */
async function participants(db: Queryable, code: string): Promise<{ entry: CatalogueEntryRow; links: LinkedIndicator[]; organisations: LinkedIndicator[] } | undefined> {
  const entry = await findCatalogueEntry(db, code);
  if (!entry) return undefined;
  // a plan being written (策定中) is not public: its links wait until the plan is active
  const links = await linkedIndicators(db, entry.id, { publicOnly: true });
  return { entry, links, organisations: [...new Map(links.map((l) => [l.organisationCode, l])).values()] };
}

async function comparisonOf(db: Queryable, entry: CatalogueEntryRow, links: LinkedIndicator[]): Promise<Comparison> {
  const ids = links.map((l) => l.indicatorId);
  const observationRows = ids.length === 0 ? [] : await db
    .select({
      indicatorId: observations.indicatorId,
      fiscalYear: observations.fiscalYear,
      kind: observations.kind,
      value: observations.value,
      text: observations.text,
      asOf: observations.asOf,
      missingReason: observations.missingReason,
    })
    .from(observations)
    .innerJoin(indicators, eq(indicators.id, observations.indicatorId))
    .where(and(
      inArray(observations.indicatorId, ids),
      not(isDraftObservation({ indicatorId: observations.indicatorId, fiscalYear: observations.fiscalYear, recordedAt: observations.recordedAt }, indicators.planId)),
    ))
    .orderBy(asc(observations.fiscalYear));
  const targetRows = ids.length === 0 ? [] : await db
    .select({
      indicatorId: targets.indicatorId,
      kind: targets.kind,
      fiscalYear: targets.fiscalYear,
      value: targets.value,
      bandLow: targets.bandLow,
      bandHigh: targets.bandHigh,
      text: targets.text,
      setBy: targets.setBy,
    })
    .from(targets)
    .where(inArray(targets.indicatorId, ids))
    .orderBy(asc(targets.indicatorId), asc(targets.position));
  // grouped once: at national size a filter per link read every row 1,741 times
  const observationsOf = groupBy(observationRows, (o) => o.indicatorId);
  const targetsOf = groupBy(targetRows, (t) => t.indicatorId);
  const inputs: LinkInput[] = links.map((link) => ({
    organisation: {
      code: link.organisationCode,
      name: link.organisationName,
      nameEn: link.organisationNameEn,
      population: link.population,
      populationAsOf: link.populationAsOf,
      populationSource: link.populationSource,
    },
    plan: { code: link.planCode, title: link.planTitle, periodStartFy: link.periodStartFy, periodEndFy: link.periodEndFy },
    indicator: { code: link.indicatorCode, name: link.indicatorName, unit: link.indicatorUnit, itemCode: link.itemCode, itemName: link.itemName },
    unitFactor: link.unitFactor,
    note: link.note,
    observations: (observationsOf.get(link.indicatorId) ?? []).map(({ indicatorId: _id, ...o }) => o),
    targets: (targetsOf.get(link.indicatorId) ?? []).map(({ indicatorId: _id, ...t }) => t),
  }));
  return compareSeries(entry, inputs);
}
