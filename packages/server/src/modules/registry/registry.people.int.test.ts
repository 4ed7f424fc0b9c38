import type { HouseholdDetail, PersonDetail } from '@renkou/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, type TestUser } from '../../../test/harness';
import { createHousehold, createPerson, expectApiError, getPerson, recordEvent, TODAY, type Created } from './registry.fixtures';

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

const masked = (id: string) => `${id.slice(0, 6)}********${id.slice(-4)}`;

describe('persons, households and members', () => {
  let father: Created;
  let mother: Created;
  let son: Created;
  let household: HouseholdDetail;

  it('registers a person: 201, masked ID, derived fields', async () => {
    father = await createPerson(t, clerk.cookie, { name: '李建国', sex: 'male', birthDate: '1980-02-03', village });
    expect(father.detail).toMatchObject({
      name: '李建国',
      pinyin: 'lijianguo',
      sex: 'male',
      birthDate: '1980-02-03',
      status: 'alive',
      ethnicity: '01',
      maritalStatus: 'unmarried',
      residenceType: 'rural',
      hukouRegion: village,
      residenceRegion: village,
      hukouResidenceMismatch: false,
      deathDate: null,
      household: null,
      mother: null,
      father: null,
      children: [],
      spouse: null,
      timeline: [],
    });
    expect(father.detail.idNumberMasked).toBe(masked(father.idNumber!));
    expect(father.res.body).not.toContain(father.idNumber!);
  });

  it('creates a household with a head and adds members; the household lists them with relations', async () => {
    household = await createHousehold(t, clerk.cookie, village, father.id);
    expect(household.regionCode).toBe(village);
    expect(household.householdNumber).toMatch(new RegExp(`^${village}\\d{6}$`));
    expect(household.members.map((m) => [m.id, m.relation])).toEqual([[father.id, 'head']]);

    mother = await createPerson(t, clerk.cookie, { name: '张秀英', sex: 'female', birthDate: '1982-07-08', village });
    const res = await t.request('POST', `/api/v1/households/${household.id}/members`, { cookie: clerk.cookie, body: { personId: mother.id, relation: 'spouse', joinedOn: '2005-01-01' } });
    expect(res.statusCode, res.body).toBe(200);
    const after = res.json<HouseholdDetail>();
    expect(after.members.map((m) => [m.id, m.relation, m.joinedOn])).toEqual([
      [father.id, 'head', TODAY],
      [mother.id, 'spouse', '2005-01-01'],
    ]);

    // A person registered straight into a household, with parents.
    son = await createPerson(t, clerk.cookie, { name: '李明', sex: 'male', birthDate: '2006-09-10', village, motherId: mother.id, fatherId: father.id, householdId: household.id, relation: 'child' });
    expect(son.detail.household).toEqual({ id: household.id, householdNumber: household.householdNumber, relation: 'child' });

    const read = await t.request('GET', `/api/v1/households/${household.id}`, { cookie: clerk.cookie });
    expect(read.statusCode, read.body).toBe(200);
    const detail = read.json<HouseholdDetail>();
    expect(detail.members.map((m) => ({ id: m.id, relation: m.relation, name: m.name }))).toEqual([
      { id: father.id, relation: 'head', name: '李建国' },
      { id: mother.id, relation: 'spouse', name: '张秀英' },
      { id: son.id, relation: 'child', name: '李明' },
    ]);
    for (const m of detail.members) expect(m.idNumberMasked).toMatch(/^\d{6}\*{8}[\dX]{4}$/);
    for (const p of [father, mother, son]) expect(read.body).not.toContain(p.idNumber!);
  });

  it('a second head is refused with HOUSEHOLD_HAS_HEAD', async () => {
    const res = await t.request('POST', `/api/v1/households/${household.id}/members`, { cookie: clerk.cookie, body: { personId: mother.id, relation: 'head' } });
    expectApiError(res, 409, 'HOUSEHOLD_HAS_HEAD');
  });

  it('person detail shows household, parents, children, spouse and timeline, with every ID masked', async () => {
    await recordEvent(t, clerk.cookie, { kind: 'marriage', occurredOn: '2005-05-01', husbandId: father.id, wifeId: mother.id });

    const res = await t.request('GET', `/api/v1/persons/${son.id}`, { cookie: clerk.cookie });
    expect(res.statusCode, res.body).toBe(200);
    const s = res.json<PersonDetail>();
    expect(s.mother).toEqual({ id: mother.id, name: '张秀英', sex: 'female', birthDate: '1982-07-08', status: 'alive' });
    expect(s.father).toEqual({ id: father.id, name: '李建国', sex: 'male', birthDate: '1980-02-03', status: 'alive' });
    expect(s.household?.relation).toBe('child');

    const fres = await t.request('GET', `/api/v1/persons/${father.id}`, { cookie: clerk.cookie });
    const f = fres.json<PersonDetail>();
    expect(f.spouse).toEqual({ id: mother.id, name: '张秀英', sex: 'female', birthDate: '1982-07-08', status: 'alive' });
    expect(f.maritalStatus).toBe('married');
    expect(f.children.map((c) => c.id)).toEqual([son.id]);
    expect(f.household).toEqual({ id: household.id, householdNumber: household.householdNumber, relation: 'head' });
    expect(f.timeline).toHaveLength(1);
    expect(f.timeline[0]).toMatchObject({ kind: 'marriage', occurredOn: '2005-05-01', participants: [father.id, mother.id], payload: { husbandId: father.id, wifeId: mother.id }, correctsEventId: null, correctedBy: [] });

    const m = await getPerson(t, clerk.cookie, mother.id);
    expect(m.spouse?.id).toBe(father.id);
    expect(m.children.map((c) => c.id)).toEqual([son.id]);
    expect(m.timeline.map((e) => e.kind)).toEqual(['marriage']);

    for (const body of [res.body, fres.body]) for (const p of [father, mother, son]) expect(body).not.toContain(p.idNumber!);
  });

  it('search results carry masked IDs only, by ID and by name', async () => {
    const byId = await t.request('GET', `/api/v1/persons?idNumber=${mother.idNumber}`, { cookie: clerk.cookie });
    expect(byId.statusCode, byId.body).toBe(200);
    expect(byId.json<{ items: { id: number }[] }>().items.map((p) => p.id)).toEqual([mother.id]);
    expect(byId.body).not.toContain(mother.idNumber!);

    const byName = await t.request('GET', `/api/v1/persons?q=${encodeURIComponent('李')}`, { cookie: clerk.cookie });
    const names = byName.json<{ items: { id: number; idNumberMasked: string }[]; total: number }>();
    expect(names.total).toBe(2);
    for (const p of [father, son]) expect(byName.body).not.toContain(p.idNumber!);
    expect(names.items.every((p) => /\*{8}/.test(p.idNumberMasked))).toBe(true);
  });

  it('a person may live in one village and have hukou in another (人户分离)', async () => {
    const p = await createPerson(t, clerk.cookie, { name: '周敏', sex: 'female', birthDate: '1995-01-01', village, hukouRegion: village2 });
    expect(p.detail.hukouResidenceMismatch).toBe(true);
  });

  it('a person without an ID number is registered with idNumberMasked null', async () => {
    const p = await createPerson(t, clerk.cookie, { name: '无证', sex: 'male', birthDate: '2020-01-01', village, idNumber: false });
    expect(p.detail.idNumberMasked).toBeNull();
  });

  it('joining a second household moves the person out of the first', async () => {
    const other = await createHousehold(t, clerk.cookie, village2);
    const res = await t.request('POST', `/api/v1/households/${other.id}/members`, { cookie: clerk.cookie, body: { personId: son.id, relation: 'head' } });
    expect(res.statusCode, res.body).toBe(200);
    const first = await t.request('GET', `/api/v1/households/${household.id}`, { cookie: clerk.cookie });
    expect(first.json<HouseholdDetail>().members.map((m) => m.id)).not.toContain(son.id);
    expect((await getPerson(t, clerk.cookie, son.id)).household).toMatchObject({ id: other.id, relation: 'head' });
  });

  it('a head who moves to another household stops being the first one’s head', async () => {
    const headOf = async (id: number) => (await t.db.db.selectFrom('household').select('head_person_id').where('id', '=', id).executeTakeFirstOrThrow()).head_person_id;
    expect(await headOf(household.id)).toBe(father.id);
    const next = await createHousehold(t, clerk.cookie, village2, father.id);
    expect(await headOf(next.id)).toBe(father.id);
    expect(await headOf(household.id)).toBeNull();
    // The first household can now take a new head.
    const res = await t.request('POST', `/api/v1/households/${household.id}/members`, { cookie: clerk.cookie, body: { personId: mother.id, relation: 'head' } });
    expect(res.statusCode, res.body).toBe(200);
    expect(await headOf(household.id)).toBe(mother.id);
  });

  it('unknown ids answer 404 NOT_FOUND, malformed ids 400', async () => {
    expectApiError(await t.request('GET', '/api/v1/persons/999999', { cookie: clerk.cookie }), 404, 'NOT_FOUND');
    expectApiError(await t.request('GET', '/api/v1/households/999999', { cookie: clerk.cookie }), 404, 'NOT_FOUND');
    for (const bad of ['abc', '-1', '0', '1.5', '99999999999999999999', '9223372036854775808']) {
      const res = await t.request('GET', `/api/v1/persons/${bad}`, { cookie: clerk.cookie });
      expectApiError(res, 400, 'VALIDATION_FAILED');
    }
  });

  it('a person cannot be read without signing in', async () => {
    expectApiError(await t.request('GET', `/api/v1/persons/${father.id}`), 401, 'UNAUTHENTICATED', false);
  });
});
