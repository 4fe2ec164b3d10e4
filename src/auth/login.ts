// Signing in: reserve an attempt under the rate limit, verify the password (argon2id), open a session.
import type { Db } from '../db/client.js';
import { AppError } from '../errors.js';
import { hashPassword, verifyPassword } from './password.js';
import type { LoginRateLimiter } from './rate-limit.js';
import { deleteExpiredSessions, insertSession } from './sessions.repository.js';
import { findUserByLogin, recordSignIn } from './users.repository.js';

export interface LoginInput {
  login: string;
  password: string;
  ipAddress: string;
  userAgent: string | null;
}

let dummyHash: Promise<string> | undefined;

/**
 * Returns the new session's cookie token; throws LOGIN_FAILED or LOGIN_RATE_LIMITED. Takes the
 * database, not a transaction: the reservation commits on its own before the password is checked
 * (a failure keeps it), and the session is opened in a second transaction.
 */
export async function login(db: Db, input: LoginInput, limiter: LoginRateLimiter): Promise<{ token: string; expiresAt: Date; userId: number }> {
  // reserved before the password is checked: attempts sent together, to any process, each find the others counted
  const reservation = await db.transaction((tx) => limiter.reserve(tx, input.login, input.ipAddress));
  if (!reservation.ok) throw new AppError('LOGIN_RATE_LIMITED', { minutes: reservation.minutes });
  const user = await findUserByLogin(db, input.login);
  // an unknown login costs the same time as a wrong password, so timing tells nothing
  dummyHash ??= hashPassword('shinchoku-timing-equaliser');
  const ok = user ? await verifyPassword(user.passwordHash, input.password) : (await verifyPassword(await dummyHash, `${input.password}\u0000`), false);
  // a failure keeps its reservation: it is the count
  if (!user || !ok || user.disabledAt !== null) throw new AppError('LOGIN_FAILED');
  return db.transaction(async (tx) => {
    await limiter.succeeded(tx, reservation.attempt);
    await deleteExpiredSessions(tx); // housekeeping: expired sessions go at the next sign-in
    const session = await insertSession(tx, user.id, { ipAddress: input.ipAddress, userAgent: input.userAgent });
    await recordSignIn(tx, user.id);
    return { token: session.token, expiresAt: session.expiresAt, userId: user.id };
  });
}
