// Compares the values a file wants with the values a row has, the way the database stores
// them: decimals by value ("71.70" = "71.7"), jsonb objects regardless of key order.
import { d } from '../domain/decimal.js';

const DECIMAL = /^-?\d+(\.\d+)?$/;

/** True when every field of `wanted` has the same value in `have` (extra fields of `have` are ignored). */
export function sameValues<T extends object>(wanted: T, have: object): boolean {
  const a = wanted as Record<string, unknown>;
  const b = have as Record<string, unknown>;
  for (const key of Object.keys(a)) {
    const x = a[key];
    const y = b[key];
    if (x === y || (x == null && y == null)) continue; // the common case: identical scalars
    if (typeof x === 'string' && typeof y === 'string' && DECIMAL.test(x) && DECIMAL.test(y)) {
      if (!d(x).equals(d(y))) return false;
    } else if (canonicalJson(x) !== canonicalJson(y)) {
      return false;
    }
  }
  return true;
}

/** JSON with object keys sorted: jsonb does not keep key order. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value ?? null, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}
