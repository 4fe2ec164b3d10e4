// The comparison across cities as data: GET /api/v1/compare (the shared catalogue) and
// GET /api/v1/compare/{catalogueCode} (every public linked indicator with its values by fiscal
// year, as stored, in the catalogue's unit and per 100,000 residents). The figures come from the
// same functions as the /compare pages and their CSV (compare.repository.ts → compare-series.ts),
// so the page, the CSV and the API cannot disagree.
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Database } from '../db/client.js';
import { CATALOGUE_KINDS, DIRECTIONS } from '../db/schema.js';
import { AppError } from '../errors.js';
import { formatFiscalYear } from '../domain/wareki.js';
import { codeSegment } from '../portal/i18n.js';
import { listCatalogue, loadComparisonPage } from '../compare/compare.repository.js';
import { PER_CAPITA_BASE, PER_CAPITA_DECIMALS, type CatalogueEntryInput, type Comparison, type ComparisonSeries } from '../compare/compare-series.js';
import { compareApiPath, compareCsvPath, comparePagePath } from '../compare/compare-urls.js';
import type { ApiEnv } from './api-env.js';
import { DECIMAL, PageQuery, ProblemSchema } from './schemas.js';
import { decodeCursor, encodeCursor } from './cursor.js';

const API_BASE = '/api/v1';

const decimal = (description: string) => z.string().regex(DECIMAL).nullable().openapi({ description });

export const CompareEntrySchema = z
  .object({
    code: z.string().openapi({ example: 'civic-support-centre-groups' }),
    name: z.string().openapi({ example: '市民活動サポートセンターの登録・利用団体数' }),
    nameEn: z.string().nullable(),
    unit: z.string().openapi({ description: '比べる単位（各団体の値は換算係数を掛けてこの単位にそろえます）', example: '団体' }),
    kind: z.enum(CATALOGUE_KINDS).openapi({ description: 'count（件数・団体数など）、amount（金額など）、ratio（割合）。ratio には人口あたりの値がありません' }),
    direction: z.enum(DIRECTIONS).openapi({ description: '望ましい方向（up 上昇 / down 低下 / maintain 維持）' }),
    description: z.string().nullable(),
    organisationCount: z.number().int().openapi({ description: '対応付けられている団体の数（策定中の計画を除く）' }),
    perCapita: z.boolean().openapi({ description: '人口10万人あたりの値を示す種類か（ratio 以外）' }),
    pageUrl: z.string().openapi({ example: '/compare/civic-support-centre-groups' }),
    pageUrlEn: z.string().openapi({ example: '/en/compare/civic-support-centre-groups' }),
    csvUrl: z.string().openapi({ description: '比較表の CSV（UTF-8 BOM 付き）', example: '/compare/civic-support-centre-groups.csv' }),
    apiUrl: z.string().openapi({ example: '/api/v1/compare/civic-support-centre-groups' }),
  })
  .openapi('CompareEntry', { description: '都市間比較の共通指標（datasets/catalogue.json とその追加・修正）' });

export const CompareValueSchema = z
  .object({
    fiscalYear: z.number().int().openapi({ example: 2016 }),
    fiscalYearLabel: z.string().openapi({ example: '平成28年度' }),
    kind: z.string().openapi({ description: '値区分（actual 実績 / estimate 見込 / status 状況）。同じ年度に複数あるときは実績、見込、状況の順に1つ', example: 'actual' }),
    valueAsStored: decimal('計画に記録された値（その団体の指標の単位）。値がない年度は null で、missingReason に理由'),
    value: decimal('共通指標の単位の値（valueAsStored × unitFactor）'),
    perCapita: decimal('人口10万人あたり（value ÷ population × 100,000 を小数第1位で四捨五入）。ratio の指標、人口の登録がない団体では null'),
    textAsWritten: z.string().openapi({ description: '計画書の表記', example: '2,653団体' }),
    asOf: z.string().nullable().openapi({ description: '時点（状況の値など）' }),
    missingReason: z.string().nullable(),
  })
  .openapi('CompareValue', { description: '1つの年度の値（公表済みの値だけ）' });

export const CompareTargetSchema = z
  .object({
    kind: z.string().openapi({ example: 'every_year_min' }),
    fiscalYear: z.number().int().nullable().openapi({ description: '目標の年度。毎年度の目標では null' }),
    fiscalYearLabel: z.string().nullable(),
    value: decimal('共通指標の単位の目標値（目標値 × unitFactor）'),
    bandLow: decimal('維持の幅の下限（共通指標の単位）'),
    bandHigh: decimal('維持の幅の上限（共通指標の単位）'),
    perCapita: decimal('目標値の人口10万人あたり'),
    text: z.string().nullable(),
    setBy: z.string(),
  })
  .openapi('CompareTarget');

export const CompareSeriesSchema = z
  .object({
    organisationCode: z.string().openapi({ example: 'sapporo' }),
    organisationName: z.string().openapi({ example: '札幌市' }),
    organisationNameEn: z.string().nullable(),
    planCode: z.string().openapi({ example: 'sapporo-2nd' }),
    planTitle: z.string(),
    itemCode: z.string(),
    itemUrl: z.string().openapi({ description: 'この指標がある項目のページ', example: '/plans/sapporo-2nd/items/2' }),
    indicatorCode: z.string().openapi({ example: '2-a' }),
    indicatorName: z.string().openapi({ example: '市民活動サポートセンター登録団体数' }),
    indicatorUnit: z.string().nullable(),
    unitFactor: z.string().regex(DECIMAL).openapi({ description: 'この指標の値を共通指標の単位にする換算係数（千円 → 円なら 1000）', example: '1' }),
    note: z.string().nullable().openapi({ description: 'この団体の定義の違い' }),
    population: z.number().int().nullable().openapi({ description: '団体の人口（人口あたりの値の分母）', example: 1973395 }),
    populationAsOf: z.string().nullable().openapi({ example: '2020-10-01' }),
    populationSource: z.string().nullable().openapi({ example: '令和2年国勢調査' }),
    values: z.array(CompareValueSchema),
    targets: z.array(CompareTargetSchema),
  })
  .openapi('CompareSeries', { description: '1つの団体・計画の指標の系列' });

export const ComparisonSchema = z
  .object({
    entry: CompareEntrySchema,
    perCapitaBase: z.number().int().openapi({ description: '人口あたりの値の人数', example: PER_CAPITA_BASE }),
    perCapitaDecimals: z.number().int().openapi({ description: '人口あたりの値の小数の桁数（四捨五入）', example: PER_CAPITA_DECIMALS }),
    years: z.array(z.number().int()).openapi({ description: 'このページのいずれかの系列に値か年度の目標がある年度（昇順）' }),
    series: z.array(CompareSeriesSchema).openapi({ description: '団体コード順。1ページに limit 団体まで（1団体の系列はすべて同じページ）' }),
    next: z.string().nullable().openapi({ description: '次のページの cursor。最後のページでは null' }),
  })
  .openapi('Comparison', { description: '共通指標の都市間比較。/compare/{code} のページと CSV と同じ数値' });

export const ComparisonQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100).openapi({ param: { name: 'limit', in: 'query' }, description: '1ページの団体の数（1〜500、既定 100）' }),
  cursor: PageQuery.shape.cursor,
});

export const CatalogueParams = z.object({
  catalogueCode: z.string().max(100).openapi({ param: { name: 'catalogueCode', in: 'path' }, example: 'civic-support-centre-groups' }),
});

function presentEntry(entry: CatalogueEntryInput, organisationCount: number): z.infer<typeof CompareEntrySchema> {
  return {
    code: entry.code,
    name: entry.name,
    nameEn: entry.nameEn,
    unit: entry.unit,
    kind: entry.kind,
    direction: entry.direction as z.infer<typeof CompareEntrySchema>['direction'],
    description: entry.description,
    organisationCount,
    perCapita: entry.kind !== 'ratio',
    pageUrl: comparePagePath(entry.code),
    pageUrlEn: comparePagePath(entry.code, 'en'),
    csvUrl: compareCsvPath(entry.code),
    apiUrl: compareApiPath(entry.code),
  };
}

function presentSeries(series: ComparisonSeries): z.infer<typeof CompareSeriesSchema> {
  return {
    organisationCode: series.organisation.code,
    organisationName: series.organisation.name,
    organisationNameEn: series.organisation.nameEn,
    planCode: series.plan.code,
    planTitle: series.plan.title,
    itemCode: series.indicator.itemCode,
    itemUrl: `/plans/${series.plan.code}/items/${codeSegment(series.indicator.itemCode)}`,
    indicatorCode: series.indicator.code,
    indicatorName: series.indicator.name,
    indicatorUnit: series.indicator.unit,
    unitFactor: series.unitFactor,
    note: series.note,
    population: series.organisation.population,
    populationAsOf: series.organisation.populationAsOf,
    populationSource: series.organisation.populationSource,
    values: series.points.map((p) => ({
      fiscalYear: p.fiscalYear,
      fiscalYearLabel: formatFiscalYear(p.fiscalYear),
      kind: p.kind,
      valueAsStored: p.valueAsStored,
      value: p.value,
      perCapita: p.perCapita,
      textAsWritten: p.textAsWritten,
      asOf: p.asOf,
      missingReason: p.missingReason,
    })),
    targets: series.targets.map((t) => ({
      kind: t.kind,
      fiscalYear: t.fiscalYear,
      fiscalYearLabel: t.fiscalYear === null ? null : formatFiscalYear(t.fiscalYear),
      value: t.value,
      bandLow: t.bandLow,
      bandHigh: t.bandHigh,
      perCapita: t.perCapita,
      text: t.text,
      setBy: t.setBy,
    })),
  };
}

export function presentComparison(comparison: Comparison, next: string | null): z.infer<typeof ComparisonSchema> {
  return {
    entry: presentEntry(comparison.entry, comparison.organisationCount),
    perCapitaBase: PER_CAPITA_BASE,
    perCapitaDecimals: PER_CAPITA_DECIMALS,
    years: comparison.years,
    series: comparison.series.map(presentSeries),
    next,
  };
}

const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } });
const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: ProblemSchema } } });
const NOT_MODIFIED = { description: '変更なし（If-None-Match / If-Modified-Since に一致）' };

export function registerCompareRoutes(api: OpenAPIHono<ApiEnv>, database: Database): void {
  api.openapi(
    createRoute({
      method: 'get', path: `${API_BASE}/compare`, tags: ['都市間比較'], summary: '都市間比較の共通指標の一覧', operationId: 'listCatalogue',
      description: '比べられる共通指標と、対応付けられている団体の数（ページ分けなし）。',
      responses: {
        200: json(z.object({ data: z.array(CompareEntrySchema) }).openapi('CompareEntryList'), '共通指標の一覧'),
        304: NOT_MODIFIED,
      },
    }),
    async (c) => {
      const entries = await listCatalogue(database.db);
      return c.json({ data: entries.map((entry) => presentEntry(entry, entry.organisations)) }, 200);
    },
  );

  api.openapi(
    createRoute({
      method: 'get', path: `${API_BASE}/compare/{catalogueCode}`, tags: ['都市間比較'], summary: '共通指標の都市間比較', operationId: 'getComparison',
      description:
        '共通指標に対応付けられた各団体・計画の指標と、年度ごとの公表済みの値（計画の値、共通指標の単位の値、人口10万人あたりの値）と目標。' +
        '策定中の計画と公表前の年度の値は含みません。/compare/{catalogueCode} のページ、CSV と同じ数値です。' +
        '団体コード順に limit 団体ずつ返します。next があれば cursor に渡して続きを読みます（entry.organisationCount が全体の団体の数）。',
      request: { params: CatalogueParams, query: ComparisonQuery },
      responses: { 200: json(ComparisonSchema, '都市間比較'), 304: NOT_MODIFIED, 404: problem('共通指標が見つかりません'), 422: problem('パラメータに誤りがあります') },
    }),
    async (c) => {
      const { catalogueCode } = c.req.valid('param');
      const { limit, cursor } = c.req.valid('query');
      const after = cursor === undefined ? undefined : decodeCursor(cursor, { organisation: 'string' }).organisation;
      const found = await loadComparisonPage(database.db, catalogueCode, { after, limit });
      if (!found) throw new AppError('CATALOGUE_ENTRY_NOT_FOUND', { code: catalogueCode });
      return c.json(presentComparison(found.comparison, found.last === null ? null : encodeCursor({ organisation: found.last })), 200);
    },
  );
}
