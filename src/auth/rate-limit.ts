// Login rate limiting, kept in the memory of the server process: an attempt is reserved before
// the password is checked, in one synchronous step (no await between the check and the count), so
// requests arriving together cannot all pass a check that none of them has counted yet. The
// reservation counts as a failure until the sign-in succeeds.
//
// Three counts:
// - per login name and client address together: 5 failures in 15 minutes lock that pair only,
//   so someone guessing 本部's password from one place does not lock 本部 out everywhere;
// - per client address: 20 failures in 15 minutes over any login names;
// - per login name from anywhere, slower: after 10 failures within an hour, each further attempt
//   waits 1 s, 2 s, 4 s, … after the latest failure (doubling, at most 15 minutes), which holds
//   guessing spread over many addresses to a few attempts an hour.
// A successful sign-in clears the pair's and the login name's counts (not the address's).
// A restart forgets the counts; several server processes each count their own.
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

/** Keys kept at most before old ones are swept. */
const SWEEP_AT = 10_000;

export class LoginRateLimiter {
  private readonly failures = new Map<string, number[]>();
  private readonly options: RateLimitOptions;

  constructor(options: Partial<RateLimitOptions> = {}) {
    this.options = { ...DEFAULT_RATE_LIMIT, ...options };
  }

  /**
   * Reserves one attempt for this login name from this address, counted as a failure until
   * succeeded(); or the minutes to wait (at least 1) when one of the counts is full. Synchronous:
   * the check and the count are one step.
   */
  reserve(login: string, address: string): Reservation {
    const keys = keysOf(login, address);
    const now = this.options.now();
    const waitMs = Math.max(
      this.windowWait(keys.pair, this.options.perLoginAndAddress, now),
      this.windowWait(keys.address, this.options.perAddress, now),
      this.backoffWait(keys.login, now),
    );
    if (waitMs > 0) return { ok: false, minutes: Math.max(1, Math.ceil(waitMs / 60_000)) };
    for (const key of [keys.pair, keys.address, keys.login]) {
      const list = this.failures.get(key) ?? [];
      list.push(now);
      this.failures.set(key, list);
    }
    if (this.failures.size > SWEEP_AT) this.sweep(now);
    return { ok: true, attempt: { login, address } };
  }

  /** The password was right: the pair's and the login name's failures are forgotten. */
  succeeded(attempt: ReservedAttempt): void {
    const keys = keysOf(attempt.login, attempt.address);
    this.failures.delete(keys.pair);
    this.failures.delete(keys.login);
  }

  private recent(key: string, windowMs: number, now: number): number[] {
    const list = (this.failures.get(key) ?? []).filter((t) => t > now - windowMs);
    if (list.length === 0) this.failures.delete(key);
    else this.failures.set(key, list);
    return list;
  }

  /** Milliseconds until the oldest failure that fills the window leaves it (0: not full). */
  private windowWait(key: string, limit: number, now: number): number {
    const list = this.recent(key, this.options.windowMs, now);
    if (list.length < limit) return 0;
    const oldestCounted = list[list.length - limit] ?? now;
    return oldestCounted + this.options.windowMs - now;
  }

  /** Milliseconds until the login name may be tried again from anywhere (0: now). */
  private backoffWait(key: string, now: number): number {
    const list = this.recent(key, this.options.backoffWindowMs, now);
    const over = list.length - this.options.backoffAfter;
    if (over < 0) return 0;
    const wait = Math.min(this.options.backoffMaxMs, this.options.backoffBaseMs * 2 ** over);
    const latest = list[list.length - 1] ?? now;
    return Math.max(0, latest + wait - now);
  }

  private sweep(now: number): void {
    const longest = Math.max(this.options.windowMs, this.options.backoffWindowMs);
    for (const key of [...this.failures.keys()]) this.recent(key, longest, now);
  }
}

function keysOf(login: string, address: string): { pair: string; address: string; login: string } {
  const name = login.toLowerCase();
  return { pair: `pair:${name}\u0000${address}`, address: `ip:${address}`, login: `login:${name}` };
}
