import {
  assertEventNotAfterDeath, assertMarriageAge, assertMotherAge, assertNotFuture, DomainError, toNamePinyin, type BirthEvent, type CorrectionEvent,
  type DeathEvent, type DivorceEvent, type HukouChangeEvent, type MarriageEvent, type MoveInEvent, type MoveOutEvent, type RecordEventBody,
  type ResidenceChangeEvent,
} from '@renkou/core';
import type { Trx } from '@renkou/db';
import { writeAuditInTrx } from '../../platform/audit';
import { auditBase, requireScope, type AppDeps, type RequestContext } from '../../platform/context';
import { Errors } from '../../platform/errors';
import { retryOnConflict } from '../../platform/retry';
import type { Scope } from '../../platform/scope';
import { childRelationTo, findHouseholdInScope, joinHouseholdInTrx } from './household.repository';
import { protectIdNumber, revealIdNumber } from './id-protection';
import { idIndexTaken, lockPersonsInScope, type PersonRow } from './person.repository';
import { assertInScope, assertRegionExists, auditDenials, duplicateId, insertNewPersonInTrx, linkParentInTrx } from './registry.service';

const t = (zh: string, en: string) => ({ zh, en });

/** Where a person counts on each basis; the statistics derive every flow and stock change from these. */
interface PresenceState {
  present: boolean;
  residence: string;
  hukou: string;
}

interface Recorded {
  personId: number;
  participants: number[];
  regionCode: string;
  payload: Record<string, unknown>;
  correctsEventId?: number;
  /** The person whose presence the event changes (the wife for a marriage or divorce) and their state before it. */
  subject?: { id: number; before: PresenceState | null };
}

function stateOf(p: Pick<PersonRow, 'status' | 'residence_region' | 'hukou_region'>): PresenceState {
  return { present: p.status === 'alive', residence: p.residence_region, hukou: p.hukou_region };
}

interface Env {
  trx: Trx;
  deps: AppDeps;
  scope: Scope;
  today: string;
}

/** Locks every person the event names; any id outside the caller's scope reads as "not found". */
async function lockAll(env: Env, fields: Record<string, number | undefined>): Promise<Record<string, PersonRow>> {
  const wanted = Object.entries(fields).filter((e): e is [string, number] => e[1] !== undefined);
  const rows = await lockPersonsInScope(env.trx, env.scope, [...new Set(wanted.map(([, id]) => id))]);
  const byId = new Map(rows.map((r) => [r.id, r]));
  const out: Record<string, PersonRow> = {};
  for (const [field, id] of wanted) {
    const row = byId.get(id);
    if (!row) throw Errors.notFound(`body.${field}`, id);
    out[field] = row;
  }
  return out;
}

function assertAlive(field: string, p: PersonRow, on: string): void {
  assertEventNotAfterDeath(`body.${field}`, p.death_date, on);
  if (p.status === 'dead') throw new DomainError('PERSON_DEAD', t('此人已死亡', 'this person is dead'), [{ path: `body.${field}`, value: p.id, reason: t('已死亡', 'dead') }], 422);
}

function assertSex(field: string, p: PersonRow, sex: 'male' | 'female'): void {
  if (p.sex !== sex) throw new DomainError('WRONG_SEX', t(sex === 'female' ? '应为女性' : '应为男性', `must be ${sex}`), [{ path: `body.${field}`, value: p.id, reason: t('性别不符', 'wrong sex') }], 422);
}

function assertNotBefore(field: string, p: PersonRow, on: string): void {
  if (on < p.birth_date) throw new DomainError('EVENT_BEFORE_BIRTH', t('事件日期早于出生日期', 'the event is dated before the birth'), [{ path: `body.${field}`, value: on, reason: t(`出生于 ${p.birth_date}`, `born ${p.birth_date}`) }], 422);
}

async function birth(env: Env, e: BirthEvent): Promise<Recorded> {
  // lockAll keys its result by the body's field names.
  const { motherId: mother, fatherId: father } = await lockAll(env, { motherId: e.motherId, fatherId: e.fatherId });
  assertSex('motherId', mother!, 'female');
  assertAlive('motherId', mother!, e.occurredOn);
  assertMotherAge(mother!.birth_date, e.occurredOn);
  if (father) {
    assertSex('fatherId', father, 'male');
    // A father may have died during the pregnancy: up to ~300 days before the birth.
    if (father.death_date && Date.parse(e.occurredOn) - Date.parse(father.death_date) > 300 * 86_400_000) assertAlive('fatherId', father, e.occurredOn);
  }
  const childId = await insertNewPersonInTrx(
    env.trx,
    env.deps,
    env.scope,
    {
      ...(e.child.idNumber ? { idNumber: e.child.idNumber } : {}),
      name: e.child.name,
      sex: e.child.sex,
      birthDate: e.occurredOn,
      ethnicity: e.child.ethnicity ?? mother!.ethnicity,
      hukouRegion: e.child.hukouRegion ?? mother!.hukou_region,
      residenceRegion: e.child.residenceRegion ?? mother!.residence_region,
      residenceType: e.child.residenceType ?? mother!.residence_type,
    },
    'body.child',
  );
  const previous = await env.trx.selectFrom('parent_link').select((eb) => eb.fn.countAll<number>().as('n')).where('parent_id', '=', mother!.id).where('kind', '=', 'mother').executeTakeFirstOrThrow();
  await linkParentInTrx(env.trx, childId, mother!.id, 'mother');
  if (father) await linkParentInTrx(env.trx, childId, father.id, 'father');
  if (e.joinMotherHousehold && mother!.household_id) {
    const m = await env.trx.selectFrom('household_member').select('relation').where('person_id', '=', mother!.id).executeTakeFirst();
    await joinHouseholdInTrx(env.trx, childId, mother!.household_id, childRelationTo(m?.relation), e.occurredOn);
  }
  const child = await env.trx.selectFrom('person').select(['residence_region']).where('id', '=', childId).executeTakeFirstOrThrow();
  return {
    personId: childId,
    participants: [childId, mother!.id, ...(father ? [father.id] : [])],
    regionCode: child.residence_region,
    payload: { motherId: mother!.id, fatherId: father?.id ?? null, sex: e.child.sex, birthOrder: Number(previous.n) + 1 },
    subject: { id: childId, before: null },
  };
}

async function death(env: Env, e: DeathEvent): Promise<Recorded> {
  const { personId: p } = await lockAll(env, { personId: e.personId });
  assertAlive('personId', p!, e.occurredOn);
  assertNotBefore('occurredOn', p!, e.occurredOn);
  await env.trx.updateTable('person').set({ status: 'dead', death_date: e.occurredOn, updated_at: new Date() }).where('id', '=', p!.id).execute();
  const marriage = await env.trx
    .updateTable('marriage')
    .set({ ended_on: e.occurredOn, end_reason: 'death' })
    .where('ended_on', 'is', null)
    .where((eb) => eb.or([eb('husband_id', '=', p!.id), eb('wife_id', '=', p!.id)]))
    .returning(['husband_id', 'wife_id'])
    .executeTakeFirst();
  if (marriage) {
    const spouse = marriage.husband_id === p!.id ? marriage.wife_id : marriage.husband_id;
    await env.trx.updateTable('person').set({ marital_status: 'widowed', updated_at: new Date() }).where('id', '=', spouse).execute();
  }
  return { personId: p!.id, participants: [p!.id], regionCode: p!.residence_region, payload: { place: e.place ?? null, cause: e.cause ?? null }, subject: { id: p!.id, before: stateOf(p!) } };
}

async function marriage(env: Env, e: MarriageEvent): Promise<Recorded> {
  const { husbandId: h, wifeId: w } = await lockAll(env, { husbandId: e.husbandId, wifeId: e.wifeId });
  assertSex('husbandId', h!, 'male');
  assertSex('wifeId', w!, 'female');
  assertAlive('husbandId', h!, e.occurredOn);
  assertAlive('wifeId', w!, e.occurredOn);
  assertMarriageAge('body.husbandId', 'male', h!.birth_date, e.occurredOn);
  assertMarriageAge('body.wifeId', 'female', w!.birth_date, e.occurredOn);
  for (const [field, p] of [['husbandId', h!], ['wifeId', w!]] as const) {
    if (p.marital_status === 'married') {
      throw new DomainError('ALREADY_MARRIED', t('此人已婚，不能再登记结婚', 'this person is already married'), [{ path: `body.${field}`, value: p.id, reason: t('现为已婚', 'currently married') }], 422);
    }
  }
  await env.trx.insertInto('marriage').values({ husband_id: h!.id, wife_id: w!.id, married_on: e.occurredOn }).execute();
  await env.trx.updateTable('person').set({ marital_status: 'married', updated_at: new Date() }).where('id', 'in', [h!.id, w!.id]).execute();
  return { personId: h!.id, participants: [h!.id, w!.id], regionCode: w!.residence_region, payload: { husbandId: h!.id, wifeId: w!.id }, subject: { id: w!.id, before: stateOf(w!) } };
}

async function divorce(env: Env, e: DivorceEvent): Promise<Recorded> {
  const { husbandId: h, wifeId: w } = await lockAll(env, { husbandId: e.husbandId, wifeId: e.wifeId });
  assertAlive('husbandId', h!, e.occurredOn);
  assertAlive('wifeId', w!, e.occurredOn);
  const current = await env.trx.selectFrom('marriage').select(['id', 'married_on']).where('husband_id', '=', h!.id).where('wife_id', '=', w!.id).where('ended_on', 'is', null).executeTakeFirst();
  if (!current) throw new DomainError('NOT_MARRIED', t('两人之间没有有效的婚姻登记', 'these two are not married to each other'), [{ path: 'body.wifeId', value: w!.id, reason: t('无有效婚姻', 'no current marriage') }], 422);
  if (e.occurredOn < current.married_on) throw new DomainError('DIVORCE_BEFORE_MARRIAGE', t('离婚日期早于结婚日期', 'the divorce is dated before the marriage'), [{ path: 'body.occurredOn', value: e.occurredOn, reason: t(`结婚于 ${current.married_on}`, `married ${current.married_on}`) }], 422);
  await env.trx.updateTable('marriage').set({ ended_on: e.occurredOn, end_reason: 'divorce' }).where('id', '=', current.id).execute();
  await env.trx.updateTable('person').set({ marital_status: 'divorced', updated_at: new Date() }).where('id', 'in', [h!.id, w!.id]).execute();
  return { personId: h!.id, participants: [h!.id, w!.id], regionCode: w!.residence_region, payload: { husbandId: h!.id, wifeId: w!.id, marriageId: current.id }, subject: { id: w!.id, before: stateOf(w!) } };
}

async function moveIn(env: Env, e: MoveInEvent): Promise<Recorded> {
  if ((e.personId === undefined) === (e.person === undefined)) {
    throw new DomainError('MOVE_IN_SUBJECT', t('请指定已登记人员或填写新人员信息（二选一）', 'give either personId or person, not both or neither'), [{ path: 'body.personId', value: e.personId ?? null, reason: t('二选一', 'exactly one') }], 400);
  }
  assertInScope(env.scope, e.toRegion, 'body.toRegion');
  await assertRegionExists(env.trx, e.toRegion, 'body.toRegion', 5);
  let personId: number;
  let before: PresenceState | null = null;
  if (e.personId !== undefined) {
    const { personId: p } = await lockAll(env, { personId: e.personId });
    assertAlive('personId', p!, e.occurredOn);
    assertNotBefore('occurredOn', p!, e.occurredOn);
    before = stateOf(p!);
    await env.trx.updateTable('person').set({ hukou_region: e.toRegion, residence_region: e.toRegion, status: 'alive', updated_at: new Date() }).where('id', '=', p!.id).execute();
    personId = p!.id;
  } else {
    assertNotBefore('occurredOn', { birth_date: e.person!.birthDate } as PersonRow, e.occurredOn);
    personId = await insertNewPersonInTrx(env.trx, env.deps, env.scope, { ...e.person!, hukouRegion: e.toRegion, residenceRegion: e.toRegion }, 'body.person');
  }
  if (e.householdId) {
    if (!(await findHouseholdInScope(env.trx, env.scope, e.householdId))) throw Errors.notFound('body.householdId', e.householdId);
    await joinHouseholdInTrx(env.trx, personId, e.householdId, e.relation ?? 'other', e.occurredOn);
  }
  return { personId, participants: [personId], regionCode: e.toRegion, payload: { fromRegion: e.fromRegion ?? null, toRegion: e.toRegion, newToRegistry: e.person !== undefined }, subject: { id: personId, before } };
}

async function moveOut(env: Env, e: MoveOutEvent): Promise<Recorded> {
  const { personId: p } = await lockAll(env, { personId: e.personId });
  assertAlive('personId', p!, e.occurredOn);
  assertNotBefore('occurredOn', p!, e.occurredOn);
  if (p!.status === 'emigrated') throw new DomainError('ALREADY_MOVED_OUT', t('此人已迁出', 'this person has already moved out'), [{ path: 'body.personId', value: p!.id, reason: t('已迁出', 'moved out') }], 422);
  await env.trx.updateTable('person').set({ status: 'emigrated', updated_at: new Date() }).where('id', '=', p!.id).execute();
  return { personId: p!.id, participants: [p!.id], regionCode: p!.hukou_region, payload: { toRegion: e.toRegion ?? null, destination: e.destination ?? null, fromRegion: p!.hukou_region }, subject: { id: p!.id, before: stateOf(p!) } };
}

async function residenceChange(env: Env, e: ResidenceChangeEvent): Promise<Recorded> {
  const { personId: p } = await lockAll(env, { personId: e.personId });
  assertAlive('personId', p!, e.occurredOn);
  assertNotBefore('occurredOn', p!, e.occurredOn);
  await assertRegionExists(env.trx, e.toRegion, 'body.toRegion', 5);
  await env.trx
    .updateTable('person')
    .set({ residence_region: e.toRegion, ...(e.residenceType ? { residence_type: e.residenceType } : {}), updated_at: new Date() })
    .where('id', '=', p!.id)
    .execute();
  return { personId: p!.id, participants: [p!.id], regionCode: e.toRegion, payload: { fromRegion: p!.residence_region, toRegion: e.toRegion }, subject: { id: p!.id, before: stateOf(p!) } };
}

async function hukouChange(env: Env, e: HukouChangeEvent): Promise<Recorded> {
  const { personId: p } = await lockAll(env, { personId: e.personId });
  assertAlive('personId', p!, e.occurredOn);
  assertNotBefore('occurredOn', p!, e.occurredOn);
  await assertRegionExists(env.trx, e.toRegion, 'body.toRegion');
  await env.trx.updateTable('person').set({ hukou_region: e.toRegion, updated_at: new Date() }).where('id', '=', p!.id).execute();
  return { personId: p!.id, participants: [p!.id], regionCode: e.toRegion, payload: { fromRegion: p!.hukou_region, toRegion: e.toRegion }, subject: { id: p!.id, before: stateOf(p!) } };
}

/** A correction is a new event: it names the event it corrects and the fields it changes, and applies them. */
async function correction(env: Env, e: CorrectionEvent): Promise<Recorded> {
  const target = await env.trx.selectFrom('vital_event').select(['id', 'kind', 'person_id', 'participants']).where('id', '=', e.correctsEventId).executeTakeFirst();
  if (!target) throw Errors.notFound('body.correctsEventId', e.correctsEventId);
  const { subject } = await lockAll(env, { subject: target.person_id }).catch(() => {
    throw Errors.notFound('body.correctsEventId', e.correctsEventId);
  });
  if (target.kind === 'correction') throw new DomainError('CORRECT_THE_ORIGINAL', t('请更正原始事件，而不是更正记录', 'correct the original event, not a correction'), [{ path: 'body.correctsEventId', value: target.id, reason: t('这是更正记录', 'this is a correction') }], 422);
  const c = e.changes;
  const p = subject!;
  const set: Record<string, unknown> = {};
  const shown: Record<string, unknown> = {};
  if (c.name !== undefined) {
    Object.assign(set, { name: c.name, pinyin: toNamePinyin(c.name) });
    shown.name = true;
  }
  if (c.sex !== undefined) set.sex = shown.sex = c.sex;
  if (c.ethnicity !== undefined) set.ethnicity = shown.ethnicity = c.ethnicity;
  let birthDate = c.birthDate ?? p.birth_date;
  if (c.occurredOn !== undefined) {
    assertNotFuture('body.changes.occurredOn', c.occurredOn, env.today);
    shown.occurredOn = c.occurredOn;
    if (target.kind === 'birth') birthDate = c.occurredOn;
    if (target.kind === 'death') set.death_date = c.occurredOn;
  }
  if (birthDate !== p.birth_date) {
    assertNotFuture('body.changes.birthDate', birthDate, env.today);
    set.birth_date = birthDate;
    shown.birthDate = birthDate;
  }
  if (c.idNumber !== undefined) {
    const id = protectIdNumber(env.deps.keys, c.idNumber, env.today, 'body.changes.idNumber');
    const owner = await idIndexTaken(env.trx, id.index);
    if (owner && owner.id !== p.id) throw duplicateId('body.changes', id.masked);
    Object.assign(set, { id_number_cipher: id.cipher, id_number_index: id.index, id_number_masked: id.masked });
    // The payload is kept forever: it holds the masked ID only.
    shown.idNumber = id.masked;
    const sex = (set.sex as string | undefined) ?? p.sex;
    if (id.sex !== sex) throw new DomainError('ID_SEX_MISMATCH', t('身份证号的性别位与性别不符', 'the ID number says a different sex'), [{ path: 'body.changes.idNumber', value: id.masked, reason: t('与性别不一致', 'disagrees with sex') }], 422);
    if (id.birthDate !== birthDate) throw new DomainError('ID_BIRTH_DATE_MISMATCH', t('身份证号中的出生日期与出生日期不符', 'the ID number says a different birth date'), [{ path: 'body.changes.idNumber', value: id.masked, reason: t(`出生日期为 ${birthDate}`, `birth date is ${birthDate}`) }], 422);
  }
  if (c.idNumber === undefined && (set.birth_date !== undefined || set.sex !== undefined)) await assertAgreesWithIdOnFile(env, p.id, set, c.birthDate !== undefined ? 'body.changes.birthDate' : 'body.changes.occurredOn');
  if (Object.keys(set).length > 0) await env.trx.updateTable('person').set({ ...set, updated_at: new Date() }).where('id', '=', p.id).execute();
  return { personId: p.id, participants: target.participants.map(Number), regionCode: p.residence_region, payload: { reason: e.reason, changes: shown }, correctsEventId: target.id };
}

/**
 * A birth date or sex corrected without a new ID number must still agree with the ID on file, which
 * encodes both; otherwise the record would contradict itself. The ID is decrypted here for the check
 * only and never leaves the server.
 */
async function assertAgreesWithIdOnFile(env: Env, personId: number, set: Record<string, unknown>, birthField: string): Promise<void> {
  const row = await env.trx.selectFrom('person').select('id_number_cipher').where('id', '=', personId).executeTakeFirstOrThrow();
  if (!row.id_number_cipher) return;
  const onFile = revealIdNumber(env.deps.keys, row.id_number_cipher);
  const sex = Number(onFile[16]) % 2 === 1 ? 'male' : 'female';
  const birthDate = `${onFile.slice(6, 10)}-${onFile.slice(10, 12)}-${onFile.slice(12, 14)}`;
  if (set.sex !== undefined && set.sex !== sex) {
    throw new DomainError('ID_SEX_MISMATCH', t('更正后的性别与已登记的身份证号不符，请同时更正身份证号', 'the corrected sex disagrees with the ID number on file; correct the ID number too'), [{ path: 'body.changes.sex', value: set.sex, reason: t('与身份证号中的性别不一致', 'disagrees with the sex in the ID number') }], 422);
  }
  if (set.birth_date !== undefined && set.birth_date !== birthDate) {
    throw new DomainError('ID_BIRTH_DATE_MISMATCH', t('更正后的出生日期与已登记的身份证号不符，请同时更正身份证号', 'the corrected birth date disagrees with the ID number on file; correct the ID number too'), [{ path: birthField, value: set.birth_date, reason: t('与身份证号中的出生日期不一致', 'disagrees with the birth date in the ID number') }], 422);
  }
}

function apply(env: Env, e: RecordEventBody): Promise<Recorded> {
  switch (e.kind) {
    case 'birth':
      return birth(env, e);
    case 'death':
      return death(env, e);
    case 'marriage':
      return marriage(env, e);
    case 'divorce':
      return divorce(env, e);
    case 'move_in':
      return moveIn(env, e);
    case 'move_out':
      return moveOut(env, e);
    case 'residence_change':
      return residenceChange(env, e);
    case 'hukou_change':
      return hukouChange(env, e);
    case 'correction':
      return correction(env, e);
    default: {
      const never: never = e;
      throw new Error(`unknown event kind ${(never as { kind: string }).kind}`);
    }
  }
}

/** Where an event came from: a clerk, or a partner feed's batch and row. */
export interface EventSource {
  readonly source: string;
  readonly recordedBy: number | null;
  /** Extra payload fields, e.g. the feed record that caused the event. */
  readonly payload?: Record<string, unknown>;
}

/**
 * Applies one event inside the caller's transaction: the rules, the current-state change and the event row
 * (the statistics follow by trigger). Clerks reach it through recordEvent; feed imports call it per record.
 */
export async function recordEventInTrx(trx: Trx, deps: AppDeps, scope: Scope, body: RecordEventBody, origin: EventSource): Promise<{ eventId: number; personId: number; regionCode: string }> {
  const today = deps.today();
  assertNotFuture('body.occurredOn', body.occurredOn, today);
  const r = await apply({ trx, deps, scope, today }, body);
  if (r.subject) {
    const after = await trx.selectFrom('person').select(['status', 'residence_region', 'hukou_region']).where('id', '=', r.subject.id).executeTakeFirstOrThrow();
    r.payload.state = { before: r.subject.before, after: stateOf(after) };
  }
  const event = await trx
    .insertInto('vital_event')
    .values({
      kind: body.kind,
      person_id: r.personId,
      participants: r.participants,
      occurred_on: body.occurredOn,
      region_code: r.regionCode,
      payload: JSON.stringify({ ...origin.payload, ...r.payload }),
      corrects_event_id: r.correctsEventId ?? null,
      source: origin.source,
      recorded_by: origin.recordedBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { eventId: event.id, personId: r.personId, regionCode: r.regionCode };
}

/** Records one vital event: the event row, the current-state change and the audit record in one transaction. */
export async function recordEvent(deps: AppDeps, ctx: RequestContext, body: RecordEventBody): Promise<{ eventId: number; personId: number }> {
  const scope = requireScope(ctx);
  assertNotFuture('body.occurredOn', body.occurredOn, deps.today());
  return auditDenials(deps, ctx, `event.${body.kind}`, 'person', () => retryOnConflict(() => deps.db.transaction().execute(async (trx) => {
    const r = await recordEventInTrx(trx, deps, scope, body, { source: 'registry', recordedBy: ctx.user?.id ?? null });
    await writeAuditInTrx(trx, { ...auditBase(ctx), action: `event.${body.kind}`, objectType: 'vital_event', objectId: r.eventId, outcome: 'success', details: { personId: r.personId } });
    return { eventId: r.eventId, personId: r.personId };
  })));
}
