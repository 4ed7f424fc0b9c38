import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, type TestUser } from '../../../test/harness';
import { auditMark, auditSince, createPerson, expectApiError, TODAY, type Created } from './registry.fixtures';

let t: TestApp;
let clerk: TestUser;
let village: string;
let person: Created;

beforeAll(async () => {
  t = await startTestApp({ today: TODAY });
  village = await t.village('330522001', 0);
  clerk = await t.user('township_officer', '330522001');
  person = await createPerson(t, clerk.cookie, { name: '揭示', sex: 'female', birthDate: '1979-09-09', village });
});
afterAll(() => t.close());

const reveal = (cookie: string, id: number, body: unknown) => t.request('POST', `/api/v1/persons/${id}/reveal`, { cookie, body });

describe('revealing the full ID number', () => {
  it('returns the full ID and writes one audit record with the reason', async () => {
    const mark = await auditMark(t);
    const res = await reveal(clerk.cookie, person.id, { reason: '办理社保需核对身份证号' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ idNumber: person.idNumber });
    const audit = await auditSince(t, mark);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ user_id: clerk.id, action: 'person.reveal_id', object_type: 'person', object_id: String(person.id), outcome: 'success', reason: '办理社保需核对身份证号' });
    // The audit log names whose ID was shown, never the ID itself.
    const raw = await t.db.db.selectFrom('audit_log').selectAll().execute();
    expect(JSON.stringify(raw)).not.toContain(person.idNumber!);
  });

  it('a county officer above may reveal too', async () => {
    const county = await t.user('county_officer', '330522');
    const res = await reveal(county.cookie, person.id, { reason: '县级核查身份' });
    expect(res.json()).toEqual({ idNumber: person.idNumber });
  });

  it.each([
    ['missing', {}],
    ['empty', { reason: '' }],
    ['too short', { reason: 'abc' }],
    ['blank', { reason: '      ' }],
    ['too long', { reason: '因'.repeat(201) }],
    ['not a string', { reason: 12345 }],
  ])('a %s reason → 400 VALIDATION_FAILED on body.reason, nothing revealed or audited', async (_name, body) => {
    const mark = await auditMark(t);
    const res = await reveal(clerk.cookie, person.id, body);
    const err = expectApiError(res, 400, 'VALIDATION_FAILED', false);
    expect(err.details.map((d) => d.path)).toEqual(['body.reason']);
    expect(res.body).not.toContain(person.idNumber!);
    expect(await auditSince(t, mark)).toHaveLength(0);
  });

  it('a city analyst (no person.reveal_id) → 403 FORBIDDEN, audited as access.denied', async () => {
    const analyst = await t.user('city_analyst', '3305');
    const mark = await auditMark(t);
    const res = await reveal(analyst.cookie, person.id, { reason: '统计分析需要' });
    expectApiError(res, 403, 'FORBIDDEN');
    expect(res.body).not.toContain(person.idNumber!);
    const audit = await auditSince(t, mark);
    expect(audit.map((a) => [a.action, a.outcome, a.user_id])).toEqual([['access.denied', 'denied', analyst.id]]);
  });

  it('a person without an ID number → 404 NO_ID_NUMBER', async () => {
    const p = await createPerson(t, clerk.cookie, { name: '无号', sex: 'male', birthDate: '2024-01-01', village, idNumber: false });
    expectApiError(await reveal(clerk.cookie, p.id, { reason: '核对身份信息' }), 404, 'NO_ID_NUMBER');
  });
});

describe('reveal rate limit', () => {
  let limited: TestApp;
  afterAll(() => limited?.close());

  it('the third reveal within the hour → 429 RATE_LIMITED and an audit record rate_limit.exceeded', async () => {
    limited = await startTestApp({ today: TODAY, security: { revealPerHour: 2 } });
    const v = await limited.village('330522001', 0);
    const u = await limited.user('township_officer', '330522001');
    const p = await createPerson(limited, u.cookie, { name: '限流', sex: 'male', birthDate: '1970-01-01', village: v });
    for (let i = 0; i < 2; i++) {
      const ok = await limited.request('POST', `/api/v1/persons/${p.id}/reveal`, { cookie: u.cookie, body: { reason: `第${i + 1}次核对身份` } });
      expect(ok.statusCode, ok.body).toBe(200);
    }
    const mark = await auditMark(limited);
    const res = await limited.request('POST', `/api/v1/persons/${p.id}/reveal`, { cookie: u.cookie, body: { reason: '第3次核对身份' } });
    expectApiError(res, 429, 'RATE_LIMITED', false);
    expect(res.body).not.toContain(p.idNumber!);
    const audit = await auditSince(limited, mark);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'rate_limit.exceeded', outcome: 'denied', user_id: u.id, object_type: 'person', object_id: String(p.id) });

    // The limit is per user: a colleague may still reveal.
    const colleague = await limited.user('township_officer', '330522001');
    const other = await limited.request('POST', `/api/v1/persons/${p.id}/reveal`, { cookie: colleague.cookie, body: { reason: '同事核对身份' } });
    expect(other.statusCode, other.body).toBe(200);
    const reveals = await limited.db.db.selectFrom('audit_log').select('id').where('action', '=', 'person.reveal_id').where('outcome', '=', 'success').execute();
    expect(reveals).toHaveLength(3);
  });
});
