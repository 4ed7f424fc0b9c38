import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idFor, startTestApp, type TestApp, type TestUser } from '../../../test/harness';

let t: TestApp;
let clerk: TestUser;
let village: string;

beforeAll(async () => {
  t = await startTestApp({ today: '2025-06-30' });
  village = await t.village('330522001');
  clerk = await t.user('township_officer', '330522001');
});
afterAll(() => t.close());

describe('registry smoke', () => {
  it('registers a person and finds them by ID and by name', async () => {
    const idNumber = await idFor('330522', '1990-03-04', 'female');
    const res = await t.request('POST', '/api/v1/persons', {
      cookie: clerk.cookie,
      body: { idNumber, name: '王芳', sex: 'female', birthDate: '1990-03-04', hukouRegion: village, residenceRegion: village, residenceType: 'rural' },
    });
    expect(res.statusCode, res.body).toBe(201);
    const person = res.json();
    expect(person.idNumberMasked).toBe(`${idNumber.slice(0, 6)}********${idNumber.slice(-4)}`);
    const byId = await t.request('GET', `/api/v1/persons?idNumber=${idNumber}`, { cookie: clerk.cookie });
    expect(byId.json().items.map((p: { id: number }) => p.id)).toEqual([person.id]);
    const byPinyin = await t.request('GET', `/api/v1/persons?q=wangf`, { cookie: clerk.cookie });
    expect(byPinyin.json().total).toBe(1);
  });
});
