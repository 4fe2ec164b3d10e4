// Staff pages of the shared catalogue (plan:edit): list and add entries, edit one, link and unlink
// indicators. Thin handlers: read the form, call one command in a transaction, redirect; a form
// with a problem is shown again (422) with what was typed and the Japanese message.
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { Database } from '../db/client.js';
import { AppError, isAppError } from '../errors.js';
import { currentUser, requires, type AuthVariables } from '../auth/middleware.js';
import { inOrganisation } from '../auth/policy.js';
import { findCatalogueEntry, indicatorChoices, linkedIndicators, type CatalogueEntryRow } from './catalogue.repository.js';
import { listCatalogue } from './compare.repository.js';
import { formValues, type FormValues } from './catalogue-form.js';
import { saveCatalogueEntry } from './save-catalogue-entry.js';
import { linkCatalogueIndicator } from './link-catalogue-indicator.js';
import { unlinkCatalogueIndicator } from './unlink-catalogue-indicator.js';
import { CatalogueAdminPage, catalogueAdminUrl, CatalogueEntryAdminPage, entryValues, type Frame } from './catalogue-admin-pages.js';

type Env = { Variables: AuthVariables };

const SAVED_MESSAGES: Record<string, string> = {
  created: '共通指標を追加しました。',
  entry: '共通指標を保存しました。',
  linked: '指標を対応付けました。',
  updated: '指標の換算係数と定義の違いを書き換えました。',
  unlinked: '指標の対応を外しました。',
};

/** The message of a form problem, or rethrows anything else. */
function invalidInput(error: unknown): string {
  if (isAppError(error) && error.code === 'INVALID_INPUT') return String(error.details.reason ?? error.describe('ja'));
  throw error;
}

export function catalogueAdminRoutes(database: Database) {
  const app = new Hono<Env>();
  const frame = (c: Context<Env>): Frame => ({ user: currentUser(c), csrfToken: c.get('csrfToken') });

  async function entryOr404(code: string): Promise<CatalogueEntryRow> {
    const entry = await findCatalogueEntry(database.db, code);
    if (!entry) throw new AppError('NOT_FOUND', { what: `共通指標「${code}」` });
    return entry;
  }

  async function entryPage(c: Context<Env>, entry: CatalogueEntryRow, forms: { entryForm?: FormValues; linkForm?: FormValues; entryError?: string; linkError?: string } = {}, status: 200 | 422 = 200) {
    const user = currentUser(c);
    const [allLinks, choices] = await Promise.all([linkedIndicators(database.db, entry.id), indicatorChoices(database.db, user.organisationId)]);
    // another organisation's plan being written (策定中) is not shown to this organisation's admin
    const links = allLinks.filter((link) => link.planStatus !== 'draft' || inOrganisation(user, link.organisationId));
    const savedKey = c.req.query('saved');
    return c.html(
      <CatalogueEntryAdminPage
        frame={frame(c)}
        entry={entry}
        links={links}
        choices={choices}
        entryForm={forms.entryForm ?? entryValues(entry)}
        linkForm={forms.linkForm ?? { unitFactor: '1' }}
        entryError={forms.entryError}
        linkError={forms.linkError}
        saved={savedKey ? SAVED_MESSAGES[savedKey] : undefined}
      />,
      status,
    );
  }

  app.get('/admin/catalogue', requires('plan:edit'), async (c) =>
    c.html(<CatalogueAdminPage frame={frame(c)} entries={await listCatalogue(database.db)} values={{ kind: 'count', direction: 'up' }} />),
  );

  app.post('/admin/catalogue', requires('plan:edit'), async (c) => {
    const values = formValues(await c.req.parseBody());
    try {
      const saved = await database.db.transaction((tx) => saveCatalogueEntry(tx, currentUser(c), null, values));
      return c.redirect(`${catalogueAdminUrl(saved.code)}?saved=created`, 303);
    } catch (error) {
      return c.html(<CatalogueAdminPage frame={frame(c)} entries={await listCatalogue(database.db)} values={values} error={invalidInput(error)} />, 422);
    }
  });

  app.get('/admin/catalogue/:catalogueCode', requires('plan:edit'), async (c) => entryPage(c, await entryOr404(c.req.param('catalogueCode'))));

  app.post('/admin/catalogue/:catalogueCode', requires('plan:edit'), async (c) => {
    const entry = await entryOr404(c.req.param('catalogueCode'));
    const values = formValues(await c.req.parseBody());
    try {
      await database.db.transaction((tx) => saveCatalogueEntry(tx, currentUser(c), entry, values));
      return c.redirect(`${catalogueAdminUrl(entry.code)}?saved=entry`, 303);
    } catch (error) {
      return entryPage(c, entry, { entryForm: { ...values, code: entry.code }, entryError: invalidInput(error) }, 422);
    }
  });

  app.post('/admin/catalogue/:catalogueCode/links', requires('plan:edit'), async (c) => {
    const entry = await entryOr404(c.req.param('catalogueCode'));
    const values = formValues(await c.req.parseBody());
    try {
      const outcome = await database.db.transaction((tx) => linkCatalogueIndicator(tx, currentUser(c), entry, values));
      return c.redirect(`${catalogueAdminUrl(entry.code)}?saved=${outcome === 'created' ? 'linked' : 'updated'}`, 303);
    } catch (error) {
      return entryPage(c, entry, { linkForm: values, linkError: invalidInput(error) }, 422);
    }
  });

  app.post('/admin/catalogue/:catalogueCode/links/:id/delete', requires('plan:edit'), async (c) => {
    const entry = await entryOr404(c.req.param('catalogueCode'));
    const indicatorId = z.coerce.number().int().positive().catch(0).parse(c.req.param('id'));
    await database.db.transaction((tx) => unlinkCatalogueIndicator(tx, currentUser(c), entry, indicatorId));
    return c.redirect(`${catalogueAdminUrl(entry.code)}?saved=unlinked`, 303);
  });

  return app;
}
