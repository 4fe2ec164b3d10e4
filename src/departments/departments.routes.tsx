// Routes of departments (部署) under /admin/organisations/:org/departments. Every page needs
// plan:edit and the organisation of the user (another organisation's pages answer 404).
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../app.js';
import type { Database } from '../db/client.js';
import { AppError } from '../errors.js';
import { formOf, isFixable, parsed } from '../web/route-forms.js';
import { currentUser, requires } from '../auth/middleware.js';
import { abolishDepartment, AbolishDepartmentInput } from './abolish-department.js';
import { createDepartment, CreateDepartmentInput } from './create-department.js';
import { mergeDepartment, MergeDepartmentInput } from './merge-department.js';
import { renameDepartment, RenameDepartmentInput, suggestedCode } from './rename-department.js';
import { AbolishDepartmentPage, DepartmentListPage, departmentsUrl, MergeDepartmentPage, NewDepartmentPage, RenameDepartmentPage } from './departments-pages.js';
import { departmentChanges, departmentsOf, type DepartmentRow, type OrganisationRow } from './departments.repository.js';
import { organisationOfRoute } from './organisation-of.js';

export function departmentRoutes(database: Database) {
  const app = new Hono<AppEnv>();
  const db = database.db;

  const organisationOf = (c: Context<AppEnv>) => organisationOfRoute(db, c);

  async function departmentOf(c: Context<AppEnv>, organisation: OrganisationRow): Promise<{ department: DepartmentRow; parent: DepartmentRow | undefined; all: DepartmentRow[] }> {
    const id = z.coerce.number().int().positive().safeParse(c.req.param('id'));
    const all = await departmentsOf(db, organisation.id);
    const department = id.success ? all.find((d) => d.id === id.data) : undefined;
    if (!department) throw new AppError('NOT_FOUND', { what: '部署' });
    const parent = department.parentId !== null ? all.find((d) => d.id === department.parentId) : undefined;
    return { department, parent, all };
  }

  const frame = (c: Context<AppEnv>, organisation: OrganisationRow) => ({ user: currentUser(c), csrfToken: c.get('csrfToken'), organisation });
  const currentOnes = (all: DepartmentRow[]) => all.filter((d) => d.endKind === null);

  app.get('/admin/organisations/:org/departments', requires('plan:edit'), async (c) => {
    const organisation = await organisationOf(c);
    const notice = c.req.query('done');
    return c.html(
      <DepartmentListPage {...frame(c, organisation)} departments={await departmentsOf(db, organisation.id)} changes={await departmentChanges(db, organisation.id)}
        notice={notice ? ({ created: '部署を追加しました。', renamed: '名称を変更しました。', merged: '統合しました。', abolished: '廃止しました。' } as Record<string, string>)[notice] : undefined} />,
    );
  });

  app.get('/admin/organisations/:org/departments/new', requires('plan:edit'), async (c) => {
    const organisation = await organisationOf(c);
    return c.html(<NewDepartmentPage {...frame(c, organisation)} parents={currentOnes(await departmentsOf(db, organisation.id))} values={{ kind: 'section' }} />);
  });

  app.post('/admin/organisations/:org/departments', requires('plan:edit'), async (c) => {
    const organisation = await organisationOf(c);
    const values = await formOf(c);
    try {
      const input = parsed(CreateDepartmentInput, values);
      await db.transaction((tx) => createDepartment(tx, currentUser(c), organisation.id, input));
      return c.redirect(`${departmentsUrl(organisation.code)}?done=created`, 303);
    } catch (error) {
      if (!isFixable(error)) throw error;
      return c.html(<NewDepartmentPage {...frame(c, organisation)} parents={currentOnes(await departmentsOf(db, organisation.id))} values={values} error={error.describe('ja')} />, error.status as 422);
    }
  });

  app.get('/admin/organisations/:org/departments/:id/rename', requires('plan:edit'), async (c) => {
    const organisation = await organisationOf(c);
    const { department, parent } = await departmentOf(c, organisation);
    return c.html(<RenameDepartmentPage {...frame(c, organisation)} department={department} parent={parent} values={{}} />);
  });

  app.post('/admin/organisations/:org/departments/:id/rename', requires('plan:edit'), async (c) => {
    const organisation = await organisationOf(c);
    const { department, parent } = await departmentOf(c, organisation);
    const values = await formOf(c);
    try {
      const date = values.date?.trim() ?? '';
      const input = parsed(RenameDepartmentInput, { ...values, code: values.code?.trim() || (date ? suggestedCode(department, date) : '') });
      await db.transaction((tx) => renameDepartment(tx, currentUser(c), organisation.id, department.id, input));
      return c.redirect(`${departmentsUrl(organisation.code)}?done=renamed`, 303);
    } catch (error) {
      if (!isFixable(error)) throw error;
      return c.html(<RenameDepartmentPage {...frame(c, organisation)} department={department} parent={parent} values={values} error={error.describe('ja')} />, error.status as 422);
    }
  });

  app.get('/admin/organisations/:org/departments/:id/merge', requires('plan:edit'), async (c) => {
    const organisation = await organisationOf(c);
    const { department, parent, all } = await departmentOf(c, organisation);
    return c.html(<MergeDepartmentPage {...frame(c, organisation)} department={department} parent={parent} candidates={mergeCandidates(all, department)} values={{}} />);
  });

  app.post('/admin/organisations/:org/departments/:id/merge', requires('plan:edit'), async (c) => {
    const organisation = await organisationOf(c);
    const { department, parent, all } = await departmentOf(c, organisation);
    const values = await formOf(c);
    try {
      const input = parsed(MergeDepartmentInput, values);
      await db.transaction((tx) => mergeDepartment(tx, currentUser(c), organisation.id, department.id, input));
      return c.redirect(`${departmentsUrl(organisation.code)}?done=merged`, 303);
    } catch (error) {
      if (!isFixable(error)) throw error;
      return c.html(<MergeDepartmentPage {...frame(c, organisation)} department={department} parent={parent} candidates={mergeCandidates(all, department)} values={values} error={error.describe('ja')} />, error.status as 422);
    }
  });

  app.get('/admin/organisations/:org/departments/:id/abolish', requires('plan:edit'), async (c) => {
    const organisation = await organisationOf(c);
    const { department, parent } = await departmentOf(c, organisation);
    return c.html(<AbolishDepartmentPage {...frame(c, organisation)} department={department} parent={parent} values={{}} />);
  });

  app.post('/admin/organisations/:org/departments/:id/abolish', requires('plan:edit'), async (c) => {
    const organisation = await organisationOf(c);
    const { department, parent } = await departmentOf(c, organisation);
    const values = await formOf(c);
    try {
      const input = parsed(AbolishDepartmentInput, values);
      await db.transaction((tx) => abolishDepartment(tx, currentUser(c), organisation.id, department.id, input));
      return c.redirect(`${departmentsUrl(organisation.code)}?done=abolished`, 303);
    } catch (error) {
      if (!isFixable(error)) throw error;
      return c.html(<AbolishDepartmentPage {...frame(c, organisation)} department={department} parent={parent} values={values} error={error.describe('ja')} />, error.status as 422);
    }
  });

  return app;
}

/** Current departments of the same kind (a 課 joins a 課, a 局 a 局), other than itself and its own children. */
function mergeCandidates(all: DepartmentRow[], department: DepartmentRow): DepartmentRow[] {
  return all.filter((d) => d.endKind === null && d.id !== department.id && d.parentId !== department.id && d.kind === department.kind);
}
