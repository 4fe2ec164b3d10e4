// Sessions, permissions and CSRF protection for every request.
//
// - sessionMiddleware(database): reads the session cookie, loads the user and its scopes into
//   c.get('user') (null for the public), and refuses an unsafe request (POST, PUT, PATCH, DELETE)
//   that is a form, or that carries a session cookie, unless it carries the CSRF token bound to
//   its session (form field `_csrf` or header `X-CSRF-Token`). A visitor without a session gets
//   a token in its own cookie (double submit) with an HTML page, so the login form is protected
//   too; a cached public page without a form sends no cookie (markCsrfUnused).
// - requires(permission): every route declares what it needs. No user → /login (303) for pages,
//   401 problem details for /api/*; a user without the permission → 403 in Japanese; a user
//   signed in with a password 本部 issued → the password change first (/account/password).
import type { Context, MiddlewareHandler } from 'hono';
import { generateCookie, getCookie, setCookie, deleteCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import { jsx } from 'hono/jsx';
import { timingSafeEqual } from 'node:crypto';
import type { Database } from '../db/client.js';
import { AppError } from '../errors.js';
import { can, inOrganisation, type Permission, type SessionUser } from './policy.js';
import { findSession, newToken, SESSION_HOURS } from './sessions.repository.js';

export const SESSION_COOKIE = 'shinchoku_session';
export const CSRF_COOKIE = 'shinchoku_csrf';
export const CSRF_FIELD = '_csrf';

/** What the session middleware puts on every request (merged into AppEnv in app.tsx). */
export interface AuthVariables {
  user: SessionUser | null;
  /** SHA-256 id of the current session (null for the public). */
  sessionId: string | null;
  /** The CSRF token forms of this request must carry. */
  csrfToken: string;
  /** Set by markCsrfUnused(): the page has no form, so a visitor without a token gets no cookie. */
  csrfUnused?: boolean;
}

interface AuthEnv {
  Variables: AuthVariables;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * How many proxies in front of the server are trusted (TRUST_PROXY=N, default 0): each appends
 * the address it received the request from to X-Forwarded-For. Anything else than a whole number
 * from 0 to 10 trusts none.
 */
export function trustedProxies(): number {
  const value = process.env.TRUST_PROXY?.trim() ?? '';
  return /^\d{1,2}$/.test(value) && Number(value) <= 10 ? Number(value) : 0;
}

/** HTTPS directly, or behind a TLS-terminating proxy when TRUST_PROXY is 1 or more. */
export function isSecureRequest(c: Context): boolean {
  if (c.req.url.startsWith('https:')) return true;
  return trustedProxies() > 0 && c.req.header('x-forwarded-proto')?.split(',')[0]?.trim() === 'https';
}

/**
 * The client's address. With TRUST_PROXY=N, the address N hops from the right of
 * X-Forwarded-For: the rightmost entry was written by the nearest trusted proxy, the N-th by the
 * outermost one; whatever stands further left was written by the client and is never believed.
 * A chain shorter than N gives its leftmost entry. Without trusted proxies: the socket's address.
 */
export function clientAddress(c: Context): string {
  const proxies = trustedProxies();
  if (proxies > 0) {
    const chain = (c.req.header('x-forwarded-for') ?? '')
      .split(',')
      .map((entry) => entry.trim())
      .filter((entry) => entry !== '');
    const address = chain[Math.max(0, chain.length - proxies)];
    if (address !== undefined) return address;
  }
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return env?.incoming?.socket?.remoteAddress ?? 'unknown';
}

export function setSessionCookie(c: Context, token: string): void {
  setCookie(c, SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'Lax',
    secure: isSecureRequest(c),
    path: '/',
    maxAge: SESSION_HOURS * 3600,
  });
}

export function clearSessionCookie(c: Context): void {
  deleteCookie(c, SESSION_COOKIE, { path: '/', secure: isSecureRequest(c) });
}

function isFormRequest(c: Context): boolean {
  const type = (c.req.header('content-type') ?? '').toLowerCase();
  return type.startsWith('application/x-www-form-urlencoded') || type.startsWith('multipart/form-data') || type.startsWith('text/plain');
}

function sameToken(a: string | undefined, b: string | undefined): boolean {
  if (!a || !b) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function sessionMiddleware(database: Database): MiddlewareHandler<AuthEnv> {
  return createMiddleware<AuthEnv>(async (c, next) => {
    const token = getCookie(c, SESSION_COOKIE);
    const found = token ? await findSession(database.db, token) : undefined;
    c.set('user', found?.user ?? null);
    c.set('sessionId', found?.session.id ?? null);
    let csrfToken = found?.session.csrfToken ?? getCookie(c, CSRF_COOKIE);
    let newCookie = false;
    if (!csrfToken) {
      csrfToken = newToken();
      newCookie = !c.req.path.startsWith('/api/') && SAFE_METHODS.has(c.req.method);
    }
    c.set('csrfToken', csrfToken);
    if (token && !found) clearSessionCookie(c);

    if (!SAFE_METHODS.has(c.req.method) && (isFormRequest(c) || token !== undefined)) {
      let sent = c.req.header('x-csrf-token');
      if (!sent && isFormRequest(c)) {
        const body = await c.req.parseBody();
        const field = body[CSRF_FIELD];
        sent = typeof field === 'string' ? field : undefined;
      }
      const expected = found ? found.session.csrfToken : getCookie(c, CSRF_COOKIE);
      if (!sameToken(sent, expected)) throw new AppError('CSRF_INVALID');
    }
    await next();
    // the visitor's token cookie goes with HTML pages, unless the page said it has no form that needs it
    if (newCookie && c.get('csrfUnused') !== true && c.res.headers.get('content-type')?.startsWith('text/html')) {
      c.res.headers.append('set-cookie', generateCookie(CSRF_COOKIE, csrfToken, { httpOnly: true, sameSite: 'Lax', secure: isSecureRequest(c), path: '/' }));
    }
  });
}

/** A page without a form that posts (a cached public page without the token) tells the session middleware: no CSRF cookie. */
export function markCsrfUnused(c: Context): void {
  c.set('csrfUnused', true);
}

/** The hidden field every form includes: `<form method="post">{csrfInput(c)} …</form>`. */
export function csrfInput(c: Context) {
  return jsx('input', { type: 'hidden', name: CSRF_FIELD, value: (c.get('csrfToken') as string | undefined) ?? '' });
}

/** The same as a component, for pages that receive the token as a prop. */
export function CsrfField({ token }: { token: string }) {
  return jsx('input', { type: 'hidden', name: CSRF_FIELD, value: token });
}

/** What a person whose password 本部 issued may still reach: the change itself, and signing out. */
const PASSWORD_CHANGE_PATHS = new Set(['/account/password', '/logout']);

/** What a route needs: a permission, any signed-in user, or nothing (public). */
export type Requirement = Permission | 'signed_in' | 'public';

/**
 * Declares and enforces a route's requirement. Scoped checks follow in the handler with can().
 * The returned handler carries `requirement`, so the route table says what each route needs
 * (src/system/route-matrix.test.ts fails for a route without one). Untyped env: it fits every
 * router (it reads the user the session middleware set).
 */
export function requires(requirement: Requirement): MiddlewareHandler {
  const handler = createMiddleware(async (c, next) => {
    if (requirement === 'public') return next();
    const user = c.get('user') as SessionUser | null | undefined;
    if (!user) {
      if (c.req.path.startsWith('/api/')) {
        const problem = { type: 'about:blank', title: 'Unauthorized', status: 401, detail: new AppError('UNAUTHENTICATED').describe('ja') };
        return c.body(JSON.stringify(problem), 401, { 'content-type': 'application/problem+json; charset=utf-8' });
      }
      const url = new URL(c.req.url);
      const nextPath = SAFE_METHODS.has(c.req.method) ? `${url.pathname}${url.search}` : '/';
      return c.redirect(`/login?next=${encodeURIComponent(nextPath)}`, 303);
    }
    if (user.mustChangePassword === true && !PASSWORD_CHANGE_PATHS.has(c.req.path)) {
      // a password 本部 issued (a new account, a reset) is for signing in once: the person's own comes first
      if (!SAFE_METHODS.has(c.req.method)) throw new AppError('PASSWORD_MUST_CHANGE');
      const url = new URL(c.req.url);
      return c.redirect(`/account/password?next=${encodeURIComponent(`${url.pathname}${url.search}`)}`, 303);
    }
    if (requirement !== 'signed_in' && !can(user, requirement)) throw new AppError('FORBIDDEN');
    return next();
  });
  return Object.assign(handler, { requirement });
}

/** For handlers: the signed-in user (requires() ran before), or an error. */
export function currentUser(c: Context): SessionUser {
  const user = c.get('user') as SessionUser | null | undefined;
  if (!user) throw new AppError('UNAUTHENTICATED');
  return user;
}

/** Throws 403 unless the user holds the permission for this scope. */
export function assertCan(user: SessionUser | null, permission: Permission, scope?: Parameters<typeof can>[2], what?: string): void {
  if (!can(user, permission, scope)) throw new AppError('FORBIDDEN', what ? { what } : {});
}

/**
 * Throws 404 unless the user may see this organisation's unpublished things (policy.inOrganisation).
 * Every staff page that loads a plan, round, entry, department or draft calls it first.
 */
export function assertInOrganisation(user: SessionUser | null, organisationId: number, what?: string): void {
  if (!inOrganisation(user, organisationId)) throw new AppError('NOT_FOUND', what ? { what } : {});
}
