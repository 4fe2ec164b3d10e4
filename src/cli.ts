// The `shinchoku` command: composes the subcommands of every domain.
import { AppError, isAppError } from './errors.js';
import { helpText, parseCommand, type Command } from './cli/command.js';
import { startCommand, migrateCommand } from './system/system.commands.js';
import { userAddCommand, userDemoCommand } from './auth/user.commands.js';
import { userDisableCommand, userEnableCommand, userResetPasswordCommand } from './accounts/account.commands.js';
import { remindCommand } from './rounds/remind.commands.js';
import { importCommand, exportCommand } from './imports/transfer.commands.js';
import { evaluateCommand } from './judgement/evaluate.commands.js';
import { backupCommand, restoreCommand } from './system/backup.commands.js';
import { reportCommand } from './reports/report.command.js';
import { tokenCreateCommand, tokenRevokeCommand } from './api/token.commands.js';
import { PACKAGE_VERSION } from './version.js';

const commands: Command[] = [startCommand, migrateCommand, userAddCommand, userDemoCommand, userResetPasswordCommand, userDisableCommand, userEnableCommand, remindCommand, importCommand, exportCommand, evaluateCommand, reportCommand, backupCommand, restoreCommand, tokenCreateCommand, tokenRevokeCommand];

function overview(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    `shinchoku ${PACKAGE_VERSION} — 自治体計画の進行管理`,
    '',
    '使い方: shinchoku <コマンド> [オプション]',
    '',
    'コマンド:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    '各コマンドの詳細: shinchoku <コマンド> --help',
  ].join('\n');
}

/** Finds the longest command name that the arguments start with ('user add' before 'user'). */
function findCommand(argv: string[]): { command: Command; rest: string[] } | undefined {
  const sorted = [...commands].sort((a, b) => b.name.split(' ').length - a.name.split(' ').length);
  for (const command of sorted) {
    const words = command.name.split(' ');
    if (words.every((word, i) => argv[i] === word)) return { command, rest: argv.slice(words.length) };
  }
  return undefined;
}

export async function main(argv: string[]): Promise<number> {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    console.log(overview());
    return 0;
  }
  if (argv[0] === '--version' || argv[0] === '-v') {
    console.log(PACKAGE_VERSION);
    return 0;
  }
  const found = findCommand(argv);
  if (!found) {
    const group = commands.filter((c) => c.name.startsWith(`${argv[0]} `));
    if (group.length > 0 && (argv[1] === undefined || argv[1] === '--help' || argv[1] === '-h')) {
      console.log(group.map((c) => helpText(c)).join('\n\n'));
      return argv[1] === undefined ? 2 : 0;
    }
    console.error(`不明なコマンドです: ${argv.join(' ')}\n\n${overview()}`);
    return 2;
  }
  const { command, rest } = found;
  let context;
  try {
    context = parseCommand(command, rest);
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${helpText(command)}`);
    return 2;
  }
  if (context.values.help) {
    console.log(helpText(command));
    return 0;
  }
  try {
    return (await command.run(context)) ?? 0;
  } catch (error) {
    if (isAppError(error)) {
      console.error(`エラー: ${error.describe('ja')}`);
      return 1;
    }
    console.error(`エラー: 予期しない問題が発生しました: ${(error as Error).message}`);
    if (process.env.DEBUG) console.error((error as Error).stack);
    return 1;
  }
}

export { AppError };
