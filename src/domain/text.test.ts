// Width normalisation: what Japanese tables mix in becomes ASCII; everything else stays as written.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compact, normalizeWidth } from './text.js';

test('fullwidth digits, letters and punctuation, the ideographic space and era ligatures are normalised', () => {
  assert.equal(normalizeWidth('１，２３４件'), '1,234件');
  assert.equal(normalizeWidth('ＡＢＣ（参考）'), 'ABC(参考)');
  assert.equal(normalizeWidth('平成\u300029年度'), '平成 29年度');
  assert.equal(normalizeWidth('約\u00a04億'), '約 4億');
  assert.equal(normalizeWidth('ｰ'), 'ー');
  assert.equal(normalizeWidth('－１'), '-1');
  assert.equal(normalizeWidth('㍻29年度'), '平成29年度');
  assert.equal(normalizeWidth('㋿元年'), '令和元年');
  assert.equal(normalizeWidth('㍼'), '昭和');
});

test('text without such characters comes back as written (units such as ㎡ and labels too)', () => {
  for (const text of ['', '1,234件', '約4億9,600万円', '71.7%', '今後調査', '1,000㎡', '認定18、仮認定3', 'H29.9.15時点', '—']) {
    assert.equal(normalizeWidth(text), text);
  }
  assert.equal(compact(' 平成 29 年度 '), '平成29年度');
});
