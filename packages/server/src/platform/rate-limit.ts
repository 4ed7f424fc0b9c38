/**
 * Fixed-window counters in memory. One process serves a county; a multi-process deployment would move
 * this to the database, which is why callers only see `hit`.
 */
export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number; windowMs: number }>();
  private lastSweep = Number.NEGATIVE_INFINITY;
  private static readonly MAX_KEYS = 100_000;
  private static readonly SWEEP_EVERY_MS = 1_000;

  constructor(private readonly now: () => number = Date.now) {}

  /** Counts one use of `key`; false when it exceeds `limit` per `windowMs`. */
  hit(key: string, limit: number, windowMs: number): boolean {
    const t = this.now();
    let w = this.windows.get(key);
    if (!w || t - w.start >= w.windowMs) {
      w = { start: t, count: 0, windowMs };
      this.windows.set(key, w);
      if (this.windows.size > RateLimiter.MAX_KEYS && t - this.lastSweep >= RateLimiter.SWEEP_EVERY_MS) this.sweep(t);
    }
    w.count += 1;
    return w.count <= limit;
  }

  /**
   * Drops windows that have ended, each by its own length: a sweep started by a one-minute key must not
   * reset a one-hour counter. At most one sweep a second, so a flood of new keys cannot make every hit a
   * full scan.
   */
  private sweep(t: number): void {
    this.lastSweep = t;
    for (const [k, w] of this.windows) if (t - w.start >= w.windowMs) this.windows.delete(k);
  }
}
