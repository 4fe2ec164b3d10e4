// Database access for the public portal. Everything here returns only what the public may see:
// entries (grades, narratives) of PUBLISHED rounds, and observations except those entered for a
// fiscal year whose round is not yet published (drafts never leak).
import { countedGradeSql, draftObservationKeys, isPublicEntry, isPublicPlan } from '../plans/publication.js';
import { and, asc, desc, eq, inArray, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { queryRows, type Queryable } from '../db/client.js';
import {
  departments,
  entries,
  evaluationScales,
  feedback,
  indicators,
  itemDepartments,
  observations,
  corrections,
  organisations,
  planItems,
  plans,
  rounds,
  targets,
  type PlanSettings,
} from '../db/schema.js';
import { loadPlanJudgementData, type PlanItemLink, type PlanJudgementData } from '../judgement/judgement.repository.js';
import { SCALES, type Scale } from '../domain/scales.js';

export interface PlanRef {
  id: number;
  code: string;
  title: string;
  organisationCode: string;
  organisationName: string;
  levelNames: string[];
  sdgGoals: number[];
  periodStartFy: number;
  periodEndFy: number;
  scale: Scale;
  /** True when the plan names no scale (the mechanical S/A/B/C/− scale is used). */
  defaultScale: boolean;
  /** The plan's judgement settings (what the judgement engine reads with the scale). */
  settings: PlanSettings;
}

export async function findPlanRef(db: Queryable, code: string): Promise<PlanRef | undefined> {
  const [row] = await db
    .select({ plan: plans, organisationCode: organisations.code, organisationName: organisations.name, scale: evaluationScales })
    .from(plans)
    .innerJoin(organisations, eq(organisations.id, plans.organisationId))
    .leftJoin(evaluationScales, eq(evaluationScales.id, plans.scaleId))
    .where(and(eq(plans.code, code), isPublicPlan(plans.status)));
  if (!row) return undefined;
  const scale: Scale = row.scale
    ? { id: row.scale.code, name: row.scale.name, description: row.scale.description ?? '', grades: row.scale.grades, rule: row.scale.rule }
    : SCALES['mechanical-sabc'];
  return {
    id: row.plan.id,
    code: row.plan.code,
    title: row.plan.title,
    organisationCode: row.organisationCode,
    organisationName: row.organisationName,
    levelNames: row.plan.levelNames,
    sdgGoals: row.plan.sdgGoals,
    periodStartFy: row.plan.periodStartFy,
    periodEndFy: row.plan.periodEndFy,
    scale,
    defaultScale: !row.scale,
    settings: row.plan.settings,
  };
}

export interface PublishedRound {
  id: number;
  fiscalYear: number;
  publishedAt: Date | null;
}

/** The plan's published rounds, oldest first. */
export async function publishedRounds(db: Queryable, planId: number): Promise<PublishedRound[]> {
  return db
    .select({ id: rounds.id, fiscalYear: rounds.fiscalYear, publishedAt: rounds.publishedAt })
    .from(rounds)
    .where(and(eq(rounds.planId, planId), eq(rounds.state, 'published')))
    .orderBy(asc(rounds.fiscalYear));
}

/** Observations the public must not see (drafts of unpublished rounds): see plans/publication.ts. */
export const hiddenObservationKeys = draftObservationKeys;

/** The judgement engine's data for a plan (or some of its items), with draft observations left out. */
export async function loadPublicJudgementData(db: Queryable, plan: PlanRef, itemIds?: readonly number[], items?: readonly PlanItemLink[]): Promise<PlanJudgementData | undefined> {
  return loadPlanJudgementData(db, plan.code, { publicOnly: true, plan, ...(itemIds ? { itemIds } : {}), ...(items ? { items } : {}) });
}

// ───────────────────────────── items ─────────────────────────────

export interface ItemSummary {
  id: number;
  code: string;
  number: string | null;
  name: string;
  depth: number;
  isPriority: boolean;
  isNew: boolean;
  isPartnerProject: boolean;
  relistKind: string | null;
}

export interface ItemDetail extends ItemSummary {
  description: string | null;
  numericTargetText: string | null;
  attributes: Record<string, unknown>;
  /** The item of the predecessor plan this one continues (前計画での経過), if any. */
  continuesItemId: number | null;
  /** Every item of the plan, as the judgement data of the item's indicators needs them (read with the item). */
  planItems: PlanItemLink[];
  ancestors: ItemSummary[];
  children: ItemSummary[];
  relistOf: ItemSummary | null;
  departments: string[];
}

const summaryColumns = {
  id: planItems.id,
  code: planItems.code,
  number: planItems.number,
  name: planItems.name,
  depth: planItems.depth,
  isPriority: planItems.isPriority,
  isNew: planItems.isNew,
  isPartnerProject: planItems.isPartnerProject,
  relistKind: planItems.relistKind,
};

export async function findItemDetail(db: Queryable, planId: number, itemCode: string): Promise<ItemDetail | undefined> {
  // every item of the plan (for the ancestors, children and relisting), with the long columns of
  // the one asked for only: one statement where a second one read that item's row again
  const mine = sql`${planItems.code} = ${itemCode}`;
  const all = await db
    .select({
      ...summaryColumns,
      parentId: planItems.parentId,
      relistOfId: planItems.relistOfId,
      position: planItems.position,
      description: sql<string | null>`CASE WHEN ${mine} THEN ${planItems.description} END`,
      numericTargetText: sql<string | null>`CASE WHEN ${mine} THEN ${planItems.numericTargetText} END`,
      attributes: sql<Record<string, unknown> | null>`CASE WHEN ${mine} THEN ${planItems.attributes} END`,
      continuesItemId: sql<number | null>`CASE WHEN ${mine} THEN ${planItems.continuesItemId} END`,
      departments: sql<string[] | null>`CASE WHEN ${mine} THEN ${departmentNames(planItems.id)} END`,
    })
    .from(planItems)
    .where(eq(planItems.planId, planId))
    .orderBy(asc(planItems.position));
  const found = all.find((i) => i.code === itemCode);
  if (!found) return undefined;
  const byId = new Map(all.map((i) => [i.id, i]));
  const ancestors: ItemSummary[] = [];
  let parent = found.parentId === null ? undefined : byId.get(found.parentId);
  while (parent) {
    ancestors.unshift(summary(parent));
    parent = parent.parentId === null ? undefined : byId.get(parent.parentId);
  }
  const relisted = found.relistOfId === null ? undefined : byId.get(found.relistOfId);
  return {
    ...summary(found),
    description: found.description,
    numericTargetText: found.numericTargetText,
    attributes: found.attributes ?? {},
    continuesItemId: found.continuesItemId,
    planItems: all.map((i) => ({ id: i.id, code: i.code, name: i.name, parentId: i.parentId })),
    ancestors,
    children: all.filter((i) => i.parentId === found.id).map(summary),
    relistOf: relisted ? summary(relisted) : null,
    departments: [...new Set(found.departments ?? [])], // two owners merged into one department since are named once
  };
}

function summary(i: ItemSummary): ItemSummary {
  return { id: i.id, code: i.code, number: i.number, name: i.name, depth: i.depth, isPriority: i.isPriority, isNew: i.isNew, isPartnerProject: i.isPartnerProject, relistKind: i.relistKind };
}

/**
 * The item's departments by name, in their order: today's department (renamed or merged since:
 * current_id) under its parent; the text as written only while its owner is current.
 */
function departmentNames(itemId: SQLWrapper): SQL<string[] | null> {
  return sql`(SELECT array_agg(coalesce(CASE WHEN owner_as_written.current_id IS NULL THEN d.text_as_written END, coalesce(parent_department.name || ' ', '') || department.name) ORDER BY d.position)
                FROM ${itemDepartments} d
                JOIN ${departments} owner_as_written ON owner_as_written.id = d.department_id
                JOIN ${departments} department ON department.id = coalesce(owner_as_written.current_id, owner_as_written.id)
                LEFT JOIN ${departments} parent_department ON parent_department.id = department.parent_id
               WHERE d.item_id = ${itemId})`;
}

export interface PublishedEntry {
  fiscalYear: number;
  /** Approved in its published round; otherwise everything below is null (shown as 未承認). */
  approved: boolean;
  selfGrade: string | null;
  computedGrade: string | null;
  finalGrade: string | null;
  resultsText: string | null;
  planText: string | null;
  issuesText: string | null;
}

const approvedEntry = isPublicEntry(entries.state, rounds.state);
/** A column of an entry, null unless the entry is public (plans/publication.ts). */
const shown = (column: SQLWrapper) => sql<string | null>`CASE WHEN ${approvedEntry} THEN ${column} END`;
const entryColumns = {
  fiscalYear: rounds.fiscalYear,
  approved: sql<boolean>`${approvedEntry}`,
  selfGrade: shown(entries.selfGrade),
  computedGrade: shown(entries.computedGrade),
  finalGrade: shown(entries.finalGrade),
  resultsText: shown(entries.resultsText),
  planText: shown(entries.planText),
  issuesText: shown(entries.issuesText),
};

/** The item's entries in published rounds only, oldest first. */
export async function publishedEntriesOfItem(db: Queryable, itemId: number): Promise<PublishedEntry[]> {
  return db
    .select(entryColumns)
    .from(entries)
    .innerJoin(rounds, eq(rounds.id, entries.roundId))
    .where(and(eq(entries.itemId, itemId), eq(rounds.state, 'published')))
    .orderBy(asc(rounds.fiscalYear));
}

/** Every entry of one published round (by item code). */
export async function publishedEntriesOfRound(db: Queryable, planId: number, fiscalYear: number): Promise<Map<string, PublishedEntry & { itemName: string; itemNumber: string | null }>> {
  const rows = await db
    .select({ ...entryColumns, itemCode: planItems.code, itemName: planItems.name, itemNumber: planItems.number })
    .from(entries)
    .innerJoin(rounds, eq(rounds.id, entries.roundId))
    .innerJoin(planItems, eq(planItems.id, entries.itemId))
    .where(and(eq(rounds.planId, planId), eq(rounds.fiscalYear, fiscalYear), eq(rounds.state, 'published')))
    .orderBy(asc(planItems.code));
  return new Map(rows.map(({ itemCode, ...rest }) => [itemCode, rest]));
}

// ───────────────────────────── indicators ─────────────────────────────

export interface IndicatorRow {
  id: number;
  code: string;
  name: string;
  unit: string | null;
  direction: string;
  aggregation: string;
  category: string | null;
  baselineText: string | null;
  baselineFy: number | null;
  source: string | null;
  notes: string | null;
  itemId: number;
  itemCode: string;
  itemName: string;
}

export async function findIndicator(db: Queryable, planId: number, code: string): Promise<IndicatorRow | undefined> {
  const [row] = await indicatorQuery(db, and(eq(indicators.planId, planId), eq(indicators.code, code)));
  return row;
}

function indicatorQuery(db: Queryable, where: SQL | undefined) {
  return db
    .select({
      id: indicators.id,
      code: indicators.code,
      name: indicators.name,
      unit: indicators.unit,
      direction: indicators.direction,
      aggregation: indicators.aggregation,
      category: indicators.category,
      baselineText: indicators.baselineText,
      baselineFy: indicators.baselineFy,
      source: indicators.source,
      notes: indicators.notes,
      itemId: indicators.itemId,
      itemCode: planItems.code,
      itemName: planItems.name,
    })
    .from(indicators)
    .innerJoin(planItems, eq(planItems.id, indicators.itemId))
    .where(where)
    .orderBy(asc(indicators.position), asc(indicators.id));
}

export interface PublicObservation {
  fiscalYear: number;
  kind: string;
  value: string | null;
  text: string;
  asOf: string | null;
  missingReason: string | null;
  note: string | null;
  parts: { label: string; value: string }[] | null;
  /** 訂正 made after the round was published: the value before, after, why and when. */
  corrections: { beforeText: string; afterText: string; reason: string; correctedAt: Date }[];
}

/** An indicator's observations the public may see, by year. */
export async function publicObservations(db: Queryable, planId: number, indicatorId: number): Promise<PublicObservation[]> {
  const hidden = await hiddenObservationKeys(db, planId);
  const rows = await db
    .select({
      id: observations.id,
      fiscalYear: observations.fiscalYear,
      kind: observations.kind,
      value: observations.value,
      text: observations.text,
      asOf: observations.asOf,
      missingReason: observations.missingReason,
      note: observations.note,
      parts: observations.parts,
    })
    .from(observations)
    .where(eq(observations.indicatorId, indicatorId))
    .orderBy(asc(observations.fiscalYear), asc(observations.kind));
  const shown = rows.filter((o) => !hidden.has(`${indicatorId}|${o.fiscalYear}|${o.kind}`));
  const made = shown.length === 0 ? [] : await db
    .select({ observationId: corrections.observationId, beforeText: corrections.beforeText, afterText: corrections.afterText, reason: corrections.reason, correctedAt: corrections.correctedAt })
    .from(corrections)
    .where(inArray(corrections.observationId, shown.map((o) => o.id)))
    .orderBy(asc(corrections.id));
  return shown.map(({ id, ...o }) => ({ ...o, corrections: made.filter((x) => x.observationId === id).map(({ observationId: _id, ...x }) => x) }));
}

export async function targetsOfIndicator(db: Queryable, indicatorId: number) {
  return db.select().from(targets).where(eq(targets.indicatorId, indicatorId)).orderBy(asc(targets.position), asc(targets.id));
}

// ───────────────────────────── feedback ─────────────────────────────

export interface FeedbackRow {
  id: number;
  body: string;
  authorName: string | null;
  answer: string | null;
  state: string;
  createdAt: Date;
  planCode: string;
  itemCode: string | null;
  itemName: string | null;
}

export async function publishedFeedbackOfItem(db: Queryable, itemId: number): Promise<FeedbackRow[]> {
  return feedbackQuery(db, and(eq(feedback.itemId, itemId), eq(feedback.state, 'published')), 'asc');
}

/** Feedback waiting for moderation, of every organisation or of one. */
export async function pendingFeedback(db: Queryable, organisationId?: number): Promise<FeedbackRow[]> {
  return feedbackQuery(db, and(eq(feedback.state, 'pending'), organisationId === undefined ? undefined : eq(plans.organisationId, organisationId)), 'asc');
}

function feedbackQuery(db: Queryable, where: SQL | undefined, order: 'asc' | 'desc') {
  return db
    .select({
      id: feedback.id,
      body: feedback.body,
      authorName: feedback.authorName,
      answer: feedback.answer,
      state: feedback.state,
      createdAt: feedback.createdAt,
      planCode: plans.code,
      itemCode: planItems.code,
      itemName: planItems.name,
    })
    .from(feedback)
    .innerJoin(plans, eq(plans.id, feedback.planId))
    .leftJoin(planItems, eq(planItems.id, feedback.itemId))
    .where(where)
    .orderBy(order === 'asc' ? asc(feedback.createdAt) : desc(feedback.createdAt), asc(feedback.id));
}

export async function insertFeedback(db: Queryable, input: { planId: number; itemId: number; body: string; authorName: string | null }): Promise<number> {
  const [row] = await db.insert(feedback).values({ ...input, state: 'pending' }).returning({ id: feedback.id });
  if (!row) throw new Error('insert returned no row');
  return row.id;
}

/**
 * Publishes (with the city's answer, if any) or rejects a pending feedback; with an organisation,
 * only feedback on that organisation's plans (another's is answered as not found).
 */
export async function setFeedbackState(db: Queryable, id: number, state: 'published' | 'rejected', moderatorId: number, answer: string | null = null, organisationId?: number): Promise<boolean> {
  const inOrganisation = organisationId === undefined ? undefined : inArray(feedback.planId, db.select({ id: plans.id }).from(plans).where(eq(plans.organisationId, organisationId)));
  const rows = await db
    .update(feedback)
    .set({ state, answer: state === 'published' ? answer : null, moderatedBy: moderatorId, moderatedAt: new Date() })
    .where(and(eq(feedback.id, id), eq(feedback.state, 'pending'), inOrganisation))
    .returning({ id: feedback.id });
  return rows.length > 0;
}

// ───────────────────────────── search ─────────────────────────────

export interface SearchFilters {
  q?: string | undefined;
  plan?: string | undefined;
  field?: string | undefined; // planCode/itemCode of a top-level item
  policy?: string | undefined; // planCode/itemCode of a second-level item
  department?: number | undefined;
  grade?: string | undefined;
  flag?: 'new' | 'partner' | 'priority' | undefined;
  sdg?: number | undefined;
  numeric?: boolean | undefined;
}

export interface SearchHit extends ItemSummary {
  planCode: string;
  planTitle: string;
  description: string | null;
  numericTargetText: string | null;
  path: string; // names of the ancestors, ' › '
  grade: string | null;
  gradeFiscalYear: number | null;
}

/** Text as compared: NFKC (full-width → half-width, ｶﾅ → カナ) and lower case, in JS and in SQL alike. */
export function normaliseForSearch(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export const SEARCH_LIMIT = 200;

/** The latest published grade of one item (final, else computed) and its fiscal year. */
function latestGrade(itemId: SQL): SQL {
  return sql`SELECT ${countedGradeSql('e')} AS grade, r.fiscal_year
               FROM ${entries} e JOIN ${rounds} r ON r.id = e.round_id
              WHERE e.item_id = ${itemId} AND ${isPublicEntry(sql`e.state`, sql`r.state`)} AND ${countedGradeSql('e')} IS NOT NULL
              ORDER BY r.fiscal_year DESC
              LIMIT 1`;
}

/**
 * Items matching every filter. Keywords (split on spaces, all must match) are compared as
 * partial words against name, description, numeric target and department names, normalised the
 * same way on both sides, with LIKE — no extension needed on PGlite or PostgreSQL.
 */
export async function searchItems(db: Queryable, filters: SearchFilters): Promise<{ total: number; hits: SearchHit[] }> {
  const conditions: SQL[] = [sql`i.relist_of_id IS NULL`, isPublicPlan(sql`p.status`)];
  const words = normaliseForSearch(filters.q ?? '').split(' ').filter(Boolean).slice(0, 8);
  for (const word of words) {
    const pattern = likePattern(word);
    // the departments whose names match the word, found once: testing the names per item (a
    // join of three department rows for each of 200,000 items at national size) took seconds
    const matching = await queryRows<{ id: number }>(
      db,
      sql`SELECT d0.id FROM ${departments} d0
            JOIN ${departments} dp ON dp.id = coalesce(d0.current_id, d0.id)
            LEFT JOIN ${departments} pdp ON pdp.id = dp.parent_id
           WHERE normalize(lower(coalesce(pdp.name, '') || ' ' || dp.name || ' ' || d0.name), NFKC) LIKE ${pattern} ESCAPE '\\'`,
    );
    const departmentIds = `{${matching.map((d) => d.id).join(',')}}`;
    conditions.push(sql`(i.search_text LIKE ${pattern} ESCAPE '\\'
      OR EXISTS (SELECT 1 FROM ${itemDepartments} idp
                  WHERE idp.item_id = i.id
                    AND (idp.department_id = ANY(${departmentIds}::int[])
                         OR normalize(lower(coalesce(idp.text_as_written, '')), NFKC) LIKE ${pattern} ESCAPE '\\')))`);
  }
  if (filters.plan) conditions.push(sql`p.code = ${filters.plan}`);
  for (const [key, depth] of [['field', 0], ['policy', 1]] as const) {
    const value = filters[key];
    if (!value) continue;
    const slash = value.indexOf('/');
    if (slash < 0) continue;
    const planCode = value.slice(0, slash);
    const itemCode = value.slice(slash + 1);
    conditions.push(sql`p.code = ${planCode} AND (i.code = ${itemCode} OR EXISTS (
      WITH RECURSIVE up(id, parent_id, code, depth) AS (
        SELECT x.id, x.parent_id, x.code, x.depth FROM ${planItems} x WHERE x.id = i.id
        UNION ALL SELECT y.id, y.parent_id, y.code, y.depth FROM ${planItems} y JOIN up ON y.id = up.parent_id)
      SELECT 1 FROM up WHERE up.code = ${itemCode} AND up.depth = ${depth}))`);
  }
  if (filters.department !== undefined) {
    // today's department (renamed or merged since: current_id), or its 局
    conditions.push(sql`EXISTS (SELECT 1 FROM ${itemDepartments} idp JOIN ${departments} d0 ON d0.id = idp.department_id
      JOIN ${departments} dp ON dp.id = coalesce(d0.current_id, d0.id)
      WHERE idp.item_id = i.id AND (dp.id = ${filters.department} OR dp.parent_id = ${filters.department}))`);
  }
  if (filters.flag === 'new') conditions.push(sql`i.is_new`);
  if (filters.flag === 'partner') conditions.push(sql`i.is_partner_project`);
  if (filters.flag === 'priority') conditions.push(sql`i.is_priority`);
  if (filters.sdg !== undefined) conditions.push(sql`${filters.sdg}::int = ANY(p.sdg_goals)`);
  if (filters.numeric) {
    conditions.push(sql`(i.numeric_target_text IS NOT NULL OR EXISTS (SELECT 1 FROM ${indicators} ind JOIN ${targets} t ON t.indicator_id = ind.id
      WHERE ind.item_id = i.id AND t.kind <> 'qualitative'))`);
  }
  if (filters.grade) conditions.push(sql`(SELECT lg.grade FROM (${latestGrade(sql`i.id`)}) lg) = ${filters.grade}`);
  const where = sql.join(conditions, sql` AND `);
  const rows = await queryRows<{
    id: number; code: string; number: string | null; name: string; depth: number; is_priority: boolean; is_new: boolean;
    is_partner_project: boolean; relist_kind: string | null; description: string | null; numeric_target_text: string | null;
    plan_code: string; plan_title: string; grade: string | null; grade_fy: number | null; total: string | number;
  }>(
    db,
    // the latest published grade of each item, looked up per item (by entries_item_idx) and only
    // for the page of results, after the LIMIT: computing it for every entry of the country first
    // took over a minute with 1,741 organisations, and a common word matches 68,000 items
    sql`SELECT m.*, lg.grade, lg.fiscal_year AS grade_fy
          FROM (SELECT i.id, i.code, i.number, i.name, i.depth, i.is_priority, i.is_new, i.is_partner_project, i.relist_kind,
                       i.description, i.numeric_target_text, p.code AS plan_code, p.title AS plan_title, count(*) OVER () AS total
                  FROM ${planItems} i
                  JOIN ${plans} p ON p.id = i.plan_id
                 WHERE ${where}
                 ORDER BY p.code, i.depth, i.code
                 LIMIT ${SEARCH_LIMIT}) m
          LEFT JOIN LATERAL (${latestGrade(sql`m.id`)}) lg ON true
         ORDER BY m.plan_code, m.depth, m.code`,
  );
  const paths = await ancestorPaths(db, rows.map((r) => r.id));
  return {
    total: Number(rows[0]?.total ?? 0),
    hits: rows.map((r) => ({
      id: r.id,
      code: r.code,
      number: r.number,
      name: r.name,
      depth: r.depth,
      isPriority: r.is_priority,
      isNew: r.is_new,
      isPartnerProject: r.is_partner_project,
      relistKind: r.relist_kind,
      description: r.description,
      numericTargetText: r.numeric_target_text,
      planCode: r.plan_code,
      planTitle: r.plan_title,
      path: paths.get(r.id) ?? '',
      grade: r.grade,
      gradeFiscalYear: r.grade_fy,
    })),
  };
}

async function ancestorPaths(db: Queryable, ids: number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const planIds = await db.selectDistinct({ planId: planItems.planId }).from(planItems).where(inArray(planItems.id, ids));
  const all = await db
    .select({ id: planItems.id, parentId: planItems.parentId, name: planItems.name })
    .from(planItems)
    .where(inArray(planItems.planId, planIds.map((p) => p.planId)));
  const byId = new Map(all.map((i) => [i.id, i]));
  const result = new Map<number, string>();
  for (const id of ids) {
    const names: string[] = [];
    let parentId = byId.get(id)?.parentId ?? null;
    while (parentId !== null) {
      const parent = byId.get(parentId);
      if (!parent) break;
      names.unshift(parent.name);
      parentId = parent.parentId;
    }
    result.set(id, names.join(' › '));
  }
  return result;
}

export interface SearchFacets {
  /** Fields, policies and departments are those of the chosen plan only (many plans). */
  followsPlan: boolean;
  plans: { code: string; title: string; sdgGoals: number[] }[];
  fields: { value: string; planTitle: string; label: string }[];
  policies: { value: string; planTitle: string; label: string }[];
  departments: { id: number; organisationName: string; label: string }[];
  grades: string[];
  sdgGoals: number[];
}

/**
 * Up to this many public plans, the filters list the fields, policies and departments of every
 * plan; beyond it (a shared service: 1,741 organisations made a 6 MB search page) they list only
 * those of the plan chosen, and the page says to choose a plan first.
 */
export const FACETS_OF_ALL_PLANS_UP_TO = 12;

/** The choices of every filter, from what exists; `planCode`: the plan chosen, if any. */
export async function searchFacets(db: Queryable, planCode?: string): Promise<SearchFacets> {
  const planRows = await db.select({ id: plans.id, code: plans.code, title: plans.title, sdgGoals: plans.sdgGoals }).from(plans).where(isPublicPlan(plans.status)).orderBy(asc(plans.code));
  const titleOf = new Map(planRows.map((p) => [p.id, p]));
  const followsPlan = planRows.length > FACETS_OF_ALL_PLANS_UP_TO;
  const inScope = followsPlan ? planRows.filter((p) => p.code === planCode).map((p) => p.id) : planRows.map((p) => p.id);
  const upper = inScope.length === 0 ? [] : await db
    .select({ planId: planItems.planId, code: planItems.code, number: planItems.number, name: planItems.name, depth: planItems.depth })
    .from(planItems)
    .where(and(sql`${planItems.depth} <= 1`, sql`${planItems.relistOfId} IS NULL`, inArray(planItems.planId, inScope)))
    .orderBy(asc(planItems.planId), asc(planItems.depth), asc(planItems.code));
  const option = (i: (typeof upper)[number]) => ({
    value: `${titleOf.get(i.planId)?.code ?? ''}/${i.code}`,
    planTitle: titleOf.get(i.planId)?.title ?? '',
    label: `${i.code} ${i.name}`,
  });
  const parent = alias(departments, 'parent_department');
  const owner = alias(departments, 'owner_as_written');
  // the departments owning items today (renamed or merged since: current_id)
  const departmentRows = inScope.length === 0 ? [] : await db
    .selectDistinct({ id: departments.id, name: departments.name, parentName: parent.name, organisationName: organisations.name })
    .from(itemDepartments)
    .innerJoin(planItems, and(eq(planItems.id, itemDepartments.itemId), inArray(planItems.planId, inScope)))
    .innerJoin(owner, eq(owner.id, itemDepartments.departmentId))
    .innerJoin(departments, eq(departments.id, sql`coalesce(${owner.currentId}, ${owner.id})`))
    .innerJoin(organisations, eq(organisations.id, departments.organisationId))
    .leftJoin(parent, eq(parent.id, departments.parentId))
    .orderBy(asc(organisations.name), asc(parent.name), asc(departments.name));
  const scaleRows = await db.select({ grades: evaluationScales.grades }).from(evaluationScales).innerJoin(plans, eq(plans.scaleId, evaluationScales.id));
  const grades = [...new Set([...scaleRows.flatMap((s) => s.grades.map((g) => g.code)), ...SCALES['mechanical-sabc'].grades.map((g) => g.code)])];
  return {
    followsPlan,
    plans: planRows.map(({ code, title, sdgGoals }) => ({ code, title, sdgGoals })),
    fields: upper.filter((i) => i.depth === 0).map(option),
    policies: upper.filter((i) => i.depth === 1).map(option),
    departments: departmentRows.map((d) => ({ id: d.id, organisationName: d.organisationName, label: d.parentName ? `${d.parentName} ${d.name}` : d.name })),
    grades,
    sdgGoals: [...new Set(planRows.flatMap((p) => p.sdgGoals))].sort((a, b) => a - b),
  };
}
