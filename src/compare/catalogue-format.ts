// The shared indicator catalogue (datasets/catalogue.json): indicators several organisations
// measure, each with the unit its values are compared in. A plan's indicator joins an entry with
// `catalogue: { code, unitFactor, note }` in its plan.json, or in /admin/catalogue.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { CATALOGUE_KINDS, DIRECTIONS } from '../db/schema.js';
import { AppError } from '../errors.js';

export const BUNDLED_CATALOGUE_FILE = fileURLToPath(new URL('../../datasets/catalogue.json', import.meta.url));

export const CatalogueEntry = z.object({
  code: z.string().regex(/^[a-z0-9][a-z0-9-]*$/).max(100),
  name: z.string().min(1).max(200),
  nameEn: z.string().max(200).nullable().default(null),
  description: z.string().max(4000).nullable().default(null),
  unit: z.string().min(1).max(50), // the unit values are compared in: 団体, %, 円
  kind: z.enum(CATALOGUE_KINDS).default('count'),
  direction: z.enum(DIRECTIONS).default('up'),
});
export type CatalogueEntry = z.infer<typeof CatalogueEntry>;

export const CatalogueFile = z.object({
  format: z.literal('shinchoku-catalogue/1'),
  entries: z.array(CatalogueEntry),
});

/** Reads and validates the bundled catalogue; an installation without the file has none. */
export async function readBundledCatalogue(file = BUNDLED_CATALOGUE_FILE): Promise<CatalogueEntry[]> {
  if (!existsSync(file)) return [];
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new AppError('DATASET_INVALID', { plan: 'catalogue.json', reason: `JSON として読めません: ${(error as Error).message}` });
  }
  const parsed = CatalogueFile.safeParse(json);
  if (!parsed.success) {
    const reason = parsed.error.issues.slice(0, 10).map((issue) => `${issue.path.join('.') || '(全体)'}: ${issue.message}`).join('; ');
    throw new AppError('DATASET_INVALID', { plan: 'catalogue.json', reason });
  }
  return parsed.data.entries;
}
