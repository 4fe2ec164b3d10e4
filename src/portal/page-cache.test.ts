// The public page cache over real HTTP (@hono/node-server, as in production): a page without a
// form sends no cookie and answers If-None-Match with 304; a write of this process changes the
// ETag at once; the feedback form still gets its CSRF cookie and refuses a post without it; and
// the headers set after the handler (security headers, the CSRF cookie) reach the client.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import { and, eq } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../test-support/database.js';
import { prepareBundledData } from '../datasets/bundled.js';
import { createApp } from '../app.js';
import { feedback, planItems, plans } from '../db/schema.js';
import { request } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { acceptsGzip } from './page-cache.js';

let database: TestDatabase;
let server: Server;
let base: string;
before(async () => {
  database = await createTestDatabase();
  await prepareBundledData(database);
  const app = createApp(database);
  server = await new Promise<Server>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s as Server));
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(async () => {
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
  });
  await database.close();
});

const PLAN = '/plans/sendai-2021';
const ITEM = '/plans/sapporo-2nd/items/1';

test('a public page without a form: no cookie, security headers, an ETag that a second request hits and If-None-Match answers with 304', async () => {
  const first = await fetch(base + PLAN);
  assert.equal(first.status, 200);
  assert.equal(first.headers.get('set-cookie'), null, 'no CSRF cookie for a page without a form');
  assert.match(first.headers.get('content-security-policy') ?? '', /^default-src 'self'; script-src 'self'; style-src 'self';/);
  assert.equal(first.headers.get('x-content-type-options'), 'nosniff');
  assert.equal(first.headers.get('x-frame-options'), 'DENY');
  assert.ok(first.headers.get('x-request-id'));
  const etag = first.headers.get('etag') ?? '';
  assert.match(etag, /^W\/".+"$/);
  await first.text();

  const second = await fetch(base + PLAN);
  assert.equal(second.headers.get('x-page-cache'), 'hit');
  assert.equal(second.headers.get('etag'), etag);
  await second.text();

  const revalidated = await fetch(base + PLAN, { headers: { 'if-none-match': etag } });
  assert.equal(revalidated.status, 304);
  assert.equal(await revalidated.text(), '');
  assert.match(revalidated.headers.get('content-security-policy') ?? '', /default-src 'self'/);
});

test('a write of this process changes the page and its ETag on the very next request', async () => {
  const before = await fetch(base + PLAN);
  const etag = before.headers.get('etag') ?? '';
  await before.text();
  await database.db.update(plans).set({ title: '仙台市基本計画（改訂版）' }).where(eq(plans.code, 'sendai-2021'));
  const after = await fetch(base + PLAN, { headers: { 'if-none-match': etag } });
  assert.equal(after.status, 200, 'the old ETag no longer matches');
  assert.notEqual(after.headers.get('etag'), etag);
  assert.equal(after.headers.get('x-page-cache'), 'miss');
  assert.ok((await after.text()).includes('仙台市基本計画（改訂版）'));
});

test('the item page keeps its feedback form working: a CSRF cookie and token for a visitor without one, a post without them refused', async () => {
  const page = await fetch(base + ITEM);
  assert.equal(page.status, 200);
  assert.equal(page.headers.get('etag'), null, 'a page with a visitor\'s token has no shared validator');
  const cookie = (page.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const token = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1] ?? '';
  assert.match(cookie, /^shinchoku_csrf=.+/);
  assert.equal(cookie.slice('shinchoku_csrf='.length), token, 'the cookie and the form carry the same token');

  // a second visitor gets the cached page with their own token
  const other = await fetch(base + ITEM);
  assert.equal(other.headers.get('x-page-cache'), 'hit');
  const otherToken = /name="_csrf" value="([^"]+)"/.exec(await other.text())?.[1] ?? '';
  assert.notEqual(otherToken, token);
  assert.equal((other.headers.get('set-cookie') ?? '').split(';')[0], `shinchoku_csrf=${otherToken}`);

  const form = { 'content-type': 'application/x-www-form-urlencoded' };
  const refused = await fetch(`${base}${ITEM}/feedback`, { method: 'POST', redirect: 'manual', headers: form, body: new URLSearchParams({ body: '通らない意見' }) });
  assert.equal(refused.status, 403);
  const wrongCookie = await fetch(`${base}${ITEM}/feedback`, {
    method: 'POST', redirect: 'manual', headers: { ...form, cookie: `shinchoku_csrf=${otherToken}` }, body: new URLSearchParams({ body: '通らない意見', _csrf: token }),
  });
  assert.equal(wrongCookie.status, 403);
  const sent = await fetch(`${base}${ITEM}/feedback`, {
    method: 'POST', redirect: 'manual', headers: { ...form, cookie }, body: new URLSearchParams({ body: '届く意見です', _csrf: token }),
  });
  assert.equal(sent.status, 303);
  const [sapporo] = await database.db.select({ id: plans.id }).from(plans).where(eq(plans.code, 'sapporo-2nd'));
  const [item] = await database.db.select({ id: planItems.id }).from(planItems).where(and(eq(planItems.planId, sapporo?.id ?? 0), eq(planItems.code, '1')));
  const rows = await database.db.select({ body: feedback.body }).from(feedback).where(eq(feedback.itemId, item?.id ?? 0));
  assert.deepEqual(rows.map((r) => r.body), ['届く意見です']);
});

test('the login page (not cached) still sends its CSRF cookie with the security headers over HTTP', async () => {
  const page = await fetch(`${base}/login`);
  assert.equal(page.status, 200);
  assert.match(page.headers.get('set-cookie') ?? '', /^shinchoku_csrf=[^;]+; Path=\/; HttpOnly; SameSite=Lax/);
  assert.match(page.headers.get('content-security-policy') ?? '', /default-src 'self'/);
  assert.equal(page.headers.get('x-frame-options'), 'DENY');
  const token = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1] ?? '';
  assert.equal((page.headers.get('set-cookie') ?? '').split(';')[0], `shinchoku_csrf=${token}`);
});

test("a write to one plan leaves another plan's pages kept, with the same ETag, and a write to that plan renders them again", async () => {
  const SAPPORO = '/plans/sapporo-2nd';
  const first = await fetch(base + SAPPORO);
  const etag = first.headers.get('etag') ?? '';
  await first.text();
  const item = await fetch(base + ITEM);
  await item.text();
  await database.db.update(plans).set({ title: '仙台市基本計画（別の団体の書き込み）' }).where(eq(plans.code, 'sendai-2021'));
  const kept = await fetch(base + SAPPORO, { headers: { 'if-none-match': etag } });
  assert.equal(kept.status, 304, "Sendai's write does not change Sapporo's page");
  assert.equal(kept.headers.get('x-page-cache'), 'hit');
  const keptItem = await fetch(base + ITEM);
  assert.equal(keptItem.headers.get('x-page-cache'), 'hit');
  await keptItem.text();
  const sendai = await fetch(base + PLAN);
  assert.equal(sendai.headers.get('x-page-cache'), 'miss', "Sendai's own page is rendered again");
  assert.ok((await sendai.text()).includes('仙台市基本計画（別の団体の書き込み）'));

  await database.db.update(plans).set({ title: '第2次札幌市まちづくり戦略ビジョン（改）' }).where(eq(plans.code, 'sapporo-2nd'));
  const changed = await fetch(base + SAPPORO, { headers: { 'if-none-match': etag } });
  assert.equal(changed.status, 200);
  assert.equal(changed.headers.get('x-page-cache'), 'miss');
  assert.notEqual(changed.headers.get('etag'), etag);
  assert.ok((await changed.text()).includes('第2次札幌市まちづくり戦略ビジョン（改）'));
});

/** A GET over plain node:http (fetch would undo the compression before we see it). */
function rawGet(path: string, headers: Record<string, string>): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request(base + path, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

test('a kept page goes gzip-compressed to a browser and as plain HTML to a client that does not take gzip', async () => {
  const PAGE = '/plans/sapporo-2nd';
  const compressed = await rawGet(PAGE, { 'accept-encoding': 'gzip, deflate, br' });
  assert.equal(compressed.status, 200);
  assert.equal(compressed.headers['content-encoding'], 'gzip');
  assert.equal(compressed.headers.vary, 'Accept-Encoding');
  const html = gunzipSync(compressed.body).toString('utf8');
  assert.match(html, /^<!DOCTYPE html>/i);
  assert.ok(compressed.body.length * 3 < Buffer.byteLength(html), `${compressed.body.length} bytes sent for ${Buffer.byteLength(html)}`);
  const plain = await rawGet(PAGE, {});
  assert.equal(plain.headers['content-encoding'], undefined);
  assert.equal(plain.body.toString('utf8'), html, 'the same page, uncompressed');
  const refused = await rawGet(PAGE, { 'accept-encoding': 'gzip;q=0, identity' });
  assert.equal(refused.headers['content-encoding'], undefined);
});

test('acceptsGzip reads Accept-Encoding as RFC 9110 writes it', () => {
  assert.equal(acceptsGzip(undefined), false);
  assert.equal(acceptsGzip('gzip'), true);
  assert.equal(acceptsGzip('br, GZIP;q=0.5'), true);
  assert.equal(acceptsGzip('gzip;q=0'), false);
  assert.equal(acceptsGzip('gzip; q=0.0, identity'), false);
  assert.equal(acceptsGzip('*'), true);
  assert.equal(acceptsGzip('br, deflate'), false);
});

test('a page with a visitor\'s token also goes gzip-compressed, with that visitor\'s token inside, and a post with it is accepted', async () => {
  await fetch(base + ITEM).then((r) => r.text()); // kept
  const compressed = await rawGet(ITEM, { 'accept-encoding': 'gzip' });
  assert.equal(compressed.headers['x-page-cache'], 'hit');
  assert.equal(compressed.headers['content-encoding'], 'gzip');
  const html = gunzipSync(compressed.body).toString('utf8');
  const cookie = String(compressed.headers['set-cookie'] ?? '').split(';')[0] ?? '';
  const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
  assert.equal(cookie, `shinchoku_csrf=${token}`, 'the token in the compressed page is the one of the cookie set with it');
  assert.ok(compressed.body.length * 4 < Buffer.byteLength(html), `${compressed.body.length} bytes sent for ${Buffer.byteLength(html)}`);
  const other = await rawGet(ITEM, { 'accept-encoding': 'gzip' });
  const otherToken = /name="_csrf" value="([^"]+)"/.exec(gunzipSync(other.body).toString('utf8'))?.[1];
  assert.notEqual(otherToken, token, 'another visitor gets its own token');
  const post = await fetch(`${base}${ITEM}/feedback`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: token, body: '圧縮されたページからの意見です。', name: '' }),
  });
  assert.equal(post.status, 303);
});
