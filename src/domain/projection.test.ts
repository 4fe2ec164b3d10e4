import { test } from 'node:test';
import assert from 'node:assert/strict';
import { d } from './decimal.js';
import { DomainError } from './errors.js';
import { projectTarget } from './projection.js';
import type { ProjectionPoint } from './projection.js';

const points = (...pairs: [number, string][]): ProjectionPoint[] => pairs.map(([fiscalYear, v]) => ({ fiscalYear, value: d(v) }));

// Sapporo まちづくりセンターが支援した地域の主体的な活動数 (累計): H25 1,006, H26 1,062, H27 1,152, H28 1,178
const machiSen = points([2013, '1006'], [2014, '1062'], [2015, '1152'], [2016, '1178']);

test('least squares: Sapporo まちセン activities towards 1,300', () => {
  // x̄ = 2014.5, ȳ = 4,398 ÷ 4 = 1,099.5; dx = −1.5, −0.5, 0.5, 1.5; dy = −93.5, −37.5, 52.5, 78.5
  // Sxy = 140.25 + 18.75 + 26.25 + 117.75 = 303; Sxx = 2.25 + 0.25 + 0.25 + 2.25 = 5; slope = 60.6
  // crossing = 2014.5 + (1,300 − 1,099.5) ÷ 60.6 = 2014.5 + 3.3086… = 2017.81 → 2018年度 (平成30年度)
  const p = projectTarget(machiSen, d(1300), 'up', 'least_squares', { targetFiscalYear: 2022 });
  assert.equal(p.status, 'reached');
  if (p.status !== 'reached') return;
  assert.equal(p.fiscalYear, 2018);
  assert.equal(p.slope.toFixed(), '60.6');
  assert.equal(p.onTime, true);
  assert.equal(
    p.explanation,
    '最小二乗法（4点: 平成25年度〜平成28年度）: 平均 1,099.5（2014.5年度）、傾き +60.6/年; 目標到達 2014.5 + (1,300 − 1,099.5) ÷ 60.6 = 2017.81年度 → 平成30年度（2018年度）に到達見込み',
  );
});

test('last two points: the latest pace', () => {
  // 1,152 → 1,178: slope 26/年; crossing = 2016 + (1,300 − 1,178) ÷ 26 = 2016 + 4.6923… = 2020.69 → 2021年度
  const p = projectTarget(machiSen, d(1300), 'up', 'last_two_points', { targetFiscalYear: 2020 });
  assert.equal(p.status, 'reached');
  assert.equal(p.status === 'reached' && p.fiscalYear, 2021);
  assert.equal(p.status === 'reached' && p.onTime, false); // later than the target year 2020
  assert.equal(p.method, 'last_two_points');
});

test('到達見込みなし when the pace goes the wrong way or is flat', () => {
  // Sapporo 認証NPO法人数: H27 943 → H28 939 (−4/年) towards 1,100
  const npo = points([2013, '887'], [2014, '914'], [2015, '943'], [2016, '939']);
  const p = projectTarget(npo, d(1100), 'up', 'last_two_points');
  assert.equal(p.status, 'not_reachable');
  assert.equal(p.status === 'not_reachable' && p.reason, 'wrong_direction');
  assert.equal(p.status === 'not_reachable' && p.label, '到達見込みなし');
  assert.equal(p.explanation, '直近2点のペース（平成27年度 943 → 平成28年度 939）: 傾き −4/年。目標と逆の方向に動いているため到達見込みなし');
  // The same data by least squares still rise: ȳ = 3,683 ÷ 4 = 920.75; dy = −33.75, −6.75, 22.25, 18.25
  // Sxy = 1.5 × 33.75 + 0.5 × 6.75 + 0.5 × 22.25 + 1.5 × 18.25 = 50.625 + 3.375 + 11.125 + 27.375 = 92.5
  // slope = 92.5 ÷ 5 = 18.5; crossing = 2014.5 + (1,100 − 920.75) ÷ 18.5 = 2014.5 + 9.689… = 2024.19 → 2025年度
  const ls = projectTarget(npo, d(1100), 'up', 'least_squares');
  assert.equal(ls.status === 'reached' && ls.fiscalYear, 2025);
  assert.equal(ls.status === 'reached' && ls.slope.toFixed(), '18.5');
  const flat = projectTarget(points([2015, '5'], [2016, '5']), d(6), 'up', 'last_two_points');
  assert.equal(flat.status === 'not_reachable' && flat.reason, 'flat');
  // +0.01/年 from 1.00 to 5.00 needs 400 years: beyond the 100-year horizon
  const slow = projectTarget(points([2015, '0.99'], [2016, '1.00']), d(5), 'up', 'last_two_points');
  assert.equal(slow.status === 'not_reachable' && slow.reason, 'beyond_horizon');
});

test('a 低下 indicator projected downwards', () => {
  // x̄ = 2017, ȳ = 275 ÷ 3; dx = −1, 0, 1; Sxy = −1 × (100 − 275/3) + 1 × (85 − 275/3) = −15; Sxx = 2; slope = −7.5
  // crossing = 2017 + (60 − 275/3) ÷ −7.5 = 2017 + (−95/3) ÷ −7.5 = 2017 + 4.2222… = 2021.22 → 2022年度
  const p = projectTarget(points([2016, '100'], [2017, '90'], [2018, '85']), d(60), 'down', 'least_squares');
  assert.equal(p.status === 'reached' && p.fiscalYear, 2022);
});

test('already reached, too few points, bad input', () => {
  const done = projectTarget(machiSen, d(1060), 'up', 'least_squares');
  assert.equal(done.status, 'already_reached');
  assert.equal(done.status === 'already_reached' && done.fiscalYear, 2016);
  assert.equal(projectTarget(points([2016, '1']), d(2), 'up', 'least_squares').status, 'insufficient_data');
  assert.equal(projectTarget([], d(2), 'up', 'least_squares').status, 'insufficient_data');
  const isInvalid = (e: unknown) => e instanceof DomainError && e.code === 'PROJECTION_INPUT_INVALID';
  assert.throws(() => projectTarget(points([2016, '1'], [2016, '2']), d(3), 'up', 'least_squares'), isInvalid);
  assert.throws(() => projectTarget(machiSen, d(3), 'up', 'median' as 'least_squares'), isInvalid);
});

test('the reached year is never before the year after the last observation', () => {
  // Fitted line already above 10 at 2016 (LS through 0, 20, 9: slope 4.5, value at 2016 = 9.67 + 4.5 = 14.17),
  // but the 2016 actual 9 is below 10 → next year, 2017
  const p = projectTarget(points([2014, '0'], [2015, '20'], [2016, '9']), d(10), 'up', 'least_squares');
  assert.equal(p.status === 'reached' && p.fiscalYear, 2017);
});
