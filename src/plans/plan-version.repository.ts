// A plan's data version: what the public page cache checks a kept page of one plan against, so
// that a write to another organisation's plan (a national service has 1,741) leaves this plan's
// pages cached. The database's triggers (migration 0007) add a plan_changes row for every
// statement that changes what a plan's pages show; the version is the count and the sum of the
// ids of the plan's rows and its predecessor's (a successor's item page shows the old grades).
//
// Count and sum, not the largest id: ids are taken when a statement runs and become visible when
// its transaction commits, so a transaction that commits after a later one adds a row with a
// smaller id; the count still moves. Pruning removes only rows older than an hour (never a plan's
// newest); every id inserted after a prune's rows is larger than theirs, so a prune and an insert
// together still move the sum.
import { sql } from 'drizzle-orm';
import { queryRows, type Queryable } from '../db/client.js';

/** The version of the plan with this code ('0.0' when nothing was recorded, or no such plan). */
export async function planDataVersion(db: Queryable, planCode: string): Promise<string> {
  const [row] = await queryRows<{ n: number | string; s: string | null }>(
    db,
    sql`SELECT count(*) AS n, sum(c.id)::text AS s
          FROM plan_changes c
         WHERE c.plan_id IN (SELECT p.id FROM plans p WHERE p.code = ${planCode}
                             UNION ALL
                             SELECT p.predecessor_id FROM plans p WHERE p.code = ${planCode})`,
  );
  return `${Number(row?.n ?? 0)}.${row?.s ?? '0'}`;
}

/**
 * The version of every plan, by code, in one statement (what planDataVersion gives for each):
 * the page cache reads it once each time the data's version moves, instead of one query per
 * kept page. A plan with no recorded change is absent (its version is '0.0').
 */
export async function allPlanDataVersions(db: Queryable): Promise<Map<string, string>> {
  const rows = await queryRows<{ code: string; n: number | string; s: string | null }>(
    db,
    sql`SELECT x.code, count(*) AS n, sum(x.id)::text AS s
          FROM (SELECT p.code, c.id FROM plans p JOIN plan_changes c ON c.plan_id = p.id
                UNION ALL
                SELECT p.code, c.id FROM plans p JOIN plan_changes c ON c.plan_id = p.predecessor_id) x
         GROUP BY x.code`,
  );
  return new Map(rows.map((row) => [row.code, `${Number(row.n)}.${row.s ?? '0'}`]));
}

/** Removes change rows older than `olderThanMinutes`, keeping each plan's newest; returns how many. */
export async function prunePlanChanges(db: Queryable, olderThanMinutes = 60): Promise<number> {
  const rows = await queryRows<{ id: number }>(
    db,
    sql`DELETE FROM plan_changes c
         WHERE c.at < now() - make_interval(mins => ${olderThanMinutes})
           AND c.id < (SELECT max(m.id) FROM plan_changes m WHERE m.plan_id = c.plan_id)
        RETURNING c.id`,
  );
  return rows.length;
}
