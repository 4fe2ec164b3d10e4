import { test } from 'node:test';
import assert from 'node:assert/strict';
import { labelWidth, plotLeft } from './chart-layout.js';

test('label widths: digits 0.6 em, commas 0.3 em, Japanese characters 1 em (13 px)', () => {
  // 9 digits × 7.8 + 2 commas × 3.9 = 70.2 + 7.8
  assert.equal(labelWidth('200,000,000').toFixed(1), '78.0');
  // 4, 9, 6, 0, 0 = 5 × 7.8; 億, 万, 円 = 3 × 13; one comma 3.9
  assert.equal(labelWidth('4億9,600万円').toFixed(1), '81.9');
});

test('the plot starts after the widest label, never before the minimum', () => {
  assert.equal(plotLeft(['0', '50', '100'], 72), 72, 'short labels: the minimum');
  // 78.0 + gap 8 + margin 4 = 90
  assert.equal(plotLeft(['0', '100,000,000', '200,000,000'], 72), 90);
  assert.equal(plotLeft([], 72), 72);
});
