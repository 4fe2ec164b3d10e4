// Creates or edits an entry of the shared catalogue. Entries are shared by every organisation of
// the installation, so only the installation's operator (an administrator bound to no
// organisation, policy.isOperator) adds or corrects one; each organisation's 本部 links its own
// indicators to them (link-catalogue-indicator.ts).
import type { Tx } from '../db/client.js';
import { AppError } from '../errors.js';
import { assertCan } from '../auth/middleware.js';
import { isOperator, type SessionUser } from '../auth/policy.js';
import { recordAudit } from '../system/audit.repository.js';
import { findCatalogueEntry, insertCatalogueEntry, updateCatalogueEntry, type CatalogueEntryRow } from './catalogue.repository.js';
import { readCatalogueEntry, type FormValues } from './catalogue-form.js';

/** `existing` null = create. Returns the saved entry. */
export async function saveCatalogueEntry(tx: Tx, user: SessionUser, existing: CatalogueEntryRow | null, values: FormValues): Promise<CatalogueEntryRow> {
  assertCan(user, 'plan:edit', undefined, '都市間比較カタログの編集');
  if (!isOperator(user)) throw new AppError('FORBIDDEN', { what: '共通指標の追加・編集（この環境の運用者が行います）' });
  const entry = readCatalogueEntry(values, { withCode: existing === null });
  const actor = { id: user.id, label: user.login };
  if (!existing) {
    if (await findCatalogueEntry(tx, entry.code)) {
      throw new AppError('INVALID_INPUT', { reason: `コード「${entry.code}」の共通指標はすでにあります。別のコードにしてください` });
    }
    const id = await insertCatalogueEntry(tx, entry);
    const saved = { id, ...entry };
    await recordAudit(tx, actor, 'catalogue.create', { type: 'catalogue', id: entry.code }, null, saved);
    return saved;
  }
  const { code: _code, ...fields } = entry;
  await updateCatalogueEntry(tx, existing.id, fields);
  const saved = { ...existing, ...fields };
  await recordAudit(tx, actor, 'catalogue.update', { type: 'catalogue', id: existing.code }, existing, saved);
  return saved;
}
