import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, type TestUser } from '../../../test/harness';
import {
  counts, createPerson, expectApiError, newId, personBody, personState, postEvent, recordEvent, to15, TODAY, withWrongCheck, type Created,
} from './registry.fixtures';

let t: TestApp;
let clerk: TestUser;
let village: string;

beforeAll(async () => {
  t = await startTestApp({ today: TODAY });
  village = await t.village('330522001', 0);
  clerk = await t.user('township_officer', '330522001');
});
afterAll(() => t.close());

/**
 * Runs a request that must be refused: checks the error shape and code, and that no row of person,
 * vital_event, marriage, parent_link, household or household_member — nor any person's state — changed.
 */
async function refused(send: () => Promise<LightMyRequestResponse>, status: number, code: string, path?: string, withDetails = true) {
  const before = { c: await counts(t), s: await personState(t) };
  const res = await send();
  const body = expectApiError(res, status, code, withDetails);
  if (path !== undefined) expect(body.details.map((d) => d.path), res.body).toContain(path);
  const after = { c: await counts(t), s: await personState(t) };
  expect({ ...after.c, audit_log: 0 }).toEqual({ ...before.c, audit_log: 0 });
  expect(after.s).toEqual(before.s);
  // Only a refusal for a missing or out-of-scope record is audited (as 'denied'); rule violations are not.
  expect(after.c.audit_log - before.c.audit_log).toBe(code === 'NOT_FOUND' || code === 'OUT_OF_SCOPE' ? 1 : 0);
  return body;
}

/** The distinct paths an error names, sorted. */
const paths = (e: { details: readonly { path: string }[] }) => [...new Set(e.details.map((d) => d.path))].sort();
const ev = (body: unknown) => () => postEvent(t, clerk.cookie, body);
const person = (body: unknown) => () => t.request('POST', '/api/v1/persons', { cookie: clerk.cookie, body });
const p = (name: string, sex: 'male' | 'female', birthDate: string, extra: Partial<Parameters<typeof createPerson>[2]> = {}) => createPerson(t, clerk.cookie, { name, sex, birthDate, village, ...extra });

describe('EVENT_AFTER_DEATH: nothing can happen to a person after their death', () => {
  let dead: Created;
  let deadMother: Created;
  let wife: Created;
  let young: Created;

  beforeAll(async () => {
    young = await p('少妇', 'female', '1995-01-01');
    dead = await p('亡夫', 'male', '1950-01-01');
    deadMother = await p('亡母', 'female', '1990-01-01');
    wife = await p('在世', 'female', '1960-01-01');
    await recordEvent(t, clerk.cookie, { kind: 'marriage', occurredOn: '1980-01-01', husbandId: dead.id, wifeId: wife.id });
    await recordEvent(t, clerk.cookie, { kind: 'death', occurredOn: '2024-01-01', personId: dead.id });
    await recordEvent(t, clerk.cookie, { kind: 'death', occurredOn: '2024-01-01', personId: deadMother.id });
  });

  it.each([
    ['death', () => ({ kind: 'death', occurredOn: '2024-06-01', personId: dead.id }), 'body.personId'],
    ['marriage', () => ({ kind: 'marriage', occurredOn: '2024-06-01', husbandId: dead.id, wifeId: wife.id }), 'body.husbandId'],
    ['divorce', () => ({ kind: 'divorce', occurredOn: '2024-06-01', husbandId: dead.id, wifeId: wife.id }), 'body.husbandId'],
    ['move_in', () => ({ kind: 'move_in', occurredOn: '2024-06-01', personId: dead.id, toRegion: village }), 'body.personId'],
    ['move_out', () => ({ kind: 'move_out', occurredOn: '2024-06-01', personId: dead.id }), 'body.personId'],
    ['residence_change', () => ({ kind: 'residence_change', occurredOn: '2024-06-01', personId: dead.id, toRegion: village }), 'body.personId'],
    ['hukou_change', () => ({ kind: 'hukou_change', occurredOn: '2024-06-01', personId: dead.id, toRegion: village }), 'body.personId'],
    ['birth by a dead mother', () => ({ kind: 'birth', occurredOn: '2024-06-01', motherId: deadMother.id, child: { name: '遗腹', sex: 'male' } }), 'body.motherId'],
    ['birth > 300 days after the father died', () => ({ kind: 'birth', occurredOn: '2025-06-01', motherId: young.id, fatherId: dead.id, child: { name: '遗腹', sex: 'male' } }), 'body.fatherId'],
  ])('%s', async (_name, body, path) => {
    await refused(ev(body()), 422, 'EVENT_AFTER_DEATH', path);
  });

  it('an event dated before the death, recorded late, is refused as PERSON_DEAD', async () => {
    await refused(ev({ kind: 'residence_change', occurredOn: '2023-06-01', personId: dead.id, toRegion: village }), 422, 'PERSON_DEAD', 'body.personId');
  });

  it('a child born within 300 days of the father’s death is accepted', async () => {
    const w = await p('遗孀', 'female', '1990-01-01');
    const h = await p('亡者', 'male', '1990-01-01');
    await recordEvent(t, clerk.cookie, { kind: 'death', occurredOn: '2024-01-01', personId: h.id });
    await recordEvent(t, clerk.cookie, { kind: 'birth', occurredOn: '2024-06-01', motherId: w.id, fatherId: h.id, child: { name: '遗腹子', sex: 'male' } });
  });
});

describe('mother’s age', () => {
  it('MOTHER_TOO_YOUNG below 12, accepted on the 12th birthday', async () => {
    const m = await p('少母', 'female', '2013-06-01');
    const body = await refused(ev({ kind: 'birth', occurredOn: '2025-05-31', motherId: m.id, child: { name: '甲', sex: 'male' } }), 422, 'MOTHER_TOO_YOUNG', 'body.motherId');
    expect(body.details[0]!.value).toBe(11);
    await recordEvent(t, clerk.cookie, { kind: 'birth', occurredOn: '2025-06-01', motherId: m.id, child: { name: '乙', sex: 'male' } });
  });

  it('MOTHER_TOO_OLD above 60, accepted at 60', async () => {
    const m = await p('高龄', 'female', '1964-06-01');
    const body = await refused(ev({ kind: 'birth', occurredOn: '2025-06-01', motherId: m.id, child: { name: '甲', sex: 'male' } }), 422, 'MOTHER_TOO_OLD', 'body.motherId');
    expect(body.details[0]!.value).toBe(61);
    await recordEvent(t, clerk.cookie, { kind: 'birth', occurredOn: '2025-05-31', motherId: m.id, child: { name: '乙', sex: 'male' } });
  });
});

describe('marriage and divorce', () => {
  it('UNDER_MARRIAGE_AGE for a man: refused the day before his 22nd birthday, accepted on it', async () => {
    const man = await p('少男', 'male', '2003-06-15');
    const w = await p('成女', 'female', '1995-01-01');
    const body = await refused(ev({ kind: 'marriage', occurredOn: '2025-06-14', husbandId: man.id, wifeId: w.id }), 422, 'UNDER_MARRIAGE_AGE', 'body.husbandId');
    expect(body.details[0]!.value).toBe(21);
    await recordEvent(t, clerk.cookie, { kind: 'marriage', occurredOn: '2025-06-15', husbandId: man.id, wifeId: w.id });
  });

  it('UNDER_MARRIAGE_AGE for a woman: refused the day before her 20th birthday, accepted on it', async () => {
    const woman = await p('少女', 'female', '2005-06-15');
    const h = await p('成男', 'male', '1995-01-01');
    const body = await refused(ev({ kind: 'marriage', occurredOn: '2025-06-14', husbandId: h.id, wifeId: woman.id }), 422, 'UNDER_MARRIAGE_AGE', 'body.wifeId');
    expect(body.details[0]!.value).toBe(19);
    await recordEvent(t, clerk.cookie, { kind: 'marriage', occurredOn: '2025-06-15', husbandId: h.id, wifeId: woman.id });
  });

  it('ALREADY_MARRIED for either spouse; NOT_MARRIED for a divorce of two who are not married to each other', async () => {
    const h = await p('已婚男', 'male', '1980-01-01');
    const w = await p('已婚女', 'female', '1980-01-01');
    const h2 = await p('未婚男', 'male', '1980-01-01');
    const w2 = await p('未婚女', 'female', '1980-01-01');
    await recordEvent(t, clerk.cookie, { kind: 'marriage', occurredOn: '2005-01-01', husbandId: h.id, wifeId: w.id });
    await refused(ev({ kind: 'marriage', occurredOn: '2025-01-01', husbandId: h.id, wifeId: w2.id }), 422, 'ALREADY_MARRIED', 'body.husbandId');
    await refused(ev({ kind: 'marriage', occurredOn: '2025-01-01', husbandId: h2.id, wifeId: w.id }), 422, 'ALREADY_MARRIED', 'body.wifeId');
    await refused(ev({ kind: 'divorce', occurredOn: '2025-01-01', husbandId: h2.id, wifeId: w2.id }), 422, 'NOT_MARRIED', 'body.wifeId');
    await refused(ev({ kind: 'divorce', occurredOn: '2025-01-01', husbandId: h.id, wifeId: w2.id }), 422, 'NOT_MARRIED', 'body.wifeId');
  });

  it('the husband must be a man and the wife a woman', async () => {
    const a = await p('男甲', 'male', '1980-01-01');
    const b = await p('男乙', 'male', '1980-01-01');
    await refused(ev({ kind: 'marriage', occurredOn: '2025-01-01', husbandId: a.id, wifeId: b.id }), 422, 'WRONG_SEX', 'body.wifeId');
  });
});

describe('ID numbers', () => {
  let existing: Created;
  beforeAll(async () => {
    existing = await p('持证人', 'male', '1985-05-05');
  });

  it('DUPLICATE_ID_NUMBER (409) on registration, also in the 15-digit spelling, with the ID masked in the answer', async () => {
    const id = existing.idNumber!;
    for (const spelling of [id, to15(id), ` ${id.toLowerCase()} `]) {
      const body = await refused(person(personBody({ name: '冒用', sex: 'male', birthDate: '1985-05-05', village }, spelling)), 409, 'DUPLICATE_ID_NUMBER', 'body.idNumber');
      expect(JSON.stringify(body)).not.toContain(id);
      expect(JSON.stringify(body)).not.toContain(to15(id));
    }
  });

  it('DUPLICATE_ID_NUMBER for a newborn and for a person moving in', async () => {
    const m = await p('母亲', 'female', '1990-01-01');
    const dup = newId('2025-01-01', 'male');
    await recordEvent(t, clerk.cookie, { kind: 'birth', occurredOn: '2025-01-01', motherId: m.id, child: { name: '长子', sex: 'male', idNumber: dup } });
    await refused(ev({ kind: 'birth', occurredOn: '2025-01-01', motherId: m.id, child: { name: '次子', sex: 'male', idNumber: dup } }), 409, 'DUPLICATE_ID_NUMBER', 'body.child.idNumber');
    const moving = { idNumber: existing.idNumber, name: '冒用', sex: 'male', birthDate: '1985-05-05', hukouRegion: village, residenceRegion: village, residenceType: 'rural' };
    await refused(ev({ kind: 'move_in', occurredOn: '2025-01-01', toRegion: village, person: moving }), 409, 'DUPLICATE_ID_NUMBER', 'body.person.idNumber');
  });

  it('ID_CHECK_CHARACTER (400) names the field and masks the value', async () => {
    const good = newId('1990-01-01', 'male');
    const bad = withWrongCheck(good);
    const body = await refused(person(personBody({ name: '错号', sex: 'male', birthDate: '1990-01-01', village }, bad)), 400, 'ID_CHECK_CHARACTER', 'body.idNumber');
    expect(body.details[0]!.value).toBe(`${bad.slice(0, 6)}********${bad.slice(-4)}`);
    expect(JSON.stringify(body)).not.toContain(bad);
    const search = await t.request('GET', `/api/v1/persons?idNumber=${bad}`, { cookie: clerk.cookie });
    expectApiError(search, 400, 'ID_CHECK_CHARACTER');
    expect(search.body).not.toContain(bad);
  });

  it('ID_SEX_MISMATCH and ID_BIRTH_DATE_MISMATCH', async () => {
    const female = newId('1990-01-01', 'female');
    await refused(person(personBody({ name: '错性', sex: 'male', birthDate: '1990-01-01', village }, female)), 422, 'ID_SEX_MISMATCH', 'body.sex');
    await refused(person(personBody({ name: '错日', sex: 'female', birthDate: '1990-01-02', village }, female)), 422, 'ID_BIRTH_DATE_MISMATCH', 'body.birthDate');
  });

  it('other malformed IDs: wrong length, letters, impossible date, future date', async () => {
    const base = { name: '某', sex: 'male' as const, birthDate: '1990-01-01', village };
    await refused(person(personBody(base, '33052219900101')), 400, 'ID_LENGTH', 'body.idNumber');
    await refused(person(personBody(base, '33052219900101A01X')), 400, 'ID_FORMAT', 'body.idNumber');
    await refused(person(personBody(base, '330522199002300011')), 400, 'ID_BIRTH_DATE_INVALID', 'body.idNumber');
    const future = newId('2025-07-01', 'male');
    await refused(person(personBody({ ...base, birthDate: '2025-07-01' }, future)), 422, 'DATE_IN_FUTURE', 'body.birthDate');
  });
});

describe('dates and regions', () => {
  let someone: Created;
  beforeAll(async () => {
    someone = await p('某人', 'male', '1980-01-01');
  });

  it('DATE_IN_FUTURE relative to the injected today; today itself is fine', async () => {
    await refused(ev({ kind: 'residence_change', occurredOn: '2025-07-01', personId: someone.id, toRegion: village }), 422, 'DATE_IN_FUTURE', 'body.occurredOn');
    await refused(person(personBody({ name: '未生', sex: 'male', birthDate: '2025-07-01', village }, undefined)), 422, 'DATE_IN_FUTURE', 'body.birthDate');
    const hh = await t.request('POST', '/api/v1/households', { cookie: clerk.cookie, body: { regionCode: village } });
    const hid = hh.json<{ id: number }>().id;
    await refused(() => t.request('POST', `/api/v1/households/${hid}/members`, { cookie: clerk.cookie, body: { personId: someone.id, relation: 'head', joinedOn: '2025-07-01' } }), 422, 'DATE_IN_FUTURE', 'body.joinedOn');
    await recordEvent(t, clerk.cookie, { kind: 'residence_change', occurredOn: TODAY, personId: someone.id, toRegion: village });
  });

  it('an event dated before the person’s birth is refused', async () => {
    await refused(ev({ kind: 'hukou_change', occurredOn: '1979-01-01', personId: someone.id, toRegion: village }), 422, 'EVENT_BEFORE_BIRTH', 'body.occurredOn');
  });

  it('REGION_UNKNOWN for an unknown village or hukou region; REGION_LEVEL for a residence that is not a village', async () => {
    await refused(person(personBody({ name: '无地', sex: 'male', birthDate: '1990-01-01', village: '330522001999' }, undefined)), 422, 'REGION_UNKNOWN', 'body.residenceRegion');
    await refused(person(personBody({ name: '无地', sex: 'male', birthDate: '1990-01-01', village, hukouRegion: '330599' }, undefined)), 422, 'REGION_UNKNOWN', 'body.hukouRegion');
    await refused(ev({ kind: 'hukou_change', occurredOn: '2025-01-01', personId: someone.id, toRegion: '999999' }), 422, 'REGION_UNKNOWN', 'body.toRegion');
    await refused(ev({ kind: 'residence_change', occurredOn: '2025-01-01', personId: someone.id, toRegion: '330522001999' }), 422, 'REGION_UNKNOWN', 'body.toRegion');
    await refused(() => t.request('POST', '/api/v1/households', { cookie: clerk.cookie, body: { regionCode: '330522001999' } }), 422, 'REGION_UNKNOWN', 'body.regionCode');
  });

  it('unknown persons answer 404 NOT_FOUND', async () => {
    await refused(ev({ kind: 'death', occurredOn: '2025-01-01', personId: 999999 }), 404, 'NOT_FOUND', 'body.personId');
    await refused(ev({ kind: 'birth', occurredOn: '2025-01-01', motherId: 999999, child: { name: '甲', sex: 'male' } }), 404, 'NOT_FOUND', 'body.motherId');
  });
});

describe('malformed requests: 4xx with the error shape, never 500', () => {
  it('malformed JSON → 400 INVALID_JSON; an empty JSON body → 400; XML → 415; text → 4xx', async () => {
    await refused(() => t.request('POST', '/api/v1/persons', { cookie: clerk.cookie, body: '{"name": "王' }), 400, 'INVALID_JSON', undefined, false);
    await refused(() => t.request('POST', '/api/v1/events', { cookie: clerk.cookie, body: '' }), 400, 'INVALID_JSON', undefined, false);
    await refused(() => t.request('POST', '/api/v1/events', { cookie: clerk.cookie, body: '<kind>birth</kind>', headers: { 'content-type': 'application/xml' } }), 415, 'UNSUPPORTED_MEDIA_TYPE', undefined, false);
    // Fastify parses text/plain itself: the string then fails validation (400, not 415 — see the report).
    const text = await t.request('POST', '/api/v1/events', { cookie: clerk.cookie, body: 'kind=birth', headers: { 'content-type': 'text/plain' } });
    expect(text.statusCode, text.body).toBeGreaterThanOrEqual(400);
    expect(text.statusCode).toBeLessThan(500);
  });

  it('missing fields → VALIDATION_FAILED naming each path', async () => {
    const body = await refused(ev({ kind: 'birth', occurredOn: '2025-01-01', motherId: 1, child: {} }), 400, 'VALIDATION_FAILED', 'body.child.name', false);
    expect(paths(body)).toEqual(['body.child.name', 'body.child.sex']);
    expect(body.details.find((d) => d.path === 'body.child.name')!.reason).toEqual({ zh: '必填', en: 'required' });

    const empty = await refused(person({}), 400, 'VALIDATION_FAILED', undefined, false);
    expect(paths(empty)).toEqual(['body.birthDate', 'body.hukouRegion', 'body.name', 'body.residenceRegion', 'body.residenceType', 'body.sex']);

    const noReason = await refused(ev({ kind: 'correction', occurredOn: '2025-01-01', correctsEventId: 1, changes: {} }), 400, 'VALIDATION_FAILED', 'body.reason', false);
    expect(noReason.details.map((d) => d.path)).toContain('body.changes');
  });

  it('wrong types and values → VALIDATION_FAILED naming each path and echoing the value', async () => {
    const body = await refused(
      person({ name: 123, sex: 'x', birthDate: '1990-02-30', hukouRegion: 'abc', residenceRegion: '3305', residenceType: 1, ethnicity: '99' }),
      400,
      'VALIDATION_FAILED',
      undefined,
      false,
    );
    expect(paths(body)).toEqual(['body.birthDate', 'body.ethnicity', 'body.hukouRegion', 'body.name', 'body.residenceRegion', 'body.residenceType', 'body.sex']);
    expect(body.details.find((d) => d.path === 'body.sex')!.value).toBe('x');
    const e = await refused(ev({ kind: 'death', occurredOn: '01/02/2025', personId: 'abc' }), 400, 'VALIDATION_FAILED', 'body.personId', false);
    expect(paths(e)).toEqual(['body.occurredOn', 'body.personId']);
    await refused(ev({ kind: 'adoption', occurredOn: '2025-01-01', personId: 1 }), 400, 'VALIDATION_FAILED', 'body.kind', false);
    await refused(person(personBody({ name: 'x'.repeat(51), sex: 'male', birthDate: '1990-01-01', village }, undefined)), 400, 'VALIDATION_FAILED', 'body.name', false);
  });

  it.each([['null'], ['[]'], ['"text"'], ['42'], ['true'], ['{"kind":null}'], ['{"kind":"birth","child":"x"}']])('odd body %s → 400', async (raw) => {
    const res = await t.request('POST', '/api/v1/events', { cookie: clerk.cookie, body: raw });
    expect(res.statusCode, res.body).toBe(400);
    expectApiError(res, 400, res.json<{ code: string }>().code, false);
  });

  it('a body over the size limit → 413 BODY_TOO_LARGE', async () => {
    await refused(() => t.request('POST', '/api/v1/persons', { cookie: clerk.cookie, body: { name: '大', padding: 'x'.repeat(300 * 1024) } }), 413, 'BODY_TOO_LARGE', undefined, false);
  });

  it('bad search queries → 400 naming the parameter', async () => {
    const none = expectApiError(await t.request('GET', '/api/v1/persons', { cookie: clerk.cookie }), 400, 'VALIDATION_FAILED', false);
    expect(paths(none)).toEqual(['querystring.q']);
    const big = expectApiError(await t.request('GET', '/api/v1/persons?q=a&pageSize=1000', { cookie: clerk.cookie }), 400, 'VALIDATION_FAILED');
    expect(big.details.map((d) => d.path)).toEqual(['querystring.pageSize']);
    const res = await t.request('GET', `/api/v1/persons?q=${encodeURIComponent("%' OR 1=1 --")}`, { cookie: clerk.cookie });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<{ total: number }>().total).toBe(0);
  });
});
