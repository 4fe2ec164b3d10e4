// Public pages of plans: the list of plans and each plan's page, in Japanese (/) and English (/en/).
import { Hono, type Context } from 'hono';
import { requires } from '../auth/middleware.js';
import type { Database } from '../db/client.js';
import { AppError } from '../errors.js';
import { listPlans } from './plans.repository.js';
import { PlanPageDataCache } from './plan-page-data.js';
import { PlanPage } from './plan-page.js';
import { HomePage } from '../web/home-page.js';
import { pageMeta } from '../portal/portal.routes.js';
import { EVERY_PLAN, PageCache, publicPageCache } from '../portal/page-cache.js';
import { publicOrigin } from '../web/public-origin.js';
import type { Lang } from '../portal/i18n.js';

export function planRoutes(database: Database, cache: PageCache = publicPageCache(database)) {
  const app = new Hono();
  const pageData = new PlanPageDataCache(database.db);
  for (const [prefix, lang] of [['', 'ja'], ['/en', 'en']] as const satisfies readonly (readonly [string, Lang])[]) {
    const home = (c: Context) => cache.serve(c, async () => c.html(<HomePage plans={await listPlans(database.db)} lang={lang} meta={pageMeta(c)} />), EVERY_PLAN);
    app.get(prefix === '' ? '/' : '/en/', requires('public'), home);
    if (prefix !== '') app.get('/en', requires('public'), (c) => c.redirect('/en/', 301));
    app.get(`${prefix}/plans/:code`, requires('public'), (c) => cache.serve(c, async () => {
      const data = await pageData.get(c.req.param('code'));
      if (!data) throw new AppError('PLAN_NOT_FOUND', { code: c.req.param('code') });
      const { tree, overview } = data;
      const origin = publicOrigin(c.req.url);
      const jsonLd = {
        '@context': 'https://schema.org',
        '@type': 'Dataset',
        name: tree.plan.title,
        description: tree.plan.description ?? tree.plan.title,
        inLanguage: 'ja',
        creator: { '@type': 'GovernmentOrganization', name: tree.organisation.name },
        temporalCoverage: `${tree.plan.periodStartFy}-04-01/${tree.plan.periodEndFy + 1}-03-31`,
        distribution: ['items', 'indicators', 'targets', 'observations', 'grades'].map((table) => ({
          '@type': 'DataDownload',
          encodingFormat: 'text/csv',
          contentUrl: `${origin}/opendata/plans/${tree.plan.code}/${table}.csv`,
        })),
      };
      const meta = pageMeta(c, { description: tree.plan.description ?? tree.plan.title, jsonLd });
      return c.html(<PlanPage tree={tree} lang={lang} meta={meta} overview={overview} />);
    }, c.req.param('code')));
  }
  return app;
}
