// Open data downloads: per plan, per organisation and for everything, as CSV (UTF-8 with BOM),
// JSON and one Excel workbook; the column dictionary and the licence. Streams, with ETag and
// Last-Modified (304 when unchanged) and CORS for any origin.
import { Hono, type Context } from 'hono';
import { requires } from '../auth/middleware.js';
import type { Database } from '../db/client.js';
import { AppError } from '../errors.js';
import { conditionalGet, publicCors, type PlanVersionSource, type PublicEnv } from '../api/http-cache.js';
import { csvStream, dictionaryCsv, excelStream, jsonStream } from './formats.js';
import { planDirectory, scopeTitle, type Scope } from './opendata.repository.js';
import { LICENCE_NOTICE, TABLE_NAMES, type TableName } from './tables.js';
import { DIRECTORY_PAGE_SIZE, OpenDataPage } from './opendata-page.js';
import { listCatalogue } from '../compare/compare.repository.js';
import { pageMeta } from '../portal/portal.routes.js';
import { listQuery } from '../web/list-query.js';

const FILE = /^(items|indicators|targets|observations|grades)\.(csv|json)$/;
const ALLOWED = `${TABLE_NAMES.map((t) => `${t}.csv, ${t}.json`).join(', ')}, data.xlsx`;

const CONTENT_TYPES = {
  csv: 'text/csv; charset=utf-8; header=present',
  json: 'application/json; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;

function scopeOf(kind: string, code: string | undefined): Scope {
  if (kind === 'plans' && code) return { kind: 'plan', code };
  if (kind === 'organisations' && code) return { kind: 'organisation', code };
  return { kind: 'all' };
}

function downloadName(scope: Scope, file: string): string {
  return `shinchoku-${scope.kind === 'all' ? 'all' : scope.code}-${file}`;
}

export function openDataRoutes(database: Database, plans?: PlanVersionSource) {
  const app = new Hono<PublicEnv>();
  app.use('/opendata/*', publicCors());
  app.use('/opendata/*', conditionalGet(database.version, plans));
  app.use('/opendata', conditionalGet(database.version));
  app.use('/en/opendata', conditionalGet(database.version));

  // the plans in pages of DIRECTORY_PAGE_SIZE, narrowed by a word (a national service has 1,741 organisations)
  for (const [path, lang] of [['/opendata', 'ja'], ['/en/opendata', 'en']] as const) {
    app.get(path, requires('public'), async (c) => {
      const { q, page } = listQuery(c);
      const directory = await planDirectory(database.db, { q, offset: (page - 1) * DIRECTORY_PAGE_SIZE, limit: DIRECTORY_PAGE_SIZE });
      const catalogue = await listCatalogue(database.db);
      return c.html(<OpenDataPage directory={{ ...directory, q, page }} catalogue={catalogue} asOf={c.get('asOf')} lang={lang} meta={pageMeta(c)} />);
    });
  }

  app.get('/opendata/columns.csv', requires('public'), (c) =>
    c.body(dictionaryCsv(), 200, { 'content-type': CONTENT_TYPES.csv, 'content-disposition': 'attachment; filename="shinchoku-columns.csv"' }),
  );
  app.get('/opendata/license.txt', requires('public'), (c) => c.text(`${LICENCE_NOTICE}\n`));

  const download = async (c: Context<PublicEnv>, scope: Scope, file: string) => {
    const title = await scopeTitle(database.db, scope);
    if (title === undefined) {
      if (scope.kind === 'plan') throw new AppError('PLAN_NOT_FOUND', { code: scope.code });
      if (scope.kind === 'organisation') throw new AppError('ORGANISATION_NOT_FOUND', { code: scope.code });
    }
    const meta = { title: title ?? '全データ', generatedAt: c.get('asOf') };
    const disposition = `attachment; filename="${downloadName(scope, file)}"`;
    if (file === 'data.xlsx') {
      return c.body(excelStream(database.db, scope, meta), 200, { 'content-type': CONTENT_TYPES.xlsx, 'content-disposition': disposition });
    }
    const match = FILE.exec(file);
    if (!match) throw new AppError('OPENDATA_FILE_NOT_FOUND', { file, allowed: ALLOWED });
    const table = match[1] as TableName;
    const format = match[2] as 'csv' | 'json';
    const body = format === 'csv' ? csvStream(database.db, table, scope) : jsonStream(database.db, table, scope, meta);
    return c.body(body, 200, { 'content-type': CONTENT_TYPES[format], 'content-disposition': disposition });
  };

  app.get('/opendata/all/:file', requires('public'), (c) => download(c, { kind: 'all' }, c.req.param('file')));
  app.get('/opendata/:kind{plans|organisations}/:code/:file', requires('public'), (c) =>
    download(c, scopeOf(c.req.param('kind'), c.req.param('code')), c.req.param('file')),
  );
  return app;
}
