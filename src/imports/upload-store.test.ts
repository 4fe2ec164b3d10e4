// The server-side keeping of uploads between preview and confirmation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UploadStore } from './upload-store.js';

test('a file is found by its uploader and hash only, and forgotten after an hour', () => {
  let now = 0;
  const store = new UploadStore(() => now);
  const file = { name: 'a.csv', bytes: Buffer.from('abc') };
  const hash = store.put(1, file);
  // SHA-256 of "abc" (FIPS 180-2, appendix B.1)
  assert.equal(hash, 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  assert.equal(store.get(1, hash), file);
  assert.equal(store.get(2, hash), undefined);
  now = 59 * 60 * 1000;
  assert.equal(store.get(1, hash), file);
  now = 61 * 60 * 1000;
  assert.equal(store.get(1, hash), undefined);
});

test('each person keeps at most 5 files: their own oldest goes first', () => {
  const store = new UploadStore(() => 0);
  const hashes = Array.from({ length: 6 }, (_, i) => store.put(1, { name: `${i}.csv`, bytes: Buffer.from(String(i)) }) ?? '');
  assert.equal(store.get(1, hashes[0] ?? ''), undefined);
  assert.ok(store.get(1, hashes[1] ?? ''));
  assert.ok(store.get(1, hashes[5] ?? ''));
});

test("one person's uploads never push out another's preview", () => {
  const store = new UploadStore(() => 0);
  const theirs = { name: 'theirs.csv', bytes: Buffer.from('the other department') };
  const kept = store.put(2, theirs);
  assert.ok(kept);
  // 30 files and, by bytes, 30 × 4 MB from one person
  for (let i = 0; i < 30; i++) store.put(1, { name: `${i}.csv`, bytes: Buffer.alloc(4 * 1024 * 1024, i) });
  assert.equal(store.get(2, kept), theirs);
});

test('per person at most 100 MB; all together at most the total: a new file is then refused, nobody else\'s dropped', () => {
  const store = new UploadStore(() => 0, { bytesTotal: 30 });
  const a = store.put(1, { name: 'a.csv', bytes: Buffer.alloc(10, 1) });
  const b = store.put(2, { name: 'b.csv', bytes: Buffer.alloc(10, 2) });
  assert.ok(a && b);
  // 10 + 10 + 11 > 30: person 3 has nothing of its own to let go
  assert.equal(store.put(3, { name: 'c.csv', bytes: Buffer.alloc(11, 3) }), null);
  assert.ok(store.get(1, a) && store.get(2, b));
  // person 1 may replace its own file: 10 + 11 ≤ 30 once its own 10 are gone
  const a2 = store.put(1, { name: 'a2.csv', bytes: Buffer.alloc(11, 4) });
  assert.ok(a2);
  assert.equal(store.get(1, a), undefined);
  assert.ok(store.get(2, b));
  const perUser = new UploadStore(() => 0, { bytesPerUser: 100 });
  const first = perUser.put(1, { name: '1.csv', bytes: Buffer.alloc(60, 1) }) ?? '';
  perUser.put(1, { name: '2.csv', bytes: Buffer.alloc(60, 2) });
  assert.equal(perUser.get(1, first), undefined, '60 + 60 > 100: the older goes');
});
