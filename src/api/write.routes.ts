// The API's write side: a department's entry of a round (the same saveEntry and policy as the
// entry form) and single observations. Callers authenticate with a per-user API token
// (Authorization: Bearer shk_…, see `shinchoku token create`) or a session cookie (then the
// CSRF header is required, as for forms).
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { Database } from '../db/client.js';
import { AppError } from '../errors.js';
import { formatFiscalYear } from '../domain/wareki.js';
import { inOrganisation, type SessionUser } from '../auth/policy.js';
import { assertCan, requires } from '../auth/middleware.js';
import { apiTokenUser } from '../auth/api-token-user.js';
import { saveEntry, SaveEntryInput } from '../rounds/save-entry.js';
import { findPlanByCode, findRoundOfPlanYear, loadEntryContext, type EntryRow } from '../rounds/rounds.repository.js';
import { listObservations } from '../opendata/opendata.repository.js';
import { observationsTable } from '../opendata/tables.js';
import type { ApiEnv } from './api-env.js';
import { findTokenUser } from './api-tokens.repository.js';
import { RecordValueInput, recordValue } from '../rounds/record-value.js';
import { ObservationSchema, PlanParams, ProblemSchema } from './schemas.js';

const API_BASE = '/api/v1';

/** The caller: the user of a Bearer token, else of the session; neither → 401. */
export async function apiUser(c: Context<ApiEnv>, database: Database): Promise<SessionUser> {
  const header = c.req.header('authorization');
  if (header !== undefined) {
    const token = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
    const found = token ? await findTokenUser(database.db, token) : undefined;
    if (!found) throw new AppError('API_TOKEN_INVALID');
    return found.user;
  }
  const user = c.get('user');
  if (!user) throw new AppError('UNAUTHENTICATED');
  return user;
}

const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: ProblemSchema } } });
const WRITE_ERRORS = {
  400: problem('本文を読めません（JSON の書式が正しくないか、本文が空です）'),
  401: problem('認証が必要です（API トークンが正しくない、失効、期限切れを含む）'),
  403: problem('この項目・指標の入力の権限がありません'),
  404: problem('計画・評価・項目・指標が見つかりません'),
  409: problem('評価の状態により変更できない、または version が古い（他の人が先に更新した）'),
  422: problem('入力に誤りがあります'),
} as const;

export const EntrySchema = z
  .object({
    planCode: z.string(),
    fiscalYear: z.number().int(),
    fiscalYearLabel: z.string(),
    itemCode: z.string(),
    state: z.enum(['not_started', 'in_progress', 'submitted', 'returned', 'approved']),
    version: z.number().int().openapi({ description: '楽観的ロックの版。次の PUT にこの値を渡す' }),
    selfGrade: z.string().nullable(),
    computedGrade: z.string().nullable(),
    disagreementReason: z.string().nullable(),
    finalGrade: z.string().nullable(),
    resultsText: z.string().nullable(),
    planText: z.string().nullable(),
    issuesText: z.string().nullable(),
    updatedAt: z.string(),
  })
  .openapi('Entry', { description: '年度評価の1項目の入力（公表前の下書きを含む。本人と権限のある人だけ）' });

const EntryParams = PlanParams.extend({
  fiscalYear: z.coerce.number().int().min(1868).max(2200).openapi({ param: { name: 'fiscalYear', in: 'path' }, example: 2021 }),
  item: z.string().max(200).openapi({ param: { name: 'item', in: 'path' }, example: '1-(1)-①' }),
});

const EntryBody = z
  .object({
    version: z.number().int().min(1).openapi({ description: '読み込んだときの version（楽観的ロック）' }),
    selfGrade: z.string().max(20).nullable().default(null).openapi({ description: '自己評価（計画の評価尺度の記号: A/B/C など）' }),
    disagreementReason: z.string().max(20000).nullable().default(null).openapi({ description: '自己評価が自動判定と異なる理由' }),
    resultsText: z.string().max(20000).default('').openapi({ description: '取組結果' }),
    planText: z.string().max(20000).default('').openapi({ description: '次年度の取組計画・方向性' }),
    issuesText: z.string().max(20000).default('').openapi({ description: '課題・今後に向けて' }),
    figures: z.record(z.string(), z.string().max(200)).default({}).openapi({ description: '指標コード → その年度の実績（書かれたとおり: 「3,679」「約4億9,600万円」「今後調査」）' }),
    submit: z.boolean().default(false).openapi({ description: 'true で提出（false は下書き保存）' }),
  })
  .openapi('EntryInput', { description: '入力の全体を置き換えます（送らなかった文章は空になります）' });

const ObservationParams = PlanParams.extend({
  indicator: z.string().max(200).openapi({ param: { name: 'indicator', in: 'path' }, example: '1-b' }),
  fiscalYear: z.coerce.number().int().min(1868).max(2200).openapi({ param: { name: 'fiscalYear', in: 'path' }, example: 2017 }),
  kind: z.enum(['actual', 'estimate', 'status']).openapi({ param: { name: 'kind', in: 'path' }, description: '実績 actual / 見込 estimate / 状況 status' }),
});

function presentEntry(planCode: string, fiscalYear: number, itemCode: string, entry: EntryRow): z.infer<typeof EntrySchema> {
  return {
    planCode,
    fiscalYear,
    fiscalYearLabel: formatFiscalYear(fiscalYear),
    itemCode,
    state: entry.state as z.infer<typeof EntrySchema>['state'],
    version: entry.version,
    selfGrade: entry.selfGrade,
    computedGrade: entry.computedGrade,
    disagreementReason: entry.disagreementReason,
    finalGrade: entry.finalGrade,
    resultsText: entry.resultsText,
    planText: entry.planText,
    issuesText: entry.issuesText,
    updatedAt: entry.updatedAt.toISOString(),
  };
}

export function registerWriteRoutes(api: OpenAPIHono<ApiEnv>, database: Database): void {
  api.openAPIRegistry.registerComponent('securitySchemes', 'apiToken', {
    type: 'http',
    scheme: 'bearer',
    description: '利用者ごとの API トークン（`shinchoku token create LOGIN --name 用途` で発行）',
  });
  const security = [{ apiToken: [] }];

  /** The round of a plan the user may see (another organisation's plan is unknown: 404). */
  const roundOf = async (user: SessionUser, planCode: string, fiscalYear: number) => {
    const plan = await findPlanByCode(database.db, planCode);
    if (!plan || !inOrganisation(user, plan.organisationId)) throw new AppError('PLAN_NOT_FOUND', { code: planCode });
    const round = await findRoundOfPlanYear(database.db, plan.id, fiscalYear);
    if (!round) throw new AppError('NOT_FOUND', { what: `${formatFiscalYear(fiscalYear)}の評価` });
    return round;
  };

  api.openapi(
    createRoute({
      method: 'get', path: `${API_BASE}/plans/{plan}/rounds/{fiscalYear}/entries/{item}`, tags: ['入力'], summary: '入力を読む（下書きを含む）', operationId: 'getEntry',
      middleware: [apiTokenUser(database), requires('plan:read_drafts')] as const,
      description: '担当課・確認者・本部・推進委員が、権限のある項目の入力を読みます。PUT の前に version を知るために使います。',
      security,
      request: { params: EntryParams },
      responses: { 200: { description: '入力', content: { 'application/json': { schema: EntrySchema } } }, ...WRITE_ERRORS },
    }),
    async (c) => {
      const { plan, fiscalYear, item } = c.req.valid('param');
      const user = await apiUser(c, database);
      const round = await roundOf(user, plan, fiscalYear);
      const context = await loadEntryContext(database.db, round.id, item);
      if (!context?.entry) throw new AppError('ITEM_NOT_FOUND', { plan, code: item });
      assertCan(user, 'plan:read_drafts', { departmentIds: context.departments.map((d) => d.id), planId: context.plan.id, organisationId: context.plan.organisationId }, 'この入力の閲覧');
      c.header('cache-control', 'private, no-store');
      return c.json(presentEntry(plan, fiscalYear, item, context.entry), 200);
    },
  );

  api.openapi(
    createRoute({
      method: 'put', path: `${API_BASE}/plans/{plan}/rounds/{fiscalYear}/entries/{item}`, tags: ['入力'], summary: '入力を保存・提出する', operationId: 'saveEntry',
      middleware: [apiTokenUser(database), requires('entry:edit')] as const,
      description: '入力画面と同じ処理と権限（担当課は自課の項目だけ）。実績は指標コードごとに書かれたとおりの文字列で送ります。',
      security,
      request: { params: EntryParams, body: { required: true, content: { 'application/json': { schema: EntryBody } } } },
      responses: { 200: { description: '保存後の入力', content: { 'application/json': { schema: EntrySchema } } }, ...WRITE_ERRORS },
    }),
    async (c) => {
      const { plan, fiscalYear, item } = c.req.valid('param');
      const body = c.req.valid('json');
      const user = await apiUser(c, database);
      const round = await roundOf(user, plan, fiscalYear);
      const entry = await database.db.transaction(async (tx) => {
        const context = await loadEntryContext(tx, round.id, item);
        if (!context) throw new AppError('ITEM_NOT_FOUND', { plan, code: item });
        const idByCode = new Map(context.indicators.map(({ indicator }) => [indicator.code, indicator.id]));
        const figures: Record<string, string> = {};
        for (const [code, text] of Object.entries(body.figures)) {
          const id = idByCode.get(code);
          if (id === undefined) throw new AppError('INDICATOR_NOT_FOUND', { plan, code });
          figures[String(id)] = text;
        }
        const input = SaveEntryInput.parse({ ...body, selfGrade: body.selfGrade ?? undefined, disagreementReason: body.disagreementReason ?? undefined, figures });
        return saveEntry(tx, user, round.id, item, input);
      });
      c.header('cache-control', 'private, no-store');
      return c.json(presentEntry(plan, fiscalYear, item, entry), 200);
    },
  );

  api.openapi(
    createRoute({
      method: 'put', path: `${API_BASE}/plans/{plan}/indicators/{indicator}/observations/{fiscalYear}/{kind}`, tags: ['入力'], summary: '実績値を記録する', operationId: 'recordObservation',
      middleware: [apiTokenUser(database), requires('entry:edit')] as const,
      description: '指標のある年度の値を、書かれたとおりの文字列で送ります（「71.7%」「約4億9,600万円」「今後調査」）。読めない値・指標と違う単位は 422。規則は入力画面と同じ: 担当課はその年度の評価が入力中（差し戻された入力は確認中も）のときだけ書け、提出・承認済みの入力の値と、確定・公表した年度の値は 409（公表後の値は本部が訂正で変更します）。',
      security,
      request: { params: ObservationParams, body: { required: true, content: { 'application/json': { schema: RecordValueInput.openapi('ObservationInput') } } } },
      responses: {
        200: { description: '更新した値', content: { 'application/json': { schema: ObservationSchema } } },
        201: { description: '新しく記録した値', content: { 'application/json': { schema: ObservationSchema } } },
        ...WRITE_ERRORS,
      },
    }),
    async (c) => {
      const { plan, indicator, fiscalYear, kind } = c.req.valid('param');
      const input = c.req.valid('json');
      const user = await apiUser(c, database);
      const { created } = await database.db.transaction((tx) => recordValue(tx, user, { planCode: plan, indicatorCode: indicator, fiscalYear, kind }, input));
      const [row] = await listObservations(database.db, { kind: 'plan', code: plan, withDraft: true }, { limit: 1 }, { indicator, fiscalYear, kind });
      if (!row) throw new AppError('INDICATOR_NOT_FOUND', { plan, code: indicator });
      c.header('cache-control', 'private, no-store');
      return c.json(observationsTable.toRecord(row), created ? 201 : 200);
    },
  );
}
