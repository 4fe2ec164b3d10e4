import { test } from 'node:test';
import assert from 'node:assert/strict';
import { d } from './decimal.js';
import { DomainError } from './errors.js';
import type { RateOk, RateResult } from './judgement.js';
import { defineScale, gradeDisagreement, gradeFor, SCALES } from './scales.js';

/** A computed rate result, as achievementRate would return it. */
function rated(rate: string, improved?: boolean): RateOk {
  const result: RateOk = {
    status: 'ok',
    method: 'ratio',
    rate: d(rate),
    unroundedRate: d(rate),
    formula: '',
    limited: null,
    approximate: false,
    partialYear: false,
  };
  if (improved !== undefined) result.improved = improved;
  return result;
}

const notMeasurable: RateResult = {
  status: 'not_measurable',
  method: 'ratio',
  label: '評価不能',
  reason: 'missing_actual',
  missingReason: 'not_yet_surveyed',
  message: '実績が「今後調査」のため評価不能です',
};

test('mechanical S/A/B/C/−: the exact boundaries', () => {
  const scale = SCALES['mechanical-sabc'];
  const code = (r: RateResult, context = {}) => gradeFor(scale, r, context).grade?.code;
  assert.equal(code(rated('110.0')), 'S'); // ≥ 110.0
  assert.equal(code(rated('225.5')), 'S');
  assert.equal(code(rated('109.9')), 'A'); // 100.0 ≤ rate < 110.0
  assert.equal(code(rated('100.0')), 'A');
  assert.equal(code(rated('99.9', true)), 'B'); // < 100, improved on the baseline
  assert.equal(code(rated('99.9', false)), 'C'); // < 100, not improved
  assert.equal(code(rated('50.0'), { improved: true }), 'B'); // improvement given by the caller
  assert.equal(code(rated('50.0')), '−'); // < 100 and no baseline to compare with
  assert.equal(code(notMeasurable), '−');
  assert.equal(gradeFor(scale, rated('89.6', false)).explanation, '89.6% < 100.0%、基準値から改善していない → C');
  assert.equal(gradeFor(scale, rated('110.0')).explanation, '110.0% ≧ 110.0% → S');
});

test('Sendai A/B/C is people\'s choice: no grade is computed', () => {
  const result = gradeFor(SCALES['sendai-abc'], rated('120.0'));
  assert.equal(result.grade, null);
  assert.equal(result.basis, 'manual');
  assert.deepEqual(
    SCALES['sendai-abc'].grades.map((g) => [g.code, g.label]),
    [
      ['A', '着実に進捗した'],
      ['B', 'B'],
      ['C', '進捗が遅れている'],
    ],
  );
});

test('five-step scale with 評価不能 and 未実施', () => {
  const scale = SCALES['five-step'];
  const code = (r: RateResult, context = {}) => gradeFor(scale, r, context).grade?.code;
  assert.equal(code(rated('100.0')), 'A');
  assert.equal(code(rated('99.9')), 'B');
  assert.equal(code(rated('80.0')), 'B');
  assert.equal(code(rated('79.9')), 'C');
  assert.equal(code(rated('60.0')), 'C');
  assert.equal(code(rated('40.0')), 'D');
  assert.equal(code(rated('39.9')), 'E');
  assert.equal(code(rated('-50.7')), 'E');
  assert.equal(code(notMeasurable), '評価不能');
  assert.equal(code(notMeasurable, { notImplemented: true }), '未実施');
});

test('a plan can define its own scale; invalid definitions are refused', () => {
  const custom = defineScale({
    id: 'two-step',
    name: '達成・未達成',
    grades: [
      { code: '達成', label: '目標達成', color: '#0031D8' },
      { code: '未達成', label: '目標未達成', color: '#EC0000' },
    ],
    rule: { type: 'thresholds', steps: [{ grade: '達成', minRate: '100' }], below: '未達成', notMeasurable: null },
  });
  assert.equal(gradeFor(custom, rated('100.0')).grade?.code, '達成');
  assert.equal(gradeFor(custom, rated('99.9')).grade?.code, '未達成');
  assert.equal(gradeFor(custom, notMeasurable).grade, null);
  const isScaleInvalid = (e: unknown) => e instanceof DomainError && e.code === 'SCALE_INVALID';
  const base = { id: 'x', name: 'x', grades: [{ code: 'A', label: 'A', color: '#000000' }] };
  assert.throws(() => defineScale({ ...base, rule: { type: 'thresholds', steps: [{ grade: 'Z', minRate: '100' }], below: 'A', notMeasurable: null } }), isScaleInvalid);
  assert.throws(
    () =>
      defineScale({
        ...base,
        grades: [...base.grades, { code: 'B', label: 'B', color: '#000000' }],
        rule: { type: 'thresholds', steps: [{ grade: 'B', minRate: '80' }, { grade: 'A', minRate: '100' }], below: 'B', notMeasurable: null },
      }),
    isScaleInvalid,
  );
  assert.throws(() => defineScale({ ...base, grades: [...base.grades, ...base.grades], rule: { type: 'manual' } }), isScaleInvalid);
  assert.throws(() => defineScale({ ...base, rule: { type: 'thresholds', steps: [{ grade: 'A', minRate: '１００' }], below: 'A', notMeasurable: null } }), isScaleInvalid);
  assert.throws(() => defineScale('not a scale'), isScaleInvalid);
  // The shipped scales pass their own validation
  for (const scale of Object.values(SCALES)) assert.deepEqual(defineScale(scale), scale);
});

test('a disagreement between self-grade and computed grade is flagged, never overwritten', () => {
  const scale = SCALES['mechanical-sabc'];
  assert.equal(gradeDisagreement(scale, 'A', 'A'), null);
  assert.equal(gradeDisagreement(scale, null, 'A'), null);
  assert.deepEqual(gradeDisagreement(scale, 'C', 'A'), { computed: 'C', self: 'A', direction: 'self_higher' });
  assert.deepEqual(gradeDisagreement(scale, 'S', 'B'), { computed: 'S', self: 'B', direction: 'self_lower' });
  assert.deepEqual(gradeDisagreement(scale, '−', 'B'), { computed: '−', self: 'B', direction: null });
  assert.throws(() => gradeDisagreement(scale, 'A', 'Z'), (e: unknown) => e instanceof DomainError && e.code === 'GRADE_UNKNOWN');
});
