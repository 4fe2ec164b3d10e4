// The history of departments (部署) through reorganisations, without I/O. A department that was
// renamed or merged has a successor; the chain of successors ends at the department that carries
// its work today. Item ownership rows are never rewritten: who owns an item now, and who owned it
// at a date, both follow from the chain.

/** The fields of a department row the history needs. Dates are ISO strings (YYYY-MM-DD). */
export interface DepartmentLink {
  id: number;
  successorId: number | null;
  validFrom: string | null;
  validTo: string | null;
}

export type DepartmentChains = ReadonlyMap<number, DepartmentLink>;

export function chainsOf(rows: readonly DepartmentLink[]): DepartmentChains {
  return new Map(rows.map((row) => [row.id, row]));
}

/** Follows successors from `id`; stops at a department without one (or at a loop, defensively). */
function follow(chains: DepartmentChains, id: number, keepGoing: (row: DepartmentLink) => boolean): number {
  const seen = new Set<number>();
  let row = chains.get(id);
  while (row && row.successorId !== null && !seen.has(row.id) && keepGoing(row)) {
    seen.add(row.id);
    const next = chains.get(row.successorId);
    if (!next) break;
    row = next;
  }
  return row?.id ?? id;
}

/** The department that carries this one's work today: the end of its successor chain. */
export function currentDepartmentOf(chains: DepartmentChains, id: number): number {
  return follow(chains, id, () => true);
}

/**
 * The department of the chain that was valid on `date`: follows successors while the department
 * had already ended before that date. A department not yet founded on `date` is kept (an item
 * cannot have been owned by anything earlier than the department it names).
 */
export function departmentAt(chains: DepartmentChains, id: number, date: string): number {
  return follow(chains, id, (row) => row.validTo !== null && row.validTo < date);
}

/** The end of fiscal year `fiscalYear` (令和5年度 → 2024-03-31), the date past rounds are named at. */
export function endOfFiscalYear(fiscalYear: number): string {
  return `${fiscalYear + 1}-03-31`;
}

/**
 * The value `current_id` of every department should hold: the end of its chain, or null for a
 * department that is itself current. The rename/merge commands write what differs.
 */
export function currentIds(chains: DepartmentChains): Map<number, number | null> {
  const result = new Map<number, number | null>();
  for (const id of chains.keys()) {
    const current = currentDepartmentOf(chains, id);
    result.set(id, current === id ? null : current);
  }
  return result;
}

/**
 * Every department that shares a current department with one of `ids`: its predecessors (those
 * whose chain passes through it), its successors, and those merged into the same successor. A
 * user scoped to the new 課 acts for items still owned by the old one (sessions.repository does
 * the same in SQL with current_id).
 */
export function relatedDepartments(chains: DepartmentChains, ids: readonly number[]): number[] {
  const currents = new Set(ids.map((id) => currentDepartmentOf(chains, id)));
  return [...chains.keys()].filter((id) => currents.has(currentDepartmentOf(chains, id))).sort((a, b) => a - b);
}

/** The day before an ISO date (the last day of a department that ends when its successor starts). */
export function dayBefore(date: string): string {
  const day = new Date(`${date}T00:00:00Z`);
  day.setUTCDate(day.getUTCDate() - 1);
  return day.toISOString().slice(0, 10);
}
