// Uploaded files kept on the server between the preview and the confirmation, so the confirmed
// import is exactly the previewed file and the client only names it (by its SHA-256, for the
// user who uploaded it). In memory, for one hour, at most 20 files and 200 MB together (the
// oldest go first): a confirmation after that asks for the file again. One server process: with
// several processes behind a load balancer the confirmation must reach the same process.
import { sha256, type SpreadsheetFile } from './import-spreadsheet.js';

const TTL_MS = 60 * 60 * 1000;
const MAX_FILES = 20;
const MAX_BYTES = 200 * 1024 * 1024;

interface Stored {
  file: SpreadsheetFile;
  at: number;
}

export class UploadStore {
  private readonly files = new Map<string, Stored>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Keeps the file for this user; returns its SHA-256. */
  put(userId: number, file: SpreadsheetFile): string {
    this.sweep();
    const hash = sha256(file.bytes);
    this.files.delete(`${userId}:${hash}`);
    this.files.set(`${userId}:${hash}`, { file, at: this.now() });
    const total = () => [...this.files.values()].reduce((sum, x) => sum + x.file.bytes.length, 0);
    while (this.files.size > MAX_FILES || (this.files.size > 1 && total() > MAX_BYTES)) {
      const oldest = this.files.keys().next().value;
      if (oldest === undefined) break;
      this.files.delete(oldest);
    }
    return hash;
  }

  /** The file this user uploaded with this hash, if still kept. */
  get(userId: number, hash: string): SpreadsheetFile | undefined {
    this.sweep();
    return this.files.get(`${userId}:${hash}`)?.file;
  }

  delete(userId: number, hash: string): void {
    this.files.delete(`${userId}:${hash}`);
  }

  private sweep(): void {
    const limit = this.now() - TTL_MS;
    for (const [key, stored] of this.files) if (stored.at < limit) this.files.delete(key);
  }
}
