// Login rate limiting, kept in the memory of the server process (not in the database): failed
// sign-ins are counted per login name and per client address over a sliding window. A restart
// forgets the counts; several server processes each count their own.
export interface RateLimitOptions {
  /** Failed attempts allowed per login name inside the window (default 5). */
  perLogin: number;
  /** Failed attempts allowed per client address inside the window (default 20). */
  perAddress: number;
  /** Window in milliseconds (default 15 minutes). */
  windowMs: number;
  now: () => number;
}

export const DEFAULT_RATE_LIMIT: RateLimitOptions = { perLogin: 5, perAddress: 20, windowMs: 15 * 60_000, now: () => Date.now() };

export class LoginRateLimiter {
  private readonly failures = new Map<string, number[]>();
  private readonly options: RateLimitOptions;

  constructor(options: Partial<RateLimitOptions> = {}) {
    this.options = { ...DEFAULT_RATE_LIMIT, ...options };
  }

  /** Minutes until the next attempt is allowed, or 0 when it is allowed now. */
  blockedFor(login: string, address: string): number {
    const waits = [this.wait(`login:${login.toLowerCase()}`, this.options.perLogin), this.wait(`ip:${address}`, this.options.perAddress)];
    const ms = Math.max(...waits);
    return ms > 0 ? Math.ceil(ms / 60_000) : 0;
  }

  recordFailure(login: string, address: string): void {
    const now = this.options.now();
    for (const key of [`login:${login.toLowerCase()}`, `ip:${address}`]) {
      const list = this.recent(key);
      list.push(now);
      this.failures.set(key, list);
    }
  }

  /** A successful sign-in clears the count of that login name (not of the address). */
  recordSuccess(login: string): void {
    this.failures.delete(`login:${login.toLowerCase()}`);
  }

  private recent(key: string): number[] {
    const since = this.options.now() - this.options.windowMs;
    const list = (this.failures.get(key) ?? []).filter((t) => t > since);
    if (list.length === 0) this.failures.delete(key);
    return list;
  }

  private wait(key: string, limit: number): number {
    const list = this.recent(key);
    if (list.length < limit) return 0;
    const oldestCounted = list[list.length - limit] ?? 0;
    return oldestCounted + this.options.windowMs - this.options.now();
  }
}
