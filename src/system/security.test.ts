// Security of the web application: headers and a Content-Security-Policy without
// 'unsafe-inline' on every page (and every page keeps to it: no inline scripts, no style or event
// attributes), script payloads typed into every text field a user can reach and looked for on
// every page that shows them, and request bodies refused by size before they are read.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../test-support/database.js';
import { prepareBundledData } from '../datasets/bundled.js';
import { createApp } from '../app.js';
import { entries, feedback, indicators, planItems, plans } from '../db/schema.js';
import { insertTestUser, TestClient } from '../auth/test-client.js';
import { BODY_LIMIT, UPLOAD_BODY_LIMIT } from './security-headers.js';

const SCRIPT = '<script>alert(1)</script>';
const IMG = '"><img src=x onerror=alert(1)>';
const PAYLOAD = `${SCRIPT}${IMG}`;
/** The payload as an escaping page shows it (text and attribute values alike). */
const ESCAPED_SCRIPT = '&lt;script&gt;alert(1)&lt;/script&gt;';

let database: TestDatabase;
let app: ReturnType<typeof createApp>;
let admin: TestClient;
before(async () => {
  database = await createTestDatabase();
  await prepareBundledData(database);
  app = createApp(database);
  await insertTestUser(database.db, { login: 'honbu', role: 'admin', displayName: `本部${PAYLOAD}` });
  admin = new TestClient(app);
  assert.equal((await admin.signIn('honbu')).status, 303);
});
after(async () => {
  await database.close();
});

/** Every HTML page a test looked at, with its CSP header. */
const visited = new Map<string, { html: string; csp: string }>();

/** Fails when the payload is on the page unescaped; `shown` says the page must display it (escaped). */
async function checkPage(label: string, response: Response, shown: boolean): Promise<string> {
  const html = await response.text();
  visited.set(label, { html, csp: response.headers.get('content-security-policy') ?? '' });
  assert.ok(!html.includes(SCRIPT), `${label}: ${SCRIPT} unescaped`);
  assert.ok(!html.includes('<img src=x onerror=alert(1)>'), `${label}: <img onerror> unescaped`);
  assert.doesNotMatch(html, /<img[^>]*onerror/i, `${label}: an <img onerror> element`);
  if (shown) assert.ok(html.includes(ESCAPED_SCRIPT), `${label}: the payload is not shown at all (status ${response.status})`);
  return html;
}

const ITEM = '1-(1)-①';
const itemPath = (code: string) => `/plans/sendai-2021/items/${encodeURIComponent(code)}`;

test('headers: CSP without unsafe-inline, nosniff, referrer policy, no framing — on pages, assets, API and errors', async () => {
  for (const path of ['/', '/plans/sendai-2021', itemPath(ITEM), '/search?q=協働', '/login', '/api/v1/plans', '/assets/app.css', '/styles/grades.css', '/no-such-page', '/reports/sendai-2021']) {
    const response = await app.request(path);
    assert.ok(response.status < 500, `${path}: ${response.status}`);
    const csp = response.headers.get('content-security-policy') ?? '';
    assert.match(csp, /default-src 'self'/, path);
    assert.match(csp, /script-src 'self'(;|$)/, path);
    assert.match(csp, /frame-ancestors 'none'/, path);
    assert.match(csp, /object-src 'none'/, path);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/, path);
    assert.equal(response.headers.get('x-content-type-options'), 'nosniff', path);
    assert.equal(response.headers.get('x-frame-options'), 'DENY', path);
    assert.equal(response.headers.get('referrer-policy'), 'strict-origin-when-cross-origin', path);
    assert.equal(response.headers.get('strict-transport-security'), null, `${path}: HSTS only over HTTPS`);
  }
  const secure = await app.request('https://shinchoku.example/');
  assert.equal(secure.headers.get('strict-transport-security'), 'max-age=31536000');
  // the grade colours of the shipped scales come from the stylesheet (Sendai A = #0031D8)
  assert.match(await (await app.request('/styles/grades.css')).text(), /\[data-grade-color="#0031D8"\]\{--grade-color:#0031D8\}/);
});

test('feedback: a citizen\'s message, name and the moderator\'s answer are shown escaped', async () => {
  const citizen = new TestClient(app);
  await checkPage('item page (form)', await citizen.get(itemPath(ITEM)), false);
  assert.equal((await citizen.post(`${itemPath(ITEM)}/feedback`, { body: `意見${PAYLOAD}`, name: `市民${PAYLOAD}`, website: '' })).status, 303);
  await checkPage('moderation page', await admin.get('/admin/feedback'), true);
  const [row] = await database.db.select().from(feedback);
  assert.equal((await admin.post(`/admin/feedback/${row?.id}`, { decision: 'published', answer: `回答${PAYLOAD}` })).status, 303);
  const html = await checkPage('item page with feedback', await citizen.get(itemPath(ITEM)), true);
  assert.equal(html.split(ESCAPED_SCRIPT).length - 1, 3, 'message, name and answer each shown once, escaped');
});

test('the yearly round: narratives, figures, comments and names are shown escaped on every staff page, report and public page', async () => {
  await admin.get('/rounds/new');
  const created = await admin.post('/rounds', { plan: 'sendai-2021', fiscalYear: '令和7年度', entryDeadline: '2026-05-31', reviewDeadline: '2026-06-30', publishDeadline: '2026-09-30' });
  assert.equal(created.status, 303, await created.text());
  const roundId = Number(created.headers.get('location')?.split('/').pop());
  await admin.get(`/rounds/${roundId}`);
  assert.equal((await admin.post(`/rounds/${roundId}/transition`, { to: 'entry' })).status, 303);

  const [plan] = await database.db.select().from(plans).where(eq(plans.code, 'sendai-2021'));
  const [item] = await database.db.select().from(planItems).where(and(eq(planItems.planId, plan!.id), eq(planItems.code, ITEM)));
  const itemIndicators = await database.db.select().from(indicators).where(eq(indicators.itemId, item!.id));
  const entryPath = `/rounds/${roundId}/entries/${encodeURIComponent(ITEM)}`;
  const narratives = { resultsText: `結果${PAYLOAD}`, planText: `計画${PAYLOAD}`, issuesText: `課題${PAYLOAD}` };

  // an unreadable figure: the error page keeps what was typed, escaped
  await admin.get(entryPath);
  const figures = Object.fromEntries(itemIndicators.map((i) => [`figure-${i.id}`, PAYLOAD]));
  if (itemIndicators.length > 0) {
    const refused = await admin.post(entryPath, { version: '1', ...figures, selfGrade: '', ...narratives, action: 'save' });
    assert.equal(refused.status, 422);
    await checkPage('entry form with an unreadable figure', refused, true);
  }
  assert.equal((await admin.post(entryPath, { version: '1', selfGrade: 'A', ...narratives, disagreementReason: `理由${PAYLOAD}`, action: 'submit' })).status, 303);
  await checkPage('entry page', await admin.get(entryPath), true);
  await checkPage('review queue', await admin.get('/review'), false);
  assert.equal((await admin.post(`${entryPath}/review`, { version: '2', decision: 'return', comment: `差戻し${PAYLOAD}` })).status, 303);
  await checkPage('entry page with the comment', await admin.get(entryPath), true);
  // a stale save: the conflict page names who saved first (a display name with the payload)
  const conflict = await admin.post(entryPath, { version: '1', selfGrade: 'A', ...narratives, action: 'save' });
  assert.equal(conflict.status, 409);
  await checkPage('entry conflict page', conflict, true);
  assert.equal((await admin.post(entryPath, { version: '3', selfGrade: 'A', ...narratives, disagreementReason: `理由${PAYLOAD}`, action: 'submit' })).status, 303);
  assert.equal((await admin.post(`${entryPath}/review`, { version: '4', decision: 'approve', comment: `承認${PAYLOAD}` })).status, 303);
  await checkPage('my work', await admin.get('/my-work'), true); // the header's display name
  await checkPage('round page', await admin.get(`/rounds/${roundId}`), true);
  await checkPage('audit log', await admin.get('/audit'), true);
  await checkPage('audit search', await admin.get(`/audit?q=${encodeURIComponent(PAYLOAD)}`), true);
  await checkPage('committee report (drafts)', await admin.get('/committee/reports/sendai-2021'), true);

  for (const to of ['review', 'closed', 'published']) {
    await admin.get(`/rounds/${roundId}`);
    assert.equal((await admin.moveRound(roundId, to).then((r) => r.status)), 303, to);
  }
  const [entry] = await database.db.select().from(entries).where(eq(entries.roundId, roundId));
  assert.ok(entry);
  const citizen = new TestClient(app);
  await checkPage('public item page with published narratives', await citizen.get(itemPath(ITEM)), true);
  await checkPage('public report', await citizen.get('/reports/sendai-2021'), true);
  await checkPage('English item page', await citizen.get(`/en${itemPath(ITEM)}`), true);
  const json = await (await citizen.request(`/api/v1/plans/sendai-2021/rounds/2025/evaluations`)).text();
  assert.ok(json.includes('結果<script>alert(1)</script>'), 'the API gives the text as typed (JSON, not HTML)');
});

test('imports: a value and an item name with script payloads are shown escaped in the preview and on the pages', async () => {
  const upload = async (name: string, text: string) => {
    await admin.get('/imports');
    const form = new FormData();
    form.set('_csrf', admin.csrf);
    form.set('file', new File([Buffer.from(text, 'utf8')], name, { type: 'text/csv' }));
    return admin.request('/imports', { method: 'POST', body: form });
  };
  const values = await upload('値.csv', `計画コード,施策コード,指標コード,区分,年度,値\r\nsendai-2021,1-(1)-①,1-(1)-①#1,実績,令和4年度,"${PAYLOAD.replace(/"/g, '""')}"\r\n`);
  await checkPage('import preview with an unreadable value', values, true);
  const items = await upload('施策.csv', `計画コード,コード,親コード,名称,説明\r\nsendai-2021,1-(1)-xss,1-(1),"名称${PAYLOAD.replace(/"/g, '""')}","説明${PAYLOAD.replace(/"/g, '""')}"\r\n`);
  const preview = await checkPage('import preview of a new item', items, false);
  const sha = /name="sha256" value="([0-9a-f]{64})"/.exec(preview)?.[1];
  assert.ok(sha, preview.replace(/<[^>]+>/g, ' ').slice(0, 2000));
  assert.equal((await admin.post('/imports/confirm', { sha256: sha })).status, 200);
  const citizen = new TestClient(app);
  await checkPage('plan page with the imported item', await citizen.get('/plans/sendai-2021'), true);
  await checkPage('imported item page', await citizen.get(itemPath('1-(1)-xss')), true);
  await checkPage('search for the imported item', await citizen.get(`/search?q=${encodeURIComponent('名称')}`), true);
});

test('reflected input: a login name, a search query and an unknown item code are shown escaped', async () => {
  const visitor = new TestClient(app);
  await visitor.get('/login');
  const failed = await visitor.post('/login', { login: PAYLOAD, password: 'wrong password here' });
  assert.equal(failed.status, 401);
  const html = await checkPage('login page after a failed sign-in', failed, false);
  assert.ok(html.includes('value="&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"'), 'the login name is kept, escaped, in its field');
  await checkPage('search', await visitor.get(`/search?q=${encodeURIComponent(PAYLOAD)}`), true);
  await checkPage('English search', await visitor.get(`/en/search?q=${encodeURIComponent(PAYLOAD)}`), true);
  await checkPage('unknown item', await visitor.get(itemPath(PAYLOAD)), false);
});

/** [element, attribute name, value] of every start tag, reading quoted values as values. */
function attributesOf(html: string): [string, string, string][] {
  const found: [string, string, string][] = [];
  for (const tag of html.matchAll(/<([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[^\s=>/]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+))?)*)\s*\/?>/g)) {
    for (const attribute of (tag[2] ?? '').matchAll(/([^\s=>/]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s>]+))?/g)) {
      found.push([tag[1] ?? '', (attribute[1] ?? '').toLowerCase(), (attribute[2] ?? '').replace(/^["']|["']$/g, '')]);
    }
  }
  return found;
}

test('every page visited keeps to the policy: no inline script, no style or event attributes, inline <style> only by its hash', () => {
  assert.ok(visited.size >= 20, `${visited.size} pages visited`);
  for (const [label, { html, csp }] of visited) {
    for (const match of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)) {
      const attributes = match[1] ?? '';
      if (/type="application\/ld\+json"/.test(attributes)) continue; // data, never run
      assert.match(attributes, /\ssrc="\/assets\/[^"]+\.js"/, `${label}: a script without src`);
      assert.equal(match[2]?.trim(), '', `${label}: a script with a src and a body`);
    }
    for (const [element, name, value] of attributesOf(html)) {
      assert.notEqual(name, 'style', `${label}: a style attribute on <${element}>`);
      assert.doesNotMatch(name, /^on/, `${label}: an event handler attribute ${name} on <${element}>`);
      assert.doesNotMatch(value, /^\s*javascript:/i, `${label}: a javascript: URL in ${name}`);
    }
    for (const match of html.matchAll(/<style(?:\s[^>]*)?>([\s\S]*?)<\/style>/g)) {
      const hash = createHash('sha256').update(match[1] ?? '').digest('base64');
      assert.ok(csp.includes(`'sha256-${hash}'`), `${label}: an inline <style> not allowed by its hash`);
    }
  }
});

test('request bodies: refused by size before they are read — forms and API at 1 MB, uploads at 21 MB', async () => {
  // a body that is produced only as it is read: counts how much the server pulled
  function streamOf(bytes: number): { body: ReadableStream<Uint8Array>; pulled: () => number } {
    let sent = 0;
    const chunk = new Uint8Array(64 * 1024).fill(0x61);
    return {
      pulled: () => sent,
      body: new ReadableStream({
        pull(controller) {
          if (sent >= bytes) return controller.close();
          sent += chunk.length;
          controller.enqueue(chunk);
        },
      }),
    };
  }
  const post = (path: string, bytes: number, headers: Record<string, string>) => {
    const stream = streamOf(bytes);
    const init = { method: 'POST', body: stream.body, headers, duplex: 'half' } as RequestInit;
    return { response: admin.request(path, init), pulled: stream.pulled };
  };

  // declared too large: refused from Content-Length alone, nothing read
  const declared = post('/login', 2 * BODY_LIMIT, { 'content-type': 'application/x-www-form-urlencoded', 'content-length': String(2 * BODY_LIMIT) });
  const refused = await declared.response;
  assert.equal(refused.status, 413);
  assert.match(await refused.text(), /送信されたデータが大きすぎます（上限 1 MB）/);
  assert.ok(declared.pulled() <= 128 * 1024, `read ${declared.pulled()} bytes of a refused body`);

  // streamed without a length (chunked): cut off once past the limit, not read to the end
  for (const [path, limit, type] of [
    ['/login', BODY_LIMIT, 'application/x-www-form-urlencoded'],
    ['/api/v1/plans/sendai-2021/rounds/2025/entries/x', BODY_LIMIT, 'application/json'],
    ['/imports', UPLOAD_BODY_LIMIT, 'multipart/form-data; boundary=x'],
  ] as const) {
    const streamed = post(path, 4 * limit, { 'content-type': type });
    const response = await streamed.response;
    assert.equal(response.status, 413, path);
    assert.ok(streamed.pulled() < limit + 256 * 1024, `${path}: read ${streamed.pulled()} bytes of ${4 * limit}`);
  }

  // under the limit, an upload still reaches the import (a 2 MB file is not refused for its size)
  await admin.get('/imports');
  const form = new FormData();
  form.set('_csrf', admin.csrf);
  form.set('file', new File([Buffer.alloc(2 * 1024 * 1024, 0x61)], 'big.csv', { type: 'text/csv' }));
  const big = await admin.request('/imports', { method: 'POST', body: form });
  assert.notEqual(big.status, 413);
});

test('a NUL character in a path, a query, a form field or a JSON string is bad input (400), never a 500', async () => {
  const visitor = new TestClient(app);
  for (const path of ['/search?q=%00', '/en/search?q=a%00b', '/api/v1/search?q=%00', '/api/v1/plans/sendai-2021%00', '/api/v1/plans/sendai%00', '/opendata?q=%00', `${itemPath('1-(1)-①')}%00`]) {
    const response = await visitor.request(path);
    assert.equal(response.status, 400, path);
    const body = await response.text();
    assert.match(body, /NUL/, path);
  }
  await visitor.get('/login');
  const login = await visitor.post('/login', { login: 'demo\u0000x', password: 'wrong password here' });
  assert.equal(login.status, 400);
  const json = await app.request('/api/v1/plans/sendai-2021/rounds/2021/entries/1', {
    method: 'PUT',
    body: JSON.stringify({ narrative: 'a\u0000b' }),
    headers: { 'content-type': 'application/json', authorization: 'Bearer shk_x' },
  });
  assert.equal(json.status, 400);
  // a tab or a line break in a query is input like any other
  assert.equal((await visitor.request('/search?q=%E5%8D%94%E5%83%8D%09')).status, 200);
});
