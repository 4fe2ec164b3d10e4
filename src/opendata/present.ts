// The one presenter of numbers, years and missing values. Open data files (CSV, JSON, Excel),
// the API and pages call these functions, so a figure reads the same everywhere: the value as a
// plain decimal ("496000000", "71.7"), the fiscal year as a number with its wareki label, and an
// empty value with its reason. (Pages write values in Japanese style with domain/numbers.ts.)
import { d } from '../domain/decimal.js';
import { formatPlainNumber, MISSING_REASON_LABELS } from '../domain/numbers.js';
import { formatFiscalYear } from '../domain/wareki.js';
import { labelOf } from './labels.js';

/** A stored decimal (numeric as text) as open data writes it: plain digits, '.' decimals; '' when absent. */
export function presentDecimal(value: string | null | undefined): string {
  if (value === null || value === undefined || value === '') return '';
  // PostgreSQL's numeric text is already plain ("71.70"): only trailing zeros go, without a Decimal
  const plain = PLAIN_DECIMAL.exec(value);
  if (plain) {
    const [, sign = '', whole = '', fraction = ''] = plain;
    const digits = fraction.replace(/0+$/, '');
    const out = digits === '' ? `${sign}${whole}` : `${sign}${whole}.${digits}`;
    return /^-0(\.0*)?$/.test(out) ? out.slice(1) : out;
  }
  return formatPlainNumber(d(value));
}

/** A decimal as PostgreSQL writes numeric: an optional minus, digits without leading zeros, a fraction. */
const PLAIN_DECIMAL = /^(-?)(0|[1-9]\d*)(?:\.(\d+))?$/;

/** Wareki labels of the years already written (a file or an API page repeats a few years many times). */
const FISCAL_YEAR_LABELS = new Map<number, string>();

/** 2013 → { fiscalYear: 2013, fiscalYearLabel: '平成25年度' }; null stays null with an empty label. */
export function presentFiscalYear(fiscalYear: number | null | undefined): { fiscalYear: number | null; fiscalYearLabel: string } {
  if (fiscalYear === null || fiscalYear === undefined) return { fiscalYear: null, fiscalYearLabel: '' };
  let label = FISCAL_YEAR_LABELS.get(fiscalYear);
  if (label === undefined) FISCAL_YEAR_LABELS.set(fiscalYear, (label = formatFiscalYear(fiscalYear)));
  return { fiscalYear, fiscalYearLabel: label };
}

export interface StoredValue {
  value: string | null;
  unit: string | null;
  approximate?: boolean;
  missingReason: string | null;
}

export interface PresentedValue {
  /** Plain decimal, '' when missing. */
  value: string;
  unit: string;
  /** The stored code of why the value is missing, '' when present. */
  missingReason: string;
  missingReasonLabel: string;
}

export function presentValue(stored: StoredValue): PresentedValue {
  const missingReasonLabel = labelOf(MISSING_REASON_LABELS, stored.missingReason);
  if (stored.value === null || stored.value === '') {
    return { value: '', unit: stored.unit ?? '', missingReason: stored.missingReason ?? '', missingReasonLabel };
  }
  return {
    value: presentDecimal(stored.value),
    unit: stored.unit ?? '',
    missingReason: '',
    missingReasonLabel: '',
  };
}
