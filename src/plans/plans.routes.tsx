// Public pages of plans.
import { Hono } from 'hono';
import type { Database } from '../db/client.js';
import { AppError } from '../errors.js';
import { getPlanTree, listPlans } from './plans.repository.js';
import { PlanPage } from './plan-page.js';
import { HomePage } from '../web/home-page.js';

export function planRoutes(database: Database) {
  const app = new Hono();
  app.get('/', async (c) => c.html(<HomePage plans={await listPlans(database.db)} />));
  app.get('/plans/:code', async (c) => {
    const tree = await getPlanTree(database.db, c.req.param('code'));
    if (!tree) throw new AppError('PLAN_NOT_FOUND', { code: c.req.param('code') });
    return c.html(<PlanPage tree={tree} />);
  });
  return app;
}
