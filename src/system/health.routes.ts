// GET /healthz: is the server up, which database, which schema version.
import { Hono } from 'hono';
import { requires } from '../auth/middleware.js';
import { sql } from 'drizzle-orm';
import { schemaVersion, type Database } from '../db/client.js';
import { PACKAGE_VERSION } from '../version.js';

const startedAt = Date.now();

export function healthRoutes(database: Database) {
  const app = new Hono();
  app.get('/healthz', requires('public'), async (c) => {
    try {
      await database.db.execute(sql`SELECT 1`);
      const schema = await schemaVersion(database.db);
      return c.json(
        {
          status: schema.current ? 'ok' : 'migrations_pending',
          version: PACKAGE_VERSION,
          database: { kind: database.kind, ok: true },
          schema,
          uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
        },
        schema.current ? 200 : 503,
      );
    } catch (error) {
      return c.json({ status: 'error', database: { kind: database.kind, ok: false, error: (error as Error).message } }, 503);
    }
  });
  return app;
}
