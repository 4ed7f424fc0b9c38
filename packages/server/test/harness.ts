import { createTestDatabase, type TestDatabase } from '@renkou/testing';
import type { Role } from '@renkou/core';
import * as OTPAuth from 'otpauth';
import type { LightMyRequestResponse } from 'fastify';
import { createServer, type ServerParts } from '../src/bootstrap';
import { createUserInTrx } from '../src/modules/users/users.service';
import type { SecurityConfig } from '../src/platform/config';
import { generateKeys } from '../src/platform/keys';

export const TEST_PASSWORD = 'Test-Passw0rd!';

/** Villages of 湖州市 used across tests: two townships of 长兴县 and one of 德清县. */
export const PLACES = {
  province: '33',
  city: '3305',
  county: '330522', // 长兴县
  township: '330522001', // 雉城街道
  village: '', // filled by harness from the database
  otherTownship: '330522101', // 洪桥镇
  otherCounty: '330521', // 德清县
} as const;

export interface TestUser {
  readonly id: number;
  readonly username: string;
  readonly cookie: string;
  readonly totpSecret?: string;
}

export interface TestApp {
  readonly db: TestDatabase;
  readonly server: ServerParts;
  /** The first village (by code) of each given parent region. */
  village(parent: string, index?: number): Promise<string>;
  /** Creates a user with the role and region and signs them in. */
  user(role: Role, regionCode: string, options?: { username?: string; holder?: string }): Promise<TestUser>;
  request(method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, options?: { cookie?: string; body?: unknown; headers?: Record<string, string> }): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

let counter = 0;

export async function startTestApp(options: { today?: string; security?: Partial<SecurityConfig> } = {}): Promise<TestApp> {
  const db = await createTestDatabase();
  const keys = generateKeys();
  const server = await createServer({
    db: db.db,
    keys,
    security: { loginPerMinute: 10_000, searchPerMinute: 10_000, revealPerHour: 10_000, ...options.security },
    ...(options.today ? { today: () => options.today! } : {}),
  });
  const request: TestApp['request'] = (method, url, o = {}) =>
    server.app.inject({
      method,
      url,
      headers: { ...(o.cookie ? { cookie: o.cookie } : {}), ...(o.body !== undefined ? { 'content-type': 'application/json' } : {}), ...o.headers },
      ...(o.body !== undefined ? { payload: typeof o.body === 'string' || Buffer.isBuffer(o.body) ? o.body : JSON.stringify(o.body) } : {}),
    });
  const villages = new Map<string, string[]>();
  return {
    db,
    server,
    request,
    async village(parent, index = 0) {
      if (!villages.has(parent)) {
        const rows = await db.db.selectFrom('region').select('code').where('code', 'like', `${parent}%`).where('level', '=', 5).orderBy('code').limit(20).execute();
        villages.set(parent, rows.map((r) => r.code));
      }
      const v = villages.get(parent)![index];
      if (!v) throw new Error(`no village ${index} under ${parent}`);
      return v;
    },
    async user(role, regionCode, o = {}) {
      counter += 1;
      const username = o.username ?? `${role.replace(/_/g, '')}${counter}`.slice(0, 40);
      const created = await db.db.transaction().execute((trx) =>
        createUserInTrx(trx, { keys, security: server.deps.security }, { username, displayName: username, holder: o.holder ?? `holder-${counter}`, role, regionCode, password: TEST_PASSWORD }),
      );
      const totp = created.totpSecret ? new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(created.totpSecret), digits: 6, period: 30 }).generate() : undefined;
      const res = await request('POST', '/api/v1/auth/login', { body: { username, password: TEST_PASSWORD, ...(totp ? { totp } : {}) } });
      if (res.statusCode !== 200) throw new Error(`login failed for ${username}: ${res.body}`);
      const cookie = String(res.headers['set-cookie']).split(';')[0]!;
      return { id: created.user.id, username, cookie, ...(created.totpSecret ? { totpSecret: created.totpSecret } : {}) };
    },
    async close() {
      await server.close();
      await db.drop();
    },
  };
}

/** A valid ID number for a birth date and sex in a county (sequence varies by a counter). */
let seq = 0;
export async function idFor(county: string, birthDate: string, sex: 'male' | 'female'): Promise<string> {
  const { buildIdNumber } = await import('@renkou/core');
  seq += 1;
  // Odd sequences are men; 500 distinct IDs per county, date and sex before they repeat.
  return buildIdNumber(county, birthDate, ((seq * 2) % 1000) + (sex === 'male' ? 1 : 0));
}
