// Login rate limiting, counted in the database so that every server process (`shinchoku start
// --processes N`) counts the same attempts and a restart forgets none. An attempt is reserved
// before the password is checked, in one transaction of its own that takes an advisory lock on the
// login name and on the address, counts the recent failures and inserts the attempt's rows: requests
// arriving together, in one process or in several, wait for each other and each finds the others
// counted. The reservation is committed at once and counts as a failure until the sign-in succeeds.
//
// Three counts:
// - per login name and client address together: 5 failures in 15 minutes lock that pair only,
//   so someone guessing 本部's password from one place does not lock 本部 out everywhere;
// - per client address: 20 failures in 15 minutes over any login names;
// - per login name from anywhere, slower: after 10 failures within an hour, each further attempt
//   waits 1 s, 2 s, 4 s, … after the latest failure (doubling, at most 15 minutes), which holds
//   guessing spread over many addresses to a few attempts an hour.
// A successful sign-in clears the pair's and the login name's counts (not the address's).
// Rows older than the longest window are deleted for the keys an attempt touches, and for all keys
// by the server's minute job (deleteOldLoginFailures).
import { createHash } from 'node:crypto';
import { and, count, desc, eq, gt, inArray, lte, max, sql } from 'drizzle-orm';
import type { Queryable, Tx } from '../db/client.js';
import { loginFailures } from '../db/schema.js';
export interface RateLimitOptions {
  /** Failed attempts allowed per login name from one address inside the window (default 5). */
  perLoginAndAddress: number;
  /** Failed attempts allowed per client address inside the window (default 20). */
  perAddress: number;
  /** Window of the two counts above in milliseconds (default 15 minutes). */
  windowMs: number;
  /** Failures of one login name from anywhere before the backoff starts (default 10). */
  backoffAfter: number;
  /** Window of the per-login count in milliseconds (default 1 hour). */
  backoffWindowMs: number;
  /** The first wait of the backoff in milliseconds (default 1 s), doubled with each further failure. */
  backoffBaseMs: number;
  /** The longest wait of the backoff in milliseconds (default 15 minutes). */
  backoffMaxMs: number;
  now: () => number;
}

export const DEFAULT_RATE_LIMIT: RateLimitOptions = {
  perLoginAndAddress: 5,
  perAddress: 20,
  windowMs: 15 * 60_000,
  backoffAfter: 10,
  backoffWindowMs: 60 * 60_000,
  backoffBaseMs: 1000,
  backoffMaxMs: 15 * 60_000,
  now: () => Date.now(),
};

/** An attempt reserved by reserve(): what succeeded() clears. */
export interface ReservedAttempt {
  readonly login: string;
  readonly address: string;
}

export type Reservation = { ok: true; attempt: ReservedAttempt } | { ok: false; minutes: number };

export class LoginRateLimiter {
  private readonly options: RateLimitOptions;

  constructor(options: Partial<RateLimitOptions> = {}) {
    this.options = { ...DEFAULT_RATE_LIMIT, ...options };
  }

  /**
   * Reserves one attempt for this login name from this address, counted as a failure until
   * succeeded(); or the minutes to wait (at least 1) when one of the counts is full. Give it a
   * transaction of its own that commits before the password is checked: the locks are held until
   * then, and a reservation rolled back with a failed sign-in would count nothing.
   */
  async reserve(tx: Tx, login: string, address: string): Promise<Reservation> {
    const keys = keysOf(login, address);
    // the same order in every process, whatever the keys: two reservations never wait on each other in a circle
    for (const lock of [lockOf(keys.login), lockOf(keys.address)].sort((a, b) => a - b)) {
      await tx.execute(sql`SELECT pg_advisory_xact_lock(${LOCK_CLASS}, ${lock})`);
    }
    const now = this.options.now();
    const longest = Math.max(this.options.windowMs, this.options.backoffWindowMs);
    await tx.delete(loginFailures).where(and(inArray(loginFailures.key, [keys.pair, keys.address, keys.login]), lte(loginFailures.at, new Date(now - longest))));
    const waitMs = Math.max(
      await this.windowWait(tx, keys.pair, this.options.perLoginAndAddress, now),
      await this.windowWait(tx, keys.address, this.options.perAddress, now),
      await this.backoffWait(tx, keys.login, now),
    );
    if (waitMs > 0) return { ok: false, minutes: Math.max(1, Math.ceil(waitMs / 60_000)) };
    const at = new Date(now);
    await tx.insert(loginFailures).values([keys.pair, keys.address, keys.login].map((key) => ({ key, at })));
    return { ok: true, attempt: { login, address } };
  }

  /** The password was right: the pair's and the login name's failures are forgotten. */
  async succeeded(tx: Tx, attempt: ReservedAttempt): Promise<void> {
    const keys = keysOf(attempt.login, attempt.address);
    await tx.delete(loginFailures).where(inArray(loginFailures.key, [keys.pair, keys.login]));
  }

  /** Milliseconds until the oldest failure that fills the window leaves it (0: not full). */
  private async windowWait(tx: Tx, key: string, limit: number, now: number): Promise<number> {
    const latest = await tx
      .select({ at: loginFailures.at })
      .from(loginFailures)
      .where(and(eq(loginFailures.key, key), gt(loginFailures.at, new Date(now - this.options.windowMs))))
      .orderBy(desc(loginFailures.at))
      .limit(limit);
    if (latest.length < limit) return 0;
    const oldestCounted = latest[limit - 1]?.at.getTime() ?? now;
    return oldestCounted + this.options.windowMs - now;
  }

  /** Milliseconds until the login name may be tried again from anywhere (0: now). */
  private async backoffWait(tx: Tx, key: string, now: number): Promise<number> {
    const [recent] = await tx
      .select({ failures: count(), latest: max(loginFailures.at) })
      .from(loginFailures)
      .where(and(eq(loginFailures.key, key), gt(loginFailures.at, new Date(now - this.options.backoffWindowMs))));
    const over = (recent?.failures ?? 0) - this.options.backoffAfter;
    if (over < 0) return 0;
    const wait = Math.min(this.options.backoffMaxMs, this.options.backoffBaseMs * 2 ** over);
    const latest = recent?.latest ? new Date(recent.latest).getTime() : now;
    return Math.max(0, latest + wait - now);
  }
}

/** Deletes every failure older than the longest window (the server's minute job); returns how many. */
export async function deleteOldLoginFailures(db: Queryable, options: Partial<RateLimitOptions> = {}): Promise<number> {
  const { windowMs, backoffWindowMs, now } = { ...DEFAULT_RATE_LIMIT, ...options };
  const deleted = await db
    .delete(loginFailures)
    .where(lte(loginFailures.at, new Date(now() - Math.max(windowMs, backoffWindowMs))))
    .returning({ key: loginFailures.key });
  return deleted.length;
}

/** The class of the advisory locks taken on login names and addresses (the other key is the key's hash). */
const LOCK_CLASS = 74_590;

/** A key's lock: 32 bits of its SHA-256, as the signed integer pg_advisory_xact_lock takes. */
function lockOf(key: string): number {
  return createHash('sha256').update(key).digest().readInt32BE(0);
}

function keysOf(login: string, address: string): { pair: string; address: string; login: string } {
  const name = login.toLowerCase();
  return { pair: `pair:${JSON.stringify([name, address])}`, address: `ip:${address}`, login: `login:${name}` };
}
