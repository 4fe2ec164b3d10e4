// `shinchoku token create LOGIN --name NAME [--days N]` and `shinchoku token revoke ID`.
import type { Command } from '../cli/command.js';
import { bootstrapDatabase } from '../system/bootstrap.js';
import { CLI_ACTOR } from '../system/audit.repository.js';
import { AppError } from '../errors.js';
import { todayInJapan } from '../rounds/dashboard.js';
import { createApiToken } from './create-api-token.js';
import { revokeApiToken } from './revoke-api-token.js';

export const tokenCreateCommand: Command = {
  name: 'token create',
  summary: 'API トークンを発行します（スクリプトから API に書き込むため）',
  usage: 'token create LOGIN --name 用途 [--days 90 | --no-expiry]',
  help: [
    '  --name TEXT     トークンの用途（例: 集計スクリプト）',
    '  --days N        有効日数（既定 90）',
    '  --no-expiry     期限なし',
    'トークンは一度だけ表示されます。Authorization: Bearer <トークン> として送ってください。',
  ],
  options: { name: { type: 'string' }, days: { type: 'string' }, 'no-expiry': { type: 'boolean' } },
  usesDatabase: true,
  async run({ values, positionals, database, out }) {
    const login = positionals[0];
    if (!login || typeof values.name !== 'string') {
      console.error('ログイン名と --name を指定してください。例: shinchoku token create tanaka --name 集計スクリプト');
      return 2;
    }
    const days = values['no-expiry'] === true ? null : typeof values.days === 'string' ? Number(values.days) : 90;
    if (days !== null && !Number.isInteger(days)) throw new AppError('INVALID_INPUT', { reason: '--days は整数で指定してください' });
    const ready = await bootstrapDatabase(database());
    try {
      const created = await ready.db.transaction((tx) => createApiToken(tx, { login, name: values.name as string, days }, CLI_ACTOR));
      out(created.token);
      console.error(`「${created.login}」の API トークン（番号 ${created.id}、${created.expiresAt ? `${todayInJapan(created.expiresAt)} まで有効` : '期限なし'}）を発行しました。この表示は一度きりです。`);
    } finally {
      await ready.close();
    }
  },
};

export const tokenRevokeCommand: Command = {
  name: 'token revoke',
  summary: 'API トークンを失効させます',
  usage: 'token revoke ID',
  help: ['  ID              token create が表示した番号'],
  options: {},
  usesDatabase: true,
  async run({ positionals, database, out }) {
    const id = Number(positionals[0]);
    if (!Number.isSafeInteger(id) || id < 1) {
      console.error('トークンの番号を指定してください。例: shinchoku token revoke 3');
      return 2;
    }
    const ready = await bootstrapDatabase(database());
    try {
      await ready.db.transaction((tx) => revokeApiToken(tx, id, CLI_ACTOR));
      out(`API トークン（番号 ${id}）を失効させました。`);
    } finally {
      await ready.close();
    }
  },
};
