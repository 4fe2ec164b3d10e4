// Removes an indicator from a catalogue entry. Only the indicator's own organisation (or an
// installation-wide administrator) may: another organisation's indicator answers 404.
import type { Tx } from '../db/client.js';
import { AppError } from '../errors.js';
import { assertCan, assertInOrganisation } from '../auth/middleware.js';
import type { SessionUser } from '../auth/policy.js';
import { recordAudit } from '../system/audit.repository.js';
import { catalogueLinkOf, deleteCatalogueLink, organisationOfIndicator, type CatalogueEntryRow } from './catalogue.repository.js';

export async function unlinkCatalogueIndicator(tx: Tx, user: SessionUser, entry: CatalogueEntryRow, indicatorId: number): Promise<void> {
  const owner = await organisationOfIndicator(tx, indicatorId);
  const link = await catalogueLinkOf(tx, indicatorId);
  if (!owner || !link || link.catalogueId !== entry.id) throw new AppError('NOT_FOUND', { what: '指標の対応' });
  assertInOrganisation(user, owner.organisationId, '指標の対応');
  assertCan(user, 'plan:edit', { planId: owner.planId, organisationId: owner.organisationId }, '指標の対応の解除');
  await deleteCatalogueLink(tx, indicatorId);
  await recordAudit(tx, { id: user.id, label: user.login }, 'catalogue.unlink', { type: 'catalogue_link', id: indicatorId }, { catalogue: entry.code, unitFactor: link.unitFactor, note: link.note }, null);
}
