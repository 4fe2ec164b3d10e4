// Hand-written reorganisations, with the answers worked out on paper beside each chain.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chainsOf, currentDepartmentOf, currentIds, departmentAt, endOfFiscalYear, relatedDepartments, type DepartmentLink } from './department-history.js';

const dep = (id: number, validFrom: string | null, validTo: string | null, successorId: number | null): DepartmentLink => ({ id, validFrom, validTo, successorId });

// 1 市民協働推進課 → (rename 2023-04-01) 2 協働推進課 → (merged 2025-04-01 into) 3 地域政策課
const renameThenMerge = chainsOf([
  dep(1, null, '2023-03-31', 2),
  dep(2, '2023-04-01', '2025-03-31', 3),
  dep(3, null, null, null),
]);

test('rename then merge: today the merged-into 課 carries the work', () => {
  assert.equal(currentDepartmentOf(renameThenMerge, 1), 3);
  assert.equal(currentDepartmentOf(renameThenMerge, 2), 3);
  assert.equal(currentDepartmentOf(renameThenMerge, 3), 3);
});

test('rename then merge: the department valid at each fiscal year end', () => {
  // 令和3年度 ends 2022-03-31: still the first name
  assert.equal(departmentAt(renameThenMerge, 1, endOfFiscalYear(2021)), 1);
  // 令和4年度 ends 2023-03-31, the last day of the first name
  assert.equal(departmentAt(renameThenMerge, 1, endOfFiscalYear(2022)), 1);
  // 令和5年度 ends 2024-03-31: renamed on 2023-04-01
  assert.equal(departmentAt(renameThenMerge, 1, endOfFiscalYear(2023)), 2);
  // 令和7年度 ends 2026-03-31: merged on 2025-04-01
  assert.equal(departmentAt(renameThenMerge, 1, endOfFiscalYear(2025)), 3);
  // a later department asked about an earlier date stays itself
  assert.equal(departmentAt(renameThenMerge, 3, '2020-03-31'), 3);
});

test('two renames: each name in its own years, the last one today', () => {
  const chains = chainsOf([dep(10, '2010-04-01', '2019-03-31', 11), dep(11, '2019-04-01', '2024-03-31', 12), dep(12, '2024-04-01', null, null)]);
  assert.equal(currentDepartmentOf(chains, 10), 12);
  assert.equal(departmentAt(chains, 10, '2019-03-31'), 10);
  assert.equal(departmentAt(chains, 10, '2019-04-01'), 11);
  assert.equal(departmentAt(chains, 10, '2024-03-31'), 11);
  assert.equal(departmentAt(chains, 10, '2024-04-01'), 12);
  assert.deepEqual([...currentIds(chains)], [[10, 12], [11, 12], [12, null]]);
});

test('merge of a renamed one: both branches end at the department merged into', () => {
  // 20 renamed to 21 (2022-04-01); 21 merged into 30 (2024-04-01); 31 merged into 30 too (2024-04-01)
  const chains = chainsOf([
    dep(20, null, '2022-03-31', 21),
    dep(21, '2022-04-01', '2024-03-31', 30),
    dep(30, null, null, null),
    dep(31, null, '2024-03-31', 30),
    dep(40, null, null, null), // unrelated
  ]);
  assert.deepEqual([...currentIds(chains)], [[20, 30], [21, 30], [30, null], [31, 30], [40, null]]);
  assert.equal(departmentAt(chains, 20, '2023-03-31'), 21);
  assert.equal(departmentAt(chains, 31, '2023-03-31'), 31);
  assert.equal(departmentAt(chains, 31, '2024-04-01'), 30);
  // an editor of 30 acts for everything that flowed into it, and so does an editor of 21
  assert.deepEqual(relatedDepartments(chains, [30]), [20, 21, 30, 31]);
  assert.deepEqual(relatedDepartments(chains, [21]), [20, 21, 30, 31]);
  assert.deepEqual(relatedDepartments(chains, [40]), [40]);
});

test('an abolished department has no successor and stays its own current department', () => {
  const chains = chainsOf([dep(50, null, '2023-03-31', null)]);
  assert.equal(currentDepartmentOf(chains, 50), 50);
  assert.equal(departmentAt(chains, 50, '2030-03-31'), 50);
});

test('a loop in bad data does not hang', () => {
  const chains = chainsOf([dep(60, null, '2020-03-31', 61), dep(61, null, '2020-03-31', 60)]);
  assert.ok([60, 61].includes(currentDepartmentOf(chains, 60)));
});
