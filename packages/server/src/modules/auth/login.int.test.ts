import { randomInt } from 'node:crypto';
import * as OTPAuth from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, TEST_PASSWORD, type TestApp } from '../../../test/harness';

const totpOf = (secret: string) => new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret), digits: 6, period: 30 });
const codeFor = (secret: string) => totpOf(secret).generate();
/** A six-digit code the server's ±1 step window does not accept. */
function wrongCode(secret: string): string {
  const t = totpOf(secret);
  const valid = new Set([-1, 0, 1].map((d) => t.generate({ timestamp: Date.now() + d * 30_000 })));
  for (;;) {
    const c = String(randomInt(1_000_000)).padStart(6, '0');
    if (!valid.has(c)) return c;
  }
}

function setCookie(res: { headers: Record<string, unknown> }): string {
  const h = res.headers['set-cookie'];
  return Array.isArray(h) ? h.join('\n') : String(h ?? '');
}
const cookieOf = (res: { headers: Record<string, unknown> }) => setCookie(res).split(';')[0]!;

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const login = (username: string, password: string, totp?: string, remoteAddress?: string) =>
  t.server.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password, ...(totp ? { totp } : {}) }, ...(remoteAddress ? { remoteAddress } : {}) });

async function auditOf(requestId: string) {
  return t.db.db.selectFrom('audit_log').selectAll().where('request_id', '=', requestId).execute();
}

describe('sign-in', () => {
  it('sets an HttpOnly, SameSite=Strict session cookie, not Secure by default, and answers the current user', async () => {
    const u = await t.user('village_clerk', await t.village('330522001'));
    const res = await login(u.username, TEST_PASSWORD);
    expect(res.statusCode, res.body).toBe(200);
    const c = setCookie(res);
    expect(c).toMatch(/^renkou_session=[A-Za-z0-9_-]{43};/);
    expect(c).toMatch(/;\s*HttpOnly/i);
    expect(c).toMatch(/;\s*SameSite=Strict/i);
    expect(c).toMatch(/;\s*Path=\//);
    expect(c).not.toMatch(/;\s*Secure/i);
    expect(res.json()).toMatchObject({ id: u.id, username: u.username, role: 'village_clerk', permissions: expect.arrayContaining(['person.read']) });
    const me = await t.request('GET', '/api/v1/auth/me', { cookie: cookieOf(res) });
    expect(me.json().id).toBe(u.id);
  });

  it('accepts the username in any case and with spaces around it', async () => {
    const u = await t.user('village_clerk', await t.village('330522001'));
    expect((await login(`  ${u.username.toUpperCase()} `, TEST_PASSWORD)).statusCode).toBe(200);
  });

  it('answers an unknown user and a wrong password identically (apart from the request id)', async () => {
    const u = await t.user('village_clerk', await t.village('330522001'));
    const unknown = await login('no_such_user', TEST_PASSWORD);
    const wrong = await login(u.username, 'Wrong-Passw0rd!');
    expect(unknown.statusCode).toBe(401);
    expect(wrong.statusCode).toBe(401);
    const strip = (b: Record<string, unknown>) => ({ ...b, requestId: undefined });
    expect(strip(unknown.json())).toEqual(strip(wrong.json()));
    expect(unknown.json()).toMatchObject({ code: 'LOGIN_FAILED', message: { zh: expect.any(String), en: expect.any(String) }, details: [] });
    expect(unknown.json().requestId).not.toBe(wrong.json().requestId);
    expect(setCookie(unknown)).toBe('');
    expect(setCookie(wrong)).toBe('');
  });

  it('answers a disabled account like a wrong password', async () => {
    const admin = await t.user('security_admin', '33');
    const u = await t.user('village_clerk', await t.village('330522001'));
    expect((await t.request('POST', `/api/v1/users/${u.id}/disable`, { cookie: admin.cookie })).statusCode).toBe(200);
    const res = await login(u.username, TEST_PASSWORD);
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('LOGIN_FAILED');
  });
});

describe('lockout', () => {
  it(`locks the account after maxFailedLogins failures for lockMinutes, even against the right password`, async () => {
    const { maxFailedLogins, lockMinutes } = t.server.deps.security;
    expect([maxFailedLogins, lockMinutes]).toEqual([5, 30]);
    const u = await t.user('village_clerk', await t.village('330522001'));
    for (let i = 0; i < maxFailedLogins - 1; i++) expect((await login(u.username, 'Wrong-Passw0rd!')).json().code).toBe('LOGIN_FAILED');
    // One below the limit the right password still works and clears the count.
    expect((await login(u.username, TEST_PASSWORD)).statusCode).toBe(200);
    for (let i = 0; i < maxFailedLogins - 1; i++) await login(u.username, 'Wrong-Passw0rd!');
    const before = Date.now();
    expect((await login(u.username, 'Wrong-Passw0rd!')).json().code).toBe('LOGIN_FAILED');
    const res = await login(u.username, TEST_PASSWORD);
    expect(res.statusCode).toBe(423);
    const body = res.json();
    expect(body.code).toBe('ACCOUNT_LOCKED');
    expect(body.message.zh).toContain('锁定');
    expect(body.message.en).toMatch(/locked until .* try later or ask the security administrator/);
    expect(body.message.en).toContain(`${lockMinutes} minutes`);
    expect(setCookie(res)).toBe('');
    const row = await t.db.db.selectFrom('app_user').select(['locked_until']).where('id', '=', u.id).executeTakeFirstOrThrow();
    const lockedMs = row.locked_until!.getTime() - before;
    expect(lockedMs).toBeGreaterThan(lockMinutes * 60_000 - 5_000);
    expect(lockedMs).toBeLessThanOrEqual(lockMinutes * 60_000 + 5_000);
    expect(body.details).toEqual([expect.objectContaining({ path: 'username' }), expect.objectContaining({ path: 'lockedUntil', value: row.locked_until!.toISOString() })]);

    // Still locked a minute before the end; open again when the lock has run out (time moved in the database).
    await t.db.db.updateTable('app_user').set({ locked_until: new Date(Date.now() + 60_000) }).where('id', '=', u.id).execute();
    expect((await login(u.username, TEST_PASSWORD)).statusCode).toBe(423);
    await t.db.db.updateTable('app_user').set({ locked_until: new Date(Date.now() - 1) }).where('id', '=', u.id).execute();
    expect((await login(u.username, TEST_PASSWORD)).statusCode).toBe(200);
  });

  it('the security administrator can unlock at once', async () => {
    const admin = await t.user('security_admin', '33');
    const u = await t.user('village_clerk', await t.village('330522001'));
    for (let i = 0; i < 5; i++) await login(u.username, 'Wrong-Passw0rd!');
    expect((await login(u.username, TEST_PASSWORD)).statusCode).toBe(423);
    const listed = await t.request('GET', `/api/v1/users?q=${u.username}`, { cookie: admin.cookie });
    expect(listed.json().items[0]).toMatchObject({ id: u.id, locked: true, lockedUntil: expect.any(String) });
    const unlocked = await t.request('POST', `/api/v1/users/${u.id}/unlock`, { cookie: admin.cookie });
    expect(unlocked.json()).toMatchObject({ locked: false, lockedUntil: null });
    expect((await login(u.username, TEST_PASSWORD)).statusCode).toBe(200);
  });

  it('parallel wrong passwords cannot slip past the limit (the count is not lost between requests)', async () => {
    const u = await t.user('village_clerk', await t.village('330522001'));
    const results = await Promise.all(Array.from({ length: 10 }, () => login(u.username, 'Wrong-Passw0rd!')));
    expect(results.every((r) => r.statusCode === 401 || r.statusCode === 423)).toBe(true);
    expect((await login(u.username, TEST_PASSWORD)).statusCode).toBe(423);
  });

  it('wrong TOTP codes count as failures too', async () => {
    const sys = await t.user('system_admin', '33');
    for (let i = 0; i < 5; i++) expect((await login(sys.username, TEST_PASSWORD, wrongCode(sys.totpSecret!))).json().code).toBe('TOTP_INVALID');
    expect((await login(sys.username, TEST_PASSWORD, codeFor(sys.totpSecret!))).statusCode).toBe(423);
  });
});

describe('TOTP', () => {
  it.each(['system_admin', 'security_admin', 'audit_admin'] as const)('is required for %s', async (role) => {
    const admin = await t.user(role, '33');
    expect(admin.totpSecret).toBeTruthy();
    const without = await login(admin.username, TEST_PASSWORD);
    expect(without.statusCode).toBe(401);
    expect(without.json().code).toBe('TOTP_REQUIRED');
    expect(setCookie(without)).toBe('');
    const wrong = await login(admin.username, TEST_PASSWORD, wrongCode(admin.totpSecret!));
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().code).toBe('TOTP_INVALID');
    expect(setCookie(wrong)).toBe('');
    // A code does not stand in for the password.
    const badPassword = await login(admin.username, 'Wrong-Passw0rd!', codeFor(admin.totpSecret!));
    expect(badPassword.json().code).toBe('LOGIN_FAILED');
    const ok = await login(admin.username, TEST_PASSWORD, codeFor(admin.totpSecret!));
    expect(ok.statusCode).toBe(200);
    expect(ok.json().totpEnabled).toBe(true);
  });

  it('a clerk may enrol; after confirming, the code is required at sign-in', async () => {
    const u = await t.user('village_clerk', await t.village('330522001'));
    const enrol = await t.request('POST', '/api/v1/auth/totp/enroll', { cookie: u.cookie });
    expect(enrol.statusCode).toBe(200);
    const { secret, uri } = enrol.json() as { secret: string; uri: string };
    expect(uri).toMatch(/^otpauth:\/\/totp\/Renkou:/);
    expect(uri).toContain(`secret=${secret}`);
    // Not enforced until confirmed.
    expect((await login(u.username, TEST_PASSWORD)).statusCode).toBe(200);
    const bad = await t.request('POST', '/api/v1/auth/totp/confirm', { cookie: u.cookie, body: { code: wrongCode(secret) } });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().code).toBe('TOTP_INVALID');
    expect((await login(u.username, TEST_PASSWORD)).statusCode).toBe(200);
    const good = await t.request('POST', '/api/v1/auth/totp/confirm', { cookie: u.cookie, body: { code: codeFor(secret) } });
    expect(good.statusCode, good.body).toBe(200);
    expect((await login(u.username, TEST_PASSWORD)).json().code).toBe('TOTP_REQUIRED');
    expect((await login(u.username, TEST_PASSWORD, wrongCode(secret))).json().code).toBe('TOTP_INVALID');
    const ok = await login(u.username, TEST_PASSWORD, codeFor(secret));
    expect(ok.statusCode).toBe(200);
    expect(ok.json().totpEnabled).toBe(true);
    const again = await t.request('POST', '/api/v1/auth/totp/enroll', { cookie: cookieOf(ok) });
    expect(again.json().code).toBe('TOTP_ALREADY_ENABLED');
    const [row] = await t.db.db.selectFrom('app_user').select(['totp_secret']).where('id', '=', u.id).execute();
    // Stored sealed, not as the base32 text.
    expect(row!.totp_secret!.toString('latin1')).not.toContain(secret);
  });

  it('confirming before enrolling is refused', async () => {
    const u = await t.user('village_clerk', await t.village('330522001'));
    const res = await t.request('POST', '/api/v1/auth/totp/confirm', { cookie: u.cookie, body: { code: '123456' } });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('TOTP_NOT_ENROLLED');
  });
});

describe('audit of sign-in', () => {
  it('writes exactly one record per failed sign-in, whatever the reason, with ip and request id', async () => {
    const clerk = await t.user('village_clerk', await t.village('330522001'));
    const sys = await t.user('system_admin', '33');
    const cases: [string, () => Promise<{ json(): { requestId: string; code: string } }>, string][] = [
      ['unknown_user', () => login('nobody_here', TEST_PASSWORD, undefined, '10.1.2.3'), 'LOGIN_FAILED'],
      ['wrong_password', () => login(clerk.username, 'Wrong-Passw0rd!', undefined, '10.1.2.3'), 'LOGIN_FAILED'],
      ['totp_required', () => login(sys.username, TEST_PASSWORD, undefined, '10.1.2.3'), 'TOTP_REQUIRED'],
      ['wrong_totp', () => login(sys.username, TEST_PASSWORD, wrongCode(sys.totpSecret!), '10.1.2.3'), 'TOTP_INVALID'],
    ];
    for (const [reason, attempt, code] of cases) {
      const res = await attempt();
      expect(res.json().code).toBe(code);
      const rows = await auditOf(res.json().requestId);
      expect(rows, reason).toHaveLength(1);
      expect(rows[0]).toMatchObject({ action: 'auth.login', outcome: 'failure', ip: '10.1.2.3', request_id: res.json().requestId, object_type: 'user', details: { reason } });
    }
  });

  it('a failed sign-in to a known account names that account (user, role, region) and the object', async () => {
    const village = await t.village('330522001');
    const clerk = await t.user('village_clerk', village);
    const res = await login(clerk.username, 'Wrong-Passw0rd!', undefined, '10.4.5.6');
    const [row] = await auditOf(res.json().requestId);
    expect(row).toMatchObject({ user_id: clerk.id, username: clerk.username, role: 'village_clerk', region_code: village, object_type: 'user', object_id: String(clerk.id), outcome: 'failure' });
  });

  it('a locked account still leaves one record per attempt', async () => {
    const clerk = await t.user('village_clerk', await t.village('330522001'));
    for (let i = 0; i < 5; i++) await login(clerk.username, 'Wrong-Passw0rd!');
    const res = await login(clerk.username, TEST_PASSWORD);
    expect(res.statusCode).toBe(423);
    expect(await auditOf(res.json().requestId)).toEqual([expect.objectContaining({ outcome: 'failure', details: { reason: 'locked' } })]);
    const lockRecord = await t.db.db.selectFrom('audit_log').selectAll().where('action', '=', 'auth.login').where('object_id', '=', String(clerk.id)).orderBy('id').execute();
    expect(lockRecord.filter((r) => (r.details as { locked?: boolean } | null)?.locked === true)).toHaveLength(1);
  });

  it('a successful sign-in is recorded with user, role, region, ip and request id', async () => {
    const village = await t.village('330522001');
    const clerk = await t.user('village_clerk', village);
    const res = await login(clerk.username, TEST_PASSWORD, undefined, '10.7.8.9');
    const rows = await t.db.db.selectFrom('audit_log').selectAll().where('action', '=', 'auth.login').where('outcome', '=', 'success').where('ip', '=', '10.7.8.9').execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ user_id: clerk.id, username: clerk.username, role: 'village_clerk', region_code: village, object_type: 'user', object_id: String(clerk.id) });
    expect(rows[0]!.request_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.statusCode).toBe(200);
  });
});

describe('sign-out', () => {
  it('ends the session at once: the next call with the same cookie is 401, other sessions live on', async () => {
    const u = await t.user('village_clerk', await t.village('330522001'));
    const second = cookieOf(await login(u.username, TEST_PASSWORD));
    expect((await t.request('GET', '/api/v1/auth/me', { cookie: u.cookie })).statusCode).toBe(200);
    const out = await t.request('POST', '/api/v1/auth/logout', { cookie: u.cookie });
    expect(out.statusCode).toBe(200);
    expect(setCookie(out)).toMatch(/^renkou_session=;.*Expires=Thu, 01 Jan 1970/i);
    const after = await t.request('GET', '/api/v1/auth/me', { cookie: u.cookie });
    expect(after.statusCode).toBe(401);
    expect(after.json().code).toBe('SESSION_EXPIRED');
    // Signing out again with the dead cookie is 401 too.
    expect((await t.request('POST', '/api/v1/auth/logout', { cookie: u.cookie })).statusCode).toBe(401);
    expect((await t.request('GET', '/api/v1/auth/me', { cookie: second })).statusCode).toBe(200);
    const rec = await t.db.db.selectFrom('audit_log').selectAll().where('action', '=', 'auth.logout').where('user_id', '=', u.id).execute();
    expect(rec).toHaveLength(1);
  });
});

describe('password change', () => {
  it('checks the current password and the policy, then takes the new one', async () => {
    const u = await t.user('village_clerk', await t.village('330522001'));
    const wrong = await t.request('POST', '/api/v1/auth/password', { cookie: u.cookie, body: { currentPassword: 'nope', newPassword: 'New-Passw0rd!' } });
    expect(wrong.json().code).toBe('PASSWORD_WRONG');
    const weak = await t.request('POST', '/api/v1/auth/password', { cookie: u.cookie, body: { currentPassword: TEST_PASSWORD, newPassword: 'short' } });
    expect(weak.statusCode).toBe(422);
    expect(weak.json()).toMatchObject({ code: 'PASSWORD_WEAK', details: [{ path: 'newPassword' }, { path: 'newPassword' }] });
    expect(weak.body).not.toContain('short');
    const ok = await t.request('POST', '/api/v1/auth/password', { cookie: u.cookie, body: { currentPassword: TEST_PASSWORD, newPassword: 'New-Passw0rd!' } });
    expect(ok.statusCode).toBe(200);
    expect((await login(u.username, TEST_PASSWORD)).statusCode).toBe(401);
    expect((await login(u.username, 'New-Passw0rd!')).statusCode).toBe(200);
  });
});

describe('secure cookies', () => {
  it('adds Secure when security.secureCookies is on', async () => {
    const s = await startTestApp({ security: { secureCookies: true } });
    try {
      const u = await s.user('village_clerk', await s.village('330522001'));
      const res = await s.request('POST', '/api/v1/auth/login', { body: { username: u.username, password: TEST_PASSWORD } });
      const c = setCookie(res);
      expect(c).toMatch(/;\s*Secure/i);
      expect(c).toMatch(/;\s*HttpOnly/i);
      expect(c).toMatch(/;\s*SameSite=Strict/i);
    } finally {
      await s.close();
    }
  });
});

describe('secure cookies behind HTTPS', () => {
  it('adds Secure when the request came over HTTPS through a trusted proxy, and not over plain HTTP', async () => {
    process.env.RENKOU_TRUST_PROXY = '1';
    const s = await startTestApp();
    delete process.env.RENKOU_TRUST_PROXY;
    try {
      const u = await s.user('village_clerk', await s.village('330522001'));
      const https = await s.request('POST', '/api/v1/auth/login', { body: { username: u.username, password: TEST_PASSWORD }, headers: { 'x-forwarded-proto': 'https' } });
      expect(setCookie(https)).toMatch(/;\s*Secure/i);
      const http = await s.request('POST', '/api/v1/auth/login', { body: { username: u.username, password: TEST_PASSWORD } });
      expect(setCookie(http)).not.toMatch(/;\s*Secure/i);
    } finally {
      await s.close();
    }
  });
});

describe('rate limit on sign-in', () => {
  let r: TestApp;
  beforeAll(async () => {
    r = await startTestApp({ security: { loginPerMinute: 3 } });
  });
  afterAll(() => r.close());
  const attempt = (username: string, remoteAddress: string, password = 'Wrong-Passw0rd!') =>
    r.server.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password }, remoteAddress });

  it('answers 429 after loginPerMinute attempts from one address, and audits it', async () => {
    for (let i = 0; i < 3; i++) expect((await attempt(`guess${i}`, '10.20.30.40')).statusCode).toBe(401);
    const res = await attempt('guess9', '10.20.30.40');
    expect(res.statusCode).toBe(429);
    expect(res.json().code).toBe('RATE_LIMITED');
    // Another address is not affected.
    expect((await attempt('guess10', '10.20.30.41')).statusCode).toBe(401);
    const rows = await r.db.db.selectFrom('audit_log').selectAll().where('request_id', '=', res.json().requestId).execute();
    expect(rows).toEqual([expect.objectContaining({ action: 'rate_limit.exceeded', outcome: 'denied', ip: '10.20.30.40', object_type: 'login' })]);
  });

  it('refuses even the right password once limited', async () => {
    const village = await r.village('330522001');
    const { createUserInTrx } = await import('../users/users.service');
    await r.db.db.transaction().execute((trx) =>
      createUserInTrx(trx, r.server.deps, { username: 'ratelimited', displayName: 'x', holder: 'h-rl', role: 'village_clerk', regionCode: village, password: TEST_PASSWORD }),
    );
    for (let i = 0; i < 3; i++) await attempt(`other${i}`, '10.20.30.50');
    const res = await attempt('ratelimited', '10.20.30.50', TEST_PASSWORD);
    expect(res.statusCode).toBe(429);
    expect(setCookie(res)).toBe('');
  });

  it('also limits one username tried from many addresses', async () => {
    for (let i = 0; i < 3; i++) expect((await attempt('target_user', `10.30.0.${i}`)).statusCode).toBe(401);
    expect((await attempt('target_user', '10.30.0.99')).statusCode).toBe(429);
  });
});
