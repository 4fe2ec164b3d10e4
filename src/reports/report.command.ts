// `shinchoku report PLAN [--round FY] --format html|pdf|xlsx --out FILE`
import { writeFile } from 'node:fs/promises';
import type { Command } from '../cli/command.js';
import { parseFiscalYear } from '../domain/wareki.js';
import { bootstrapDatabase } from '../system/bootstrap.js';
import { readReportData } from './report-data.js';
import { renderReportFile, type ReportProgress } from './render-report.js';

export const reportCommand: Command = {
  name: 'report',
  summary: '進捗状況報告書（目標シート、事業一覧、評価の分布）を HTML・PDF・Excel で書き出します',
  usage: 'report PLAN [--round 年度] --format html|pdf|xlsx --out FILE [--drafts] [--data DIR]',
  help: [
    '  PLAN            計画コード（例: sapporo-2nd）',
    '  --round 年度    評価年度（2016、H28、平成28年度）。既定: 最新の公表済みの年度',
    '  --format F      html、pdf または xlsx',
    '  --out FILE      書き出すファイル',
    '  --drafts        未公表の評価年度も含めます（委員会資料用）',
    '  --progress      進み具合を標準エラー出力に1行ずつ表示します',
  ],
  options: { round: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' }, drafts: { type: 'boolean' }, progress: { type: 'boolean' } },
  usesDatabase: true,
  async run({ values, positionals, database, out }) {
    const plan = positionals[0];
    const format = values.format;
    const file = values.out;
    if (!plan || typeof file !== 'string' || (format !== 'html' && format !== 'pdf' && format !== 'xlsx')) {
      console.error('計画コード、--format（html・pdf・xlsx）と --out を指定してください。例: shinchoku report sapporo-2nd --round H28 --format pdf --out report.pdf');
      return 2;
    }
    const fiscalYear = typeof values.round === 'string' ? parseFiscalYear(values.round) : undefined;
    const ready = await bootstrapDatabase(database());
    try {
      const includeDrafts = values.drafts === true;
      // the same rendering as a report job, rendered here directly; --progress shows its checkpoints
      let lastStep = '';
      const progress = (p: ReportProgress) => {
        if (values.progress !== true || p.step === lastStep) return;
        lastStep = p.step;
        process.stderr.write(`[${String(Math.floor((p.done * 100) / p.total)).padStart(3)}%] ${p.step}\n`);
      };
      const data = await readReportData(ready.db, plan, includeDrafts, fiscalYear);
      const report = await renderReportFile(data.dataset, { format, includeDrafts, history: data.history, ...(data.fiscalYear === null ? {} : { fiscalYear: data.fiscalYear }) }, progress);
      await writeFile(file, report.bytes);
      progress({ done: 1, total: 1, step: 'できあがりました' });
      out(`${file} に書き出しました（${report.title}、${format.toUpperCase()}、${report.bytes.length.toLocaleString('ja-JP')} バイト）`);
    } finally {
      await ready.close();
    }
  },
};
