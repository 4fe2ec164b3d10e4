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

export function securityHeaders(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    let hashes: string[] = [];
    if (c.res.headers.get('content-type')?.startsWith('text/html') && c.res.body) {
      const html = await c.res.clone().text();
      if (html.includes('<style')) hashes = [...html.matchAll(STYLE_ELEMENT)].map((m) => createHash('sha256').update(m[1] ?? '').digest('base64'));
    }
    const headers = c.res.headers;
    headers.set('content-security-policy', policy(hashes));
    headers.set('x-content-type-options', 'nosniff');
    headers.set('x-frame-options', 'DENY');
    headers.set('referrer-policy', 'strict-origin-when-cross-origin');
    headers.set('cross-origin-opener-policy', 'same-origin');
    headers.set('permissions-policy', 'camera=(), microphone=(), geolocation=(), payment=(), usb=()');
    if (isSecureRequest(c)) headers.set('strict-transport-security', 'max-age=31536000');
  };
}

/** Refuses a body larger than the limit from its Content-Length, or while it streams in — before anything reads it. */
export function requestBodyLimit(): MiddlewareHandler {
  const uploads = bodyLimit({ maxSize: UPLOAD_BODY_LIMIT, onError: () => tooLarge(UPLOAD_BODY_LIMIT) });
  const others = bodyLimit({ maxSize: BODY_LIMIT, onError: () => tooLarge(BODY_LIMIT) });
  return (c, next) => (c.req.path.startsWith('/imports') ? uploads(c, next) : others(c, next));
}

function tooLarge(limit: number): never {
  throw new AppError('REQUEST_TOO_LARGE', { limitMb: Math.round((limit / 1024 / 1024) * 10) / 10 });
}
