// Every plan's version, kept with the data's version: one reading per data version for all
// callers, a slow older reading never replacing a newer one, and listeners told which plans moved.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DataVersion } from '../db/data-version.js';
import { PlanVersions, changedPlans } from './plan-versions.js';

function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve: (value: T) => void = () => undefined;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

test('changedPlans: a moved version, a new plan and a plan gone all count; an unchanged one does not', () => {
  const before = new Map([['a', '1.5'], ['b', '2.9'], ['gone', '1.1']]);
  const after = new Map([['a', '1.5'], ['b', '3.20'], ['new', '1.30']]);
  assert.deepEqual(changedPlans(before, after).sort(), ['b', 'gone', 'new']);
  assert.deepEqual(changedPlans(after, after), []);
});

test('one reading per data version, shared by concurrent callers; a plan never recorded is 0.0', async () => {
  let reads = 0;
  const versions = new PlanVersions(new DataVersion(async () => 'v1', { maxAgeMs: Infinity }), async () => {
    reads++;
    return new Map([['sendai-2021', '3.12']]);
  });
  const [a, b] = await Promise.all([versions.of('sendai-2021', 'v1'), versions.of('sapporo-2nd', 'v1')]);
  assert.equal(a, '3.12');
  assert.equal(b, '0.0');
  await versions.of('sendai-2021', 'v1');
  assert.equal(reads, 1);
  await versions.of('sendai-2021', 'v2');
  assert.equal(reads, 2, 'a new data version reads again');
});

test('listeners hear the plans that moved; a slow reading that started first does not replace a newer one', async () => {
  const readings = [deferred<Map<string, string>>(), deferred<Map<string, string>>(), deferred<Map<string, string>>()];
  let next = 0;
  const versions = new PlanVersions(new DataVersion(async () => 'v1', { maxAgeMs: Infinity }), () => (readings[next++] ?? deferred<Map<string, string>>()).promise);
  const heard: string[][] = [];
  versions.onChange((changed) => heard.push(changed));

  const first = versions.at('v1');
  readings[0]?.resolve(new Map([['a', '1.1'], ['b', '1.2']]));
  await first;
  assert.deepEqual(heard, [], 'the first reading has nothing to compare with');

  const older = versions.at('v2');
  const newer = versions.at('v3');
  readings[2]?.resolve(new Map([['a', '1.1'], ['b', '3.9']])); // v3 answers first
  assert.equal((await newer).get('b'), '3.9');
  readings[1]?.resolve(new Map([['a', '1.1'], ['b', '2.5']])); // then the older v2
  assert.equal((await older).get('b'), '2.5', 'its own callers get what it read');
  assert.deepEqual(heard, [['b']], 'only the newer reading was kept and compared');
  assert.equal(await versions.of('b', 'v3'), '3.9', 'v3 is kept');
});

test('check() reads the data version, then every plan version when it moved', async () => {
  let lsn = '0/1';
  const data = new DataVersion(async () => lsn, { maxAgeMs: Infinity });
  let reads = 0;
  const versions = new PlanVersions(data, async () => new Map([['a', `${++reads}.0`]]));
  const heard: string[][] = [];
  versions.onChange((changed) => heard.push(changed));
  await versions.check();
  await versions.check();
  assert.equal(reads, 1, 'the data version did not move');
  lsn = '0/2';
  data.changed();
  await versions.check();
  assert.equal(reads, 2);
  assert.deepEqual(heard, [['a']]);
});
