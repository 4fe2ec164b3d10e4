// Reading the catalogue admin forms (all strings) into typed values: every problem becomes one
// Japanese sentence naming the field, thrown together as INVALID_INPUT so the page can show the
// form again with what was typed.
import { CATALOGUE_KINDS, DIRECTIONS } from '../db/schema.js';
import { AppError } from '../errors.js';
import type { CatalogueEntry } from './catalogue-format.js';

export type FormValues = Record<string, string>;

export const KIND_LABELS: Readonly<Record<(typeof CATALOGUE_KINDS)[number], string>> = {
  count: '件数・団体数など（人口あたりの値を出す）',
  amount: '金額など（人口あたりの値を出す）',
  ratio: '割合（人口あたりの値は出さない）',
};

export const DIRECTION_LABELS: Readonly<Record<(typeof DIRECTIONS)[number], string>> = {
  up: '上昇を目指す',
  down: '低下を目指す',
  maintain: '維持を目指す',
};

const CODE = /^[a-z0-9][a-z0-9-]*$/;
const DECIMAL = /^\d+(\.\d+)?$/;

/** The string fields of a parsed form body. */
export function formValues(body: Record<string, unknown>): FormValues {
  return Object.fromEntries(Object.entries(body).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

function text(values: FormValues, name: string): string {
  return (values[name] ?? '').trim();
}

function fail(problems: string[]): void {
  if (problems.length > 0) throw new AppError('INVALID_INPUT', { reason: problems.join('。') });
}

/** An entry's fields; `code` is read only when creating. */
export function readCatalogueEntry(values: FormValues, options: { withCode: boolean }): CatalogueEntry {
  const problems: string[] = [];
  const required = (name: string, label: string, max: number): string => {
    const value = text(values, name);
    if (value === '') problems.push(`「${label}」を入力してください`);
    else if (value.length > max) problems.push(`「${label}」は${max}文字以内にしてください（${value.length}文字）`);
    return value;
  };
  const optional = (name: string, label: string, max: number): string | null => {
    const value = text(values, name);
    if (value.length > max) problems.push(`「${label}」は${max}文字以内にしてください（${value.length}文字）`);
    return value === '' ? null : value;
  };
  const code = options.withCode ? required('code', 'コード', 100) : text(values, 'code');
  if (options.withCode && code !== '' && !CODE.test(code)) problems.push('「コード」は半角英小文字・数字・ハイフンで書いてください（例: volunteer-groups）');
  const entry = {
    code,
    name: required('name', '名称', 200),
    nameEn: optional('nameEn', '英語の名称', 200),
    description: optional('description', '説明', 4000),
    unit: required('unit', '比べる単位', 50),
    kind: oneOf(values, 'kind', '種類', CATALOGUE_KINDS, problems),
    direction: oneOf(values, 'direction', '目指す方向', DIRECTIONS, problems),
  };
  fail(problems);
  return entry;
}

function oneOf<T extends string>(values: FormValues, name: string, label: string, allowed: readonly T[], problems: string[]): T {
  const value = text(values, name);
  if ((allowed as readonly string[]).includes(value)) return value as T;
  problems.push(`「${label}」を選んでください`);
  return allowed[0] as T;
}

export interface LinkInput {
  planCode: string;
  indicatorCode: string;
  unitFactor: string;
  note: string | null;
}

/** The link form: `indicator` is "planCode|indicatorCode" (one choice from the grouped list). */
export function readCatalogueLink(values: FormValues): LinkInput {
  const problems: string[] = [];
  const choice = text(values, 'indicator');
  const bar = choice.indexOf('|');
  if (bar <= 0 || bar === choice.length - 1) problems.push('「対応付ける指標」を選んでください');
  const factorText = text(values, 'unitFactor').replace(/[０-９．]/g, (ch) => (ch === '．' ? '.' : String.fromCharCode(ch.charCodeAt(0) - 0xfee0))).replace(/,/g, '');
  const unitFactor = factorText === '' ? '1' : factorText;
  if (!DECIMAL.test(unitFactor) || /^0+(\.0+)?$/.test(unitFactor)) {
    problems.push(`「単位の換算係数」は0より大きい数で入力してください（例: 1、1000、0.001）。「${text(values, 'unitFactor')}」は使えません`);
  }
  const note = text(values, 'note');
  if (note.length > 2000) problems.push(`「定義の違い」は2000文字以内にしてください（${note.length}文字）`);
  fail(problems);
  return { planCode: choice.slice(0, bar), indicatorCode: choice.slice(bar + 1), unitFactor, note: note === '' ? null : note };
}
