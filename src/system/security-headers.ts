// Security headers on every response, and the size limit on every request body.
//
// Content-Security-Policy without 'unsafe-inline': scripts only from our own /assets files; styles
// from our own stylesheets, plus an inline <style> element only when the page itself carries it
// (the council report, which is also a self-contained HTML file) — allowed by its SHA-256, which
// this middleware computes from the page it sends. Style attributes are not allowed at all: grade
// colours and bar lengths come from /styles/grades.css through data attributes.
import { createHash } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { AppError } from '../errors.js';
import { isSecureRequest } from '../auth/middleware.js';

/** Upload pages take files up to 20 MB (imports); a little more for the multipart framing. */
export const UPLOAD_BODY_LIMIT = 21 * 1024 * 1024;
/** Every other request: forms, JSON of the API (an entry's three narratives are at most 60,000 characters). */
export const BODY_LIMIT = 1024 * 1024;

function policy(styleHashes: string[]): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    `style-src 'self'${styleHashes.map((h) => ` 'sha256-${h}'`).join('')}`,
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

const STYLE_ELEMENT = /<style(?:\s[^>]*)?>([\s\S]*?)<\/style>/g;

/** The policy for this HTML page: its own <style> elements allowed by their hashes. */
export function contentSecurityPolicy(html: string): string {
  if (!html.includes('<style')) return NO_STYLE_POLICY;
  return policy([...html.matchAll(STYLE_ELEMENT)].map((m) => createHash('sha256').update(m[1] ?? '').digest('base64')));
}

const NO_STYLE_POLICY = policy([]);

/**
 * Sets the headers after the handler. An HTML page's body is read for its <style> elements
 * unless the handler set the policy itself (the page cache computes it once per rendering).
 */
export function securityHeaders(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    if (!c.res.headers.has('content-security-policy')) {
      let html = '';
      if (c.res.headers.get('content-type')?.startsWith('text/html')) {
        // reading the body turns @hono/node-server's light response into a full one built from the
        // headers it was made with: headers set since then (a cookie) are put back afterwards
        const before = new Headers(c.res.headers);
        if (c.res.body) html = await c.res.clone().text();
        restoreHeaders(c.res.headers, before);
      }
      c.res.headers.set('content-security-policy', contentSecurityPolicy(html));
    }
    const headers = c.res.headers;
    headers.set('x-content-type-options', 'nosniff');
    headers.set('x-frame-options', 'DENY');
    headers.set('referrer-policy', 'strict-origin-when-cross-origin');
    headers.set('cross-origin-opener-policy', 'same-origin');
    headers.set('permissions-policy', 'camera=(), microphone=(), geolocation=(), payment=(), usb=()');
    if (isSecureRequest(c)) headers.set('strict-transport-security', 'max-age=31536000');
  };
}

function restoreHeaders(headers: Headers, before: Headers): void {
  for (const [name, value] of before) if (name !== 'set-cookie' && headers.get(name) !== value) headers.set(name, value);
  const cookies = before.getSetCookie();
  if (cookies.join('\n') === headers.getSetCookie().join('\n')) return;
  headers.delete('set-cookie');
  for (const cookie of cookies) headers.append('set-cookie', cookie);
}

/** Refuses a body larger than the limit from its Content-Length, or while it streams in — before anything reads it. */
export function requestBodyLimit(): MiddlewareHandler {
  const uploads = bodyLimit({ maxSize: UPLOAD_BODY_LIMIT, onError: () => tooLarge(UPLOAD_BODY_LIMIT) });
  const others = bodyLimit({ maxSize: BODY_LIMIT, onError: () => tooLarge(BODY_LIMIT) });
  return (c, next) => {
    // a GET or HEAD has no body (a fetch Request cannot carry one); asking would build the whole Request
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    return c.req.path.startsWith('/imports') ? uploads(c, next) : others(c, next);
  };
}

function tooLarge(limit: number): never {
  throw new AppError('REQUEST_TOO_LARGE', { limitMb: Math.round((limit / 1024 / 1024) * 10) / 10 });
}
