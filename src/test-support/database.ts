// Real databases for tests: an in-process PGlite by default, or a fresh database on the
// PostgreSQL server named by TEST_DATABASE_URL. The same test files run on both.
//
// PGlite: creating and migrating a database takes seconds, so the first test process builds a
// migrated image once (cached in the OS temp folder, keyed by the migrations' content) and every
// test database starts from that image in a few hundred milliseconds.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { MIGRATIONS_FOLDER, openDatabase, migrateDatabase, queryRows, type Database } from '../db/client.js';

export interface TestDatabase extends Database {
  /** 'pglite' or 'postgresql': lets a test name the variant it ran on. */
  variant: string;
  /** The URL of this test's own PostgreSQL database (PostgreSQL variant only). */
  url?: string;
  /** Empties every table (not the migrations), for a clean state between tests. */
  reset(): Promise<void>;
}

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL?.trim() || undefined;

export async function createTestDatabase(): Promise<TestDatabase> {
  return TEST_DATABASE_URL ? createPostgresTestDatabase(TEST_DATABASE_URL) : createPgliteTestDatabase();
}

async function createPgliteTestDatabase(): Promise<TestDatabase> {
  const image = await migratedImage();
  const database = await openDatabase({ loadDataDir: new Blob([image]) });
  await migrateDatabase(database); // a no-op on the image; proves the image is current
  return withReset(database, 'pglite');
}

let imagePromise: Promise<Uint8Array> | undefined;

function migrationsHash(): string {
  const hash = createHash('sha256');
  for (const file of readdirSync(MIGRATIONS_FOLDER, { recursive: true }).map(String).sort()) {
    const path = join(MIGRATIONS_FOLDER, file);
    if (file.endsWith('.sql') || file.endsWith('.json')) hash.update(file).update(readFileSync(path));
  }
  return hash.digest('hex').slice(0, 16);
}

function migratedImage(): Promise<Uint8Array> {
  imagePromise ??= (async () => {
    const cache = join(tmpdir(), `shinchoku-test-image-${migrationsHash()}.tar`);
    if (existsSync(cache)) return new Uint8Array(readFileSync(cache));
    const database = await openDatabase({});
    await migrateDatabase(database);
    const client = (database.db as unknown as { $client: PGlite }).$client;
    const dump = await client.dumpDataDir('none');
    await database.close();
    const bytes = new Uint8Array(await dump.arrayBuffer());
    const partial = `${cache}.${process.pid}.${randomBytes(4).toString('hex')}`;
    writeFileSync(partial, bytes);
    renameSync(partial, cache); // atomic: a concurrent process sees all or nothing
    return bytes;
  })();
  return imagePromise;
}

async function createPostgresTestDatabase(serverUrl: string): Promise<TestDatabase> {
  const name = `shinchoku_t_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ url: url.toString() });
  await migrateDatabase(database);
  const testDatabase = await withReset(database, 'postgresql');
  return {
    ...testDatabase,
    url: url.toString(),
    close: async () => {
      await database.close();
      const drop = new pg.Client({ connectionString: serverUrl });
      await drop.connect();
      try {
        await drop.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await drop.end();
      }
    },
  };
}

async function withReset(database: Database, variant: string): Promise<TestDatabase> {
  const tables = await queryRows<{ tablename: string }>(
    database.db,
    sql`SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`,
  );
  const list = tables.map((t) => `"${t.tablename}"`).join(', ');
  return {
    ...database,
    variant,
    reset: async () => {
      await database.db.execute(sql.raw(`TRUNCATE ${list} RESTART IDENTITY CASCADE`));
    },
  };
}
