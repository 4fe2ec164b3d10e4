// The English lines of a comparison (/en/plans/…/versions/diff): two hand-written versions of a
// small plan, every expected line written out in full. Frame words are English; codes, names,
// units and targets as written stay in Japanese, as stored.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diffVersions, type PlanStructure } from './diff-versions.js';
import { PlanSnapshot } from './plan-snapshot.js';

const item = (code: string, parent: string | null, name: string, retired: { at: string; reason: string | null } | null = null) =>
  PlanSnapshot.shape.items.element.parse({ code, parent, name, retired });
const indicator = (code: string, itemCode: string, name: string, unit: string, targets: Record<string, unknown>[]) =>
  PlanSnapshot.shape.indicators.element.parse({ code, item: itemCode, name, unit, targets });

const adopted: PlanStructure = {
  items: [
    item('1', null, '市民活動の促進'),
    item('1-1', '1', '担い手の育成'),
    item('1-2', '1', '活動の場づくり'),
    item('1-3', '1', '情報発信'),
    item('2', null, '協働の推進'),
    item('2-1', '2', '旧制度の運用'),
    item('2-2', '2', '協働事業の提案制度'),
  ],
  indicators: [
    indicator('I-1', '1-3', 'ブログ訪問者数', '件', [{ kind: 'every_year_min', value: '40000', text: '毎年度40,000件以上' }]),
    indicator('I-2', '1-1', '町内会加入率', '%', [{ kind: 'by_year', fiscalYear: 2025, value: '71.0', text: '71%' }]),
    indicator('I-3', '2-2', '協働事業数', '件', []),
  ],
};

const midTermReview: PlanStructure = {
  items: [
    item('1', null, '市民活動の促進'),
    item('1-2', '1', '活動の場づくり'), // now before 1-1
    item('1-1', '1', '担い手の育成と支援'), // renamed
    item('2', null, '協働の推進'),
    item('1-3', '2', '情報発信'), // moved under 2
    item('2-1', '2', '旧制度の運用', { at: '2023-03-31', reason: '制度の終了' }), // retired
    item('2-3', '2', '企業との連携'), // added; 2-2 removed
    item('3', null, '共生社会の実現'), // added at the top level
  ],
  indicators: [
    // raised from 40,000 to 45,000 a year, now set by the action plan
    indicator('I-1', '1-3', 'ブログ訪問者数', '件', [{ kind: 'every_year_min', value: '45000', text: '毎年度45,000件以上', setBy: 'action_plan' }]),
    // 71% by FY2025 (令和7年度) → 75% by FY2027 (令和9年度), and a band to keep
    indicator('I-2', '1-1', '町内会加入率', '%', [
      { kind: 'by_year', fiscalYear: 2027, value: '75', text: '75%' },
      { kind: 'maintain', bandLow: '70', bandHigh: '75', text: '70〜75%を維持' },
    ]),
    indicator('I-4', '2-3', '連携企業数', '社', []),
  ],
};

test('English lines: every kind of change, with plan content as written', () => {
  const groups = diffVersions(adopted, midTermReview, 'en');
  assert.deepEqual(
    groups.map((g) => [g.kind, g.title, g.lines]),
    [
      ['itemsAdded', 'Items added', ['Item “2-3 企業との連携” added (under “2 協働の推進”)', 'Item “3 共生社会の実現” added (at the top level)']],
      ['itemsRemoved', 'Items removed', ['Item “2-2 協働事業の提案制度” removed']],
      ['itemsRetired', 'Items retired', ['Item “2-1 旧制度の運用” retired (2023-03-31, reason: 制度の終了)']],
      ['itemsMoved', 'Items moved', ['Item “1-3 情報発信”: under “1 市民活動の促進” → under “2 協働の推進”']],
      ['itemsRenamed', 'Items renamed', ['Item “1-1”: “担い手の育成” → “担い手の育成と支援”']],
      ['itemsReordered', 'Items reordered', ['Order under “1 市民活動の促進”: 1-1, 1-2 → 1-2, 1-1']],
      ['indicatorsAdded', 'Indicators added', ['Indicator “I-4 連携企業数” added (item “2-3 企業との連携”)']],
      ['indicatorsRemoved', 'Indicators removed', ['Indicator “I-3 協働事業数” removed (item “2-2 協働事業の提案制度”)']],
      [
        'targetsChanged',
        'Target changes',
        [
          'Indicator “I-1 ブログ訪問者数”, target (every-year minimum): Value 40,000件 → 45,000件; As written “毎年度40,000件以上” → “毎年度45,000件以上”; Set by this plan → action plan',
          // 71.0 and 75 read as written numbers: 71% → 75%
          'Indicator “I-2 町内会加入率”, target (by FY2025): Fiscal year FY2025 → FY2027; Value 71% → 75%; As written “71%” → “75%”',
          'Target added to indicator “I-2 町内会加入率”: maintain, 70–75% (as written “70〜75%を維持”)',
        ],
      ],
    ],
  );
});

test('English lines: a changed kind of target, a removed target, the top level reordered', () => {
  const groups = diffVersions(midTermReview, {
    items: [midTermReview.items[3], ...midTermReview.items.filter((i) => i.code !== '2')].flatMap((i) => (i ? [i] : [])),
    indicators: [
      midTermReview.indicators[0],
      indicator('I-2', '1-1', '町内会加入率', '%', [{ kind: 'maintain', bandLow: '70', bandHigh: '75', text: '70〜75%を維持' }]),
      midTermReview.indicators[2],
    ].flatMap((i) => (i ? [i] : [])),
  }, 'en');
  assert.deepEqual(Object.fromEntries(groups.map((g) => [g.title, g.lines])), {
    'Items reordered': ['Order at the top level: 1, 2, 3 → 2, 1, 3'],
    'Target changes': [
      'Indicator “I-2 町内会加入率”, target (by FY2027): Kind by a fiscal year → maintain; Fiscal year FY2027 → none; Value 75% → 70–75%; As written “75%” → “70〜75%を維持”',
      'Target removed from indicator “I-2 町内会加入率”: maintain, 70–75% (as written “70〜75%を維持”)',
    ],
  });
});

test('the English comparison has the same groups and as many lines as the Japanese one', () => {
  const ja = diffVersions(adopted, midTermReview);
  const en = diffVersions(adopted, midTermReview, 'en');
  assert.deepEqual(en.map((g) => [g.kind, g.lines.length]), ja.map((g) => [g.kind, g.lines.length]));
  // the Japanese default is unchanged: 「値 40,000件 → 45,000件」
  assert.match(ja.find((g) => g.kind === 'targetsChanged')?.lines[0] ?? '', /^指標「I-1 ブログ訪問者数」の目標（毎年度（以上））: 値 40,000件 → 45,000件、表記「毎年度40,000件以上」→「毎年度45,000件以上」、/);
  assert.deepEqual(diffVersions(midTermReview, midTermReview, 'en'), []);
});
