import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { d, ZERO } from './decimal.js';
import { DomainError } from './errors.js';
import { distributionsBy, gradeDistribution, largestRemainderShares } from './distribution.js';
import { SCALES } from './scales.js';

const shares = (counts: number[], places = 1) => largestRemainderShares(counts, places).map((s) => s.toFixed(places));

test('largest remainder: shares add up to exactly 100.0%', () => {
  // 1/3 each: 33.333… → floors 33.3 × 3 = 99.9; the 0.1 left goes to the first of the equal remainders
  assert.deepEqual(shares([1, 1, 1]), ['33.4', '33.3', '33.3']);
  // 2/3, 1/3, 0: 66.666… and 33.333…; floors 66.6 + 33.3 = 99.9; 66.6 has the larger remainder → 66.7
  assert.deepEqual(shares([2, 1, 0]), ['66.7', '33.3', '0.0']);
  // 7 equal shares: 14.2857…; naive rounding gives 14.3 × 7 = 100.1. Floors 14.2 × 7 = 99.4, 0.6 left →
  // six rows get 14.3: 6 × 14.3 + 14.2 = 85.8 + 14.2 = 100.0
  assert.deepEqual(shares([1, 1, 1, 1, 1, 1, 1]), ['14.3', '14.3', '14.3', '14.3', '14.3', '14.3', '14.2']);
  assert.deepEqual(shares([3, 0, 0], 0), ['100', '0', '0']);
  assert.deepEqual(shares([0, 0]), ['0.0', '0.0']);
  assert.throws(() => largestRemainderShares([1, -1]), (e: unknown) => e instanceof DomainError);
});

test('grade distribution of the Sendai A/B/C scale, by group', () => {
  const items = [
    { field: '分野1', grade: 'A' },
    { field: '分野1', grade: 'A' },
    { field: '分野1', grade: 'B' },
    { field: '分野2', grade: 'C' },
    { field: '分野2', grade: null },
  ];
  const byField = distributionsBy(items, (i) => i.field, (i) => i.grade, SCALES['sendai-abc']);
  assert.deepEqual([...byField.keys()], ['分野1', '分野2']);
  const f1 = byField.get('分野1');
  // A 2/3 = 66.7%, B 1/3 = 33.3%, C 0
  assert.deepEqual(
    f1?.rows.map((r) => [r.code, r.count, r.shareText]),
    [
      ['A', 2, '66.7%'],
      ['B', 1, '33.3%'],
      ['C', 0, '0.0%'],
    ],
  );
  const f2 = byField.get('分野2');
  assert.equal(f2?.total, 1);
  assert.equal(f2?.ungraded, 1);
  assert.throws(() => gradeDistribution(['Z'], SCALES['sendai-abc']), (e: unknown) => e instanceof DomainError && e.code === 'GRADE_UNKNOWN');
});

test('excluded grades are counted apart from the shares', () => {
  const dist = gradeDistribution(['S', 'A', '−', '−', 'C'], SCALES['mechanical-sabc'], { exclude: ['−'] });
  assert.equal(dist.total, 3);
  assert.equal(dist.excluded, 2);
  assert.deepEqual(dist.rows.map((r) => r.code), ['S', 'A', 'B', 'C']);
  // 1/3 each for S, A, C: 33.4 (first), 33.3, 0, 33.3
  assert.deepEqual(dist.rows.map((r) => r.shareText), ['33.4%', '33.3%', '0.0%', '33.3%']);
  const empty = gradeDistribution([], SCALES['sendai-abc']);
  assert.equal(empty.total, 0);
  assert.deepEqual(empty.rows.map((r) => r.shareText), ['—', '—', '—']);
});

test('property: distributions always sum to the total and to exactly 100%', () => {
  const scale = SCALES['five-step'];
  const codes = scale.grades.map((g) => g.code);
  fc.assert(
    fc.property(
      fc.array(fc.option(fc.constantFrom(...codes), { nil: null }), { minLength: 1, maxLength: 300 }),
      fc.integer({ min: 0, max: 3 }),
      (grades, places) => {
        const dist = gradeDistribution(grades, scale, { places });
        const graded = grades.filter((g) => g !== null).length;
        assert.equal(dist.total, graded);
        assert.equal(dist.rows.reduce((a, r) => a + r.count, 0), graded);
        assert.equal(dist.ungraded, grades.length - graded);
        const sum = dist.rows.reduce((a, r) => a.plus(r.share), ZERO);
        if (graded === 0) {
          assert.ok(sum.isZero());
          return;
        }
        assert.equal(sum.toFixed(places), d(100).toFixed(places));
        // Each share is within one unit of its exact quota count × 100 ÷ total
        const unit = d(1).dividedBy(d(10).pow(places));
        for (const row of dist.rows) {
          const exact = d(row.count).times(100).dividedBy(graded);
          assert.ok(row.share.minus(exact).abs().lessThan(unit), `${row.code}: ${row.share.toFixed()} vs ${exact.toFixed()}`);
        }
      },
    ),
    { numRuns: 10_000 },
  );
});
