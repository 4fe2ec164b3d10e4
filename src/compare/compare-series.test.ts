// The comparison series: values in the catalogue's unit, per 100,000 residents (half-up to one
// decimal), which observation stands for a year, ratios without per-capita figures. Expected
// values are hand calculations written beside each assertion.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareSeries, normalise, perCapita, type CatalogueEntryInput, type LinkInput } from './compare-series.js';

const groups: CatalogueEntryInput = { code: 'groups', name: '団体数', nameEn: null, description: null, unit: '団体', kind: 'count', direction: 'up' };

function link(overrides: Partial<LinkInput> = {}): LinkInput {
  return {
    organisation: { code: 'sapporo', name: '札幌市', nameEn: 'Sapporo City', population: 1973395, populationAsOf: '2020-10-01', populationSource: '令和2年国勢調査' },
    plan: { code: 'sapporo-2nd', title: '第2期 市民まちづくり活動促進基本計画', periodStartFy: 2014, periodEndFy: 2018 },
    indicator: { code: '2-a', name: '市民活動サポートセンター登録団体数', unit: '団体', itemCode: '2', itemName: '向上' },
    unitFactor: '1',
    note: null,
    observations: [],
    targets: [],
    ...overrides,
  };
}

test('per 100,000 residents: Sapporo 2,653団体 (平成28年度) ÷ 1,973,395 × 100,000 = 134.4', () => {
  // 265,300,000 ÷ 1,973,395: 1,973,395 × 134 = 264,434,930; remainder 865,070 ÷ 1,973,395 = 0.438…
  // → 134.438… → rounded half-up to one decimal: 134.4
  assert.equal(perCapita('2653', 1973395), '134.4');
  // 2,280団体 (平成25年度): 228,000,000 ÷ 1,973,395 = 115.536… → 115.5
  assert.equal(perCapita('2280', 1973395), '115.5');
  // 2,684団体 (平成29年度): 268,400,000 ÷ 1,973,395 = 136.009… → 136.0 (the trailing zero is kept)
  assert.equal(perCapita('2684', 1973395), '136.0');
  // Sendai's target 720団体: 72,000,000 ÷ 1,096,704 = 65.651… → 65.7
  assert.equal(perCapita('720', 1096704), '65.7');
});

test('per-capita rounding is half-up, not banker\'s: 1 ÷ 80,000 × 100,000 = 1.25 → 1.3', () => {
  assert.equal(perCapita('1', 80000), '1.3');
  assert.equal(perCapita('3', 40000), '7.5'); // exactly 7.5
});

test('unit factors are exact decimals: 12.5千円 × 1000 = 12500円; 0.1 × 3 = 0.3 (a float would give 0.30000000000000004)', () => {
  assert.equal(normalise('12.5', '1000'), '12500');
  assert.equal(normalise('0.1', '3'), '0.3');
  assert.equal(normalise('2653', '1'), '2653');
});

test('a series: one value per year (実績 before 見込 before 状況), normalised, per capita, targets in the same unit', () => {
  const comparison = compareSeries(groups, [
    link({
      unitFactor: '1000', // pretend the city counts in 千団体
      observations: [
        { fiscalYear: 2016, kind: 'status', value: '2.6', text: '2.6千団体', asOf: '2016-09-30', missingReason: null },
        { fiscalYear: 2016, kind: 'actual', value: '2.653', text: '2.653千団体', asOf: null, missingReason: null },
        { fiscalYear: 2017, kind: 'status', value: null, text: '今後調査', asOf: null, missingReason: 'not_yet_surveyed' },
      ],
      targets: [{ kind: 'by_year', fiscalYear: 2018, value: '2.5', bandLow: null, bandHigh: null, text: '2.5千団体', setBy: 'this_plan' }],
    }),
  ]);
  const [series] = comparison.series;
  assert.ok(series);
  assert.deepEqual(series.points.map((p) => [p.fiscalYear, p.kind, p.value, p.perCapita]), [
    [2016, 'actual', '2653', '134.4'], // 2.653 × 1000 = 2653 → 134.4 as above
    [2017, 'status', null, null], // 今後調査: no value, the reason stays
  ]);
  assert.equal(series.points[1]?.missingReason, 'not_yet_surveyed');
  // 2.5 × 1000 = 2500; 250,000,000 ÷ 1,973,395 = 126.685… → 126.7
  assert.deepEqual(series.targets.map((t) => [t.fiscalYear, t.value, t.perCapita]), [[2018, '2500', '126.7']]);
  assert.deepEqual(series.perCapitaBasis, { population: 1973395, asOf: '2020-10-01', source: '令和2年国勢調査' });
  assert.deepEqual(comparison.years, [2016, 2018]);
  assert.equal(comparison.organisationCount, 1);
});

test('ratios are never per capita; an organisation without a population has no per-capita figures', () => {
  const ratio = compareSeries({ ...groups, kind: 'ratio', unit: '%' }, [
    link({ observations: [{ fiscalYear: 2016, kind: 'actual', value: '71.1', text: '71.1%', asOf: null, missingReason: null }] }),
  ]);
  assert.equal(ratio.series[0]?.perCapitaBasis, null);
  assert.equal(ratio.series[0]?.points[0]?.perCapita, null);
  assert.equal(ratio.series[0]?.points[0]?.value, '71.1');

  const noPopulation = compareSeries(groups, [
    link({
      organisation: { code: 'x', name: 'X市', nameEn: null, population: null, populationAsOf: null, populationSource: null },
      observations: [{ fiscalYear: 2016, kind: 'actual', value: '10', text: '10団体', asOf: null, missingReason: null }],
    }),
  ]);
  assert.equal(noPopulation.series[0]?.perCapitaBasis, null);
  assert.equal(noPopulation.series[0]?.points[0]?.perCapita, null);
});

test('two organisations count once each; an organisation with two linked plans is one organisation', () => {
  const sendai = { code: 'sendai', name: '仙台市', nameEn: 'Sendai City', population: 1096704, populationAsOf: '2020-10-01', populationSource: '令和2年国勢調査' };
  const comparison = compareSeries(groups, [
    link(),
    link({ organisation: sendai, plan: { code: 'sendai-2016', title: '2016', periodStartFy: 2016, periodEndFy: 2020 } }),
    link({ organisation: sendai, plan: { code: 'sendai-2021', title: '2021', periodStartFy: 2021, periodEndFy: 2025 } }),
  ]);
  assert.equal(comparison.organisationCount, 2);
  assert.equal(comparison.series.length, 3);
});
