import { Writable } from 'node:stream';
import { buildIdNumber } from '@renkou/core';
import { createTestDatabase, type TestDatabase } from '@renkou/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type ServerParts } from '../bootstrap';
import { createUserInTrx } from '../modules/users/users.service';
import { generateKeys } from './keys';

/** The log captured line by line, as the operator's log file would hold it. */
const lines: string[] = [];
const logStream = new Writable({
  write(chunk: Buffer, _enc, done) {
    lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    done();
  },
});
const log = () => lines.join('\n');

const PASSWORD = 'Log-Test-Passw0rd!';
const NAME = '欧阳秀英';
const ID = buildIdNumber('330522', '1985-07-09', 124);
const OTHER_ID = buildIdNumber('330522', '1985-07-10', 126);

let db: TestDatabase;
let server: ServerParts;
let cookie: string;
let village: string;

beforeAll(async () => {
  db = await createTestDatabase();
  const keys = generateKeys();
  server = await createServer({ db: db.db, keys, security: { loginPerMinute: 1000 }, today: () => '2025-06-30', app: { logStream } });
  village = (await db.db.selectFrom('region').select('code').where('code', 'like', '330522001%').where('level', '=', 5).orderBy('code').executeTakeFirstOrThrow()).code;
  await db.db.transaction().execute((trx) =>
    createUserInTrx(trx, { keys, security: server.deps.security }, { username: 'logclerk', displayName: 'x', holder: 'h-log', role: 'township_officer', regionCode: '330522001', password: PASSWORD }),
  );
});
afterAll(async () => {
  await server.close();
  await db.drop();
});

describe('the log holds no personal data', () => {
  it('after sign-in, registration, search by ID in the query string, reading, revealing and failures', async () => {
    const inject = (method: 'GET' | 'POST', url: string, payload?: unknown) =>
      server.app.inject({ method, url, headers: { cookie, ...(payload ? { 'content-type': 'application/json' } : {}) }, ...(payload ? { payload: JSON.stringify(payload) } : {}) });
    const failed = await server.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'logclerk', password: `${PASSWORD}x` } });
    expect(failed.statusCode).toBe(401);
    const login = await server.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'logclerk', password: PASSWORD } });
    expect(login.statusCode).toBe(200);
    cookie = String(login.headers['set-cookie']).split(';')[0]!;
    const token = cookie.split('=')[1]!;

    const created = await inject('POST', '/api/v1/persons', { idNumber: ID, name: NAME, sex: 'female', birthDate: '1985-07-09', hukouRegion: village, residenceRegion: village, residenceType: 'rural' });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id as number;
    const found = await inject('GET', `/api/v1/persons?idNumber=${ID}`);
    expect(found.json().total).toBe(1);
    expect((await inject('GET', `/api/v1/persons?q=${encodeURIComponent(NAME)}`)).statusCode).toBe(200);
    expect((await inject('GET', `/api/v1/persons/${id}`)).statusCode).toBe(200);
    const revealed = await inject('POST', `/api/v1/persons/${id}/reveal`, { reason: '核对出生登记' });
    expect(revealed.json().idNumber).toBe(ID);
    // A duplicate and an invalid ID: error paths.
    expect((await inject('POST', '/api/v1/persons', { idNumber: ID, name: NAME, sex: 'female', birthDate: '1985-07-09', hukouRegion: village, residenceRegion: village, residenceType: 'rural' })).statusCode).toBe(409);
    expect((await inject('GET', `/api/v1/persons?idNumber=${OTHER_ID.slice(0, 17)}0`)).statusCode).toBe(400);
    // An ID typed where a record id belongs, and in the path of an unknown route: the logged path is masked.
    expect((await inject('GET', `/api/v1/persons/${ID}`)).statusCode).toBe(400);
    const unknown = await inject('GET', `/api/v1/people/${ID}`);
    expect(unknown.statusCode).toBe(404);
    expect(unknown.body).not.toContain(ID);
    expect(unknown.json().details[0].value).toBe(`/api/v1/people/${ID.slice(0, 6)}********${ID.slice(-4)}`);

    const text = log();
    expect(lines.length).toBeGreaterThan(10);
    expect(text).toContain('/api/v1/persons');
    for (const secret of [ID, ID.slice(0, 17), OTHER_ID.slice(0, 17), NAME, encodeURIComponent(NAME), PASSWORD, token, '核对出生登记']) {
      expect(text, `log contains ${secret}`).not.toContain(secret);
    }
    // Each line is JSON with the request's method, path and status, not its query or body.
    const parsed = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    const incoming = parsed.filter((p) => p.msg === 'incoming request');
    expect(incoming.length).toBeGreaterThan(5);
    for (const p of incoming) expect(Object.keys(p.req as object).sort()).toEqual(['id', 'method', 'path']);
    expect(parsed.some((p) => (p.res as { statusCode?: number } | undefined)?.statusCode === 201)).toBe(true);
  });

  it('an internal error is logged by type and message only, and its answer has no stack', async () => {
    await db.ownerPool.query('REVOKE SELECT ON person FROM renkou_app');
    try {
      const res = await server.app.inject({ method: 'GET', url: `/api/v1/persons?idNumber=${ID}`, headers: { cookie } });
      expect(res.statusCode).toBe(500);
      expect(Object.keys(res.json()).sort()).toEqual(['code', 'details', 'message', 'requestId']);
      expect(res.body).not.toContain('stack');
    } finally {
      await db.ownerPool.query('GRANT SELECT ON person TO renkou_app');
    }
    const errors = lines.map((l) => JSON.parse(l) as { level: number; msg: string; error?: Record<string, unknown> }).filter((p) => p.level >= 50);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ msg: 'unhandled error', error: { type: expect.not.stringMatching(/^Object$/), message: 'permission denied for table person', code: '42501' } });
    expect(Object.keys(errors[0]!.error!).sort()).toEqual(['code', 'message', 'type']);
    expect(JSON.stringify(errors[0])).not.toMatch(/stack|\.ts:\d+/);
    expect(log()).not.toContain(ID);
  });
});
