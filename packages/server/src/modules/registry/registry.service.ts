import { assertEventNotAfterDeath, assertMotherAge, assertNotFuture, DomainError, toNamePinyin, type CreateHouseholdBody, type CreatePersonBody, type HouseholdDetail, type PersonDetail, type PersonInput, type PersonSearchQuery } from '@renkou/core';
import type { Trx } from '@renkou/db';
import { auditReadInTrx, writeAudit, writeAuditInTrx } from '../../platform/audit';
import { auditBase, requireScope, type AppDeps, type RequestContext } from '../../platform/context';
import { Errors } from '../../platform/errors';
import { regionInScope, type Scope } from '../../platform/scope';
import { findHouseholdInScope, insertHouseholdInTrx, joinHouseholdInTrx, membersOf } from './household.repository';
import { idIndexOf, protectIdNumber, revealIdNumber } from './id-protection';
import {
  childrenOf, currentSpouseOf, findIdCipherInScope, findPersonInScope, findPersonsInScope, householdMembershipOf, idIndexTaken,
  insertPersonInTrx, parentsOf, searchByIdIndex, searchByName, timelineOf,
} from './person.repository';
import { presentPersonDetail, presentPersonSummary } from './registry.presenter';

const t = (zh: string, en: string) => ({ zh, en });

export async function assertRegionExists(trx: Trx, code: string, field: string, level?: number): Promise<void> {
  const r = await trx.selectFrom('region').select(['level']).where('code', '=', code).executeTakeFirst();
  if (!r) throw new DomainError('REGION_UNKNOWN', t('区划代码不存在', 'no such region'), [{ path: field, value: code, reason: t('未知区划', 'unknown region') }], 422);
  if (level !== undefined && r.level !== level) throw new DomainError('REGION_LEVEL', t(`应为第 ${level} 级区划`, `must be a level-${level} region`), [{ path: field, value: code, reason: t('级别不对', 'wrong level') }], 422);
}

export function assertInScope(scope: Scope, code: string, field: string): void {
  if (!regionInScope(scope, code)) {
    throw new DomainError('OUT_OF_SCOPE', t('该区划不在您的管辖范围内', 'that region is outside your scope'), [{ path: field, value: code, reason: t('超出管辖范围', 'outside your region') }], 403);
  }
}

/**
 * Inserts a person from clerk input inside the caller's transaction: checks the ID, its agreement with
 * sex and birth date, uniqueness, regions and dates. Used by registration, birth and move-in.
 */
export async function insertNewPersonInTrx(trx: Trx, deps: AppDeps, scope: Scope, input: Omit<PersonInput, 'ethnicity' | 'maritalStatus'> & { ethnicity?: string; maritalStatus?: PersonInput['maritalStatus'] }, field: string): Promise<number> {
  const today = deps.today();
  assertNotFuture(`${field}.birthDate`, input.birthDate, today);
  assertInScope(scope, input.residenceRegion, `${field}.residenceRegion`);
  await assertRegionExists(trx, input.residenceRegion, `${field}.residenceRegion`, 5);
  await assertRegionExists(trx, input.hukouRegion, `${field}.hukouRegion`);
  let id: ReturnType<typeof protectIdNumber> | undefined;
  if (input.idNumber) {
    id = protectIdNumber(deps.keys, input.idNumber, today, `${field}.idNumber`);
    if (id.sex !== input.sex) throw new DomainError('ID_SEX_MISMATCH', t('身份证号的性别位与性别不符', 'the ID number says a different sex'), [{ path: `${field}.sex`, value: input.sex, reason: t('与身份证号不一致', 'disagrees with the ID number') }], 422);
    if (id.birthDate !== input.birthDate) throw new DomainError('ID_BIRTH_DATE_MISMATCH', t('身份证号中的出生日期与出生日期不符', 'the ID number says a different birth date'), [{ path: `${field}.birthDate`, value: input.birthDate, reason: t(`身份证号为 ${id.birthDate}`, `the ID number says ${id.birthDate}`) }], 422);
    if (await idIndexTaken(trx, id.index)) throw duplicateId(field, id.masked);
  }
  try {
    const row = await insertPersonInTrx(trx, {
      id_number_cipher: id?.cipher ?? null,
      id_number_index: id?.index ?? null,
      id_number_masked: id?.masked ?? null,
      name: input.name,
      pinyin: toNamePinyin(input.name),
      sex: input.sex,
      birth_date: input.birthDate,
      ethnicity: input.ethnicity ?? '01',
      hukou_region: input.hukouRegion,
      residence_region: input.residenceRegion,
      residence_type: input.residenceType,
      marital_status: input.maritalStatus ?? 'unmarried',
    });
    return row.id;
  } catch (error) {
    // Two clerks registering the same ID at once: the unique blind index decides.
    if ((error as { constraint?: string }).constraint === 'person_id_number_index_key') throw duplicateId(field, id?.masked ?? '');
    throw error;
  }
}

export function duplicateId(field: string, masked: string): DomainError {
  return new DomainError('DUPLICATE_ID_NUMBER', t('该身份证号已登记', 'a person with this ID number is already registered'), [{ path: `${field}.idNumber`, value: masked, reason: t('重复', 'duplicate') }], 409);
}

export async function linkParentInTrx(trx: Trx, childId: number, parentId: number, kind: 'mother' | 'father'): Promise<void> {
  await trx.insertInto('parent_link').values({ child_id: childId, parent_id: parentId, kind }).execute();
}

/** What the refused id in an error detail names, judged by the field it came in. */
function deniedObjectType(path: string, fallback: string): string {
  if (/householdId$/.test(path)) return 'household';
  if (/correctsEventId$/.test(path)) return 'vital_event';
  if (/(person|mother|father|husband|wife|headPerson)Id$|^motherId\/fatherId$/.test(path)) return 'person';
  if (/region/i.test(path)) return 'region';
  return fallback;
}

/**
 * A write refused because a record is missing or outside the caller's scope (NOT_FOUND, OUT_OF_SCOPE)
 * rolls back, then leaves one 'denied' audit record of its own — as reads do — so probing other
 * regions shows up in the log. Other refusals (business rules) change nothing and are not audited.
 */
export async function auditDenials<T>(deps: AppDeps, ctx: RequestContext, action: string, objectType: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof DomainError && (error.code === 'NOT_FOUND' || error.code === 'OUT_OF_SCOPE')) {
      const detail = error.details[0];
      const objectId = typeof detail?.value === 'number' || typeof detail?.value === 'string' ? detail.value : null;
      await writeAudit(deps.db, { ...auditBase(ctx), action, objectType: deniedObjectType(detail?.path ?? '', objectType), objectId, outcome: 'denied', details: { code: error.code, path: detail?.path ?? null } });
    }
    throw error;
  }
}

/** The same checks a birth makes of its parents, for a person registered with parents already on file. */
function assertParentsPlausible(parents: readonly { id: number; sex: 'male' | 'female'; birth_date: string; death_date: string | null }[], body: CreatePersonBody): void {
  const mother = parents.find((p) => p.id === body.motherId);
  const father = parents.find((p) => p.id === body.fatherId);
  if (mother) {
    if (mother.sex !== 'female') throw new DomainError('WRONG_SEX', t('母亲应为女性', 'the mother must be female'), [{ path: 'body.motherId', value: mother.id, reason: t('性别不符', 'wrong sex') }], 422);
    assertMotherAge(mother.birth_date, body.birthDate);
    if (mother.death_date && mother.death_date < body.birthDate) assertEventNotAfterDeath('body.motherId', mother.death_date, body.birthDate);
  }
  if (father) {
    if (father.sex !== 'male') throw new DomainError('WRONG_SEX', t('父亲应为男性', 'the father must be male'), [{ path: 'body.fatherId', value: father.id, reason: t('性别不符', 'wrong sex') }], 422);
    if (father.birth_date >= body.birthDate) throw new DomainError('FATHER_TOO_YOUNG', t('父亲出生晚于子女', 'the father was born after the child'), [{ path: 'body.fatherId', value: father.id, reason: t('出生日期不合理', 'implausible birth date') }], 422);
  }
}

export async function createPerson(deps: AppDeps, ctx: RequestContext, body: CreatePersonBody): Promise<PersonDetail> {
  const scope = requireScope(ctx);
  const id = await auditDenials(deps, ctx, 'person.create', 'person', () => deps.db.transaction().execute(async (trx) => {
    const parents = [body.motherId, body.fatherId].filter((x): x is number => x !== undefined);
    const found = await findPersonsInScope(trx, scope, parents);
    if (found.length !== new Set(parents).size) throw Errors.notFound('body.motherId/body.fatherId', parents.join(','));
    assertParentsPlausible(found, body);
    const personId = await insertNewPersonInTrx(trx, deps, scope, body, 'body');
    if (body.motherId) await linkParentInTrx(trx, personId, body.motherId, 'mother');
    if (body.fatherId) await linkParentInTrx(trx, personId, body.fatherId, 'father');
    if (body.householdId) {
      if (!(await findHouseholdInScope(trx, scope, body.householdId))) throw Errors.notFound('householdId', body.householdId);
      await joinHouseholdInTrx(trx, personId, body.householdId, body.relation ?? 'other', deps.today());
    }
    await writeAuditInTrx(trx, { ...auditBase(ctx), action: 'person.create', objectType: 'person', objectId: personId, outcome: 'success' });
    return personId;
  }));
  return loadDetail(deps, scope, id);
}

async function loadDetail(deps: AppDeps, scope: Scope, id: number): Promise<PersonDetail> {
  const p = await findPersonInScope(deps.db, scope, id);
  if (!p) throw Errors.notFound('id', id);
  const [household, parents, children, spouse, timeline] = await Promise.all([
    householdMembershipOf(deps.db, id),
    parentsOf(deps.db, scope, id),
    childrenOf(deps.db, scope, id),
    currentSpouseOf(deps.db, scope, id),
    timelineOf(deps.db, id),
  ]);
  return presentPersonDetail(p, { household, parents, children, spouse, timeline });
}

async function denied(deps: AppDeps, ctx: RequestContext, action: string, objectType: string, id: number): Promise<never> {
  await writeAudit(deps.db, { ...auditBase(ctx), action, objectType, objectId: id, outcome: 'denied' });
  throw Errors.notFound('id', id);
}

/** Reading a person's record is audited in the same transaction as the read. */
export async function getPerson(deps: AppDeps, ctx: RequestContext, id: number): Promise<PersonDetail> {
  const scope = requireScope(ctx);
  const detail = await deps.db.transaction().execute(async (trx) => {
    if (!(await findPersonInScope(trx, scope, id))) return undefined;
    await auditReadInTrx(trx, { ...auditBase(ctx), action: 'person.read', objectType: 'person', objectId: id, outcome: 'success' });
    return true;
  });
  if (!detail) return denied(deps, ctx, 'person.read', 'person', id);
  return loadDetail(deps, scope, id);
}

export async function searchPersons(deps: AppDeps, ctx: RequestContext, query: PersonSearchQuery) {
  const scope = requireScope(ctx);
  const okUser = deps.limiter.hit(`search:user:${ctx.user!.id}`, deps.security.searchPerMinute, 60_000);
  const okIp = deps.limiter.hit(`search:ip:${ctx.ip}`, deps.security.searchPerMinute * 4, 60_000);
  if (!okUser || !okIp) {
    await writeAudit(deps.db, { ...auditBase(ctx), action: 'rate_limit.exceeded', objectType: 'person_search', outcome: 'denied' });
    throw Errors.rateLimited();
  }
  if (query.region) await auditDenials(deps, ctx, 'person.search', 'person', async () => assertInScope(scope, query.region!, 'query.region'));
  return deps.db.transaction().execute(async (trx) => {
    let rows;
    let total;
    let by: string;
    if (query.idNumber) {
      by = 'id_number';
      rows = await searchByIdIndex(trx, scope, idIndexOf(deps.keys, query.idNumber, deps.today()));
      total = rows.length;
    } else {
      by = 'name';
      ({ rows, total } = await searchByName(trx, scope, query.q!, query.region, query.includeInactive, query.page, query.pageSize));
    }
    // The search terms are personal data: the record says how the search was made and what it found, not what was typed.
    await auditReadInTrx(trx, { ...auditBase(ctx), action: 'person.search', objectType: 'person', objectId: rows.length === 1 ? rows[0]!.id : null, outcome: 'success', details: { by, results: total } });
    return { items: rows.map(presentPersonSummary), total, page: query.page, pageSize: query.pageSize };
  });
}

export async function revealId(deps: AppDeps, ctx: RequestContext, id: number, reason: string): Promise<{ idNumber: string }> {
  const scope = requireScope(ctx);
  if (!deps.limiter.hit(`reveal:user:${ctx.user!.id}`, deps.security.revealPerHour, 3600_000)) {
    await writeAudit(deps.db, { ...auditBase(ctx), action: 'rate_limit.exceeded', objectType: 'person', objectId: id, outcome: 'denied', reason });
    throw Errors.rateLimited();
  }
  const result = await deps.db.transaction().execute(async (trx) => {
    const row = await findIdCipherInScope(trx, scope, id);
    if (!row) return undefined;
    if (!row.id_number_cipher) throw new DomainError('NO_ID_NUMBER', t('此人尚无身份证号', 'this person has no ID number yet'), [{ path: 'id', value: id, reason: t('无身份证号', 'no ID number') }], 404);
    await writeAuditInTrx(trx, { ...auditBase(ctx), action: 'person.reveal_id', objectType: 'person', objectId: id, outcome: 'success', reason });
    return { idNumber: revealIdNumber(deps.keys, row.id_number_cipher) };
  });
  if (!result) return denied(deps, ctx, 'person.reveal_id', 'person', id);
  return result;
}

export async function createHousehold(deps: AppDeps, ctx: RequestContext, body: CreateHouseholdBody): Promise<HouseholdDetail> {
  const scope = requireScope(ctx);
  const id = await auditDenials(deps, ctx, 'household.create', 'household', () => deps.db.transaction().execute(async (trx) => {
    assertInScope(scope, body.regionCode, 'body.regionCode');
    await assertRegionExists(trx, body.regionCode, 'body.regionCode', 5);
    const h = await insertHouseholdInTrx(trx, { region_code: body.regionCode, address: body.address, kind: body.kind });
    if (body.headPersonId) {
      if (!(await findPersonInScope(trx, scope, body.headPersonId))) throw Errors.notFound('body.headPersonId', body.headPersonId);
      await joinHouseholdInTrx(trx, body.headPersonId, h.id, 'head', deps.today());
    }
    await writeAuditInTrx(trx, { ...auditBase(ctx), action: 'household.create', objectType: 'household', objectId: h.id, outcome: 'success' });
    return h.id;
  }));
  return loadHousehold(deps, scope, id);
}

async function loadHousehold(deps: AppDeps, scope: Scope, id: number): Promise<HouseholdDetail> {
  const h = await findHouseholdInScope(deps.db, scope, id);
  if (!h) throw Errors.notFound('id', id);
  const members = await membersOf(deps.db, scope, id);
  return {
    id: h.id,
    householdNumber: h.household_number,
    regionCode: h.region_code,
    address: h.address,
    kind: h.kind,
    members: members.map((m) => ({ ...presentPersonSummary({ ...m, ethnicity: '', residence_type: 'rural', marital_status: 'unmarried', death_date: null, household_id: id }), relation: m.relation, joinedOn: m.joined_on })),
  };
}

export async function getHousehold(deps: AppDeps, ctx: RequestContext, id: number): Promise<HouseholdDetail> {
  const scope = requireScope(ctx);
  const found = await deps.db.transaction().execute(async (trx) => {
    if (!(await findHouseholdInScope(trx, scope, id))) return false;
    await auditReadInTrx(trx, { ...auditBase(ctx), action: 'household.read', objectType: 'household', objectId: id, outcome: 'success' });
    return true;
  });
  if (!found) return denied(deps, ctx, 'household.read', 'household', id);
  return loadHousehold(deps, scope, id);
}

export async function addMember(deps: AppDeps, ctx: RequestContext, householdId: number, body: { personId: number; relation: string; joinedOn?: string | undefined }): Promise<HouseholdDetail> {
  const scope = requireScope(ctx);
  await auditDenials(deps, ctx, 'household.add_member', 'household', () => deps.db.transaction().execute(async (trx) => {
    if (!(await findHouseholdInScope(trx, scope, householdId))) throw Errors.notFound('id', householdId);
    if (!(await findPersonInScope(trx, scope, body.personId))) throw Errors.notFound('body.personId', body.personId);
    const joinedOn = body.joinedOn ?? deps.today();
    assertNotFuture('body.joinedOn', joinedOn, deps.today());
    if (body.relation === 'head') {
      const head = await trx.selectFrom('household_member').select('person_id').where('household_id', '=', householdId).where('relation', '=', 'head').executeTakeFirst();
      if (head && head.person_id !== body.personId) throw new DomainError('HOUSEHOLD_HAS_HEAD', t('该户已有户主', 'the household already has a head'), [{ path: 'body.relation', value: 'head', reason: t('户主唯一', 'only one head') }], 409);
    }
    await joinHouseholdInTrx(trx, body.personId, householdId, body.relation, joinedOn);
    await writeAuditInTrx(trx, { ...auditBase(ctx), action: 'household.add_member', objectType: 'household', objectId: householdId, outcome: 'success', details: { personId: body.personId } });
  }));
  return loadHousehold(deps, scope, householdId);
}
