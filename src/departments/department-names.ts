// How readers name the departments owning an item, through reorganisations: today's pages name
// the department that carries the work now; a past round names the department of its time (at
// the end of its fiscal year). The text as written in the plan document (「各区区民生活課」) is
// shown only while the department it was written for is the one named.
import { eq, inArray, sql } from 'drizzle-orm';
import type { Queryable } from '../db/client.js';
import { departments } from '../db/schema.js';
import { chainsOf, currentDepartmentOf, departmentAt, endOfFiscalYear } from './department-history.js';

type Row = Pick<typeof departments.$inferSelect, 'id' | 'code' | 'name' | 'parentId' | 'successorId' | 'validFrom' | 'validTo'>;

/** Rounds still open name today's departments; closed and published ones the departments of their year. */
export function namingDateOf(round: { fiscalYear: number; state: string }): string | null {
  return round.state === 'closed' || round.state === 'published' ? endOfFiscalYear(round.fiscalYear) : null;
}

export class DepartmentNamer {
  private readonly byId: Map<number, Row>;
  private readonly byCode: Map<string, Row>;
  private readonly chains;

  constructor(rows: readonly Row[]) {
    this.byId = new Map(rows.map((r) => [r.id, r]));
    this.byCode = new Map(rows.map((r) => [r.code, r]));
    this.chains = chainsOf(rows);
  }

  /** The department carrying the work of `id` on `date` (null: today). */
  resolve(id: number, date: string | null): number {
    return date === null ? currentDepartmentOf(this.chains, id) : departmentAt(this.chains, id, date);
  }

  /** 「局 課」 of the department of `id` on `date` (null: today); the text as written while it still applies. */
  label(id: number, textAsWritten: string | null, date: string | null): string {
    const resolved = this.resolve(id, date);
    if (resolved === id && textAsWritten) return textAsWritten;
    const row = this.byId.get(resolved);
    if (!row) return textAsWritten ?? '';
    const parent = row.parentId !== null ? this.byId.get(row.parentId) : undefined;
    return parent ? `${parent.name} ${row.name}` : row.name;
  }

  /** The same by department code (the dataset format refers to departments by code). */
  labelOfCode(code: string, textAsWritten: string | null, date: string | null): string | undefined {
    const row = this.byCode.get(code);
    return row ? this.label(row.id, textAsWritten, date) : undefined;
  }
}

const COLUMNS = { id: departments.id, code: departments.code, name: departments.name, parentId: departments.parentId, successorId: departments.successorId, validFrom: departments.validFrom, validTo: departments.validTo };

/** A namer over every department of an organisation (a few hundred rows at most). */
export async function loadDepartmentNamer(db: Queryable, organisationId: number): Promise<DepartmentNamer> {
  return new DepartmentNamer(await db.select(COLUMNS).from(departments).where(eq(departments.organisationId, organisationId)));
}

/**
 * A namer over the chains of the given departments only (those sharing their current department,
 * found by current_id, and their 局): two queries, whatever the size of the installation.
 */
export async function loadDepartmentNamerFor(db: Queryable, ids: readonly number[]): Promise<DepartmentNamer> {
  if (ids.length === 0) return new DepartmentNamer([]);
  const currentOf = sql`coalesce(${departments.currentId}, ${departments.id})`;
  const chains = await db
    .select(COLUMNS)
    .from(departments)
    .where(inArray(currentOf, db.select({ id: currentOf }).from(departments).where(inArray(departments.id, [...new Set(ids)]))));
  const known = new Set(chains.map((r) => r.id));
  const parentIds = [...new Set(chains.flatMap((r) => (r.parentId !== null && !known.has(r.parentId) ? [r.parentId] : [])))];
  const parents = parentIds.length > 0 ? await db.select(COLUMNS).from(departments).where(inArray(departments.id, parentIds)) : [];
  return new DepartmentNamer([...chains, ...parents]);
}
