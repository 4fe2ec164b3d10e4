// Demo accounts for the bundled plans: one per role and an editor for a few Sendai 担当課.
// Passwords are random and returned once (the command prints them); nothing is created when
// any demo account already exists.
import { inArray } from 'drizzle-orm';
import type { Tx } from '../db/client.js';
import { users } from '../db/schema.js';
import type { Actor } from '../system/audit.repository.js';
import { addUser } from './add-user.js';
import { randomPassword } from './password.js';
import type { Role } from './policy.js';

export interface DemoAccount {
  login: string;
  role: Role;
  displayName: string;
  departments: string[];
}

export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  { login: 'demo-honbu', role: 'admin', displayName: '本部（市民協働推進課 企画）', departments: [] },
  { login: 'demo-iin', role: 'committee', displayName: '推進委員', departments: [] },
  { login: 'demo-shiminkyoku', role: 'reviewer', displayName: '市民局 確認者', departments: ['市民局'] },
  { login: 'demo-kyodo', role: 'editor', displayName: '市民協働推進課 担当', departments: ['市民局/市民協働推進課'] },
  { login: 'demo-chiiki', role: 'editor', displayName: '地域政策課 担当', departments: ['市民局/地域政策課'] },
  { login: 'demo-shakai', role: 'editor', displayName: '社会課 担当', departments: ['健康福祉局/社会課'] },
];

/** Creates the demo accounts; returns each login with its one-time password, or [] when they exist. */
export async function createDemoAccounts(tx: Tx, actor: Actor): Promise<{ login: string; role: Role; password: string }[]> {
  const existing = await tx.select({ login: users.login }).from(users).where(inArray(users.login, DEMO_ACCOUNTS.map((a) => a.login)));
  if (existing.length > 0) return [];
  const created: { login: string; role: Role; password: string }[] = [];
  for (const account of DEMO_ACCOUNTS) {
    const password = randomPassword();
    await addUser(tx, { login: account.login, displayName: account.displayName, role: account.role, password, organisationCode: 'sendai', departments: account.departments }, actor);
    created.push({ login: account.login, role: account.role, password });
  }
  return created;
}
