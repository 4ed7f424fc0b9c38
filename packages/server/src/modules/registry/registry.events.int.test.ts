import type { HouseholdDetail, PersonDetail, VitalEventView } from '@renkou/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, type TestUser } from '../../../test/harness';
import { createHousehold, createPerson, expectApiError, getPerson, newId, postEvent, recordEvent, TODAY, type Created } from './registry.fixtures';

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

const eventRow = (id: number) => t.db.db.selectFrom('vital_event').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

describe('birth', () => {
  let mother: Created;
  let father: Created;
  let household: HouseholdDetail;

  beforeAll(async () => {
    mother = await createPerson(t, clerk.cookie, { name: '陈丽', sex: 'female', birthDate: '1992-04-05', village });
    father = await createPerson(t, clerk.cookie, { name: '王强', sex: 'male', birthDate: '1990-01-02', village });
    household = await createHousehold(t, clerk.cookie, village, mother.id);
  });

  it('creates the child, links mother and father, joins the mother’s household, counts birth order', async () => {
    const first = await recordEvent(t, clerk.cookie, { kind: 'birth', occurredOn: '2020-03-01', motherId: mother.id, fatherId: father.id, child: { name: '王一', sex: 'female' } });
    const child = await getPerson(t, clerk.cookie, first.personId);
    expect(child).toMatchObject({
      name: '王一',
      sex: 'female',
      birthDate: '2020-03-01',
      status: 'alive',
      ethnicity: mother.detail.ethnicity,
      hukouRegion: mother.detail.hukouRegion,
      residenceRegion: mother.detail.residenceRegion,
      residenceType: mother.detail.residenceType,
      idNumberMasked: null,
      household: { id: household.id, relation: 'child' },
    });
    expect(child.mother?.id).toBe(mother.id);
    expect(child.father?.id).toBe(father.id);
    expect(child.timeline.map((e) => e.kind)).toEqual(['birth']);
    expect(child.timeline[0]).toMatchObject({ id: first.eventId, personId: first.personId, participants: [first.personId, mother.id, father.id], payload: { motherId: mother.id, fatherId: father.id, sex: 'female', birthOrder: 1 } });

    const idNumber = newId('2022-08-09', 'male');
    const second = await recordEvent(t, clerk.cookie, { kind: 'birth', occurredOn: '2022-08-09', motherId: mother.id, child: { name: '王二', sex: 'male', idNumber } });
    // state: where the newborn counts in the statistics — nowhere before, with the mother after.
    expect((await eventRow(second.eventId)).payload).toEqual({ motherId: mother.id, fatherId: null, sex: 'male', birthOrder: 2, state: { before: null, after: { present: true, residence: mother.detail.residenceRegion, hukou: mother.detail.hukouRegion } } });
    const res = await t.request('GET', `/api/v1/persons/${second.personId}`, { cookie: clerk.cookie });
    expect(res.json<PersonDetail>().idNumberMasked).toBe(`${idNumber.slice(0, 6)}********${idNumber.slice(-4)}`);
    expect(res.body).not.toContain(idNumber);

    // The births appear in the MOTHER's timeline (and the father's for the first), and the children in her detail.
    const m = await getPerson(t, clerk.cookie, mother.id);
    expect(m.timeline.filter((e) => e.kind === 'birth').map((e) => e.id)).toEqual([first.eventId, second.eventId]);
    expect(m.children.map((c) => c.id)).toEqual([first.personId, second.personId]);
    const f = await getPerson(t, clerk.cookie, father.id);
    expect(f.timeline.map((e) => e.id)).toEqual([first.eventId]);

    const h = await t.request('GET', `/api/v1/households/${household.id}`, { cookie: clerk.cookie });
    expect(h.json<HouseholdDetail>().members.map((x) => [x.id, x.relation])).toEqual([
      [mother.id, 'head'],
      [first.personId, 'child'],
      [second.personId, 'child'],
    ]);
  });

  it('joinMotherHousehold: false leaves the child outside any household', async () => {
    const r = await recordEvent(t, clerk.cookie, { kind: 'birth', occurredOn: '2024-01-01', motherId: mother.id, joinMotherHousehold: false, child: { name: '王三', sex: 'male', residenceRegion: village2 } });
    const c = await getPerson(t, clerk.cookie, r.personId);
    expect(c.household).toBeNull();
    expect(c.residenceRegion).toBe(village2);
    expect((await eventRow(r.eventId)).payload).toMatchObject({ birthOrder: 3 });
  });

  it('the mother must be a woman and the father a man', async () => {
    expectApiError(await postEvent(t, clerk.cookie, { kind: 'birth', occurredOn: '2024-01-01', motherId: father.id, child: { name: '甲', sex: 'male' } }), 422, 'WRONG_SEX');
    expectApiError(await postEvent(t, clerk.cookie, { kind: 'birth', occurredOn: '2024-01-01', motherId: mother.id, fatherId: mother.id, child: { name: '甲', sex: 'male' } }), 422, 'WRONG_SEX');
  });
});

describe('death, marriage and divorce', () => {
  it('marriage makes both married and each other’s spouse', async () => {
    const h = await createPerson(t, clerk.cookie, { name: '赵刚', sex: 'male', birthDate: '1985-01-01', village });
    const w = await createPerson(t, clerk.cookie, { name: '钱红', sex: 'female', birthDate: '1987-01-01', village });
    const r = await recordEvent(t, clerk.cookie, { kind: 'marriage', occurredOn: '2010-10-01', husbandId: h.id, wifeId: w.id });
    const hd = await getPerson(t, clerk.cookie, h.id);
    const wd = await getPerson(t, clerk.cookie, w.id);
    expect([hd.maritalStatus, wd.maritalStatus]).toEqual(['married', 'married']);
    expect(hd.spouse?.id).toBe(w.id);
    expect(wd.spouse?.id).toBe(h.id);
    expect(wd.timeline.map((e) => e.id)).toEqual([r.eventId]);
    const m = await t.db.db.selectFrom('marriage').selectAll().where('husband_id', '=', h.id).executeTakeFirstOrThrow();
    expect(m).toMatchObject({ wife_id: w.id, married_on: '2010-10-01', ended_on: null });
  });

  it('death: status dead with the date; the spouse becomes widowed; the marriage ends', async () => {
    const h = await createPerson(t, clerk.cookie, { name: '孙伟', sex: 'male', birthDate: '1950-01-01', village });
    const w = await createPerson(t, clerk.cookie, { name: '李梅', sex: 'female', birthDate: '1952-01-01', village });
    await recordEvent(t, clerk.cookie, { kind: 'marriage', occurredOn: '1975-01-01', husbandId: h.id, wifeId: w.id });
    const d = await recordEvent(t, clerk.cookie, { kind: 'death', occurredOn: '2025-01-15', personId: h.id, place: '医院', cause: 'I21' });
    const hd = await getPerson(t, clerk.cookie, h.id);
    expect(hd).toMatchObject({ status: 'dead', deathDate: '2025-01-15', spouse: null });
    expect(hd.timeline.at(-1)).toMatchObject({ id: d.eventId, kind: 'death', payload: { place: '医院', cause: 'I21' } });
    const wd = await getPerson(t, clerk.cookie, w.id);
    expect(wd).toMatchObject({ maritalStatus: 'widowed', spouse: null, status: 'alive' });
    const m = await t.db.db.selectFrom('marriage').selectAll().where('husband_id', '=', h.id).executeTakeFirstOrThrow();
    expect(m).toMatchObject({ ended_on: '2025-01-15', end_reason: 'death' });
    // The dead are left out of a default search, and found with includeInactive.
    const search = await t.request('GET', `/api/v1/persons?q=${encodeURIComponent('孙伟')}`, { cookie: clerk.cookie });
    expect(search.json<{ total: number }>().total).toBe(0);
    const all = await t.request('GET', `/api/v1/persons?q=${encodeURIComponent('孙伟')}&includeInactive=true`, { cookie: clerk.cookie });
    expect(all.json<{ total: number }>().total).toBe(1);
  });

  it('divorce: both divorced, the marriage ends, and they may marry again', async () => {
    const h = await createPerson(t, clerk.cookie, { name: '周杰', sex: 'male', birthDate: '1980-01-01', village });
    const w = await createPerson(t, clerk.cookie, { name: '吴静', sex: 'female', birthDate: '1982-01-01', village });
    const m = await recordEvent(t, clerk.cookie, { kind: 'marriage', occurredOn: '2005-01-01', husbandId: h.id, wifeId: w.id });
    const d = await recordEvent(t, clerk.cookie, { kind: 'divorce', occurredOn: '2015-06-01', husbandId: h.id, wifeId: w.id });
    const hd = await getPerson(t, clerk.cookie, h.id);
    expect(hd).toMatchObject({ maritalStatus: 'divorced', spouse: null });
    expect((await getPerson(t, clerk.cookie, w.id)).maritalStatus).toBe('divorced');
    expect(hd.timeline.map((e) => [e.id, e.kind])).toEqual([[m.eventId, 'marriage'], [d.eventId, 'divorce']]);
    const row = await t.db.db.selectFrom('marriage').selectAll().where('husband_id', '=', h.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ ended_on: '2015-06-01', end_reason: 'divorce' });
    const wife = { present: true, residence: w.detail.residenceRegion, hukou: w.detail.hukouRegion };
    expect((await eventRow(d.eventId)).payload).toEqual({ husbandId: h.id, wifeId: w.id, marriageId: row.id, state: { before: wife, after: wife } });
    await recordEvent(t, clerk.cookie, { kind: 'marriage', occurredOn: '2018-01-01', husbandId: h.id, wifeId: w.id });
    expect((await getPerson(t, clerk.cookie, h.id)).maritalStatus).toBe('married');
  });

  it('a divorce dated before the marriage is refused', async () => {
    const h = await createPerson(t, clerk.cookie, { name: '郑浩', sex: 'male', birthDate: '1980-01-01', village });
    const w = await createPerson(t, clerk.cookie, { name: '冯雪', sex: 'female', birthDate: '1982-01-01', village });
    await recordEvent(t, clerk.cookie, { kind: 'marriage', occurredOn: '2010-01-01', husbandId: h.id, wifeId: w.id });
    expectApiError(await postEvent(t, clerk.cookie, { kind: 'divorce', occurredOn: '2009-01-01', husbandId: h.id, wifeId: w.id }), 422, 'DIVORCE_BEFORE_MARRIAGE');
  });
});

describe('moves', () => {
  it('move_in of a person already in the registry: both regions change, the household is joined', async () => {
    const p = await createPerson(t, clerk.cookie, { name: '何平', sex: 'male', birthDate: '1970-01-01', village });
    const hh = await createHousehold(t, clerk.cookie, village2);
    const r = await recordEvent(t, clerk.cookie, { kind: 'move_in', occurredOn: '2024-05-01', personId: p.id, fromRegion: village, toRegion: village2, householdId: hh.id, relation: 'head' });
    expect(r.personId).toBe(p.id);
    const d = await getPerson(t, clerk.cookie, p.id);
    expect(d).toMatchObject({ hukouRegion: village2, residenceRegion: village2, status: 'alive', household: { id: hh.id, relation: 'head' } });
    expect(d.timeline.at(-1)).toMatchObject({ kind: 'move_in', regionCode: village2, payload: { fromRegion: village, toRegion: village2, newToRegistry: false } });
  });

  it('move_in of a person new to the registry creates them in the target village', async () => {
    const idNumber = newId('1988-08-08', 'female', '330521');
    const before = await t.db.db.selectFrom('person').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const res = await postEvent(t, clerk.cookie, {
      kind: 'move_in',
      occurredOn: '2025-02-01',
      fromRegion: '330521',
      toRegion: village,
      person: { idNumber, name: '沈云', sex: 'female', birthDate: '1988-08-08', hukouRegion: '330521', residenceRegion: village, residenceType: 'urban' },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.body).not.toContain(idNumber);
    const { personId } = res.json<{ personId: number }>();
    const after = await t.db.db.selectFrom('person').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n) + 1);
    const d = await getPerson(t, clerk.cookie, personId);
    expect(d).toMatchObject({ name: '沈云', hukouRegion: village, residenceRegion: village, residenceType: 'urban', status: 'alive' });
    expect(d.timeline.map((e) => [e.kind, e.payload.newToRegistry])).toEqual([['move_in', true]]);
  });

  it('move_in needs exactly one of personId and person', async () => {
    expectApiError(await postEvent(t, clerk.cookie, { kind: 'move_in', occurredOn: '2025-02-01', toRegion: village }), 400, 'MOVE_IN_SUBJECT');
  });

  it('move_out: status emigrated, left out of a default search, and once only', async () => {
    const p = await createPerson(t, clerk.cookie, { name: '韩冰', sex: 'female', birthDate: '1991-01-01', village });
    const r = await recordEvent(t, clerk.cookie, { kind: 'move_out', occurredOn: '2025-03-01', personId: p.id, toRegion: '11', destination: '北京' });
    const d = await getPerson(t, clerk.cookie, p.id);
    expect(d.status).toBe('emigrated');
    expect(d.timeline.at(-1)).toMatchObject({ id: r.eventId, kind: 'move_out', payload: { toRegion: '11', destination: '北京', fromRegion: village } });
    const s = await t.request('GET', `/api/v1/persons?q=${encodeURIComponent('韩冰')}`, { cookie: clerk.cookie });
    expect(s.json<{ total: number }>().total).toBe(0);
    expectApiError(await postEvent(t, clerk.cookie, { kind: 'move_out', occurredOn: '2025-03-02', personId: p.id }), 422, 'ALREADY_MOVED_OUT');
    // Coming back is a move_in of the same person.
    await recordEvent(t, clerk.cookie, { kind: 'move_in', occurredOn: '2025-04-01', personId: p.id, toRegion: village });
    expect((await getPerson(t, clerk.cookie, p.id)).status).toBe('alive');
  });

  it('residence_change moves the residence only (人户分离 follows)', async () => {
    const p = await createPerson(t, clerk.cookie, { name: '曹阳', sex: 'male', birthDate: '1993-01-01', village });
    await recordEvent(t, clerk.cookie, { kind: 'residence_change', occurredOn: '2025-01-01', personId: p.id, toRegion: village2, residenceType: 'urban' });
    const d = await getPerson(t, clerk.cookie, p.id);
    expect(d).toMatchObject({ residenceRegion: village2, hukouRegion: village, residenceType: 'urban', hukouResidenceMismatch: true });
    expect(d.timeline.at(-1)).toMatchObject({ kind: 'residence_change', regionCode: village2, payload: { fromRegion: village, toRegion: village2 } });
  });

  it('hukou_change moves the hukou only', async () => {
    const p = await createPerson(t, clerk.cookie, { name: '彭辉', sex: 'male', birthDate: '1994-01-01', village });
    await recordEvent(t, clerk.cookie, { kind: 'hukou_change', occurredOn: '2025-01-01', personId: p.id, toRegion: village2 });
    const d = await getPerson(t, clerk.cookie, p.id);
    expect(d).toMatchObject({ hukouRegion: village2, residenceRegion: village, hukouResidenceMismatch: true });
    expect(d.timeline.at(-1)).toMatchObject({ kind: 'hukou_change', payload: { fromRegion: village, toRegion: village2 } });
  });
});

describe('correction', () => {
  let child: { eventId: number; personId: number };
  let birthBefore: Awaited<ReturnType<typeof eventRow>>;

  beforeAll(async () => {
    const mother = await createPerson(t, clerk.cookie, { name: '林芳', sex: 'female', birthDate: '1990-01-01', village });
    child = await recordEvent(t, clerk.cookie, { kind: 'birth', occurredOn: '2024-02-10', motherId: mother.id, child: { name: '林小花', sex: 'female' } });
    birthBefore = await eventRow(child.eventId);
  });

  it('corrects name, birth date and ID number; the original stays; the correction points at it', async () => {
    const idNumber = newId('2024-02-12', 'female');
    const res = await postEvent(t, clerk.cookie, {
      kind: 'correction',
      occurredOn: TODAY,
      correctsEventId: child.eventId,
      reason: '出生医学证明登记错误',
      changes: { name: '林晓华', birthDate: '2024-02-12', idNumber },
    });
    expect(res.statusCode, res.body).toBe(201);
    const { eventId } = res.json<{ eventId: number }>();

    const d = await getPerson(t, clerk.cookie, child.personId);
    expect(d).toMatchObject({ name: '林晓华', pinyin: 'linxiaohua', birthDate: '2024-02-12', idNumberMasked: `${idNumber.slice(0, 6)}********${idNumber.slice(-4)}` });

    // The original event is unchanged, row for row; the correction points at it; the original lists it.
    expect(await eventRow(child.eventId)).toEqual(birthBefore);
    const [birth, corr] = [d.timeline.find((e) => e.id === child.eventId)!, d.timeline.find((e) => e.id === eventId)!];
    expect(birth).toMatchObject({ kind: 'birth', occurredOn: '2024-02-10', correctsEventId: null, correctedBy: [eventId] });
    expect(corr).toMatchObject({ kind: 'correction', occurredOn: TODAY, correctsEventId: child.eventId, correctedBy: [], participants: birth.participants });
    // The payload, kept forever, holds the masked ID only (and no name).
    expect(corr.payload).toEqual({ reason: '出生医学证明登记错误', changes: { name: true, birthDate: '2024-02-12', idNumber: `${idNumber.slice(0, 6)}********${idNumber.slice(-4)}` } });
    const stored = await eventRow(eventId);
    expect(JSON.stringify(stored.payload)).not.toContain(idNumber);
    expect(JSON.stringify(stored.payload)).not.toContain('林晓华');
    const full = await t.request('GET', `/api/v1/persons/${child.personId}`, { cookie: clerk.cookie });
    expect(full.body).not.toContain(idNumber);

    // The new ID is searchable through the blind index.
    const found = await t.request('GET', `/api/v1/persons?idNumber=${idNumber}`, { cookie: clerk.cookie });
    expect(found.json<{ items: { id: number }[] }>().items.map((p) => p.id)).toEqual([child.personId]);
  });

  it('a second correction of the same event is listed too; a correction cannot itself be corrected', async () => {
    const second = await recordEvent(t, clerk.cookie, { kind: 'correction', occurredOn: TODAY, correctsEventId: child.eventId, reason: '民族登记错误', changes: { ethnicity: '02' } });
    const d = await getPerson(t, clerk.cookie, child.personId);
    expect(d.ethnicity).toBe('02');
    const birth = d.timeline.find((e: VitalEventView) => e.id === child.eventId)!;
    expect(birth.correctedBy).toHaveLength(2);
    expect(birth.correctedBy.at(-1)).toBe(second.eventId);
    const res = await postEvent(t, clerk.cookie, { kind: 'correction', occurredOn: TODAY, correctsEventId: second.eventId, reason: '再更正', changes: { name: '林某' } });
    expectApiError(res, 422, 'CORRECT_THE_ORIGINAL');
  });

  it('correcting a birth event’s date moves the birth date; correcting a death event’s date moves the death date', async () => {
    const mother = await createPerson(t, clerk.cookie, { name: '杨柳', sex: 'female', birthDate: '1990-01-01', village });
    const b = await recordEvent(t, clerk.cookie, { kind: 'birth', occurredOn: '2023-05-05', motherId: mother.id, child: { name: '杨一', sex: 'male' } });
    await recordEvent(t, clerk.cookie, { kind: 'correction', occurredOn: TODAY, correctsEventId: b.eventId, reason: '日期录入错误', changes: { occurredOn: '2023-05-04' } });
    expect((await getPerson(t, clerk.cookie, b.personId)).birthDate).toBe('2023-05-04');

    const old = await createPerson(t, clerk.cookie, { name: '杨老', sex: 'male', birthDate: '1930-01-01', village });
    const death = await recordEvent(t, clerk.cookie, { kind: 'death', occurredOn: '2025-01-10', personId: old.id });
    await recordEvent(t, clerk.cookie, { kind: 'correction', occurredOn: TODAY, correctsEventId: death.eventId, reason: '死亡日期有误', changes: { occurredOn: '2025-01-09' } });
    expect((await getPerson(t, clerk.cookie, old.id)).deathDate).toBe('2025-01-09');
  });

  it('a corrected ID must agree with sex and birth date, and be unique', async () => {
    const wrongSex = newId('2024-02-12', 'male');
    expectApiError(await postEvent(t, clerk.cookie, { kind: 'correction', occurredOn: TODAY, correctsEventId: child.eventId, reason: '身份证号有误', changes: { idNumber: wrongSex } }), 422, 'ID_SEX_MISMATCH');
    const wrongDate = newId('2024-02-13', 'female');
    expectApiError(await postEvent(t, clerk.cookie, { kind: 'correction', occurredOn: TODAY, correctsEventId: child.eventId, reason: '身份证号有误', changes: { idNumber: wrongDate } }), 422, 'ID_BIRTH_DATE_MISMATCH');
    const other = await createPerson(t, clerk.cookie, { name: '路人', sex: 'female', birthDate: '2024-02-12', village });
    const res = await postEvent(t, clerk.cookie, { kind: 'correction', occurredOn: TODAY, correctsEventId: child.eventId, reason: '身份证号有误', changes: { idNumber: other.idNumber } });
    expectApiError(res, 409, 'DUPLICATE_ID_NUMBER');
    expect(res.body).not.toContain(other.idNumber!);
  });

  it('a birth date or sex correction must agree with the ID number already on file', async () => {
    // 林晓华 has an ID saying 2024-02-12, female: changing only the birth date or sex would contradict it.
    expectApiError(await postEvent(t, clerk.cookie, { kind: 'correction', occurredOn: TODAY, correctsEventId: child.eventId, reason: '出生日期有误', changes: { birthDate: '2024-02-11' } }), 422, 'ID_BIRTH_DATE_MISMATCH');
    expectApiError(await postEvent(t, clerk.cookie, { kind: 'correction', occurredOn: TODAY, correctsEventId: child.eventId, reason: '性别有误', changes: { sex: 'male' } }), 422, 'ID_SEX_MISMATCH');
    const d = await getPerson(t, clerk.cookie, child.personId);
    expect(d).toMatchObject({ birthDate: '2024-02-12', sex: 'female' });
  });

  it('an unknown event answers 404', async () => {
    expectApiError(await postEvent(t, clerk.cookie, { kind: 'correction', occurredOn: TODAY, correctsEventId: 987654, reason: '不存在', changes: { name: '某' } }), 404, 'NOT_FOUND');
  });
});
