import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { DomainError } from './errors.js';
import {
  daysInMonth,
  FISCAL_YEAR_MAX,
  FISCAL_YEAR_MIN,
  formatFiscalYear,
  formatFiscalYearRange,
  formatJapaneseDate,
  fiscalYearBounds,
  fiscalYearOfDate,
  isPartOfFiscalYear,
  parseFiscalYear,
  parseFiscalYearDetailed,
  parseFiscalYearRange,
  parseJapaneseDate,
} from './wareki.js';

/** Assert that fn throws a DomainError with this code (and, optionally, this exact message). */
function assertDomainError(fn: () => unknown, code: string, message?: string): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof DomainError, `expected DomainError, got ${String(error)}`);
    assert.equal(error.code, code);
    if (message !== undefined) assert.equal(error.message, message);
    return true;
  });
}

test('fiscal years as plans write them', () => {
  // 令和元年 = 2019 (令和 starts 2019); 平成 starts 1989, so 平成N = 1988 + N; 平成31 = 2019.
  const cases: [string, number][] = [
    ['2019', 2019],
    ['2019年度', 2019],
    ['FY2019', 2019],
    ['平成31年度', 2019],
    ['H31', 2019],
    ['R1', 2019],
    ['R元', 2019],
    ['令和元年度', 2019],
    ['令和元年', 2019],
    ['令和元年度（2019年度）', 2019],
    ['２０１９年度', 2019], // 全角 digits
    ['Ｈ３１', 2019], // 全角 letter
    ['㍻31年度', 2019], // era ligature
    ['平成 28 年度', 2016], // spaced as in the Sapporo report: 1988 + 28
    ['H28', 2016],
    ['h25', 2013], // 1988 + 25
    ['令和7年度', 2025], // 2018 + 7
    ['R01', 2019],
    ['昭和63年度', 1988], // 昭和 starts 1926: 1925 + 63
    ['昭和64年', 1989], // 昭和64年 existed (1–7 January 1989)
    ['平成元年度', 1989],
    ['平成27（2015）年', 2015], // the Sendai plan's style
    ['大正15年', 1926], // 大正 starts 1912: 1911 + 15
    ['明治45年', 1912], // 明治 starts 1868: 1867 + 45
  ];
  for (const [text, expected] of cases) assert.equal(parseFiscalYear(text), expected, text);
});

test('a fiscal year of an era that had ended is rejected, with the era end and a suggestion', () => {
  assertDomainError(
    () => parseFiscalYear('平成32年'),
    'ERA_YEAR_BEYOND_END',
    '「平成32年」は存在しません（平成は31年4月30日まで）。改元前に書かれた年度なら令和2年度（2020年度）です',
  );
  assertDomainError(() => parseFiscalYear('S65'), 'ERA_YEAR_BEYOND_END');
});

test('Sapporo 戦略ビジョン H34 is read as 2022 only when extension past the era end is allowed', () => {
  assertDomainError(() => parseFiscalYear('H34'), 'ERA_YEAR_BEYOND_END');
  // 平成34 = 1988 + 34 = 2022 (= 令和4年度)
  const parsed = parseFiscalYearDetailed('H34', { beyondEraEnd: 'extend' });
  assert.deepEqual(parsed, { fiscalYear: 2022, era: '平成', eraYear: 34, beyondEraEnd: true, text: 'H34' });
  assert.equal(parseFiscalYearDetailed('H31', { beyondEraEnd: 'extend' }).beyondEraEnd, false);
});

test('unreadable or impossible fiscal years are errors with a reason', () => {
  assertDomainError(() => parseFiscalYear('令和0年'), 'ERA_YEAR_ZERO', '「令和0年」は存在しません（令和は元年（1年）からです）');
  assertDomainError(() => parseFiscalYear('X3'), 'ERA_UNKNOWN');
  assertDomainError(() => parseFiscalYear('天保3年'), 'ERA_UNKNOWN');
  assertDomainError(() => parseFiscalYear('31'), 'FISCAL_YEAR_UNREADABLE');
  assertDomainError(() => parseFiscalYear(''), 'FISCAL_YEAR_UNREADABLE');
  assertDomainError(() => parseFiscalYear('令和元年度（2020年度）'), 'FISCAL_YEAR_UNREADABLE');
  assertDomainError(() => parseFiscalYear('0999'), 'FISCAL_YEAR_OUT_OF_RANGE');
});

test('fiscal years are formatted in four styles; 2019 is 令和元年度 by convention', () => {
  assert.equal(formatFiscalYear(2019), '令和元年度');
  assert.equal(formatFiscalYear(2019, { style: 'short' }), 'R1');
  assert.equal(formatFiscalYear(2019, { style: 'western' }), '2019年度');
  assert.equal(formatFiscalYear(2019, { style: 'both' }), '令和元年度（2019年度）');
  assert.equal(formatFiscalYear(2019, { style: 'iso' }), '2019');
  assert.equal(formatFiscalYear(2018), '平成30年度'); // 2018 − 1988 = 30
  assert.equal(formatFiscalYear(1988), '昭和63年度'); // the FY starting April 1988 is still 昭和
  assert.equal(formatFiscalYear(1989), '平成元年度');
  assert.equal(formatFiscalYear(2016, { style: 'short' }), 'H28');
  assertDomainError(() => formatFiscalYear(1867), 'FISCAL_YEAR_OUT_OF_RANGE');
  assertDomainError(() => formatFiscalYear(2019.5), 'FISCAL_YEAR_OUT_OF_RANGE');
});

test('fiscal year ranges: the right side inherits the era of the left', () => {
  // 平成28 = 2016, 令和2 = 2020
  assert.deepEqual(parseFiscalYearRange('平成28〜令和2年度'), { from: 2016, to: 2020 });
  // Sapporo: 100 件 (H26-30 計): 平成26 = 2014, 平成30 = 2018
  assert.deepEqual(parseFiscalYearRange('H26-30'), { from: 2014, to: 2018 });
  // Sendai: 令和3年度～7年度: 2021–2025
  assert.deepEqual(parseFiscalYearRange('令和3年度～7年度'), { from: 2021, to: 2025 });
  assert.deepEqual(parseFiscalYearRange('令和3年度から令和7年度まで'), { from: 2021, to: 2025 });
  assert.deepEqual(parseFiscalYearRange('2016〜2020年度'), { from: 2016, to: 2020 });
  // Sapporo 戦略ビジョン: 平成25～34年度 = 2013–2022, only with extension
  assertDomainError(() => parseFiscalYearRange('平成25～34年度'), 'ERA_YEAR_BEYOND_END');
  assert.deepEqual(parseFiscalYearRange('平成25～34年度', { beyondEraEnd: 'extend' }), { from: 2013, to: 2022 });
  assertDomainError(() => parseFiscalYearRange('令和3〜元年度'), 'FISCAL_YEAR_RANGE_REVERSED');
  assertDomainError(() => parseFiscalYearRange('2016〜20'), 'FISCAL_YEAR_RANGE_UNREADABLE');
  assertDomainError(() => parseFiscalYearRange('令和3年度'), 'FISCAL_YEAR_RANGE_UNREADABLE');

  assert.equal(formatFiscalYearRange(2016, 2020), '平成28〜令和2年度');
  assert.equal(formatFiscalYearRange(2021, 2025), '令和3〜7年度');
  assert.equal(formatFiscalYearRange(2014, 2018, { style: 'short' }), 'H26〜H30');
  assert.equal(formatFiscalYearRange(2016, 2020, { style: 'western' }), '2016〜2020年度');
});

test('dates as plans write them, including as-of dates', () => {
  const cases: [string, string, boolean][] = [
    ['H29.9.15', '2017-09-15', false], // 1988 + 29 = 2017
    ['H29.9.15時点', '2017-09-15', true],
    ['H29.8.31.時点', '2017-08-31', true], // Sapporo writes a dot before 時点
    ['(H29.9.15 時点)', '2017-09-15', true],
    ['平成29年9月15日', '2017-09-15', false],
    ['令和2年12月1日時点', '2020-12-01', true], // 2018 + 2 = 2020
    ['令和元年5月1日', '2019-05-01', false],
    ['平成31年4月30日', '2019-04-30', false],
    ['２０１７年９月１５日', '2017-09-15', false],
    ['2017-09-15', '2017-09-15', false],
    ['2017/9/15', '2017-09-15', false],
    ['R2.12.1現在', '2020-12-01', true],
    ['令和2年2月29日', '2020-02-29', false], // 2020 is a leap year
  ];
  for (const [text, iso, asOf] of cases) {
    const parsed = parseJapaneseDate(text);
    assert.equal(parsed.iso, iso, text);
    assert.equal(parsed.asOf, asOf, text);
    assert.equal(parsed.text, text);
  }
  assert.equal(parseJapaneseDate('H29.9.15').era, '平成');
  assert.equal(parseJapaneseDate('2017-09-15').era, null);
});

test('era boundaries are exact days, and impossible dates are refused', () => {
  assertDomainError(() => parseJapaneseDate('平成31年5月1日'), 'ERA_DATE_OUT_OF_ERA', '「平成31年5月1日」は平成の期間外です（平成は元年1月8日から31年4月30日まで）');
  assertDomainError(() => parseJapaneseDate('令和元年4月30日'), 'ERA_DATE_OUT_OF_ERA', '「令和元年4月30日」は令和の期間外です（令和は元年5月1日から）');
  assertDomainError(() => parseJapaneseDate('昭和64年1月8日'), 'ERA_DATE_OUT_OF_ERA');
  assert.equal(parseJapaneseDate('昭和64年1月7日').iso, '1989-01-07');
  assert.equal(parseJapaneseDate('平成元年1月8日').iso, '1989-01-08');
  assertDomainError(() => parseJapaneseDate('平成32年1月1日'), 'ERA_YEAR_BEYOND_END', '「平成32年1月1日」は存在しません（平成は31年4月30日まで）');
  assertDomainError(() => parseJapaneseDate('令和3年2月30日'), 'DATE_INVALID', '「令和3年2月30日」は存在しない日付です（2021年2月は28日まで）');
  assertDomainError(() => parseJapaneseDate('令和0年5月1日'), 'ERA_YEAR_ZERO');
  assertDomainError(() => parseJapaneseDate('2019-13-01'), 'DATE_INVALID');
  assertDomainError(() => parseJapaneseDate('Q1.2.3'), 'ERA_UNKNOWN');
  assertDomainError(() => parseJapaneseDate('明治5年12月2日'), 'DATE_BEFORE_GREGORIAN');
  assertDomainError(() => parseJapaneseDate('来年の春'), 'DATE_UNREADABLE');
});

test('dates are formatted in four styles', () => {
  assert.equal(formatJapaneseDate('2017-09-15'), '平成29年9月15日');
  assert.equal(formatJapaneseDate('2017-09-15', { style: 'short' }), 'H29.9.15');
  assert.equal(formatJapaneseDate('2017-09-15', { style: 'western' }), '2017年9月15日');
  assert.equal(formatJapaneseDate('2017-09-15', { style: 'iso' }), '2017-09-15');
  assert.equal(formatJapaneseDate('2019-04-30'), '平成31年4月30日');
  assert.equal(formatJapaneseDate('2019-05-01'), '令和元年5月1日');
  assertDomainError(() => formatJapaneseDate('2019-02-29'), 'DATE_INVALID');
});

test('fiscal year of a date runs April to March', () => {
  assert.equal(fiscalYearOfDate('2017-09-15'), 2017);
  assert.equal(fiscalYearOfDate('2018-03-31'), 2017);
  assert.equal(fiscalYearOfDate('2018-04-01'), 2018);
  assert.deepEqual(fiscalYearBounds(2019), { start: '2019-04-01', end: '2020-03-31' });
  // H29状況 37件 (H29.9.15時点) covers only part of 2017年度, which ends 2018-03-31
  assert.equal(isPartOfFiscalYear('2017-09-15', 2017), true);
  assert.equal(isPartOfFiscalYear('2018-03-31', 2017), false);
  assert.equal(isPartOfFiscalYear('2018-05-31', 2017), false);
  assert.equal(daysInMonth(1900, 2), 28); // divisible by 100, not by 400
  assert.equal(daysInMonth(2000, 2), 29);
});

// ---------------------------------------------------------------------------------------------
// Properties

const RUNS = { numRuns: 10_000 };

test('property: format → parse round trip of fiscal years in every style', () => {
  fc.assert(
    fc.property(fc.integer({ min: FISCAL_YEAR_MIN, max: FISCAL_YEAR_MAX }), fc.constantFrom('wareki', 'short', 'western', 'both', 'iso' as const), (year, style) => {
      assert.equal(parseFiscalYear(formatFiscalYear(year, { style })), year);
    }),
    RUNS,
  );
});

test('property: format → parse round trip of fiscal year ranges', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: FISCAL_YEAR_MIN, max: FISCAL_YEAR_MAX }),
      fc.integer({ min: 0, max: 60 }),
      fc.constantFrom('wareki', 'short', 'western' as const),
      (from, length, style) => {
        const to = Math.min(FISCAL_YEAR_MAX, from + length);
        assert.deepEqual(parseFiscalYearRange(formatFiscalYearRange(from, to, { style })), { from, to });
      },
    ),
    RUNS,
  );
});

test('property: format → parse round trip of dates in every style', () => {
  const date = fc
    .record({ year: fc.integer({ min: 1873, max: 2999 }), month: fc.integer({ min: 1, max: 12 }), day: fc.integer({ min: 1, max: 31 }) })
    .map(({ year, month, day }) => {
      const dd = Math.min(day, daysInMonth(year, month));
      return `${year}-${String(month).padStart(2, '0')}-${String(dd).padStart(2, '0')}`;
    });
  fc.assert(
    fc.property(date, fc.constantFrom('wareki', 'short', 'western', 'iso' as const), (iso, style) => {
      const text = formatJapaneseDate(iso, { style });
      assert.equal(parseJapaneseDate(text).iso, iso);
      assert.equal(parseJapaneseDate(`${text}時点`).asOf, true);
    }),
    RUNS,
  );
});

/** Pieces of real syntax, mixed with arbitrary Unicode (全角, surrogates, controls). */
const SYNTAX_PIECES = [
  '平成', '令和', '昭和', '明治', '大正', 'H', 'R', 'S', 'M', 'T', 'h', 'X', '㍻', '㋿', '元', '年', '年度', '月', '日',
  '時点', '現在', 'から', 'まで', '〜', '～', '~', '-', '－', 'ー', '—', '‐', '.', '．', '/', ',', '，', '、',
  '0', '1', '2', '3', '9', '00', '31', '32', '１', '２', '９', '2019', '9999', '12', '30', '(', ')', '（', '）',
  ' ', '　', '約', '億', '万', '兆', '千', '円', '%', '％', '‰', '▲', '△', '+', 'e', 'E', '件', '団体',
  '認定', '計', '以上', '程度', '今後調査', '未集計', 'FY', '\u0000', '\uD800', '\u200B', '\uFEFF',
];

const arbitraryText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.array(fc.constantFrom(...SYNTAX_PIECES), { maxLength: 12 }).map((xs) => xs.join('')),
  fc
    .array(fc.oneof(fc.constantFrom(...SYNTAX_PIECES), fc.string({ unit: 'binary', maxLength: 2 })), { maxLength: 12 })
    .map((xs) => xs.join('')),
);

test('property: the wareki parsers throw nothing but DomainError on arbitrary text', () => {
  const parsers: ((text: string) => unknown)[] = [
    parseFiscalYear,
    (t) => parseFiscalYear(t, { beyondEraEnd: 'extend' }),
    parseFiscalYearRange,
    parseJapaneseDate,
  ];
  fc.assert(
    fc.property(arbitraryText, (text) => {
      for (const parse of parsers) {
        try {
          parse(text);
        } catch (error) {
          if (!(error instanceof DomainError)) throw error;
        }
      }
    }),
    RUNS,
  );
});
