// Where one comparison can be read: the public page (Japanese and English), its table as CSV and
// the same figures from the API. The pages, the open data listing and the API build their links here.
import type { Lang } from '../portal/i18n.js';

export function comparePagePath(code: string, lang: Lang = 'ja'): string {
  return `${lang === 'en' ? '/en' : ''}/compare/${code}`;
}

export function compareCsvPath(code: string): string {
  return `/compare/${code}.csv`;
}

/** The catalogue in the API. */
export const COMPARE_API_PATH = '/api/v1/compare';

export function compareApiPath(code: string): string {
  return `${COMPARE_API_PATH}/${code}`;
}
