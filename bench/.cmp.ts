import { openDatabase } from '../src/db/client.js';
import { createApp } from '../src/app.js';
import { passThroughPageCache } from '../src/portal/page-cache.js';
const database = await openDatabase({ url: 'postgres://postgres@127.0.0.1:5432/shinchoku_national_1741' });
const app = createApp(database, { pages: passThroughPageCache(database) });
for (const path of ['/api/v1/compare/civic-support-centre-groups?limit=100', '/api/v1/compare/civic-support-centre-groups?limit=100', '/api/v1/compare/civic-support-centre-groups?limit=10', '/compare/civic-support-centre-groups?page=7']) {
  const t = performance.now();
  const r = await app.request(`http://localhost${path}`);
  const b = await r.text();
  console.log(path, r.status, (b.length / 1024).toFixed(0), 'KiB', (performance.now() - t).toFixed(1), 'ms');
}
await database.close();
