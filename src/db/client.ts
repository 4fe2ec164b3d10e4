// The database seam: the only file that knows PGlite (embedded, a data folder) from a
// PostgreSQL server (DATABASE_URL). Everything else receives a `Db` or a `Tx` and writes
// the same Drizzle queries on both.
import { existsSync, mkdirSync, accessSync, constants } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { resolve, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql, type SQL } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import * as schema from './schema.js';
import { AppError } from '../errors.js';
import { describeOpenError } from './open-error.js';

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
  try {
    const client = await pool.connect();
    client.release();
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw new AppError('DATABASE_UNREACHABLE', { location: redactUrl(url), reason: (error as Error).message });
  }
  const db = drizzle(pool, { schema }) as unknown as Db;
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
  return { db, kind: 'postgresql', location: redactUrl(url), applyMigrations, close: () => pool.end() };
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
  const db = drizzle(pglite, { schema }) as unknown as Db;
  const applyMigrations = async () => {
    const { migrate } = await import('drizzle-orm/pglite/migrator');
    await migrate(drizzle(pglite, { schema }), { migrationsFolder: MIGRATIONS_FOLDER });
  };
  return {
    db,
    kind: 'pglite',
    location: dataDir ?? 'memory://',
    applyMigrations,
    close: async () => {
      if (!client.closed) await client.close();
    },
  };
}

/** Creates the data folder and proves it writable before PGlite touches it. */
function prepareDataDir(dataDir: string): void {
  try {
    if (!existsSync(dataDir)) mkdirSync(dataDir, { recursive: true });
    accessSync(dataDir, constants.R_OK | constants.W_OK);
  } catch (error) {
    throw new AppError('DATA_DIR_NOT_WRITABLE', { location: dataDir, reason: (error as Error).message });
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
