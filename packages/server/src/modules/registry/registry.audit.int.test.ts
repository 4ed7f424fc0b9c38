import type { HouseholdDetail, PersonDetail } from '@renkou/core';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, type TestUser } from '../../../test/harness';
import { verifyAuditChain } from '../../platform/audit';
import { auditMark, auditSince, expectApiError, newId, personBody, TODAY } from './registry.fixtures';

let t: TestApp;
let clerk: TestUser;
let village: string;
let village2: string;

beforeAll(async () => {
  t = await startTestApp({ today: TODAY });
  village = await t.village('330522001', 0);
  village2 = await t.village('330522001', 1);
  clerk = await t.user('township_officer', '330522001');
});
afterAll(() => t.close());

/** Sends one request and returns it with the audit records it wrote (exactly one is expected). */
async function once(expectedStatus: number, action: string, send: () => Promise<LightMyRequestResponse>) {
  const mark = await auditMark(t);
  const res = await send();
  expect(res.statusCode, res.body).toBe(expectedStatus);
  const audit = await auditSince(t, mark);
  expect(audit.map((a) => a.action), JSON.stringify(audit)).toEqual([action]);
  expect(audit[0]).toMatchObject({ user_id: clerk.id, outcome: 'success' });
  return { res, audit: audit[0]! };
}

const post = (url: string, body: unknown) => () => t.request('POST', url, { cookie: clerk.cookie, body });
const get = (url: string) => () => t.request('GET', url, { cookie: clerk.cookie });

describe('every read of personal data and every write leaves exactly one audit record', () => {
  const ids: string[] = [];
  const names: string[] = [];
  let husband: PersonDetail;
  let wife: PersonDetail;
  let household: HouseholdDetail;

  it('writes: register a person, create a household, add a member', async () => {
    const hid = newId('1980-01-01', 'male');
    const wid = newId('1982-01-01', 'female');
    ids.push(hid, wid);
    names.push('审计甲', '审计乙');
    const a = await once(201, 'person.create', post('/api/v1/persons', personBody({ name: '审计甲', sex: 'male', birthDate: '1980-01-01', village }, hid)));
    husband = a.res.json<PersonDetail>();
    expect(a.audit).toMatchObject({ object_type: 'person', object_id: String(husband.id) });
    wife = (await once(201, 'person.create', post('/api/v1/persons', personBody({ name: '审计乙', sex: 'female', birthDate: '1982-01-01', village }, wid)))).res.json<PersonDetail>();

    const h = await once(201, 'household.create', post('/api/v1/households', { regionCode: village, headPersonId: husband.id }));
    household = h.res.json<HouseholdDetail>();
    expect(h.audit).toMatchObject({ object_type: 'household', object_id: String(household.id) });
    const m = await once(200, 'household.add_member', post(`/api/v1/households/${household.id}/members`, { personId: wife.id, relation: 'spouse' }));
    expect(m.audit).toMatchObject({ object_type: 'household', object_id: String(household.id), details: { personId: wife.id } });
  });

  it('reads: person detail, household detail, search by name and by ID', async () => {
    const p = await once(200, 'person.read', get(`/api/v1/persons/${husband.id}`));
    expect(p.audit).toMatchObject({ object_type: 'person', object_id: String(husband.id) });
    const h = await once(200, 'household.read', get(`/api/v1/households/${household.id}`));
    expect(h.audit).toMatchObject({ object_type: 'household', object_id: String(household.id) });
    const byName = await once(200, 'person.search', get(`/api/v1/persons?q=${encodeURIComponent('审计')}`));
    expect(byName.audit.details).toEqual({ by: 'name', results: 2 });
    const byId = await once(200, 'person.search', get(`/api/v1/persons?idNumber=${ids[0]}`));
    expect(byId.audit).toMatchObject({ object_id: String(husband.id), details: { by: 'id_number', results: 1 } });
    // A search that finds nothing is still a search of personal data.
    const none = await once(200, 'person.search', get(`/api/v1/persons?q=nobody`));
    expect(none.audit.details).toEqual({ by: 'name', results: 0 });
  });

  it('a reveal', async () => {
    const r = await once(200, 'person.reveal_id', post(`/api/v1/persons/${wife.id}/reveal`, { reason: '审计测试核对' }));
    expect(r.audit.reason).toBe('审计测试核对');
  });

  it('every event kind', async () => {
    const event = async (body: Record<string, unknown>) => {
      const r = await once(201, `event.${String(body.kind)}`, post('/api/v1/events', body));
      const { eventId, personId } = r.res.json<{ eventId: number; personId: number }>();
      expect(r.audit).toMatchObject({ object_type: 'vital_event', object_id: String(eventId), details: { personId } });
      return { eventId, personId };
    };
    await event({ kind: 'marriage', occurredOn: '2005-01-01', husbandId: husband.id, wifeId: wife.id });
    const birth = await event({ kind: 'birth', occurredOn: '2010-01-01', motherId: wife.id, fatherId: husband.id, child: { name: '审计丙', sex: 'male' } });
    names.push('审计丙');
    await event({ kind: 'correction', occurredOn: TODAY, correctsEventId: birth.eventId, reason: '姓名录入错误', changes: { name: '审计丁' } });
    names.push('审计丁');
    await event({ kind: 'residence_change', occurredOn: '2024-01-01', personId: birth.personId, toRegion: village2 });
    await event({ kind: 'hukou_change', occurredOn: '2024-02-01', personId: birth.personId, toRegion: village2 });
    await event({ kind: 'move_out', occurredOn: '2024-03-01', personId: birth.personId, destination: '上海' });
    await event({ kind: 'move_in', occurredOn: '2024-04-01', personId: birth.personId, toRegion: village });
    const newcomer = newId('1990-01-01', 'female', '330521');
    ids.push(newcomer);
    names.push('审计戊');
    await event({ kind: 'move_in', occurredOn: '2024-04-01', toRegion: village, person: { idNumber: newcomer, name: '审计戊', sex: 'female', birthDate: '1990-01-01', hukouRegion: village, residenceRegion: village, residenceType: 'rural' } });
    await event({ kind: 'divorce', occurredOn: '2024-05-01', husbandId: husband.id, wifeId: wife.id });
    await event({ kind: 'death', occurredOn: '2025-01-01', personId: husband.id });
  });

  it('a refused write (business rule) changes nothing and writes no audit record', async () => {
    const mark = await auditMark(t);
    expectApiError(await post('/api/v1/events', { kind: 'death', occurredOn: '2025-02-01', personId: husband.id })(), 422, 'EVENT_AFTER_DEATH');
    expectApiError(await post('/api/v1/events', { kind: 'death', occurredOn: '2099-02-01', personId: wife.id })(), 422, 'DATE_IN_FUTURE');
    expectApiError(await post('/api/v1/persons', {})(), 400, 'VALIDATION_FAILED', false);
    expect(await auditSince(t, mark)).toHaveLength(0);
  });

  it('the audit log holds no ID number and no name, and its hash chains verify', async () => {
    const rows = await t.db.db.selectFrom('audit_log').selectAll().execute();
    const text = JSON.stringify(rows);
    for (const id of ids) expect(text).not.toContain(id);
    for (const n of names) expect(text).not.toContain(n);
    const verdict = await verifyAuditChain(t.db.db);
    expect(verdict.problems).toEqual([]);
    expect(verdict.ok).toBe(true);
  });
});
