// Evaluation scales in the database: the shipped ones (domain/scales.ts) are kept present and
// current; a plan refers to a scale by code.
import { eq } from 'drizzle-orm';
import type { Queryable } from '../db/client.js';
import { evaluationScales } from '../db/schema.js';
import { SCALES, type Scale } from '../domain/scales.js';
import { sameValues } from '../datasets/compare.js';

/** Inserts or updates the shipped scales; returns how many rows it wrote (0 when all current). */
export async function ensureShippedScales(db: Queryable): Promise<number> {
  const have = new Map((await db.select().from(evaluationScales)).map((row) => [row.code, row]));
  let written = 0;
  for (const scale of Object.values(SCALES) as Scale[]) {
    const wanted = { name: scale.name, description: scale.description, grades: scale.grades, rule: scale.rule };
    const row = have.get(scale.id);
    if (!row) {
      await db.insert(evaluationScales).values({ code: scale.id, ...wanted });
      written++;
    } else if (!sameValues(wanted, row)) {
      await db.update(evaluationScales).set(wanted).where(eq(evaluationScales.id, row.id));
      written++;
    }
  }
  return written;
}

export async function scaleByCode(db: Queryable, code: string): Promise<Scale | undefined> {
  const [row] = await db.select().from(evaluationScales).where(eq(evaluationScales.code, code));
  return row ? { id: row.code, name: row.name, description: row.description ?? '', grades: row.grades, rule: row.rule } : undefined;
}
