import { checkPassword, DEFAULT_PASSWORD_POLICY } from '@renkou/core';
import { createTestDatabase, type TestDatabase } from '@renkou/testing';
import * as OTPAuth from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type ServerParts } from '../../bootstrap';
import { ensureInitialAdministrators } from '../../first-start';
import { verifyAuditChain } from '../../platform/audit';
import { securityConfigFromEnv } from '../../platform/config';
import { generateKeys } from '../../platform/keys';

let db: TestDatabase;
let server: ServerParts;
const keys = generateKeys();
const security = securityConfigFromEnv();

beforeAll(async () => {
  db = await createTestDatabase();
  server = await createServer({ db: db.db, keys, security });
});
afterAll(async () => {
  await server.close();
  await db.drop();
});

describe('first start: no default passwords', () => {
  it('creates the three separated administrators with generated passwords that pass the policy, then nothing', async () => {
    for (const env of ['RENKOU_SYSADMIN_PASSWORD', 'RENKOU_SECADMIN_PASSWORD', 'RENKOU_AUDITADMIN_PASSWORD']) expect(process.env[env]).toBeUndefined();
    const created = await ensureInitialAdministrators(db.db, keys, security);
    expect(created.map((a) => a.role).sort()).toEqual(['audit_admin', 'security_admin', 'system_admin']);
    for (const a of created) {
      expect(() => checkPassword(a.password, DEFAULT_PASSWORD_POLICY)).not.toThrow();
      expect(a.password.length).toBeGreaterThanOrEqual(16);
      expect(a.totpUri).toContain(`secret=${a.totpSecret}`);
    }
    expect(new Set(created.map((a) => a.password)).size).toBe(3);
    expect(new Set(created.map((a) => a.totpSecret)).size).toBe(3);

    // Each is a different holder, must change the password, and needs the TOTP code.
    const rows = await db.db.selectFrom('app_user').select(['username', 'holder', 'must_change_password', 'totp_enabled', 'password_hash']).execute();
    expect(rows).toHaveLength(3);
    expect(new Set(rows.map((r) => r.holder)).size).toBe(3);
    for (const r of rows) {
      expect(r.must_change_password).toBe(true);
      expect(r.totp_enabled).toBe(true);
      expect(r.password_hash).toMatch(/^\$argon2id\$/);
    }
    for (const a of created) {
      const login = (totp?: string) => server.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: a.username, password: a.password, ...(totp ? { totp } : {}) } });
      expect((await login()).json().code).toBe('TOTP_REQUIRED');
      const code = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(a.totpSecret), digits: 6, period: 30 }).generate();
      const ok = await login(code);
      expect(ok.statusCode, ok.body).toBe(200);
      expect(ok.json()).toMatchObject({ role: a.role, mustChangePassword: true });
    }

    // The creation is audited.
    const audit = await db.db.selectFrom('audit_log').selectAll().where('action', '=', 'user.create').execute();
    expect(audit).toHaveLength(3);
    expect((await verifyAuditChain(db.db)).ok).toBe(true);

    // Second start: nothing new, no passwords printed again.
    expect(await ensureInitialAdministrators(db.db, keys, security)).toEqual([]);
    expect((await db.db.selectFrom('app_user').select('id').execute()).length).toBe(3);
  });

  it('two starts at once create the administrators only once', async () => {
    const other = await createTestDatabase();
    try {
      const results = await Promise.allSettled([ensureInitialAdministrators(other.db, keys, security), ensureInitialAdministrators(other.db, keys, security)]);
      const created = results.flatMap((r) => (r.status === 'fulfilled' ? r.value : []));
      expect(created).toHaveLength(3);
      expect((await other.db.selectFrom('app_user').select('id').execute()).length).toBe(3);
    } finally {
      await other.drop();
    }
  });
});
