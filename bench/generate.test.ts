// The synthetic generator is deterministic and produces valid plans shaped like the bundled ones.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Dataset } from '../src/datasets/dataset-format.js';
import { checkDatasetReferences } from '../src/datasets/load-dataset.js';
import { syntheticDataset } from './generate.js';

const options = { seed: 7, years: 10, firstYear: 2016 };

test('the same seed gives the same organisation; another seed another one', () => {
  assert.deepEqual(syntheticDataset(3, options), syntheticDataset(3, options));
  assert.notDeepEqual(syntheticDataset(3, options), syntheticDataset(3, { ...options, seed: 8 }));
  assert.notDeepEqual(syntheticDataset(3, options), syntheticDataset(4, options));
});

test('a synthetic plan is a valid dataset: 3 分野, 12–15 基本施策, about 100 事業, 3 indicators each, 10 years', () => {
  const dataset = Dataset.parse(syntheticDataset(0, options));
  checkDatasetReferences(dataset);
  const depth = (code: string) => code.split('-').length;
  assert.equal(dataset.items.filter((i) => depth(i.code) === 1).length, 3);
  const policies = dataset.items.filter((i) => depth(i.code) === 2).length;
  assert.ok(policies >= 12 && policies <= 15, `${policies} 基本施策`);
  const projects = dataset.items.filter((i) => depth(i.code) === 3).length;
  assert.ok(projects >= 72 && projects <= 135, `${projects} 事業`);
  assert.equal(dataset.indicators.length, projects * 3);
  assert.ok(dataset.indicators.every((i) => i.observations.length === 10));
});
