// Creates an organisation (installation-wide admins only) or edits one (its own admins too).
import { eq } from 'drizzle-orm';
import type { Tx } from '../db/client.js';
import { ORGANISATION_KINDS, organisations } from '../db/schema.js';
import { AppError } from '../errors.js';
import { assertCan, assertInOrganisation } from '../auth/middleware.js';
import type { SessionUser } from '../auth/policy.js';
import { recordAudit } from '../system/audit.repository.js';
import { findOrganisation, type OrganisationRow } from './admin.repository.js';
import { FormReader, type FormValues } from './form-reader.js';

export const ORGANISATION_KIND_LABELS: Readonly<Record<(typeof ORGANISATION_KINDS)[number], string>> = {
  municipality: '市区町村',
  prefecture: '都道府県',
  national: '国',
  other: 'その他',
};

/** `existing` null = create. Returns the saved row. */
export async function saveOrganisation(tx: Tx, user: SessionUser, existing: OrganisationRow | null, values: FormValues): Promise<OrganisationRow> {
  if (existing) assertInOrganisation(user, existing.id, '組織');
  else if (user.organisationId !== null) throw new AppError('FORBIDDEN', { what: '組織の作成（全体の管理者のみ）' });
  assertCan(user, 'plan:edit', existing ? { organisationId: existing.id } : undefined);

  const form = new FormReader(values);
  const code = existing ? existing.code : form.code('code', 'コード');
  if (code === 'new') form.problem('コード「new」は画面の名前に使われているため使えません');
  const fields = {
    name: form.text('name', '名称', { required: true, max: 100 }) ?? '',
    nameEn: form.text('nameEn', '英語の名称', { max: 200 }),
    kind: form.oneOf('kind', '種類', ORGANISATION_KINDS, 'municipality'),
    localGovernmentCode: form.text('localGovernmentCode', '地方公共団体コード', { max: 6 }),
    population: form.integer('population', '人口', { min: 1 }),
    populationAsOf: form.date('populationAsOf', '人口の時点'),
    populationSource: form.text('populationSource', '人口の出典', { max: 200 }),
  };
  if (fields.localGovernmentCode !== null && !/^\d{5,6}$/.test(fields.localGovernmentCode)) {
    form.problem('「地方公共団体コード」は5桁または6桁の数字で書いてください（例: 041009）');
  }
  if (fields.population !== null && fields.populationAsOf === null) form.problem('人口を入れたときは「人口の時点」も入力してください');
  form.done();
  const actor = { id: user.id, label: user.login };
  if (!existing) {
    if (await findOrganisation(tx, code)) throw new AppError('CODE_TAKEN', { code, what: '別の組織' });
    const [row] = await tx.insert(organisations).values({ code, ...fields }).returning();
    if (!row) throw new AppError('INTERNAL');
    await recordAudit(tx, actor, 'organisation.create', { type: 'organisation', id: row.id }, null, row);
    return row;
  }
  const [row] = await tx.update(organisations).set(fields).where(eq(organisations.id, existing.id)).returning();
  if (!row) throw new AppError('INTERNAL');
  await recordAudit(tx, actor, 'organisation.update', { type: 'organisation', id: row.id }, existing, row);
  return row;
}
