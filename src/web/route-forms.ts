// What a route handler of a staff form needs around its command: the posted string fields
// (without the CSRF token), checked with a zod schema (one INVALID_INPUT naming every problem),
// and whether a refusal is one the person can fix by re-showing the form with what they typed.
import type { Context } from 'hono';
import type { z } from 'zod';
import type { AppEnv } from '../app.js';
import { AppError } from '../errors.js';

export type Form = Record<string, string>;

/** The posted form's string fields, without the CSRF token (files and repeated fields are left out). */
export async function formOf(c: Context<AppEnv>): Promise<Form> {
  const body = await c.req.parseBody();
  return Object.fromEntries(Object.entries(body).filter((e): e is [string, string] => typeof e[1] === 'string' && e[0] !== '_csrf'));
}

/** The form's values as `schema` reads them, or INVALID_INPUT with every problem joined by 、. */
export function parsed<T>(schema: z.ZodType<T>, values: Form): T {
  const result = schema.safeParse(values);
  if (!result.success) throw new AppError('INVALID_INPUT', { reason: result.error.issues.map((i) => i.message).join('、') });
  return result.data;
}

/** A refusal the person can fix (bad input, a rule of the domain) re-shows the form; anything else propagates. */
export function isFixable(error: unknown): error is AppError {
  return error instanceof AppError && error.status < 500 && error.status !== 403 && error.status !== 404;
}
