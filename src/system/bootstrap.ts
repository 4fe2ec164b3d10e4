// What every command that touches the database does first: open it (PGlite data folder or
// DATABASE_URL), take the data folder's lock, apply pending migrations, and load the
// bundled plans into an empty database.
import { existsSync, mkdirSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase, migrateDatabase, type Database, type DatabaseOptions, type SchemaVersion } from '../db/client.js';
import { AppError } from '../errors.js';
import { describeOpenError } from '../db/open-error.js';
import { log } from '../log.js';
import { prepareBundledData } from '../datasets/bundled.js';
import { isNewDataDir, readSeedImage } from '../db/seed-image.js';

export interface ReadyDatabase extends Database {
  schema: SchemaVersion;
}

export interface BootstrapOptions {
  /** Load the bundled datasets into an empty database (default true). */
  loadBundled?: boolean;
}

export async function bootstrapDatabase(options: DatabaseOptions, bootstrap: BootstrapOptions = {}): Promise<ReadyDatabase> {
  const release = options.dataDir ? lockDataDir(options.dataDir) : () => undefined;
  let database: Database;
  try {
    // a new PGlite data folder starts from the build's image (schema + bundled plans) when it matches
    const useImage = bootstrap.loadBundled !== false && options.dataDir && !options.loadDataDir && isNewDataDir(options.dataDir);
    const image = useImage ? readSeedImage() : undefined;
    database = await openDatabase(image ? { ...options, loadDataDir: image } : options);
  } catch (error) {
    release();
    throw error;
  }
  const close = async () => {
    try {
      await database.close();
    } finally {
      release();
    }
  };
  try {
    const schema = await migrateDatabase(database);
    if (bootstrap.loadBundled !== false) await prepareBundledData(database);
    log.debug('database ready', { kind: database.kind, location: database.location, schema });
    return { ...database, close, schema };
  } catch (error) {
    await close();
    throw error;
  }
}

/**
 * PGlite is a single-process database: two processes on one data folder would corrupt it.
 * A lock file with the owner's PID keeps a second process out with a clear message; a lock
 * left by a process that no longer runs (kill -9) is taken over.
 */
function lockDataDir(dataDir: string): () => void {
  const lockFile = join(dataDir, 'shinchoku.lock');
  try {
    mkdirSync(dataDir, { recursive: true });
  } catch (error) {
    throw new AppError('DATA_DIR_NOT_WRITABLE', { location: dataDir, reason: describeOpenError(error) });
  }
  if (existsSync(lockFile)) {
    const pid = Number(readFileSync(lockFile, 'utf8').trim());
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && isRunning(pid)) {
      throw new AppError('DATA_DIR_IN_USE', { location: dataDir, pid });
    }
  }
  try {
    writeFileSync(lockFile, String(process.pid));
  } catch (error) {
    throw new AppError('DATA_DIR_NOT_WRITABLE', { location: dataDir, reason: describeOpenError(error) });
  }
  return () => rmSync(lockFile, { force: true });
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
