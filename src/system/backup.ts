// Backup and restore: a consistent logical snapshot of every table, the same format for PGlite
// and PostgreSQL (so a backup of the embedded database restores into a server, and back).
//
// The snapshot is read in one REPEATABLE READ transaction (every table as of the same moment),
// written as gzip-compressed JSON: a header (format, schema version, tables) and each table's
// rows with numerics as text (exact). Restore goes into an empty database of the same schema
// version, in one transaction: parent tables first, rows of self-referencing tables in
// dependency order, identity sequences moved past the restored ids.
import { gunzipSync, gzipSync } from 'node:zlib';
import { readFile, writeFile, rename } from 'node:fs/promises';
import { sql } from 'drizzle-orm';
import { queryRows, schemaVersion, type Db, type Queryable, type Tx } from '../db/client.js';
import { AppError } from '../errors.js';

export const BACKUP_FORMAT = 'shinchoku-backup/1';

/** Tables a backup leaves out: bookkeeping, not data (see createBackup). */
const LEFT_OUT = new Set(['plan_changes', 'login_failures']);

interface ForeignKey {
  table: string;
  columns: string[];
  refTable: string;
  refColumns: string[];
}

export interface BackupFile {
  format: typeof BACKUP_FORMAT;
  createdAt: string;
  schema: { applied: number; latest: string };
  tables: { name: string; rows: Record<string, unknown>[] }[];
}

async function tableNames(db: Queryable): Promise<string[]> {
  const rows = await queryRows<{ tablename: string }>(db, sql`SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`);
  return rows.map((r) => r.tablename);
}

/** A table's columns in order, without generated ones (plan_items.search_text): the database computes those. */
async function storedColumns(db: Queryable, table: string): Promise<{ column_name: string; data_type: string }[]> {
  return queryRows<{ column_name: string; data_type: string }>(
    db,
    sql`SELECT column_name, data_type FROM information_schema.columns
         WHERE table_schema = 'public' AND table_name = ${table} AND is_generated = 'NEVER' ORDER BY ordinal_position`,
  );
}

async function foreignKeys(db: Queryable): Promise<ForeignKey[]> {
  const rows = await queryRows<{ table: string; columns: string[] | string; ref_table: string; ref_columns: string[] | string }>(
    db,
    sql`SELECT c.conrelid::regclass::text AS table,
               array(SELECT a.attname::text FROM unnest(c.conkey) WITH ORDINALITY k(n, o) JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n ORDER BY k.o) AS columns,
               c.confrelid::regclass::text AS ref_table,
               array(SELECT a.attname::text FROM unnest(c.confkey) WITH ORDINALITY k(n, o) JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.n ORDER BY k.o) AS ref_columns
        FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
        WHERE c.contype = 'f' AND n.nspname = 'public'`,
  );
  const list = (value: string[] | string) => (Array.isArray(value) ? value : value.replace(/^\{|\}$/g, '').split(',').filter(Boolean));
  const bare = (name: string) => name.replace(/^public\./, '').replace(/^"|"$/g, '');
  return rows.map((r) => ({ table: bare(r.table), columns: list(r.columns), refTable: bare(r.ref_table), refColumns: list(r.ref_columns) }));
}

/** Tables ordered so that every table comes after the tables it refers to. */
export function dependencyOrder(tables: string[], keys: ForeignKey[]): string[] {
  const ordered: string[] = [];
  const placed = new Set<string>();
  let pending = [...tables];
  while (pending.length > 0) {
    const ready = pending.filter((t) => keys.filter((k) => k.table === t && k.refTable !== t).every((k) => placed.has(k.refTable) || !tables.includes(k.refTable)));
    if (ready.length === 0) throw new Error(`circular references between tables: ${pending.join(', ')}`);
    for (const t of ready) {
      ordered.push(t);
      placed.add(t);
    }
    pending = pending.filter((t) => !placed.has(t));
  }
  return ordered;
}

/** Reads every table as of one moment. */
export async function createBackup(db: Db): Promise<BackupFile> {
  return db.transaction(
    async (tx) => {
      const version = await schemaVersion(tx);
      // plan_changes is bookkeeping the triggers derive from the data: a restore writes its own;
      // login_failures are the sign-in limits' counts of the last hour, not data
      const names = (await tableNames(tx)).filter((name) => !LEFT_OUT.has(name));
      const order = dependencyOrder(names, await foreignKeys(tx));
      const tables: BackupFile['tables'] = [];
      for (const name of order) {
        const columns = await storedColumns(tx, name);
        // numerics as text: JSON numbers would pass through binary floating point
        const select = columns.map((c) => (c.data_type === 'numeric' ? `${quote(c.column_name)}::text AS ${quote(c.column_name)}` : quote(c.column_name))).join(', ');
        const hasId = columns.some((c) => c.column_name === 'id');
        const rows = await queryRows<{ row: Record<string, unknown> }>(
          tx,
          sql.raw(`SELECT row_to_json(t) AS row FROM (SELECT ${select} FROM ${quote(name)}${hasId ? ' ORDER BY id' : ''}) t`),
        );
        tables.push({ name, rows: rows.map((r) => (typeof r.row === 'string' ? (JSON.parse(r.row) as Record<string, unknown>) : r.row)) });
      }
      return { format: BACKUP_FORMAT, createdAt: new Date().toISOString(), schema: { applied: version.applied, latest: version.latest }, tables };
    },
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  );
}

export async function writeBackupFile(path: string, backup: BackupFile): Promise<number> {
  const bytes = gzipSync(Buffer.from(JSON.stringify(backup)));
  const partial = `${path}.partial`;
  await writeFile(partial, bytes);
  await rename(partial, path); // a backup file is whole or absent
  return bytes.length;
}

export async function readBackupFile(path: string): Promise<BackupFile> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(gunzipSync(await readFile(path)).toString('utf8'));
  } catch (error) {
    throw new AppError('BACKUP_UNREADABLE', { location: path, reason: (error as Error).message });
  }
  const file = parsed as Partial<BackupFile>;
  if (file.format !== BACKUP_FORMAT || !Array.isArray(file.tables) || !file.schema) {
    throw new AppError('BACKUP_UNREADABLE', { location: path, reason: `形式が ${BACKUP_FORMAT} ではありません` });
  }
  return file as BackupFile;
}

function quote(identifier: string): string {
  return `"${identifier.replaceAll('"', '""')}"`;
}

/** Rows of a self-referencing table ordered so that a referenced row comes first. */
function rowsInDependencyOrder(rows: Record<string, unknown>[], selfColumns: string[]): Record<string, unknown>[] {
  if (selfColumns.length === 0) return rows;
  const byId = new Map(rows.map((r) => [r.id, r]));
  const done = new Set<unknown>();
  const ordered: Record<string, unknown>[] = [];
  const visit = (row: Record<string, unknown>, path: Set<unknown>) => {
    if (done.has(row.id) || path.has(row.id)) return;
    path.add(row.id);
    for (const column of selfColumns) {
      const ref = byId.get(row[column]);
      if (ref) visit(ref, path);
    }
    done.add(row.id);
    ordered.push(row);
  };
  for (const row of rows) visit(row, new Set());
  return ordered;
}

/** Restores a backup into an empty database of the same schema version, in one transaction. */
export async function restoreBackup(db: Db, backup: BackupFile): Promise<{ tables: number; rows: number }> {
  return db.transaction(async (tx) => {
    const version = await schemaVersion(tx);
    if (version.latest !== backup.schema.latest || version.applied !== backup.schema.applied) {
      throw new AppError('BACKUP_SCHEMA_MISMATCH', { backup: backup.schema.latest, database: version.latest });
    }
    const names = new Set(await tableNames(tx));
    for (const table of backup.tables) {
      if (!names.has(table.name)) throw new AppError('BACKUP_SCHEMA_MISMATCH', { backup: `${backup.schema.latest}（表 ${table.name}）`, database: version.latest });
      const [row] = await queryRows<{ n: number | string }>(tx, sql.raw(`SELECT count(*) AS n FROM ${quote(table.name)}`));
      if (Number(row?.n ?? 0) > 0) throw new AppError('RESTORE_TARGET_NOT_EMPTY', { table: table.name });
    }
    const keys = await foreignKeys(tx);
    let total = 0;
    for (const table of backup.tables) {
      if (table.rows.length === 0) continue;
      const selfColumns = keys.filter((k) => k.table === table.name && k.refTable === table.name).flatMap((k) => k.columns.filter((_, i) => k.refColumns[i] === 'id'));
      const rows = rowsInDependencyOrder(table.rows, selfColumns);
      await insertRows(tx, table.name, rows);
      total += rows.length;
      await resetIdentity(tx, table.name);
    }
    return { tables: backup.tables.length, rows: total };
  });
}

async function insertRows(tx: Tx, table: string, rows: Record<string, unknown>[]): Promise<void> {
  const identity = await queryRows<{ column_name: string }>(
    tx,
    sql`SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = ${table} AND is_identity = 'YES'`,
  );
  const overriding = identity.length > 0 ? ' OVERRIDING SYSTEM VALUE' : '';
  const columns = (await storedColumns(tx, table)).map((c) => quote(c.column_name)).join(', ');
  for (let i = 0; i < rows.length; i += 1000) {
    const chunk = JSON.stringify(rows.slice(i, i + 1000));
    await tx.execute(sql`INSERT INTO ${sql.raw(quote(table))} (${sql.raw(columns)})${sql.raw(overriding)} SELECT ${sql.raw(columns)} FROM json_populate_recordset(NULL::${sql.raw(quote(table))}, ${chunk}::json)`);
  }
}

async function resetIdentity(tx: Tx, table: string): Promise<void> {
  const identity = await queryRows<{ column_name: string }>(
    tx,
    sql`SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = ${table} AND is_identity = 'YES'`,
  );
  for (const { column_name: column } of identity) {
    await tx.execute(
      sql.raw(`SELECT setval(pg_get_serial_sequence('${quote(table)}', '${column}'), (SELECT coalesce(max(${quote(column)}), 0) + 1 FROM ${quote(table)}), false)`),
    );
  }
}
