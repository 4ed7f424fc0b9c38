/**
 * Shared set-up for the registry's integration tests (*.int.test.ts in this folder). Everything goes
 * through the real HTTP API and the real database; nothing here is used by the server itself.
 */
import { buildIdNumber, type ApiError, type HouseholdDetail, type PersonDetail, type RecordEventResult } from '@renkou/core';
import type { LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { expect } from 'vitest';
import type { z } from 'zod';
import type { TestApp } from '../../../test/harness';

/** The injected "today" of every registry test app. */
export const TODAY = '2025-06-30';

/**
 * A valid ID number that no other call in this test file returns. (The harness's idFor can return the
 * same ID twice: its parity adjustment makes consecutive calls for alternating sexes collide.)
 */
const nextSequence = { male: 1, female: 0 };
export function newId(birthDate: string, sex: 'male' | 'female', county = '330522'): string {
  const s = nextSequence[sex];
  if (s > 999) throw new Error('newId: out of sequence numbers');
  nextSequence[sex] = s + 2;
  return buildIdNumber(county, birthDate, s);
}

export interface PersonSpec {
  name: string;
  sex: 'male' | 'female';
  birthDate: string;
  village: string;
  hukouRegion?: string;
  /** false: register without an ID number; a string: that ID; default: a valid ID built for the person. */
  idNumber?: string | false;
  motherId?: number;
  fatherId?: number;
  householdId?: number;
  relation?: string;
  maritalStatus?: string;
  residenceType?: 'rural' | 'urban';
}

export interface Created {
  readonly id: number;
  readonly idNumber: string | undefined;
  readonly detail: PersonDetail;
  readonly res: LightMyRequestResponse;
}

export function personBody(spec: PersonSpec, idNumber: string | undefined): Record<string, unknown> {
  return {
    ...(idNumber ? { idNumber } : {}),
    name: spec.name,
    sex: spec.sex,
    birthDate: spec.birthDate,
    hukouRegion: spec.hukouRegion ?? spec.village,
    residenceRegion: spec.village,
    residenceType: spec.residenceType ?? 'rural',
    ...(spec.maritalStatus ? { maritalStatus: spec.maritalStatus } : {}),
    ...(spec.motherId ? { motherId: spec.motherId } : {}),
    ...(spec.fatherId ? { fatherId: spec.fatherId } : {}),
    ...(spec.householdId ? { householdId: spec.householdId } : {}),
    ...(spec.relation ? { relation: spec.relation } : {}),
  };
}

/** Registers a person through POST /api/v1/persons and insists on 201. */
export async function createPerson(t: TestApp, cookie: string, spec: PersonSpec): Promise<Created> {
  const idNumber = spec.idNumber === false ? undefined : (spec.idNumber ?? newId(spec.birthDate, spec.sex));
  const res = await t.request('POST', '/api/v1/persons', { cookie, body: personBody(spec, idNumber) });
  expect(res.statusCode, res.body).toBe(201);
  const detail = res.json<PersonDetail>();
  return { id: detail.id, idNumber, detail, res };
}

export async function createHousehold(t: TestApp, cookie: string, regionCode: string, headPersonId?: number): Promise<HouseholdDetail> {
  const res = await t.request('POST', '/api/v1/households', { cookie, body: { regionCode, address: '幸福路 1 号', ...(headPersonId ? { headPersonId } : {}) } });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<HouseholdDetail>();
}

export function postEvent(t: TestApp, cookie: string, body: unknown): Promise<LightMyRequestResponse> {
  return t.request('POST', '/api/v1/events', { cookie, body });
}

/** Records an event and insists on 201. */
export async function recordEvent(t: TestApp, cookie: string, body: Record<string, unknown>): Promise<z.infer<typeof RecordEventResult>> {
  const res = await postEvent(t, cookie, body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json<z.infer<typeof RecordEventResult>>();
}

export async function getPerson(t: TestApp, cookie: string, id: number): Promise<PersonDetail> {
  const res = await t.request('GET', `/api/v1/persons/${id}`, { cookie });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<PersonDetail>();
}

/**
 * Checks the one error shape of the API: `{code, message:{zh,en}, details:[{path, value, reason:{zh,en}}]}`.
 * With `withDetails`, at least one detail is required and each must carry a value.
 */
export function expectApiError(res: LightMyRequestResponse, status: number, code: string, withDetails = true): ApiError {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.statusCode).toBeLessThan(500);
  const body = res.json<ApiError>();
  expect(body.code, res.body).toBe(code);
  expect(body.message.zh.length).toBeGreaterThan(0);
  expect(body.message.en.length).toBeGreaterThan(0);
  expect(Array.isArray(body.details)).toBe(true);
  if (withDetails) expect(body.details.length, res.body).toBeGreaterThan(0);
  for (const d of body.details) {
    expect(typeof d.path).toBe('string');
    expect(d.reason.zh.length).toBeGreaterThan(0);
    expect(d.reason.en.length).toBeGreaterThan(0);
    if (withDetails) expect(d, res.body).toHaveProperty('value');
  }
  expect(res.body).not.toMatch(/\bat .*\.ts:\d+/); // no stack traces
  return body;
}

export interface Counts {
  person: number;
  vital_event: number;
  marriage: number;
  parent_link: number;
  household: number;
  household_member: number;
  audit_log: number;
}

export async function counts(t: TestApp): Promise<Counts> {
  const { rows } = await sql<Counts>`
    SELECT (SELECT count(*)::int FROM person) AS person,
           (SELECT count(*)::int FROM vital_event) AS vital_event,
           (SELECT count(*)::int FROM marriage) AS marriage,
           (SELECT count(*)::int FROM parent_link) AS parent_link,
           (SELECT count(*)::int FROM household) AS household,
           (SELECT count(*)::int FROM household_member) AS household_member,
           (SELECT count(*)::int FROM audit_log) AS audit_log`.execute(t.db.db);
  return rows[0]!;
}

/** A snapshot of every person's current state, to show a refused write changed nothing. */
export async function personState(t: TestApp): Promise<unknown[]> {
  return t.db.db
    .selectFrom('person')
    .select(['id', 'name', 'sex', 'birth_date', 'status', 'death_date', 'marital_status', 'hukou_region', 'residence_region', 'household_id', 'id_number_masked'])
    .orderBy('id')
    .execute();
}

/** The id of the newest audit record; pass it to auditSince to read what one call wrote. */
export async function auditMark(t: TestApp): Promise<number> {
  const r = await t.db.db.selectFrom('audit_log').select((eb) => eb.fn.max('id').as('m')).executeTakeFirst();
  return Number(r?.m ?? 0);
}

export function auditSince(t: TestApp, mark: number) {
  return t.db.db
    .selectFrom('audit_log')
    .select(['id', 'user_id', 'action', 'object_type', 'object_id', 'outcome', 'reason', 'details'])
    .where('id', '>', mark)
    .orderBy('id')
    .execute();
}

/** The 15-digit spelling of an 18-character ID of someone born in the 1900s. */
export function to15(id18: string): string {
  return `${id18.slice(0, 6)}${id18.slice(8, 17)}`;
}

/** The same ID with a wrong check character. */
export function withWrongCheck(id18: string): string {
  const last = id18[17]!;
  return `${id18.slice(0, 17)}${last === '0' ? '1' : '0'}`;
}
