// A page kept gzip-compressed although each visitor's copy differs in one place (the CSRF token
// of a form): the parts around the token are compressed once, each as raw deflate blocks ending
// on a byte boundary (Z_SYNC_FLUSH), and a visitor's answer is put together as one gzip member —
// header, part, the token as a stored block, part, …, an empty final block, and the CRC-32 of the
// whole, combined from the parts' CRCs without their bytes (zlib's crc32_combine). One valid
// deflate stream, so every browser reads it; the cost per answer is a few microseconds.
import { constants, crc32, deflateRawSync } from 'node:zlib';

const POLY = 0xedb88320;

/** a × b modulo the CRC-32 polynomial (bit-reflected), as zlib's multmodp. */
function multmodp(a: number, b: number): number {
  let m = 0x80000000;
  let p = 0;
  let x = b >>> 0;
  for (;;) {
    if ((a & m) !== 0) {
      p ^= x;
      if ((a & (m - 1)) === 0) break;
    }
    m >>>= 1;
    if (m === 0) break;
    x = x & 1 ? (x >>> 1) ^ POLY : x >>> 1;
  }
  return p >>> 0;
}

/** x^(2^k) modulo the polynomial, k = 0…31. */
const X2N: number[] = (() => {
  const table: number[] = [];
  let p = 1 << 30; // x^1
  table.push(p);
  for (let n = 1; n < 32; n++) table.push((p = multmodp(p, p)));
  return table;
})();

/** x^(n·2^k) modulo the polynomial. */
function x2nmodp(n: number, k: number): number {
  let p = 0x80000000; // x^0
  let rest = n;
  let bit = k;
  while (rest > 0) {
    if (rest % 2 === 1) p = multmodp(X2N[bit & 31] ?? 0, p);
    rest = Math.floor(rest / 2);
    bit++;
  }
  return p;
}

/** The CRC-32 of A followed by B, from the CRC of A, the CRC of B and B's length. */
export function crc32Combine(crcA: number, crcB: number, lengthB: number): number {
  return (multmodp(x2nmodp(lengthB, 3), crcA) ^ crcB) >>> 0;
}

export interface CompressedPart {
  deflated: Buffer;
  crc: number;
  length: number;
}

/** Compresses each part on its own, ending on a byte boundary so that any bytes may follow. */
export function compressParts(parts: readonly Buffer[]): CompressedPart[] {
  return parts.map((part) => ({ deflated: deflateRawSync(part, { finishFlush: constants.Z_SYNC_FLUSH }), crc: crc32(part), length: part.byteLength }));
}

const HEADER = Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0, 0x00, 0xff]);
const FINAL_EMPTY_BLOCK = Buffer.from([0x03, 0x00]);
const STORED_MAX = 0xffff;

/** Stored (uncompressed) deflate blocks holding these bytes; the stream is on a byte boundary before and after. */
function storedBlocks(bytes: Buffer): Buffer[] {
  const blocks: Buffer[] = [];
  for (let at = 0; at < bytes.byteLength; at += STORED_MAX) {
    const chunk = bytes.subarray(at, at + STORED_MAX);
    const head = Buffer.alloc(5);
    head[0] = 0x00; // not final, stored
    head.writeUInt16LE(chunk.byteLength, 1);
    head.writeUInt16LE(~chunk.byteLength & 0xffff, 3);
    blocks.push(head, chunk);
  }
  return blocks;
}

/** One gzip member: the parts with `between` in every gap, as compressParts' parts were split. */
export function gzipJoined(parts: readonly CompressedPart[], between: Buffer): Buffer {
  const betweenCrc = crc32(between);
  const pieces: Buffer[] = [HEADER];
  let crc = 0;
  let length = 0;
  parts.forEach((part, i) => {
    if (i > 0) {
      pieces.push(...storedBlocks(between));
      crc = crc32Combine(crc, betweenCrc, between.byteLength);
      length += between.byteLength;
    }
    pieces.push(part.deflated);
    crc = i === 0 ? part.crc : crc32Combine(crc, part.crc, part.length);
    length += part.length;
  });
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(crc >>> 0, 0);
  trailer.writeUInt32LE(length % 0x100000000, 4);
  pieces.push(FINAL_EMPTY_BLOCK, trailer);
  return Buffer.concat(pieces);
}
