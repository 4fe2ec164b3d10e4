// The one presenter: values as plain decimals, fiscal years with their
// wareki label, and a missing value empty with its reason. Expected texts are hand-written.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { presentDecimal, presentFiscalYear, presentValue } from './present.js';
import { versionClock } from '../api/http-cache.js';

test('values: plain decimals for open data, with their unit', () => {
  assert.deepEqual(presentValue({ value: '496000000', unit: '円', approximate: true, missingReason: null }), {
    value: '496000000',
    unit: '円',
    missingReason: '',
    missingReasonLabel: '',
  });
  assert.equal(presentValue({ value: '71.70', unit: '%', missingReason: null }).value, '71.7');
  assert.equal(presentDecimal('-12.50'), '-12.5');
  assert.equal(presentDecimal('0.0'), '0');
  assert.equal(presentDecimal('-0.00'), '0');
  assert.equal(presentDecimal('1200'), '1200', 'zeros of the whole part stay');
  assert.equal(presentDecimal('1200.050'), '1200.05');
  assert.equal(presentDecimal('-3.000'), '-3');
  assert.equal(presentDecimal('0012.5'), '12.5', 'a form PostgreSQL does not write goes through Decimal');
  assert.equal(presentDecimal(null), '');
});

test('a missing value is empty, with its reason code and label', () => {
  assert.deepEqual(presentValue({ value: null, unit: '%', missingReason: 'not_yet_surveyed' }), {
    value: '',
    unit: '%',
    missingReason: 'not_yet_surveyed',
    missingReasonLabel: '今後調査',
  });
  assert.equal(presentValue({ value: null, unit: null, missingReason: 'not_applicable' }).missingReasonLabel, '—（該当なし）');
});

test('fiscal years: a number and the wareki label (H25 = 2013, 2019 = 令和元年度)', () => {
  assert.deepEqual(presentFiscalYear(2013), { fiscalYear: 2013, fiscalYearLabel: '平成25年度' });
  assert.deepEqual(presentFiscalYear(2019), { fiscalYear: 2019, fiscalYearLabel: '令和元年度' });
  assert.deepEqual(presentFiscalYear(null), { fiscalYear: null, fiscalYearLabel: '' });
});

test('Last-Modified of data versions: a new version is always a later whole second', () => {
  let now = Date.parse('2026-11-30T10:00:00.200Z');
  const clock = versionClock(() => now);
  assert.equal(clock('0/1').toISOString(), '2026-11-30T10:00:00.000Z');
  now += 500; // a change within the same second
  assert.equal(clock('0/2').toISOString(), '2026-11-30T10:00:01.000Z', 'not the same second as the version before');
  assert.equal(clock('0/2').toISOString(), '2026-11-30T10:00:01.000Z', 'the same version keeps its time');
  now = Date.parse('2026-11-30T10:05:00.900Z');
  assert.equal(clock('0/3').toISOString(), '2026-11-30T10:05:00.000Z');
});
