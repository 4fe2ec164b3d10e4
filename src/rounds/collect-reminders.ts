// Reminders for `shinchoku remind` (cron): per account with an e-mail address, the deadline
// notices of the open rounds it works on — the same notices the app shows.
import { and, inArray, isNotNull, isNull } from 'drizzle-orm';
import type { Queryable } from '../db/client.js';
import { rounds, users } from '../db/schema.js';
import { can, type Role, type SessionUser } from '../auth/policy.js';
import { scopesOf } from '../auth/sessions.repository.js';
import { formatFiscalYear } from '../domain/wareki.js';
import type { MailMessage } from '../mail/smtp.js';
import { deadlineNotices } from './dashboard.js';
import { entriesOfRound, findRound } from './rounds.repository.js';

export interface Reminder extends MailMessage {
  login: string;
}

export async function collectReminders(db: Queryable, today: string, baseUrl = ''): Promise<Reminder[]> {
  const open = await db.select({ id: rounds.id }).from(rounds).where(inArray(rounds.state, ['entry', 'review']));
  if (open.length === 0) return [];
  const people = await db.select().from(users).where(and(isNotNull(users.email), isNull(users.disabledAt)));
  const loaded = await Promise.all(open.map(async (r) => ({ found: await findRound(db, r.id), entries: await entriesOfRound(db, r.id) })));
  const reminders: Reminder[] = [];
  for (const person of people) {
    const user: SessionUser = { id: person.id, login: person.login, displayName: person.displayName, role: person.role as Role, organisationId: person.organisationId, ...(await scopesOf(db, person.id)) };
    const lines: string[] = [];
    for (const { found, entries } of loaded) {
      if (!found) continue;
      const { round, plan } = found;
      const name = `${plan.title} ${formatFiscalYear(round.fiscalYear)}`;
      const notices = [];
      if (can(user, 'entry:edit')) {
        const mine = entries.filter((e) => can(user, 'entry:edit', { departmentIds: e.departmentIds, planId: plan.id }));
        notices.push(...deadlineNotices({ state: round.state, entryDeadline: round.entryDeadline, reviewDeadline: null }, mine, today));
      }
      if (can(user, 'entry:review')) {
        const mine = entries.filter((e) => can(user, 'entry:review', { departmentIds: e.departmentIds, planId: plan.id }));
        notices.push(...deadlineNotices({ state: round.state, entryDeadline: null, reviewDeadline: round.reviewDeadline }, mine, today));
      }
      for (const notice of notices) lines.push(`・${name}: ${notice.text}`);
    }
    if (lines.length === 0 || !person.email) continue;
    reminders.push({
      login: person.login,
      to: person.email,
      subject: '【進捗】年度評価の期限のお知らせ',
      text: [`${person.displayName} 様`, '', '年度評価の期限についてお知らせします。', '', ...lines, '', `担当の入力: ${baseUrl}/my-work`, `確認待ち: ${baseUrl}/review`, '', '（このメールは Shinchoku から自動で送信しています）'].join('\n'),
    });
  }
  return reminders;
}
