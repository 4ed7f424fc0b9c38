/**
 * Fixed-window counters in memory. One process serves a county; a multi-process deployment would move
 * this to the database, which is why callers only see `hit`.
 */
export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Counts one use of `key`; false when it exceeds `limit` per `windowMs`. */
  hit(key: string, limit: number, windowMs: number): boolean {
    const t = this.now();
    let w = this.windows.get(key);
    if (!w || t - w.start >= windowMs) {
      w = { start: t, count: 0 };
      this.windows.set(key, w);
      if (this.windows.size > 100_000) this.sweep(t, windowMs);
    }
    w.count += 1;
    return w.count <= limit;
  }

  private sweep(t: number, windowMs: number): void {
    for (const [k, w] of this.windows) if (t - w.start >= windowMs) this.windows.delete(k);
  }
}
