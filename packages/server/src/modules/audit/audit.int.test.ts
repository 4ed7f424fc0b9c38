import { todayInChina } from '@renkou/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idFor, startTestApp, TEST_PASSWORD, type TestApp, type TestUser } from '../../../test/harness';

let t: TestApp;
let aud: TestUser;
let sec: TestUser;
let clerk: TestUser;
let village: string;
let personId: number;

interface Rec { id: number; at: string; userId: number | null; username: string | null; role: string | null; regionCode: string | null; action: string; objectType: string | null; objectId: string | null; outcome: string; ip: string | null; requestId: string | null }

const search = async (query: string, cookie = aud.cookie) => {
  const res = await t.request('GET', `/api/v1/audit${query ? `?${query}` : ''}`, { cookie });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { items: Rec[]; total: number; page: number; pageSize: number };
};

beforeAll(async () => {
  t = await startTestApp({ today: '2025-06-30' });
  village = await t.village('330522001');
  aud = await t.user('audit_admin', '33');
  sec = await t.user('security_admin', '33');
  clerk = await t.user('village_clerk', village);
  const idNumber = await idFor('330522', '1980-01-02', 'male');
  const res = await t.request('POST', '/api/v1/persons', {
    cookie: clerk.cookie,
    body: { idNumber, name: '李四', sex: 'male', birthDate: '1980-01-02', hukouRegion: village, residenceRegion: village, residenceType: 'rural' },
  });
  expect(res.statusCode, res.body).toBe(201);
  personId = res.json().id;
  await t.request('GET', `/api/v1/persons/${personId}`, { cookie: clerk.cookie });
  await t.request('POST', '/api/v1/auth/login', { body: { username: clerk.username, password: 'Wrong-Passw0rd!' } });
});
afterAll(() => t.close());

describe('audit search (audit administrator)', () => {
  it('returns records newest first with user, role, region, action, object, outcome, ip and request id', async () => {
    const r = await search('');
    expect(r.total).toBeGreaterThan(5);
    const ids = r.items.map((i) => i.id);
    expect([...ids].sort((a, b) => b - a)).toEqual(ids);
    const created = r.items.find((i) => i.action === 'person.create')!;
    expect(created).toMatchObject({ userId: clerk.id, username: clerk.username, role: 'village_clerk', regionCode: village, objectType: 'person', objectId: String(personId), outcome: 'success', ip: '127.0.0.1' });
    expect(created.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(new Date(created.at).toISOString()).toBe(created.at);
  });

  it('filters by user id and by username', async () => {
    const byId = await search(`userId=${clerk.id}`);
    expect(byId.total).toBeGreaterThan(0);
    expect(byId.items.every((i) => i.userId === clerk.id)).toBe(true);
    const byName = await search(`username=${clerk.username}`);
    expect(byName.items.map((i) => i.id)).toEqual(byId.items.map((i) => i.id));
  });

  it('filters by action prefix, object type and object id', async () => {
    const person = await search('action=person.');
    expect(new Set(person.items.map((i) => i.action))).toEqual(new Set(['person.create', 'person.read']));
    const exact = await search('action=person.read');
    expect(exact.items.every((i) => i.action === 'person.read')).toBe(true);
    // A wildcard in the filter is taken literally.
    expect((await search('action=%25')).total).toBe(0);
    const obj = await search(`objectType=person&objectId=${personId}`);
    expect(obj.items.map((i) => i.action).sort()).toEqual(['person.create', 'person.read']);
    const failed = await search(`action=auth.login&objectType=user&objectId=${clerk.id}`);
    expect(failed.items.map((i) => i.outcome).sort()).toEqual(['failure', 'success']);
  });

  it('filters by calendar day (China time) from/to, inclusive', async () => {
    const any = (await search(`objectType=person&objectId=${personId}`)).items[0]!;
    const day = todayInChina(new Date(any.at));
    const shift = (d: string, n: number) => new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
    const q = `objectType=person&objectId=${personId}`;
    expect((await search(`${q}&from=${day}&to=${day}`)).total).toBe(2);
    expect((await search(`${q}&from=${day}`)).total).toBe(2);
    expect((await search(`${q}&to=${day}`)).total).toBe(2);
    expect((await search(`${q}&from=${shift(day, 1)}`)).total).toBe(0);
    expect((await search(`${q}&to=${shift(day, -1)}`)).total).toBe(0);
  });

  it('pages without overlap when maxId pins the first page (each search itself adds a record)', async () => {
    const p1 = await search('pageSize=3&page=1');
    const maxId = p1.items[0]!.id;
    const p1again = await search(`pageSize=3&page=1&maxId=${maxId}`);
    expect(p1again.items.map((i) => i.id)).toEqual(p1.items.map((i) => i.id));
    const p2 = await search(`pageSize=3&page=2&maxId=${maxId}`);
    const p3 = await search(`pageSize=3&page=3&maxId=${maxId}`);
    const ids = [...p1.items, ...p2.items, ...p3.items].map((i) => i.id);
    expect(ids).toHaveLength(9);
    expect([...ids].sort((a, b) => b - a)).toEqual(ids);
    expect(new Set(ids).size).toBe(9);
    expect(p2.total).toBe(p1.total);
  });

  it('rejects a malformed filter with the field named', async () => {
    const res = await t.request('GET', '/api/v1/audit?from=2025-13-01', { cookie: aud.cookie });
    expect(res.statusCode).toBe(400);
    expect(res.json().details[0].path).toBe('querystring.from');
  });

  it('is itself audited (who searched, how many results), without the search terms', async () => {
    const r = await search(`username=${clerk.username}`);
    const mine = await t.db.db.selectFrom('audit_log').selectAll().where('action', '=', 'audit.search').where('user_id', '=', aud.id).orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
    expect(mine).toMatchObject({ role: 'audit_admin', outcome: 'success', details: { results: r.total } });
    expect(JSON.stringify(mine)).not.toContain(clerk.username);
  });

  it('shows no personal data: records name objects by id only', async () => {
    const all = await t.request('GET', '/api/v1/audit?pageSize=200', { cookie: aud.cookie });
    expect(all.body).not.toContain('李四');
  });
});

describe('audit verify', () => {
  it('reports ok on an intact log, and records that it was run', async () => {
    const res = await t.request('POST', '/api/v1/audit/verify', { cookie: aud.cookie });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ ok: true, problems: [] });
    expect(res.json().checked).toBeGreaterThan(5);
    const rec = await t.db.db.selectFrom('audit_log').selectAll().where('action', '=', 'audit.verify').executeTakeFirstOrThrow();
    expect(rec).toMatchObject({ user_id: aud.id, outcome: 'success' });
  });

  it('reports a tampered row to the audit administrator', async () => {
    const client = await t.db.ownerPool.connect();
    let target: { id: number; action: string };
    try {
      await client.query('ALTER TABLE audit_log DISABLE TRIGGER USER');
      target = (await client.query<{ id: number; action: string }>(`SELECT id::int, action FROM audit_log WHERE action = 'person.read' LIMIT 1`)).rows[0]!;
      await client.query(`UPDATE audit_log SET action = 'region.read' WHERE id = $1`, [target.id]);
    } finally {
      await client.query('ALTER TABLE audit_log ENABLE TRIGGER USER');
      client.release();
    }
    const res = await t.request('POST', '/api/v1/audit/verify', { cookie: aud.cookie });
    expect(res.json().ok).toBe(false);
    expect(res.json().problems).toEqual([expect.objectContaining({ id: target.id, problem: expect.stringContaining('changed') })]);
    const rec = await t.db.db.selectFrom('audit_log').selectAll().where('action', '=', 'audit.verify').where('outcome', '=', 'failure').executeTakeFirstOrThrow();
    expect(rec.details).toMatchObject({ problems: 1 });
  });
});

describe('access', () => {
  it('only the audit administrator may search or verify', async () => {
    for (const u of [sec, clerk]) {
      expect((await t.request('GET', '/api/v1/audit', { cookie: u.cookie })).statusCode).toBe(403);
      expect((await t.request('POST', '/api/v1/audit/verify', { cookie: u.cookie })).statusCode).toBe(403);
    }
    expect((await t.request('GET', '/api/v1/audit')).statusCode).toBe(401);
  });

  it('security administrator actions appear with their role and the object acted on', async () => {
    const u = await t.user('village_clerk', village);
    await t.request('POST', `/api/v1/users/${u.id}/reset-password`, { cookie: sec.cookie });
    const r = await search(`action=user.reset_password&objectId=${u.id}`);
    expect(r.items).toEqual([expect.objectContaining({ userId: sec.id, role: 'security_admin', regionCode: '33', objectType: 'user', outcome: 'success' })]);
    // The password is never in the log.
    const rows = await t.db.db.selectFrom('audit_log').selectAll().execute();
    expect(JSON.stringify(rows)).not.toContain(TEST_PASSWORD);
  });
});
