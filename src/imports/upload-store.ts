// Uploaded files kept on the server between the preview and the confirmation, so the confirmed
// import is exactly the previewed file and the client only names it (by its SHA-256, for the
// user who uploaded it). In memory, for one hour, per user: each person keeps at most 5 files
// and 100 MB (their own oldest go first), so one person's uploads never push out another's
// preview. All users together keep at most 1 GB: past that a new file is not kept (put answers
// null and the person is asked to try again later) rather than someone else's being dropped.
// One server process: with several processes behind a load balancer the confirmation must reach
// the same process.
import { sha256, type SpreadsheetFile } from './import-spreadsheet.js';

const TTL_MS = 60 * 60 * 1000;
export const MAX_FILES_PER_USER = 5;
export const MAX_BYTES_PER_USER = 100 * 1024 * 1024;
export const MAX_BYTES_TOTAL = 1024 * 1024 * 1024;

interface Stored {
  file: SpreadsheetFile;
  at: number;
}

export interface UploadStoreLimits {
  filesPerUser: number;
  bytesPerUser: number;
  bytesTotal: number;
}

export class UploadStore {
  /** Per user: their files by hash, oldest first. */
  private readonly users = new Map<number, Map<string, Stored>>();
  private readonly limits: UploadStoreLimits;

  constructor(
    private readonly now: () => number = Date.now,
    limits: Partial<UploadStoreLimits> = {},
  ) {
    this.limits = { filesPerUser: MAX_FILES_PER_USER, bytesPerUser: MAX_BYTES_PER_USER, bytesTotal: MAX_BYTES_TOTAL, ...limits };
  }

  /** Keeps the file for this user; returns its SHA-256, or null when the store is full (nothing of anyone else's is dropped for it). */
  put(userId: number, file: SpreadsheetFile): string | null {
    this.sweep();
    const hash = sha256(file.bytes);
    const own = this.users.get(userId) ?? new Map<string, Stored>();
    own.delete(hash);
    const othersBytes = this.totalBytes() - bytesOf(own);
    // the user's own oldest files go first, down to what the user and the store may hold
    while (own.size > 0 && (own.size + 1 > this.limits.filesPerUser || bytesOf(own) + file.bytes.length > this.limits.bytesPerUser || othersBytes + bytesOf(own) + file.bytes.length > this.limits.bytesTotal)) {
      const oldest = own.keys().next().value;
      if (oldest === undefined) break;
      own.delete(oldest);
    }
    if (own.size === 0) this.users.delete(userId);
    if (othersBytes + bytesOf(own) + file.bytes.length > this.limits.bytesTotal) return null;
    own.set(hash, { file, at: this.now() });
    this.users.set(userId, own);
    return hash;
  }

  /** The file this user uploaded with this hash, if still kept. */
  get(userId: number, hash: string): SpreadsheetFile | undefined {
    this.sweep();
    return this.users.get(userId)?.get(hash)?.file;
  }

  delete(userId: number, hash: string): void {
    const own = this.users.get(userId);
    own?.delete(hash);
    if (own?.size === 0) this.users.delete(userId);
  }

  private totalBytes(): number {
    let total = 0;
    for (const own of this.users.values()) total += bytesOf(own);
    return total;
  }

  private sweep(): void {
    const limit = this.now() - TTL_MS;
    for (const [userId, own] of this.users) {
      for (const [hash, stored] of own) if (stored.at < limit) own.delete(hash);
      if (own.size === 0) this.users.delete(userId);
    }
  }
}

function bytesOf(files: ReadonlyMap<string, Stored>): number {
  let total = 0;
  for (const stored of files.values()) total += stored.file.bytes.length;
  return total;
}
