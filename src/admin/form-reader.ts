// Reads the fields of an authoring form (all strings) into typed values, collecting every
// problem as a Japanese sentence naming the field; done() throws them together as one
// INVALID_INPUT, so the page re-shows the form with everything the admin typed.
import { AppError } from '../errors.js';
import { isDomainError } from '../domain/errors.js';
import { parseJapaneseNumber } from '../domain/numbers.js';
import { parseFiscalYear } from '../domain/wareki.js';

export type FormValues = Record<string, string>;

/** The string fields of a parsed form body (files and repeated fields are left out). */
export function formValues(body: Record<string, unknown>): FormValues {
  return Object.fromEntries(Object.entries(body).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

const CODE = /^[a-z0-9][a-z0-9-]*$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export class FormReader {
  readonly problems: string[] = [];

  constructor(readonly values: FormValues) {}

  private raw(name: string): string {
    return (this.values[name] ?? '').trim();
  }

  problem(message: string): void {
    this.problems.push(message);
  }

  /** Trimmed text; null when empty (a problem when required). */
  text(name: string, label: string, options: { required?: boolean; max?: number } = {}): string | null {
    const value = this.raw(name);
    if (value === '') {
      if (options.required) this.problem(`「${label}」を入力してください`);
      return null;
    }
    const max = options.max ?? 2000;
    if (value.length > max) this.problem(`「${label}」は${max}文字以内にしてください（${value.length}文字）`);
    return value;
  }

  /** A code used in URLs: 半角英小文字・数字・ハイフン. */
  code(name: string, label: string): string {
    const value = this.text(name, label, { required: true, max: 60 }) ?? '';
    if (value !== '' && !CODE.test(value)) this.problem(`「${label}」は半角英小文字・数字・ハイフンで書いてください（例: plan-2026）`);
    return value;
  }

  /** A fiscal year as written: 2026, 令和8年度, R8, 平成31年度. */
  fiscalYear(name: string, label: string, options: { required?: boolean } = {}): number | null {
    const value = this.text(name, label, options);
    if (value === null) return null;
    try {
      return parseFiscalYear(value, { beyondEraEnd: 'extend' });
    } catch (error) {
      if (!isDomainError(error)) throw error;
      this.problem(`「${label}」: ${error.message}`);
      return null;
    }
  }

  integer(name: string, label: string, options: { required?: boolean; min?: number; max?: number } = {}): number | null {
    const value = this.text(name, label, options);
    if (value === null) return null;
    const digits = value.replace(/[,，]/g, '').replace(/[０-９]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0));
    const n = Number(digits);
    if (!/^-?\d+$/.test(digits) || !Number.isSafeInteger(n)) {
      this.problem(`「${label}」は整数で入力してください（「${value}」）`);
      return null;
    }
    if (options.min !== undefined && n < options.min) this.problem(`「${label}」は${options.min}以上にしてください`);
    if (options.max !== undefined && n > options.max) this.problem(`「${label}」は${options.max}以下にしてください`);
    return n;
  }

  /** A number as a decimal string; Japanese notation is read too (2,500団体, 7億4,000万円, 42.5%). */
  decimal(name: string, label: string, options: { required?: boolean } = {}): string | null {
    const value = this.text(name, label, options);
    if (value === null) return null;
    try {
      const parsed = parseJapaneseNumber(value);
      if (parsed.kind === 'value') return parsed.value.toFixed();
      this.problem(`「${label}」には数値を入力してください（「${value}」）`);
    } catch (error) {
      if (!isDomainError(error)) throw error;
      this.problem(`「${label}」: ${error.message}`);
    }
    return null;
  }

  date(name: string, label: string): string | null {
    const value = this.text(name, label);
    if (value === null) return null;
    if (!ISO_DATE.test(value) || Number.isNaN(Date.parse(value))) {
      this.problem(`「${label}」は日付（YYYY-MM-DD）で入力してください`);
      return null;
    }
    return value;
  }

  checked(name: string): boolean {
    const value = this.raw(name);
    return value === 'on' || value === '1' || value === 'true';
  }

  oneOf<T extends string>(name: string, label: string, allowed: readonly T[], fallback?: T): T {
    const value = this.raw(name);
    if ((allowed as readonly string[]).includes(value)) return value as T;
    if (value === '' && fallback !== undefined) return fallback;
    this.problem(`「${label}」を選んでください`);
    return fallback ?? (allowed[0] as T);
  }

  /** Throws INVALID_INPUT with every problem found, if any. */
  done(): void {
    if (this.problems.length > 0) throw new AppError('INVALID_INPUT', { reason: this.problems.join('。') });
  }
}
