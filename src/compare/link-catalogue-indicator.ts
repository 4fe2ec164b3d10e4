// Links a plan's indicator to a catalogue entry (or changes its unit factor and note). An
// administrator bound to an organisation links only its own organisation's indicators: another
// organisation's plan answers 404, as if it did not exist.
import type { Tx } from '../db/client.js';
import { AppError } from '../errors.js';
import { assertCan, assertInOrganisation } from '../auth/middleware.js';
import type { SessionUser } from '../auth/policy.js';
import { recordAudit } from '../system/audit.repository.js';
import { catalogueEntries, catalogueLinkOf, findPlanIndicator, insertCatalogueLink, updateCatalogueLink, type CatalogueEntryRow } from './catalogue.repository.js';
import { readCatalogueLink, type FormValues } from './catalogue-form.js';

export async function linkCatalogueIndicator(tx: Tx, user: SessionUser, entry: CatalogueEntryRow, values: FormValues): Promise<'created' | 'updated'> {
  const input = readCatalogueLink(values);
  const found = await findPlanIndicator(tx, input.planCode, input.indicatorCode);
  if (!found) throw new AppError('INVALID_INPUT', { reason: `計画「${input.planCode}」に指標「${input.indicatorCode}」はありません` });
  assertInOrganisation(user, found.organisationId, '計画');
  assertCan(user, 'plan:edit', { planId: found.planId, organisationId: found.organisationId }, '指標の対応付け');
  const have = await catalogueLinkOf(tx, found.indicatorId);
  if (have && have.catalogueId !== entry.id) {
    const other = (await catalogueEntries(tx)).find((e) => e.id === have.catalogueId);
    throw new AppError('INVALID_INPUT', { reason: `指標「${input.indicatorCode}」はすでに共通指標「${other?.name ?? have.catalogueId}」に対応付けられています。先にそちらの対応を外してください` });
  }
  const wanted = { catalogueId: entry.id, unitFactor: input.unitFactor, note: input.note };
  const actor = { id: user.id, label: user.login };
  const subject = { type: 'catalogue_link', id: found.indicatorId };
  const after = { catalogue: entry.code, plan: input.planCode, indicator: input.indicatorCode, unitFactor: input.unitFactor, note: input.note };
  if (!have) {
    await insertCatalogueLink(tx, found.indicatorId, wanted);
    await recordAudit(tx, actor, 'catalogue.link', subject, null, after);
    return 'created';
  }
  await updateCatalogueLink(tx, found.indicatorId, wanted);
  await recordAudit(tx, actor, 'catalogue.link.update', subject, { catalogue: entry.code, unitFactor: have.unitFactor, note: have.note }, after);
  return 'updated';
}
