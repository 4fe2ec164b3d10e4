// Which actual and which target a year is judged with, and the baseline year left ungraded.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SCALES } from '../domain/scales.js';
import { evaluateIndicatorYear, targetForYear, type IndicatorData } from './indicator-year.js';

// 町内会加入率 as the Sapporo document prints it: H25 71.7% (the baseline) … H28 71.1%, H30 目標 74.0%,
// アクションプラン H31 75.0%
const indicator: IndicatorData = {
  code: '1-b',
  name: '町内会加入率',
  unit: '%',
  direction: 'up',
  aggregation: 'annual',
  rateMethod: null,
  baselineValue: '71.7',
  baselineFy: 2013,
  targets: [
    { kind: 'by_year', fiscalYear: 2018, value: '74.0', bandLow: null, bandHigh: null, text: '74.0%', setBy: 'this_plan', setByName: null },
    { kind: 'by_year', fiscalYear: 2019, value: '75.0', bandLow: null, bandHigh: null, text: '75.0%', setBy: 'action_plan', setByName: 'アクションプラン' },
  ],
  observations: [
    { fiscalYear: 2013, kind: 'actual', value: '71.7', text: '71.7%', approximate: false, asOf: null, missingReason: null },
    { fiscalYear: 2016, kind: 'actual', value: '71.1', text: '71.1%', approximate: false, asOf: null, missingReason: null },
  ],
};
const plan = { periodStartFy: 2014, settings: {}, scale: SCALES['mechanical-sabc'] };

test('a year is judged against this plan\'s nearest horizon, not an upper plan\'s', () => {
  assert.equal(targetForYear(indicator.targets, 2016)?.fiscalYear, 2018);
  // after every horizon of this plan, its last one still counts
  assert.equal(targetForYear(indicator.targets, 2020)?.fiscalYear, 2018);
});

test('H28: 71.1 ÷ 74.0 = 96.1%, below the H25 baseline 71.7 → C', () => {
  const year = evaluateIndicatorYear(indicator, 2016, plan);
  assert.equal(year.rate?.status === 'ok' ? year.rate.rate.toString() : '', '96.1');
  assert.equal(year.grade?.grade?.code, 'C');
});

test('the baseline year H25 shows its rate but is not graded', () => {
  const year = evaluateIndicatorYear(indicator, 2013, plan);
  // 71.7 ÷ 74.0 = 0.96891… → 96.9%
  assert.equal(year.rate?.status === 'ok' ? year.rate.rate.toString() : '', '96.9');
  assert.equal(year.grade, null);
  assert.equal(year.note, '基準年度の値です（評価の対象外）');
});
