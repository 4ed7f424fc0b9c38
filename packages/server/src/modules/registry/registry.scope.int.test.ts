import type { Role } from '@renkou/core';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, type TestUser } from '../../../test/harness';
import {
  auditMark, auditSince, counts, createHousehold, createPerson, expectApiError, getPerson, personBody, postEvent, recordEvent, TODAY, type Created,
} from './registry.fixtures';

let t: TestApp;
let township: TestUser; // 330522001
let county: TestUser; // 330522
let otherCounty: TestUser; // 330521
let home: string;
let otherTownshipVillage: string;
let otherCountyVillage: string;
let own: Created;
let ownWife: Created;
let inOtherTownship: Created;
let inOtherCounty: Created;
let hukouHere: Created;
let otherEvent: number;
let otherHousehold: number;
let ownHousehold: number;

beforeAll(async () => {
  t = await startTestApp({ today: TODAY });
  home = await t.village('330522001', 0);
  otherTownshipVillage = await t.village('330522101', 0);
  otherCountyVillage = await t.village('330521', 0);
  township = await t.user('township_officer', '330522001');
  county = await t.user('county_officer', '330522');
  otherCounty = await t.user('county_officer', '330521');
  own = await createPerson(t, township.cookie, { name: '本镇甲', sex: 'male', birthDate: '1980-01-01', village: home });
  ownWife = await createPerson(t, township.cookie, { name: '本镇乙', sex: 'female', birthDate: '1982-01-01', village: home });
  inOtherTownship = await createPerson(t, county.cookie, { name: '外镇丙', sex: 'female', birthDate: '1985-01-01', village: otherTownshipVillage });
  inOtherCounty = await createPerson(t, otherCounty.cookie, { name: '外县丁', sex: 'female', birthDate: '1986-01-01', village: otherCountyVillage });
  hukouHere = await createPerson(t, county.cookie, { name: '户在本镇', sex: 'male', birthDate: '1987-01-01', village: otherTownshipVillage, hukouRegion: home });
  otherEvent = (await recordEvent(t, county.cookie, { kind: 'residence_change', occurredOn: '2025-01-01', personId: inOtherTownship.id, toRegion: otherTownshipVillage })).eventId;
  otherHousehold = (await createHousehold(t, county.cookie, otherTownshipVillage)).id;
  ownHousehold = (await createHousehold(t, township.cookie, home, own.id)).id;
});
afterAll(() => t.close());

/** Sends a request that must be answered exactly like a missing record, change nothing, and leave one 'denied' audit record. */
async function deniedAsNotFound(user: TestUser, send: () => Promise<LightMyRequestResponse>, action: string | RegExp) {
  const before = await counts(t);
  const mark = await auditMark(t);
  const res = await send();
  const body = expectApiError(res, 404, 'NOT_FOUND');
  expect(body.message).toEqual({ zh: '记录不存在或不在您的管辖范围内', en: 'not found, or outside your region' });
  const after = await counts(t);
  expect({ ...after, audit_log: 0 }).toEqual({ ...before, audit_log: 0 });
  const audit = await auditSince(t, mark);
  expect(audit, JSON.stringify(audit)).toHaveLength(1);
  expect(audit[0]).toMatchObject({ user_id: user.id, outcome: 'denied' });
  expect(audit[0]!.action).toMatch(action);
  return { res, audit: audit[0]! };
}

describe('a township officer outside their township', () => {
  it.each([
    ['another township', () => inOtherTownship],
    ['another county', () => inOtherCounty],
  ])('cannot read a person of %s: 404 like a missing record, and a denied audit record', async (_where, target) => {
    const { audit } = await deniedAsNotFound(township, () => t.request('GET', `/api/v1/persons/${target().id}`, { cookie: township.cookie }), 'person.read');
    expect(audit).toMatchObject({ object_type: 'person', object_id: String(target().id) });
    // Indistinguishable from an id that does not exist.
    const missing = await t.request('GET', '/api/v1/persons/99999999', { cookie: township.cookie });
    expect(missing.statusCode).toBe(404);
    expect(missing.json<{ code: string }>().code).toBe('NOT_FOUND');
  });

  it.each([
    ['another township', () => inOtherTownship],
    ['another county', () => inOtherCounty],
  ])('cannot find a person of %s by ID or by name', async (_where, target) => {
    const byId = await t.request('GET', `/api/v1/persons?idNumber=${target().idNumber}`, { cookie: township.cookie });
    expect(byId.statusCode, byId.body).toBe(200);
    expect(byId.json<{ items: unknown[]; total: number }>()).toMatchObject({ items: [], total: 0 });
    const byName = await t.request('GET', `/api/v1/persons?q=${encodeURIComponent(target().detail.name)}&includeInactive=true`, { cookie: township.cookie });
    expect(byName.json<{ total: number }>().total).toBe(0);
  });

  it('cannot narrow a search to a region outside the township: refused and audited as denied', async () => {
    const mark = await auditMark(t);
    const res = await t.request('GET', `/api/v1/persons?q=wai&region=330522101`, { cookie: township.cookie });
    expectApiError(res, 403, 'OUT_OF_SCOPE');
    const audit = await auditSince(t, mark);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'person.search', outcome: 'denied', user_id: township.id });
  });

  it.each([
    ['another township', () => inOtherTownship],
    ['another county', () => inOtherCounty],
  ])('cannot reveal the ID of a person of %s', async (_where, target) => {
    const { res, audit } = await deniedAsNotFound(township, () => t.request('POST', `/api/v1/persons/${target().id}/reveal`, { cookie: township.cookie, body: { reason: '核查身份信息' } }), 'person.reveal_id');
    expect(res.body).not.toContain(target().idNumber!);
    expect(audit).toMatchObject({ object_type: 'person', object_id: String(target().id) });
  });

  it.each([
    ['death', () => ({ kind: 'death', occurredOn: '2025-03-01', personId: inOtherTownship.id })],
    ['death (other county)', () => ({ kind: 'death', occurredOn: '2025-03-01', personId: inOtherCounty.id })],
    ['marriage to an outsider', () => ({ kind: 'marriage', occurredOn: '2025-03-01', husbandId: own.id, wifeId: inOtherTownship.id })],
    ['divorce', () => ({ kind: 'divorce', occurredOn: '2025-03-01', husbandId: own.id, wifeId: inOtherCounty.id })],
    ['birth by an outside mother', () => ({ kind: 'birth', occurredOn: '2025-03-01', motherId: inOtherTownship.id, child: { name: '甲', sex: 'male', residenceRegion: home } })],
    ['birth with an outside father', () => ({ kind: 'birth', occurredOn: '2025-03-01', motherId: ownWife.id, fatherId: inOtherCounty.id, child: { name: '甲', sex: 'male' } })],
    ['move_out', () => ({ kind: 'move_out', occurredOn: '2025-03-01', personId: inOtherTownship.id })],
    ['move_in of an outsider by id', () => ({ kind: 'move_in', occurredOn: '2025-03-01', personId: inOtherCounty.id, toRegion: home })],
    ['residence_change', () => ({ kind: 'residence_change', occurredOn: '2025-03-01', personId: inOtherTownship.id, toRegion: home })],
    ['hukou_change', () => ({ kind: 'hukou_change', occurredOn: '2025-03-01', personId: inOtherCounty.id, toRegion: home })],
    ['correction of an outsider’s event', () => ({ kind: 'correction', occurredOn: '2025-03-01', correctsEventId: otherEvent, reason: '更正测试', changes: { name: '改名' } })],
  ])('cannot record a %s event: 404, nothing changes, a denied audit record', async (_kind, body) => {
    const { audit } = await deniedAsNotFound(township, () => postEvent(t, township.cookie, body()), /^event\./);
    const b = body() as Record<string, unknown>;
    const outsider = [b.personId, b.wifeId, b.motherId, b.fatherId, b.correctsEventId].find((x) => x === inOtherTownship.id || x === inOtherCounty.id || x === otherEvent);
    expect(audit).toMatchObject({ action: `event.${String(b.kind)}`, object_type: b.correctsEventId ? 'vital_event' : 'person', object_id: String(outsider) });
  });

  it('cannot read or join another township’s household, nor add an outsider to its own', async () => {
    await deniedAsNotFound(township, () => t.request('GET', `/api/v1/households/${otherHousehold}`, { cookie: township.cookie }), 'household.read');
    await deniedAsNotFound(township, () => t.request('POST', `/api/v1/households/${otherHousehold}/members`, { cookie: township.cookie, body: { personId: own.id, relation: 'other' } }), 'household.add_member');
    await deniedAsNotFound(township, () => t.request('POST', `/api/v1/households/${ownHousehold}/members`, { cookie: township.cookie, body: { personId: inOtherTownship.id, relation: 'other' } }), 'household.add_member');
    await deniedAsNotFound(township, () => t.request('POST', '/api/v1/households', { cookie: township.cookie, body: { regionCode: home, headPersonId: inOtherCounty.id } }), 'household.create');
  });

  it('cannot register a child of an outsider, nor into an outside household', async () => {
    await deniedAsNotFound(township, () => t.request('POST', '/api/v1/persons', { cookie: township.cookie, body: personBody({ name: '子', sex: 'male', birthDate: '2010-01-01', village: home, motherId: inOtherTownship.id }, undefined) }), 'person.create');
    await deniedAsNotFound(township, () => t.request('POST', '/api/v1/persons', { cookie: township.cookie, body: personBody({ name: '子', sex: 'male', birthDate: '2010-01-01', village: home, householdId: otherHousehold }, undefined) }), 'person.create');
  });

  it('cannot register a person or a household in a village outside the township (OUT_OF_SCOPE, audited)', async () => {
    const before = await counts(t);
    const mark = await auditMark(t);
    expectApiError(await t.request('POST', '/api/v1/persons', { cookie: township.cookie, body: personBody({ name: '越界', sex: 'male', birthDate: '1990-01-01', village: otherTownshipVillage }, undefined) }), 403, 'OUT_OF_SCOPE');
    expectApiError(await t.request('POST', '/api/v1/households', { cookie: township.cookie, body: { regionCode: otherCountyVillage } }), 403, 'OUT_OF_SCOPE');
    expectApiError(await postEvent(t, township.cookie, { kind: 'move_in', occurredOn: '2025-03-01', personId: own.id, toRegion: otherTownshipVillage }), 403, 'OUT_OF_SCOPE');
    expect({ ...(await counts(t)), audit_log: 0 }).toEqual({ ...before, audit_log: 0 });
    const audit = await auditSince(t, mark);
    expect(audit.map((a) => [a.action, a.outcome])).toEqual([['person.create', 'denied'], ['household.create', 'denied'], ['event.move_in', 'denied']]);
  });

  it('does not see relatives or household members who have left its scope, through a person it can see', async () => {
    const h = await createPerson(t, township.cookie, { name: '留守男', sex: 'male', birthDate: '1980-01-01', village: home });
    const w = await createPerson(t, township.cookie, { name: '远走女', sex: 'female', birthDate: '1982-03-04', village: home });
    const hh = await createHousehold(t, township.cookie, home, h.id);
    await t.request('POST', `/api/v1/households/${hh.id}/members`, { cookie: township.cookie, body: { personId: w.id, relation: 'spouse' } });
    await recordEvent(t, township.cookie, { kind: 'marriage', occurredOn: '2005-01-01', husbandId: h.id, wifeId: w.id });
    const child = await recordEvent(t, township.cookie, { kind: 'birth', occurredOn: '2010-01-01', motherId: w.id, fatherId: h.id, child: { name: '留守童', sex: 'male' } });
    await recordEvent(t, township.cookie, { kind: 'residence_change', occurredOn: '2025-01-01', personId: w.id, toRegion: otherCountyVillage });
    await recordEvent(t, township.cookie, { kind: 'hukou_change', occurredOn: '2025-01-02', personId: w.id, toRegion: otherCountyVillage });

    // She is now out of reach directly…
    expectApiError(await t.request('GET', `/api/v1/persons/${w.id}`, { cookie: township.cookie }), 404, 'NOT_FOUND');
    // …and through her husband, her child and her household alike.
    const hr = await t.request('GET', `/api/v1/persons/${h.id}`, { cookie: township.cookie });
    expect(hr.json()).toMatchObject({ maritalStatus: 'married', spouse: null, children: [{ id: child.personId }] });
    const cr = await t.request('GET', `/api/v1/persons/${child.personId}`, { cookie: township.cookie });
    expect(cr.json()).toMatchObject({ mother: null, father: { id: h.id } });
    const hhr = await t.request('GET', `/api/v1/households/${hh.id}`, { cookie: township.cookie });
    expect(hhr.json<{ members: { id: number }[] }>().members.map((m) => m.id)).toEqual([h.id, child.personId]);
    for (const body of [hr.body, cr.body, hhr.body]) {
      expect(body).not.toContain('远走女');
      expect(body).not.toContain('1982-03-04');
    }

    // A city analyst above both counties sees the whole family.
    const analyst = await t.user('city_analyst', '3305');
    expect((await getPerson(t, analyst.cookie, h.id)).spouse?.id).toBe(w.id);
    expect((await getPerson(t, analyst.cookie, child.personId)).mother?.id).toBe(w.id);
  });

  it('CAN see a person living elsewhere whose hukou is in the township', async () => {
    const d = await getPerson(t, township.cookie, hukouHere.id);
    expect(d.hukouRegion).toBe(home);
    expect(d.residenceRegion).toBe(otherTownshipVillage);
  });
});

describe('a county officer of 330522', () => {
  it('sees the people of both townships, by id and by search', async () => {
    expect((await getPerson(t, county.cookie, own.id)).id).toBe(own.id);
    expect((await getPerson(t, county.cookie, inOtherTownship.id)).id).toBe(inOtherTownship.id);
    const byId = await t.request('GET', `/api/v1/persons?idNumber=${own.idNumber}`, { cookie: county.cookie });
    expect(byId.json<{ total: number }>().total).toBe(1);
    const s = await t.request('GET', `/api/v1/persons?q=${encodeURIComponent('外')}`, { cookie: county.cookie });
    expect(s.json<{ items: { id: number }[] }>().items.map((p) => p.id)).toEqual([inOtherTownship.id]);
    const narrowed = await t.request('GET', `/api/v1/persons?q=${encodeURIComponent('本镇')}&region=330522001`, { cookie: county.cookie });
    expect(narrowed.json<{ total: number }>().total).toBe(2);
  });

  it('records events for both townships', async () => {
    await recordEvent(t, county.cookie, { kind: 'marriage', occurredOn: '2025-03-01', husbandId: own.id, wifeId: ownWife.id });
  });

  it('does not see the other county', async () => {
    await deniedAsNotFound(county, () => t.request('GET', `/api/v1/persons/${inOtherCounty.id}`, { cookie: county.cookie }), 'person.read');
  });
});

describe('roles without person.read', () => {
  const routes = (id: number, household: number): [string, 'GET' | 'POST', string, unknown][] => [
    ['person detail', 'GET', `/api/v1/persons/${id}`, undefined],
    ['search', 'GET', `/api/v1/persons?q=wang`, undefined],
    ['reveal', 'POST', `/api/v1/persons/${id}/reveal`, { reason: '核查身份信息' }],
    ['register', 'POST', '/api/v1/persons', personBody({ name: '某', sex: 'male', birthDate: '1990-01-01', village: '330522001001' }, undefined)],
    ['household', 'GET', `/api/v1/households/${household}`, undefined],
    ['event', 'POST', '/api/v1/events', { kind: 'death', occurredOn: '2025-01-01', personId: id }],
  ];

  it.each(['system_admin', 'security_admin', 'audit_admin'] as Role[])('%s gets 403 FORBIDDEN on every person route, audited', async (role) => {
    const admin = await t.user(role, '33');
    for (const [name, method, url, body] of routes(own.id, ownHousehold)) {
      const mark = await auditMark(t);
      const res = await t.request(method, url, { cookie: admin.cookie, ...(body !== undefined ? { body } : {}) });
      expectApiError(res, 403, 'FORBIDDEN');
      expect(res.body, name).not.toContain('本镇');
      const audit = await auditSince(t, mark);
      expect(audit.map((a) => [a.action, a.outcome, a.user_id]), name).toEqual([['access.denied', 'denied', admin.id]]);
    }
  });

  it('a city analyst reads (person.read) but cannot write', async () => {
    const analyst = await t.user('city_analyst', '3305');
    expect((await getPerson(t, analyst.cookie, inOtherCounty.id)).id).toBe(inOtherCounty.id);
    expectApiError(await postEvent(t, analyst.cookie, { kind: 'death', occurredOn: '2025-01-01', personId: own.id }), 403, 'FORBIDDEN');
    expectApiError(await t.request('POST', '/api/v1/households', { cookie: analyst.cookie, body: { regionCode: home } }), 403, 'FORBIDDEN');
  });

  it('a village clerk sees only their village', async () => {
    const clerk = await t.user('village_clerk', home);
    expect((await getPerson(t, clerk.cookie, own.id)).id).toBe(own.id);
    const elsewhere = await t.village('330522001', 1);
    const neighbour = await createPerson(t, township.cookie, { name: '邻村', sex: 'male', birthDate: '1990-01-01', village: elsewhere });
    await deniedAsNotFound(clerk, () => t.request('GET', `/api/v1/persons/${neighbour.id}`, { cookie: clerk.cookie }), 'person.read');
  });
});
