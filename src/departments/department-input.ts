// What the department forms send, and the checks every reorganisation shares.
import { z } from 'zod';
import { DEPARTMENT_KINDS } from '../db/schema.js';
import { AppError } from '../errors.js';
import type { SessionUser } from '../auth/policy.js';
import { assertCan } from '../auth/middleware.js';
import type { Actor } from '../system/audit.repository.js';
import type { DepartmentRow } from './departments.repository.js';

export const IsoDate = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, '日付はYYYY-MM-DDで入力してください')
  .refine((x) => !Number.isNaN(Date.parse(`${x}T00:00:00Z`)) && new Date(`${x}T00:00:00Z`).toISOString().startsWith(x), '存在しない日付です');

/** Codes as the datasets write them: 「市民局/市民協働推進課」, kyodo-2026 … (no spaces). */
export const DepartmentCode = z
  .string()
  .trim()
  .min(1, 'コードを入力してください')
  .max(200, 'コードは200文字以内にしてください')
  .regex(/^\S+$/, 'コードに空白は使えません');

export const DepartmentName = z.string().trim().min(1, '名称を入力してください').max(200, '名称は200文字以内にしてください');

export const DEPARTMENT_KIND_LABELS: Record<(typeof DEPARTMENT_KINDS)[number], string> = {
  bureau: '局',
  section: '課',
  ward: '区',
  office: '室',
  other: 'その他',
};

export const END_KIND_LABELS: Record<string, { ja: string; en: string }> = {
  rename: { ja: '名称変更', en: 'renamed' },
  merge: { ja: '統合', en: 'merged' },
  abolish: { ja: '廃止', en: 'abolished' },
};

export function actorOf(user: SessionUser): Actor {
  return { id: user.id, label: user.login };
}

/** Only 本部 (plan:edit) of the department's own organisation reorganises it. */
export function assertMayReorganise(user: SessionUser, organisationId: number): void {
  assertCan(user, 'plan:edit', { organisationId });
}

/** A department found, of this organisation, and still current; else the reason in Japanese. */
export function assertCurrent(department: DepartmentRow | undefined, what = '部署'): DepartmentRow {
  if (!department) throw new AppError('NOT_FOUND', { what });
  if (department.endKind !== null) {
    const how = END_KIND_LABELS[department.endKind] ?? { ja: '終了', en: 'ended' };
    throw new AppError('DEPARTMENT_ENDED', { name: department.name, date: department.validTo ?? '', how: how.ja, howEn: how.en });
  }
  return department;
}

/** The change takes effect on `date`: the department ends the day before, which cannot precede its start. */
export function assertAfterStart(department: DepartmentRow, date: string, what: { ja: string; en: string }): void {
  if (department.validFrom !== null && date <= department.validFrom) {
    throw new AppError('DEPARTMENT_DATE_INVALID', { what: what.ja, whatEn: what.en, date, name: department.name, from: department.validFrom });
  }
}

/** The fields of a department an audit row keeps. */
export function auditView(d: DepartmentRow) {
  return { code: d.code, name: d.name, parentId: d.parentId, validFrom: d.validFrom, validTo: d.validTo, endKind: d.endKind, successorId: d.successorId };
}
