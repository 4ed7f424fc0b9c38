import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, type TestUser } from '../../../test/harness';
import { counts, createPerson, expectApiError, newId, personBody, TODAY } from './registry.fixtures';

let t: TestApp;
let clerk: TestUser;
let village: string;

beforeAll(async () => {
  t = await startTestApp({ today: TODAY });
  village = await t.village('330522001', 1);
  clerk = await t.user('township_officer', '330522001');
});
afterAll(() => t.close());

/** Registering a person with parents on file checks the parents the way a birth does. */
describe('registering a person with parents', () => {
  it('links a plausible mother and father', async () => {
    const mother = await createPerson(t, clerk.cookie, { name: '周敏', sex: 'female', birthDate: '1985-03-03', village });
    const father = await createPerson(t, clerk.cookie, { name: '吴强', sex: 'male', birthDate: '1983-04-04', village });
    const child = await createPerson(t, clerk.cookie, { name: '吴小明', sex: 'male', birthDate: '2012-05-05', village, motherId: mother.id, fatherId: father.id });
    expect(child.detail.mother?.id).toBe(mother.id);
    expect(child.detail.father?.id).toBe(father.id);
  });

  it.each([
    ['a man as mother', 'male', '1985-01-01', '2012-01-01', 'WRONG_SEX'],
    ['a mother aged 8 at the birth', 'female', '2004-01-01', '2012-01-01', 'MOTHER_TOO_YOUNG'],
    ['a mother aged 61 at the birth', 'female', '1950-01-01', '2012-01-01', 'MOTHER_TOO_OLD'],
  ] as const)('refuses %s and changes nothing', async (_label, sex, parentBirth, childBirth, code) => {
    const parent = await createPerson(t, clerk.cookie, { name: '郑某', sex, birthDate: parentBirth, village });
    const before = await counts(t);
    const res = await t.request('POST', '/api/v1/persons', {
      cookie: clerk.cookie,
      body: personBody({ name: '郑小某', sex: 'female', birthDate: childBirth, village, motherId: parent.id }, newId(childBirth, 'female')),
    });
    const body = expectApiError(res, 422, code);
    expect(body.details.map((d) => d.path)).toContain('body.motherId');
    expect({ ...(await counts(t)), audit_log: 0 }).toEqual({ ...before, audit_log: 0 });
  });

  it('refuses a father born after the child', async () => {
    const father = await createPerson(t, clerk.cookie, { name: '冯某', sex: 'male', birthDate: '2013-01-01', village });
    const res = await t.request('POST', '/api/v1/persons', {
      cookie: clerk.cookie,
      body: personBody({ name: '冯小某', sex: 'male', birthDate: '2012-01-01', village, fatherId: father.id }, newId('2012-01-01', 'male')),
    });
    expectApiError(res, 422, 'FATHER_TOO_YOUNG');
  });
});
