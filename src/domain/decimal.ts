// Exact decimals for values and rates. Never a JS float: money and rates go through decimal.js.
//
// The library uses its own Decimal constructor (a clone) so that nothing here depends on, or
// changes, the global decimal.js configuration another module may set. Decimals created elsewhere
// are accepted everywhere: `d()` copies them into this configuration.
import { Decimal as DecimalJs } from 'decimal.js';
import { DomainError } from './errors.js';

/** A decimal.js instance. Values and rates in the domain are always of this type. */
export type Decimal = DecimalJs;

export type RoundingMode =
  | 'half_up' // 四捨五入: to the nearest, ties away from zero (−50.75 → −50.8)
  | 'down' //    切り捨て: towards zero
  | 'up' //      切り上げ: away from zero
  | 'half_even'; // 銀行丸め: to the nearest, ties to even

const Dec = DecimalJs.clone({
  precision: 60,
  rounding: DecimalJs.ROUND_HALF_UP,
  // Never switch to exponential notation in toString(): open data wants plain digits.
  toExpNeg: -9e15,
  toExpPos: 9e15,
});

const ROUNDING: Record<RoundingMode, DecimalJs.Rounding> = {
  half_up: DecimalJs.ROUND_HALF_UP,
  down: DecimalJs.ROUND_DOWN,
  up: DecimalJs.ROUND_UP,
  half_even: DecimalJs.ROUND_HALF_EVEN,
};

const PLAIN_DECIMAL = /^[+-]?\d+(\.\d+)?$/;

/**
 * An exact decimal from a decimal string ('3679', '-50.7'), a bigint, a safe integer, or another
 * Decimal. Non-integer JS numbers are refused (0.1 + 0.2 must never reach a report); write them as
 * strings. Throws DomainError('DECIMAL_INVALID').
 */
export function d(value: string | number | bigint | Decimal): Decimal {
  if (typeof value === 'string') {
    const text = value.trim();
    if (!PLAIN_DECIMAL.test(text)) {
      throw new DomainError('DECIMAL_INVALID', {
        text: value,
        reason: '半角数字・符号・小数点のみで書いてください',
        reasonEn: 'only ASCII digits, sign and decimal point are allowed',
      });
    }
    return new Dec(text);
  }
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) {
      throw new DomainError('DECIMAL_INVALID', {
        text: String(value),
        reason: '整数以外の数値は文字列で渡してください（浮動小数点の誤差を避けるため）',
        reasonEn: 'pass non-integers as strings to avoid binary floating point error',
      });
    }
    return new Dec(value);
  }
  if (typeof value === 'bigint') return new Dec(value.toString());
  if (DecimalJs.isDecimal(value) && value.isFinite()) return new Dec(value);
  throw new DomainError('DECIMAL_INVALID', {
    text: String(value),
    reason: '有限の数値ではありません',
    reasonEn: 'not a finite decimal',
  });
}

export function isDecimal(value: unknown): value is Decimal {
  return DecimalJs.isDecimal(value);
}

export const ZERO: Decimal = new Dec(0);
export const ONE: Decimal = new Dec(1);
export const HUNDRED: Decimal = new Dec(100);

/** Round to `places` decimals (default half-up, 四捨五入). */
export function round(value: Decimal, places: number, mode: RoundingMode = 'half_up'): Decimal {
  return d(value).toDecimalPlaces(places, ROUNDING[mode]);
}

/** Number of digits after the decimal point of the value as stored ('5.50' is stored as 5.5 → 1). */
export function decimalPlaces(value: Decimal): number {
  return d(value).decimalPlaces();
}

export interface FormatDecimalOptions {
  /** Fixed number of decimals (rounded half-up, trailing zeros kept). Default: as stored. */
  places?: number;
  /** Insert thousands separators (1,234). Default true. */
  grouping?: boolean;
  /**
   * How a negative value is written: 'hyphen' '-12' (default), 'minus' '−12' (U+2212, used in
   * formulas), 'triangle' '▲12' (Japanese accounting style).
   */
  negative?: 'hyphen' | 'minus' | 'triangle';
}

const NEGATIVE_SIGN = { hyphen: '-', minus: '−', triangle: '▲' } as const;

/** '3679' → '3,679'; ('5', {places: 1}) → '5.0'; ('-0.5', {negative: 'minus'}) → '−0.5'. */
export function formatDecimal(value: Decimal, options: FormatDecimalOptions = {}): string {
  const x = d(value);
  const fixed = options.places === undefined ? x.abs().toFixed() : x.abs().toFixed(options.places, DecimalJs.ROUND_HALF_UP);
  const [intPart = '0', fraction] = fixed.split('.');
  const grouped = options.grouping === false ? intPart : groupThousands(intPart);
  const body = fraction === undefined ? grouped : `${grouped}.${fraction}`;
  // A value that rounds to zero is written without a sign ('-0.04' with one place → '0.0').
  const isNegative = x.isNegative() && /[1-9]/.test(body);
  return isNegative ? `${NEGATIVE_SIGN[options.negative ?? 'hyphen']}${body}` : body;
}

export function groupThousands(digits: string): string {
  let out = '';
  for (let i = 0; i < digits.length; i++) {
    if (i > 0 && (digits.length - i) % 3 === 0) out += ',';
    out += digits[i];
  }
  return out;
}

/** A percentage for display: (d('89.6')) → '89.6%', (d('-50.7')) → '−50.7%'. */
export function formatPercent(rate: Decimal, places = 1): string {
  return `${formatDecimal(rate, { places, negative: 'minus' })}%`;
}

/** Plain decimal string for open data and JSON: no grouping, '-' for negatives, no exponent. */
export function toPlainString(value: Decimal): string {
  return d(value).toFixed();
}

export function maxDecimal(values: readonly Decimal[]): Decimal {
  if (values.length === 0) throw new DomainError('DECIMAL_INVALID', { text: '', reason: '値がありません' });
  return values.reduce((a, b) => (b.greaterThan(a) ? b : a));
}
