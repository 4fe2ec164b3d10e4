// What the import pages need to know: the plans one can download a template of, and the codes
// of the departments a user acts for.
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Queryable } from '../db/client.js';
import { departments, itemDepartments, planItems, plans } from '../db/schema.js';

export interface TemplateChoice {
  planCode: string;
  planTitle: string;
  /** Department code and its label (局 課) when the template is a department's entry workbook. */
  department: { code: string; label: string } | null;
}

/** Department codes for ids (an editor's scope, 課 under a scoped 局 included). */
export async function departmentCodes(db: Queryable, ids: readonly number[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await db.select({ code: departments.code }).from(departments).where(inArray(departments.id, [...ids])).orderBy(asc(departments.code));
  return rows.map((r) => r.code);
}

/**
 * Headquarters: every plan of its organisation (of every organisation for the installation's
 * operator), whole. An editor: each plan × own department that owns items in it.
 */
export async function templateChoices(db: Queryable, departmentIds: readonly number[] | null, organisationId?: number): Promise<TemplateChoice[]> {
  if (departmentIds === null) {
    const rows = await db
      .select({ code: plans.code, title: plans.title })
      .from(plans)
      .where(organisationId === undefined ? undefined : eq(plans.organisationId, organisationId))
      .orderBy(asc(plans.code));
    return rows.map((r) => ({ planCode: r.code, planTitle: r.title, department: null }));
  }
  if (departmentIds.length === 0) return [];
  const parent = alias(departments, 'parent');
  // the workbook selects items by the department they name (code); its label is the department
  // carrying that work today (renamed or merged since: current_id)
  const current = alias(departments, 'current_department');
  const rows = await db
    .selectDistinct({ planCode: plans.code, planTitle: plans.title, code: departments.code, name: current.name, parentName: parent.name })
    .from(itemDepartments)
    .innerJoin(planItems, eq(planItems.id, itemDepartments.itemId))
    .innerJoin(plans, eq(plans.id, planItems.planId))
    .innerJoin(departments, eq(departments.id, itemDepartments.departmentId))
    .innerJoin(current, eq(current.id, sql`coalesce(${departments.currentId}, ${departments.id})`))
    .leftJoin(parent, eq(parent.id, current.parentId))
    .where(and(inArray(itemDepartments.departmentId, [...departmentIds])))
    .orderBy(asc(plans.code), asc(departments.code));
  return rows.map((r) => ({ planCode: r.planCode, planTitle: r.planTitle, department: { code: r.code, label: r.parentName ? `${r.parentName} ${r.name}` : r.name } }));
}
