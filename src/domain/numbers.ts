// Japanese numbers as plans write them: 1,234 / １，２３４ / 約4億9,600万円 / 71.7% / 5.5‰ / ▲12 /
// 12.3万人 / 23 認定18、仮認定3、条例個別指定2 / 2,684 団体 (H29.8.31.時点) / 今後調査 / — / 未集計.
//
// The parser keeps the text as written next to an exact decimal value, never guesses: what it cannot
// read is a DomainError('NUMBER_UNREADABLE') whose message says why.
import { d, formatDecimal, groupThousands, ZERO } from './decimal.js';
import type { Decimal } from './decimal.js';
import { DomainError, assertParsableText, isDomainError } from './errors.js';
import { normalizeWidth } from './text.js';
import { parseFiscalYearRange, parseJapaneseDate } from './wareki.js';
import type { FiscalYearRange, ParseFiscalYearOptions } from './wareki.js';

/** Why a cell holds no value. */
export type MissingReason =
  | 'not_yet_surveyed' // 今後調査
  | 'not_applicable' //   — ー － ‐ (no value for this year / this target)
  | 'not_aggregated' //   未集計
  | 'not_evaluated' //    評価せず
  | 'not_implemented' //  未実施
  | 'blank'; //           空欄 / empty cell

export const MISSING_REASON_LABELS: Readonly<Record<MissingReason, string>> = {
  not_yet_surveyed: '今後調査',
  not_applicable: '—（該当なし）',
  not_aggregated: '未集計',
  not_evaluated: '評価せず',
  not_implemented: '未実施',
  blank: '空欄',
};

/** Words (compared after width normalisation and removing spaces) that mean "no value". */
export const MISSING_WORDS: Readonly<Record<string, MissingReason>> = {
  今後調査: 'not_yet_surveyed',
  調査予定: 'not_yet_surveyed',
  調査中: 'not_yet_surveyed',
  未集計: 'not_aggregated',
  集計中: 'not_aggregated',
  評価せず: 'not_evaluated',
  評価しない: 'not_evaluated',
  未評価: 'not_evaluated',
  未実施: 'not_implemented',
  該当なし: 'not_applicable',
  対象外: 'not_applicable',
  'N/A': 'not_applicable',
  空欄: 'blank',
};

/** A cell of only dashes means "not applicable": — ― ー － ‐ - – − ─ ━ ｰ (one or more). */
const DASHES_ONLY = /^[-‐‑‒–—―−ー─━]+$/;

/** 以上 / 以下 / 超 / 未満 written after a value (targets such as 「300団体以上」). */
export type Qualifier = 'at_least' | 'at_most' | 'more_than' | 'less_than';

export interface NumberPart {
  label: string;
  value: Decimal;
  unit?: string;
}

export interface ParsedNumber {
  kind: 'value';
  /** The text exactly as written. */
  text: string;
  value: Decimal;
  /** '%', '‰', '円', '件', '団体', … (after 万/億/兆 were applied to the value). */
  unit?: string;
  /** 約 / およそ / 概ね / 程度. */
  approximate: boolean;
  qualifier?: Qualifier;
  /** Breakdown: 「23 認定18、仮認定3、条例個別指定2」 → 認定 18, 仮認定 3, 条例個別指定 2. */
  parts?: NumberPart[];
  /** Text of a trailing parenthesis, as written: 「H29.8.31.時点」, 「H26-30 計」. */
  note?: string;
  /** As-of date (ISO) read from the note: (H29.9.15時点) → '2017-09-15'. */
  asOf?: string;
  /** Period read from a note such as (H26-30 計). */
  period?: FiscalYearRange;
}

export interface MissingValue {
  kind: 'missing';
  reason: MissingReason;
  text: string;
}

export type ParsedValue = ParsedNumber | MissingValue;

export interface ParseNumberOptions {
  /** Check that a breakdown sums to its total (default true). */
  checkBreakdown?: boolean;
  /** Passed to the fiscal-year reading of notes such as (H26-34 計). */
  beyondEraEnd?: ParseFiscalYearOptions['beyondEraEnd'];
}

const KANJI_UNITS: readonly { char: string; rank: number; factor: Decimal }[] = [
  { char: '兆', rank: 3, factor: d('1000000000000') },
  { char: '億', rank: 2, factor: d('100000000') },
  { char: '万', rank: 1, factor: d('10000') },
];
const TEN_THOUSAND = d(10000);

const APPROXIMATE_PREFIXES = ['約', 'およそ', 'おおむね', '概ね'] as const;
const SIGNS: Readonly<Record<string, 1 | -1>> = { '+': 1, '-': -1, '−': -1, '▲': -1, '△': -1 };
const QUALIFIER_WORDS: readonly [string, Qualifier | 'approximate'][] = [
  ['程度', 'approximate'],
  ['以上', 'at_least'],
  ['以下', 'at_most'],
  ['未満', 'less_than'],
  ['超', 'more_than'],
];

const NUMBER_TOKEN = /(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?/y;
const UNIT_TOKEN = /[\p{L}\p{M}%‰/²³°℃㎡㎞㎏]+/uy;
const LABEL_TOKEN = /[\p{L}\p{M}・]+/uy;
const KANJI_NUMERAL_START = /^[〇一二三四五六七八九十百千万億兆]/;
const DIGIT = /\d/;

class Scanner {
  pos = 0;
  constructor(
    readonly s: string,
    readonly text: string,
  ) {}

  eof(): boolean {
    return this.pos >= this.s.length;
  }

  peek(offset = 0): string {
    return this.s[this.pos + offset] ?? '';
  }

  startsWith(word: string): boolean {
    return this.s.startsWith(word, this.pos);
  }

  /** Skip spaces; true when at least one was skipped. */
  skipSpaces(): boolean {
    const start = this.pos;
    while (this.peek() === ' ') this.pos++;
    return this.pos > start;
  }

  sticky(re: RegExp): string | null {
    re.lastIndex = this.pos;
    const m = re.exec(this.s);
    if (!m) return null;
    this.pos += m[0].length;
    return m[0];
  }

  fail(reason: string, reasonEn: string): never {
    throw new DomainError('NUMBER_UNREADABLE', { text: this.text, reason, reasonEn });
  }

  failHere(): never {
    const rest = this.s.slice(this.pos, this.pos + 10);
    this.fail(`「${rest}」の部分を読めません`, `cannot read "${rest}"`);
  }
}

/** Digits with optional thousands separators and decimals: '1,234.5' → '1234.5'. */
function readNumberToken(sc: Scanner): string | null {
  const start = sc.pos;
  const token = sc.sticky(NUMBER_TOKEN);
  if (token === null) return null;
  const next = sc.peek();
  const after = sc.peek(1);
  if (DIGIT.test(next) || (next === ',' && DIGIT.test(after))) {
    sc.pos = start;
    sc.fail('桁区切りのカンマの位置が正しくありません（1,234 のように3桁ごと）', 'misplaced thousands separator');
  }
  if (next === '.' && DIGIT.test(after)) sc.fail('小数点が複数あります', 'more than one decimal point');
  return token.replace(/,/g, '');
}

/** A number with optional 兆/億/万 places: '4億9,600万' → 496000000, '12.3万' → 123000. */
function readMagnitude(sc: Scanner): Decimal | null {
  let total = ZERO;
  let lastRank = Number.POSITIVE_INFINITY;
  let components = 0;
  let fractionSeen = false;
  for (;;) {
    const token = readNumberToken(sc);
    if (token === null) break;
    if (fractionSeen) sc.fail('小数は一番下の位にだけ書けます', 'decimals only in the last place');
    const value = d(token);
    const unit = KANJI_UNITS.find((u) => u.char === sc.peek());
    if (components > 0 && value.greaterThanOrEqualTo(TEN_THOUSAND)) {
      sc.fail('億・万の下の位は9,999以下で書いてください', 'a lower place must be below 10,000');
    }
    components++;
    if (!unit) {
      total = total.plus(value);
      break;
    }
    if (unit.rank >= lastRank) sc.fail('兆・億・万の順序が正しくありません', 'places out of order');
    sc.pos++;
    total = total.plus(value.times(unit.factor));
    lastRank = unit.rank;
    if (token.includes('.')) fractionSeen = true;
  }
  return components === 0 ? null : total;
}

/** Strip trailing qualifier words from a unit: '団体以上' → ['団体', at_least]. */
function splitQualifiers(word: string): { unit: string; approximate: boolean; qualifier?: Qualifier } {
  let unit = word;
  let approximate = false;
  let qualifier: Qualifier | undefined;
  for (let changed = true; changed; ) {
    changed = false;
    for (const [suffix, meaning] of QUALIFIER_WORDS) {
      if (unit.endsWith(suffix)) {
        unit = unit.slice(0, -suffix.length);
        if (meaning === 'approximate') approximate = true;
        else if (qualifier === undefined) qualifier = meaning;
        changed = true;
      }
    }
  }
  return qualifier === undefined ? { unit, approximate } : { unit, approximate, qualifier };
}

function readUnit(sc: Scanner): string | null {
  const start = sc.pos;
  const unit = sc.sticky(UNIT_TOKEN);
  if (unit !== null && KANJI_NUMERAL_START.test(unit)) {
    sc.pos = start;
    sc.fail('漢数字の位（千・百など）は読めません。5,000 のように数字で書いてください', 'kanji numerals are not read');
  }
  return unit;
}

/** 「認定18、仮認定 3、条例個別指定2」 → parts. */
function readParts(sc: Scanner): NumberPart[] {
  const parts: NumberPart[] = [];
  for (;;) {
    sc.skipSpaces();
    if (sc.startsWith('うち')) sc.pos += 2;
    const label = sc.sticky(LABEL_TOKEN);
    if (label === null) sc.failHere();
    sc.skipSpaces();
    const value = readMagnitude(sc);
    if (value === null) sc.fail(`内訳「${label}」の数値がありません`, `no number for part "${label}"`);
    const unit = readUnit(sc);
    parts.push(unit === null ? { label, value } : { label, value, unit });
    const spaced = sc.skipSpaces();
    if (sc.eof()) return parts;
    const sep = sc.peek();
    if (sep === '、' || sep === ',' || sep === ';') {
      sc.pos++;
      continue;
    }
    if (!spaced) sc.failHere();
  }
}

/** Index of the '(' matching a final ')', or -1. */
function openingParenOfTrailingGroup(s: string): number {
  if (!s.endsWith(')')) return -1;
  let depth = 0;
  for (let i = s.length - 1; i >= 0; i--) {
    if (s[i] === ')') depth++;
    else if (s[i] === '(' && --depth === 0) return i;
  }
  return -1;
}

interface NoteReading {
  asOf?: string;
  period?: FiscalYearRange;
  parts?: NumberPart[];
}

function readNote(note: string, options: ParseNumberOptions): NoteReading {
  const compactNote = note.replace(/\s+/g, '');
  // An as-of date: 「H29.9.15時点」, 「H29.8.31.時点」, 「令和2年12月1日現在」 or a bare date. A note with
  // digits ending in 時点/現在 must be a real date; 「年度末時点」 stays a plain note.
  const looksLikeDate = /(時点|現在)$/.test(compactNote) && /\d/.test(compactNote);
  try {
    return { asOf: parseJapaneseDate(note).iso };
  } catch (error) {
    if (looksLikeDate) throw error;
  }
  // A period: 「H26-30 計」.
  if (/計$/.test(compactNote)) {
    return { period: parseFiscalYearRange(compactNote.slice(0, -1), { beyondEraEnd: options.beyondEraEnd ?? 'reject' }) };
  }
  // A breakdown: 「認定18、仮認定3、条例個別指定2」 (a list of at least two labelled numbers). Any other
  // note is kept as written.
  if (/[、,;]/.test(note) && /\d/.test(note)) {
    try {
      return { parts: readParts(new Scanner(note, note)) };
    } catch (error) {
      if (!isDomainError(error)) throw error;
    }
  }
  return {};
}

function missingReasonOf(normalized: string): MissingReason | null {
  if (normalized === '') return 'blank';
  if (DASHES_ONLY.test(normalized)) return 'not_applicable';
  return MISSING_WORDS[normalized.replace(/ /g, '')] ?? null;
}

/** Significant digits a value may have (20: beyond what any figure of a plan needs, within what every reader keeps exactly). */
export const MAX_SIGNIFICANT_DIGITS = 20;

/**
 * Read a value as written in a Japanese plan. Returns the exact value with unit, approximate flag,
 * qualifier, breakdown parts and note, or a missing reason for 今後調査 / — / 未集計 / 評価せず /
 * 未実施 / 空欄. Throws only DomainError.
 */
export function parseJapaneseNumber(text: string, options: ParseNumberOptions = {}): ParsedValue {
  assertParsableText(text);
  const normalized = normalizeWidth(text).trim().replace(/\s+/g, ' ');
  const missing = missingReasonOf(normalized);
  if (missing !== null) return { kind: 'missing', reason: missing, text };

  let body = normalized;
  let note: string | undefined;
  const open = openingParenOfTrailingGroup(body);
  if (open > 0) {
    note = body.slice(open + 1, -1).trim();
    body = body.slice(0, open).trim();
  }

  const sc: Scanner = new Scanner(body, text);
  let approximate = false;
  const prefix = APPROXIMATE_PREFIXES.find((p) => sc.startsWith(p));
  if (prefix) {
    approximate = true;
    sc.pos += prefix.length;
    sc.skipSpaces();
  }
  const sign = SIGNS[sc.peek()] ?? 0;
  if (sign !== 0) {
    sc.pos++;
    sc.skipSpaces();
  }
  const magnitude = readMagnitude(sc);
  if (magnitude === null) {
    if (sc.eof()) sc.fail('数字がありません', 'no digits');
    sc.failHere();
  }
  let value = sign === -1 ? magnitude.negated() : magnitude;
  if (value.isZero()) value = ZERO;
  // more digits than a figure of a plan ever has: refused rather than stored or shown rounded
  // (significant digits of the value: 1億 has 9, 0.0012 has 2)
  const digits = value.sd(true);
  if (digits > MAX_SIGNIFICANT_DIGITS) {
    sc.fail(`桁が多すぎます（有効数字${digits}桁）。有効数字${MAX_SIGNIFICANT_DIGITS}桁までの数値にしてください`, `${digits} significant digits; at most ${MAX_SIGNIFICANT_DIGITS} are allowed`);
  }

  const afterMagnitude = sc.pos;
  sc.skipSpaces();
  let unit: string | undefined;
  let qualifier: Qualifier | undefined;
  let word = readUnit(sc);
  if (word !== null && /^ ?\d/.test(sc.s.slice(sc.pos, sc.pos + 2))) {
    // Not a unit but the first label of a breakdown: 「23 認定18、…」.
    sc.pos = afterMagnitude;
    word = null;
  }
  if (word !== null) {
    const split = splitQualifiers(word);
    approximate ||= split.approximate;
    qualifier = split.qualifier;
    if (split.unit !== '') unit = split.unit;
  }
  const beforeSpaces = sc.pos;
  sc.skipSpaces();
  // A qualifier written apart from the unit: 「300 団体 以上」.
  const loose = QUALIFIER_WORDS.find(([w]) => sc.startsWith(w) && sc.s.length === sc.pos + w.length);
  if (loose && sc.pos > beforeSpaces) {
    sc.pos += loose[0].length;
    if (loose[1] === 'approximate') approximate = true;
    else qualifier ??= loose[1];
  }

  let parts: NumberPart[] | undefined;
  if (!sc.eof()) {
    // Anything after the value must be a breakdown set off by a space: 「23 認定18、…」.
    if (sc.pos === beforeSpaces) sc.failHere();
    parts = readParts(sc);
  }

  const result: ParsedNumber = { kind: 'value', text, value, approximate };
  if (unit !== undefined) result.unit = unit;
  if (qualifier !== undefined) result.qualifier = qualifier;
  if (note !== undefined) {
    result.note = note;
    const reading = readNote(note, options);
    if (reading.asOf !== undefined) result.asOf = reading.asOf;
    if (reading.period !== undefined) result.period = reading.period;
    if (reading.parts !== undefined) {
      if (parts !== undefined) sc.fail('内訳が二重に書かれています', 'two breakdowns');
      parts = reading.parts;
    }
  }
  if (parts !== undefined) {
    result.parts = parts;
    const sum = parts.reduce((acc, p) => acc.plus(p.value), ZERO);
    if (options.checkBreakdown !== false && !sum.equals(value)) {
      throw new DomainError('NUMBER_BREAKDOWN_MISMATCH', { text, sum: sum.toFixed(), total: value.toFixed() });
    }
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// Formatting

export interface FormatNumberOptions {
  /**
   * Write 兆/億/万 places: 'auto' (default: for 円 from 1万 up, as plans write money),
   * 'always', or 'never' (plain 496,000,000).
   */
  kanjiUnits?: 'auto' | 'always' | 'never';
  /** Prefix 約. */
  approximate?: boolean;
  /** Fixed decimals, rounded half-up (5.0‰). Default: as stored. */
  places?: number;
  /** '-12' (hyphen, default), '−12' (minus), '▲12' (triangle). */
  negative?: 'hyphen' | 'minus' | 'triangle';
}

const SIGN_TEXT = { hyphen: '-', minus: '−', triangle: '▲' } as const;

function formatWithKanjiPlaces(abs: Decimal, places: number | undefined): string {
  const fixed = places === undefined ? abs.toFixed() : abs.toFixed(places);
  const [intDigits = '0', fraction] = fixed.split('.');
  const groups: { digits: string; char: string }[] = [];
  let rest = intDigits;
  for (const { char } of [{ char: '' }, { char: '万' }, { char: '億' }]) {
    groups.unshift({ digits: rest.slice(-4), char });
    rest = rest.slice(0, -4);
    if (rest === '') break;
  }
  if (rest !== '') groups.unshift({ digits: rest, char: '兆' });
  let out = '';
  for (const g of groups) {
    const n = g.digits.replace(/^0+/, '');
    if (g.char === '') {
      if (n !== '' || fraction !== undefined || out === '') out += groupThousands(n === '' ? '0' : n);
    } else if (n !== '') {
      out += `${groupThousands(n)}${g.char}`;
    }
  }
  return fraction === undefined ? out : `${out}.${fraction}`;
}

/**
 * Japanese style: (496000000, '円') → '4億9,600万円'; (71.7, '%') → '71.7%';
 * (5, '‰', { places: 1 }) → '5.0‰'; (-12, undefined, { negative: 'triangle' }) → '▲12'.
 */
export function formatJapaneseNumber(value: Decimal, unit?: string | null, options: FormatNumberOptions = {}): string {
  const x = options.places === undefined ? d(value) : d(value).toDecimalPlaces(options.places);
  const mode = options.kanjiUnits ?? 'auto';
  const kanji = mode === 'always' || (mode === 'auto' && unit === '円' && x.abs().greaterThanOrEqualTo(TEN_THOUSAND));
  let body = kanji ? formatWithKanjiPlaces(x.abs(), options.places) : formatDecimal(x.abs(), options.places === undefined ? {} : { places: options.places });
  if (x.isNegative() && !x.isZero()) body = `${SIGN_TEXT[options.negative ?? 'hyphen']}${body}`;
  return `${options.approximate ? '約' : ''}${body}${unit ?? ''}`;
}

/** Plain for open data: no grouping, '-' for negatives, '.' decimals: 496000000, -12.5. */
export function formatPlainNumber(value: Decimal, options: { places?: number } = {}): string {
  const x = d(value);
  const out = options.places === undefined ? x.toFixed() : x.toFixed(options.places);
  return /^-0(\.0*)?$/.test(out) ? out.slice(1) : out;
}

/** A parsed value back in Japanese style; a missing value as its label (今後調査, —, …). */
export function formatParsedValue(value: ParsedValue, options: Omit<FormatNumberOptions, 'approximate'> = {}): string {
  if (value.kind === 'missing') return value.reason === 'not_applicable' ? '—' : value.reason === 'blank' ? '' : MISSING_REASON_LABELS[value.reason];
  return formatJapaneseNumber(value.value, value.unit, { ...options, approximate: value.approximate });
}
