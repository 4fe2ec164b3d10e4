// Creates or edits an organisation's own evaluation scale: grades (code, label, description,
// colour, kind) and a rule (manual, or rate thresholds), validated by domain/scales.ts.
// Shipped scales (no organisation) are not edited here: they are kept current by the program.
import { eq } from 'drizzle-orm';
import type { Tx } from '../db/client.js';
import { evaluationScales } from '../db/schema.js';
import { defineScale, type Grade, type ScaleRule } from '../domain/scales.js';
import { isDomainError } from '../domain/errors.js';
import { AppError } from '../errors.js';
import { assertCan, assertInOrganisation } from '../auth/middleware.js';
import type { SessionUser } from '../auth/policy.js';
import { recordAudit } from '../system/audit.repository.js';
import { findOrganisation, findScale, type ScaleRow } from './admin.repository.js';
import { FormReader, type FormValues } from './form-reader.js';

const GRADE_KINDS = ['graded', 'not_measurable', 'not_implemented'] as const;

/** One grade a line: `A | 着実に進捗した | 説明 | #0031D8 | graded`. */
export function gradesFromLines(text: string): { grades: Grade[]; problems: string[] } {
  const grades: Grade[] = [];
  const problems: string[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === '') return;
    const [code = '', label = '', description = '', color = '', kind = 'graded'] = line.split('|').map((p) => p.trim());
    if (!(GRADE_KINDS as readonly string[]).includes(kind)) {
      problems.push(`評価の${i + 1}行目: 種類は graded・not_measurable・not_implemented のいずれかです（「${kind}」）`);
      return;
    }
    grades.push({ code, label, description, color, kind: kind as Grade['kind'] });
  });
  return { grades, problems };
}

export function gradesToLines(grades: readonly Grade[]): string {
  return grades.map((g) => [g.code, g.label, g.description, g.color, g.kind].join(' | ')).join('\n');
}

/** One step a line, highest first: `S 110` or `S | 110`. */
export function stepsFromLines(text: string): { grade: string; minRate: string }[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .map((l) => {
      const [grade = '', minRate = ''] = l.split(/\s*\|\s*|\s+/);
      return { grade, minRate: minRate.replace(/[%％]$/, '') };
    });
}

export function ruleFromForm(values: FormValues): ScaleRule {
  if ((values.ruleType ?? 'manual') !== 'thresholds') return { type: 'manual' };
  const improved = (values.belowImproved ?? '').trim();
  const notImproved = (values.belowNotImproved ?? '').trim();
  const below = improved !== '' && notImproved !== '' ? { improved, notImproved } : (values.below ?? '').trim();
  const notMeasurable = (values.notMeasurable ?? '').trim();
  const notImplemented = (values.notImplemented ?? '').trim();
  return {
    type: 'thresholds',
    steps: stepsFromLines(values.steps ?? ''),
    below,
    notMeasurable: notMeasurable === '' ? null : notMeasurable,
    notImplemented: notImplemented === '' ? null : notImplemented,
  };
}

export async function saveScale(tx: Tx, user: SessionUser, existing: ScaleRow | null, values: FormValues): Promise<ScaleRow> {
  let organisationId: number;
  if (existing) {
    if (existing.organisationId === null) throw new AppError('FORBIDDEN', { what: '同梱の評価尺度の変更' });
    organisationId = existing.organisationId;
  } else {
    const organisation = user.organisationId !== null ? { id: user.organisationId } : await findOrganisation(tx, (values.organisation ?? '').trim());
    if (!organisation) throw new AppError('INVALID_INPUT', { reason: '「組織」を選んでください' });
    organisationId = organisation.id;
  }
  assertInOrganisation(user, organisationId, '評価尺度');
  assertCan(user, 'plan:edit', { organisationId });

  const form = new FormReader(values);
  const code = existing ? existing.code : form.code('code', '尺度コード');
  const name = form.text('name', '名称', { required: true, max: 100 }) ?? '';
  const description = form.text('description', '説明', { max: 1000 }) ?? '';
  const { grades, problems } = gradesFromLines(values.grades ?? '');
  problems.forEach((p) => form.problem(p));
  if (grades.length === 0) form.problem('評価を1行に1つ以上入力してください');
  form.done();
  const rule = ruleFromForm(values);
  try {
    defineScale({ id: code, name, description, grades, rule });
  } catch (error) {
    if (!isDomainError(error)) throw error;
    throw new AppError('INVALID_INPUT', { reason: error.message });
  }
  const actor = { id: user.id, label: user.login };
  if (!existing) {
    if (await findScale(tx, code)) throw new AppError('CODE_TAKEN', { code, what: '別の評価尺度' });
    const [row] = await tx.insert(evaluationScales).values({ organisationId, code, name, description, grades, rule }).returning();
    if (!row) throw new AppError('INTERNAL');
    await recordAudit(tx, actor, 'scale.create', { type: 'evaluation_scale', id: row.id }, null, row);
    return row;
  }
  const [row] = await tx.update(evaluationScales).set({ name, description, grades, rule }).where(eq(evaluationScales.id, existing.id)).returning();
  if (!row) throw new AppError('INTERNAL');
  await recordAudit(tx, actor, 'scale.update', { type: 'evaluation_scale', id: row.id }, existing, row);
  return row;
}
