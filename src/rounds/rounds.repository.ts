// Database access for rounds (年度評価), entries, their comments and figures. Every function
// takes the transaction (or database) it runs in.
import { and, asc, desc, eq, ilike, inArray, lt, or, sql } from 'drizzle-orm';
import type { Queryable } from '../db/client.js';
import { isDraftObservation } from '../plans/publication.js';
import { loadDepartmentNamerFor, namingDateOf } from '../departments/department-names.js';
import {
  auditLog,
  corrections,
  departments,
  entries,
  entryComments,
  evaluationScales,
  indicators,
  itemDepartments,
  observations,
  planItems,
  plans,
  rounds,
  targets,
  users,
} from '../db/schema.js';

export type RoundRow = typeof rounds.$inferSelect;
export type EntryRow = typeof entries.$inferSelect;
export type PlanRow = typeof plans.$inferSelect;
export type IndicatorRow = typeof indicators.$inferSelect;
export type TargetRow = typeof targets.$inferSelect;
export type ObservationRow = typeof observations.$inferSelect;

export interface RoundSummary extends RoundRow {
  planCode: string;
  planTitle: string;
  entryCount: number;
}

/** Rounds of every plan, or of one organisation's plans. */
export async function listRounds(db: Queryable, organisationId?: number): Promise<RoundSummary[]> {
  const rows = await db
    .select({ round: rounds, planCode: plans.code, planTitle: plans.title, entryCount: sql<number>`(SELECT count(*) FROM entries e WHERE e.round_id = ${rounds.id})`.mapWith(Number) })
    .from(rounds)
    .innerJoin(plans, eq(plans.id, rounds.planId))
    .where(organisationId === undefined ? undefined : eq(plans.organisationId, organisationId))
    .orderBy(asc(plans.code), desc(rounds.fiscalYear));
  return rows.map((r) => ({ ...r.round, planCode: r.planCode, planTitle: r.planTitle, entryCount: r.entryCount }));
}

export async function findRound(db: Queryable, roundId: number): Promise<{ round: RoundRow; plan: PlanRow } | undefined> {
  const [row] = await db.select({ round: rounds, plan: plans }).from(rounds).innerJoin(plans, eq(plans.id, rounds.planId)).where(eq(rounds.id, roundId));
  return row;
}

/** The round row locked for update, so two transitions of one round never interleave. */
export async function lockRound(db: Queryable, roundId: number): Promise<RoundRow | undefined> {
  const [row] = await db.select().from(rounds).where(eq(rounds.id, roundId)).for('update');
  return row;
}

export { findPlanByCode } from '../plans/plans.repository.js';

export async function listPlanChoices(db: Queryable, organisationId?: number): Promise<{ code: string; title: string; periodStartFy: number; periodEndFy: number }[]> {
  return db
    .select({ code: plans.code, title: plans.title, periodStartFy: plans.periodStartFy, periodEndFy: plans.periodEndFy })
    .from(plans)
    .where(organisationId === undefined ? undefined : eq(plans.organisationId, organisationId))
    .orderBy(asc(plans.code));
}

export async function findRoundOfPlanYear(db: Queryable, planId: number, fiscalYear: number): Promise<RoundRow | undefined> {
  const [row] = await db.select().from(rounds).where(and(eq(rounds.planId, planId), eq(rounds.fiscalYear, fiscalYear)));
  return row;
}

export async function insertRound(db: Queryable, values: typeof rounds.$inferInsert): Promise<RoundRow> {
  const [row] = await db.insert(rounds).values(values).returning();
  if (!row) throw new Error('insert into rounds returned no row');
  return row;
}

export async function updateRound(db: Queryable, roundId: number, values: Partial<typeof rounds.$inferInsert>): Promise<RoundRow> {
  const [row] = await db.update(rounds).set(values).where(eq(rounds.id, roundId)).returning();
  if (!row) throw new Error('update of rounds returned no row');
  return row;
}

export interface RoundValueRow {
  indicatorCode: string;
  indicatorName: string;
  itemCode: string;
  unit: string | null;
  kind: string;
  text: string;
  /** What the public sees of it (plans/publication.ts). */
  public: boolean;
  corrections: { beforeText: string; afterText: string; reason: string; correctedAt: Date }[];
}

/** The values of the round's fiscal year of every indicator of its plan, with their corrections (訂正). */
export async function valuesOfRound(db: Queryable, round: RoundRow): Promise<RoundValueRow[]> {
  const rows = await db
    .select({
      id: observations.id, indicatorCode: indicators.code, indicatorName: indicators.name, itemCode: planItems.code, unit: indicators.unit, kind: observations.kind, text: observations.text,
      public: sql<boolean>`NOT ${isDraftObservation({ indicatorId: observations.indicatorId, fiscalYear: observations.fiscalYear, recordedAt: observations.recordedAt }, indicators.planId)}`,
    })
    .from(observations)
    .innerJoin(indicators, eq(indicators.id, observations.indicatorId))
    .innerJoin(planItems, eq(planItems.id, indicators.itemId))
    .where(and(eq(indicators.planId, round.planId), eq(observations.fiscalYear, round.fiscalYear)))
    .orderBy(asc(planItems.id), asc(indicators.position), asc(indicators.id), asc(observations.kind));
  const made = rows.length === 0 ? [] : await db.select().from(corrections).where(inArray(corrections.observationId, rows.map((r) => r.id))).orderBy(asc(corrections.id));
  return rows.map(({ id, ...row }) => ({ ...row, corrections: made.filter((c) => c.observationId === id) }));
}

export async function deleteRoundRow(db: Queryable, roundId: number): Promise<void> {
  await db.delete(rounds).where(eq(rounds.id, roundId));
}

/** Items that someone reports on: every item with an owning department (担当課). */
export async function ownedItemIds(db: Queryable, planId: number): Promise<number[]> {
  const rows = await db
    .selectDistinct({ id: planItems.id })
    .from(planItems)
    .innerJoin(itemDepartments, eq(itemDepartments.itemId, planItems.id))
    .where(and(eq(planItems.planId, planId), sql`${planItems.relistOfId} IS NULL`, sql`${planItems.retiredAt} IS NULL`));
  return rows.map((r) => r.id);
}

/** Creates the missing entries (未着手) of a round; returns how many it created. */
export async function createEntries(db: Queryable, round: RoundRow, itemIds: readonly number[]): Promise<number> {
  if (itemIds.length === 0) return 0;
  const created = await db
    .insert(entries)
    .values(itemIds.map((itemId) => ({ planId: round.planId, roundId: round.id, itemId })))
    .onConflictDoNothing()
    .returning({ id: entries.id });
  return created.length;
}

// ───────────────────────────── entries as lists ─────────────────────────────

export interface EntryListRow {
  entryId: number;
  roundId: number;
  fiscalYear: number;
  roundState: string;
  entryDeadline: string | null;
  reviewDeadline: string | null;
  planCode: string;
  planTitle: string;
  itemId: number;
  itemCode: string;
  itemName: string;
  itemPosition: number;
  state: string;
  selfGrade: string | null;
  computedGrade: string | null;
  finalGrade: string | null;
  version: number;
  updatedAt: Date;
  submittedAt: Date | null;
  departmentIds: number[];
  departmentNames: string[];
}

const departmentIdsOf = sql<number[]>`coalesce((SELECT array_agg(d.department_id ORDER BY d.position) FROM item_departments d WHERE d.item_id = ${entries.itemId}), '{}')`;
/** 局 and 課 together (「市民局 市民協働推進課」): several wards have a まちづくり推進課. Departments renamed or merged since are named again by `normalise`. */
const departmentNamesOf = sql<string[]>`coalesce((SELECT array_agg(coalesce(parent.name || ' ', '') || dep.name ORDER BY d.position) FROM item_departments d JOIN departments dep ON dep.id = d.department_id LEFT JOIN departments parent ON parent.id = dep.parent_id WHERE d.item_id = ${entries.itemId}), '{}')`;

function entryListQuery(db: Queryable) {
  return db
    .select({
      entryId: entries.id,
      roundId: rounds.id,
      fiscalYear: rounds.fiscalYear,
      roundState: rounds.state,
      entryDeadline: rounds.entryDeadline,
      reviewDeadline: rounds.reviewDeadline,
      planCode: plans.code,
      planTitle: plans.title,
      itemId: planItems.id,
      itemCode: planItems.code,
      itemName: planItems.name,
      itemPosition: planItems.id,
      state: entries.state,
      selfGrade: entries.selfGrade,
      computedGrade: entries.computedGrade,
      finalGrade: entries.finalGrade,
      version: entries.version,
      updatedAt: entries.updatedAt,
      submittedAt: entries.submittedAt,
      departmentIds: departmentIdsOf,
      departmentNames: departmentNamesOf,
    })
    .from(entries)
    .innerJoin(rounds, eq(rounds.id, entries.roundId))
    .innerJoin(plans, eq(plans.id, entries.planId))
    .innerJoin(planItems, eq(planItems.id, entries.itemId));
}

async function normalise(db: Queryable, rows: EntryListRow[]): Promise<EntryListRow[]> {
  // PGlite and node-postgres both return int[] / text[] as arrays; keep numbers numbers
  const list = rows.map((r) => ({ ...r, departmentIds: r.departmentIds.map(Number) }));
  if (list.length === 0) return list;
  // departments renamed or merged since: open rounds name today's department, past rounds the one of their year
  const namer = await loadDepartmentNamerFor(db, list.flatMap((r) => r.departmentIds));
  return list.map((r) => {
    const date = namingDateOf({ fiscalYear: r.fiscalYear, state: r.roundState });
    const names = r.departmentIds.map((id, i) => (namer.resolve(id, date) === id ? (r.departmentNames[i] ?? '') : namer.label(id, null, date)));
    return { ...r, departmentNames: [...new Set(names)] }; // two owners merged since are named once
  });
}

export async function entriesOfRound(db: Queryable, roundId: number): Promise<EntryListRow[]> {
  return normalise(db, await entryListQuery(db).where(eq(entries.roundId, roundId)).orderBy(asc(planItems.id)));
}

/** Entries of open rounds (入力中 / 確認中) whose item one of the departments owns. */
export async function entriesOwnedBy(db: Queryable, departmentIds: readonly number[], planIds: readonly number[] = []): Promise<EntryListRow[]> {
  if (departmentIds.length === 0 && planIds.length === 0) return [];
  const owned = departmentIds.length > 0
    ? inArray(entries.itemId, db.select({ id: itemDepartments.itemId }).from(itemDepartments).where(inArray(itemDepartments.departmentId, [...departmentIds])))
    : undefined;
  const inPlans = planIds.length > 0 ? inArray(entries.planId, [...planIds]) : undefined;
  return normalise(
    db,
    await entryListQuery(db)
      .where(and(inArray(rounds.state, ['entry', 'review']), or(owned, inPlans)))
      .orderBy(asc(rounds.entryDeadline), asc(plans.code), asc(planItems.id)),
  );
}

/** Entries waiting for review (提出) in open rounds, of every or one organisation; the caller filters by scope. */
export async function submittedEntries(db: Queryable, organisationId?: number): Promise<EntryListRow[]> {
  return normalise(
    db,
    await entryListQuery(db)
      .where(and(inArray(rounds.state, ['entry', 'review']), eq(entries.state, 'submitted'), organisationId === undefined ? undefined : eq(plans.organisationId, organisationId)))
      .orderBy(asc(entries.submittedAt)),
  );
}

// ───────────────────────────── one entry with everything its page shows ─────────────────────────────

export interface EntryContext {
  round: RoundRow;
  plan: PlanRow;
  item: { id: number; code: string; name: string; description: string | null; numericTargetText: string | null };
  departments: { id: number; name: string }[];
  entry: EntryRow | undefined;
  indicators: { indicator: IndicatorRow; targets: TargetRow[]; observations: ObservationRow[] }[];
  comments: { kind: string; body: string; createdAt: Date; author: string | null }[];
  updatedByName: string | null;
  scale: { code: string; name: string; grades: (typeof evaluationScales.$inferSelect)['grades']; rule: (typeof evaluationScales.$inferSelect)['rule']; description: string | null } | undefined;
}

export async function loadEntryContext(db: Queryable, roundId: number, itemCode: string, options: { forUpdate?: boolean } = {}): Promise<EntryContext | undefined> {
  const found = await findRound(db, roundId);
  if (!found) return undefined;
  const { round, plan } = found;
  const [item] = await db
    .select({ id: planItems.id, code: planItems.code, name: planItems.name, description: planItems.description, numericTargetText: planItems.numericTargetText })
    .from(planItems)
    .where(and(eq(planItems.planId, plan.id), eq(planItems.code, itemCode)));
  if (!item) return undefined;
  const owners = await db
    .select({ id: departments.id, name: departments.name })
    .from(itemDepartments)
    .innerJoin(departments, eq(departments.id, itemDepartments.departmentId))
    .where(eq(itemDepartments.itemId, item.id))
    .orderBy(asc(itemDepartments.position));
  const namer = await loadDepartmentNamerFor(db, owners.map((o) => o.id));
  const namingDate = namingDateOf(round);
  const named = owners.map((o) => (namer.resolve(o.id, namingDate) === o.id ? o : { id: o.id, name: namer.label(o.id, null, namingDate) }));
  const entryQuery = db.select().from(entries).where(and(eq(entries.roundId, round.id), eq(entries.itemId, item.id)));
  const [entry] = options.forUpdate ? await entryQuery.for('update') : await entryQuery;
  const indicatorRows = await db.select().from(indicators).where(eq(indicators.itemId, item.id)).orderBy(asc(indicators.position), asc(indicators.id));
  const ids = indicatorRows.map((i) => i.id);
  const targetRows = ids.length ? await db.select().from(targets).where(inArray(targets.indicatorId, ids)).orderBy(asc(targets.position)) : [];
  const observationRows = ids.length ? await db.select().from(observations).where(inArray(observations.indicatorId, ids)).orderBy(asc(observations.fiscalYear)) : [];
  const comments = entry
    ? await db
        .select({ kind: entryComments.kind, body: entryComments.body, createdAt: entryComments.createdAt, author: users.displayName })
        .from(entryComments)
        .leftJoin(users, eq(users.id, entryComments.authorId))
        .where(eq(entryComments.entryId, entry.id))
        .orderBy(asc(entryComments.id))
    : [];
  let updatedByName: string | null = null;
  if (entry?.updatedBy) {
    const [u] = await db.select({ name: users.displayName }).from(users).where(eq(users.id, entry.updatedBy));
    updatedByName = u?.name ?? null;
  }
  const [scaleRow] = plan.scaleId ? await db.select().from(evaluationScales).where(eq(evaluationScales.id, plan.scaleId)) : [];
  return {
    round,
    plan,
    item,
    departments: named,
    entry,
    indicators: indicatorRows.map((indicator) => ({
      indicator,
      targets: targetRows.filter((t) => t.indicatorId === indicator.id),
      observations: observationRows.filter((o) => o.indicatorId === indicator.id),
    })),
    comments,
    updatedByName,
    scale: scaleRow ? { code: scaleRow.code, name: scaleRow.name, grades: scaleRow.grades, rule: scaleRow.rule, description: scaleRow.description } : undefined,
  };
}

/** The plan's evaluation scale row, if it names one. */
export async function planScale(db: Queryable, plan: PlanRow): Promise<EntryContext['scale']> {
  if (!plan.scaleId) return undefined;
  const [row] = await db.select().from(evaluationScales).where(eq(evaluationScales.id, plan.scaleId));
  return row ? { code: row.code, name: row.name, grades: row.grades, rule: row.rule, description: row.description } : undefined;
}

export async function updateEntry(db: Queryable, entryId: number, values: Partial<typeof entries.$inferInsert>): Promise<EntryRow> {
  const [row] = await db.update(entries).set({ ...values, updatedAt: new Date() }).where(eq(entries.id, entryId)).returning();
  if (!row) throw new Error('update of entries returned no row');
  return row;
}

export async function insertComment(db: Queryable, entryId: number, authorId: number, kind: 'comment' | 'return' | 'approve', body: string): Promise<void> {
  await db.insert(entryComments).values({ entryId, authorId, kind, body });
}

/** Writes the year's actual (実績) of an indicator; returns the row before and after. */
// ───────────────────────────── dashboard and audit ─────────────────────────────

/** Indicators of the round's items with no observation (value or reason) for the round's year. */
export async function indicatorsWithoutData(db: Queryable, round: RoundRow): Promise<{ itemId: number; code: string; name: string }[]> {
  return db
    .select({ itemId: indicators.itemId, code: indicators.code, name: indicators.name })
    .from(indicators)
    .innerJoin(entries, and(eq(entries.itemId, indicators.itemId), eq(entries.roundId, round.id)))
    .where(sql`NOT EXISTS (SELECT 1 FROM observations o WHERE o.indicator_id = ${indicators.id} AND o.fiscal_year = ${round.fiscalYear})`)
    .orderBy(asc(indicators.id));
}

export async function departmentNames(db: Queryable, ids: readonly number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.select({ id: departments.id, name: departments.name }).from(departments).where(inArray(departments.id, [...ids]));
  return new Map(rows.map((r) => [r.id, r.name]));
}

export interface AuditQuery {
  text?: string | undefined;
  subjectType?: string | undefined;
  subjectId?: string | undefined;
  /**
   * Only changes made by users of this organisation. Rows of the system and of the command line
   * (dataset loads, imports run on the server) belong to the installation and are left out.
   */
  organisationId?: number | undefined;
  /** Actions found by their Japanese label (audit-view.actionsLabelled): the text matches these too. */
  actions?: readonly string[];
  /** Only changes older than this one (the next page). */
  beforeId?: number | undefined;
  limit?: number;
}

export async function searchAudit(db: Queryable, query: AuditQuery) {
  const conditions = [];
  if (query.beforeId !== undefined) conditions.push(lt(auditLog.id, query.beforeId));
  if (query.subjectType) conditions.push(eq(auditLog.subjectType, query.subjectType));
  if (query.subjectId) conditions.push(eq(auditLog.subjectId, query.subjectId));
  if (query.organisationId !== undefined) {
    conditions.push(inArray(auditLog.actorId, db.select({ id: users.id }).from(users).where(eq(users.organisationId, query.organisationId))));
  }
  if (query.text) {
    const like = `%${query.text.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    const labelled = query.actions && query.actions.length > 0 ? [inArray(auditLog.action, [...query.actions])] : [];
    conditions.push(or(ilike(auditLog.action, like), ilike(auditLog.actorLabel, like), sql`${auditLog.before}::text ILIKE ${like}`, sql`${auditLog.after}::text ILIKE ${like}`, ...labelled));
  }
  return db
    .select()
    .from(auditLog)
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(desc(auditLog.id))
    .limit(query.limit ?? 200);
}
