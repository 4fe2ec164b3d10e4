// The tree rules of moving and reordering, on a small hand-drawn tree:
//   1 (分野)            id 1
//     1-(1)            id 2
//       1-(1)-①        id 3
//       1-(1)-②        id 4
//   2 (分野)            id 5
//     2-(1)            id 6
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { descendantIds, inTreeOrder, planMove, planReorder, type TreeRow } from './tree.js';

const ROWS: TreeRow[] = [
  { id: 5, parentId: null, code: '2', depth: 0, position: 1 },
  { id: 1, parentId: null, code: '1', depth: 0, position: 0 },
  { id: 4, parentId: 2, code: '1-(1)-②', depth: 2, position: 1 },
  { id: 3, parentId: 2, code: '1-(1)-①', depth: 2, position: 0 },
  { id: 2, parentId: 1, code: '1-(1)', depth: 1, position: 0 },
  { id: 6, parentId: 5, code: '2-(1)', depth: 1, position: 0 },
];

test('inTreeOrder: depth first, siblings by position', () => {
  assert.deepEqual(inTreeOrder(ROWS).map((r) => r.code), ['1', '1-(1)', '1-(1)-①', '1-(1)-②', '2', '2-(1)']);
});

test('descendantIds: children and grandchildren, not the item itself', () => {
  assert.deepEqual([...descendantIds(ROWS, 1)].sort(), [2, 3, 4]);
  assert.deepEqual([...descendantIds(ROWS, 3)], []);
});

test('planMove: a 基本施策 with its 事業 moves under 分野2, last among its new siblings; depths follow', () => {
  const move = planMove(ROWS, 2, 5, 3);
  assert.equal(move.ok, true);
  if (!move.ok) return;
  assert.deepEqual(move.depths.sort((a, b) => a.id - b.id), [{ id: 2, depth: 1 }, { id: 3, depth: 2 }, { id: 4, depth: 2 }]);
  assert.equal(move.position, 1); // after 2-(1) at position 0
  assert.deepEqual(move.closeUp, []); // 分野1 has no other children
});

test('planMove: to the top level, the subtree goes up one level and the old siblings close up', () => {
  const move = planMove(ROWS, 3, null, 3);
  assert.equal(move.ok, true);
  if (!move.ok) return;
  assert.deepEqual(move.depths, [{ id: 3, depth: 0 }]);
  assert.equal(move.position, 2); // after 1 (0) and 2 (1)
  assert.deepEqual(move.closeUp, [{ id: 4, position: 0 }]); // ② moves up to where ① was
});

test('planMove refuses: under itself, under its own descendant, outside the plan, below the last level, to the same parent', () => {
  const self = planMove(ROWS, 1, 1, 3);
  assert.equal(self.ok, false);
  const descendant = planMove(ROWS, 1, 3, 3);
  assert.equal(descendant.ok, false);
  if (!descendant.ok) assert.equal(descendant.reason, '移動先「1-(1)-①」はこの項目の下位の項目です。自分の下位の項目の下には移動できません');
  const elsewhere = planMove(ROWS, 2, 99, 3);
  assert.equal(elsewhere.ok, false);
  // 1-(1) (with 事業 under it) under 2-(1) would make a 4th level in a 3-level plan
  const deep = planMove(ROWS, 2, 6, 3);
  assert.equal(deep.ok, false);
  if (!deep.ok) assert.equal(deep.reason, '移動すると第4階層ができますが、この計画の階層は3つまでです');
  assert.equal(planMove(ROWS, 2, 6, 4).ok, true, 'a 4-level plan has room');
  assert.equal(planMove(ROWS, 3, 2, 3).ok, false);
});

test('planReorder: swaps with the neighbour; nothing at either end', () => {
  assert.deepEqual(planReorder(ROWS, 4, 'up'), [{ id: 4, position: 0 }, { id: 3, position: 1 }]);
  assert.deepEqual(planReorder(ROWS, 3, 'up'), []);
  assert.deepEqual(planReorder(ROWS, 4, 'down'), []);
  assert.deepEqual(planReorder(ROWS, 1, 'down'), [{ id: 5, position: 0 }, { id: 1, position: 1 }]);
});
