// Changing one's own password: the current one is asked again; other sessions are signed out.
import { eq } from 'drizzle-orm';
import type { Tx } from '../db/client.js';
import { users } from '../db/schema.js';
import { AppError } from '../errors.js';
import { recordAudit } from '../system/audit.repository.js';
import { hashPassword, MIN_PASSWORD_LENGTH, verifyPassword } from './password.js';
import type { SessionUser } from './policy.js';
import { deleteSessionsOf } from './sessions.repository.js';

export interface ChangePasswordInput {
  current: string;
  next: string;
  confirm: string;
}

export async function changePassword(tx: Tx, user: SessionUser, sessionId: string, input: ChangePasswordInput): Promise<void> {
  const [row] = await tx.select().from(users).where(eq(users.id, user.id));
  if (!row || !(await verifyPassword(row.passwordHash, input.current))) throw new AppError('PASSWORD_CURRENT_WRONG');
  if ([...input.next].length < MIN_PASSWORD_LENGTH) throw new AppError('PASSWORD_TOO_WEAK', { min: MIN_PASSWORD_LENGTH });
  if (input.next !== input.confirm) throw new AppError('PASSWORD_MISMATCH');
  const changedAt = new Date();
  await tx.update(users).set({ passwordHash: await hashPassword(input.next), passwordChangedAt: changedAt, passwordMustChange: false }).where(eq(users.id, user.id));
  await deleteSessionsOf(tx, user.id, sessionId);
  // the hash is never written to the log; the change itself and its time are
  await recordAudit(tx, { id: user.id, label: user.login }, 'user.password_change', { type: 'user', id: user.id },
    { passwordChangedAt: row.passwordChangedAt.toISOString() }, { passwordChangedAt: changedAt.toISOString() });
}
