import { test } from 'node:test';
import assert from 'node:assert/strict';
import { d } from './decimal.js';
import { DomainError } from './errors.js';
import { achievementRate, observedFromStored, settingsFromStored } from './judgement.js';
import type { RateInput, RateOk, RateResult, YearObservation } from './judgement.js';
import { parseJapaneseNumber } from './numbers.js';
import type { ParsedValue } from './numbers.js';
import { gradeFor, SCALES } from './scales.js';

function okResult(result: RateResult): RateOk {
  assert.equal(result.status, 'ok', result.status === 'not_measurable' ? result.message : '');
  return result as RateOk;
}

/** Rate as a decimal string with its formula. */
function rate(input: RateInput): { rate: string; formula: string; result: RateOk } {
  const result = okResult(achievementRate(input));
  return { rate: result.rate.toFixed(1), formula: result.formula, result };
}

/** The value of a cell as written in the document. */
function cell(text: string): ParsedValue {
  return parseJapaneseNumber(text);
}

function cellValue(text: string) {
  const parsed = cell(text);
  assert.equal(parsed.kind, 'value', text);
  if (parsed.kind !== 'value') throw new Error('unreachable');
  return parsed.value;
}

test('birth count: baseline 3,823, actual 3,679, target 4,107', () => {
  const common = { fiscalYear: 2019, actual: d('3679'), target: d('4107') };
  // ratio: 3,679 ÷ 4,107 = 0.895787… → 89.6%
  const ratio = rate({ method: 'ratio', direction: 'up', ...common });
  assert.equal(ratio.rate, '89.6');
  assert.equal(ratio.formula, '3,679 ÷ 4,107 = 89.6%');
  // improvement: (3,679 − 3,823) ÷ (4,107 − 3,823) = −144 ÷ 284 = −0.507042… → −50.7%
  const improvement = rate({ method: 'improvement', baseline: d('3823'), ...common });
  assert.equal(improvement.rate, '-50.7');
  assert.equal(improvement.formula, '(3,679 − 3,823) ÷ (4,107 − 3,823) = −144 ÷ 284 = −50.7%');
  assert.equal(improvement.result.improved, false); // 3,679 < 3,823: fewer births than at baseline
});

test('marriage rate ‰: baseline 5.5, actual 5.0, target 5.9 (values read from text)', () => {
  const common = { fiscalYear: 2019, actual: cell('5.0‰'), target: cellValue('5.9‰') };
  // ratio: 5.0 ÷ 5.9 = 0.847457… → 84.7%
  const ratio = rate({ method: 'ratio', direction: 'up', ...common });
  assert.equal(ratio.rate, '84.7');
  assert.equal(ratio.formula, '5.0 ÷ 5.9 = 84.7%');
  // improvement: (5.0 − 5.5) ÷ (5.9 − 5.5) = −0.5 ÷ 0.4 = −1.25 → −125.0%
  const improvement = rate({ method: 'improvement', baseline: cellValue('5.5‰'), ...common, unit: '‰' });
  assert.equal(improvement.rate, '-125.0');
  assert.equal(improvement.formula, '(5.0‰ − 5.5‰) ÷ (5.9‰ − 5.5‰) = −0.5‰ ÷ 0.4‰ = −125.0%');
});

test('a 低下 indicator: baseline 120, actual 95, target 80 (lower is better)', () => {
  const common = { fiscalYear: 2020, actual: d('95'), target: d('80') };
  // ratio for 低下 = target ÷ actual: 80 ÷ 95 = 0.842105… → 84.2%
  const ratio = rate({ method: 'ratio', direction: 'down', baseline: d('120'), ...common });
  assert.equal(ratio.rate, '84.2');
  assert.equal(ratio.formula, '80 ÷ 95 = 84.2%');
  assert.equal(ratio.result.improved, true); // 95 < 120
  // improvement: (95 − 120) ÷ (80 − 120) = −25 ÷ −40 = 0.625 → 62.5%
  const improvement = rate({ method: 'improvement', baseline: d('120'), ...common });
  assert.equal(improvement.rate, '62.5');
  assert.equal(improvement.formula, '(95 − 120) ÷ (80 − 120) = −25 ÷ −40 = 62.5%');
  assert.equal(improvement.result.improved, true);
  // Mechanical scale: 84.2% < 100%, improved on the baseline → B
  assert.equal(gradeFor(SCALES['mechanical-sabc'], ratio.result).grade?.code, 'B');
});

test('a 低下 indicator whose target is zero (待機児童ゼロ)', () => {
  // actual 0 = target 0: reached → 100.0%
  assert.equal(rate({ method: 'ratio', direction: 'down', fiscalYear: 2020, actual: d(0), target: d(0) }).rate, '100.0');
  // 0 ÷ 5 = 0 → 0.0%
  const missed = rate({ method: 'ratio', direction: 'down', fiscalYear: 2020, actual: d(5), target: d(0) });
  assert.equal(missed.rate, '0.0');
  assert.equal(missed.formula, '0 ÷ 5 = 0.0%');
});

test('maintain band: 5.0〜6.0 is 100% inside, the ratio to the nearer bound outside', () => {
  const band = { method: 'band' as const, fiscalYear: 2020, lower: d('5.0'), upper: d('6.0') };
  const inside = rate({ ...band, actual: d('5.5') });
  assert.equal(inside.rate, '100.0');
  assert.equal(inside.formula, '5.5 は維持の範囲 5.0〜6.0 の内 = 100.0%');
  assert.equal(inside.result.inBand, true);
  assert.equal(rate({ ...band, actual: d('6.0') }).rate, '100.0'); // the bound itself is inside
  // below: 4.8 ÷ 5.0 = 0.96 → 96.0%
  const below = rate({ ...band, actual: d('4.8') });
  assert.equal(below.rate, '96.0');
  assert.equal(below.formula, '4.8 は維持の範囲 5.0〜6.0 の外（下限未満）: 4.8 ÷ 5.0 = 96.0%');
  // above: 6.0 ÷ 6.6 = 0.909090… → 90.9%
  const above = rate({ ...band, actual: d('6.6'), baseline: d('6.8') });
  assert.equal(above.rate, '90.9');
  assert.equal(above.formula, '6.6 は維持の範囲 5.0〜6.0 の外（上限超過）: 6.0 ÷ 6.6 = 90.9%');
  assert.equal(above.result.improved, true); // 0.6 outside now, 0.8 at baseline
  // Sendai: すべての附属機関等に女性委員が就任している状態の維持 = 100% kept; 96.5 ÷ 100 = 96.5%
  assert.equal(rate({ method: 'band', fiscalYear: 2021, lower: d(100), upper: d(100), actual: cell('96.5%') }).rate, '96.5');
});

test('cumulative money in 億/万: さぽーとほっと基金寄附金額 (累計)', () => {
  // Running total H25 約4億9,600万円; yearly gifts H26 9,400万円, H27 1億円, H28 7,000万円
  // total = 496,000,000 + 94,000,000 + 100,000,000 + 70,000,000 = 760,000,000 (7億6,000万円)
  // against the H30 target 7億4,000万円: 760,000,000 ÷ 740,000,000 = 1.027027… → 102.7%
  const observations: YearObservation[] = [
    { fiscalYear: 2014, actual: cell('9,400万円') },
    { fiscalYear: 2015, actual: cell('1億円') },
    { fiscalYear: 2016, actual: cell('7,000万円') },
  ];
  const input = {
    method: 'cumulative' as const,
    direction: 'up' as const,
    unit: '円',
    fiscalYear: 2016,
    fromFiscalYear: 2014,
    startingTotal: cell('約4億9,600万円'),
    observations,
    target: cellValue('7億4,000万円'),
  };
  const total = rate(input);
  assert.equal(total.rate, '102.7');
  assert.equal(total.result.total?.toFixed(), '760000000');
  assert.equal(total.formula, '累計 約4億9,600万円 + 9,400万円 + 1億円 + 7,000万円 = 約7億6,000万円; 約7億6,000万円 ÷ 7億4,000万円 = 102.7%');
  assert.equal(total.result.approximate, true); // the starting total is 約
  // Pro-rated over 2014–2018 (5 years), 3 years elapsed by 2016:
  // 496,000,000 + (740,000,000 − 496,000,000) × 3 ÷ 5 = 496,000,000 + 146,400,000 = 642,400,000
  // 760,000,000 ÷ 642,400,000 = 1.183063… → 118.3%
  const interim = rate({ ...input, compare: 'prorated', targetFiscalYear: 2018 });
  assert.equal(interim.rate, '118.3');
  assert.equal(interim.result.expected?.toFixed(), '642400000');
  assert.ok(interim.formula.includes('按分目標 約4億9,600万円 + (7億4,000万円 − 約4億9,600万円) × 3 ÷ 5 = 6億4,240万円; 約7億6,000万円 ÷ 6億4,240万円 = 118.3%'));
  // A missing year makes the total unknown: 評価不能, not a smaller total
  const gap = achievementRate({ ...input, observations: [observations[0]!, { fiscalYear: 2015, actual: cell('未集計') }, observations[2]!] });
  assert.equal(gap.status, 'not_measurable');
  assert.equal(gap.status === 'not_measurable' && gap.reason, 'missing_years');
  assert.equal(gap.status === 'not_measurable' && gap.message, '累計に必要な年度の実績がないため評価不能です: 平成27年度（未集計）');
});

test('a running total compared directly, approximate value marked 約', () => {
  // H28 約7億6,000万円 vs H30 目標 7億4,000万円: 760 ÷ 740 = 1.027027… → 102.7%
  const r = rate({ method: 'ratio', direction: 'up', unit: '円', fiscalYear: 2016, actual: cell('約7億6,000万円'), target: cellValue('7億4,000万円') });
  assert.equal(r.rate, '102.7');
  assert.equal(r.formula, '約7億6,000万円 ÷ 7億4,000万円 = 102.7%');
  assert.equal(r.result.approximate, true);
});

test('every year ≥ 23,000件 (Sendai 広報課), one year missed', () => {
  // R3 23,512 ○, R4 22,721 × (below 23,000), R5 24,001 ○, R6 23,000 ○ (equal counts as 以上): 3 of 4 → 75.0%
  const input = {
    method: 'every_year' as const,
    comparator: 'at_least' as const,
    threshold: cellValue('23,000件'),
    fromFiscalYear: 2021,
    fiscalYear: 2024,
    observations: [
      { fiscalYear: 2021, actual: d('23512') },
      { fiscalYear: 2022, actual: d('22721') },
      { fiscalYear: 2023, actual: d('24001') },
      { fiscalYear: 2024, actual: d('23000') },
    ],
  };
  const r = rate(input);
  assert.equal(r.rate, '75.0');
  assert.equal(r.result.met, false);
  assert.deepEqual(
    r.result.years?.map((y) => y.status),
    ['met', 'not_met', 'met', 'met'],
  );
  assert.equal(
    r.formula,
    '毎年度 23,000 以上: 令和3年度 23,512 ○, 令和4年度 22,721 ×, 令和5年度 24,001 ○, 令和6年度 23,000 ○ → 達成 3/4年度 = 75.0%',
  );
  // R4 without data (今後調査) instead: it is left out of the count (R3, R5, R6 met: 3 of 3 = 100.0%),
  // and `met` is unknown (null) rather than true
  const withGap = rate({
    ...input,
    observations: [input.observations[0]!, input.observations[2]!, input.observations[3]!, { fiscalYear: 2022, actual: cell('今後調査') }],
  });
  assert.equal(withGap.rate, '100.0'); // 3 of 3 judged years met
  assert.equal(withGap.result.met, null);
});

test('pro-rated interim target on a straight line from the baseline year', () => {
  // Baseline 2016: 3,823, target 2021: 4,107; 2018 is year 2 of 5:
  // expected = 3,823 + (4,107 − 3,823) × 2 ÷ 5 = 3,823 + 113.6 = 3,936.6
  // ratio: 3,679 ÷ 3,936.6 = 0.934563… → 93.5%
  const r = rate({
    method: 'prorated',
    direction: 'up',
    fiscalYear: 2018,
    actual: d('3679'),
    baseline: { fiscalYear: 2016, value: d('3823') },
    target: { fiscalYear: 2021, value: d('4107') },
  });
  assert.equal(r.rate, '93.5');
  assert.equal(r.result.expected?.toFixed(), '3936.6');
  assert.equal(r.formula, '期待値 3,823 + (4,107 − 3,823) × 2 ÷ 5 = 3,936.6（平成28年度→令和3年度の2年目）; 3,679 ÷ 3,936.6 = 93.5%');
  // improvement against the expected value: (3,679 − 3,823) ÷ (3,936.6 − 3,823) = −144 ÷ 113.6 = −1.267605… → −126.8%
  const imp = rate({
    method: 'prorated',
    direction: 'up',
    compare: 'improvement',
    fiscalYear: 2018,
    actual: d('3679'),
    baseline: { fiscalYear: 2016, value: d('3823') },
    target: { fiscalYear: 2021, value: d('4107') },
  });
  assert.equal(imp.rate, '-126.8');
});

test('a missing actual is 評価不能 with the reason, never 0%', () => {
  const r = achievementRate({ method: 'ratio', direction: 'up', fiscalYear: 2017, actual: cell('今後調査'), target: d('70.0') });
  assert.deepEqual(r, {
    status: 'not_measurable',
    method: 'ratio',
    label: '評価不能',
    reason: 'missing_actual',
    missingReason: 'not_yet_surveyed',
    message: '実績が「今後調査」のため評価不能です',
  });
  assert.equal(gradeFor(SCALES['mechanical-sabc'], r).grade?.code, '−');
  assert.equal(gradeFor(SCALES['five-step'], r).grade?.code, '評価不能');
  const notDone = achievementRate({ method: 'ratio', direction: 'up', fiscalYear: 2017, actual: cell('未実施'), target: d('3') });
  assert.equal(gradeFor(SCALES['five-step'], notDone).grade?.code, '未実施');
});

test('a partial-year figure (H29.9.15時点) is not judged as the full year unless the plan allows it', () => {
  const input = { method: 'ratio' as const, direction: 'up' as const, fiscalYear: 2017, actual: cell('37 件 (H29.9.15 時点)'), target: d('150') };
  const r = achievementRate(input);
  assert.equal(r.status, 'not_measurable');
  assert.equal(r.status === 'not_measurable' && r.reason, 'partial_year');
  assert.equal(
    r.status === 'not_measurable' && r.message,
    '実績はH29.9.15時点の途中経過で、平成29年度の通年の値ではないため評価不能です（年度途中の値で評価する設定ではありません）',
  );
  // Allowed by the plan: 37 ÷ 150 = 0.246666… → 24.7%, flagged as partial
  const allowed = rate({ ...input, settings: { allowPartialYear: true } });
  assert.equal(allowed.rate, '24.7');
  assert.equal(allowed.result.partialYear, true);
  // An as-of date on the last day of the fiscal year is a full year
  assert.equal(rate({ ...input, actual: { kind: 'value', value: d(140), asOf: '2018-03-31' } }).rate, '93.3'); // 140 ÷ 150 = 0.9333…
});

test('rounding and caps are settings', () => {
  // 3,900 ÷ 3,500 = 1.114285… → 111.4%, capped at 100.0%
  const capped = rate({ method: 'ratio', direction: 'up', fiscalYear: 2020, actual: d(3900), target: d(3500), settings: { cap: d(100) } });
  assert.equal(capped.rate, '100.0');
  assert.equal(capped.result.limited, 'cap');
  assert.equal(capped.formula, '3,900 ÷ 3,500 = 111.4% → 上限 100.0%');
  // Floor: improvement (3,679 − 3,823) ÷ 284 = −50.7% → 0.0%
  const floored = rate({ method: 'improvement', fiscalYear: 2019, actual: d(3679), baseline: d(3823), target: d(4107), settings: { floor: d(0) } });
  assert.equal(floored.rate, '0.0');
  assert.equal(floored.result.limited, 'floor');
  // 1 ÷ 8 = 12.5% exactly: half-up to 0 places → 13; half-even → 12; down → 12
  const eighth = { method: 'ratio' as const, direction: 'up' as const, fiscalYear: 2020, actual: d(1), target: d(8) };
  assert.equal(okResult(achievementRate({ ...eighth, settings: { places: 0 } })).rate.toFixed(), '13');
  assert.equal(okResult(achievementRate({ ...eighth, settings: { places: 0, rounding: 'half_even' } })).rate.toFixed(), '12');
  assert.equal(okResult(achievementRate({ ...eighth, settings: { places: 0, rounding: 'down' } })).rate.toFixed(), '12');
  // Half-up on a negative tie goes away from zero: (−1 − 0) ÷ (8 − 0) = −12.5% → −13
  const negative = achievementRate({ method: 'improvement', fiscalYear: 2020, actual: d(-1), baseline: d(0), target: d(8), settings: { places: 0 } });
  assert.equal(okResult(negative).rate.toFixed(), '-13');
  // 23.5 ÷ 40.0 = 0.5875 → 58.75 → 58.8 (half-up at one decimal)
  assert.equal(rate({ method: 'ratio', direction: 'up', fiscalYear: 2016, actual: d('23.5'), target: d('40.0') }).rate, '58.8');
});

test('rates that cannot be computed say why', () => {
  const zeroTarget = achievementRate({ method: 'ratio', direction: 'up', fiscalYear: 2020, actual: d(3), target: d(0) });
  assert.equal(zeroTarget.status === 'not_measurable' && zeroTarget.reason, 'zero_denominator');
  const same = achievementRate({ method: 'improvement', fiscalYear: 2020, actual: d(3), baseline: d(5), target: d(5) });
  assert.equal(same.status === 'not_measurable' && same.reason, 'target_equals_baseline');
  const negative = achievementRate({ method: 'ratio', direction: 'up', fiscalYear: 2020, actual: d(-3), target: d(5) });
  assert.equal(negative.status === 'not_measurable' && negative.reason, 'negative_value');
  const early = achievementRate({
    method: 'prorated',
    direction: 'up',
    fiscalYear: 2015,
    actual: d(1),
    baseline: { fiscalYear: 2016, value: d(1) },
    target: { fiscalYear: 2020, value: d(2) },
  });
  assert.equal(early.status === 'not_measurable' && early.reason, 'before_baseline_year');
});

test('malformed input is a DomainError', () => {
  const isDomain = (e: unknown) => e instanceof DomainError && e.code === 'JUDGEMENT_INPUT_INVALID';
  assert.throws(() => achievementRate({ method: 'band', fiscalYear: 2020, actual: d(1), lower: d(6), upper: d(5) }), isDomain);
  assert.throws(() => achievementRate({ method: 'ratio', direction: 'up', fiscalYear: 2020, actual: d(1), target: d(2), settings: { places: -1 } }), isDomain);
  assert.throws(() => achievementRate({ method: 'nope', fiscalYear: 2020 } as unknown as RateInput), isDomain);
  assert.throws(() => achievementRate({ method: 'ratio', direction: 'up', fiscalYear: 2020.5, actual: d(1), target: d(2) }), isDomain);
  assert.throws(
    () => achievementRate({ method: 'every_year', comparator: 'at_least', threshold: d(1), fromFiscalYear: 2020, fiscalYear: 2021, observations: [{ fiscalYear: 2020, actual: d(1) }, { fiscalYear: 2020, actual: d(2) }] }),
    isDomain,
  );
});

test('Sapporo: H28 actuals against the H30 targets (ratio), as written in the progress report', () => {
  // Each rate by hand: actual ÷ target, rounded half-up to one decimal.
  const rows: [indicator: string, h28: string, h30: string, expected: string][] = [
    ['市民まちづくり活動に参加したことのある人の割合', '81.4%', '70.0%', '116.3'], // 81.4 ÷ 70.0 = 1.162857…
    ['町内会加入率', '71.1%', '74.0%', '96.1'], // 71.1 ÷ 74.0 = 0.960810…
    ['さぽーとほっと基金寄附件数', '229件', '360件', '63.6'], // 229 ÷ 360 = 0.636111…
    ['さぽーとほっと基金寄附金額(累計)', '約7億6,000万円', '7億4,000万円', '102.7'], // 760 ÷ 740 = 1.027027…
    ['市民活動サポートセンター登録団体数', '2,653 団体', '2,500 団体', '106.1'], // 2,653 ÷ 2,500 = 1.0612
    ['認証NPO法人数', '939 団体', '1,100 団体', '85.4'], // 939 ÷ 1,100 = 0.853636…
    ['さぽーとほっと基金団体指定寄附件数', '133 件', '150 件', '88.7'], // 133 ÷ 150 = 0.886666…
    ['認定NPO法人・仮認定NPO法人・条例個別指定NPO法人数', '23 認定18、仮認定 3、条例個別指定2', '30 団体', '76.7'], // 23 ÷ 30 = 0.766666…
    ['身近に交流の機会があると感じている人の割合', '23.5%', '40.0%', '58.8'], // 23.5 ÷ 40.0 = 0.5875
    ['整備・創出された地域活動の場の数(累計)', '62 件', '100 件 (H26-30 計)', '62.0'], // 62 ÷ 100 = 0.62
    ['まちづくりセンターが支援した地域の主体的な活動数(累計)', '1,178 件', '1,060 件', '111.1'], // 1,178 ÷ 1,060 = 1.111320…
    ['連携している市民まちづくり活動団体の割合', '62.8%', '70.0%', '89.7'], // 62.8 ÷ 70.0 = 0.897142…
    ['市と協定を締結している企業の数', '902 件', '400 件', '225.5'], // 902 ÷ 400 = 2.255
    ['異種団体と連携している市民まちづくり活動団体の割合', '46.2%', '40.0%', '115.5'], // 46.2 ÷ 40.0 = 1.155
  ];
  for (const [indicator, h28, h30, expected] of rows) {
    const r = achievementRate({ method: 'ratio', direction: 'up', fiscalYear: 2016, actual: cell(h28), target: cellValue(h30) });
    assert.equal(okResult(r).rate.toFixed(1), expected, indicator);
  }
});

test('stored rows and plan settings map onto the judgement input', () => {
  const stored = observedFromStored({ value: '760000000', missingReason: null, text: '約7億6,000万円', approximate: true, asOf: null });
  assert.deepEqual(stored.kind === 'value' && [stored.value.toFixed(), stored.approximate, stored.asOf], ['760000000', true, undefined]);
  assert.deepEqual(observedFromStored({ value: null, missingReason: 'not_yet_surveyed', text: '今後調査' }), {
    kind: 'missing',
    reason: 'not_yet_surveyed',
    text: '今後調査',
  });
  const isInvalid = (e: unknown) => e instanceof DomainError && e.code === 'JUDGEMENT_INPUT_INVALID';
  assert.throws(() => observedFromStored({ value: '1', missingReason: 'blank' }), isInvalid);
  assert.throws(() => observedFromStored({ value: null, missingReason: 'lost' }), isInvalid);
  const settings = settingsFromStored({ rateDecimals: 0, rateCap: '100', judgePartialYear: true });
  assert.equal(settings.places, 0);
  assert.equal(settings.cap?.toFixed(), '100');
  assert.equal(settings.allowPartialYear, true);
  // 3,900 ÷ 3,500 = 111.4…% → cap 100 → '100' with no decimals
  const r = achievementRate({ method: 'ratio', direction: 'up', fiscalYear: 2020, actual: d(3900), target: d(3500), settings });
  assert.equal(r.status === 'ok' && r.formula, '3,900 ÷ 3,500 = 111% → 上限 100%');
});
