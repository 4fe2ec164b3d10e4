// The API's schemas (zod, with OpenAPI metadata). The same objects validate requests and
// generate /api/v1/openapi.json. The open data records' schemas are built from the open data
// column definitions, so the API and the files cannot drift apart.
import { z } from '@hono/zod-openapi';
import { TABLES, type Column, type TableName } from '../opendata/tables.js';

/** A plain decimal as text: no grouping, no exponent ('2653', '-50.7'). */
export const DECIMAL = /^-?\d+(\.\d+)?$/;

function cellSchema(column: Column) {
  const base =
    column.type === 'integer'
      ? z.number().int()
      : column.type === 'boolean'
        ? z.boolean()
        : column.type === 'decimal'
          ? z.string().regex(DECIMAL)
          : column.type === 'date'
            ? z.string().regex(/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}Z)?$/)
            : z.string();
  const schema = column.type === 'boolean' ? base : base.nullable();
  return schema.openapi({ description: `${column.header}: ${column.description}` });
}

function recordSchema(table: TableName, name: string) {
  const shape = Object.fromEntries(TABLES[table].columns.map((c) => [c.key, cellSchema(c)]));
  return z.object(shape).openapi(name, { description: `${TABLES[table].title}（${TABLES[table].description}）。オープンデータの ${table}.csv / ${table}.json の1行と同じ内容` });
}

export const ItemSchema = recordSchema('items', 'Item');
export const IndicatorRecordSchema = recordSchema('indicators', 'IndicatorRecord');
export const TargetSchema = recordSchema('targets', 'Target');
export const ObservationSchema = recordSchema('observations', 'Observation');
export const EvaluationSchema = recordSchema('grades', 'Evaluation');

export const IndicatorSchema = IndicatorRecordSchema.extend({
  targets: z.array(TargetSchema),
  observations: z.array(ObservationSchema),
}).openapi('Indicator', { description: '指標と、その目標値・実績値' });

export const ItemDetailSchema = ItemSchema.extend({ indicators: z.array(IndicatorSchema) }).openapi('ItemDetail', { description: '項目と、その指標（目標値・実績値つき）' });

/** An item with the items below it; the record's keys are those of Item, plus `children`. */
export const ItemNodeSchema: z.ZodType<Record<string, unknown>> = ItemSchema.extend({
  children: z.array(z.lazy(() => ItemNodeSchema)),
}).openapi('ItemNode', { description: '項目と、その下の項目（木構造）' }) as unknown as z.ZodType<Record<string, unknown>>;

export const OrganisationSchema = z
  .object({
    code: z.string().openapi({ example: 'sapporo' }),
    name: z.string().openapi({ example: '札幌市' }),
    nameEn: z.string().nullable(),
    kind: z.string(),
    localGovernmentCode: z.string().nullable().openapi({ description: '全国地方公共団体コード' }),
    planCount: z.number().int(),
  })
  .openapi('Organisation');

export const PlanSchema = z
  .object({
    code: z.string().openapi({ example: 'sapporo-2nd' }),
    title: z.string(),
    shortTitle: z.string().nullable(),
    description: z.string().nullable(),
    organisationCode: z.string(),
    organisationName: z.string(),
    localGovernmentCode: z.string().nullable(),
    periodStartFiscalYear: z.number().int(),
    periodStartFiscalYearLabel: z.string(),
    periodEndFiscalYear: z.number().int(),
    periodEndFiscalYearLabel: z.string(),
    status: z.string(),
    levelNames: z.array(z.string()),
    sdgGoals: z.array(z.number().int()),
    upperPlans: z.array(z.string()),
    scale: z.object({ code: z.string(), name: z.string() }).nullable(),
    itemCount: z.number().int(),
    indicatorCount: z.number().int(),
    updatedAt: z.string(),
  })
  .openapi('Plan');

export const RoundSchema = z
  .object({
    planCode: z.string(),
    fiscalYear: z.number().int(),
    fiscalYearLabel: z.string(),
    publishedAt: z.string().nullable(),
    entryCount: z.number().int(),
  })
  .openapi('Round', { description: '公表済みの年度評価' });

export const DistributionRowSchema = z
  .object({
    code: z.string(),
    label: z.string(),
    color: z.string(),
    count: z.number().int(),
    share: z.string().regex(DECIMAL).openapi({ description: '割合（%）。最大剰余法で合計がちょうど100になるよう丸めた値' }),
    shareText: z.string().openapi({ example: '33.3%' }),
  })
  .openapi('DistributionRow');

export const DistributionSchema = z
  .object({
    planCode: z.string(),
    fiscalYear: z.number().int(),
    fiscalYearLabel: z.string(),
    by: z.enum(['all', 'top', 'department']),
    scale: z.object({ code: z.string(), name: z.string() }).nullable().openapi({ description: '計画の評価尺度。尺度のない計画では null で、groups は空' }),
    groups: z.array(
      z.object({
        key: z.string(),
        label: z.string(),
        total: z.number().int(),
        excluded: z.number().int(),
        ungraded: z.number().int(),
        notApproved: z.number().int().openapi({ description: '公表時に承認されていなかった項目の数（未承認: 分布に数えない）' }),
        rows: z.array(DistributionRowSchema),
      }),
    ),
  })
  .openapi('Distribution', { description: '評価の分布（承認された評価だけ。確定評価、なければ自己評価、なければ算定評価を数える）' });

export const SearchHitSchema = z
  .object({
    kind: z.enum(['item', 'indicator']),
    organisationCode: z.string(),
    organisationName: z.string(),
    planCode: z.string(),
    planTitle: z.string(),
    code: z.string(),
    itemCode: z.string(),
    name: z.string(),
    description: z.string().nullable(),
  })
  .openapi('SearchHit');

export const ProblemSchema = z
  .object({
    type: z.string().openapi({ example: '/api/v1/reference#problem-PLAN_NOT_FOUND' }),
    title: z.string().openapi({ example: '見つかりません' }),
    status: z.number().int().openapi({ example: 404 }),
    detail: z.string().openapi({ example: '計画「nagoya-2030」は登録されていません' }),
    instance: z.string().openapi({ example: '/api/v1/plans/nagoya-2030' }),
    code: z.string().openapi({ example: 'PLAN_NOT_FOUND' }),
    requestId: z.string().optional(),
  })
  .openapi('Problem', { description: 'RFC 9457 problem details' });

export function pageSchema<T extends z.ZodType>(item: T, name: string) {
  return z
    .object({
      data: z.array(item),
      next: z.string().nullable().openapi({ description: '次のページの cursor。最後のページでは null' }),
    })
    .openapi(name);
}

// ───────────────────────────── parameters ─────────────────────────────

export const PageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100).openapi({ param: { name: 'limit', in: 'query' }, description: '1ページの件数（1〜500、既定 100）' }),
  cursor: z.string().max(500).optional().openapi({ param: { name: 'cursor', in: 'query' }, description: '前のページの next の値' }),
});

const flag = (name: string, description: string) =>
  z.enum(['true', 'false']).optional().transform((v) => (v === undefined ? undefined : v === 'true')).openapi({ param: { name, in: 'query' }, description });

export const ItemQuery = PageQuery.extend({
  depth: z.coerce.number().int().min(0).max(20).optional().openapi({ param: { name: 'depth', in: 'query' }, description: '階層（0 が最上位）' }),
  parent: z.string().max(200).optional().openapi({ param: { name: 'parent', in: 'query' }, description: '親項目コード（空文字で最上位の項目）' }),
  department: z.string().max(200).optional().openapi({ param: { name: 'department', in: 'query' }, description: '担当課のコードまたは名称' }),
  priority: flag('priority', '重点（◎）の項目だけ（true）または重点以外（false）'),
  new: flag('new', '新規の項目だけ（true）または新規以外（false）'),
  partnerProject: flag('partnerProject', '地域づくりパートナープロジェクトの項目だけ（true）'),
  q: z.string().min(1).max(200).optional().openapi({ param: { name: 'q', in: 'query' }, description: '名称・説明に含まれる語' }),
});

export const IndicatorQuery = PageQuery.extend({
  item: z.string().max(200).optional().openapi({ param: { name: 'item', in: 'query' }, description: '項目コード' }),
});

export const TargetQuery = IndicatorQuery.extend({
  indicator: z.string().max(200).optional().openapi({ param: { name: 'indicator', in: 'query' }, description: '指標コード' }),
});

export const ObservationQuery = TargetQuery.extend({
  fiscalYear: z.coerce.number().int().min(1868).max(2200).optional().openapi({ param: { name: 'fiscalYear', in: 'query' }, description: '年度（西暦の年度）' }),
  kind: z.enum(['actual', 'estimate', 'status']).optional().openapi({ param: { name: 'kind', in: 'query' }, description: '値区分（実績 actual / 見込 estimate / 状況 status）' }),
});

export const EvaluationQuery = PageQuery.extend({
  item: z.string().max(200).optional().openapi({ param: { name: 'item', in: 'query' }, description: '項目コード' }),
});

export const DistributionQuery = z.object({
  by: z.enum(['all', 'top', 'department']).default('all').openapi({ param: { name: 'by', in: 'query' }, description: 'all: 計画全体、top: 最上位の項目（分野・基本目標）ごと、department: 担当課ごと' }),
});

export const PlanListQuery = PageQuery.extend({
  organisation: z.string().max(100).optional().openapi({ param: { name: 'organisation', in: 'query' }, description: '団体コード' }),
});

export const SearchQuery = z.object({
  q: z.string().min(1).max(200).openapi({ param: { name: 'q', in: 'query' }, description: '検索語（項目・指標の名称、説明）' }),
  plan: z.string().max(100).optional().openapi({ param: { name: 'plan', in: 'query' }, description: '計画コードで絞り込む' }),
  organisation: z.string().max(100).optional().openapi({ param: { name: 'organisation', in: 'query' }, description: '団体コードで絞り込む' }),
  limit: PageQuery.shape.limit,
  cursor: PageQuery.shape.cursor,
});

export const OrganisationParams = z.object({ organisation: z.string().max(100).openapi({ param: { name: 'organisation', in: 'path' }, example: 'sapporo' }) });
export const PlanParams = z.object({ plan: z.string().max(100).openapi({ param: { name: 'plan', in: 'path' }, example: 'sapporo-2nd' }) });
export const ItemParams = PlanParams.extend({ item: z.string().max(200).openapi({ param: { name: 'item', in: 'path' }, example: '1' }) });
export const IndicatorParams = PlanParams.extend({ indicator: z.string().max(200).openapi({ param: { name: 'indicator', in: 'path' }, example: '1-a' }) });
export const RoundParams = PlanParams.extend({
  fiscalYear: z.coerce.number().int().min(1868).max(2200).openapi({ param: { name: 'fiscalYear', in: 'path' }, example: 2016, description: '評価の対象年度（西暦の年度）' }),
});
