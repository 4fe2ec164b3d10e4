// What the pages under /admin/organisations/:org share: the organisation the URL names, seen only
// by users of that organisation (else 404), and the breadcrumbs from 計画・組織の管理 to the page.
import type { Context } from 'hono';
import type { AppEnv } from '../app.js';
import type { Queryable } from '../db/client.js';
import { AppError } from '../errors.js';
import { assertInOrganisation, currentUser } from '../auth/middleware.js';
import { findOrganisationByCode, type OrganisationRow } from './departments.repository.js';

/** The organisation of the URL's :org, when the signed-in user belongs to it (or to the whole installation). */
export async function organisationOfRoute(db: Queryable, c: Context<AppEnv>): Promise<OrganisationRow> {
  const organisation = await findOrganisationByCode(db, c.req.param('org') ?? '');
  if (!organisation) throw new AppError('NOT_FOUND', { what: '団体' });
  assertInOrganisation(currentUser(c), organisation.id, '団体');
  return organisation;
}

/** 計画・組織の管理 › the organisation › the section (部署, アカウント …) › the page, when below the section. */
export function OrganisationBreadcrumbs({ organisation, section, sectionUrl, here }: { organisation: OrganisationRow; section: string; sectionUrl: string; here?: string | undefined }) {
  return (
    <nav aria-label="パンくずリスト" class="breadcrumbs">
      <ol>
        <li><a href="/admin">計画・組織の管理</a></li>
        <li><a href={`/admin/organisations/${encodeURIComponent(organisation.code)}`}>{organisation.name}</a></li>
        {here ? <li><a href={sectionUrl}>{section}</a></li> : <li aria-current="page">{section}</li>}
        {here ? <li aria-current="page">{here}</li> : null}
      </ol>
    </nav>
  );
}
