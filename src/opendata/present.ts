// The one presenter of numbers, years and missing values. Open data files (CSV, JSON, Excel),
// the API and pages call these functions, so a figure reads the same everywhere: the value as a
// plain decimal ("496000000", "71.7"), the display in Japanese style ("約4億9,600万円"), the
// fiscal year as a number with its wareki label, and an empty value with its reason.
import { d } from '../domain/decimal.js';
import { formatJapaneseNumber, formatPlainNumber, MISSING_REASON_LABELS } from '../domain/numbers.js';
import { formatFiscalYear } from '../domain/wareki.js';
import { labelOf } from './labels.js';

/** A stored decimal (numeric as text) as open data writes it: plain digits, '.' decimals; '' when absent. */
export function presentDecimal(value: string | null | undefined): string {
  if (value === null || value === undefined || value === '') return '';
  return formatPlainNumber(d(value));
}

/** 2013 → { fiscalYear: 2013, fiscalYearLabel: '平成25年度' }; null stays null with an empty label. */
export function presentFiscalYear(fiscalYear: number | null | undefined): { fiscalYear: number | null; fiscalYearLabel: string } {
  if (fiscalYear === null || fiscalYear === undefined) return { fiscalYear: null, fiscalYearLabel: '' };
  return { fiscalYear, fiscalYearLabel: formatFiscalYear(fiscalYear) };
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
  /** Japanese style with unit (約4億9,600万円), or the missing reason's label. */
  display: string;
  unit: string;
  /** The stored code of why the value is missing, '' when present. */
  missingReason: string;
  missingReasonLabel: string;
}

export function presentValue(stored: StoredValue): PresentedValue {
  const missingReasonLabel = labelOf(MISSING_REASON_LABELS, stored.missingReason);
  if (stored.value === null || stored.value === '') {
    return { value: '', display: missingReasonLabel, unit: stored.unit ?? '', missingReason: stored.missingReason ?? '', missingReasonLabel };
  }
  return {
    value: presentDecimal(stored.value),
    display: formatJapaneseNumber(d(stored.value), stored.unit, { approximate: stored.approximate ?? false }),
    unit: stored.unit ?? '',
    missingReason: '',
    missingReasonLabel: '',
  };
}
