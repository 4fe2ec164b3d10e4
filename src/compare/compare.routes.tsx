// Public comparison pages (no login): /compare lists the shared catalogue, /compare/:code compares
// organisations on one entry (chart + table), /compare/:code.csv is the same table as CSV.
// Every page exists in Japanese (/compare…) and English (/en/compare…).
import { Hono } from 'hono';
import type { Database } from '../db/client.js';
import { AppError } from '../errors.js';
import { requires, type AuthVariables } from '../auth/middleware.js';
import { csvRow, UTF8_BOM } from '../shared/csv.js';
import { codeSegment, type Lang } from '../portal/i18n.js';
import { PageCache } from '../portal/page-cache.js';
import { publicOrigin } from '../web/public-origin.js';
import { pageMeta } from '../portal/portal.routes.js';
import { listQuery } from '../web/list-query.js';
import { listCatalogue, loadComparison, loadComparisonView } from './compare.repository.js';
import { CompareListPage, ComparePage } from './compare-pages.js';
import type { Comparison } from './compare-series.js';
import { compareCsvPath } from './compare-urls.js';

type Env = { Variables: AuthVariables };

const PREFIXES: readonly [string, Lang][] = [
  ['', 'ja'],
  ['/en', 'en'],
];

/** Organisations shown on one comparison page: a chart of more lines cannot be read. */
export const COMPARE_PER_PAGE = 12;

async function comparisonOr404(database: Database, code: string): Promise<Comparison> {
  const comparison = await loadComparison(database.db, code);
  if (!comparison) throw new AppError('NOT_FOUND', { what: `共通指標「${code}」` });
  return comparison;
}

/** The comparison table as CSV rows: one per organisation's indicator and fiscal year, then its targets. */
export function comparisonCsv(comparison: Comparison, origin: string): string {
  const { entry } = comparison;
  let body = UTF8_BOM + csvRow([
    'catalogue_code', 'catalogue_name', 'organisation_code', 'organisation_name', 'plan_code', 'indicator_code', 'indicator_name',
    'row', 'fiscal_year', 'kind', 'value', 'unit', 'per_100000_residents', 'population', 'population_as_of', 'population_source',
    'text_as_written', 'as_of', 'missing_reason', 'unit_factor', 'definition_note', 'item_url',
  ]);
  for (const s of comparison.series) {
    const common = [entry.code, entry.name, s.organisation.code, s.organisation.name, s.plan.code, s.indicator.code, s.indicator.name] as const;
    const basis = [s.perCapitaBasis?.population ?? null, s.perCapitaBasis?.asOf ?? null, s.perCapitaBasis?.source ?? null] as const;
    const tail = [s.unitFactor, s.note, `${origin}/plans/${s.plan.code}/items/${codeSegment(s.indicator.itemCode)}`] as const;
    for (const p of s.points) {
      body += csvRow([...common, 'value', p.fiscalYear, p.kind, p.value, entry.unit, p.perCapita, ...basis, p.textAsWritten, p.asOf, p.missingReason, ...tail]);
    }
    for (const t of s.targets) {
      body += csvRow([...common, 'target', t.fiscalYear, t.kind, t.value, entry.unit, t.perCapita, ...basis, t.text, null, null, ...tail]);
    }
  }
  return body;
}

export function compareRoutes(database: Database, cache = new PageCache(database.version)) {
  const app = new Hono<Env>();

  app.get('/compare/:csvFile{[a-z0-9-]+\\.csv}', requires('public'), async (c) => {
    const code = c.req.param('csvFile').replace(/\.csv$/, '');
    const comparison = await comparisonOr404(database, code);
    c.header('content-type', 'text/csv; charset=utf-8');
    c.header('content-disposition', `attachment; filename="compare-${code}.csv"`);
    return c.body(comparisonCsv(comparison, publicOrigin(c.req.url)));
  });

  for (const [prefix, lang] of PREFIXES) {
    app.get(`${prefix}/compare`, requires('public'), (c) => cache.serve(c, async () =>
      c.html(<CompareListPage lang={lang} meta={pageMeta(c)} entries={await listCatalogue(database.db)} />),
    ));

    // organisations COMPARE_PER_PAGE at a time, narrowed by a name (a national catalogue entry has hundreds)
    app.get(`${prefix}/compare/:catalogueCode{[a-z0-9-]+}`, requires('public'), (c) => cache.serve(c, async () => {
      const code = c.req.param('catalogueCode');
      const { q, page } = listQuery(c);
      const loaded = await loadComparisonView(database.db, code, { q, page, perPage: COMPARE_PER_PAGE });
      if (!loaded) throw new AppError('NOT_FOUND', { what: `共通指標「${code}」` });
      const { comparison, view } = loaded;
      return c.html(
        <ComparePage
          lang={lang}
          meta={pageMeta(c, { description: comparison.entry.description ?? comparison.entry.name })}
          comparison={comparison}
          csvHref={compareCsvPath(comparison.entry.code)}
          view={view}
        />,
      );
    }));
  }

  return app;
}
