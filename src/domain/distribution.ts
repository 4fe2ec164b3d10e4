// 評価の分布 (grade distributions): counts and shares per grade, per field / item / department /
// year, like the A/B/C charts of the Sendai plan. Shares are rounded by the largest-remainder
// method so that they always add up to exactly 100.0% (or 100.00% …).
import { d, formatDecimal, ZERO } from './decimal.js';
import type { Decimal } from './decimal.js';
import { DomainError } from './errors.js';
import { findGrade } from './scales.js';
import type { Scale } from './scales.js';

export interface DistributionRow {
  code: string;
  label: string;
  color: string;
  count: number;
  /** Percent, `places` decimals; the shares of all rows add up to exactly 100 when total > 0. */
  share: Decimal;
  /** '33.3%', or '—' when there is nothing to share. */
  shareText: string;
}

export interface GradeDistribution {
  scaleId: string;
  /** Items counted in the rows (the denominator of the shares). */
  total: number;
  rows: DistributionRow[];
  /** Items whose grade is in `exclude` (e.g. − left out of the shares). */
  excluded: number;
  /** Items with no grade yet (null). */
  ungraded: number;
  places: number;
}

export interface DistributionOptions {
  /** Grade codes counted apart, outside the shares (e.g. ['−'] or ['評価不能', '未実施']). */
  exclude?: readonly string[];
  /** Decimals of the shares, default 1. */
  places?: number;
}

/**
 * Largest-remainder (Hamilton) rounding of counts to percentages with `places` decimals: each share
 * is first rounded down, then the units still missing to reach 100% go one each to the shares with
 * the largest remainders (ties: the earlier row). Total 0 → all zero.
 */
export function largestRemainderShares(counts: readonly number[], places = 1): Decimal[] {
  if (!Number.isInteger(places) || places < 0 || places > 6) {
    throw new DomainError('JUDGEMENT_INPUT_INVALID', { reason: '割合の桁数は0〜6です', reasonEn: 'places must be 0..6' });
  }
  for (const c of counts) {
    if (!Number.isSafeInteger(c) || c < 0) {
      throw new DomainError('JUDGEMENT_INPUT_INVALID', { reason: '件数は0以上の整数です', reasonEn: 'counts must be non-negative integers' });
    }
  }
  const total = counts.reduce((a, b) => a + b, 0);
  if (total === 0) return counts.map(() => ZERO);
  const units = 100n * 10n ** BigInt(places);
  const bigTotal = BigInt(total);
  const floors = counts.map((c) => (BigInt(c) * units) / bigTotal);
  const remainders = counts.map((c) => (BigInt(c) * units) % bigTotal);
  let leftover = units - floors.reduce((a, b) => a + b, 0n);
  const order = counts
    .map((_, i) => i)
    .sort((a, b) => {
      const ra = remainders[a] ?? 0n;
      const rb = remainders[b] ?? 0n;
      return ra === rb ? a - b : ra > rb ? -1 : 1;
    });
  const extra = counts.map(() => 0n);
  for (const i of order) {
    if (leftover === 0n) break;
    extra[i] = 1n;
    leftover -= 1n;
  }
  const scale = d(10n ** BigInt(places));
  return floors.map((f, i) => d(f + (extra[i] ?? 0n)).dividedBy(scale));
}

/** Count grades (codes of `scale`, null = not graded yet) and share them out to 100%. */
export function gradeDistribution(
  grades: readonly (string | null)[],
  scale: Scale,
  options: DistributionOptions = {},
): GradeDistribution {
  const places = options.places ?? 1;
  const exclude = new Set(options.exclude ?? []);
  for (const code of exclude) findGrade(scale, code);
  const counts = new Map<string, number>(scale.grades.map((g) => [g.code, 0]));
  let ungraded = 0;
  let excluded = 0;
  for (const code of grades) {
    if (code === null) {
      ungraded++;
      continue;
    }
    findGrade(scale, code);
    if (exclude.has(code)) excluded++;
    else counts.set(code, (counts.get(code) ?? 0) + 1);
  }
  const shown = scale.grades.filter((g) => !exclude.has(g.code));
  const rowCounts = shown.map((g) => counts.get(g.code) ?? 0);
  const total = rowCounts.reduce((a, b) => a + b, 0);
  const shares = largestRemainderShares(rowCounts, places);
  const rows = shown.map((g, i) => {
    const share = shares[i] ?? ZERO;
    return {
      code: g.code,
      label: g.label,
      color: g.color,
      count: rowCounts[i] ?? 0,
      share,
      shareText: total === 0 ? '—' : `${formatDecimal(share, { places })}%`,
    };
  });
  return { scaleId: scale.id, total, rows, excluded, ungraded, places };
}

/**
 * Distributions per group (分野, 基本施策, 担当課, 年度 …), groups in order of first appearance.
 */
export function distributionsBy<T>(
  items: readonly T[],
  groupOf: (item: T) => string,
  gradeOf: (item: T) => string | null,
  scale: Scale,
  options: DistributionOptions = {},
): Map<string, GradeDistribution> {
  const grouped = new Map<string, (string | null)[]>();
  for (const item of items) {
    const key = groupOf(item);
    const list = grouped.get(key) ?? [];
    list.push(gradeOf(item));
    grouped.set(key, list);
  }
  const out = new Map<string, GradeDistribution>();
  for (const [key, grades] of grouped) out.set(key, gradeDistribution(grades, scale, options));
  return out;
}
