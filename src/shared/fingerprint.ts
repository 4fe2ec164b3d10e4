// A short fingerprint of a row as a form showed it, for rows without an updated_at: the form
// sends it back, and a different one now means someone saved the row meanwhile.
import { createHash } from 'node:crypto';

/** Fields that are not the row's own content: its place among its siblings, what a page joined to it. */
const NOT_CONTENT = new Set(['position', 'targets', 'observations']);

/** 16 hex characters of SHA-256 over the row's content (its place among siblings left out: a reorder is no edit). */
export function rowFingerprint(row: object): string {
  const content = Object.entries(row).filter(([key]) => !NOT_CONTENT.has(key));
  return createHash('sha256').update(JSON.stringify(content)).digest('hex').slice(0, 16);
}
