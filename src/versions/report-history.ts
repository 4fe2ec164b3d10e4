// What a report needs of history: departments named as of the round's year (reorganisations
// since do not rename a past round), and the plan version each round was judged against.
import { eq } from 'drizzle-orm';
import type { Queryable } from '../db/client.js';
import { plans } from '../db/schema.js';
import { loadDepartmentNamer, namingDateOf } from '../departments/department-names.js';
import type { BuildReportOptions } from '../reports/report-model.js';
import { roundBasisLabels } from './round-basis.js';

export async function reportHistory(db: Queryable, planCode: string): Promise<Pick<BuildReportOptions, 'departmentLabel' | 'basisOf'>> {
  const [plan] = await db.select({ id: plans.id, organisationId: plans.organisationId }).from(plans).where(eq(plans.code, planCode));
  if (!plan) return {};
  const namer = await loadDepartmentNamer(db, plan.organisationId);
  const bases = await roundBasisLabels(db, plan.id);
  return {
    departmentLabel: (code, textAsWritten, round) => namer.labelOfCode(code, textAsWritten, round ? namingDateOf(round) : null),
    basisOf: (fiscalYear) => bases.get(fiscalYear),
  };
}
