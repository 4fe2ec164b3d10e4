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

test('at most 20 files are kept: the oldest goes first', () => {
  const store = new UploadStore(() => 0);
  const hashes = Array.from({ length: 21 }, (_, i) => store.put(1, { name: `${i}.csv`, bytes: Buffer.from(String(i)) }));
  assert.equal(store.get(1, hashes[0] ?? ''), undefined);
  assert.ok(store.get(1, hashes[1] ?? ''));
  assert.ok(store.get(1, hashes[20] ?? ''));
});
