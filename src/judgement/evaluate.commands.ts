// `shinchoku evaluate PLAN --year FY`: the judgement of every indicator with data that year.
import type { Command } from '../cli/command.js';
import { AppError } from '../errors.js';
import { bootstrapDatabase } from '../system/bootstrap.js';
import { formatFiscalYear, parseFiscalYear } from '../domain/wareki.js';
import { isDomainError } from '../domain/errors.js';
import { formatPercent, toPlainString } from '../domain/decimal.js';
import { RATE_METHOD_LABELS } from '../domain/judgement.js';
import { csvRow } from '../shared/csv.js';
import { evaluatePlan, type EvaluatedIndicator, type PlanEvaluation } from './evaluate-plan.js';

const TARGET_SOURCES: Record<string, string> = {
  this_plan: '本計画',
  action_plan: 'アクションプラン',
  strategic_vision: '戦略ビジョン',
  upper_plan: '上位計画',
  other: 'その他',
};

function projectionText(projection: EvaluatedIndicator['projection']): string {
  if (!projection) return '';
  switch (projection.status) {
    case 'already_reached':
      return `${formatFiscalYear(projection.fiscalYear)}に到達済み`;
    case 'reached':
      return `${formatFiscalYear(projection.fiscalYear)}に到達見込み`;
    case 'not_reachable':
      return projection.label;
    default:
      return '見通しを出すには実績が足りません';
  }
}

/** The figures of one row, as text: what the table, the CSV and the JSON all show. */
export function presentEvaluation(e: EvaluatedIndicator) {
  const rate = e.rate;
  return {
    code: e.code,
    name: e.name,
    field: e.fieldName,
    actual: e.actual ? `${e.actual.text}${e.actual.asOf ? `（${e.actual.asOf}時点）` : ''}` : '',
    actualKind: e.actual?.kind ?? '',
    target: e.target ? `${e.target.fiscalYear !== null ? `${formatFiscalYear(e.target.fiscalYear)} ` : ''}${e.target.text ?? e.target.value ?? ''}` : '',
    targetSetBy: e.target ? (e.target.setByName ?? TARGET_SOURCES[e.target.setBy] ?? e.target.setBy) : '',
    method: e.method ? RATE_METHOD_LABELS[e.method] : '',
    rate: rate?.status === 'ok' ? formatPercent(rate.rate) : rate ? rate.label : '',
    ratePlain: rate?.status === 'ok' ? toPlainString(rate.rate) : '',
    formula: rate?.status === 'ok' ? rate.formula : rate ? rate.message : (e.note ?? ''),
    grade: e.grade?.grade?.code ?? '',
    gradeExplanation: e.grade?.explanation ?? '',
    projection: projectionText(e.projection),
    projectionExplanation: e.projection?.explanation ?? '',
  };
}

export function evaluationTable(evaluation: PlanEvaluation): string {
  const lines = [
    `${evaluation.plan.title}（${evaluation.plan.code}） ${formatFiscalYear(evaluation.fiscalYear)}（${evaluation.fiscalYear}年度）の評価`,
    `評価の尺度: ${evaluation.scale.name}${evaluation.defaultScale ? '（計画に尺度の設定がないため既定の尺度）' : ''}`,
    '',
  ];
  for (const e of evaluation.indicators.map(presentEvaluation)) {
    lines.push(`■ ${e.code} ${e.name}`);
    lines.push(`  実績 ${e.actual || '—'}　目標 ${e.target || '—'}${e.targetSetBy ? `（${e.targetSetBy}）` : ''}`);
    lines.push(`  達成率 ${e.rate || '—'}${e.method ? `［${e.method}］` : ''}　${e.formula}`);
    if (e.grade || e.gradeExplanation) lines.push(`  評価 ${e.grade || '—'}　${e.gradeExplanation}`);
    if (e.projection) lines.push(`  見通し ${e.projection}　${e.projectionExplanation}`);
  }
  lines.push('', `評価の分布（${evaluation.distribution.total}件${evaluation.distribution.ungraded ? `、未評価 ${evaluation.distribution.ungraded}件` : ''}）`);
  for (const row of evaluation.distribution.rows) lines.push(`  ${row.code} ${row.label}: ${row.count}件 ${row.shareText}`);
  return lines.join('\n');
}

const CSV_HEADER = ['指標コード', '指標名', '分野', '実績', '目標', '目標設定', '方法', '達成率(%)', '計算式', '評価', '見通し'];

export function evaluationCsv(evaluation: PlanEvaluation): string {
  return (
    csvRow(CSV_HEADER) +
    evaluation.indicators
      .map(presentEvaluation)
      .map((e) => csvRow([e.code, e.name, e.field, e.actual, e.target, e.targetSetBy, e.method, e.ratePlain, e.formula, e.grade, e.projection]))
      .join('')
  );
}

export const evaluateCommand: Command = {
  name: 'evaluate',
  summary: '計画の指標を年度ごとに判定します（達成率、計算式、評価、到達見込み、評価の分布）',
  usage: 'evaluate PLAN --year FY [--format table|json|csv] [--data DIR]',
  help: ['  --year FY       評価する年度（2016、H28、平成28年度、令和元年度 など）', '  --format F      table（既定）、json、csv'],
  options: { year: { type: 'string' }, format: { type: 'string' } },
  usesDatabase: true,
  async run({ values, positionals, database, out }) {
    const code = positionals[0];
    if (!code || typeof values.year !== 'string') {
      console.error('計画コードと --year を指定してください。例: shinchoku evaluate sapporo-2nd --year H28');
      return 2;
    }
    let fiscalYear: number;
    try {
      fiscalYear = parseFiscalYear(values.year);
    } catch (error) {
      if (isDomainError(error)) throw new AppError('INVALID_INPUT', { reason: `--year: ${error.message}` });
      throw error;
    }
    const format = typeof values.format === 'string' ? values.format : 'table';
    if (!['table', 'json', 'csv'].includes(format)) {
      console.error(`形式「${format}」には対応していません（table、json、csv）`);
      return 2;
    }
    const ready = await bootstrapDatabase(database());
    try {
      const evaluation = await evaluatePlan(ready.db, code, fiscalYear);
      if (format === 'json') {
        out(JSON.stringify({ plan: evaluation.plan.code, fiscalYear, scale: evaluation.scale.id, indicators: evaluation.indicators.map(presentEvaluation), distribution: evaluation.distribution }, null, 2));
      } else if (format === 'csv') process.stdout.write(evaluationCsv(evaluation));
      else out(evaluationTable(evaluation));
    } finally {
      await ready.close();
    }
  },
};
