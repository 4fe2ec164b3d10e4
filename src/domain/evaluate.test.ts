import { test } from 'node:test';
import assert from 'node:assert/strict';
import { d } from './decimal.js';
import { evaluateIndicator } from './evaluate.js';
import { parseJapaneseNumber } from './numbers.js';
import { SCALES } from './scales.js';

test('Sapporo 町内会加入率 for 平成28年度 against the H30 target, end to end', () => {
  // ratio 71.1 ÷ 74.0 = 0.960810… → 96.1%; < 100% and 71.1 < H25 baseline 71.7 → not improved → C
  // least squares over H25–H28 (71.7, 71.5, 71.2, 71.1): ȳ = 285.5 ÷ 4 = 71.375; dy = 0.325, 0.125, −0.175, −0.275
  // Sxy = −1.5 × 0.325 − 0.5 × 0.125 + 0.5 × −0.175 + 1.5 × −0.275 = −0.4875 − 0.0625 − 0.0875 − 0.4125 = −1.05
  // slope = −1.05 ÷ 5 = −0.21/年: falling while the target is higher → 到達見込みなし
  const value = (text: string) => {
    const parsed = parseJapaneseNumber(text);
    if (parsed.kind !== 'value') throw new Error(text);
    return parsed.value;
  };
  const result = evaluateIndicator({
    rate: { method: 'ratio', direction: 'up', fiscalYear: 2016, actual: parseJapaneseNumber('71.1%'), target: value('74.0%'), baseline: value('71.7%') },
    scale: SCALES['mechanical-sabc'],
    selfGrade: 'B',
    projection: {
      points: [
        { fiscalYear: 2013, value: value('71.7%') },
        { fiscalYear: 2014, value: value('71.5%') },
        { fiscalYear: 2015, value: value('71.2%') },
        { fiscalYear: 2016, value: value('71.1%') },
      ],
      target: value('74.0%'),
      direction: 'up',
      method: 'least_squares',
      targetFiscalYear: 2018,
    },
  });
  assert.equal(result.rate.status === 'ok' && result.rate.formula, '71.1 ÷ 74.0 = 96.1%');
  assert.equal(result.grade.grade?.code, 'C');
  assert.deepEqual(result.disagreement, { computed: 'C', self: 'B', direction: 'self_higher' });
  assert.equal(result.projection?.status, 'not_reachable');
  assert.equal(result.projection?.status === 'not_reachable' && result.projection.slope.toFixed(), '-0.21');
  assert.equal(evaluateIndicator({ rate: { method: 'ratio', direction: 'up', fiscalYear: 2016, actual: d(1), target: d(2) }, scale: SCALES['sendai-abc'] }).projection, null);
});
