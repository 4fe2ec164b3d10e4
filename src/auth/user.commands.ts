// `shinchoku user add`.
import { createInterface } from 'node:readline/promises';
import type { Command } from '../cli/command.js';
import { bootstrapDatabase } from '../system/bootstrap.js';
import { CLI_ACTOR } from '../system/audit.repository.js';
import { ROLES } from '../db/schema.js';
import { AppError } from '../errors.js';
import { addUser, AddUserInput } from './add-user.js';
import { createDemoAccounts } from './create-demo-accounts.js';
import { roleLabel } from './policy.js';

export const userAddCommand: Command = {
  name: 'user add',
  summary: 'アカウントを作成します',
  usage: 'user add LOGIN --role ROLE [--name 表示名] [--email E] [--org 団体コード] [--departments 部署コード,…] [--plans 計画コード,…] [--password-stdin]',
  help: [
    `  --role ROLE     ${ROLES.join(' | ')}（本部管理者 / 担当課 / 確認者 / 推進委員）`,
    '  --name NAME     表示名。既定: ログイン名',
    '  --email E       メールアドレス',
    '  --org CODE      所属する団体のコード（例: sendai）',
    '  --departments C 担当範囲の部署コード（カンマ区切り）。担当課は自課、確認者は局を指定すると配下の課も含みます',
    '  --plans C       担当範囲の計画コード（カンマ区切り）。計画全体を担当します',
    '  --password-stdin パスワードを標準入力の1行目から読みます（既定: 環境変数 SHINCHOKU_PASSWORD、なければ対話入力）',
  ],
  options: {
    role: { type: 'string' },
    name: { type: 'string' },
    email: { type: 'string' },
    org: { type: 'string' },
    departments: { type: 'string' },
    plans: { type: 'string' },
    'password-stdin': { type: 'boolean' },
  },
  usesDatabase: true,
  async run({ values, positionals, database, out }) {
    const login = positionals[0];
    if (!login || typeof values.role !== 'string') {
      console.error('ログイン名と --role を指定してください。例: shinchoku user add tanaka --role editor');
      return 2;
    }
    const password = await readPassword(values['password-stdin'] === true);
    const parsed = AddUserInput.safeParse({
      login,
      displayName: typeof values.name === 'string' ? values.name : login,
      email: typeof values.email === 'string' ? values.email : undefined,
      role: values.role,
      password,
      organisationCode: typeof values.org === 'string' ? values.org : undefined,
      departments: listOption(values.departments),
      plans: listOption(values.plans),
    });
    if (!parsed.success) {
      throw new AppError('INVALID_INPUT', { reason: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') });
    }
    const ready = await bootstrapDatabase(database());
    try {
      const user = await ready.db.transaction((tx) => addUser(tx, parsed.data, CLI_ACTOR));
      out(`アカウント「${user.login}」（${user.role}）を作成しました。`);
    } finally {
      await ready.close();
    }
  },
};

async function readPassword(fromStdin: boolean): Promise<string> {
  if (!fromStdin && process.env.SHINCHOKU_PASSWORD) return process.env.SHINCHOKU_PASSWORD;
  if (!fromStdin && !process.stdin.isTTY) {
    throw new AppError('INVALID_INPUT', { reason: 'パスワードを --password-stdin か環境変数 SHINCHOKU_PASSWORD で渡してください' });
  }
  const rl = createInterface({ input: process.stdin, output: fromStdin ? undefined : process.stdout, terminal: false });
  try {
    if (!fromStdin) process.stdout.write('パスワード: ');
    for await (const line of rl) return line;
    return '';
  } finally {
    rl.close();
  }
}

/** "a,b, c" → ['a', 'b', 'c']; absent → []. */
function listOption(value: string | boolean | undefined): string[] {
  return typeof value === 'string' ? value.split(/[,、]/).map((s) => s.trim()).filter((s) => s.length > 0) : [];
}

export const userDemoCommand: Command = {
  name: 'user demo',
  summary: '同梱の計画（仙台市）用のデモアカウントを作成し、パスワードを一度だけ表示します',
  usage: 'user demo',
  help: ['  役割ごとに1つ（本部・推進委員・市民局の確認者）と、担当課3課の入力担当を作ります。既にあれば何もしません'],
  options: {},
  usesDatabase: true,
  async run({ database, out }) {
    const ready = await bootstrapDatabase(database());
    try {
      const created = await ready.db.transaction((tx) => createDemoAccounts(tx, CLI_ACTOR));
      if (created.length === 0) {
        out('デモアカウントは既にあります（パスワードは作成時に一度だけ表示しました）。');
        return;
      }
      out('デモアカウントを作成しました。パスワードはこの一度しか表示しません:');
      for (const account of created) out(`  ${account.login.padEnd(18)} ${roleLabel(account.role).padEnd(8)} ${account.password}`);
    } finally {
      await ready.close();
    }
  },
};
