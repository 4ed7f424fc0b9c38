import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, type TestUser } from '../../../test/harness';

let t: TestApp;
let sys: TestUser;

beforeAll(async () => {
  t = await startTestApp({ security: { maxFailedLogins: 7, lockMinutes: 45 } });
  sys = await t.user('system_admin', '33');
});
afterAll(() => t.close());

describe('system administrator', () => {
  it('sees health: database version, counts, uptime, no personal data', async () => {
    const res = await t.request('GET', '/api/v1/system/health', { cookie: sys.cookie });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'ok', database: expect.stringMatching(/^PostgreSQL \d+/), version: expect.any(String), persons: 0, uptimeSeconds: expect.any(Number) });
    expect(res.json().regions).toBeGreaterThan(600_000);
  });

  it('sees the effective security settings', async () => {
    const res = await t.request('GET', '/api/v1/system/settings', { cookie: sys.cookie });
    expect(res.json()).toEqual({
      passwordPolicy: { minLength: 8, minClasses: 3 },
      lockout: { maxFailures: 7, lockMinutes: 45 },
      session: { idleMinutes: 30, absoluteHours: 12 },
      rateLimits: { loginPerMinute: 10_000, searchPerMinute: 10_000, revealPerHour: 10_000 },
    });
  });

  it('nobody else does, and nobody without a session', async () => {
    for (const role of ['security_admin', 'audit_admin', 'province_admin', 'county_officer'] as const) {
      const u = await t.user(role, role === 'county_officer' ? '330522' : '33');
      for (const url of ['/api/v1/system/health', '/api/v1/system/settings']) expect((await t.request('GET', url, { cookie: u.cookie })).statusCode, `${role} ${url}`).toBe(403);
    }
    expect((await t.request('GET', '/api/v1/system/health')).statusCode).toBe(401);
  });
});

describe('errors never show internals', () => {
  it('an internal error answers 500 with only code, message, details and requestId: no stack, no SQL', async () => {
    // Make the health query fail inside the database.
    await t.db.ownerPool.query('REVOKE SELECT ON person FROM renkou_app');
    try {
      const res = await t.request('GET', '/api/v1/system/health', { cookie: sys.cookie });
      expect(res.statusCode).toBe(500);
      const body = res.json();
      expect(Object.keys(body).sort()).toEqual(['code', 'details', 'message', 'requestId']);
      expect(body).toMatchObject({ code: 'INTERNAL', details: [], message: { zh: expect.any(String), en: expect.any(String) } });
      expect(res.body).not.toMatch(/stack|at .*\.ts|permission denied|person|SELECT|postgres/i);
      expect(res.headers['content-type']).toMatch(/application\/json/);
    } finally {
      await t.db.ownerPool.query('GRANT SELECT ON person TO renkou_app');
    }
    expect((await t.request('GET', '/api/v1/system/health', { cookie: sys.cookie })).statusCode).toBe(200);
  });

  it('bad JSON, an unknown route and a wrong content type get clear codes, not 500', async () => {
    const bad = await t.server.app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { 'content-type': 'application/json' }, payload: '{"username":' });
    expect([bad.statusCode, bad.json().code]).toEqual([400, 'INVALID_JSON']);
    const unknown = await t.request('GET', '/api/v1/nothing-here?idNumber=330522199003041234');
    expect([unknown.statusCode, unknown.json().code]).toEqual([404, 'ROUTE_NOT_FOUND']);
    expect(unknown.body).not.toContain('330522199003041234');
    const text = await t.server.app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { 'content-type': 'application/xml' }, payload: '<x/>' });
    expect([text.statusCode, text.json().code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
  });

  it('a validation error masks an ID number and a password it echoes', async () => {
    const res = await t.request('POST', '/api/v1/auth/login', { body: { username: 'x', password: 'Secret-Passw0rd!', totp: '330522199003041234' } });
    expect(res.statusCode).toBe(400);
    expect(res.body).not.toContain('330522199003041234');
    expect(res.body).not.toContain('Secret-Passw0rd!');
  });

  it('every response carries nosniff and no-store', async () => {
    const res = await t.request('GET', '/api/v1/system/health', { cookie: sys.cookie });
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['cache-control']).toBe('no-store');
  });
});
