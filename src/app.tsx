// Composes the web application: middleware, routes of each domain, errors.
// Route handlers stay thin: parse, check, call one function, present.
import { Hono } from 'hono';
import { serveStatic } from '@hono/node-server/serve-static';
import { randomUUID } from 'node:crypto';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database } from './db/client.js';
import { isAppError } from './errors.js';
import { log } from './log.js';
import { healthRoutes } from './system/health.routes.js';
import { planRoutes } from './plans/plans.routes.js';
import { ErrorPage } from './web/home-page.js';

export interface AppEnv {
  Variables: { requestId: string };
}

const PUBLIC_FOLDER = fileURLToPath(new URL('../public', import.meta.url));

export function createApp(database: Database) {
  const app = new Hono<AppEnv>();

  app.use(async (c, next) => {
    const started = performance.now();
    const requestId = c.req.header('x-request-id') ?? randomUUID();
    c.set('requestId', requestId);
    await next();
    c.header('x-request-id', requestId);
    log.info('request', {
      requestId,
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      ms: Math.round((performance.now() - started) * 10) / 10,
    });
  });

  app.use('/assets/*', serveStatic({
    root: relative(process.cwd(), PUBLIC_FOLDER),
    rewriteRequestPath: (path) => path.replace(/^\/assets/, ''),
  }));

  app.route('/', healthRoutes(database));

  app.route('/', planRoutes(database));

  app.notFound((c) => {
    if (wantsJson(c.req.path, c.req.header('accept'))) return c.json({ title: 'Not Found', status: 404 }, 404);
    return c.html(<ErrorPage status={404} message="お探しのページは見つかりませんでした。URLをご確認ください。" />, 404);
  });

  app.onError((error, c) => {
    const requestId = c.get('requestId');
    if (isAppError(error)) {
      const status = error.status as 400;
      if (wantsJson(c.req.path, c.req.header('accept'))) {
        return c.json({ title: error.code, status, detail: error.describe('ja') }, status);
      }
      return c.html(<ErrorPage status={status} message={error.describe('ja')} />, status);
    }
    // unexpected: log everything, show nothing of the internals
    log.error('unhandled error', { requestId, path: c.req.path, error: error.message, stack: error.stack });
    if (wantsJson(c.req.path, c.req.header('accept'))) {
      return c.json({ title: 'Internal Server Error', status: 500, requestId }, 500);
    }
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
