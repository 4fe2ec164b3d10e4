// Conditional GET and CORS for the public read side (/api/v1 and /opendata): a weak ETag and
// Last-Modified from the data's version (src/db/data-version.ts, kept in memory), answered with
// 304 before any work is done when the client already has the current version; any origin may
// read (GET/HEAD). An answer about one plan (/api/v1/plans/{plan}/…, /opendata/plans/{plan}/…)
// follows that plan's own version (portal/plan-versions.ts, read once per data version for all
// requests), so a client revalidating one city's data keeps getting 304 while other cities edit.
import { createHash } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';
import type { DataVersion } from '../db/data-version.js';
import { NO_CHANGES } from '../portal/plan-versions.js';

export const publicCors = (): MiddlewareHandler =>
  cors({
    origin: '*',
    allowMethods: ['GET', 'HEAD', 'OPTIONS'],
    exposeHeaders: ['ETag', 'Last-Modified', 'Content-Disposition'],
    maxAge: 86400,
  });

/** What the conditional-GET middleware tells the handlers: the time the data was last changed (ISO 8601). */
export interface PublicEnv {
  Variables: { asOf: string };
}

function matches(ifNoneMatch: string, etag: string): boolean {
  const bare = (tag: string) => tag.trim().replace(/^W\//, '');
  return ifNoneMatch.split(',').some((tag) => tag.trim() === '*' || bare(tag) === bare(etag));
}

/**
 * When this process first saw each data version: Last-Modified. A new version always gets a
 * later whole second than the one before, so If-Modified-Since (one-second resolution) can never
 * take a change for the version the client already has.
 */
export function versionClock(now: () => number = Date.now): (version: string) => Date {
  let last: { version: string; at: number } | undefined;
  return (version) => {
    if (!last || last.version !== version) {
      const second = Math.floor(now() / 1000) * 1000;
      last = { version, at: last ? Math.max(second, last.at + 1000) : second };
    }
    return new Date(last.at);
  };
}

/** Where a plan's data version at a data version comes from ('0.0': no such plan, or plans are not followed): the page cache. */
export interface PlanVersionSource {
  planVersion(plan: string, dataVersion: string): Promise<string>;
}

const PLAN_PATH = /^\/(?:api\/v1|opendata)\/plans\/([^/]+)(?:\/|$)/;

/** The plan an answer is about, from its path (undefined: not one plan's). */
export function planOfPath(pathname: string): string | undefined {
  const segment = PLAN_PATH.exec(pathname)?.[1];
  if (segment === undefined) return undefined;
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

export function conditionalGet(dataVersion: DataVersion, plans?: PlanVersionSource): MiddlewareHandler<PublicEnv> {
  const clock = versionClock();
  // one clock per plan that exists (a made-up plan code gets none: it answers 404 anyway)
  const planClocks = new Map<string, (version: string) => Date>();
  return async (c, next) => {
    // scripts with a token read their own drafts: never answered from a shared validator
    if ((c.req.method !== 'GET' && c.req.method !== 'HEAD') || c.req.header('authorization') !== undefined) return next();
    const version = dataVersion.peek() ?? (await dataVersion.get());
    const url = new URL(c.req.url);
    const plan = plans ? planOfPath(url.pathname) : undefined;
    const planVersion = plan !== undefined && plans ? await plans.planVersion(plan, version) : NO_CHANGES;
    let validator = version;
    let modified: Date;
    if (plan !== undefined && planVersion !== NO_CHANGES) {
      validator = `plan ${planVersion}`;
      let planClock = planClocks.get(plan);
      if (!planClock) planClocks.set(plan, (planClock = versionClock()));
      modified = planClock(planVersion);
    } else {
      modified = clock(version);
    }
    const etag = `W/"${createHash('sha256').update(`${validator}\n${url.pathname}\n${url.search}`).digest('base64url').slice(0, 27)}"`;
    const validators = { etag, 'last-modified': modified.toUTCString(), 'cache-control': 'public, no-cache' };
    const ifNoneMatch = c.req.header('if-none-match');
    const ifModifiedSince = c.req.header('if-modified-since');
    const fresh = ifNoneMatch !== undefined
      ? matches(ifNoneMatch, etag)
      : ifModifiedSince !== undefined && Date.parse(ifModifiedSince) >= modified.getTime();
    if (fresh) return c.body(null, 304, validators);
    c.set('asOf', modified.toISOString());
    await next();
    if (c.res.status !== 200) return;
    if (c.res.headers.get('cache-control')?.includes('private')) return; // a signed-in user's own answer
    for (const [name, value] of Object.entries(validators)) c.res.headers.set(name, value);
  };
}
