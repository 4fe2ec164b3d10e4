// 評価の分布 of a published round: the grades (確定評価, else 自己評価) counted through the plan's
// scale (domain/distribution.ts), for the whole plan, per top-level item or per department.
import type { Queryable } from '../db/client.js';
import { gradeDistribution } from '../domain/distribution.js';
import { formatPlainNumber } from '../domain/numbers.js';
import { defineScale } from '../domain/scales.js';
import { formatFiscalYear } from '../domain/wareki.js';
import { listPublishedGrades, planScale } from '../opendata/opendata.repository.js';
import { countedGrade } from '../plans/publication.js';
import { readAll } from './read-all.js';

export type DistributionBy = 'all' | 'top' | 'department';

export interface RoundDistribution {
  planCode: string;
  fiscalYear: number;
  fiscalYearLabel: string;
  by: DistributionBy;
  scale: { code: string; name: string } | null;
  groups: {
    key: string;
    label: string;
    total: number;
    excluded: number;
    ungraded: number;
    notApproved: number;
    rows: { code: string; label: string; color: string; count: number; share: string; shareText: string }[];
  }[];
}

export async function roundDistribution(db: Queryable, planCode: string, fiscalYear: number, by: DistributionBy): Promise<RoundDistribution> {
  const stored = await planScale(db, planCode);
  const base = { planCode, fiscalYear, fiscalYearLabel: formatFiscalYear(fiscalYear), by };
  if (!stored) return { ...base, scale: null, groups: [] };
  const scale = defineScale({ id: stored.code, name: stored.name, description: stored.description ?? '', grades: stored.grades, rule: stored.rule });
  const known = new Set(scale.grades.map((g) => g.code));
  const entries = await readAll((page) => listPublishedGrades(db, { kind: 'plan', code: planCode }, page, { fiscalYear }));
  const groups = new Map<string, { label: string; grades: (string | null)[]; notApproved: number }>();
  const add = (key: string, label: string, grade: string | null | undefined) => {
    const group = groups.get(key) ?? { label, grades: [], notApproved: 0 };
    if (grade === undefined) group.notApproved += 1;
    else group.grades.push(grade);
    groups.set(key, group);
  };
  for (const entry of entries) {
    const grade = countedGrade(entry);
    // 未承認: not counted, only numbered
    const counted = !entry.approved ? undefined : grade !== null && known.has(grade) ? grade : null;
    if (by === 'all') add('all', '計画全体', counted);
    else if (by === 'top') add(entry.topCode, entry.topName, counted);
    else for (const department of entry.departments.length > 0 ? entry.departments : ['（担当課なし）']) add(department, department, counted);
  }
  return {
    ...base,
    scale: { code: stored.code, name: stored.name },
    groups: [...groups].map(([key, group]) => {
      const distribution = gradeDistribution(group.grades, scale);
      return {
        key,
        label: group.label,
        total: distribution.total,
        excluded: distribution.excluded,
        ungraded: distribution.ungraded,
        notApproved: group.notApproved,
        rows: distribution.rows.map((r) => ({ code: r.code, label: r.label, color: r.color, count: r.count, share: formatPlainNumber(r.share, { places: distribution.places }), shareText: r.shareText })),
      };
    }),
  };
}
