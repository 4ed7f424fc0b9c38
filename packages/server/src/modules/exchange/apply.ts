/**
 * Applies one staged feed record to the registry inside the batch's transaction, as registry events with
 * the feed as their source (the same rules as a clerk's events). Returns what happened to the record:
 * applied as a new event (the registry lacked it), confirmed (the registry already said so), or put on
 * the worklist with the reason and the candidates.
 */
import {
  DomainError, type BirthCertificateRecord, type CivilMarriageRecord, type DeathRegistrationRecord, type FeedKind, type LinkThresholds, type PoliceHukouRecord,
  type RecordEventBody,
} from '@renkou/core';
import type { Trx } from '@renkou/db';
import type { AppDeps } from '../../platform/context';
import type { Scope } from '../../platform/scope';
import { recordEventInTrx } from '../registry/events.service';
import { linkPerson, openId, type LinkResult } from './link';
import type { SealedId } from './staging';

export type Applied =
  | { readonly status: 'applied'; readonly outcome: 'new' | 'confirmed'; readonly personId: number | null; readonly eventId: number | null; readonly link: unknown; readonly eventRegion?: string }
  | { readonly status: 'worklist'; readonly outcome: string; readonly personId: null; readonly eventId: null; readonly link: unknown; readonly eventRegion?: undefined };

export interface ApplyEnv {
  readonly trx: Trx;
  readonly deps: AppDeps;
  readonly scope: Scope;
  readonly thresholds: LinkThresholds;
  readonly source: FeedKind;
  readonly recordedBy: number | null;
  readonly feed: { batchId: number; row: number; key: string };
  /** A clerk's worklist decision overrides linking for the record's subject. */
  readonly forced?: { personId: number } | { create: true };
}

const t = (zh: string, en: string) => ({ zh, en });

function worklist(outcome: string, link: unknown): Applied {
  return { status: 'worklist', outcome, personId: null, eventId: null, link };
}

function confirmed(personId: number, link: unknown): Applied {
  return { status: 'applied', outcome: 'confirmed', personId, eventId: null, link };
}

async function event(env: ApplyEnv, body: RecordEventBody, link: unknown): Promise<Applied> {
  const r = await recordEventInTrx(env.trx, env.deps, env.scope, body, { source: env.source, recordedBy: env.recordedBy, payload: { feed: env.feed } });
  return { status: 'applied', outcome: 'new', personId: r.personId, eventId: r.eventId, link, eventRegion: r.regionCode };
}

async function link(env: ApplyEnv, subject: Parameters<typeof linkPerson>[3], sealed: SealedId | undefined): Promise<LinkResult> {
  if (env.forced && 'personId' in env.forced) return { kind: 'match', personId: env.forced.personId, method: 'id', score: 1 };
  return linkPerson(env.trx, env.deps.keys, env.scope, subject, sealed, env.thresholds);
}

function unresolved(r: LinkResult): Applied {
  return worklist(r.kind === 'review' ? 'review' : r.kind === 'outside_scope' ? 'outside_scope' : 'not_found', r);
}

async function personState(env: ApplyEnv, id: number) {
  return env.trx.selectFrom('person').select(['status', 'death_date', 'hukou_region', 'residence_region', 'sex', 'birth_date']).where('id', '=', id).executeTakeFirstOrThrow();
}

export async function applyDeath(env: ApplyEnv, r: DeathRegistrationRecord, ids: Record<string, SealedId>): Promise<Applied> {
  const l = await link(env, { name: r.name, sex: r.sex, birthDate: r.birthDate, idNumber: openId(env.deps.keys, ids.idNumber), region: r.residenceRegion }, ids.idNumber);
  if (l.kind !== 'match') return unresolved(l);
  const p = await personState(env, l.personId);
  if (p.status === 'dead') return p.death_date === r.deathDate ? confirmed(l.personId, l) : worklist('death_date_differs', { ...l, registry: p.death_date });
  return event(env, { kind: 'death', occurredOn: r.deathDate, personId: l.personId, ...(r.place ? { place: r.place } : {}), cause: r.cause }, l);
}

export async function applyPolice(env: ApplyEnv, r: PoliceHukouRecord, ids: Record<string, SealedId>): Promise<Applied> {
  const subject = { name: r.name, sex: r.sex, birthDate: r.birthDate, idNumber: openId(env.deps.keys, ids.idNumber), region: r.toRegion ?? r.fromRegion };
  const create = env.forced && 'create' in env.forced;
  const l = create ? ({ kind: 'none' } as const) : await link(env, subject, ids.idNumber);
  if (r.change === 'move_in') {
    if (!r.toRegion) throw new DomainError('MISSING_TO_REGION', t('迁入须填写迁入地', 'a move-in needs the village moved into'), [{ path: 'toRegion', value: null, reason: t('必填', 'required') }], 422);
    if (l.kind === 'none') {
      // Clearly new to the registry: registered as they arrive.
      return event(env, { kind: 'move_in', occurredOn: r.occurredOn, ...(r.fromRegion ? { fromRegion: r.fromRegion } : {}), toRegion: r.toRegion, person: { idNumber: subject.idNumber!, name: r.name, sex: r.sex, birthDate: r.birthDate, ethnicity: '01', hukouRegion: r.toRegion, residenceRegion: r.toRegion, residenceType: 'urban', maritalStatus: 'unmarried' } } as RecordEventBody, l);
    }
    if (l.kind !== 'match') return unresolved(l);
    const p = await personState(env, l.personId);
    if (p.status === 'alive' && p.hukou_region === r.toRegion && p.residence_region === r.toRegion) return confirmed(l.personId, l);
    return event(env, { kind: 'move_in', occurredOn: r.occurredOn, personId: l.personId, ...(r.fromRegion ? { fromRegion: r.fromRegion } : {}), toRegion: r.toRegion }, l);
  }
  if (l.kind !== 'match') return unresolved(l);
  const p = await personState(env, l.personId);
  if (r.change === 'move_out') {
    if (p.status === 'emigrated') return confirmed(l.personId, l);
    return event(env, { kind: 'move_out', occurredOn: r.occurredOn, personId: l.personId, ...(r.toRegion ? { toRegion: r.toRegion } : {}) }, l);
  }
  if (!r.toRegion) throw new DomainError('MISSING_TO_REGION', t('户籍变更须填写新户籍地', 'a hukou change needs the new hukou region'), [{ path: 'toRegion', value: null, reason: t('必填', 'required') }], 422);
  if (p.hukou_region === r.toRegion) return confirmed(l.personId, l);
  return event(env, { kind: 'hukou_change', occurredOn: r.occurredOn, personId: l.personId, toRegion: r.toRegion }, l);
}

export async function applyMarriage(env: ApplyEnv, r: CivilMarriageRecord, ids: Record<string, SealedId>): Promise<Applied> {
  const keys = env.deps.keys;
  const h = await linkPerson(env.trx, keys, env.scope, { name: r.husbandName, sex: 'male', birthDate: birthDateOf(openId(keys, ids.husbandIdNumber)), idNumber: openId(keys, ids.husbandIdNumber) }, ids.husbandIdNumber, env.thresholds);
  const w = await linkPerson(env.trx, keys, env.scope, { name: r.wifeName, sex: 'female', birthDate: birthDateOf(openId(keys, ids.wifeIdNumber)), idNumber: openId(keys, ids.wifeIdNumber) }, ids.wifeIdNumber, env.thresholds);
  if (h.kind !== 'match' || w.kind !== 'match') return worklist(h.kind !== 'match' ? `husband_${unresolved(h).outcome}` : `wife_${unresolved(w).outcome}`, { husband: h, wife: w });
  const current = await env.trx.selectFrom('marriage').select(['id', 'married_on', 'ended_on', 'end_reason']).where('husband_id', '=', h.personId).where('wife_id', '=', w.personId).orderBy('id', 'desc').executeTakeFirst();
  const both = { husband: h, wife: w };
  if (r.registration === 'marriage' && current && current.ended_on === null && current.married_on === r.occurredOn) return confirmed(h.personId, both);
  if (r.registration === 'divorce' && current && current.end_reason === 'divorce' && current.ended_on === r.occurredOn) return confirmed(h.personId, both);
  return event(env, { kind: r.registration, occurredOn: r.occurredOn, husbandId: h.personId, wifeId: w.personId }, both);
}

export async function applyBirth(env: ApplyEnv, r: BirthCertificateRecord, ids: Record<string, SealedId>): Promise<Applied> {
  const keys = env.deps.keys;
  const motherId = openId(keys, ids.motherIdNumber);
  const m = await link(env, { name: r.motherName, sex: 'female', birthDate: birthDateOf(motherId), idNumber: motherId, region: r.addressRegion }, ids.motherIdNumber);
  if (m.kind !== 'match') return worklist(`mother_${unresolved(m).outcome}`, { mother: m });
  // The registry may already hold the child (a clerk registered the birth): then the certificate confirms it.
  const existing = await env.trx
    .selectFrom('parent_link as l')
    .innerJoin('person as c', 'c.id', 'l.child_id')
    .select(['c.id'])
    .where('l.parent_id', '=', m.personId)
    .where('l.kind', '=', 'mother')
    .where('c.birth_date', '=', r.birthDate)
    .where('c.sex', '=', r.childSex)
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('exchange_record as x').select('x.person_id').whereRef('x.person_id', '=', 'c.id').where('x.kind', '=', 'birth_certificate'))))
    .orderBy('c.id')
    .executeTakeFirst();
  if (existing) return confirmed(existing.id, { mother: m });
  let fatherId: number | undefined;
  if (ids.fatherIdNumber) {
    // The father is linked by his ID only: a certificate without a matching father registers the child anyway.
    const f = await linkPerson(env.trx, keys, env.scope, { name: r.fatherName ?? '', sex: 'male', birthDate: null, idNumber: openId(keys, ids.fatherIdNumber) }, ids.fatherIdNumber, env.thresholds, { exactOnly: true });
    if (f.kind === 'match' && f.method === 'id') fatherId = f.personId;
  }
  return event(
    env,
    {
      kind: 'birth',
      occurredOn: r.birthDate,
      motherId: m.personId,
      ...(fatherId ? { fatherId } : {}),
      child: { name: r.childName, sex: r.childSex },
      joinMotherHousehold: true,
    },
    { mother: m, certificate: { number: r.certificateNumber, hospital: r.hospital, birthTime: r.birthTime, weightGrams: r.weightGrams, gestationWeeks: r.gestationWeeks } },
  );
}

function birthDateOf(id: string | null): string | null {
  return id ? `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}` : null;
}

export function applyRecord(env: ApplyEnv, kind: FeedKind, record: unknown, ids: Record<string, SealedId>): Promise<Applied> {
  switch (kind) {
    case 'death_registration':
      return applyDeath(env, record as DeathRegistrationRecord, ids);
    case 'police_hukou':
      return applyPolice(env, record as PoliceHukouRecord, ids);
    case 'civil_marriage':
      return applyMarriage(env, record as CivilMarriageRecord, ids);
    case 'birth_certificate':
      return applyBirth(env, record as BirthCertificateRecord, ids);
    default: {
      const never: never = kind;
      throw new Error(`unknown feed kind ${String(never)}`);
    }
  }
}
