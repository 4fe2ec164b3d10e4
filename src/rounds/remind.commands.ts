// `shinchoku remind`: for cron. Sends the deadline reminders by mail when SMTP_URL is set,
// otherwise prints them.
import type { Command } from '../cli/command.js';
import { bootstrapDatabase } from '../system/bootstrap.js';
import { sendMail, smtpSettingsFrom } from '../mail/smtp.js';
import { AppError } from '../errors.js';
import { collectReminders } from './collect-reminders.js';
import { todayInJapan } from './dashboard.js';

export const remindCommand: Command = {
  name: 'remind',
  summary: '受付中の評価の期限（7日前から・超過後）を担当者にメールで知らせます（SMTP_URL がなければ表示のみ）',
  usage: 'remind [--today YYYY-MM-DD] [--base-url URL]',
  help: [
    '  --today D       基準日（既定: 日本時間の今日）',
    '  --base-url URL  メール本文のリンクの先頭（例: https://shinchoku.city.example）',
    '  環境変数 SMTP_URL=smtp[s]://ユーザー:パスワード@ホスト:ポート?from=送信元 で送信します',
  ],
  options: { today: { type: 'string' }, 'base-url': { type: 'string' } },
  usesDatabase: true,
  async run({ values, database, out }) {
    const today = typeof values.today === 'string' ? values.today : todayInJapan();
    if (!/^\d{4}-\d{2}-\d{2}$/.test(today)) throw new AppError('INVALID_INPUT', { reason: '--today は YYYY-MM-DD で指定してください' });
    const ready = await bootstrapDatabase(database());
    try {
      const reminders = await collectReminders(ready.db, today, typeof values['base-url'] === 'string' ? values['base-url'].replace(/\/$/, '') : '');
      const smtp = process.env.SMTP_URL?.trim();
      if (!smtp) {
        for (const r of reminders) out(`宛先 ${r.login} <${r.to}>\n${r.text}\n`);
        out(`${reminders.length}件のお知らせがあります（SMTP_URL が未設定のため送信していません）。`);
        return;
      }
      const sent = await sendMail(smtpSettingsFrom(smtp), reminders);
      out(`${sent}件のお知らせをメールで送信しました。`);
    } finally {
      await ready.close();
    }
  },
};
