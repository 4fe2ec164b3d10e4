// `shinchoku backup FILE` and `shinchoku restore FILE`.
import type { Command } from '../cli/command.js';
import { bootstrapDatabase } from './bootstrap.js';
import { createBackup, readBackupFile, restoreBackup, writeBackupFile } from './backup.js';

export const backupCommand: Command = {
  name: 'backup',
  summary: 'データベース全体の整合したスナップショットをファイルに書き出します（PGlite・PostgreSQL 共通の形式）',
  usage: 'backup FILE [--data DIR]',
  help: ['  FILE            書き出すファイル（gzip 圧縮 JSON、例: shinchoku-2026-11-30.backup）'],
  options: {},
  usesDatabase: true,
  async run({ positionals, database, out }) {
    const file = positionals[0];
    if (!file) {
      console.error('書き出すファイル名を指定してください。例: shinchoku backup shinchoku.backup');
      return 2;
    }
    const ready = await bootstrapDatabase(database(), { loadBundled: false });
    try {
      const backup = await createBackup(ready.db);
      const bytes = await writeBackupFile(file, backup);
      const rows = backup.tables.reduce((n, t) => n + t.rows.length, 0);
      out(`バックアップを書き出しました: ${file}（${backup.tables.length}表、${rows}行、${(bytes / 1024).toFixed(0)} KB、スキーマ ${backup.schema.latest}）`);
    } finally {
      await ready.close();
    }
  },
};

export const restoreCommand: Command = {
  name: 'restore',
  summary: 'バックアップを空のデータベースに復元します（全件成功したときだけ書き込みます）',
  usage: 'restore FILE [--data DIR]',
  help: ['  FILE            shinchoku backup で書き出したファイル', '  復元先は空のデータベース（新しいデータフォルダ、または空の PostgreSQL データベース）です'],
  options: {},
  usesDatabase: true,
  async run({ positionals, database, out }) {
    const file = positionals[0];
    if (!file) {
      console.error('復元するファイルを指定してください。例: shinchoku restore shinchoku.backup --data ./data-restored');
      return 2;
    }
    const backup = await readBackupFile(file);
    const ready = await bootstrapDatabase(database(), { loadBundled: false });
    try {
      const result = await restoreBackup(ready.db, backup);
      out(`復元しました: ${result.tables}表、${result.rows}行（${backup.createdAt} のバックアップ）`);
    } finally {
      await ready.close();
    }
  },
};
