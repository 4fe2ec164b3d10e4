// `shinchoku user reset-password | disable | enable LOGIN`: what 本部 does on the account pages,
// for the operator of the installation (an organisation whose only 本部 forgot the password, an
// installation-wide account that no organisation's pages list).
import type { Command } from '../cli/command.js';
import { bootstrapDatabase } from '../system/bootstrap.js';
import { CLI_ACTOR } from '../system/audit.repository.js';
import { AppError } from '../errors.js';
import type { Tx } from '../db/client.js';
import { lockedAccountByLogin, type AccountRow } from './accounts.repository.js';
import { issuePassword } from './reset-password.js';
import { setEnabled } from './set-account-enabled.js';

/** A command acting on one account named by its login, inside one transaction. */
function accountCommand(spec: Pick<Command, 'name' | 'summary' | 'help'>, act: (tx: Tx, account: AccountRow) => Promise<string[]>): Command {
  return {
    ...spec,
    usage: `${spec.name} LOGIN`,
    options: {},
    usesDatabase: true,
    async run({ positionals, database, out }) {
      const login = positionals[0];
      if (!login) {
        console.error(`ログイン名を指定してください。例: shinchoku ${spec.name} tanaka`);
        return 2;
      }
      const ready = await bootstrapDatabase(database());
      try {
        const lines = await ready.db.transaction(async (tx) => {
          const account = await lockedAccountByLogin(tx, login);
          if (!account) throw new AppError('ACCOUNT_NOT_FOUND', { login });
          return act(tx, account);
        });
        for (const line of lines) out(line);
      } finally {
        await ready.close();
      }
    },
  };
}

export const userResetPasswordCommand = accountCommand(
  {
    name: 'user reset-password',
    summary: 'アカウントのパスワードを再発行し、一度だけ表示します',
    help: ['  今のパスワードとログイン中の画面は使えなくなります。新しいパスワードでログインした本人は、まず自分のパスワードに変更します'],
  },
  async (tx, account) => {
    const issued = await issuePassword(tx, account, CLI_ACTOR);
    const tokens = issued.tokensRevoked > 0 ? [`API トークン ${issued.tokensRevoked} 件を失効させました（スクリプトには本人が新しいトークンを作ります）`] : [];
    return [`アカウント「${account.login}」のパスワードを再発行しました。この一度しか表示しません:`, `  ${issued.password}`, ...tokens];
  },
);

export const userDisableCommand = accountCommand(
  {
    name: 'user disable',
    summary: 'アカウントの利用を停止します（ログイン中の画面と API トークンも使えなくなります）',
    help: ['  入力・承認・コメントと監査ログの記録は残ります。shinchoku user enable で再開できます'],
  },
  async (tx, account) => {
    if (account.disabledAt !== null) return [`アカウント「${account.login}」は既に利用停止中です。`];
    await setEnabled(tx, account, false, CLI_ACTOR);
    return [`アカウント「${account.login}」の利用を停止しました。`];
  },
);

export const userEnableCommand = accountCommand(
  {
    name: 'user enable',
    summary: '利用停止中のアカウントを再開します（パスワードは停止前のまま）',
    help: ['  停止前のパスワードでログインできるようになります'],
  },
  async (tx, account) => {
    if (account.disabledAt === null) return [`アカウント「${account.login}」は利用中です。`];
    await setEnabled(tx, account, true, CLI_ACTOR);
    return [`アカウント「${account.login}」の利用を再開しました。`];
  },
);
