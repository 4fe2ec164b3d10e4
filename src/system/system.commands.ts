// `shinchoku start` and `shinchoku migrate`.
import { parsePublicUrl } from '../web/public-origin.js';
import type { Command } from '../cli/command.js';
import { bootstrapDatabase } from './bootstrap.js';
import { startServer, stopOnSignals } from '../server.js';
import { log } from '../log.js';
import { count, eq } from 'drizzle-orm';
import { organisations, users } from '../db/schema.js';
import { createDemoAccounts } from '../auth/create-demo-accounts.js';
import { SYSTEM_ACTOR } from './audit.repository.js';
import type { ReadyDatabase } from './bootstrap.js';
import { isServerProcess, processCount, runPrimary } from './processes.js';

/**
 * On the very first start (no account at all) the demo accounts of the bundled plans are created
 * and their passwords printed once. SHINCHOKU_DEMO_ACCOUNTS=0 turns this off (a real installation
 * creates its accounts with `shinchoku user add`).
 */
async function printDemoAccountsOnFirstStart(database: ReadyDatabase): Promise<void> {
  if (process.env.SHINCHOKU_DEMO_ACCOUNTS === '0') return;
  const created = await database.db.transaction(async (tx) => {
    const [row] = await tx.select({ n: count() }).from(users);
    if ((row?.n ?? 0) > 0) return [];
    // the demo accounts belong to the bundled Sendai plan: a database without it (another
    // installation's data, a benchmark set) starts without them
    const [sendai] = await tx.select({ id: organisations.id }).from(organisations).where(eq(organisations.code, 'sendai'));
    if (!sendai) {
      log.info('demo accounts not created: the bundled Sendai organisation is not in this database (create accounts with shinchoku user add)');
      return [];
    }
    return createDemoAccounts(tx, SYSTEM_ACTOR);
  });
  if (created.length === 0) return;
  const lines = [
    '',
    'デモ用アカウントを作成しました（パスワードはこの一度だけ表示されます）/ Demo accounts (passwords shown once):',
    ...created.map((a) => `  ${a.login.padEnd(18)} ${a.role.padEnd(10)} ${a.password}`),
    '  ログイン: /login — 本番では shinchoku user add で利用者を作成し、SHINCHOKU_DEMO_ACCOUNTS=0 で起動してください',
    '',
  ];
  process.stdout.write(lines.join('\n') + '\n');
}

export const startCommand: Command = {
  name: 'start',
  summary: 'Web サーバーを起動します（必要ならマイグレーションと同梱データの読み込みを行います）',
  usage: 'start [--port N] [--host ADDR] [--processes N] [--data DIR]',
  help: [
    '  --port N        待ち受けるポート。既定: 3000（環境変数 PORT でも指定可）',
    '  --host ADDR     待ち受けるアドレス。既定: 0.0.0.0',
    '  --processes N   同じポートで動かすサーバープロセスの数（PostgreSQL のみ。CPU コア数が目安）。既定: 1（環境変数 SHINCHOKU_PROCESSES でも指定可）',
  ],
  options: { port: { type: 'string' }, host: { type: 'string' }, processes: { type: 'string' } },
  usesDatabase: true,
  async run({ values, database }) {
    const port = Number(values.port ?? process.env.PORT ?? 3000);
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      console.error(`ポート番号が正しくありません: ${values.port}`);
      return 2;
    }
    const processes = processCount(typeof values.processes === 'string' ? values.processes : process.env.SHINCHOKU_PROCESSES);
    if (processes === undefined) {
      console.error(`プロセス数が正しくありません（1〜64 の整数）: ${String(values.processes ?? process.env.SHINCHOKU_PROCESSES)}`);
      return 2;
    }
    const publicUrl = process.env.SHINCHOKU_PUBLIC_URL;
    if (publicUrl !== undefined && publicUrl.trim() !== '' && parsePublicUrl(publicUrl) === null) {
      console.error(`SHINCHOKU_PUBLIC_URL が正しくありません（http:// または https:// で始まる URL を指定してください）: ${publicUrl}`);
      return 2;
    }
    const options = database();
    if (processes > 1 && !isServerProcess()) {
      if (!options.url) {
        console.error('--processes は PostgreSQL（DATABASE_URL）でのみ使えます。データフォルダは 1 つのプロセスだけが開けます。');
        return 2;
      }
      // migrations, the bundled plans and the demo accounts once, before the server processes start
      const ready = await bootstrapDatabase(options);
      await printDemoAccountsOnFirstStart(ready);
      await ready.close();
      return runPrimary(processes);
    }
    const ready = await bootstrapDatabase(options);
    if (!isServerProcess()) await printDemoAccountsOnFirstStart(ready);
    const host = typeof values.host === 'string' ? values.host : undefined;
    const server = await startServer(ready, { port, ...(host ? { host } : {}), databaseUrl: options.url });
    stopOnSignals(server);
    // a server process of several: the first process says 'listening' once all of them are
    log.info(isServerProcess() ? 'process listening' : 'listening', { url: server.url, pid: process.pid, database: ready.kind, location: ready.location, schema: ready.schema.latest });
    // keep running until a signal arrives
    await new Promise<never>(() => undefined);
  },
};

export const migrateCommand: Command = {
  name: 'migrate',
  summary: 'データベースのスキーマを最新にします（何度実行しても同じ結果になります。空のデータベースには同梱の計画も読み込みます）',
  usage: 'migrate [--data DIR]',
  help: [],
  options: {},
  usesDatabase: true,
  async run({ database, out }) {
    const ready = await bootstrapDatabase(database());
    try {
      out(`スキーマ: ${ready.schema.latest}（適用済み ${ready.schema.applied} 件）${ready.kind === 'pglite' ? ` データフォルダ ${ready.location}` : ` ${ready.location}`}`);
    } finally {
      await ready.close();
    }
  },
};
