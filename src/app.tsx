// Composes the web application: middleware, routes of each domain, errors.
// Route handlers stay thin: parse, check, call one function, present.
import { HTTPException } from 'hono/http-exception';
import { Hono } from 'hono';
import { serveStatic } from '@hono/node-server/serve-static';
import { randomUUID } from 'node:crypto';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database } from './db/client.js';
import { AppError, isAppError } from './errors.js';
import { log } from './log.js';
import { healthRoutes } from './system/health.routes.js';
import { planRoutes } from './plans/plans.routes.js';
import { portalRoutes } from './portal/portal.routes.js';
import { openDataRoutes } from './opendata/opendata.routes.js';
import { apiRoutes } from './api/api.routes.js';
import { notFoundProblem, problemOf, problemResponse } from './api/problem.js';
import { sessionMiddleware, type AuthVariables } from './auth/middleware.js';
import { authRoutes } from './auth/auth.routes.js';
import { roundRoutes } from './rounds/rounds.routes.js';
import { reportRoutes } from './reports/reports.routes.js';
import type { ReportWorker } from './reports/report-worker.js';
import { importRoutes } from './imports/imports.routes.js';
import { compareRoutes } from './compare/compare.routes.js';
import { catalogueAdminRoutes } from './compare/catalogue-admin.routes.js';
import { adminRoutes } from './admin/admin.routes.js';
import { departmentRoutes } from './departments/departments.routes.js';
import { accountRoutes } from './accounts/accounts.routes.js';
import { tokenRoutes } from './api/token.routes.js';
import { versionRoutes } from './versions/versions.routes.js';
import { ErrorPage } from './web/home-page.js';
import { langOfPath } from './portal/i18n.js';
import { requestBodyLimit, securityHeaders } from './system/security-headers.js';
import { gradeStyleRoutes } from './system/grade-styles.js';
import { refuseNul } from './system/refuse-nul.js';
import { publicPageCache, type PageCache } from './portal/page-cache.js';

export interface AppEnv {
  Variables: { requestId: string } & AuthVariables;
}

const PUBLIC_FOLDER = fileURLToPath(new URL('../public', import.meta.url));

/** Services of the running server that routes use (absent in tests that only need the routes). */
export interface AppServices {
  /** The report worker of this process (report downloads wait briefly for their file). */
  reportWorker?: ReportWorker;
  /** The public pages kept (one cache for the plan, portal and comparison pages); the server refreshes and warms it. */
  pages?: PageCache;
}

export function createApp(database: Database, services: AppServices = {}) {
  const app = new Hono<AppEnv>();
  const pages = services.pages ?? publicPageCache(database);

  app.use(async (c, next) => {
    const started = performance.now();
    const requestId = c.req.header('x-request-id') ?? randomUUID();
    c.set('requestId', requestId);
    await next();
    c.res.headers.set('x-request-id', requestId); // on the response as it is (c.header would rebuild it)
    log.request(requestId, c.req.method, c.req.path, c.res.status, performance.now() - started);
  });

  app.use(securityHeaders());
  app.use(requestBodyLimit());
  app.use(refuseNul());

  app.use('/assets/*', serveStatic({
    root: relative(process.cwd(), PUBLIC_FOLDER),
    rewriteRequestPath: (path) => path.replace(/^\/assets/, ''),
  }));

  app.use(sessionMiddleware(database));

  app.route('/', healthRoutes(database));
  app.route('/', gradeStyleRoutes(database));

  app.route('/', planRoutes(database, pages));
  app.route('/', portalRoutes(database, undefined, pages));
  // answers about one plan follow that plan's version (the page cache reads every plan's once per data version)
  app.route('/', openDataRoutes(database, pages));
  app.route('/', apiRoutes(database, pages));

  app.route('/', authRoutes(database));
  app.route('/', roundRoutes(database));
  app.route('/', reportRoutes(database, { worker: services.reportWorker }));
  app.route('/', importRoutes(database));
  app.route('/', compareRoutes(database, pages));
  app.route('/', catalogueAdminRoutes(database));
  app.route('/', adminRoutes(database));
  app.route('/', departmentRoutes(database));
  app.route('/', accountRoutes(database));
  app.route('/', tokenRoutes(database));
  app.route('/', versionRoutes(database));

  app.notFound((c) => {
    if (wantsJson(c.req.path, c.req.header('accept'))) return problemResponse(notFoundProblem(c.req.path, c.get('requestId')));
    const lang = langOfPath(c.req.path);
    const message = lang === 'en' ? 'The page you are looking for was not found. Please check the URL.' : 'お探しのページは見つかりませんでした。URLをご確認ください。';
    return c.html(<ErrorPage status={404} message={message} lang={lang} />, 404);
  });

  app.onError((caught, c) => {
    const requestId = c.get('requestId');
    // a body the framework could not read (malformed JSON, an empty body where JSON is required) is bad input
    const error = caught instanceof HTTPException && caught.status === 400 ? new AppError('MALFORMED_BODY', { reason: caught.message }) : caught;
    if (isAppError(error)) {
      const status = error.status as 400;
      if (wantsJson(c.req.path, c.req.header('accept'))) return problemResponse(problemOf(error, c.req.path, requestId));
      const lang = langOfPath(c.req.path);
      return c.html(<ErrorPage status={status} message={error.describe(lang)} lang={lang} />, status);
    }
    // unexpected: log everything, show nothing of the internals
    log.error('unhandled error', { requestId, path: c.req.path, error: error.message, stack: error.stack });
    if (wantsJson(c.req.path, c.req.header('accept'))) return problemResponse(problemOf(error, c.req.path, requestId));
    return c.html(
      <ErrorPage status={500} message={`サーバーで問題が発生しました。時間をおいて再度お試しください（問い合わせ番号 ${requestId}）。`} />,
      500,
    );
  });

  return app;
}

function wantsJson(path: string, accept: string | undefined): boolean {
  return path.startsWith('/api/') || path === '/healthz' || (accept?.includes('application/json') ?? false);
}
