// 和暦 (Japanese eras), fiscal years (年度, April–March) and dates: parse and format.
//
// Fiscal years are identified by the Western year in which they start: 2019 = 2019年度 =
// 令和元年度 = 平成31年度 (1 April 2019 – 31 March 2020).
import { DomainError, assertParsableText } from './errors.js';
import { compact } from './text.js';

export type EraName = '明治' | '大正' | '昭和' | '平成' | '令和';
export type EraLetter = 'M' | 'T' | 'S' | 'H' | 'R';

export interface Era {
  name: EraName;
  letter: EraLetter;
  /** First day (ISO). 明治 is counted from 1868-01-25 (慶応4年1月1日, to which 改元 applied). */
  start: string;
  /** Last day (ISO), null for the current era. */
  end: string | null;
}

/** Eras, oldest first. Boundaries are exact days. */
export const ERAS: readonly Era[] = [
  { name: '明治', letter: 'M', start: '1868-01-25', end: '1912-07-29' },
  { name: '大正', letter: 'T', start: '1912-07-30', end: '1926-12-24' },
  { name: '昭和', letter: 'S', start: '1926-12-25', end: '1989-01-07' },
  { name: '平成', letter: 'H', start: '1989-01-08', end: '2019-04-30' },
  { name: '令和', letter: 'R', start: '2019-05-01', end: null },
];

/** Dates before this day are written in the lunisolar calendar and are not converted. */
const GREGORIAN_ADOPTION = '1873-01-01';
/** Calendar years accepted in dates. */
const MIN_YEAR = 1000;
const MAX_YEAR = 2999;
/** Fiscal years accepted everywhere: from 明治元年度 to the last whose end (March) is still a valid date. */
export const FISCAL_YEAR_MIN = 1868;
export const FISCAL_YEAR_MAX = 2998;

interface Ymd {
  year: number;
  month: number;
  day: number;
}

const ERA_PATTERN = '(明治|大正|昭和|平成|令和|[MTSHRmtshr])';

function eraByToken(token: string): Era {
  const upper = token.toUpperCase();
  const era = ERAS.find((e) => e.name === token || e.letter === upper);
  // The patterns only let known tokens through; this is a guard for the type checker.
  if (!era) throw new DomainError('ERA_UNKNOWN', { text: token, era: token });
  return era;
}

function yearOf(iso: string): number {
  return Number(iso.slice(0, 4));
}

function monthDayOf(iso: string): { month: number; day: number } {
  return { month: Number(iso.slice(5, 7)), day: Number(iso.slice(8, 10)) };
}

function startYear(era: Era): number {
  return yearOf(era.start);
}

/** Era year as written: 元 → 1, otherwise the digits. */
function eraYearNumber(token: string): number {
  return token === '元' ? 1 : Number(token);
}

function eraYearLabel(eraYear: number): string {
  return eraYear === 1 ? '元' : String(eraYear);
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function isoOf(x: Ymd): string {
  return `${String(x.year).padStart(4, '0')}-${pad2(x.month)}-${pad2(x.day)}`;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function validateYmd(x: Ymd, text: string): void {
  if (x.year < MIN_YEAR || x.year > MAX_YEAR) {
    throw new DomainError('DATE_INVALID', { text, reason: `年は${MIN_YEAR}〜${MAX_YEAR}年で書いてください` });
  }
  if (x.month < 1 || x.month > 12) {
    throw new DomainError('DATE_INVALID', { text, reason: `${x.month}月はありません` });
  }
  const last = daysInMonth(x.year, x.month);
  if (x.day < 1 || x.day > last) {
    throw new DomainError('DATE_INVALID', {
      text,
      reason: x.day < 1 ? `${x.day}日はありません` : `${x.year}年${x.month}月は${last}日まで`,
    });
  }
}

/** The era in force on an ISO date (throws for dates before 明治). */
export function eraOfDate(iso: string): Era {
  const date = parseIsoDate(iso);
  const key = isoOf(date);
  for (let i = ERAS.length - 1; i >= 0; i--) {
    const era = ERAS[i];
    if (era && key >= era.start) return era;
  }
  throw new DomainError('ERA_DATE_OUT_OF_ERA', { text: iso, era: '明治', range: '明治は1868年1月25日から' });
}

function eraRangeText(era: Era): string {
  if (era.end === null) {
    const { month, day } = monthDayOf(era.start);
    return `${era.name}は元年${month}月${day}日から`;
  }
  const { month, day } = monthDayOf(era.end);
  const last = yearOf(era.end) - startYear(era) + 1;
  const start = monthDayOf(era.start);
  return `${era.name}は元年${start.month}月${start.day}日から${last}年${month}月${day}日まで`;
}

function beyondEndError(text: string, era: Era, suggestion: string | null): DomainError {
  const end = era.end ?? '';
  const { month, day } = monthDayOf(end);
  return new DomainError('ERA_YEAR_BEYOND_END', {
    text,
    era: era.name,
    lastYear: yearOf(end) - startYear(era) + 1,
    endMonth: month,
    endDay: day,
    suggestion,
  });
}

// ---------------------------------------------------------------------------------------------
// Fiscal years

export interface ParseFiscalYearOptions {
  /**
   * What to do with an era year after the era ended, e.g. 「H34」 or 「平成32年度」 written in a plan
   * adopted before the 2019 改元 (Sapporo's 戦略ビジョン H34 = 2022年度). 'reject' (default) throws
   * 「平成32年」は存在しません; 'extend' counts on (平成34 → 2022) and flags `beyondEraEnd`.
   */
  beyondEraEnd?: 'reject' | 'extend';
}

export interface ParsedFiscalYear {
  /** Western year in which the fiscal year starts. */
  fiscalYear: number;
  /** The era as written, null for a Western year. */
  era: EraName | null;
  eraYear: number | null;
  /** True when the era year is past the end of its era and was accepted by `beyondEraEnd: 'extend'`. */
  beyondEraEnd: boolean;
  text: string;
}

function checkWesternYear(year: number, text: string): number {
  if (!Number.isInteger(year) || year < FISCAL_YEAR_MIN || year > FISCAL_YEAR_MAX) {
    throw new DomainError('FISCAL_YEAR_OUT_OF_RANGE', { text, reason: `${FISCAL_YEAR_MIN}〜${FISCAL_YEAR_MAX}年度` });
  }
  return year;
}

/** Western year of era year N of an era, validated for use as a (fiscal) year label. */
function westernYearOfEraYear(
  era: Era,
  eraYear: number,
  text: string,
  beyondEraEnd: 'reject' | 'extend',
): { year: number; beyond: boolean } {
  if (eraYear < 1) throw new DomainError('ERA_YEAR_ZERO', { text, era: era.name });
  const year = startYear(era) + eraYear - 1;
  checkWesternYear(year, text);
  if (era.end !== null && year > yearOf(era.end)) {
    if (beyondEraEnd === 'extend') return { year, beyond: true };
    throw beyondEndError(text, era, `${formatFiscalYear(year, { style: 'wareki' })}（${year}年度）`);
  }
  return { year, beyond: false };
}

const FY_WESTERN = /^(?:FY)?(\d{4})(?:年度|年)?$/i;
const FY_ERA = new RegExp(`^${ERA_PATTERN}(元|\\d{1,3})(?:年度|年)?$`);
const FY_ERA_WITH_WESTERN = new RegExp(`^${ERA_PATTERN}(元|\\d{1,3})(?:\\((\\d{4})\\)(?:年度|年)?|(?:年度|年)?\\((\\d{4})(?:年度|年)?\\))$`);
const FY_WESTERN_WITH_ERA = new RegExp(`^(\\d{4})(?:年度|年)?\\(${ERA_PATTERN}(元|\\d{1,3})(?:年度|年)?\\)$`);
const FY_UNKNOWN_LETTER = /^([A-Za-z])(\d{1,3})(?:年度|年)?$/;
const FY_UNKNOWN_ERA = /^(\p{Script=Han}{2})(元|\d{1,3})(?:年度|年)$/u;

/**
 * Parse a fiscal year as written: 2019, 2019年度, FY2019, 平成31年度, H31, R1, R元, 令和元年度,
 * 令和元年, 全角 digits, 「令和元年度（2019年度）」, 「平成27（2015）年」. Throws DomainError.
 */
export function parseFiscalYearDetailed(text: string, options: ParseFiscalYearOptions = {}): ParsedFiscalYear {
  assertParsableText(text);
  const c = compact(text);
  const beyondMode = options.beyondEraEnd ?? 'reject';
  let m = FY_WESTERN.exec(c);
  if (m) {
    return { fiscalYear: checkWesternYear(Number(m[1]), text), era: null, eraYear: null, beyondEraEnd: false, text };
  }
  m = FY_ERA.exec(c);
  if (m) {
    const era = eraByToken(m[1] ?? '');
    const eraYear = eraYearNumber(m[2] ?? '');
    const { year, beyond } = westernYearOfEraYear(era, eraYear, text, beyondMode);
    return { fiscalYear: year, era: era.name, eraYear, beyondEraEnd: beyond, text };
  }
  m = FY_ERA_WITH_WESTERN.exec(c);
  if (m) {
    const era = eraByToken(m[1] ?? '');
    const eraYear = eraYearNumber(m[2] ?? '');
    const { year, beyond } = westernYearOfEraYear(era, eraYear, text, beyondMode);
    const western = Number(m[3] ?? m[4]);
    if (western !== year) {
      throw new DomainError('FISCAL_YEAR_UNREADABLE', { text, reason: `和暦と西暦（${western}年）が一致しません` });
    }
    return { fiscalYear: year, era: era.name, eraYear, beyondEraEnd: beyond, text };
  }
  m = FY_WESTERN_WITH_ERA.exec(c);
  if (m) {
    const western = checkWesternYear(Number(m[1]), text);
    const era = eraByToken(m[2] ?? '');
    const eraYear = eraYearNumber(m[3] ?? '');
    const { year, beyond } = westernYearOfEraYear(era, eraYear, text, beyondMode);
    if (western !== year) {
      throw new DomainError('FISCAL_YEAR_UNREADABLE', { text, reason: `西暦と和暦（${era.name}${eraYearLabel(eraYear)}年）が一致しません` });
    }
    return { fiscalYear: year, era: era.name, eraYear, beyondEraEnd: beyond, text };
  }
  m = FY_UNKNOWN_LETTER.exec(c) ?? FY_UNKNOWN_ERA.exec(c);
  if (m) throw new DomainError('ERA_UNKNOWN', { text, era: m[1] ?? '' });
  throw new DomainError('FISCAL_YEAR_UNREADABLE', { text });
}

/** Western start year of a fiscal year as written (see parseFiscalYearDetailed). */
export function parseFiscalYear(text: string, options: ParseFiscalYearOptions = {}): number {
  return parseFiscalYearDetailed(text, options).fiscalYear;
}

export type FiscalYearStyle =
  | 'wareki' // 令和元年度
  | 'short' //  R1
  | 'western' // 2019年度
  | 'both' //   令和元年度（2019年度）
  | 'iso'; //   2019 (open data column)

function assertFiscalYear(fiscalYear: number): void {
  checkWesternYear(fiscalYear, String(fiscalYear));
}

/**
 * The era a fiscal year is labelled with: the era in force on 31 December of its start year.
 * So 2019 → 令和元年度 (by convention, although 1–30 April 2019 was still 平成), 1988 → 昭和63年度,
 * 1989 → 平成元年度.
 */
export function eraOfFiscalYear(fiscalYear: number): { era: Era; eraYear: number } {
  assertFiscalYear(fiscalYear);
  const era = eraOfDate(`${fiscalYear}-12-31`);
  return { era, eraYear: fiscalYear - startYear(era) + 1 };
}

/** 2019 → '令和元年度' (wareki), 'R1' (short), '2019年度' (western), '令和元年度（2019年度）', '2019'. */
export function formatFiscalYear(fiscalYear: number, options: { style?: FiscalYearStyle } = {}): string {
  assertFiscalYear(fiscalYear);
  const style = options.style ?? 'wareki';
  if (style === 'iso') return String(fiscalYear);
  if (style === 'western') return `${fiscalYear}年度`;
  const { era, eraYear } = eraOfFiscalYear(fiscalYear);
  if (style === 'short') return `${era.letter}${eraYear}`;
  const wareki = `${era.name}${eraYearLabel(eraYear)}年度`;
  return style === 'both' ? `${wareki}（${fiscalYear}年度）` : wareki;
}

// ---------------------------------------------------------------------------------------------
// Fiscal year ranges

export interface FiscalYearRange {
  from: number;
  to: number;
}

const RANGE_SPLIT = /^(.+?)(?:〜|~|-|–|—|―|−|ー|から)(.+)$/;
const RANGE_RIGHT_ERA_YEAR = /^(元|\d{1,3})(?:年度|年)?$/;

/**
 * 「平成28〜令和2年度」, 「H26-30」, 「令和3年度～7年度」, 「令和3年度から令和7年度まで」,
 * 「2016〜2020年度」 → { from, to } (Western start years, inclusive). The right side inherits the
 * left side's era when it has none.
 */
export function parseFiscalYearRange(text: string, options: ParseFiscalYearOptions = {}): FiscalYearRange {
  assertParsableText(text);
  const c = compact(text).replace(/まで$/, '');
  const m = RANGE_SPLIT.exec(c);
  if (!m) throw new DomainError('FISCAL_YEAR_RANGE_UNREADABLE', { text, reason: '「〜」で区切ってください' });
  const leftText = m[1] ?? '';
  const rightText = m[2] ?? '';
  const left = parseFiscalYearDetailed(leftText, options);
  let to: number;
  const inherit = RANGE_RIGHT_ERA_YEAR.exec(rightText);
  if (inherit) {
    if (left.era === null) {
      throw new DomainError('FISCAL_YEAR_RANGE_UNREADABLE', { text, reason: '終わりの年度の元号または西暦がわかりません' });
    }
    const era = eraByToken(left.era);
    to = westernYearOfEraYear(era, eraYearNumber(inherit[1] ?? ''), `${left.era}${rightText}`, options.beyondEraEnd ?? 'reject').year;
  } else {
    to = parseFiscalYearDetailed(rightText, options).fiscalYear;
  }
  if (to < left.fiscalYear) throw new DomainError('FISCAL_YEAR_RANGE_REVERSED', { text, from: left.fiscalYear, to });
  return { from: left.fiscalYear, to };
}

/**
 * (2016, 2020) → '平成28〜令和2年度'; (2021, 2025) → '令和3〜7年度'; short → 'H28〜R2' / 'R3〜R7';
 * western → '2016〜2020年度'.
 */
export function formatFiscalYearRange(
  from: number,
  to: number,
  options: { style?: Exclude<FiscalYearStyle, 'both' | 'iso'> } = {},
): string {
  assertFiscalYear(from);
  assertFiscalYear(to);
  if (to < from) throw new DomainError('FISCAL_YEAR_RANGE_REVERSED', { text: `${from}〜${to}`, from, to });
  const style = options.style ?? 'wareki';
  if (style === 'western') return `${from}〜${to}年度`;
  if (style === 'short') return `${formatFiscalYear(from, { style: 'short' })}〜${formatFiscalYear(to, { style: 'short' })}`;
  const a = eraOfFiscalYear(from);
  const b = eraOfFiscalYear(to);
  const right = a.era === b.era ? eraYearLabel(b.eraYear) : `${b.era.name}${eraYearLabel(b.eraYear)}`;
  return `${a.era.name}${eraYearLabel(a.eraYear)}〜${right}年度`;
}

// ---------------------------------------------------------------------------------------------
// Dates

export interface JapaneseDate {
  /** ISO 8601 calendar date, 'YYYY-MM-DD'. */
  iso: string;
  year: number;
  month: number;
  day: number;
  /** The era as written, null for a Western date. */
  era: EraName | null;
  eraYear: number | null;
  /** True when written as an as-of date: 「…時点」 or 「…現在」. */
  asOf: boolean;
  text: string;
}

const DATE_ERA_DOTTED = new RegExp(`^${ERA_PATTERN}(元|\\d{1,3})[./-](\\d{1,2})[./-](\\d{1,2})$`);
const DATE_ERA_KANJI = new RegExp(`^${ERA_PATTERN}(元|\\d{1,3})年(\\d{1,2})月(\\d{1,2})日$`);
const DATE_WESTERN = /^(\d{4})(?:-(\d{2})-(\d{2})|[./](\d{1,2})[./](\d{1,2})|年(\d{1,2})月(\d{1,2})日)$/;
const DATE_UNKNOWN_ERA = /^([A-Za-z]|\p{Script=Han}{2})(元|\d{1,3})(?:[./-]\d{1,2}[./-]\d{1,2}|年\d{1,2}月\d{1,2}日)$/u;

/** Strict ISO 'YYYY-MM-DD' → year, month, day (valid calendar date). */
function parseIsoDate(iso: string): Ymd {
  assertParsableText(iso);
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) throw new DomainError('DATE_UNREADABLE', { text: iso });
  const x = { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
  validateYmd(x, iso);
  return x;
}

/**
 * Parse a date as written: 「H29.9.15」, 「H29.8.31.時点」, 「平成29年9月15日」, 「令和2年12月1日時点」,
 * 「2017-09-15」, 「2017/9/15」, 「2017年9月15日」, 全角 digits. Era boundaries are exact
 * (平成31年4月30日 exists, 平成31年5月1日 does not). Throws DomainError.
 */
export function parseJapaneseDate(text: string): JapaneseDate {
  assertParsableText(text);
  let c = compact(text);
  if (/^\(.*\)$/.test(c)) c = c.slice(1, -1);
  let asOf = false;
  const suffix = /\.?(時点|現在)$/.exec(c);
  if (suffix) {
    asOf = true;
    c = c.slice(0, suffix.index);
  }
  c = c.replace(/\.$/, '');

  let m = DATE_ERA_DOTTED.exec(c) ?? DATE_ERA_KANJI.exec(c);
  if (m) {
    const era = eraByToken(m[1] ?? '');
    const eraYear = eraYearNumber(m[2] ?? '');
    if (eraYear < 1) throw new DomainError('ERA_YEAR_ZERO', { text, era: era.name });
    const x: Ymd = { year: startYear(era) + eraYear - 1, month: Number(m[3]), day: Number(m[4]) };
    if (era.end !== null && x.year > yearOf(era.end)) throw beyondEndError(text, era, null);
    validateYmd(x, text);
    const iso = isoOf(x);
    if (iso < era.start || (era.end !== null && iso > era.end)) {
      throw new DomainError('ERA_DATE_OUT_OF_ERA', { text, era: era.name, range: eraRangeText(era) });
    }
    if (iso < GREGORIAN_ADOPTION) throw new DomainError('DATE_BEFORE_GREGORIAN', { text });
    return { iso, ...x, era: era.name, eraYear, asOf, text };
  }
  m = DATE_WESTERN.exec(c);
  if (m) {
    const x: Ymd = {
      year: Number(m[1]),
      month: Number(m[2] ?? m[4] ?? m[6]),
      day: Number(m[3] ?? m[5] ?? m[7]),
    };
    validateYmd(x, text);
    return { iso: isoOf(x), ...x, era: null, eraYear: null, asOf, text };
  }
  m = DATE_UNKNOWN_ERA.exec(c);
  if (m) throw new DomainError('ERA_UNKNOWN', { text, era: m[1] ?? '' });
  throw new DomainError('DATE_UNREADABLE', { text });
}

export type DateStyle =
  | 'wareki' //  平成29年9月15日
  | 'short' //   H29.9.15
  | 'western' // 2017年9月15日
  | 'iso'; //    2017-09-15

/** '2017-09-15' → '平成29年9月15日' (wareki, default), 'H29.9.15', '2017年9月15日', '2017-09-15'. */
export function formatJapaneseDate(iso: string, options: { style?: DateStyle } = {}): string {
  const x = parseIsoDate(iso);
  const style = options.style ?? 'wareki';
  if (style === 'iso') return isoOf(x);
  if (style === 'western') return `${x.year}年${x.month}月${x.day}日`;
  if (isoOf(x) < GREGORIAN_ADOPTION) throw new DomainError('DATE_BEFORE_GREGORIAN', { text: iso });
  const era = eraOfDate(iso);
  const eraYear = x.year - startYear(era) + 1;
  if (style === 'short') return `${era.letter}${eraYear}.${x.month}.${x.day}`;
  return `${era.name}${eraYearLabel(eraYear)}年${x.month}月${x.day}日`;
}

/** Fiscal year (April–March) a date falls in: '2017-09-15' → 2017, '2018-03-31' → 2017. */
export function fiscalYearOfDate(iso: string): number {
  const x = parseIsoDate(iso);
  return x.month >= 4 ? x.year : x.year - 1;
}

/** First and last day of a fiscal year: 2019 → { start: '2019-04-01', end: '2020-03-31' }. */
export function fiscalYearBounds(fiscalYear: number): { start: string; end: string } {
  assertFiscalYear(fiscalYear);
  return { start: `${fiscalYear}-04-01`, end: `${fiscalYear + 1}-03-31` };
}

/**
 * True when an as-of date (時点) lies before the last day of the fiscal year, i.e. the figure
 * covers only part of the year (H29状況 「37件（H29.9.15時点）」 for 2017年度).
 */
export function isPartOfFiscalYear(asOfIso: string, fiscalYear: number): boolean {
  const x = parseIsoDate(asOfIso);
  return isoOf(x) < fiscalYearBounds(fiscalYear).end;
}
