// The database seam: the only file that knows PGlite (embedded, a data folder) from a
// PostgreSQL server (DATABASE_URL). Everything else receives a `Db` or a `Tx` and writes
// the same Drizzle queries on both.
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, accessSync, constants } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { resolve, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql, type SQL } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import * as schema from './schema.js';
import { AppError } from '../errors.js';
import { describeOpenError } from './open-error.js';
import { DATA_CHANGED_CHANNEL, DATA_VERSION_QUERY, DataVersion, changedData, isWriteStatement } from './data-version.js';

export type Schema = typeof schema;
/** A database handle, the same type for PGlite and PostgreSQL. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
/** A transaction: what commands and repositories receive. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
/** Either: a function that only reads can run inside or outside a transaction. */
export type Queryable = Db | Tx;

/** Runs raw SQL and returns its rows; both drivers answer with `{ rows }`. */
export async function queryRows<T>(db: Queryable, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

export type DatabaseKind = 'pglite' | 'postgresql';

export interface Database {
  db: Db;
  kind: DatabaseKind;
  /** Where the data lives, for messages: the data folder or the server URL without password. */
  location: string;
  /** The data's version, kept in memory and dropped by every write (src/db/data-version.ts). */
  version: DataVersion;
  /** Applies pending migrations (see migrateDatabase). */
  applyMigrations(): Promise<void>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** PostgreSQL connection string; when set, the data folder is not used. */
  url?: string | undefined;
  /** PGlite data folder (created if missing). */
  dataDir?: string | undefined;
  /** A PGlite data-folder image (from `dumpDataDir`) to start an in-memory database from. */
  loadDataDir?: Blob | undefined;
}

export const MIGRATIONS_FOLDER = fileURLToPath(new URL('../../drizzle', import.meta.url));

/** Options from the environment and the command line: DATABASE_URL wins over --data. */
export function databaseOptionsFrom(env: NodeJS.ProcessEnv, dataDir: string | undefined): DatabaseOptions {
  const url = env.DATABASE_URL?.trim();
  return url ? { url } : { dataDir: resolve(dataDir ?? env.SHINCHOKU_DATA ?? './data') };
}

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  if (options.url) return openPostgres(options.url);
  return openPglite(options.dataDir, options.loadDataDir);
}

async function openPostgres(url: string): Promise<Database> {
  const { default: pg } = await import('pg');
  const { drizzle } = await import('drizzle-orm/node-postgres');
  // numeric, bigint and date stay strings: exact decimals, no time zone shifts
  const pool = new pg.Pool({ connectionString: url, max: Number(process.env.DATABASE_POOL_SIZE ?? 10) });
  pool.on('error', (error) => console.error(JSON.stringify({ level: 'error', msg: 'database pool error', error: error.message })));
  const version = new DataVersion(async () => (await queryRows<{ lsn: string }>(db, DATA_VERSION_QUERY))[0]?.lsn ?? '', {
    maxAgeMs: refreshMs(process.env.DATA_VERSION_REFRESH_MS),
  });
  // every pooled connection tells the version when a write finished, and the other processes
  const self = randomUUID(); // this process's own notifications are not news to it
  const wrote = () => {
    version.changed();
    pool.query('SELECT pg_notify($1, $2)', [DATA_CHANGED_CHANNEL, self]).catch(() => undefined);
  };
  pool.on('connect', (client) => hookWrites(client, wrote));
  try {
    const client = await pool.connect();
    client.release();
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw new AppError('DATABASE_UNREACHABLE', { location: redactUrl(url), reason: (error as Error).message });
  }
  const db = drizzle(pool, { schema }) as unknown as Db;
  const listener = await listenForChanges(pg, url, self, () => version.changed());
  const applyMigrations = async () => {
    const { migrate } = await import('drizzle-orm/node-postgres/migrator');
    // one connection holds the advisory lock, so two starting processes never migrate at once
    const connection = await pool.connect();
    try {
      await connection.query('SELECT pg_advisory_lock(7458320190)');
      try {
        await migrate(drizzle(connection, { schema }), { migrationsFolder: MIGRATIONS_FOLDER });
      } finally {
        await connection.query('SELECT pg_advisory_unlock(7458320190)');
      }
    } finally {
      connection.release();
    }
  };
  const close = async () => {
    await listener?.end().catch(() => undefined);
    await pool.end();
  };
  return { db, kind: 'postgresql', location: redactUrl(url), version, applyMigrations, close };
}

async function openPglite(dataDir: string | undefined, loadDataDir: Blob | undefined): Promise<Database> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { drizzle } = await import('drizzle-orm/pglite');
  if (dataDir) prepareDataDir(dataDir);
  let client: InstanceType<typeof PGlite>;
  try {
    client = await PGlite.create(dataDir, loadDataDir ? { loadDataDir } : {});
  } catch (error) {
    throw new AppError('DATABASE_UNREADABLE', { location: dataDir ?? 'memory', reason: describeOpenError(error) });
  }
  const pglite = client;
  // the data folder is this process's alone: the version changes only when this process writes
  const version = new DataVersion(async () => (await queryRows<{ lsn: string }>(db, DATA_VERSION_QUERY))[0]?.lsn ?? '', { maxAgeMs: Infinity });
  hookPgliteWrites(pglite, () => version.changed());
  const db = drizzle(pglite, { schema }) as unknown as Db;
  const applyMigrations = async () => {
    const { migrate } = await import('drizzle-orm/pglite/migrator');
    await migrate(drizzle(pglite, { schema }), { migrationsFolder: MIGRATIONS_FOLDER });
  };
  return {
    db,
    kind: 'pglite',
    location: dataDir ?? 'memory://',
    version,
    applyMigrations,
    close: async () => {
      if (!client.closed) await client.close();
    },
  };
}

// ───────────────────────────── write hooks ─────────────────────────────

/** DATA_VERSION_REFRESH_MS: a number of milliseconds ≥ 0, else the default 500. */
function refreshMs(setting: string | undefined): number {
  const ms = Number(setting);
  return setting !== undefined && setting.trim() !== '' && Number.isFinite(ms) && ms >= 0 ? ms : 500;
}

type QueryText = string | { text?: string } | undefined;

function textOf(query: QueryText): string {
  return typeof query === 'string' ? query : (query?.text ?? '');
}

/**
 * Calls `wrote` once data written on this pooled connection is visible to others: after a write
 * outside a transaction finishes, and after the COMMIT of a transaction that wrote (a failed
 * statement counts: part of it may have run). Works for the promise and the callback form.
 */
function hookWrites(client: object, wrote: () => void): void {
  const target = client as { query: (...args: unknown[]) => unknown };
  const query = target.query.bind(target);
  let inTransaction = false;
  let dirty = false;
  target.query = (...args: unknown[]) => {
    const text = textOf(args[0] as QueryText).trimStart().toLowerCase();
    let observe: ((failed: boolean, result: unknown) => void) | undefined;
    if (/^(?:begin|start\s+transaction)\b/.test(text)) {
      inTransaction = true;
      dirty = false;
    } else if (/^(?:commit|end)\b/.test(text) || (/^(?:rollback|abort)\b/.test(text) && !/\bto\b/.test(text))) {
      const committing = dirty && !text.startsWith('rollback') && !text.startsWith('abort');
      inTransaction = false;
      dirty = false;
      if (committing) observe = () => wrote();
    } else if (isWriteStatement(text)) {
      const inside = inTransaction;
      observe = (failed, result) => {
        if (!failed && !changedData(text, result)) return;
        if (inside) dirty = true;
        else wrote();
      };
    }
    if (!observe) return query(...args);
    const seen = observe;
    const last = args.length - 1;
    const callback = args[last];
    if (typeof callback === 'function') {
      args[last] = (error: unknown, result: unknown) => {
        seen(Boolean(error), result);
        return (callback as (e: unknown, r: unknown) => unknown)(error, result);
      };
      return query(...args);
    }
    const result = query(...args);
    if (!(result instanceof Promise)) return result;
    return result.then(
      (value: unknown) => {
        seen(false, value);
        return value;
      },
      (error: unknown) => {
        seen(true, undefined);
        throw error;
      },
    );
  };
}

type Run = (text: string, ...rest: unknown[]) => Promise<unknown>;

/** Runs a statement and calls `changed` when it changed data (or failed: part of it may have run). */
function watch(run: Run, changed: () => void): Run {
  return (text, ...rest) => {
    if (!isWriteStatement(text)) return run(text, ...rest);
    return run(text, ...rest).then(
      (result) => {
        if (changedData(text, result)) changed();
        return result;
      },
      (error: unknown) => {
        changed();
        throw error;
      },
    );
  };
}

/** The same for PGlite: its own query/exec, and a transaction that wrote, once it has ended. */
function hookPgliteWrites(pglite: object, wrote: () => void): void {
  const target = pglite as Record<'query' | 'exec', Run> & { transaction: <T>(callback: (tx: Record<'query' | 'exec', Run>) => Promise<T>) => Promise<T> };
  target.query = watch(target.query.bind(target), wrote);
  target.exec = watch(target.exec.bind(target), wrote); // exec answers a list: always counted as a change
  const transaction = target.transaction.bind(target);
  target.transaction = (callback) => {
    let wroteInside = false;
    const inside = () => (wroteInside = true);
    return transaction((tx) => {
      tx.query = watch(tx.query.bind(tx), inside);
      tx.exec = watch(tx.exec.bind(tx), inside);
      return callback(tx);
    }).finally(() => {
      if (wroteInside) wrote();
    });
  };
}

/**
 * A connection that LISTENs for other Shinchoku processes' writes to the same server, so their
 * changes show at once rather than after DATA_VERSION_REFRESH_MS. Without it (no permission, a
 * pooler that drops LISTEN) the refresh interval still bounds how stale a page can be.
 */
async function listenForChanges(pg: typeof import('pg').default, url: string, self: string, changed: () => void): Promise<InstanceType<typeof pg.Client> | undefined> {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => undefined);
  try {
    await client.connect();
    client.on('notification', (message) => {
      if (message.channel === DATA_CHANGED_CHANNEL && message.payload !== self) changed();
    });
    await client.query(`LISTEN ${DATA_CHANGED_CHANNEL}`);
    return client;
  } catch {
    await client.end().catch(() => undefined);
    return undefined;
  }
}

/** Creates the data folder and proves it writable before PGlite touches it. */
function prepareDataDir(dataDir: string): void {
  try {
    if (!existsSync(dataDir)) mkdirSync(dataDir, { recursive: true });
    accessSync(dataDir, constants.R_OK | constants.W_OK);
  } catch (error) {
    throw new AppError('DATA_DIR_NOT_WRITABLE', { location: dataDir, reason: describeOpenError(error) });
  }
}

export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'postgres://(unparseable URL)';
  }
}

// ───────────────────────────── migrations ─────────────────────────────

interface Journal {
  entries: { idx: number; tag: string; when: number }[];
}

async function readJournal(): Promise<Journal> {
  return JSON.parse(await readFile(join(MIGRATIONS_FOLDER, 'meta', '_journal.json'), 'utf8')) as Journal;
}

export interface SchemaVersion {
  /** Number of migrations applied to this database. */
  applied: number;
  /** Tag of the newest migration this code knows, e.g. 0000_initial. */
  latest: string;
  /** True when the database has every migration this code knows. */
  current: boolean;
}

/**
 * Applies the migrations this code knows and the database lacks. Idempotent: a second call
 * applies nothing. On PostgreSQL an advisory lock keeps two starting processes from racing.
 */
export async function migrateDatabase(database: Database): Promise<SchemaVersion> {
  await database.applyMigrations();
  return schemaVersion(database.db);
}

export async function schemaVersion(db: Queryable): Promise<SchemaVersion> {
  const journal = await readJournal();
  const latest = journal.entries.at(-1)?.tag ?? 'none';
  const [table] = await queryRows<{ count: string | number }>(db, sql`
    SELECT count(*) AS count FROM information_schema.tables
    WHERE table_schema = 'drizzle' AND table_name = '__drizzle_migrations'`);
  let applied = 0;
  if (Number(table?.count ?? 0) > 0) {
    const [row] = await queryRows<{ count: string | number }>(db, sql`SELECT count(*) AS count FROM drizzle.__drizzle_migrations`);
    applied = Number(row?.count ?? 0);
  }
  return { applied, latest, current: applied === journal.entries.length };
}
