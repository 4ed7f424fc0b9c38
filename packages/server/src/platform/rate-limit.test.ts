import { describe, expect, it } from 'vitest';
import { RateLimiter } from './rate-limit';

function clock(start = 1_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe('RateLimiter', () => {
  it('allows `limit` hits per window and refuses the next', () => {
    const c = clock();
    const rl = new RateLimiter(c.now);
    for (let i = 0; i < 3; i++) expect(rl.hit('login:ip:a', 3, 60_000)).toBe(true);
    expect(rl.hit('login:ip:a', 3, 60_000)).toBe(false);
    expect(rl.hit('login:ip:a', 3, 60_000)).toBe(false);
  });

  it('opens a new window once the old one has passed', () => {
    const c = clock();
    const rl = new RateLimiter(c.now);
    for (let i = 0; i < 4; i++) rl.hit('k', 3, 60_000);
    c.advance(59_999);
    expect(rl.hit('k', 3, 60_000)).toBe(false);
    c.advance(1);
    expect(rl.hit('k', 3, 60_000)).toBe(true);
    expect(rl.hit('k', 3, 60_000)).toBe(true);
    expect(rl.hit('k', 3, 60_000)).toBe(true);
    expect(rl.hit('k', 3, 60_000)).toBe(false);
  });

  it('counts keys separately', () => {
    const rl = new RateLimiter(clock().now);
    expect(rl.hit('a', 1, 1000)).toBe(true);
    expect(rl.hit('a', 1, 1000)).toBe(false);
    expect(rl.hit('b', 1, 1000)).toBe(true);
  });

  it('a sweep started by short-window keys does not reset a long-window counter (reveal per hour)', () => {
    const c = clock();
    const rl = new RateLimiter(c.now);
    expect(rl.hit('reveal:user:1', 1, 3_600_000)).toBe(true);
    // A flood of one-off login keys (random usernames) fills the map past its sweep threshold.
    for (let i = 0; i < 100_001; i++) rl.hit(`login:user:u${i}`, 20, 60_000);
    c.advance(60_000);
    rl.hit('login:user:trigger', 20, 60_000);
    expect(rl.hit('reveal:user:1', 1, 3_600_000)).toBe(false);
    // The ended one-minute windows were dropped, so memory stays bounded.
    expect((rl as unknown as { windows: Map<string, unknown> }).windows.size).toBeLessThan(10);
  });

  it('keeps counting correctly after sweeping many stale keys', () => {
    const c = clock();
    const rl = new RateLimiter(c.now);
    rl.hit('keep', 2, 60_000);
    for (let i = 0; i < 100_001; i++) rl.hit(`stale-${i}`, 1, 1000);
    c.advance(1000);
    rl.hit('trigger-sweep', 1, 1000);
    expect(rl.hit('keep', 2, 60_000)).toBe(true);
    expect(rl.hit('keep', 2, 60_000)).toBe(false);
  });
});
