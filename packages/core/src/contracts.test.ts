import { describe, expect, it } from 'vitest';
import { ALL_CONTRACTS } from './contracts';

describe('route contracts', () => {
  it('declare each method and path once, under /api/v1', () => {
    const keys = ALL_CONTRACTS.map((c) => `${c.method} ${c.url}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const c of ALL_CONTRACTS) expect(c.url.startsWith('/api/v1/')).toBe(true);
  });
  it('every route states who may call it', () => {
    for (const c of ALL_CONTRACTS) expect(c.access).toMatch(/^(public|session|partner|[a-z]+\.[a-z_]+)$/);
    expect(ALL_CONTRACTS.filter((c) => c.access === 'public').map((c) => c.url).sort()).toEqual(['/api/v1/auth/login', '/api/v1/meta', '/api/v1/public/stats']);
  });
});
