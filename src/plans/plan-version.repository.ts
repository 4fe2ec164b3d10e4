// A plan's data version: what the public page cache checks a kept page of one plan against, so
// that a write to another organisation's plan (a national service has 1,741) leaves this plan's
// pages cached. The database's triggers (migration 0007) add a plan_changes row for every
// statement that changes what a plan's pages show; the version is the count and the sum of the
// ids of the plan's rows and its predecessor's (a successor's item page shows the old grades).
//
// Count and sum, not the largest id: ids are taken when a statement runs and become visible when
// its transaction commits, so a transaction that commits after a later one adds a row with a
// smaller id; the count still moves. Pruning merges a plan's old rows into one row carrying their
// count (`rows`) and id sum (`id_sum`), so the version stays what it was and the table stays
// about one row per plan plus the last minutes' changes (what every-plan reading costs).
import { sql } from 'drizzle-orm';
import { queryRows, type Queryable } from '../db/client.js';

/** The version of the plan with this code ('0.0' when nothing was recorded, or no such plan). */
export async function planDataVersion(db: Queryable, planCode: string): Promise<string> {
  const [row] = await queryRows<{ n: number | string; s: string | null }>(
    db,
    sql`SELECT coalesce(sum(c.rows), 0) AS n, sum(coalesce(c.id_sum, c.id))::text AS s
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
    sql`SELECT x.code, sum(x.rows) AS n, sum(x.id_sum)::text AS s
          FROM (SELECT p.code, c.rows, coalesce(c.id_sum, c.id) AS id_sum FROM plans p JOIN plan_changes c ON c.plan_id = p.id
                UNION ALL
                SELECT p.code, c.rows, coalesce(c.id_sum, c.id) FROM plans p JOIN plan_changes c ON c.plan_id = p.predecessor_id) x
         GROUP BY x.code`,
  );
  return new Map(rows.map((row) => [row.code, `${Number(row.n)}.${row.s ?? '0'}`]));
}

/**
 * Merges, per plan, its change rows older than `olderThanMinutes` into one row with their count
 * and id sum (plans with one such row are left as they are): every plan's version stays the same.
 * One statement, so a reader sees the rows before or after, never half. Returns how many rows
 * were merged away.
 */
export async function prunePlanChanges(db: Queryable, olderThanMinutes = 1): Promise<number> {
  const rows = await queryRows<{ merged: number | string | null }>(
    db,
    sql`WITH old AS (
          DELETE FROM plan_changes c
           WHERE c.at < now() - make_interval(mins => ${olderThanMinutes})
             AND c.plan_id IN (SELECT o.plan_id FROM plan_changes o
                                WHERE o.at < now() - make_interval(mins => ${olderThanMinutes})
                                GROUP BY o.plan_id HAVING count(*) > 1)
          RETURNING c.plan_id, c.rows, coalesce(c.id_sum, c.id) AS id_sum
        ), merged AS (
          INSERT INTO plan_changes (plan_id, rows, id_sum)
          SELECT old.plan_id, sum(old.rows), sum(old.id_sum) FROM old GROUP BY old.plan_id
          RETURNING 1
        )
        SELECT (SELECT count(*) FROM old) - (SELECT count(*) FROM merged) AS merged`,
  );
  return Number(rows[0]?.merged ?? 0);
}

/**
 * Rewrites and analyses plan_changes after a large merge: the merged rows sit at the end of the
 * table, so a plain vacuum could not give back the pages before them, and the every-plan reading
 * would still scan them (2,041 rows left of 370,834: 38–87 ms after a plain vacuum, 10 ms rewritten). The table is
 * locked while it is rewritten (writers of plan pages wait that long; tens of milliseconds).
 */
export async function vacuumPlanChanges(db: Queryable): Promise<void> {
  await queryRows(db, sql`VACUUM (FULL, ANALYZE) plan_changes`);
}
