// REST API under /api/v1 (read side): organisations, plans, items (flat and tree), indicators with
// their targets and observations, evaluations and grade distributions of published rounds,
// search, and the comparison across cities (compare-api.routes.ts). Every route is declared with
// zod schemas that validate its input and generate the OpenAPI 3.1 document (/api/v1/openapi.json)
// and the reference page (/api/v1/reference).
import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import type { Context, MiddlewareHandler } from 'hono';
import type { Database } from '../db/client.js';
import { AppError } from '../errors.js';
import { formatFiscalYear } from '../domain/wareki.js';
import {
  listIndicators,
  listItems,
  listObservations,
  listOrganisations,
  listPlans,
  listPublishedGrades,
  listPublishedRounds,
  listTargets,
  scopeTitle,
  search,
  type IndicatorRow,
  type PlanRow,
  type Scope,
} from '../opendata/opendata.repository.js';
import { gradesTable, indicatorsTable, itemsTable, observationsTable, targetsTable } from '../opendata/tables.js';
import { conditionalGet, publicCors } from './http-cache.js';
import type { PageCache } from '../portal/page-cache.js';
import type { ApiEnv } from './api-env.js';
import { registerWriteRoutes } from './write.routes.js';
import { registerCompareRoutes } from './compare-api.routes.js';
import { requires } from '../auth/middleware.js';
import { afterOf, decodeCursor, encodeCursor, pageOf } from './cursor.js';
import { readAll } from './read-all.js';
import { roundDistribution } from './round-distribution.js';
import { ReferencePage, type ApiDocument } from './reference-page.js';
import {
  DistributionQuery,
  DistributionSchema,
  EvaluationQuery,
  EvaluationSchema,
  IndicatorParams,
  IndicatorQuery,
  IndicatorSchema,
  ItemDetailSchema,
  ItemNodeSchema,
  ItemParams,
  ItemQuery,
  ItemSchema,
  ObservationQuery,
  ObservationSchema,
  OrganisationParams,
  OrganisationSchema,
  pageSchema,
  PageQuery,
  PlanListQuery,
  PlanParams,
  PlanSchema,
  ProblemSchema,
  RoundParams,
  RoundSchema,
  SearchHitSchema,
  SearchQuery,
  TargetQuery,
  TargetSchema,
} from './schemas.js';

export const API_BASE = '/api/v1';

const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } });
const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: ProblemSchema } } });
const ERRORS = {
  304: { description: '変更なし（If-None-Match / If-Modified-Since に一致）' },
  404: problem('見つかりません'),
  422: problem('パラメータに誤りがあります'),
} as const;

function presentPlan(row: PlanRow): z.infer<typeof PlanSchema> {
  return {
    code: row.planCode,
    title: row.planTitle,
    shortTitle: row.shortTitle,
    description: row.description,
    organisationCode: row.organisationCode,
    organisationName: row.organisationName,
    localGovernmentCode: row.localGovernmentCode,
    periodStartFiscalYear: row.periodStartFy,
    periodStartFiscalYearLabel: formatFiscalYear(row.periodStartFy),
    periodEndFiscalYear: row.periodEndFy,
    periodEndFiscalYearLabel: formatFiscalYear(row.periodEndFy),
    status: row.status,
    levelNames: row.levelNames,
    sdgGoals: row.sdgGoals,
    upperPlans: row.upperPlans,
    scale: row.scaleCode && row.scaleName ? { code: row.scaleCode, name: row.scaleName } : null,
    itemCount: row.itemCount,
    indicatorCount: row.indicatorCount,
    updatedAt: row.updatedAt,
  };
}

/** The public GET routes of one plan whose answers the page cache keeps (exact paths: the write routes' GET is not among them). */
export const PUBLIC_PLAN_PATHS = [
  '/plans/:plan',
  '/plans/:plan/items',
  '/plans/:plan/tree',
  '/plans/:plan/items/:item',
  '/plans/:plan/indicators',
  '/plans/:plan/indicators/:indicator',
  '/plans/:plan/targets',
  '/plans/:plan/observations',
  '/plans/:plan/rounds',
  '/plans/:plan/rounds/:fiscalYear/evaluations',
  '/plans/:plan/rounds/:fiscalYear/distribution',
] as const;

/** The public GET routes across plans whose answers the page cache keeps while no data changes (as the /compare pages). */
export const PUBLIC_SHARED_PATHS = ['/compare', '/compare/:catalogueCode'] as const;

export function apiRoutes(database: Database, pages?: PageCache) {
  const db = () => database.db;
  const api = new OpenAPIHono<ApiEnv>({
    defaultHook: (result) => {
      if (!result.success) {
        const issue = result.error.issues[0];
        throw new AppError('INVALID_INPUT', { reason: issue ? `${issue.path.join('.')}: ${issue.message}` : '形式が正しくありません' });
      }
    },
  });
  api.use(`${API_BASE}/*`, publicCors());
  api.use(`${API_BASE}/*`, conditionalGet(database.version, pages));
  api.use(`${API_BASE}/*`, requires('public')); // reads are public; write routes declare their own requirement
  // the public answers about one plan are kept by the page cache while that plan does not change
  // (the same for every reader; a request with a token is answered afresh, and the write routes'
  // own GET, a signed-in user's draft, has a path of its own and is never kept)
  if (pages) {
    const kept = (planOf: (c: Context<ApiEnv>) => string | undefined): MiddlewareHandler<ApiEnv> => async (c, next) => {
      if (c.req.method !== 'GET' || c.req.header('authorization') !== undefined) return next();
      // the answer replaces what the route wrote (on a miss, its body was read to be kept)
      c.res = await pages.serve(c, async () => {
        await next();
        return c.res;
      }, planOf(c));
    };
    for (const path of PUBLIC_PLAN_PATHS) api.use(`${API_BASE}${path}`, kept((c) => c.req.param('plan')));
    // a comparison reads many plans (1,741 at national size: 0.15 s for a page of 100 organisations): kept while no data changes, as the /compare pages
    for (const path of PUBLIC_SHARED_PATHS) api.use(`${API_BASE}${path}`, kept(() => undefined));
  }

  /** The plan must exist and be public, or the answer is a 404 problem. */
  const planScope = async (code: string): Promise<Scope> => {
    const scope: Scope = { kind: 'plan', code };
    if ((await scopeTitle(db(), scope)) === undefined) throw new AppError('PLAN_NOT_FOUND', { code });
    return scope;
  };

  /** Indicators with their targets and observations, in three queries. */
  const withValues = async (scope: Scope, rows: IndicatorRow[]) => {
    const ids = rows.map((r) => r.id);
    const [targets, observations] = await Promise.all([
      readAll((page) => listTargets(db(), scope, page, { indicatorIds: ids })),
      readAll((page) => listObservations(db(), scope, page, { indicatorIds: ids })),
    ]);
    return (row: IndicatorRow) => {
      const record = indicatorsTable.toRecord(row);
      return {
        ...record,
        targets: targets.filter((t) => t.indicatorCode === record.indicatorCode).map(targetsTable.toRecord),
        observations: observations.filter((o) => o.indicatorCode === record.indicatorCode).map(observationsTable.toRecord),
      };
    };
  };

  // ───────────────────────────── organisations ─────────────────────────────

  api.openapi(
    createRoute({
      method: 'get', path: `${API_BASE}/organisations`, tags: ['団体'], summary: '団体の一覧', operationId: 'listOrganisations',
      request: { query: PageQuery },
      responses: { 200: json(pageSchema(OrganisationSchema, 'OrganisationPage'), '団体の一覧'), ...ERRORS },
    }),
    async (c) => {
      const { limit, cursor } = c.req.valid('query');
      const rows = await listOrganisations(db(), { after: afterOf(cursor), limit: limit + 1 });
      return c.json(pageOf(rows, limit, ({ id: _id, ...org }) => org), 200);
    },
  );

  api.openapi(
    createRoute({
      method: 'get', path: `${API_BASE}/organisations/{organisation}`, tags: ['団体'], summary: '団体', operationId: 'getOrganisation',
      request: { params: OrganisationParams },
      responses: { 200: json(OrganisationSchema, '団体'), ...ERRORS },
    }),
    async (c) => {
      const { organisation } = c.req.valid('param');
      const [row] = await listOrganisations(db(), { limit: 1 }, organisation);
      if (!row) throw new AppError('ORGANISATION_NOT_FOUND', { code: organisation });
      const { id: _id, ...org } = row;
      return c.json(org, 200);
    },
  );

  // ───────────────────────────── plans ─────────────────────────────

  api.openapi(
    createRoute({
      method: 'get', path: `${API_BASE}/plans`, tags: ['計画'], summary: '計画の一覧', operationId: 'listPlans',
      description: '公開されている計画（下書きを除く）。organisation で団体を絞り込めます。',
      request: { query: PlanListQuery },
      responses: { 200: json(pageSchema(PlanSchema, 'PlanPage'), '計画の一覧'), ...ERRORS },
    }),
    async (c) => {
      const { limit, cursor, organisation } = c.req.valid('query');
      const scope: Scope = organisation === undefined ? { kind: 'all' } : { kind: 'organisation', code: organisation };
      const rows = await listPlans(db(), scope, { after: afterOf(cursor), limit: limit + 1 });
      return c.json(pageOf(rows, limit, presentPlan), 200);
    },
  );

  api.openapi(
    createRoute({
      method: 'get', path: `${API_BASE}/plans/{plan}`, tags: ['計画'], summary: '計画', operationId: 'getPlan',
      request: { params: PlanParams },
      responses: { 200: json(PlanSchema, '計画'), ...ERRORS },
    }),
    async (c) => {
      const { plan } = c.req.valid('param');
      const [row] = await listPlans(db(), await planScope(plan), { limit: 1 });
      if (!row) throw new AppError('PLAN_NOT_FOUND', { code: plan });
      return c.json(presentPlan(row), 200);
    },
  );

  // ───────────────────────────── items ─────────────────────────────

  api.openapi(
    createRoute({
      method: 'get', path: `${API_BASE}/plans/{plan}/items`, tags: ['項目'], summary: '項目の一覧（フラット）', operationId: 'listItems',
      description: '計画の項目を計画書の順に。階層、親項目、担当課、重点・新規・パートナープロジェクト、語で絞り込めます。',
      request: { params: PlanParams, query: ItemQuery },
      responses: { 200: json(pageSchema(ItemSchema, 'ItemPage'), '項目の一覧'), ...ERRORS },
    }),
    async (c) => {
      const { plan } = c.req.valid('param');
      const { limit, cursor, depth, parent, department, priority, new: isNew, partnerProject, q } = c.req.valid('query');
      const rows = await listItems(db(), await planScope(plan), { after: afterOf(cursor), limit: limit + 1 }, { depth, parent, department, priority, isNew, partnerProject, q });
      return c.json(pageOf(rows, limit, itemsTable.toRecord), 200);
    },
  );

  api.openapi(
    createRoute({
      method: 'get', path: `${API_BASE}/plans/{plan}/tree`, tags: ['項目'], summary: '項目の木構造', operationId: 'getItemTree',
      description: '計画の全項目を、最上位の項目から children でたどれる木構造で返します（ページ分けなし）。',
      request: { params: PlanParams },
      responses: { 200: json(z.object({ planCode: z.string(), items: z.array(ItemNodeSchema) }).openapi('ItemTree'), '項目の木構造'), ...ERRORS },
    }),
    async (c) => {
      const { plan } = c.req.valid('param');
      const scope = await planScope(plan);
      const rows = await readAll((page) => listItems(db(), scope, page));
      type Node = { [key: string]: unknown; children: Node[] };
      const nodes = new Map<string, Node>();
      const roots: Node[] = [];
      const ordered = [...rows].sort((a, b) => a.depth - b.depth || a.position - b.position || a.id - b.id);
      for (const row of ordered) nodes.set(row.code, { ...itemsTable.toRecord(row), children: [] });
      for (const row of ordered) {
        const node = nodes.get(row.code);
        if (!node) continue;
        const parent = row.parentCode === null ? undefined : nodes.get(row.parentCode);
        (parent ? parent.children : roots).push(node);
      }
      return c.json({ planCode: plan, items: roots }, 200);
    },
  );

  api.openapi(
    createRoute({
      method: 'get', path: `${API_BASE}/plans/{plan}/items/{item}`, tags: ['項目'], summary: '項目と指標', operationId: 'getItem',
      request: { params: ItemParams },
      responses: { 200: json(ItemDetailSchema, '項目と、その指標（目標値・実績値つき）'), ...ERRORS },
    }),
    async (c) => {
      const { plan, item } = c.req.valid('param');
      const scope = await planScope(plan);
      const [row] = await listItems(db(), scope, { limit: 1 }, { code: item });
      if (!row) throw new AppError('ITEM_NOT_FOUND', { plan, code: item });
      const indicators = await readAll((page) => listIndicators(db(), scope, page, { item }));
      const present = await withValues(scope, indicators);
      return c.json({ ...itemsTable.toRecord(row), indicators: indicators.map(present) }, 200);
    },
  );

  // ───────────────────────────── indicators, targets, observations ─────────────────────────────

  api.openapi(
    createRoute({
      method: 'get', path: `${API_BASE}/plans/{plan}/indicators`, tags: ['指標'], summary: '指標の一覧（目標値・実績値つき）', operationId: 'listIndicators',
      request: { params: PlanParams, query: IndicatorQuery },
      responses: { 200: json(pageSchema(IndicatorSchema, 'IndicatorPage'), '指標の一覧'), ...ERRORS },
    }),
    async (c) => {
      const { plan } = c.req.valid('param');
      const { limit, cursor, item } = c.req.valid('query');
      const scope = await planScope(plan);
      const rows = await listIndicators(db(), scope, { after: afterOf(cursor), limit: limit + 1 }, { item });
      const present = await withValues(scope, rows.slice(0, limit));
      return c.json(pageOf(rows, limit, present), 200);
    },
  );

  api.openapi(
    createRoute({
      method: 'get', path: `${API_BASE}/plans/{plan}/indicators/{indicator}`, tags: ['指標'], summary: '指標（目標値・実績値つき）', operationId: 'getIndicator',
      request: { params: IndicatorParams },
      responses: { 200: json(IndicatorSchema, '指標'), ...ERRORS },
    }),
    async (c) => {
      const { plan, indicator } = c.req.valid('param');
      const scope = await planScope(plan);
      const [row] = await listIndicators(db(), scope, { limit: 1 }, { indicator });
      if (!row) throw new AppError('INDICATOR_NOT_FOUND', { plan, code: indicator });
      const present = await withValues(scope, [row]);
      return c.json(present(row), 200);
    },
  );

  api.openapi(
    createRoute({
      method: 'get', path: `${API_BASE}/plans/{plan}/targets`, tags: ['指標'], summary: '目標値の一覧', operationId: 'listTargets',
      request: { params: PlanParams, query: TargetQuery },
      responses: { 200: json(pageSchema(TargetSchema, 'TargetPage'), '目標値の一覧'), ...ERRORS },
    }),
    async (c) => {
      const { plan } = c.req.valid('param');
      const { limit, cursor, item, indicator } = c.req.valid('query');
      const rows = await listTargets(db(), await planScope(plan), { after: afterOf(cursor), limit: limit + 1 }, { item, indicator });
      return c.json(pageOf(rows, limit, targetsTable.toRecord), 200);
    },
  );

  api.openapi(
    createRoute({
      method: 'get', path: `${API_BASE}/plans/{plan}/observations`, tags: ['指標'], summary: '実績値の一覧', operationId: 'listObservations',
      description: '1つの値が1件（縦持ち）。値がないときは value が null で、missingReason にその理由。',
      request: { params: PlanParams, query: ObservationQuery },
      responses: { 200: json(pageSchema(ObservationSchema, 'ObservationPage'), '実績値の一覧'), ...ERRORS },
    }),
    async (c) => {
      const { plan } = c.req.valid('param');
      const { limit, cursor, item, indicator, fiscalYear, kind } = c.req.valid('query');
      const rows = await listObservations(db(), await planScope(plan), { after: afterOf(cursor), limit: limit + 1 }, { item, indicator, fiscalYear, kind });
      return c.json(pageOf(rows, limit, observationsTable.toRecord), 200);
    },
  );

  // ───────────────────────────── rounds (published only) ─────────────────────────────

  api.openapi(
    createRoute({
      method: 'get', path: `${API_BASE}/plans/{plan}/rounds`, tags: ['評価'], summary: '公表済みの年度評価の一覧', operationId: 'listRounds',
      request: { params: PlanParams, query: PageQuery },
      responses: { 200: json(pageSchema(RoundSchema, 'RoundPage'), '公表済みの年度評価'), ...ERRORS },
    }),
    async (c) => {
      const { plan } = c.req.valid('param');
      const { limit, cursor } = c.req.valid('query');
      const rows = await listPublishedRounds(db(), await planScope(plan), { after: afterOf(cursor), limit: limit + 1 });
      return c.json(
        pageOf(rows, limit, (r) => ({ planCode: r.planCode, fiscalYear: r.fiscalYear, fiscalYearLabel: formatFiscalYear(r.fiscalYear), publishedAt: r.publishedAt, entryCount: r.entryCount })),
        200,
      );
    },
  );

  const publishedRound = async (plan: string, fiscalYear: number): Promise<Scope> => {
    const scope = await planScope(plan);
    const [round] = await listPublishedRounds(db(), scope, { limit: 1 }, fiscalYear);
    if (!round) throw new AppError('ROUND_NOT_PUBLISHED', { plan, year: formatFiscalYear(fiscalYear) });
    return scope;
  };

  api.openapi(
    createRoute({
      method: 'get', path: `${API_BASE}/plans/{plan}/rounds/{fiscalYear}/evaluations`, tags: ['評価'], summary: '年度評価の各項目の評価', operationId: 'listEvaluations',
      description: '公表済みの年度評価だけ。公表前の評価は 404。',
      request: { params: RoundParams, query: EvaluationQuery },
      responses: { 200: json(pageSchema(EvaluationSchema, 'EvaluationPage'), '各項目の評価と取組結果'), ...ERRORS },
    }),
    async (c) => {
      const { plan, fiscalYear } = c.req.valid('param');
      const { limit, cursor, item } = c.req.valid('query');
      const scope = await publishedRound(plan, fiscalYear);
      const rows = await listPublishedGrades(db(), scope, { after: afterOf(cursor), limit: limit + 1 }, { fiscalYear, item });
      return c.json(pageOf(rows, limit, gradesTable.toRecord), 200);
    },
  );

  api.openapi(
    createRoute({
      method: 'get', path: `${API_BASE}/plans/{plan}/rounds/{fiscalYear}/distribution`, tags: ['評価'], summary: '評価の分布', operationId: 'getDistribution',
      request: { params: RoundParams, query: DistributionQuery },
      responses: { 200: json(DistributionSchema, '評価の分布'), ...ERRORS },
    }),
    async (c) => {
      const { plan, fiscalYear } = c.req.valid('param');
      const { by } = c.req.valid('query');
      await publishedRound(plan, fiscalYear);
      return c.json(await roundDistribution(db(), plan, fiscalYear, by), 200);
    },
  );

  // ───────────────────────────── search ─────────────────────────────

  api.openapi(
    createRoute({
      method: 'get', path: `${API_BASE}/search`, tags: ['検索'], summary: '項目と指標の検索', operationId: 'search',
      request: { query: SearchQuery },
      responses: { 200: json(pageSchema(SearchHitSchema, 'SearchPage'), '検索結果（項目が先、次に指標）'), ...ERRORS },
    }),
    async (c) => {
      const { q, plan, organisation, limit, cursor } = c.req.valid('query');
      const scope: Scope = plan !== undefined ? { kind: 'plan', code: plan } : organisation !== undefined ? { kind: 'organisation', code: organisation } : { kind: 'all' };
      const after = cursor === undefined ? undefined : decodeCursor(cursor, { kind: 'string', id: 'number' });
      if (after && after.kind !== 'item' && after.kind !== 'indicator') throw new AppError('INVALID_CURSOR');
      const rows = await search(db(), scope, q, { after: after as { kind: 'item' | 'indicator'; id: number } | undefined, limit: limit + 1 });
      const shown = rows.slice(0, limit);
      const last = shown.at(-1);
      return c.json(
        {
          data: shown.map(({ id: _id, localGovernmentCode: _lgc, ...hit }) => hit),
          next: rows.length > limit && last ? encodeCursor({ kind: last.kind, id: last.id }) : null,
        },
        200,
      );
    },
  );

  registerCompareRoutes(api, database);
  registerWriteRoutes(api, database);

  // ───────────────────────────── the document and its reference page ─────────────────────────────

  const documentConfig = {
    openapi: '3.1.0',
    info: {
      title: 'Shinchoku API',
      version: '1.0.0',
      description: '自治体計画の進行管理データ（計画・項目・指標・目標値・実績値・公表済みの評価）を読む API。データは CC BY 4.0。',
      license: { name: 'CC BY 4.0 (data)', identifier: 'CC-BY-4.0' },
    },
    servers: [{ url: '/' }],
  };
  const openApiDocument = () => api.getOpenAPI31Document(documentConfig);

  api.openapi(
    createRoute({
      method: 'get', path: `${API_BASE}/openapi.json`, tags: ['文書'], summary: 'この API の OpenAPI 3.1 文書', operationId: 'getOpenApiDocument',
      responses: { 200: json(z.record(z.string(), z.unknown()).openapi('OpenApiDocument'), 'OpenAPI 3.1 文書'), 304: ERRORS[304] },
    }),
    (c) => c.json(openApiDocument() as unknown as Record<string, unknown>, 200),
  );

  api.openapi(
    createRoute({
      method: 'get', path: `${API_BASE}/reference`, tags: ['文書'], summary: 'API リファレンス（HTML）', operationId: 'getReference',
      responses: { 200: { description: 'API リファレンスのページ', content: { 'text/html': { schema: z.string() } } }, 304: ERRORS[304] },
    }),
    (c) => c.html(<ReferencePage document={openApiDocument() as unknown as ApiDocument} />, 200),
  );

  return api;
}
