// The report's SVG charts: every text from the scale (a grade's code, label and colour) is
// escaped, so a scale 本部 typed cannot put markup into a report.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gradeChartSvg } from './charts.js';

test('a grade code, label and colour with markup are escaped in the grade chart', () => {
  const svg = gradeChartSvg({
    id: 'dist',
    title: '評価の分布',
    description: '',
    grades: [
      { code: '<script>x</script>', label: '<b>達成</b>', color: '#000"/><script>y</script><x a="' },
      { code: 'B', label: 'B', color: '#259D63' },
    ],
    // one bar of 10: the first grade's 4 make a segment wide enough (4 × 36 px) for its label
    bars: [{ group: '1', fiscalYear: 2021, label: '分野1 令和3年度', counts: [4, 6], total: 10 }],
    note: '',
  });
  assert.ok(!svg.includes('<script>'), svg);
  assert.ok(svg.includes('&lt;script&gt;x&lt;/script&gt;4</text>'), 'the segment label is escaped, not left out');
  assert.ok(svg.includes('fill="#000&quot;/&gt;&lt;script&gt;y&lt;/script&gt;&lt;x a=&quot;"'));
  assert.ok(svg.includes('&lt;b&gt;達成&lt;/b&gt;'));
});
