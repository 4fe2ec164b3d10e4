// Spam protection for citizens' feedback without a CAPTCHA image: a honeypot field (checked in
// the route) and this rate limit, per client address over a sliding window, in process memory.
export interface FeedbackLimitOptions {
  max: number;
  windowMs: number;
  now: () => number;
}

export class FeedbackRateLimiter {
  private readonly sent = new Map<string, number[]>();
  private readonly options: FeedbackLimitOptions;

  constructor(options: Partial<FeedbackLimitOptions> = {}) {
    this.options = { max: 5, windowMs: 10 * 60_000, now: () => Date.now(), ...options };
  }

  /** Minutes to wait before this address may send again (0 = may send now). */
  blockedFor(address: string): number {
    const list = this.recent(address);
    if (list.length < this.options.max) return 0;
    const oldest = list[0] ?? this.options.now();
    return Math.max(1, Math.ceil((oldest + this.options.windowMs - this.options.now()) / 60_000));
  }

  record(address: string): void {
    const list = this.recent(address);
    list.push(this.options.now());
    this.sent.set(address, list);
    if (this.sent.size > 10_000) this.sweep();
  }

  private recent(address: string): number[] {
    const from = this.options.now() - this.options.windowMs;
    return (this.sent.get(address) ?? []).filter((t) => t > from);
  }

  private sweep(): void {
    for (const key of [...this.sent.keys()]) {
      const list = this.recent(key);
      if (list.length === 0) this.sent.delete(key);
      else this.sent.set(key, list);
    }
  }
}
