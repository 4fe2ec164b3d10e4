#!/usr/bin/env node
// Part of `npm run build`: makes dist/pglite-seed.tar.gz, a PGlite data folder with the schema
// migrated and the bundled plans loaded, so that the first start on a new data folder is fast.
import { writeFileSync } from 'node:fs';

process.env.LOG_LEVEL ??= 'warn';
const { openDatabase, migrateDatabase } = await import('../dist/db/client.js');
const { prepareBundledData } = await import('../dist/datasets/bundled.js');
const { seedImageHash, SEED_IMAGE_FILE, SEED_IMAGE_MANIFEST } = await import('../dist/db/seed-image.js');

const started = performance.now();
const database = await openDatabase({});
await migrateDatabase(database);
await prepareBundledData(database);
const image = await database.db.$client.dumpDataDir('gzip');
await database.close();
writeFileSync(SEED_IMAGE_FILE, new Uint8Array(await image.arrayBuffer()));
writeFileSync(SEED_IMAGE_MANIFEST, JSON.stringify({ hash: seedImageHash(), made: new Date().toISOString() }) + '\n');
console.log(`seed image: ${(image.size / 1e6).toFixed(1)} MB in ${Math.round(performance.now() - started)} ms`);
