import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Decimal as GlobalDecimal } from 'decimal.js';
import { d, formatDecimal, formatPercent, round, toPlainString } from './decimal.js';
import { DomainError } from './errors.js';

const isDecimalInvalid = (e: unknown) => e instanceof DomainError && e.code === 'DECIMAL_INVALID';

test('d() takes decimal strings, integers, bigints and other Decimals, never fractional floats', () => {
  assert.equal(d('3679').toFixed(), '3679');
  assert.equal(d(' -50.7 ').toFixed(), '-50.7');
  assert.equal(d(42).toFixed(), '42');
  assert.equal(d(10n ** 20n).toFixed(), '100000000000000000000');
  assert.equal(d(new GlobalDecimal('1.5')).toFixed(), '1.5');
  assert.throws(() => d(0.1), isDecimalInvalid);
  assert.throws(() => d('1e5'), isDecimalInvalid);
  assert.throws(() => d('1,234'), isDecimalInvalid);
  assert.throws(() => d(new GlobalDecimal(NaN)), isDecimalInvalid);
  assert.throws(() => d(null as unknown as string), isDecimalInvalid);
  // 0.1 + 0.2 is exactly 0.3
  assert.equal(d('0.1').plus(d('0.2')).toFixed(), '0.3');
});

test('rounding modes', () => {
  assert.equal(round(d('58.75'), 1).toFixed(), '58.8'); // half-up
  assert.equal(round(d('-50.75'), 1).toFixed(), '-50.8'); // ties away from zero
  assert.equal(round(d('58.75'), 1, 'half_even').toFixed(), '58.8'); // 7 is odd → up to 8
  assert.equal(round(d('58.65'), 1, 'half_even').toFixed(), '58.6'); // 6 is even → stays
  assert.equal(round(d('58.79'), 1, 'down').toFixed(), '58.7');
  assert.equal(round(d('58.71'), 1, 'up').toFixed(), '58.8');
});

test('formatting: grouping, fixed places, signs, no exponent', () => {
  assert.equal(formatDecimal(d('1234567.891')), '1,234,567.891');
  assert.equal(formatDecimal(d('5'), { places: 1 }), '5.0');
  assert.equal(formatDecimal(d('-0.5'), { negative: 'minus' }), '−0.5');
  assert.equal(formatDecimal(d('-12'), { negative: 'triangle' }), '▲12');
  assert.equal(formatDecimal(d('-0.04'), { places: 1 }), '0.0'); // rounds to zero: no sign
  assert.equal(formatDecimal(d('1234'), { grouping: false }), '1234');
  assert.equal(formatPercent(d('-50.7')), '−50.7%');
  assert.equal(formatPercent(d('100')), '100.0%');
  assert.equal(toPlainString(d('1' + '0'.repeat(30))), '1' + '0'.repeat(30));
  assert.equal(toPlainString(d('0.00000001')), '0.00000001');
});
