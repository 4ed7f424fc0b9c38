import { createTestDatabase, type TestDatabase } from '@renkou/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type ServerParts } from '../bootstrap';
import { createUserInTrx } from '../modules/users/users.service';
import { securityConfigFromEnv } from './config';
import { generateKeys } from './keys';
import { hashToken, SessionStore } from './session';

const MIN = 60_000;
const HOUR = 60 * MIN;
const PASSWORD = 'Test-Passw0rd!';

let db: TestDatabase;
let userId: number;
const config = securityConfigFromEnv();

function clock(start = Date.UTC(2025, 5, 30, 1, 0, 0)) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

beforeAll(async () => {
  db = await createTestDatabase();
  const village = (await db.db.selectFrom('region').select('code').where('code', 'like', '330522001%').where('level', '=', 5).orderBy('code').executeTakeFirstOrThrow()).code;
  const created = await db.db.transaction().execute((trx) =>
    createUserInTrx(trx, { keys: generateKeys(), security: config }, { username: 'sessionclerk', displayName: 'x', holder: 'h-s', role: 'village_clerk', regionCode: village, password: PASSWORD }),
  );
  userId = created.user.id;
});
afterAll(() => db.drop());

describe('SessionStore (injected clock)', () => {
  it('uses the 30-minute idle and 12-hour absolute limits by default', () => {
    expect(config.sessionIdleMinutes).toBe(30);
    expect(config.sessionAbsoluteHours).toBe(12);
  });

  it('stores only a hash of the token', async () => {
    const c = clock();
    const store = new SessionStore(db.db, config, c.now);
    const token = await store.create(userId, '10.0.0.1');
    const rows = await db.db.selectFrom('session').selectAll().where('user_id', '=', userId).execute();
    expect(rows.some((r) => r.token_hash.equals(hashToken(token)))).toBe(true);
    const { rows: raw } = await db.ownerPool.query<{ t: string }>(`SELECT token_hash::text AS t FROM session`);
    expect(raw.map((r) => r.t).join()).not.toContain(Buffer.from(token).toString('hex'));
  });

  it('expires after 30 minutes without activity', async () => {
    const c = clock();
    const store = new SessionStore(db.db, config, c.now);
    const token = await store.create(userId, '10.0.0.1');
    c.advance(30 * MIN);
    expect((await store.resolve(token)).kind).toBe('ok');
    c.advance(30 * MIN + 1);
    expect(await store.resolve(token)).toEqual({ kind: 'expired' });
    // And stays expired, even after a fresh store (the database row is ended).
    c.advance(-60 * MIN);
    expect(await new SessionStore(db.db, config, c.now).resolve(token)).toEqual({ kind: 'expired' });
  });

  it('activity keeps the session alive (the idle clock restarts)', async () => {
    const c = clock();
    const store = new SessionStore(db.db, config, c.now);
    const token = await store.create(userId, '10.0.0.1');
    for (let i = 0; i < 10; i++) {
      c.advance(25 * MIN);
      expect((await store.resolve(token)).kind, `after ${(i + 1) * 25} min`).toBe('ok');
    }
  });

  it('the idle clock survives the cache: a new store (another process) sees the same last activity', async () => {
    const c = clock();
    const token = await new SessionStore(db.db, config, c.now).create(userId, '10.0.0.1');
    c.advance(20 * MIN);
    expect((await new SessionStore(db.db, config, c.now).resolve(token)).kind).toBe('ok');
    c.advance(20 * MIN);
    expect((await new SessionStore(db.db, config, c.now).resolve(token)).kind).toBe('ok');
    c.advance(31 * MIN);
    expect((await new SessionStore(db.db, config, c.now).resolve(token)).kind).toBe('expired');
  });

  it('ends after 12 hours however active', async () => {
    const c = clock();
    const store = new SessionStore(db.db, config, c.now);
    const token = await store.create(userId, '10.0.0.1');
    let elapsed = 0;
    while (elapsed + 20 * MIN <= 12 * HOUR) {
      c.advance(20 * MIN);
      elapsed += 20 * MIN;
      expect((await store.resolve(token)).kind, `after ${elapsed / MIN} min`).toBe('ok');
    }
    c.advance(12 * HOUR - elapsed + 1);
    expect(await store.resolve(token)).toEqual({ kind: 'expired' });
  });

  it('an unknown token is none, an ended one is expired', async () => {
    const c = clock();
    const store = new SessionStore(db.db, config, c.now);
    expect(await store.resolve('not-a-token')).toEqual({ kind: 'none' });
    const token = await store.create(userId, '10.0.0.1');
    expect((await store.resolve(token)).kind).toBe('ok');
    await store.end(hashToken(token));
    expect(await store.resolve(token)).toEqual({ kind: 'expired' });
  });

  it('endAllOf ends every session of the user at once, cached or not', async () => {
    const c = clock();
    const store = new SessionStore(db.db, config, c.now);
    const a = await store.create(userId, '10.0.0.1');
    const b = await store.create(userId, '10.0.0.2');
    expect((await store.resolve(a)).kind).toBe('ok'); // now cached
    await store.endAllOf(userId);
    expect((await store.resolve(a)).kind).toBe('expired');
    expect((await store.resolve(b)).kind).toBe('expired');
  });
});

describe('HTTP: an expired session answers 401 SESSION_EXPIRED', () => {
  let server: ServerParts;
  const c = clock(Date.now());
  beforeAll(async () => {
    server = await createServer({ db: db.db, keys: generateKeys(), security: { loginPerMinute: 1000 }, app: { now: c.now } });
  });
  afterAll(() => server.close());

  async function signIn(): Promise<string> {
    const res = await server.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'sessionclerk', password: PASSWORD } });
    expect(res.statusCode, res.body).toBe(200);
    return String(res.headers['set-cookie']).split(';')[0]!;
  }
  const me = (cookie: string) => server.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } });

  it('after 30 idle minutes', async () => {
    const cookie = await signIn();
    expect((await me(cookie)).statusCode).toBe(200);
    c.advance(31 * MIN);
    const res = await me(cookie);
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ code: 'SESSION_EXPIRED', message: { zh: expect.stringContaining('过期'), en: expect.stringContaining('expired') } });
  });

  it('after 12 hours of steady use', async () => {
    const cookie = await signIn();
    for (let i = 0; i < 12 * 3; i++) {
      c.advance(20 * MIN);
      if (i < 12 * 3 - 1) expect((await me(cookie)).statusCode).toBe(200);
    }
    c.advance(1);
    expect((await me(cookie)).json().code).toBe('SESSION_EXPIRED');
  });

  it('without a cookie or with a forged one: UNAUTHENTICATED', async () => {
    const none = await server.app.inject({ method: 'GET', url: '/api/v1/auth/me' });
    expect(none.statusCode).toBe(401);
    expect(none.json().code).toBe('UNAUTHENTICATED');
    const forged = await me('renkou_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
    expect(forged.statusCode).toBe(401);
    expect(forged.json().code).toBe('UNAUTHENTICATED');
  });
});
