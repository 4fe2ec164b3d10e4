// The data's version: what the public page cache and the ETags of /api/v1 and /opendata are
// keyed by. It is the database's write-ahead log position (a replica's replay position), read
// once and kept in process memory, so a request costs no query:
//
// - A write by this process (any statement that is not a plain read and changed a row, once it
//   is committed) drops the kept value the moment it finishes (src/db/client.ts hooks the
//   driver), so the next request reads the position again: a page is never older than this
//   process's own writes.
// - PGlite: a data folder belongs to one process, so nothing else writes; the value is kept
//   until this process writes.
// - PostgreSQL: other processes may write. The value is kept at most DATA_VERSION_REFRESH_MS
//   (default 500 ms), so their writes show within that bound; other Shinchoku processes also say
//   NOTIFY after each write, which drops the value at once.
//
// The position is the same number in every process reading that server, so an ETag made in one
// process is valid in another (never a false 304), and it survives restarts.
import { sql } from 'drizzle-orm';

export const DATA_VERSION_QUERY = sql`SELECT (CASE WHEN pg_is_in_recovery() THEN pg_last_wal_replay_lsn() ELSE pg_current_wal_insert_lsn() END)::text AS lsn`;

/** The channel Shinchoku processes NOTIFY on after a write to a shared PostgreSQL. */
export const DATA_CHANGED_CHANNEL = 'shinchoku_data_changed';

/** Statements that only read, unless they also contain a word that writes (a data-modifying WITH, SELECT INTO). */
const READS = /^\s*(?:select|with|show|explain|values|table|begin|start\s+transaction|savepoint|release|rollback|abort|set|reset|fetch|declare|close|deallocate|unlisten)\b/i;
const WRITES = /\b(?:insert|update|delete|merge|truncate|into|nextval|setval|copy)\b/i;

/** Whether a statement may change data: anything but a plain read, and every COMMIT. */
export function isWriteStatement(text: string): boolean {
  return !READS.test(text) || WRITES.test(text);
}

const PLAIN_DML = /^\s*(?:insert|update|delete)\b/i;

/**
 * Whether a finished write statement changed data: a plain INSERT, UPDATE or DELETE that
 * touched no row did not (a job queue polled with UPDATE … RETURNING, a cleanup that found
 * nothing), judged from the driver's result (pg: rowCount, PGlite: affectedRows).
 */
export function changedData(text: string, result: unknown): boolean {
  if (!PLAIN_DML.test(text) || typeof result !== 'object' || result === null) return true;
  const counted = result as { rowCount?: unknown; affectedRows?: unknown };
  const rows = counted.rowCount ?? counted.affectedRows;
  return rows !== 0;
}

export interface DataVersionOptions {
  /** How long a value read from the database is kept (Infinity: until this process writes). */
  maxAgeMs: number;
  now?: () => number;
}

export class DataVersion {
  private value: string | undefined;
  private readAt = 0;
  /** Bumped by every change; a read that started before a change is not kept. */
  private generation = 0;
  private pending: { generation: number; promise: Promise<string> } | undefined;
  private readonly now: () => number;

  constructor(private readonly read: () => Promise<string>, private readonly options: DataVersionOptions) {
    this.now = options.now ?? (() => performance.now());
  }

  /** The kept version when it is fresh enough, without waiting; undefined when it must be read. */
  peek(): string | undefined {
    if (this.value === undefined) return undefined;
    if (this.options.maxAgeMs !== Infinity && this.now() - this.readAt >= this.options.maxAgeMs) return undefined;
    return this.value;
  }

  /** The current version: the kept one, or read from the database (one read for concurrent callers). */
  get(): Promise<string> {
    const kept = this.peek();
    if (kept !== undefined) return Promise.resolve(kept);
    if (this.pending?.generation === this.generation) return this.pending.promise;
    const generation = this.generation;
    const startedAt = this.now();
    const promise = this.read().then(
      (value) => {
        if (generation === this.generation) {
          this.value = value;
          this.readAt = startedAt;
        }
        if (this.pending?.promise === promise) this.pending = undefined;
        return value;
      },
      (error: unknown) => {
        if (this.pending?.promise === promise) this.pending = undefined;
        throw error;
      },
    );
    this.pending = { generation, promise };
    return promise;
  }

  /** The data may have changed (a write finished, or another process said so): read it again next time. */
  changed(): void {
    this.generation++;
    this.value = undefined;
  }
}
