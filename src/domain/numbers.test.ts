import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { d } from './decimal.js';
import type { Decimal } from './decimal.js';
import { DomainError } from './errors.js';
import { formatJapaneseNumber, formatParsedValue, formatPlainNumber, parseJapaneseNumber } from './numbers.js';
import type { ParsedNumber, ParsedValue } from './numbers.js';

function assertDomainError(fn: () => unknown, code: string, message?: string): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof DomainError, `expected DomainError, got ${String(error)}`);
    assert.equal(error.code, code);
    if (message !== undefined) assert.equal(error.message, message);
    return true;
  });
}

function value(text: string): ParsedNumber {
  const parsed = parseJapaneseNumber(text);
  assert.equal(parsed.kind, 'value', `${text} should be a value`);
  return parsed as ParsedNumber;
}

/** Compare a parsed value's decimal with the expected decimal string (exact, by value). */
function assertValue(text: string, expected: string, unit?: string, approximate = false): void {
  const parsed = value(text);
  assert.equal(parsed.value.toFixed(), expected, text);
  assert.equal(parsed.unit, unit, `${text} unit`);
  assert.equal(parsed.approximate, approximate, `${text} approximate`);
  assert.equal(parsed.text, text);
}

test('numbers as the Sapporo and Sendai documents write them', () => {
  assertValue('1,234', '1234');
  assertValue('１，２３４', '1234'); // 全角 digits and comma
  // 約4億9,600万円 = 4 × 100,000,000 + 9,600 × 10,000 = 400,000,000 + 96,000,000
  assertValue('約4億9,600万円', '496000000', '円', true);
  // 7億4,000万円 = 700,000,000 + 40,000,000
  assertValue('7億4,000万円', '740000000', '円');
  assertValue('71.7%', '71.7', '%');
  assertValue('７１．７％', '71.7', '%');
  assertValue('5.5‰', '5.5', '‰');
  assertValue('▲12', '-12');
  assertValue('△12', '-12');
  assertValue('-12', '-12');
  // 12.3万人 = 12.3 × 10,000
  assertValue('12.3万人', '123000', '人');
  // 12,345万円 = 12,345 × 10,000
  assertValue('12,345万円', '123450000', '円');
  assertValue('2,280 団体', '2280', '団体');
  assertValue('331件', '331', '件');
  assertValue('100%', '100', '%');
  assertValue('約500人程度', '500', '人', true);
  assertValue('0.5', '0.5');
  assertValue('1兆2億円', '1000200000000', '円'); // 1 × 10^12 + 2 × 10^8
});

test('binary floating point never appears: decimals are exact', () => {
  const a = value('0.1').value;
  const b = value('0.2').value;
  assert.equal(a.plus(b).toFixed(), '0.3');
  // 7億6,000万円 − 7億4,000万円 = 2,000万円
  assert.equal(value('7億6,000万円').value.minus(value('7億4,000万円').value).toFixed(), '20000000');
});

test('qualifiers 以上・以下・未満・超', () => {
  assert.equal(value('300団体以上').qualifier, 'at_least');
  assert.equal(value('300団体以上').unit, '団体');
  assert.equal(value('23,000件 以上').qualifier, 'at_least');
  assert.equal(value('40%以下').qualifier, 'at_most');
  assert.equal(value('5件未満').qualifier, 'less_than');
  assert.equal(value('5件超').qualifier, 'more_than');
});

test('a breakdown gives the total and its parts (Sapporo 認定NPO法人等)', () => {
  const parsed = value('23 認定18、仮認定 3、条例個別指定2');
  assert.equal(parsed.value.toFixed(), '23');
  assert.deepEqual(
    parsed.parts?.map((p) => [p.label, p.value.toFixed()]),
    [
      ['認定', '18'],
      ['仮認定', '3'],
      ['条例個別指定', '2'],
    ],
  );
  // 9 + 5 + 1 = 15
  assert.equal(value('15 認定9、仮認定5、 条例個別指定1').parts?.length, 3);
  assert.equal(value('23 (認定18、仮認定3、条例個別指定2)').parts?.length, 3);
  // 18 + 3 + 1 = 22 ≠ 23: an error the person sees, not a silent total
  assertDomainError(
    () => parseJapaneseNumber('23 認定18、仮認定3、条例個別指定1'),
    'NUMBER_BREAKDOWN_MISMATCH',
    '「23 認定18、仮認定3、条例個別指定1」の内訳の合計 22 が総数 23 と一致しません',
  );
  assert.equal(parseJapaneseNumber('23 認定18、仮認定3、条例個別指定1', { checkBreakdown: false }).kind, 'value');
});

test('notes: as-of dates and periods are read, other notes kept as written', () => {
  const asOf = value('2,684 団体 (H29.8.31.時点)');
  assert.equal(asOf.value.toFixed(), '2684');
  assert.equal(asOf.asOf, '2017-08-31'); // 平成29 = 2017
  assert.equal(asOf.note, 'H29.8.31.時点');
  assert.equal(value('37 件 (H29.9.15 時点)').asOf, '2017-09-15');
  const period = value('100 件 (H26-30 計)');
  assert.deepEqual(period.period, { from: 2014, to: 2018 }); // 平成26–30
  assert.equal(value('5件（見込み）').note, '見込み');
  assert.equal(value('5件（年度末時点）').asOf, undefined); // no date in it: kept as a note
  // A date that looks like an as-of date but does not exist is an error, not a plain note
  assertDomainError(() => parseJapaneseNumber('37 件 (H29.2.30 時点)'), 'DATE_INVALID');
});

test('non-values become missing reasons, never 0', () => {
  const cases: [string, string][] = [
    ['今後調査', 'not_yet_surveyed'],
    ['—', 'not_applicable'],
    ['ー', 'not_applicable'],
    ['－', 'not_applicable'],
    ['‐', 'not_applicable'],
    ['-', 'not_applicable'],
    ['未集計', 'not_aggregated'],
    ['評価せず', 'not_evaluated'],
    ['未実施', 'not_implemented'],
    ['空欄', 'blank'],
    ['', 'blank'],
    ['　', 'blank'],
  ];
  for (const [text, reason] of cases) {
    assert.deepEqual(parseJapaneseNumber(text), { kind: 'missing', reason, text }, text);
  }
});

test('what cannot be read is an error with the reason', () => {
  assertDomainError(
    () => parseJapaneseNumber('1,23'),
    'NUMBER_UNREADABLE',
    '「1,23」を数値として読めません（桁区切りのカンマの位置が正しくありません（1,234 のように3桁ごと））',
  );
  assertDomainError(() => parseJapaneseNumber('1,2345'), 'NUMBER_UNREADABLE');
  assertDomainError(() => parseJapaneseNumber('約'), 'NUMBER_UNREADABLE');
  assertDomainError(() => parseJapaneseNumber('億円'), 'NUMBER_UNREADABLE');
  assertDomainError(() => parseJapaneseNumber('1.2.3'), 'NUMBER_UNREADABLE');
  assertDomainError(() => parseJapaneseNumber('1e5'), 'NUMBER_UNREADABLE');
  assertDomainError(() => parseJapaneseNumber('5千万円'), 'NUMBER_UNREADABLE'); // kanji 千: not guessed
  assertDomainError(() => parseJapaneseNumber('1万2億'), 'NUMBER_UNREADABLE'); // places out of order
  assertDomainError(() => parseJapaneseNumber('1億12,000万'), 'NUMBER_UNREADABLE'); // lower place ≥ 1万
  assertDomainError(() => parseJapaneseNumber('1.5億3,000万'), 'NUMBER_UNREADABLE');
  assertDomainError(() => parseJapaneseNumber('23認定18'), 'NUMBER_UNREADABLE'); // no space before a breakdown
  assertDomainError(() => parseJapaneseNumber('x'.repeat(201)), 'TEXT_TOO_LONG');
  assertDomainError(() => parseJapaneseNumber(42 as unknown as string), 'NOT_A_STRING');
});

test('formatting in Japanese style and plain for open data', () => {
  assert.equal(formatJapaneseNumber(d('496000000'), '円', { approximate: true }), '約4億9,600万円');
  assert.equal(formatJapaneseNumber(d('740000000'), '円'), '7億4,000万円');
  assert.equal(formatJapaneseNumber(d('71.7'), '%'), '71.7%');
  assert.equal(formatJapaneseNumber(d('5'), '‰', { places: 1 }), '5.0‰');
  assert.equal(formatJapaneseNumber(d('12.25'), '%', { places: 1 }), '12.3%'); // half-up (half-even would give 12.2)
  assert.equal(formatJapaneseNumber(d('-12.25'), '%', { places: 1 }), '-12.3%'); // ties away from zero
  assert.equal(formatJapaneseNumber(d('123456.75'), '円', { places: 1 }), '12万3,456.8円');
  assert.equal(formatJapaneseNumber(d('2280'), '団体'), '2,280団体');
  assert.equal(formatJapaneseNumber(d('-12'), undefined, { negative: 'triangle' }), '▲12');
  assert.equal(formatJapaneseNumber(d('100000000'), '円'), '1億円');
  assert.equal(formatJapaneseNumber(d('100010000'), '円'), '1億1万円');
  assert.equal(formatJapaneseNumber(d('9999'), '円'), '9,999円'); // below 1万: plain
  assert.equal(formatJapaneseNumber(d('123000'), '人', { kanjiUnits: 'always' }), '12万3,000人');
  assert.equal(formatJapaneseNumber(d('496000000'), '円', { kanjiUnits: 'never' }), '496,000,000円');
  assert.equal(formatPlainNumber(d('496000000')), '496000000');
  assert.equal(formatPlainNumber(d('-12.50'), { places: 2 }), '-12.50');
  assert.equal(formatPlainNumber(d('-0.001'), { places: 1 }), '0.0');
  assert.equal(formatParsedValue(parseJapaneseNumber('今後調査')), '今後調査');
  assert.equal(formatParsedValue(parseJapaneseNumber('－')), '—');
  assert.equal(formatParsedValue(parseJapaneseNumber('約4億9,600万円')), '約4億9,600万円');
});

// ---------------------------------------------------------------------------------------------
// Properties

const RUNS = { numRuns: 10_000 };

/** Exact decimals: up to 16 integer digits and 0–3 decimals, either sign. */
const decimalValue = fc
  .tuple(fc.bigInt({ min: -(10n ** 19n), max: 10n ** 19n }), fc.integer({ min: 0, max: 3 }))
  .map(([digits, scale]) => d(digits).dividedBy(d(10n ** BigInt(scale))));

test('property: format → parse round trip of numbers (value, unit, approximate)', () => {
  fc.assert(
    fc.property(
      decimalValue,
      fc.constantFrom(undefined, '円', '%', '‰', '件', '人', '団体', '校'),
      fc.boolean(),
      fc.constantFrom('auto', 'always', 'never' as const),
      fc.constantFrom('hyphen', 'minus', 'triangle' as const),
      (x: Decimal, unit, approximate, kanjiUnits, negative) => {
        const text = formatJapaneseNumber(x, unit, { approximate, kanjiUnits, negative });
        const parsed: ParsedValue = parseJapaneseNumber(text);
        assert.equal(parsed.kind, 'value', text);
        if (parsed.kind !== 'value') return;
        assert.ok(parsed.value.equals(x), `${text} → ${parsed.value.toFixed()} ≠ ${x.toFixed()}`);
        assert.equal(parsed.unit, unit);
        assert.equal(parsed.approximate, approximate);
        assert.equal(formatPlainNumber(parsed.value), formatPlainNumber(x));
      },
    ),
    RUNS,
  );
});

const SYNTAX_PIECES = [
  '約', 'およそ', '概ね', '億', '万', '兆', '千', '円', '%', '％', '‰', '▲', '△', '+', '-', '−', '－', '—', 'ー', '‐',
  '0', '1', '2', '9', '00', '１', '２', ',', '，', '.', '．', '、', ' ', '　', '(', ')', '（', '）', '件', '人', '団体',
  '認定', '仮認定', 'うち', '計', '以上', '以下', '未満', '超', '程度', '今後調査', '未集計', '評価せず', '空欄',
  'H29.9.15', '時点', 'H26-30', '平成32年1月1日', '令和0年', 'e', 'E', 'N/A', '\u0000', '\uD800', '\u200B', '\uFEFF', '9'.repeat(30),
];

const arbitraryText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.array(fc.constantFrom(...SYNTAX_PIECES), { maxLength: 12 }).map((xs) => xs.join('')),
  fc
    .array(fc.oneof(fc.constantFrom(...SYNTAX_PIECES), fc.string({ unit: 'binary', maxLength: 2 })), { maxLength: 12 })
    .map((xs) => xs.join('')),
);

test('property: the number parser throws nothing but DomainError on arbitrary text, and values are finite', () => {
  fc.assert(
    fc.property(arbitraryText, (text) => {
      try {
        const parsed = parseJapaneseNumber(text);
        if (parsed.kind === 'value') assert.ok(parsed.value.isFinite());
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
      }
    }),
    RUNS,
  );
});

test('a value with more than 20 significant digits is refused in Japanese, not kept rounded; 20 are read exactly', () => {
  assertValue('12345678901234567890', '12345678901234567890');
  assertValue('-1234567890.1234567890', '-1234567890.123456789');
  assertValue('0.000000000000000000000001234', '0.000000000000000000000001234');
  assertDomainError(
    () => parseJapaneseNumber('123456789012345678901'),
    'NUMBER_UNREADABLE',
    '「123456789012345678901」を数値として読めません（桁が多すぎます（有効数字21桁）。有効数字20桁までの数値にしてください）',
  );
  // 1兆 × 1.2345678901234567890123 = 1,234,567,890,123.4567890123: 23 digits
  assertDomainError(() => parseJapaneseNumber('約1.2345678901234567890123兆円'), 'NUMBER_UNREADABLE');
  assertDomainError(() => parseJapaneseNumber('0.1234567890123456789012'), 'NUMBER_UNREADABLE');
});
