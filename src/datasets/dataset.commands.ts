// `shinchoku import` and `shinchoku export` for plan datasets (plan.json).
import type { Command } from '../cli/command.js';
import { bootstrapDatabase } from '../system/bootstrap.js';
import { CLI_ACTOR } from '../system/audit.repository.js';
import { importDataset } from './import-dataset.js';
import { exportDataset } from './export-dataset.js';
import { readDataset } from './read-dataset.js';
import { TABLE_LABELS, type LoadSummary, type TableName } from './load-dataset.js';

export function summaryTable(summary: LoadSummary): string {
  const rows = (Object.keys(TABLE_LABELS) as TableName[])
    .map((table) => ({ table, ...summary.tables[table] }))
    .filter((row) => row.created + row.updated + row.unchanged > 0);
  const width = Math.max(...rows.map((r) => TABLE_LABELS[r.table].length));
  return [
    `${'区分'.padEnd(width, '　')}  新規  更新  変更なし`,
    ...rows.map((r) => `${TABLE_LABELS[r.table].padEnd(width, '　')}  ${String(r.created).padStart(4)}  ${String(r.updated).padStart(4)}  ${String(r.unchanged).padStart(8)}`),
  ].join('\n');
}

export const importCommand: Command = {
  name: 'import',
  summary: '計画データセット（plan.json を含むフォルダ）を読み込みます。全件成功したときだけ書き込みます',
  usage: 'import PATH [--dry-run] [--format text|json] [--data DIR]',
  help: [
    '  PATH            データセットのフォルダ（例: datasets/sendai-2021）または plan.json',
    '  --dry-run       書き込まずに、新規・更新・変更なしの件数だけを表示します',
    '  --format F      text（既定）または json',
  ],
  options: { 'dry-run': { type: 'boolean' }, format: { type: 'string' } },
  usesDatabase: true,
  async run({ values, positionals, database, out }) {
    const path = positionals[0];
    if (!path) {
      console.error('読み込むフォルダを指定してください。例: shinchoku import datasets/sendai-2021');
      return 2;
    }
    const dryRun = values['dry-run'] === true;
    const dataset = await readDataset(path);
    const ready = await bootstrapDatabase(database());
    try {
      const summary = await importDataset(ready.db, dataset, CLI_ACTOR, { dryRun });
      if (values.format === 'json') out(JSON.stringify({ dryRun, ...summary }, null, 2));
      else {
        out(`${dryRun ? '［試行・書き込みなし］' : ''}計画「${summary.plan}」: ${summary.unchanged ? '変更はありません' : dryRun ? '次の変更を書き込みます' : '読み込みました'}`);
        out(summaryTable(summary));
      }
    } finally {
      await ready.close();
    }
  },
};

export const exportCommand: Command = {
  name: 'export',
  summary: '計画の全体（施策ツリー、担当課、指標、目標値、実績値、評価）を書き出します',
  usage: 'export PLAN --format json [--data DIR]',
  help: ['  PLAN            計画コード（例: sendai-2021）', '  --format json   JSON（plan.json と同じ形式。shinchoku import で読み込めます）'],
  options: { format: { type: 'string' } },
  usesDatabase: true,
  async run({ values, positionals, database, out }) {
    const code = positionals[0];
    if (!code) {
      console.error('計画コードを指定してください。例: shinchoku export sendai-2021 --format json');
      return 2;
    }
    if ((values.format ?? 'json') !== 'json') {
      console.error(`形式「${values.format}」には対応していません。--format json を指定してください`);
      return 2;
    }
    const ready = await bootstrapDatabase(database());
    try {
      out(JSON.stringify(await exportDataset(ready.db, code), null, 2));
    } finally {
      await ready.close();
    }
  },
};
