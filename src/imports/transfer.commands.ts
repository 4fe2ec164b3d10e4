// `shinchoku import FILE|DIR` and `shinchoku export PLAN --format json|xlsx|csv`: the dataset
// commands (plan.json folders, JSON) extended with the Excel / CSV template.
import { createWriteStream, existsSync, statSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import type { Command } from '../cli/command.js';
import { exportCommand as datasetExportCommand, importCommand as datasetImportCommand, summaryTable } from '../datasets/dataset.commands.js';
import { parseFiscalYear } from '../domain/wareki.js';
import { isDomainError } from '../domain/errors.js';
import { bootstrapDatabase } from '../system/bootstrap.js';
import { CLI_ACTOR } from '../system/audit.repository.js';
import { exportSpreadsheet } from './export-spreadsheet.js';
import { formatIssue } from './import-issues.js';
import { importSpreadsheet, type ImportReport } from './import-spreadsheet.js';
import { ENTRIES_SHEET, INDICATORS_SHEET, ITEMS_SHEET } from './template.js';

function isDatasetPath(path: string): boolean {
  return path.endsWith('.json') || (existsSync(path) && statSync(path).isDirectory());
}

/** The text report of a spreadsheet import (what the CLI prints and the tests read). */
export function reportText(report: ImportReport): string[] {
  const lines = [`ファイル: ${report.file}（${report.format === 'xlsx' ? 'Excel' : `CSV、文字コード ${report.encoding ?? '不明'}`}、${report.rows}行）`];
  if (!report.ok) {
    lines.push(`${report.issues.length}件の誤りがあります。何も書き込んでいません:`);
    for (const issue of report.issues) lines.push(`  ${formatIssue(issue)}`);
    warningLines(report, lines);
    return lines;
  }
  const summary = report.summary;
  if (!summary) return lines;
  const what = summary.unchanged && report.gradesRefreshed === 0 ? '変更はありません' : report.dryRun ? '次の変更を書き込みます' : report.newPlan ? '新しい計画として読み込みました' : '読み込みました';
  lines.push(`${report.dryRun ? '［試行・書き込みなし］' : ''}計画「${summary.plan}」: ${what}`);
  lines.push(summaryTable(summary));
  if (report.gradesRefreshed > 0) lines.push(`評価記入 ${report.gradesRefreshed}件の自動判定を、読み込んだ値で計算し直${report.dryRun ? 'します' : 'しました'}`);
  warningLines(report, lines);
  return lines;
}

function warningLines(report: ImportReport, lines: string[]): void {
  if (report.warnings.length === 0) return;
  lines.push(`${report.warnings.length}件の注意（書き込みは妨げません）:`);
  for (const warning of report.warnings) lines.push(`  ${formatIssue(warning)}`);
}

export const importCommand: Command = {
  name: 'import',
  summary: '計画データを読み込みます（Excel .xlsx、CSV、またはデータセットのフォルダ）。全件正しいときだけ書き込みます',
  usage: 'import FILE|DIR [--dry-run] [--format text|json] [--department CODE] [--data DIR]',
  help: [
    '  FILE            テンプレートの Excel（.xlsx）または CSV（UTF-8 / Shift_JIS を自動判別）',
    '  DIR             データセットのフォルダ（例: datasets/sendai-2021）または plan.json',
    '  --dry-run       書き込まずに、新規・更新・変更なしの件数と誤りの一覧だけを表示します',
    '  --format F      text（既定）または json',
    '  --department C  担当課として読み込みます（その担当課の施策と指標だけを変更できます）',
  ],
  options: { 'dry-run': { type: 'boolean' }, format: { type: 'string' }, department: { type: 'string' } },
  usesDatabase: true,
  async run(context) {
    const { values, positionals, database, out } = context;
    const path = positionals[0];
    if (!path) {
      console.error('読み込むファイルまたはフォルダを指定してください。例: shinchoku import 指標.xlsx');
      return 2;
    }
    if (isDatasetPath(path)) return datasetImportCommand.run(context);
    if (!existsSync(path)) {
      console.error(`ファイル「${path}」が見つかりません`);
      return 2;
    }
    const dryRun = values['dry-run'] === true;
    const bytes = await readFile(path);
    const ready = await bootstrapDatabase(database());
    try {
      const json = values.format === 'json';
      const report = await importSpreadsheet(ready.db, { name: basename(path), bytes }, CLI_ACTOR, {
        dryRun,
        departments: typeof values.department === 'string' ? [values.department] : null,
        // progress on standard error, for files of 1,000 rows and more
        onProgress: (phase, rows) => {
          if (phase === 'read') process.stderr.write(`\r読み込み中… ${rows.toLocaleString('ja-JP')}行`);
          else if (rows >= 1000) process.stderr.write(`\r${phase === 'validate' ? `読み込み ${rows.toLocaleString('ja-JP')}行、検証中…` : dryRun ? '試行中（書き込んでから取り消します）…' : '書き込み中…'}\n`);
        },
      });
      if (json) out(JSON.stringify(report, null, 2));
      else for (const line of reportText(report)) out(line);
      return report.ok ? 0 : 1;
    } finally {
      await ready.close();
    }
  },
};

export const exportCommand: Command = {
  name: 'export',
  summary: '計画を書き出します: JSON（全体）、または Excel / CSV の入力テンプレート',
  usage: 'export PLAN --format json|xlsx|csv [--department CODE] [--round FY] [--sheet 施策|指標|評価] [--out FILE] [--data DIR]',
  help: [
    '  PLAN            計画コード（例: sendai-2021）',
    '  --format F      json（plan.json と同じ形式）、xlsx（テンプレート）、csv（テンプレートの1シート、UTF-8 BOM付き）',
    '  --department C  その担当課の施策だけの入力用ブック（入力欄以外は保護）',
    '  --round FY      入力する年度（2024、R6、令和6年度など）: その年度の値の行と空欄の入力行',
    '  --sheet S       CSV に書くシート: 指標（既定）、施策、評価',
    '  --out FILE      書き出すファイル（既定: 計画コード[-担当課][-年度].xlsx / .csv）',
  ],
  options: { format: { type: 'string' }, department: { type: 'string' }, round: { type: 'string' }, sheet: { type: 'string' }, out: { type: 'string' } },
  usesDatabase: true,
  async run(context) {
    const { values, positionals, database, out } = context;
    const format = typeof values.format === 'string' ? values.format : 'json';
    if (format === 'json') {
      if (typeof values.out !== 'string') return datasetExportCommand.run(context);
      const lines: string[] = [];
      const code = await datasetExportCommand.run({ ...context, out: (line) => lines.push(line) });
      if ((code ?? 0) !== 0) return code;
      await writeFile(resolve(values.out), lines.join('\n') + '\n');
      out(`書き出しました: ${resolve(values.out)}`);
      return 0;
    }
    const code = positionals[0];
    if (!code) {
      console.error('計画コードを指定してください。例: shinchoku export sendai-2021 --format xlsx');
      return 2;
    }
    if (format !== 'xlsx' && format !== 'csv') {
      console.error(`形式「${format}」には対応していません。json、xlsx、csv のいずれかを指定してください`);
      return 2;
    }
    let round: number | null = null;
    if (typeof values.round === 'string') {
      try {
        round = parseFiscalYear(values.round);
      } catch (error) {
        if (!isDomainError(error)) throw error;
        console.error(`--round: ${error.message}`);
        return 2;
      }
    }
    const sheets = { [ITEMS_SHEET]: ITEMS_SHEET, items: ITEMS_SHEET, [INDICATORS_SHEET]: INDICATORS_SHEET, indicators: INDICATORS_SHEET, [ENTRIES_SHEET]: ENTRIES_SHEET, entries: ENTRIES_SHEET } as const;
    const sheet = values.sheet === undefined ? INDICATORS_SHEET : (sheets as Record<string, (typeof sheets)[keyof typeof sheets] | undefined>)[String(values.sheet)] ?? null;
    if (sheet === null) {
      console.error(`--sheet には「${ITEMS_SHEET}」「${INDICATORS_SHEET}」「${ENTRIES_SHEET}」のいずれかを指定してください`);
      return 2;
    }
    const department = typeof values.department === 'string' ? values.department : null;
    const fallback = `${code}${department ? `-${department.replaceAll('/', '-')}` : ''}${round ? `-${round}` : ''}${format === 'csv' ? `-${sheet}` : ''}.${format}`;
    const file = resolve(typeof values.out === 'string' ? values.out : fallback);
    const ready = await bootstrapDatabase(database());
    try {
      const stream = createWriteStream(file);
      const closed = new Promise<void>((resolvePromise, reject) => {
        stream.on('close', resolvePromise);
        stream.on('error', reject);
      });
      try {
        await exportSpreadsheet(ready.db, code, stream, { format, sheet, department, round });
      } catch (error) {
        stream.destroy();
        await closed.catch(() => undefined);
        await rm(file, { force: true });
        throw error;
      }
      await closed;
      out(`書き出しました: ${file}`);
    } finally {
      await ready.close();
    }
  },
};
