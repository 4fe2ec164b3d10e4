// The application's route table for tests that visit every route (the role × route matrix, the
// organisation isolation test): which requirement each route declares, and a concrete URL for
// each route from sample values of the bundled plans.
import type { Requirement } from '../auth/middleware.js';

/**
 * A concrete value for every path parameter of the application, from the bundled Sendai plan:
 * 3-(5)-④ (市民活動サポートセンターにおける情報の収集・発信に関する支援) is owned by
 * 市民局/市民協働推進課, so the editor and the 市民局 reviewer are inside its scope.
 * A route with a parameter not listed here fails the test: add a sample for it.
 */
export function sampleParams(roundId: number): Record<string, string> {
  return {
    code: 'sendai-2021',
    plan: 'sendai-2021',
    organisation: 'sendai',
    org: 'sendai',
    itemCode: '3-(5)-④',
    item: '3-(5)-④',
    indicatorCode: '3-(5)-④#1',
    indicator: '3-(5)-④#1',
    fiscalYear: '2021',
    roundId: String(roundId),
    kind: 'plans', // /opendata/:kind{plans|organisations}/…
    file: 'items.csv',
    id: '1',
    catalogueCode: 'civic-support-centre-groups', // /compare/:catalogueCode, /admin/catalogue/:catalogueCode
    csvFile: 'civic-support-centre-groups.csv',
    scale: 'mechanical-sabc', // /admin/organisations/:org/scales/:scale (a shipped scale: shown read-only)
    targetId: '1', // /admin/plans/:plan/targets/:targetId
    tokenId: '1', // /admin/organisations/:org/users/:id/tokens/:tokenId/revoke
    job: '1', // report job 1: made by the first download the tests visit (…/report.pdf comes before the job routes)
  };
}

/** Sample values for routes whose parameter of the same name means something else. */
export const PARAM_OVERRIDES: Record<string, Record<string, string>> = {
  'PUT /api/v1/plans/:plan/indicators/:indicator/observations/:fiscalYear/:kind': { kind: 'actual' },
  // the public API shows published rounds only: the bundled Sapporo report's 平成28年度 round
  'GET /api/v1/plans/:plan/rounds/:fiscalYear/evaluations': { plan: 'sapporo-2nd', fiscalYear: '2016' },
  'GET /api/v1/plans/:plan/rounds/:fiscalYear/distribution': { plan: 'sapporo-2nd', fiscalYear: '2016' },
};

/** A query a route needs to answer meaningfully. */
export const QUERIES: Record<string, string> = {
  'GET /rounds/parse-figure': '?text=1%2C234',
  'GET /api/v1/search': `?q=${encodeURIComponent('協働')}`,
  'GET /imports/template': `?plan=sendai-2021&department=${encodeURIComponent('市民局/市民協働推進課')}`,
};

export interface RouteEntry {
  method: string;
  path: string;
  requirement: Requirement;
}

export interface RouterEntry {
  method: string;
  path: string;
  handler: unknown;
}

export function requirementOf(handler: unknown): Requirement | undefined {
  return typeof handler === 'function' && 'requirement' in handler ? (handler.requirement as Requirement) : undefined;
}

/** Whether a middleware path ('/*', '/api/v1/*', '/opendata', '/api/v1/plans/:plan/items') covers a route path. */
export function covers(pattern: string, path: string): boolean {
  if (pattern.endsWith('/*')) {
    const prefix = pattern.slice(0, -2);
    return path === prefix || path.startsWith(`${prefix}/`);
  }
  if (/[*{]/.test(pattern)) throw new Error(`middleware path ${pattern}: the route matrix cannot tell which routes it covers`);
  // a parameter matches any one segment (as Hono matches it); the rest must be equal
  const want = pattern.split('/');
  const have = path.split('/');
  return want.length === have.length && want.every((segment, i) => segment === have[i] || (segment.startsWith(':') && have[i] !== ''));
}

/**
 * Every route of the table with the one requirement it declares. Handlers registered for ALL
 * methods are middleware (`.use()`); a route's requirements are those of its own handlers and of
 * the middleware covering its path. 'public' is a no-op at run time, so a stricter requirement
 * on the route wins over a router-wide 'public'; two different enforced requirements are an error.
 */
export function routeTable(routes: readonly RouterEntry[]): { entries: RouteEntry[]; problems: string[] } {
  const middleware = routes.filter((r) => r.method === 'ALL');
  const keys = [...new Set(routes.filter((r) => r.method !== 'ALL').map((r) => `${r.method} ${r.path}`))];
  const entries: RouteEntry[] = [];
  const problems: string[] = [];
  for (const key of keys) {
    const [method = '', path = ''] = key.split(' ');
    const own = routes.filter((r) => r.method === method && r.path === path).map((r) => requirementOf(r.handler));
    const inherited = middleware.filter((r) => covers(r.path, path)).map((r) => requirementOf(r.handler));
    const declared = new Set([...own, ...inherited].filter((r): r is Requirement => r !== undefined));
    const enforced = [...declared].filter((r) => r !== 'public');
    if (declared.size === 0) problems.push(`${key} declares no requirement: add requires('public'), requires('signed_in') or requires(permission)`);
    else if (enforced.length > 1) problems.push(`${key} has several requirements: ${enforced.join(', ')}`);
    else entries.push({ method, path, requirement: enforced[0] ?? 'public' });
  }
  return { entries, problems };
}

export function concretePath(route: RouteEntry, samples: Record<string, string>): string {
  const values = { ...samples, ...PARAM_OVERRIDES[`${route.method} ${route.path}`] };
  const path = route.path.replace(/:([A-Za-z]+)(\{[^}]*\})?/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`${route.method} ${route.path}: no sample value for :${name} (add one to sampleParams)`);
    return encodeURIComponent(value);
  });
  return path + (QUERIES[`${route.method} ${route.path}`] ?? '');
}

