// A fresh start shows the bundled plans: the home page lists them, each plan page its whole tree.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createTestDatabase, type TestDatabase } from '../test-support/database.js';
import { prepareBundledData } from '../datasets/bundled.js';
import { readBundledDatasets } from '../datasets/read-dataset.js';
import { createApp } from '../app.js';

let database: TestDatabase;
let app: ReturnType<typeof createApp>;
before(async () => {
  database = await createTestDatabase();
  await prepareBundledData(database);
  app = createApp(database);
});
after(async () => {
  await database.close();
});

const sourceOf = (code: string) => readFileSync(new URL(`../../datasets/${code}/source.txt`, import.meta.url), 'utf8');

/** Text of a page without tags and with entities decoded, for matching what a reader sees. */
function visibleText(html: string): string {
  return html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

test('the home page lists both bundled plans, with their periods in wareki', async () => {
  const response = await app.request('/');
  assert.equal(response.status, 200);
  const html = await response.text();
  assert.match(html, /^<!DOCTYPE html>/);
  // titles as the documents print them
  assert.ok(sourceOf('sapporo-2nd').includes('第2期 市民まちづくり活動促進基本計画'));
  assert.match(html, /第2期 市民まちづくり活動促進基本計画/);
  assert.match(html, /協働まちづくり推進プラン2021/);
  // Sendai: 令和3–7年度 (the document's plan period)
  assert.match(sourceOf('sendai-2021'), /令和3(年度)?[〜～~]\s*(令和)?7年度/);
  assert.match(html, /令和3年度〜令和7年度（2021〜2025年度）/);
});

test('each plan page shows every item of its dataset, with flags and departments', async () => {
  for (const dataset of await readBundledDatasets()) {
    const response = await app.request(`/plans/${dataset.plan.code}`);
    assert.equal(response.status, 200, dataset.plan.code);
    const html = await response.text();
    const text = visibleText(html);
    for (const item of dataset.items) {
      assert.ok(text.includes(item.name), `${dataset.plan.code} ${item.code} 「${item.name}」 is not on the page`);
    }
    const newItems = dataset.items.filter((i) => i.isNew).length;
    assert.equal((html.match(/class="flag flag-new">新規</g) ?? []).length, newItems, `${dataset.plan.code}: one 新規 mark per new item`);
  }
});

test('the Sapporo page marks the six ◎ 基本施策 of the document', async () => {
  const source = sourceOf('sapporo-2nd');
  // ◎ precedes the code of each priority 基本施策 in the document: ◎1-1, ◎2-2 …
  const priority = [...new Set([...source.matchAll(/◎(\d-\d) /g)].map((m) => m[1]))];
  assert.equal(priority.length, 6);
  const html = await (await app.request('/plans/sapporo-2nd')).text();
  assert.equal((html.match(/◎重点/g) ?? []).length, 6);
});

test('an unknown plan is a 404 page in Japanese, not an error', async () => {
  const response = await app.request('/plans/no-such-plan');
  assert.equal(response.status, 404);
  assert.match(await response.text(), /計画「no-such-plan」は登録されていません/);
});
