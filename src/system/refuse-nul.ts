// Refuses a request whose path, query, form fields or JSON strings hold a NUL character (U+0000)
// as bad input (400), before any route reads them: PostgreSQL cannot store NUL in text, and no
// person types one. One middleware for every route, so no handler has to remember it.
import type { Context, MiddlewareHandler } from 'hono';
import { createMiddleware } from 'hono/factory';
import { AppError } from '../errors.js';

/** A NUL in the URL, written as %00 (a raw NUL cannot reach the server in a request line). */
const ENCODED_NUL = /%00/;

function holdsNul(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (Array.isArray(value)) return value.some(holdsNul);
  if (value !== null && typeof value === 'object' && !(value instanceof Blob)) return Object.entries(value).some(([key, v]) => holdsNul(key) || holdsNul(v));
  return false;
}

async function bodyHoldsNul(c: Context): Promise<boolean> {
  if (c.req.method === 'GET' || c.req.method === 'HEAD') return false;
  const type = (c.req.header('content-type') ?? '').toLowerCase();
  if (type.startsWith('application/x-www-form-urlencoded') || type.startsWith('multipart/form-data')) {
    // the fields, not the files: an uploaded workbook is binary. Parsed as the routes parse it
    // (Hono keeps the first parsing for every later call, whatever its options)
    return holdsNul(await c.req.parseBody());
  }
  if (type.startsWith('application/json') || type.includes('+json')) {
    try {
      return holdsNul(await c.req.json());
    } catch {
      return false; // not JSON: the route answers that as it always does
    }
  }
  return false;
}

export function refuseNul(): MiddlewareHandler {
  return createMiddleware(async (c, next) => {
    const url = c.req.url;
    const pathAndQuery = url.slice(url.indexOf('/', url.indexOf('//') + 2));
    if (ENCODED_NUL.test(pathAndQuery) || pathAndQuery.includes('\u0000') || (await bodyHoldsNul(c))) throw new AppError('INPUT_NUL');
    await next();
  });
}
