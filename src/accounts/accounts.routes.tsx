// Routes of an organisation's accounts under /admin/organisations/:org/users. Every page needs
// user:manage (本部) and the organisation of the user (another organisation's pages answer 404).
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../app.js';
import type { Database } from '../db/client.js';
import { AppError } from '../errors.js';
import { formOf, isFixable, parsed, type Form } from '../web/route-forms.js';
import { currentUser, requires } from '../auth/middleware.js';
import { currentTree } from '../departments/departments-pages.js';
import { departmentsOf, type DepartmentRow, type OrganisationRow } from '../departments/departments.repository.js';
import { organisationOfRoute } from '../departments/organisation-of.js';
import { AccountFields, NewAccountFields, scopeOfForm } from './account-input.js';
import { accountsOf, findAccount, plansOfOrganisation, type Account } from './accounts.repository.js';
import { AccountListPage, accountsUrl, EditAccountPage, NewAccountPage, PasswordShownPage, type DepartmentChoice } from './accounts-pages.js';
import { createAccount } from './create-account.js';
import { updateAccount } from './update-account.js';
import { setAccountEnabled } from './set-account-enabled.js';
import { resetPassword } from './reset-password.js';
import { revokeTokenOf } from './revoke-token-of.js';
import { listApiTokens } from '../api/api-tokens.repository.js';

const NOTICES: Record<string, string> = {
  saved: '変更を保存しました。',
  disabled: '利用を停止しました。',
  enabled: '利用を再開しました。',
  revoked: 'API トークンを失効させました。',
};

/** The form's values for an account as it is. */
function valuesOf(account: Account): Form {
  const values: Form = { displayName: account.displayName, email: account.email ?? '', role: account.role };
  for (const s of account.scopes) values[s.departmentId !== null ? `dept-${s.departmentId}` : `plan-${s.planId ?? 0}`] = 'on';
  return values;
}

export function accountRoutes(database: Database) {
  const app = new Hono<AppEnv>();
  const db = database.db;

  const organisationOf = (c: Context<AppEnv>) => organisationOfRoute(db, c);

  async function accountOf(c: Context<AppEnv>, organisation: OrganisationRow): Promise<Account> {
    const id = z.coerce.number().int().positive().safeParse(c.req.param('id'));
    const account = id.success ? await findAccount(db, organisation.id, id.data) : undefined;
    if (!account) throw new AppError('NOT_FOUND', { what: 'アカウント' });
    return account;
  }

  /** Current departments in tree order, and the ended ones the account still acts for. */
  async function choices(organisation: OrganisationRow, account?: Account) {
    const all = await departmentsOf(db, organisation.id);
    const kept = new Set(account?.scopes.map((s) => s.departmentId) ?? []);
    const nameOf = new Map(all.map((d) => [d.id, d.name]));
    const parentName = (d: DepartmentRow) => (d.parentId !== null ? (nameOf.get(d.parentId) ?? null) : null);
    const departments: DepartmentChoice[] = [
      ...currentTree(all).map(({ department, depth }) => ({ department, depth, parentName: parentName(department) })),
      ...all.filter((d) => d.endKind !== null && kept.has(d.id)).map((department) => ({ department, depth: 0, parentName: null })),
    ];
    return { departments, plans: await plansOfOrganisation(db, organisation.id) };
  }

  const frame = (c: Context<AppEnv>, organisation: OrganisationRow) => ({ user: currentUser(c), csrfToken: c.get('csrfToken'), organisation });
  /** A password is on this page: no copy kept by the browser or on the way. */
  const unstored = (c: Context<AppEnv>) => c.header('Cache-Control', 'no-store');

  app.get('/admin/organisations/:org/users', requires('user:manage'), async (c) => {
    const organisation = await organisationOf(c);
    return c.html(<AccountListPage {...frame(c, organisation)} accounts={await accountsOf(db, organisation.id)} notice={NOTICES[c.req.query('done') ?? '']} />);
  });

  app.get('/admin/organisations/:org/users/new', requires('user:manage'), async (c) => {
    const organisation = await organisationOf(c);
    return c.html(<NewAccountPage {...frame(c, organisation)} {...await choices(organisation)} values={{ role: 'editor' }} />);
  });

  app.post('/admin/organisations/:org/users', requires('user:manage'), async (c) => {
    const organisation = await organisationOf(c);
    const values = await formOf(c);
    try {
      const fields = parsed(NewAccountFields, values);
      const created = await db.transaction((tx) => createAccount(tx, currentUser(c), organisation, fields, scopeOfForm(values)));
      unstored(c);
      return c.html(<PasswordShownPage {...frame(c, organisation)} account={{ id: created.id, login: fields.login, displayName: fields.displayName }} password={created.password} created />, 201);
    } catch (error) {
      if (!isFixable(error)) throw error;
      return c.html(<NewAccountPage {...frame(c, organisation)} {...await choices(organisation)} values={values} error={error.describe('ja')} />, error.status as 422);
    }
  });

  app.get('/admin/organisations/:org/users/:id', requires('user:manage'), async (c) => {
    const organisation = await organisationOf(c);
    const account = await accountOf(c, organisation);
    return c.html(<EditAccountPage {...frame(c, organisation)} account={account} {...await choices(organisation, account)} tokens={await listApiTokens(db, account.id)} values={valuesOf(account)} notice={NOTICES[c.req.query('done') ?? '']} />);
  });

  app.post('/admin/organisations/:org/users/:id', requires('user:manage'), async (c) => {
    const organisation = await organisationOf(c);
    const account = await accountOf(c, organisation);
    const values = await formOf(c);
    try {
      const fields = parsed(AccountFields, values);
      await db.transaction((tx) => updateAccount(tx, currentUser(c), organisation.id, account.id, fields, scopeOfForm(values), values.seen ?? ''));
      return c.redirect(`${accountsUrl(organisation.code)}/${account.id}?done=saved`, 303);
    } catch (error) {
      if (!isFixable(error)) throw error;
      // the form again with what was typed, over the account as it is now (changed meanwhile, perhaps)
      const now = await accountOf(c, organisation);
      return c.html(<EditAccountPage {...frame(c, organisation)} account={now} {...await choices(organisation, now)} tokens={await listApiTokens(db, now.id)} values={values} error={error.describe('ja')} />, error.status as 422);
    }
  });

  for (const [action, enabled] of [['disable', false], ['enable', true]] as const) {
    app.post(`/admin/organisations/:org/users/:id/${action}`, requires('user:manage'), async (c) => {
      const organisation = await organisationOf(c);
      const account = await accountOf(c, organisation);
      try {
        await db.transaction((tx) => setAccountEnabled(tx, currentUser(c), organisation.id, account.id, enabled));
        return c.redirect(`${accountsUrl(organisation.code)}/${account.id}?done=${action}d`, 303);
      } catch (error) {
        if (!isFixable(error)) throw error;
        return c.html(<EditAccountPage {...frame(c, organisation)} account={account} {...await choices(organisation, account)} tokens={await listApiTokens(db, account.id)} values={valuesOf(account)} error={error.describe('ja')} />, error.status as 422);
      }
    });
  }

  app.post('/admin/organisations/:org/users/:id/tokens/:tokenId/revoke', requires('user:manage'), async (c) => {
    const organisation = await organisationOf(c);
    const account = await accountOf(c, organisation);
    const tokenId = z.coerce.number().int().positive().safeParse(c.req.param('tokenId'));
    await db.transaction((tx) => revokeTokenOf(tx, currentUser(c), organisation.id, account.id, tokenId.success ? tokenId.data : 0));
    return c.redirect(`${accountsUrl(organisation.code)}/${account.id}?done=revoked`, 303);
  });

  app.post('/admin/organisations/:org/users/:id/password', requires('user:manage'), async (c) => {
    const organisation = await organisationOf(c);
    const account = await accountOf(c, organisation);
    try {
      const issued = await db.transaction((tx) => resetPassword(tx, currentUser(c), organisation.id, account.id));
      unstored(c);
      return c.html(<PasswordShownPage {...frame(c, organisation)} account={account} password={issued.password} created={false} tokensRevoked={issued.tokensRevoked} />);
    } catch (error) {
      if (!isFixable(error)) throw error;
      return c.html(<EditAccountPage {...frame(c, organisation)} account={account} {...await choices(organisation, account)} tokens={await listApiTokens(db, account.id)} values={valuesOf(account)} error={error.describe('ja')} />, error.status as 422);
    }
  });

  return app;
}
