// Targets as plans write them, read into the numbers of a target row. Expected values are
// the sentences' own numbers (and a hand calculation for the percentage change).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readTargetText } from './target-text.js';

test('a horizon and an amount: 令和7年度までに800団体 → FY2025, 800 団体', () => {
  const read = readTargetText('令和7年度までに800団体');
  assert.equal(read.fiscalYear, 2025);
  assert.equal(read.value, '800');
  assert.equal(read.unit, '団体');
});

test('Japanese numbers: 2,500団体 → 2500; 7億4,000万円 → 740000000', () => {
  assert.equal(readTargetText('2,500団体').value, '2500');
  const money = readTargetText('7億4,000万円');
  assert.equal(money.value, '740000000');
  assert.equal(money.unit, '円');
  assert.equal(money.reading, '7億4,000万円');
});

test('every year: 毎年度 720 団体以上 → 720, no fiscal year', () => {
  const read = readTargetText('毎年度 720 団体以上');
  assert.equal(read.value, '720');
  assert.equal(read.fiscalYear, null);
});

test('Sendai: 754 団体の20%増 by 令和7年度 → 754 × 1.2 = 904.8', () => {
  const read = readTargetText('ボランティアセンターへの登録団体数を、令和 7 年度までに既存登録団体数 754 団体（令和 2 年 12 月 1 日時点）の 20%増とする。');
  assert.equal(read.fiscalYear, 2025);
  assert.equal(read.value, '904.8');
  assert.equal(read.changePercent, '20');
});

test('平成 beyond its end (Sapporo H34 = 2022) and a qualitative target without numbers', () => {
  assert.equal(readTargetText('平成34年度 80%').fiscalYear, 2022);
  assert.equal(readTargetText('平成34年度 80%').value, '80');
  const none = readTargetText('毎年度実施する');
  assert.equal(none.value, null);
  assert.equal(none.reading, '数値を読み取れませんでした');
});
