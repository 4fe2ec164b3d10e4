// Two hand-written versions of a small plan; the expected lines are written out in full.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diffVersions, plainNumber, type PlanStructure } from './diff-versions.js';
import { PlanSnapshot } from './plan-snapshot.js';

const item = (code: string, parent: string | null, name: string, retired: { at: string; reason: string | null } | null = null) =>
  PlanSnapshot.shape.items.element.parse({ code, parent, name, retired });
const indicator = (code: string, itemCode: string, name: string, unit: string, targets: Record<string, unknown>[]) =>
  PlanSnapshot.shape.indicators.element.parse({ code, item: itemCode, name, unit, targets });

const version1: PlanStructure = {
  items: [
    item('1', null, '市民活動の促進'),
    item('1-1', '1', '担い手の育成'),
    item('1-2', '1', '活動の場づくり'),
    item('1-3', '1', '情報発信'),
    item('2', null, '協働の推進'),
    item('2-1', '2', '協働事業の提案制度'),
    item('2-2', '2', '旧制度の運用'),
  ],
  indicators: [
    indicator('I-1', '1-1', '町内会加入率', '%', [{ kind: 'by_year', fiscalYear: 2025, value: '71.0', text: '71%' }]),
    indicator('I-2', '1-2', '市民活動サポートセンター利用団体数', '団体', [{ kind: 'every_year_min', value: '720', text: '毎年度720団体以上' }]),
    indicator('I-3', '2-2', '旧制度の件数', '件', []),
  ],
};

const version2: PlanStructure = {
  items: [
    item('1', null, '市民活動の促進'),
    item('1-2', '1', '活動の場づくり'), // now before 1-1
    item('1-1', '1', '担い手の育成と支援'), // renamed
    item('2', null, '協働の推進'),
    item('2-1', '2', '協働事業の提案制度'),
    item('1-3', '2', '情報発信'), // moved under 2
    item('2-2', '2', '旧制度の運用', { at: '2023-03-31', reason: '制度の終了' }), // retired
    item('2-3', '2', '企業との連携'), // added
  ],
  indicators: [
    // the target revised at the 中間見直し: 71% → 75% by 令和9年度
    indicator('I-1', '1-1', '町内会加入率', '%', [{ kind: 'by_year', fiscalYear: 2027, value: '75', text: '75%' }]),
    indicator('I-2', '1-2', '市民活動サポートセンター利用団体数', '団体', [{ kind: 'every_year_min', value: '720.00', text: '毎年度720団体以上' }, { kind: 'by_year', fiscalYear: 2027, value: '1200', text: '1,200団体' }]),
    indicator('I-4', '2-3', '連携企業数', '社', []),
  ],
};

test('every kind of change is one readable line in its group', () => {
  const groups = diffVersions(version1, version2);
  const byTitle = Object.fromEntries(groups.map((g) => [g.title, g.lines]));
  assert.deepEqual(byTitle, {
    追加された項目: ['「2-3 企業との連携」を追加（「2 協働の推進」の下）'],
    廃止された項目: ['「2-2 旧制度の運用」を廃止（2023-03-31、理由: 制度の終了）'],
    移動した項目: ['「1-3 情報発信」: 「1 市民活動の促進」の下 → 「2 協働の推進」の下'],
    名称が変わった項目: ['「1-1」: 「担い手の育成」→「担い手の育成と支援」'],
    並び順が変わった項目: ['「1 市民活動の促進」の下の並び順: 1-1、1-2 → 1-2、1-1'],
    追加された指標: ['指標「I-4 連携企業数」を追加（「2-3 企業との連携」）'],
    削除された指標: ['指標「I-3 旧制度の件数」を削除（「2-2 旧制度の運用」）'],
    目標の変更: [
      // 令和7年度 = FY2025, 令和9年度 = FY2027; 720.00 is the same value as 720
      '指標「I-1 町内会加入率」の目標（令和7年度までの目標）: 年度 令和7年度 → 令和9年度、値 71% → 75%、表記「71%」→「75%」',
      '指標「I-2 市民活動サポートセンター利用団体数」に目標を追加: 令和9年度までの目標 1,200団体（表記「1,200団体」）',
    ],
  });
  // groups come in a fixed order: items first, then indicators, then targets
  assert.deepEqual(groups.map((g) => g.kind), ['itemsAdded', 'itemsRetired', 'itemsMoved', 'itemsRenamed', 'itemsReordered', 'indicatorsAdded', 'indicatorsRemoved', 'targetsChanged']);
});

test('removed items and a changed kind of target', () => {
  const groups = diffVersions(version2, {
    items: version2.items.filter((i) => i.code !== '2-3'),
    indicators: [
      indicator('I-1', '1-1', '町内会加入率', '%', [{ kind: 'maintain', bandLow: '70', bandHigh: '75', text: '70〜75%を維持' }]),
      ...version2.indicators.slice(1).filter((i) => i.code !== 'I-4'),
    ],
  });
  const byTitle = Object.fromEntries(groups.map((g) => [g.title, g.lines]));
  assert.deepEqual(byTitle['削除された項目'], ['「2-3 企業との連携」を削除']);
  assert.deepEqual(byTitle['削除された指標'], ['指標「I-4 連携企業数」を削除（「2-3 企業との連携」）']);
  assert.deepEqual(byTitle['目標の変更'], ['指標「I-1 町内会加入率」の目標（令和9年度までの目標）: 種類 年度までの目標 → 維持、年度 令和9年度 → なし、値 75% → 70〜75%、表記「75%」→「70〜75%を維持」']);
});

test('a version compared with itself has no changes', () => {
  assert.deepEqual(diffVersions(version2, version2), []);
});

test('numbers read as written, exactly', () => {
  assert.equal(plainNumber('496000000'), '496,000,000');
  assert.equal(plainNumber('71.70'), '71.7');
  assert.equal(plainNumber('-1200.5'), '-1,200.5');
  assert.equal(plainNumber('0.05'), '0.05');
});
