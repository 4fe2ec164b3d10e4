// A PGlite data folder image, made at build time (`npm run build`), holding the migrated schema
// and the bundled plans. A new data folder starts from it in a fraction of the time PostgreSQL's
// initdb takes. The image is used only when it was made from exactly these migrations and these
// bundled datasets; otherwise the data folder is created and filled the ordinary way.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MIGRATIONS_FOLDER } from './client.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const SEED_IMAGE_FILE = join(ROOT, 'dist', 'pglite-seed.tar.gz');
export const SEED_IMAGE_MANIFEST = join(ROOT, 'dist', 'pglite-seed.json');

/** Hash of everything the image is made from: migrations, bundled datasets and the shared catalogue. */
export function seedImageHash(): string {
  const hash = createHash('sha256');
  const add = (folder: string, filter: (name: string) => boolean) => {
    if (!existsSync(folder)) return;
    for (const name of readdirSync(folder, { recursive: true }).map(String).sort()) {
      if (filter(name)) hash.update(name).update(readFileSync(join(folder, name)));
    }
  };
  add(MIGRATIONS_FOLDER, (name) => name.endsWith('.sql') || name.endsWith('_journal.json'));
  add(join(ROOT, 'datasets'), (name) => name.endsWith('plan.json') || name === 'catalogue.json');
  return hash.digest('hex');
}

/** The image, when it exists and matches this code; undefined otherwise. */
export function readSeedImage(files = { image: SEED_IMAGE_FILE, manifest: SEED_IMAGE_MANIFEST }): Blob | undefined {
  if (!existsSync(files.image) || !existsSync(files.manifest)) return undefined;
  try {
    const manifest = JSON.parse(readFileSync(files.manifest, 'utf8')) as { hash?: string };
    if (manifest.hash !== seedImageHash()) return undefined;
    return new Blob([readFileSync(files.image)]);
  } catch {
    return undefined;
  }
}

/** A data folder PGlite has never initialised (no PG_VERSION file). */
export function isNewDataDir(dataDir: string): boolean {
  return !existsSync(join(dataDir, 'PG_VERSION'));
}
