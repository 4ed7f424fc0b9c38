import * as OTPAuth from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, TEST_PASSWORD, type TestApp, type TestUser } from '../../../test/harness';

let t: TestApp;
let sec: TestUser;
let aud: TestUser;
let sys: TestUser;
let clerk: TestUser;
let village: string;

beforeAll(async () => {
  t = await startTestApp();
  village = await t.village('330522001');
  sec = await t.user('security_admin', '33');
  aud = await t.user('audit_admin', '33');
  sys = await t.user('system_admin', '33');
  clerk = await t.user('village_clerk', village);
});
afterAll(() => t.close());

const login = (username: string, password: string, totp?: string) =>
  t.request('POST', '/api/v1/auth/login', { body: { username, password, ...(totp ? { totp } : {}) } });
let n = 0;
const fresh = () => `u${Date.now().toString(36)}${++n}`;

describe('三员分立: each administrator reaches only their own routes', () => {
  type Route = readonly ['GET' | 'POST', string];
  const routes: Record<'security_admin' | 'audit_admin' | 'system_admin', readonly Route[]> = {
    security_admin: [
      ['GET', '/api/v1/users'],
      ['POST', '/api/v1/users'],
      ['POST', '/api/v1/users/1/disable'],
      ['POST', '/api/v1/users/1/enable'],
      ['POST', '/api/v1/users/1/unlock'],
      ['POST', '/api/v1/users/1/reset-password'],
    ],
    audit_admin: [
      ['GET', '/api/v1/audit'],
      ['POST', '/api/v1/audit/verify'],
    ],
    system_admin: [
      ['GET', '/api/v1/system/health'],
      ['GET', '/api/v1/system/settings'],
    ],
  };
  const personRoutes: readonly Route[] = [
    ['GET', '/api/v1/persons?q=wang'],
    ['GET', '/api/v1/persons/1'],
    ['POST', '/api/v1/persons/1/reveal'],
  ];

  it('each gets 403 FORBIDDEN on the other two officers\' routes and on personal data, and each refusal is audited', async () => {
    const who = { security_admin: () => sec, audit_admin: () => aud, system_admin: () => sys };
    for (const role of Object.keys(routes) as (keyof typeof routes)[]) {
      const others = (Object.keys(routes) as (keyof typeof routes)[]).filter((r) => r !== role).flatMap((r) => routes[r]);
      for (const [method, url] of [...others, ...personRoutes]) {
        const res = await t.request(method, url, { cookie: who[role]().cookie, ...(method === 'POST' ? { body: {} } : {}) });
        expect(res.statusCode, `${role} ${method} ${url}`).toBe(403);
        expect(res.json().code).toBe('FORBIDDEN');
        const rows = await t.db.db.selectFrom('audit_log').selectAll().where('request_id', '=', res.json().requestId).execute();
        expect(rows).toEqual([expect.objectContaining({ action: 'access.denied', outcome: 'denied', user_id: who[role]().id, role })]);
      }
    }
  });

  it('a clerk gets 403 on every administrator route', async () => {
    for (const [method, url] of Object.values(routes).flat()) {
      const res = await t.request(method, url, { cookie: clerk.cookie, ...(method === 'POST' ? { body: {} } : {}) });
      expect(res.statusCode, `${method} ${url}`).toBe(403);
    }
  });

  it('each reaches their own', async () => {
    expect((await t.request('GET', '/api/v1/users', { cookie: sec.cookie })).statusCode).toBe(200);
    expect((await t.request('GET', '/api/v1/audit', { cookie: aud.cookie })).statusCode).toBe(200);
    expect((await t.request('POST', '/api/v1/audit/verify', { cookie: aud.cookie })).json().ok).toBe(true);
    expect((await t.request('GET', '/api/v1/system/health', { cookie: sys.cookie })).json().status).toBe('ok');
    expect((await t.request('GET', '/api/v1/system/settings', { cookie: sys.cookie })).statusCode).toBe(200);
  });
});

describe('user management by the security administrator', () => {
  it('creates a user with a given password; the user signs in', async () => {
    const username = fresh();
    const res = await t.request('POST', '/api/v1/users', {
      cookie: sec.cookie,
      body: { username, displayName: '张三', holder: `h-${username}`, role: 'village_clerk', regionCode: village, password: 'Good-Passw0rd!' },
    });
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json();
    expect(body.user).toMatchObject({ username, role: 'village_clerk', regionCode: village, locked: false, disabled: false, totpEnabled: false });
    expect(body.initialPassword).toBeUndefined();
    expect(body.user).not.toHaveProperty('passwordHash');
    expect(res.body).not.toContain('argon2');
    const signed = await login(username, 'Good-Passw0rd!');
    expect(signed.statusCode).toBe(200);
    expect(signed.json().mustChangePassword).toBe(false);
    const audit = await t.db.db.selectFrom('audit_log').selectAll().where('action', '=', 'user.create').where('object_id', '=', String(body.user.id)).execute();
    expect(audit).toEqual([expect.objectContaining({ user_id: sec.id, role: 'security_admin', outcome: 'success' })]);
  });

  it('generates a policy-compliant password when none is given, and the user must change it', async () => {
    const username = fresh();
    const res = await t.request('POST', '/api/v1/users', { cookie: sec.cookie, body: { username, displayName: 'x', holder: `h-${username}`, role: 'village_clerk', regionCode: village } });
    expect(res.statusCode).toBe(201);
    const { initialPassword } = res.json();
    expect(initialPassword).toMatch(/^.{16}$/);
    const { checkPassword } = await import('@renkou/core');
    expect(() => checkPassword(initialPassword)).not.toThrow();
    const signed = await login(username, initialPassword);
    expect(signed.json().mustChangePassword).toBe(true);
  });

  it('an administrator created through the API gets TOTP at once', async () => {
    const username = fresh();
    const res = await t.request('POST', '/api/v1/users', { cookie: sec.cookie, body: { username, displayName: 'x', holder: `h-${username}`, role: 'audit_admin', regionCode: '33', password: 'Good-Passw0rd!' } });
    expect(res.statusCode).toBe(201);
    expect(res.json().user.totpEnabled).toBe(true);
    expect(res.json().totpUri).toMatch(/^otpauth:\/\/totp\//);
    expect((await login(username, 'Good-Passw0rd!')).json().code).toBe('TOTP_REQUIRED');
    const secret = new URL(res.json().totpUri).searchParams.get('secret')!;
    const code = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret), digits: 6, period: 30 }).generate();
    expect((await login(username, 'Good-Passw0rd!', code)).statusCode).toBe(200);
  });

  it('refuses a weak password with 422 PASSWORD_WEAK naming the rule, without echoing it', async () => {
    const short = await t.request('POST', '/api/v1/users', { cookie: sec.cookie, body: { username: fresh(), displayName: 'x', holder: 'h-weak', role: 'village_clerk', regionCode: village, password: 'Ab1!' } });
    expect(short.statusCode).toBe(422);
    expect(short.json()).toMatchObject({ code: 'PASSWORD_WEAK', details: [{ path: 'password', reason: { en: 'at least 8 characters' } }] });
    expect(short.body).not.toContain('Ab1!');
    const oneClass = await t.request('POST', '/api/v1/users', { cookie: sec.cookie, body: { username: fresh(), displayName: 'x', holder: 'h-weak', role: 'village_clerk', regionCode: village, password: 'abcdefghijkl' } });
    expect(oneClass.json()).toMatchObject({ code: 'PASSWORD_WEAK', details: [{ path: 'password', reason: { en: expect.stringContaining('mix at least 3') } }] });
    expect(oneClass.body).not.toContain('abcdefghijkl');
  });

  it('refuses a duplicate username, an unknown region and a region of the wrong level', async () => {
    const base = { displayName: 'x', holder: 'h-x', role: 'village_clerk', password: 'Good-Passw0rd!' };
    const dup = await t.request('POST', '/api/v1/users', { cookie: sec.cookie, body: { ...base, username: clerk.username, regionCode: village } });
    expect([dup.statusCode, dup.json().code]).toEqual([409, 'USERNAME_TAKEN']);
    const unknown = await t.request('POST', '/api/v1/users', { cookie: sec.cookie, body: { ...base, username: fresh(), regionCode: '999999999999' } });
    expect([unknown.statusCode, unknown.json().code]).toEqual([422, 'REGION_UNKNOWN']);
    const level = await t.request('POST', '/api/v1/users', { cookie: sec.cookie, body: { ...base, username: fresh(), regionCode: '330522' } });
    expect([level.statusCode, level.json().code]).toEqual([422, 'ROLE_REGION_LEVEL']);
  });

  it('two simultaneous requests for one username: one is created, the other gets 409 USERNAME_TAKEN', async () => {
    const username = fresh();
    const body = (holder: string) => ({ username, displayName: 'x', holder, role: 'village_clerk', regionCode: village, password: 'Good-Passw0rd!' });
    const [a, b] = await Promise.all([t.request('POST', '/api/v1/users', { cookie: sec.cookie, body: body('h-a') }), t.request('POST', '/api/v1/users', { cookie: sec.cookie, body: body('h-b') })]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([201, 409]);
    expect([a, b].find((r) => r.statusCode === 409)!.json().code).toBe('USERNAME_TAKEN');
  });

  it('lists and searches users (paged), without password hashes or TOTP secrets', async () => {
    const res = await t.request('GET', `/api/v1/users?role=audit_admin&pageSize=1`, { cookie: sec.cookie });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.total).toBeGreaterThanOrEqual(1);
    expect(body.items).toHaveLength(1);
    expect(body.items[0].role).toBe('audit_admin');
    const q = await t.request('GET', `/api/v1/users?q=${clerk.username}`, { cookie: sec.cookie });
    expect(q.json().items.map((u: { id: number }) => u.id)).toEqual([clerk.id]);
    const all = await t.request('GET', '/api/v1/users?pageSize=200', { cookie: sec.cookie });
    expect(all.body).not.toMatch(/argon2|password_hash|totp_secret|passwordHash|totpSecret/);
  });

  it('a search term with LIKE wildcards matches them literally', async () => {
    const res = await t.request('GET', `/api/v1/users?q=${encodeURIComponent('%')}`, { cookie: sec.cookie });
    expect(res.json().total).toBe(0);
    const us = await t.request('GET', `/api/v1/users?q=_`, { cookie: sec.cookie });
    expect(us.json().items.every((u: { username: string; displayName: string }) => u.username.includes('_') || u.displayName.includes('_'))).toBe(true);
  });

  it('disables (ending the sessions at once) and enables', async () => {
    const u = await t.user('village_clerk', village);
    expect((await t.request('GET', '/api/v1/auth/me', { cookie: u.cookie })).statusCode).toBe(200);
    const res = await t.request('POST', `/api/v1/users/${u.id}/disable`, { cookie: sec.cookie });
    expect(res.json()).toMatchObject({ id: u.id, disabled: true });
    const after = await t.request('GET', '/api/v1/auth/me', { cookie: u.cookie });
    expect(after.statusCode).toBe(401);
    expect(after.json().code).toBe('SESSION_EXPIRED');
    expect((await login(u.username, TEST_PASSWORD)).json().code).toBe('LOGIN_FAILED');
    const enabled = await t.request('POST', `/api/v1/users/${u.id}/enable`, { cookie: sec.cookie });
    expect(enabled.json().disabled).toBe(false);
    // Enabling does not bring the old session back.
    expect((await t.request('GET', '/api/v1/auth/me', { cookie: u.cookie })).statusCode).toBe(401);
    expect((await login(u.username, TEST_PASSWORD)).statusCode).toBe(200);
    const actions = await t.db.db.selectFrom('audit_log').select('action').where('object_type', '=', 'user').where('object_id', '=', String(u.id)).where('user_id', '=', sec.id).orderBy('id').execute();
    expect(actions.map((a) => a.action)).toEqual(['user.disable', 'user.enable']);
  });

  it('may not disable their own account', async () => {
    const res = await t.request('POST', `/api/v1/users/${sec.id}/disable`, { cookie: sec.cookie });
    expect([res.statusCode, res.json().code]).toEqual([422, 'CANNOT_DISABLE_SELF']);
  });

  it('resets a password: a new generated one, sessions ended, must change', async () => {
    const u = await t.user('village_clerk', village);
    const res = await t.request('POST', `/api/v1/users/${u.id}/reset-password`, { cookie: sec.cookie });
    expect(res.statusCode).toBe(200);
    const { initialPassword } = res.json();
    expect(initialPassword).not.toBe(TEST_PASSWORD);
    expect((await t.request('GET', '/api/v1/auth/me', { cookie: u.cookie })).statusCode).toBe(401);
    expect((await login(u.username, TEST_PASSWORD)).statusCode).toBe(401);
    const signed = await login(u.username, initialPassword);
    expect(signed.statusCode).toBe(200);
    expect(signed.json().mustChangePassword).toBe(true);
  });

  it('answers 404 for an unknown user id', async () => {
    for (const action of ['disable', 'enable', 'unlock', 'reset-password']) {
      const res = await t.request('POST', `/api/v1/users/999999/${action}`, { cookie: sec.cookie });
      expect([res.statusCode, res.json().code], action).toEqual([404, 'NOT_FOUND']);
    }
  });
});

describe('三员分立: one holder, at most one administrator role', () => {
  it('the database refuses a second administrator role for the same holder (unique index)', async () => {
    const holder = `h-db-${fresh()}`;
    const insert = (username: string, role: string) =>
      t.db.ownerPool.query(`INSERT INTO app_user (username, display_name, holder, role, region_code, password_hash) VALUES ($1, 'x', $2, $3, '33', 'x')`, [username, holder, role]);
    await insert(fresh(), 'system_admin');
    await expect(insert(fresh(), 'audit_admin')).rejects.toMatchObject({ code: '23505', constraint: 'app_user_one_admin_role_per_holder' });
    await expect(insert(fresh(), 'security_admin')).rejects.toMatchObject({ constraint: 'app_user_one_admin_role_per_holder' });
    await expect(insert(fresh(), 'system_admin')).rejects.toMatchObject({ constraint: 'app_user_one_admin_role_per_holder' });
    // The same holder may also hold an ordinary role.
    await expect(insert(fresh(), 'auditor')).resolves.toBeDefined();
  });

  it('the API answers 409 THREE_OFFICER_SEPARATION', async () => {
    const holder = `h-api-${fresh()}`;
    const create = (role: string) =>
      t.request('POST', '/api/v1/users', { cookie: sec.cookie, body: { username: fresh(), displayName: 'x', holder, role, regionCode: '33', password: 'Good-Passw0rd!' } });
    expect((await create('system_admin')).statusCode).toBe(201);
    for (const role of ['audit_admin', 'security_admin', 'system_admin']) {
      const res = await create(role);
      expect(res.statusCode, role).toBe(409);
      expect(res.json()).toMatchObject({ code: 'THREE_OFFICER_SEPARATION', details: [{ path: 'holder', value: holder }] });
    }
  });

  it('the security administrator cannot give themselves a second administrator account', async () => {
    const holder = (await t.db.db.selectFrom('app_user').select('holder').where('id', '=', sec.id).executeTakeFirstOrThrow()).holder;
    const res = await t.request('POST', '/api/v1/users', { cookie: sec.cookie, body: { username: fresh(), displayName: 'x', holder, role: 'audit_admin', regionCode: '33', password: 'Good-Passw0rd!' } });
    expect(res.json().code).toBe('THREE_OFFICER_SEPARATION');
  });

  it('two simultaneous requests for the same holder: one is created, the other gets 409 (the index decides)', async () => {
    const holder = `h-race-${fresh()}`;
    const create = (role: string) =>
      t.request('POST', '/api/v1/users', { cookie: sec.cookie, body: { username: fresh(), displayName: 'x', holder, role, regionCode: '33', password: 'Good-Passw0rd!' } });
    const [a, b] = await Promise.all([create('system_admin'), create('audit_admin')]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([201, 409]);
    expect([a, b].find((r) => r.statusCode === 409)!.json().code).toBe('THREE_OFFICER_SEPARATION');
  });

  it('re-enabling a disabled administrator whose holder now holds another one is refused with 409, not a 500', async () => {
    const holder = `h-en-${fresh()}`;
    const create = (role: string) =>
      t.request('POST', '/api/v1/users', { cookie: sec.cookie, body: { username: fresh(), displayName: 'x', holder, role, regionCode: '33', password: 'Good-Passw0rd!' } });
    const first = await create('system_admin');
    const firstId = first.json().user.id as number;
    expect((await t.request('POST', `/api/v1/users/${firstId}/disable`, { cookie: sec.cookie })).statusCode).toBe(200);
    // Disabled accounts do not count: the person may now take the other role.
    expect((await create('audit_admin')).statusCode).toBe(201);
    const res = await t.request('POST', `/api/v1/users/${firstId}/enable`, { cookie: sec.cookie });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('THREE_OFFICER_SEPARATION');
    const row = await t.db.db.selectFrom('app_user').select('disabled_at').where('id', '=', firstId).executeTakeFirstOrThrow();
    expect(row.disabled_at).not.toBeNull();
  });
});
