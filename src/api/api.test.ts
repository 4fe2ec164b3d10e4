// The API against a database with the bundled plans: the OpenAPI document is valid OpenAPI 3.1
// (a real validator), lists exactly the routes of the router, and every documented GET answers
// for both bundled plans with a body that matches its documented schema; cursors walk every row
// once; 304, CORS and problem details.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { Validator } from '@seriousme/openapi-schema-validator';
import { and, eq, like } from 'drizzle-orm';
import type { ZodType } from 'zod';
import { createTestDatabase, type TestDatabase } from '../test-support/database.js';
import { prepareBundledData } from '../datasets/bundled.js';
import { readBundledDatasets } from '../datasets/read-dataset.js';
import type { Dataset } from '../datasets/dataset-format.js';
import { createApp } from '../app.js';
import { entries, indicators, observations, planItems, plans, rounds } from '../db/schema.js';
import { apiRoutes } from './api.routes.js';
import { revalidate } from './revalidate.testing.js';

let database: TestDatabase;
let app: ReturnType<typeof createApp>;
let datasets: Dataset[];
let document: { openapi: string; paths: Record<string, Record<string, { security?: unknown[]; parameters?: { name: string; in: string; required?: boolean }[] }>> };

before(async () => {
  database = await createTestDatabase();
  await prepareBundledData(database);
  datasets = await readBundledDatasets();
  app = createApp(database);
  // Sendai 2021 has no round in its documents: publish one here (grades chosen for the hand calculation below)
  const [plan] = await database.db.select().from(plans).where(eq(plans.code, 'sendai-2021'));
  assert.ok(plan);
  const [round] = await database.db.insert(rounds).values({ planId: plan.id, fiscalYear: 2021, state: 'published', publishedAt: new Date('2022-09-01T00:00:00Z') }).returning();
  assert.ok(round);
  const field1 = await database.db.select().from(planItems).where(and(eq(planItems.planId, plan.id), eq(planItems.depth, 2), like(planItems.code, '1-%'))).orderBy(planItems.id).limit(3);
  const field2 = await database.db.select().from(planItems).where(and(eq(planItems.planId, plan.id), eq(planItems.depth, 2), like(planItems.code, '2-%'))).orderBy(planItems.id).limit(1);
  const grades = [...field1.map((item, i) => ({ item, grade: ['A', 'B', 'C'][i] ?? null })), ...field2.map((item) => ({ item, grade: 'A' }))];
  assert.equal(grades.length, 4);
  await database.db.insert(entries).values(grades.map(({ item, grade }) => ({ planId: plan.id, roundId: round.id, itemId: item.id, state: 'approved', finalGrade: grade })));
  const response = await app.request('/api/v1/openapi.json');
  assert.equal(response.status, 200);
  document = (await response.json()) as typeof document;
});
after(async () => {
  await database.close();
});

const toOpenApiPath = (path: string) => path.replace(/:([A-Za-z]+)/g, '{$1}');

test('the OpenAPI document is valid OpenAPI 3.1 (checked by a validator)', async () => {
  assert.equal(document.openapi, '3.1.0');
  const validator = new Validator();
  const result = await validator.validate(document as unknown as Record<string, unknown>);
  assert.equal(validator.version, '3.1');
  assert.deepEqual(result.errors ?? [], [], JSON.stringify(result.errors, null, 1));
  assert.equal(result.valid, true);
});

test('every API route of the router is in the document, and every documented operation is a route', () => {
  const routed = new Set(
    app.routes.filter((r) => r.path.startsWith('/api/v1/') && r.method !== 'ALL').map((r) => `${r.method} ${toOpenApiPath(r.path)}`),
  );
  const documented = new Set(Object.entries(document.paths).flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`)));
  assert.ok(routed.size >= 15, `the API has its routes (${routed.size})`);
  assert.deepEqual([...routed].filter((r) => !documented.has(r)), [], 'routes missing from the document');
  assert.deepEqual([...documented].filter((r) => !routed.has(r)), [], 'documented operations without a route');
});

/** The zod schema of each documented 200 answer: the schemas the document was generated from. */
function responseSchemas(): Map<string, ZodType | undefined> {
  const api = apiRoutes(database);
  const map = new Map<string, ZodType | undefined>();
  for (const definition of api.openAPIRegistry.definitions) {
    if (definition.type !== 'route') continue;
    const ok = definition.route.responses[200] as { content?: Record<string, { schema?: unknown }> } | undefined;
    map.set(`${definition.route.method.toUpperCase()} ${definition.route.path}`, ok?.content?.['application/json']?.schema as ZodType | undefined);
  }
  return map;
}

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

/** A validator for the 200 answer of a documented GET path, compiled from the served document. */
let ajv: Ajv2020 | undefined;
function documentValidator(path: string) {
  if (!ajv) {
    ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    ajv.addSchema({ ...(document as object), $id: 'openapi.json' });
  }
  const pointer = ['paths', path, 'get', 'responses', '200', 'content', 'application/json', 'schema']
    .map((part) => encodeURIComponent(part.replaceAll('~', '~0').replaceAll('/', '~1')))
    .join('/');
  return ajv.compile({ $ref: `openapi.json#/${pointer}` });
}

test('every documented GET answers for both bundled plans, with a body that matches the document', async () => {
  const schemas = responseSchemas();
  const published: Record<string, number> = { 'sapporo-2nd': 2016, 'sendai-2021': 2021 };
  let checked = 0;
  for (const planCode of ['sapporo-2nd', 'sendai-2021']) {
    const dataset = datasets.find((ds) => ds.plan.code === planCode);
    assert.ok(dataset);
    const values: Record<string, string> = {
      plan: planCode,
      organisation: dataset.organisation.code,
      item: encodeURIComponent(dataset.items[0]?.code ?? ''),
      indicator: encodeURIComponent(dataset.indicators[0]?.code ?? ''),
      fiscalYear: String(published[planCode]),
      catalogueCode: 'civic-support-centre-groups', // the bundled entry both plans' organisations share
    };
    for (const [path, methods] of Object.entries(document.paths)) {
      if (!methods.get || methods.get.security) continue; // signed-in reads: write.test.ts
      const url = path.replace(/\{(\w+)\}/g, (_, name: string) => values[name] ?? `?${name}`) + (path.endsWith('/search') ? `?q=${encodeURIComponent('まちづくり')}&plan=${planCode}` : '');
      const response = await app.request(url);
      assert.equal(response.status, 200, `${url} answers`);
      const schema = schemas.get(`GET ${path}`);
      if (schema) {
        const body: unknown = await response.json();
        const parsed = schema.safeParse(body);
        assert.ok(parsed.success, `${url}: ${parsed.success ? '' : JSON.stringify(parsed.error.issues.slice(0, 3))}`);
        // and against the published document itself, with a JSON Schema 2020-12 validator
        const validate = documentValidator(path);
        assert.ok(validate(body), `${url} against openapi.json: ${JSON.stringify(validate.errors?.slice(0, 3))}`);
      } else {
        assert.match(response.headers.get('content-type') ?? '', /text\/html/, `${url} is the reference page`);
        const html = await response.text();
        for (const documented of Object.keys(document.paths)) assert.ok(html.includes(documented), `the reference page shows ${documented}`);
      }
      checked++;
    }
  }
  assert.ok(checked >= 30);
  // the document's schemas can refuse: a list whose data is not an array does not validate
  assert.equal(documentValidator('/api/v1/organisations')({ data: 'not a list', next: null }), false);
});

test('grade distribution of a published round: shares by the largest remainder, adding up to 100%', async () => {
  type Distribution = { scale: { code: string } | null; groups: { key: string; total: number; rows: { code: string; count: number; share: string; shareText: string }[] }[] };
  const all = (await (await app.request('/api/v1/plans/sendai-2021/rounds/2021/distribution')).json()) as Distribution;
  assert.equal(all.scale?.code, 'sendai-abc');
  // 4 graded items: A 2, B 1, C 1 → 2/4 = 50.0%, 1/4 = 25.0%, 25.0%
  assert.deepEqual(all.groups[0]?.rows.map((r) => [r.code, r.count, r.shareText]), [['A', 2, '50.0%'], ['B', 1, '25.0%'], ['C', 1, '25.0%']]);
  const byField = (await (await app.request('/api/v1/plans/sendai-2021/rounds/2021/distribution?by=top')).json()) as Distribution;
  // 分野1: A, B, C → 33.33…% each; the 0.1 left over goes to the first of equal remainders: 33.4 + 33.3 + 33.3 = 100.0
  const field1 = byField.groups.find((g) => g.key === '1');
  assert.deepEqual(field1?.rows.map((r) => r.share), ['33.4', '33.3', '33.3']);
  assert.equal(byField.groups.find((g) => g.key === '2')?.total, 1);
  const sapporo = (await (await app.request('/api/v1/plans/sapporo-2nd/rounds/2016/distribution')).json()) as Distribution;
  assert.equal(sapporo.scale, null, 'Sapporo grades nothing: no scale, no groups');
  assert.equal((await app.request('/api/v1/plans/sendai-2021/rounds/2021/distribution?by=ward')).status, 422);
});

test('cursors walk every observation exactly once, even when a row is added between pages', async () => {
  const dataset = datasets.find((ds) => ds.plan.code === 'sendai-2016');
  assert.ok(dataset);
  const expected = dataset.indicators.reduce((n, i) => n + i.observations.length, 0);
  const seen: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  let added = false;
  do {
    const url: string = `/api/v1/plans/sendai-2016/observations?limit=5${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const page = (await (await app.request(url)).json()) as { data: { indicatorCode: string; fiscalYear: number; kind: string }[]; next: string | null };
    seen.push(...page.data.map((o) => `${o.indicatorCode}|${o.fiscalYear}|${o.kind}`));
    cursor = page.next;
    pages++;
    if (!added) {
      // a new observation after the first page: it comes at the end, nothing shifts
      const [indicator] = await database.db.select().from(indicators).innerJoin(plans, eq(plans.id, indicators.planId)).where(eq(plans.code, 'sendai-2016')).limit(1);
      assert.ok(indicator);
      await database.db.insert(observations).values({ indicatorId: indicator.indicators.id, fiscalYear: 2099, kind: 'estimate', value: '1', text: '1' });
      added = true;
    }
  } while (cursor);
  assert.equal(seen.length, expected + 1);
  assert.equal(new Set(seen).size, seen.length, 'no row twice');
  assert.equal(pages, Math.ceil((expected + 1) / 5));
  await database.db.delete(observations).where(eq(observations.fiscalYear, 2099));
  const bad = await app.request('/api/v1/plans/sendai-2016/observations?cursor=not-a-cursor');
  assert.equal(bad.status, 422);
});

test('items: tree and flat agree, filters narrow the list', async () => {
  const dataset = datasets.find((ds) => ds.plan.code === 'sendai-2021');
  assert.ok(dataset);
  const tree = (await (await app.request('/api/v1/plans/sendai-2021/tree')).json()) as { items: { itemCode: string; children: unknown[] }[] };
  const count = (nodes: { children: unknown[] }[]): number => nodes.reduce((n, node) => n + 1 + count(node.children as { children: unknown[] }[]), 0);
  assert.equal(count(tree.items), dataset.items.length);
  assert.deepEqual(tree.items.map((i) => i.itemCode), dataset.items.filter((i) => i.parent === null).map((i) => i.code));
  const flat = (await (await app.request('/api/v1/plans/sendai-2021/items?limit=500')).json()) as { data: unknown[] };
  assert.equal(flat.data.length, dataset.items.length);
  const isNew = (await (await app.request('/api/v1/plans/sendai-2021/items?limit=500&new=true')).json()) as { data: { isNew: boolean }[] };
  assert.equal(isNew.data.length, dataset.items.filter((i) => i.isNew).length);
  assert.ok(isNew.data.every((i) => i.isNew));
  const top = (await (await app.request('/api/v1/plans/sendai-2021/items?parent=')).json()) as { data: unknown[] };
  assert.equal(top.data.length, 3, 'Sendai 2021 has 3 分野');
});

test('conditional GET: ETag and Last-Modified, 304 on If-None-Match and If-Modified-Since; CORS on GET', async () => {
  const request = (headers: Record<string, string>) => app.request('/api/v1/plans/sapporo-2nd', { headers: { origin: 'https://example.org', ...headers } });
  const byEtag = await revalidate(request, 'if-none-match');
  assert.equal(byEtag.first.status, 200);
  assert.equal(byEtag.first.headers.get('access-control-allow-origin'), '*');
  const etag = byEtag.first.headers.get('etag');
  assert.ok(etag && etag.startsWith('W/"'));
  assert.ok(byEtag.first.headers.get('last-modified'));
  assert.equal(byEtag.second.status, 304);
  assert.equal(byEtag.second.headers.get('etag'), etag);
  assert.equal(await byEtag.second.text(), '');
  assert.equal((await revalidate(request, 'if-modified-since')).second.status, 304);
  assert.equal((await app.request('/api/v1/plans/sapporo-2nd', { headers: { 'if-none-match': 'W/"other"' } })).status, 200);
  assert.equal((await app.request('/api/v1/plans/sapporo-2nd', { headers: { 'if-modified-since': 'Thu, 01 Jan 2015 00:00:00 GMT' } })).status, 200);
  const preflight = await app.request('/api/v1/plans', { method: 'OPTIONS', headers: { origin: 'https://example.org', 'access-control-request-method': 'GET' } });
  assert.equal(preflight.status, 204);
  assert.match(preflight.headers.get('access-control-allow-methods') ?? '', /GET/);
});

test('errors are RFC 9457 problem details, in one shape', async () => {
  for (const [path, status, code] of [
    ['/api/v1/plans/nagoya-2030', 404, 'PLAN_NOT_FOUND'],
    ['/api/v1/no-such-thing', 404, 'NOT_FOUND'],
    ['/api/v1/plans/sapporo-2nd/items?limit=9999', 422, 'INVALID_INPUT'],
    ['/api/v1/plans/sendai-2021/rounds/2025/evaluations', 404, 'ROUND_NOT_PUBLISHED'],
  ] as const) {
    const response = await app.request(path);
    assert.equal(response.status, status, path);
    assert.match(response.headers.get('content-type') ?? '', /^application\/problem\+json/);
    const body = (await response.json()) as Record<string, unknown>;
    assert.deepEqual(Object.keys(body).filter((k) => ['type', 'title', 'status', 'detail', 'instance'].includes(k)).sort(), ['detail', 'instance', 'status', 'title', 'type']);
    assert.equal(body.status, status);
    assert.equal(body.code, code);
    assert.equal(body.instance, path.split('?')[0]);
    assert.equal(typeof body.detail, 'string');
  }
});
