// The order of an item's indicators: moving one a place up or down renumbers them 0, 1, 2 ….
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inIndicatorOrder, planIndicatorReorder } from './indicator-order.js';

// three indicators as an import may leave them: #20 and #21 share position 1 (then by id)
const rows = [
  { id: 21, position: 1 },
  { id: 10, position: 0 },
  { id: 20, position: 1 },
];

test('readers order by position, then id', () => {
  assert.deepEqual(inIndicatorOrder(rows).map((r) => r.id), [10, 20, 21]);
});

test('one place up or down: every indicator gets 0, 1, 2 … in the new order; only changed positions are returned', () => {
  // 10, 20, 21 → 10, 21, 20: 10 stays 0, 21 is 1 already, 20 becomes 2
  assert.deepEqual(planIndicatorReorder(rows, 21, 'up'), [{ id: 20, position: 2 }]);
  // 10, 20, 21 → 20, 10, 21: all three positions change (0→1, 1→0, 1→2)
  assert.deepEqual(planIndicatorReorder(rows, 10, 'down'), [{ id: 20, position: 0 }, { id: 10, position: 1 }, { id: 21, position: 2 }]);
});

test('the first cannot go up, the last cannot go down, an unknown id changes nothing', () => {
  assert.deepEqual(planIndicatorReorder(rows, 10, 'up'), []);
  assert.deepEqual(planIndicatorReorder(rows, 21, 'down'), []);
  assert.deepEqual(planIndicatorReorder(rows, 99, 'up'), []);
});
