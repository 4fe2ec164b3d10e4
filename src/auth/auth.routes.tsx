// Sign in, sign out, change password.
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../app.js';
import type { Database } from '../db/client.js';
import { AppError, isAppError } from '../errors.js';
import { changePassword } from './change-password.js';
import { login } from './login.js';
import { clearSessionCookie, clientAddress, currentUser, requires, setSessionCookie } from './middleware.js';
import { LoginRateLimiter } from './rate-limit.js';
import { deleteSession } from './sessions.repository.js';
import { LoginPage, PasswordPage } from './auth-pages.js';

const LoginForm = z.object({
  login: z.string().trim().min(1).max(100),
  password: z.string().min(1).max(1000),
  next: z.string().optional(),
});

const PasswordForm = z.object({
  current: z.string().max(1000),
  next: z.string().max(1000),
  confirm: z.string().max(1000),
  /** Where the person was going when a password 本部 issued sent them here. */
  then: z.string().max(2000).optional(),
});

/** A stand-in origin: `next` is resolved against it, and kept only when it stays on it. */
const SITE = 'http://shinchoku.invalid';

/**
 * Only a path on this site: "/rounds/1", never "//evil.example", "https://…" or "/\t/evil.example"
 * (browsers drop tabs and line breaks from a Location, and read a backslash as a slash). A
 * path with a control character or a backslash is refused outright; anything else is resolved
 * against the site's origin and kept only when the origin is still the site's.
 */
export function safeNext(next: string | undefined): string {
  const fallback = '/rounds';
  // eslint-disable-next-line no-control-regex
  if (!next || !next.startsWith('/') || /[\u0000-\u001f\u007f\\]/.test(next)) return fallback;
  let url: URL;
  try {
    url = new URL(next, SITE);
  } catch {
    return fallback;
  }
  return url.origin === SITE ? `${url.pathname}${url.search}${url.hash}` : fallback;
}

export function authRoutes(database: Database, limiter = new LoginRateLimiter()) {
  const app = new Hono<AppEnv>();

  app.get('/login', requires('public'), (c) => {
    if (c.get('user')) return c.redirect(safeNext(c.req.query('next')), 303);
    return c.html(<LoginPage csrfToken={c.get('csrfToken')} next={safeNext(c.req.query('next'))} />);
  });

  app.post('/login', requires('public'), async (c) => {
    const form = LoginForm.safeParse(await c.req.parseBody());
    const next = safeNext(form.success ? form.data.next : undefined);
    if (!form.success) {
      return c.html(<LoginPage csrfToken={c.get('csrfToken')} next={next} error="ログイン名とパスワードを入力してください" />, 422);
    }
    try {
      const session = await login(database.db, { login: form.data.login, password: form.data.password, ipAddress: clientAddress(c), userAgent: c.req.header('user-agent') ?? null }, limiter);
      setSessionCookie(c, session.token);
      return c.redirect(next, 303);
    } catch (error) {
      if (!isAppError(error) || (error.code !== 'LOGIN_FAILED' && error.code !== 'LOGIN_RATE_LIMITED')) throw error;
      return c.html(<LoginPage csrfToken={c.get('csrfToken')} next={next} login={form.data.login} error={error.describe('ja')} />, error.status as 401);
    }
  });

  app.post('/logout', requires('signed_in'), async (c) => {
    const sessionId = c.get('sessionId');
    if (sessionId) await deleteSession(database.db, sessionId);
    clearSessionCookie(c);
    return c.redirect('/', 303);
  });

  app.get('/account/password', requires('signed_in'), (c) =>
    c.html(<PasswordPage user={currentUser(c)} csrfToken={c.get('csrfToken')} done={c.req.query('done') === '1'} then={c.req.query('next')} />));

  app.post('/account/password', requires('signed_in'), async (c) => {
    const user = currentUser(c);
    const form = PasswordForm.safeParse(await c.req.parseBody());
    if (!form.success) throw new AppError('INVALID_INPUT', { reason: 'パスワードを入力してください' });
    const sessionId = c.get('sessionId') ?? '';
    try {
      await database.db.transaction((tx) => changePassword(tx, user, sessionId, form.data));
    } catch (error) {
      if (!isAppError(error) || error.status !== 422) throw error;
      return c.html(<PasswordPage user={user} csrfToken={c.get('csrfToken')} error={error.describe('ja')} then={form.data.then} />, 422);
    }
    // the first change of a password 本部 issued goes on to the page the person was going to
    if (user.mustChangePassword === true && form.data.then) return c.redirect(safeNext(form.data.then), 303);
    return c.redirect('/account/password?done=1', 303);
  });

  return app;
}
