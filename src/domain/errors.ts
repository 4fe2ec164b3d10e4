// The one error type of the domain library. Every parser and judgement function throws only
// DomainError (never TypeError, RangeError, a decimal.js error, …), so callers can map a domain
// failure to a user-facing message by its code alone.
//
// Messages are Japanese (what a person reads); `messageEn` is the English catalogue beside it.

export type DomainErrorCode =
  | 'TEXT_TOO_LONG'
  | 'NOT_A_STRING'
  | 'DECIMAL_INVALID'
  | 'FISCAL_YEAR_UNREADABLE'
  | 'FISCAL_YEAR_OUT_OF_RANGE'
  | 'FISCAL_YEAR_RANGE_UNREADABLE'
  | 'FISCAL_YEAR_RANGE_REVERSED'
  | 'ERA_UNKNOWN'
  | 'ERA_YEAR_ZERO'
  | 'ERA_YEAR_BEYOND_END'
  | 'ERA_DATE_OUT_OF_ERA'
  | 'DATE_UNREADABLE'
  | 'DATE_INVALID'
  | 'DATE_BEFORE_GREGORIAN'
  | 'NUMBER_UNREADABLE'
  | 'NUMBER_BREAKDOWN_MISMATCH'
  | 'JUDGEMENT_INPUT_INVALID'
  | 'SCALE_INVALID'
  | 'GRADE_UNKNOWN'
  | 'PROJECTION_INPUT_INVALID';

export type DomainErrorDetails = Readonly<Record<string, string | number | boolean | null>>;

type Template = (details: DomainErrorDetails) => string;

const s = (value: string | number | boolean | null | undefined): string =>
  value === undefined || value === null ? '' : String(value);

/** Japanese message templates, one per code. */
const JA: Record<DomainErrorCode, Template> = {
  TEXT_TOO_LONG: (x) => `入力が長すぎます（${s(x.length)}文字。上限は${s(x.limit)}文字）`,
  NOT_A_STRING: (x) => `文字列ではない値は読めません（${s(x.type)}）`,
  DECIMAL_INVALID: (x) => `「${s(x.text)}」は数値として扱えません（${s(x.reason)}）`,
  FISCAL_YEAR_UNREADABLE: (x) => `「${s(x.text)}」を年度として読めません` + (x.reason ? `（${s(x.reason)}）` : ''),
  FISCAL_YEAR_OUT_OF_RANGE: (x) => `「${s(x.text)}」は扱える年度の範囲外です（${s(x.reason)}）`,
  FISCAL_YEAR_RANGE_UNREADABLE: (x) => `「${s(x.text)}」を年度の範囲として読めません（${s(x.reason)}）`,
  FISCAL_YEAR_RANGE_REVERSED: (x) =>
    `「${s(x.text)}」は終わりの年度（${s(x.to)}年度）が始まりの年度（${s(x.from)}年度）より前です`,
  ERA_UNKNOWN: (x) =>
    `「${s(x.text)}」の元号「${s(x.era)}」は使えません（明治・大正・昭和・平成・令和、または M・T・S・H・R）`,
  ERA_YEAR_ZERO: (x) => `「${s(x.text)}」は存在しません（${s(x.era)}は元年（1年）からです）`,
  ERA_YEAR_BEYOND_END: (x) =>
    `「${s(x.text)}」は存在しません（${s(x.era)}は${s(x.lastYear)}年${s(x.endMonth)}月${s(x.endDay)}日まで）` +
    (x.suggestion ? `。改元前に書かれた年度なら${s(x.suggestion)}です` : ''),
  ERA_DATE_OUT_OF_ERA: (x) => `「${s(x.text)}」は${s(x.era)}の期間外です（${s(x.range)}）`,
  DATE_UNREADABLE: (x) => `「${s(x.text)}」を日付として読めません` + (x.reason ? `（${s(x.reason)}）` : ''),
  DATE_INVALID: (x) => `「${s(x.text)}」は存在しない日付です（${s(x.reason)}）`,
  DATE_BEFORE_GREGORIAN: (x) =>
    `「${s(x.text)}」は明治6年（1873年）の改暦より前の日付のため、西暦に換算できません`,
  NUMBER_UNREADABLE: (x) => `「${s(x.text)}」を数値として読めません（${s(x.reason)}）`,
  NUMBER_BREAKDOWN_MISMATCH: (x) =>
    `「${s(x.text)}」の内訳の合計 ${s(x.sum)} が総数 ${s(x.total)} と一致しません`,
  JUDGEMENT_INPUT_INVALID: (x) => `達成度を計算できない入力です（${s(x.reason)}）`,
  SCALE_INVALID: (x) => `評価尺度の定義が正しくありません（${s(x.reason)}）`,
  GRADE_UNKNOWN: (x) => `評価「${s(x.grade)}」は尺度「${s(x.scale)}」にありません`,
  PROJECTION_INPUT_INVALID: (x) => `見通しを計算できない入力です（${s(x.reason)}）`,
};

/** English catalogue beside the Japanese one (same codes, same details). */
const EN: Record<DomainErrorCode, Template> = {
  TEXT_TOO_LONG: (x) => `Input too long (${s(x.length)} characters, limit ${s(x.limit)})`,
  NOT_A_STRING: (x) => `Not a string (${s(x.type)})`,
  DECIMAL_INVALID: (x) => `"${s(x.text)}" is not a usable number (${s(x.reasonEn ?? x.reason)})`,
  FISCAL_YEAR_UNREADABLE: (x) => `Cannot read "${s(x.text)}" as a fiscal year`,
  FISCAL_YEAR_OUT_OF_RANGE: (x) => `"${s(x.text)}" is outside the supported fiscal years`,
  FISCAL_YEAR_RANGE_UNREADABLE: (x) => `Cannot read "${s(x.text)}" as a range of fiscal years`,
  FISCAL_YEAR_RANGE_REVERSED: (x) => `"${s(x.text)}" ends (FY${s(x.to)}) before it starts (FY${s(x.from)})`,
  ERA_UNKNOWN: (x) => `Unknown era "${s(x.era)}" in "${s(x.text)}"`,
  ERA_YEAR_ZERO: (x) => `"${s(x.text)}" does not exist (era years start at 1)`,
  ERA_YEAR_BEYOND_END: (x) => `"${s(x.text)}" does not exist (the era ended in its year ${s(x.lastYear)})`,
  ERA_DATE_OUT_OF_ERA: (x) => `"${s(x.text)}" is outside the era ${s(x.era)}`,
  DATE_UNREADABLE: (x) => `Cannot read "${s(x.text)}" as a date`,
  DATE_INVALID: (x) => `"${s(x.text)}" is not a real date`,
  DATE_BEFORE_GREGORIAN: (x) => `"${s(x.text)}" is before the 1873 calendar reform`,
  NUMBER_UNREADABLE: (x) => `Cannot read "${s(x.text)}" as a number (${s(x.reasonEn ?? x.reason)})`,
  NUMBER_BREAKDOWN_MISMATCH: (x) => `Breakdown of "${s(x.text)}" sums to ${s(x.sum)}, not ${s(x.total)}`,
  JUDGEMENT_INPUT_INVALID: (x) => `Invalid input for an achievement rate (${s(x.reasonEn ?? x.reason)})`,
  SCALE_INVALID: (x) => `Invalid scale definition (${s(x.reasonEn ?? x.reason)})`,
  GRADE_UNKNOWN: (x) => `Grade "${s(x.grade)}" is not in scale "${s(x.scale)}"`,
  PROJECTION_INPUT_INVALID: (x) => `Invalid input for a projection (${s(x.reasonEn ?? x.reason)})`,
};

export class DomainError extends Error {
  override readonly name = 'DomainError';
  readonly code: DomainErrorCode;
  readonly details: DomainErrorDetails;
  /** The same message from the English catalogue. */
  readonly messageEn: string;

  constructor(code: DomainErrorCode, details: DomainErrorDetails = {}) {
    super(JA[code](details));
    this.code = code;
    this.details = details;
    this.messageEn = EN[code](details);
  }
}

export function isDomainError(value: unknown): value is DomainError {
  return value instanceof DomainError;
}

/** Longest text any parser accepts; longer input is rejected before any pattern runs. */
export const MAX_TEXT_LENGTH = 200;

/** Shared guard for parser entry points: a string, not absurdly long. */
export function assertParsableText(text: unknown): asserts text is string {
  if (typeof text !== 'string') throw new DomainError('NOT_A_STRING', { type: typeof text });
  if (text.length > MAX_TEXT_LENGTH) {
    throw new DomainError('TEXT_TOO_LONG', { length: text.length, limit: MAX_TEXT_LENGTH });
  }
}
