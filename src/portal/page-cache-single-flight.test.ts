// Concurrent first requests of one page share one rendering (single flight): at national size a
// plan page takes tens of milliseconds to render, and 50 visitors arriving together must not
// render it 50 times. A rendering that fails or answers 404 is not shared: each waiter renders.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Hono } from 'hono';
import { DataVersion } from '../db/data-version.js';
import { PageCache } from './page-cache.js';

function appWith(render: (path: string) => Promise<Response | string>) {
  const cache = new PageCache(new DataVersion(async () => 'v1', { maxAgeMs: Infinity }));
  const app = new Hono();
  app.get('/p/:name', (c) => cache.serve(c, async () => {
    const answer = await render(c.req.param('name'));
    return typeof answer === 'string' ? c.html(answer) : answer;
  }));
  return app;
}

const later = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test('ten concurrent requests of an uncached page render it once and all get the page', async () => {
  let renders = 0;
  const app = appWith(async (name) => {
    renders++;
    await later(30);
    return `<p>${name}</p>`;
  });
  const answers = await Promise.all(Array.from({ length: 10 }, () => app.request('/p/a')));
  assert.equal(renders, 1);
  for (const answer of answers) {
    assert.equal(answer.status, 200);
    assert.equal(await answer.text(), '<p>a</p>');
  }
  assert.deepEqual(answers.map((a) => a.headers.get('x-page-cache')).sort(), ['hit', 'hit', 'hit', 'hit', 'hit', 'hit', 'hit', 'hit', 'hit', 'miss']);
  // another page is its own rendering
  await app.request('/p/b');
  assert.equal(renders, 2);
});

test('a rendering that answers 404 is not shared or kept: each concurrent request renders its own answer', async () => {
  let renders = 0;
  const app = appWith(async () => {
    renders++;
    await later(20);
    return new Response('ない', { status: 404 });
  });
  const answers = await Promise.all(Array.from({ length: 3 }, () => app.request('/p/missing')));
  assert.deepEqual(answers.map((a) => a.status), [404, 404, 404]);
  assert.equal(renders, 3);
});

test('a rendering that throws makes the waiters render themselves, and the next request is a fresh rendering', async () => {
  let renders = 0;
  const app = appWith(async () => {
    renders++;
    await later(20);
    if (renders === 1) throw new Error('the database went away');
    return '<p>ok</p>';
  });
  const answers = await Promise.all(Array.from({ length: 3 }, () => app.request('/p/x')));
  assert.equal(answers[0]?.status, 500, 'the first rendering failed');
  for (const answer of answers.slice(1)) assert.equal(await answer.text(), '<p>ok</p>');
  const again = await app.request('/p/x');
  assert.equal(again.headers.get('x-page-cache'), 'hit');
});
