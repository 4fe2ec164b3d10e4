// The parts of a .xlsx (a zip archive), found through the archive's central directory and
// unpacked one at a time, each checked against its length and CRC-32 (a damaged part is refused,
// never read as whatever its broken data inflates to).
import { crc32, inflateRawSync } from 'node:zlib';

/**
 * Largest total size of a workbook's unpacked parts: 64 MiB (a 10,000-row sheet of the template
 * unpacks to about 8 MB). Checked on the sizes the archive's directory declares before anything is
 * unpacked, and counted again on the bytes actually unpacked (a part never inflates past its
 * declared size), so one upload never holds more than this in unpacked XML.
 */
export const MAX_UNPACKED_BYTES = 64 * 1024 * 1024;

export const TOO_LARGE_UNPACKED = `展開後の大きさが上限（${MAX_UNPACKED_BYTES / 1024 / 1024} MB）を超えます。ファイルを分けてください`;

/** Thrown by unpack() when the bytes unpacked so far pass MAX_UNPACKED_BYTES. */
export class UnpackedTooLarge extends Error {
  constructor() {
    super(TOO_LARGE_UNPACKED);
  }
}

export const BROKEN_ARCHIVE = 'Excel ファイル（.xlsx）として読めません。ファイルが壊れているか、別の形式です';

interface Part {
  method: number;
  crc: number;
  size: number;
  start: number;
  end: number;
}

export class ZipArchive {
  /** Bytes unpacked so far, counted against MAX_UNPACKED_BYTES. */
  private unpacked = 0;

  private constructor(
    private readonly bytes: Buffer,
    /** Parts by name, lower-cased: names of the parts of an Office file compare regardless of case. */
    private readonly parts: Map<string, Part>,
  ) {}

  /** The archive's directory, or what is wrong with it (a sentence for the person who sent the file). */
  static open(bytes: Buffer): ZipArchive | string {
    let eocd = -1;
    for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 65535); i--) {
      if (bytes.readUInt32LE(i) === 0x06054b50) {
        eocd = i;
        break;
      }
    }
    if (eocd < 0) return BROKEN_ARCHIVE;
    const count = bytes.readUInt16LE(eocd + 10);
    let at = bytes.readUInt32LE(eocd + 16);
    let unpacked = 0;
    const parts = new Map<string, Part>();
    for (let n = 0; n < count; n++) {
      if (at + 46 > bytes.length || bytes.readUInt32LE(at) !== 0x02014b50) return BROKEN_ARCHIVE;
      const method = bytes.readUInt16LE(at + 10);
      const crc = bytes.readUInt32LE(at + 16);
      const packedSize = bytes.readUInt32LE(at + 20);
      const size = bytes.readUInt32LE(at + 24);
      const nameLength = bytes.readUInt16LE(at + 28);
      const local = bytes.readUInt32LE(at + 42);
      if (at + 46 + nameLength > bytes.length) return BROKEN_ARCHIVE;
      const name = bytes.toString('utf8', at + 46, at + 46 + nameLength);
      at += 46 + nameLength + bytes.readUInt16LE(at + 30) + bytes.readUInt16LE(at + 32);
      if (packedSize === 0xffffffff || size === 0xffffffff) return '大きすぎる Excel ファイル（ZIP64）には対応していません';
      unpacked += size;
      if (unpacked > MAX_UNPACKED_BYTES) return TOO_LARGE_UNPACKED;
      if (local + 30 > bytes.length || bytes.readUInt32LE(local) !== 0x04034b50) return BROKEN_ARCHIVE;
      const start = local + 30 + bytes.readUInt16LE(local + 26) + bytes.readUInt16LE(local + 28);
      if (start + packedSize > bytes.length) return BROKEN_ARCHIVE;
      if (method !== 0 && method !== 8) return BROKEN_ARCHIVE;
      parts.set(name.replace(/^\//, '').toLowerCase(), { method, crc, size, start, end: start + packedSize });
    }
    return new ZipArchive(bytes, parts);
  }

  has(name: string): boolean {
    return this.parts.has(name.toLowerCase());
  }

  /** Names (lower-cased) of every part. */
  names(): string[] {
    return [...this.parts.keys()];
  }

  /**
   * A part's bytes, unpacked and checked; null when the part is damaged. Throws when there is no
   * such part, and UnpackedTooLarge when this part would take the archive's unpacked bytes past
   * MAX_UNPACKED_BYTES.
   */
  unpack(name: string): Buffer | null {
    const part = this.parts.get(name.toLowerCase());
    if (!part) throw new Error(`no part ${name}`);
    if (this.unpacked + part.size > MAX_UNPACKED_BYTES) throw new UnpackedTooLarge();
    const packed = this.bytes.subarray(part.start, part.end);
    let data: Buffer;
    try {
      data = part.method === 0 ? packed : inflateRawSync(packed, { maxOutputLength: part.size + 1 });
    } catch {
      return null;
    }
    this.unpacked += data.length;
    return data.length === part.size && crc32(data) === part.crc ? data : null;
  }
}
