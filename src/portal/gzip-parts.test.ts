// The per-visitor gzip answer of a kept page: what a browser's gunzip reads back must be the page
// with the visitor's token, byte for byte; the CRC-32 combination must equal zlib's CRC of the
// concatenation (zlib checks it on every gunzip, so a wrong one fails the read).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { crc32, gunzipSync } from 'node:zlib';
import { compressParts, crc32Combine, gzipJoined } from './gzip-parts.js';

/** Deterministic bytes (a linear congruential generator), mixed text so that deflate has work. */
function bytesOf(length: number, seed: number): Buffer {
  const out = Buffer.alloc(length);
  let x = seed;
  for (let i = 0; i < length; i++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    out[i] = i % 7 === 0 ? x % 256 : 0x61 + (x % 5);
  }
  return out;
}

test('crc32Combine gives the CRC-32 of the concatenation, for empty, short and long pieces', () => {
  for (const [a, b] of [[0, 0], [0, 10], [10, 0], [1, 1], [100, 3], [70_000, 123_457], [5, 1 << 20]] as const) {
    const x = bytesOf(a, a + 1);
    const y = bytesOf(b, b + 7);
    assert.equal(crc32Combine(crc32(x), crc32(y), y.byteLength), crc32(Buffer.concat([x, y])), `${a} + ${b} bytes`);
  }
});

test('the joined gzip reads back as the parts with the token between them, for one, two and three parts', () => {
  const token = Buffer.from('Zm9vYmFyLXRva2VuLWZvci1hLXZpc2l0b3I');
  const page = Buffer.from('<!DOCTYPE html><html lang="ja"><body><h1>市民協働の推進</h1>'.repeat(200));
  for (const count of [1, 2, 3]) {
    const parts = Array.from({ length: count }, (_, i) => Buffer.concat([page, Buffer.from(`<input name="_csrf" value="`.repeat(i ? 1 : 0))]));
    const gz = gzipJoined(compressParts(parts), token);
    const expected = Buffer.concat(parts.flatMap((part, i) => (i === 0 ? [part] : [token, part])));
    assert.deepEqual(gunzipSync(gz), expected);
    assert.ok(gz.byteLength * 5 < expected.byteLength, `${gz.byteLength} bytes for ${expected.byteLength}`);
  }
});

test('a token longer than one stored block (65,535 bytes) and empty parts still read back', () => {
  const token = bytesOf(70_000, 3);
  const parts = [Buffer.alloc(0), Buffer.from('あいう'), Buffer.alloc(0)];
  assert.deepEqual(gunzipSync(gzipJoined(compressParts(parts), token)), Buffer.concat([parts[0] ?? Buffer.alloc(0), token, parts[1] ?? Buffer.alloc(0), token, parts[2] ?? Buffer.alloc(0)]));
});
