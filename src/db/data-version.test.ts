// The data's version kept in memory: a write of this process drops it at once, a read keeps it,
// and on PostgreSQL another process's write shows within the documented bound.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { eq, sql } from 'drizzle-orm';
import pg from 'pg';
import { createTestDatabase, TEST_DATABASE_URL, type TestDatabase } from '../test-support/database.js';
import { insertOrganisation } from '../test-support/fixtures.js';
import { openDatabase } from './client.js';
import { changedData, DataVersion, isWriteStatement } from './data-version.js';
import { organisations } from './schema.js';

test('statements that write, and statements that only read', () => {
  for (const text of [
    'insert into "organisations" ("code") values ($1)',
    'UPDATE plans SET title = $1',
    'delete from "sessions" where "id" = $1',
    'commit',
    'CREATE TABLE t (id int)',
    'truncate organisations cascade',
    'with moved as (update plans set title = $1 returning id) select * from moved',
    'select * into copy_of_plans from plans',
    "select nextval('plans_id_seq')",
  ]) assert.equal(isWriteStatement(text), true, text);
  for (const text of [
    'select "id", "updated_at" from "plans" where "code" = $1',
    '  SELECT count(*) FROM plan_items',
    'with x as (select 1) select * from x',
    'begin',
    'rollback',
    'savepoint sp1',
    "SELECT pg_notify('shinchoku_data_changed', '')",
  ]) assert.equal(isWriteStatement(text), false, text);
});

test('a plain INSERT, UPDATE or DELETE that touched no row changed nothing; anything else counts as a change', () => {
  assert.equal(changedData('UPDATE report_jobs SET state = $1 WHERE id = (SELECT 1) RETURNING id', { rowCount: 0 }), false);
  assert.equal(changedData('delete from "sessions" where "expires_at" < now()', { affectedRows: 0, rows: [] }), false);
  assert.equal(changedData('update plans set title = $1', { rowCount: 1 }), true);
  assert.equal(changedData('insert into plans (code) values ($1)', { affectedRows: 2 }), true);
  assert.equal(changedData('with gone as (delete from t returning 1) select count(*) from gone', { rowCount: 0 }), true);
  assert.equal(changedData('create table t (id int)', { rowCount: 0 }), true);
  assert.equal(changedData('update plans set title = $1', undefined), true);
});

test('the kept version: read once, dropped by a change, stale reads not kept, refreshed after maxAgeMs', async () => {
  let now = 0;
  let lsn = 1;
  let reads = 0;
  let release: (() => void) | undefined;
  const version = new DataVersion(
    async () => {
      reads++;
      const value = `0/${lsn}`;
      if (release === undefined) return value;
      await new Promise<void>((resolve) => (release = resolve));
      return value;
    },
    { maxAgeMs: 500, now: () => now },
  );
  assert.equal(version.peek(), undefined);
  assert.equal(await version.get(), '0/1');
  assert.equal(version.peek(), '0/1');
  assert.equal(await version.get(), '0/1');
  assert.equal(reads, 1, 'a kept version is not read again');

  lsn = 2;
  version.changed();
  assert.equal(version.peek(), undefined, 'a change drops the kept version at once');
  assert.equal(await version.get(), '0/2');

  // a read that started before a change answers its caller but is not kept
  lsn = 3;
  version.changed();
  release = () => undefined;
  const slow = version.get();
  await new Promise((r) => setImmediate(r));
  lsn = 4;
  version.changed();
  release();
  assert.equal(await slow, '0/3');
  assert.equal(version.peek(), undefined);
  release = undefined;
  assert.equal(await version.get(), '0/4');

  // PostgreSQL: another process's write is read after maxAgeMs at the latest
  lsn = 5;
  now = 499;
  assert.equal(version.peek(), '0/4');
  now = 500;
  assert.equal(version.peek(), undefined);
  assert.equal(await version.get(), '0/5');
});

let database: TestDatabase;
before(async () => {
  database = await createTestDatabase();
});
after(async () => {
  await database.close();
});
beforeEach(async () => {
  await database.reset();
});

test(`a write of this process changes the version before the write's promise resolves (${TEST_DATABASE_URL ? 'postgresql' : 'pglite'})`, async () => {
  const before = await database.version.get();
  await database.db.select().from(organisations);
  assert.equal(database.version.peek(), before, 'a read keeps the version');

  await insertOrganisation(database.db, 'version-a');
  assert.equal(database.version.peek(), undefined, 'an insert drops the kept version');
  const afterInsert = await database.version.get();
  assert.notEqual(afterInsert, before);

  await database.db.transaction(async (tx) => {
    await tx.update(organisations).set({ name: '改名市' }).where(eq(organisations.code, 'version-a'));
  });
  assert.equal(database.version.peek(), undefined, 'a committed transaction drops the kept version');
  const afterTransaction = await database.version.get();
  assert.notEqual(afterTransaction, afterInsert);

  await database.db.transaction(async (tx) => {
    await tx.execute(sql`SELECT count(*) FROM organisations`);
  });
  assert.equal(database.version.peek(), afterTransaction, 'a transaction that only read keeps the version');

  // a job queue polled with UPDATE … RETURNING, finding nothing, is not a change
  await database.db.execute(sql`UPDATE organisations SET name = 'だれも' WHERE code = 'no-such-organisation' RETURNING id`);
  assert.equal(database.version.peek(), afterTransaction, 'an UPDATE that touched no row keeps the version');
  await database.db.transaction(async (tx) => {
    await tx.delete(organisations).where(eq(organisations.code, 'no-such-organisation'));
  });
  assert.equal(database.version.peek(), afterTransaction, 'a transaction whose DELETE touched no row keeps the version');
});

test('PostgreSQL: a write by another process shows at once (NOTIFY), a write outside Shinchoku within DATA_VERSION_REFRESH_MS', { skip: !TEST_DATABASE_URL }, async () => {
  const url = database.url ?? '';
  const other = await openDatabase({ url });
  try {
    const start = await database.version.get();
    await insertOrganisation(other.db, 'version-b');
    const deadline = Date.now() + 400; // well within the 500 ms refresh: the notification did it
    while (database.version.peek() !== undefined && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    assert.equal(database.version.peek(), undefined, 'the other process said NOTIFY');
    const seen = await database.version.get();
    assert.notEqual(seen, start);

    // a client that does not say NOTIFY (psql, another program): seen after the refresh interval
    const plain = new pg.Client({ connectionString: url });
    await plain.connect();
    try {
      await plain.query(`UPDATE organisations SET name = 'よそで改名' WHERE code = 'version-b'`);
    } finally {
      await plain.end();
    }
    const written = Date.now();
    let current = await database.version.get();
    while (current === seen && Date.now() - written < 2000) {
      await new Promise((r) => setTimeout(r, 25));
      current = await database.version.get();
    }
    assert.notEqual(current, seen);
    assert.ok(Date.now() - written <= 500 + 250, `seen after ${Date.now() - written} ms`);
  } finally {
    await other.close();
  }
});
