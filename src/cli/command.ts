// A tiny command framework on node:util parseArgs: each command declares its options and
// help text; `--help` works for every command; errors print in Japanese without a stack.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { databaseOptionsFrom, type DatabaseOptions } from '../db/client.js';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

export interface CommandContext {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
  /** Database options from --data and DATABASE_URL. */
  database: () => DatabaseOptions;
  out: (line: string) => void;
}

export interface Command {
  /** e.g. 'start' or 'user add' */
  name: string;
  summary: string;
  usage: string;
  /** Lines explaining options, printed by --help. */
  help: string[];
  options: OptionSpec;
  /** Whether the command opens the database (it then accepts --data and DATABASE_URL). */
  usesDatabase: boolean;
  run(context: CommandContext): Promise<number | void>;
}

export const DATA_OPTION: OptionSpec = { data: { type: 'string' } };
export const DATA_HELP = [
  '  --data DIR      データフォルダ（組み込みデータベース PGlite）。既定: ./data',
  '                  環境変数 DATABASE_URL があれば PostgreSQL サーバーを使います',
];

export function parseCommand(command: Command, argv: string[]): CommandContext {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { ...command.options, ...(command.usesDatabase ? DATA_OPTION : {}), help: { type: 'boolean', short: 'h' } },
    allowPositionals: true,
    strict: true,
  });
  const flat = values as Record<string, string | boolean | undefined>;
  return {
    values: flat,
    positionals,
    database: () => databaseOptionsFrom(process.env, typeof flat.data === 'string' ? flat.data : undefined),
    out: (line) => process.stdout.write(line + '\n'),
  };
}

export function helpText(command: Command): string {
  const lines = [`使い方: shinchoku ${command.usage}`, '', command.summary, ''];
  if (command.help.length || command.usesDatabase) {
    lines.push('オプション:', ...command.help, ...(command.usesDatabase ? DATA_HELP : []));
  }
  lines.push('  -h, --help      このヘルプを表示');
  return lines.join('\n');
}
