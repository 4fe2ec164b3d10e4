// The seed image: a new data folder started from it holds the schema and the bundled plans;
// an image made from other migrations or datasets is never used.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { count } from 'drizzle-orm';
import { openDatabase, migrateDatabase, schemaVersion } from './client.js';
import { plans, planItems } from './schema.js';
import { isNewDataDir, readSeedImage, seedImageHash } from './seed-image.js';
import { prepareBundledData } from '../datasets/bundled.js';

test('a data folder started from a current image has the schema and the bundled plans', { timeout: 60_000 }, async () => {
  const folder = mkdtempSync(join(tmpdir(), 'shinchoku-seed-'));
  try {
    // make an image the way the build does, into a folder of the test's own
    const source = await openDatabase({});
    await migrateDatabase(source);
    await prepareBundledData(source);
    const [itemsInSource] = await source.db.select({ n: count() }).from(planItems);
    const dump = await (source.db as unknown as { $client: PGlite }).$client.dumpDataDir('gzip');
    await source.close();
    const files = { image: join(folder, 'seed.tar.gz'), manifest: join(folder, 'seed.json') };
    writeFileSync(files.image, new Uint8Array(await dump.arrayBuffer()));

    // an image whose manifest names other migrations or datasets is refused
    writeFileSync(files.manifest, JSON.stringify({ hash: 'made-from-something-else' }));
    assert.equal(readSeedImage(files), undefined);

    writeFileSync(files.manifest, JSON.stringify({ hash: seedImageHash() }));
    const image = readSeedImage(files);
    assert.ok(image);
    const dataDir = join(folder, 'data');
    assert.equal(isNewDataDir(dataDir), true);
    const started = await openDatabase({ dataDir, loadDataDir: image });
    assert.equal((await schemaVersion(started.db)).current, true);
    const [planCount] = await started.db.select({ n: count() }).from(plans);
    const [items] = await started.db.select({ n: count() }).from(planItems);
    assert.equal(planCount?.n, 3); // sendai-2021, sendai-2016, sapporo-2nd
    assert.equal(items?.n, itemsInSource?.n);
    await started.close();
    assert.equal(isNewDataDir(dataDir), false);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});
