// For API routes that accept a per-user API token: a request with `Authorization: Bearer shk_…`
// acts as the token's user, so requires(permission) checks tokens exactly as it checks sessions.
// A header that names no live token (revoked, expired, disabled account, malformed) is a 401.
// Without the header the session's user (or the public) stays.
import type { MiddlewareHandler } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { Database } from '../db/client.js';
import { AppError } from '../errors.js';
import { findTokenUser } from '../api/api-tokens.repository.js';
import type { AuthVariables } from './middleware.js';

export function apiTokenUser(database: Database): MiddlewareHandler<{ Variables: AuthVariables }> {
  return createMiddleware<{ Variables: AuthVariables }>(async (c, next) => {
    const header = c.req.header('authorization');
    if (header !== undefined) {
      const token = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
      const found = token ? await findTokenUser(database.db, token) : undefined;
      if (!found) throw new AppError('API_TOKEN_INVALID');
      c.set('user', found.user);
    }
    await next();
  });
}
