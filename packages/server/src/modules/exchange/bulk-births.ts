/**
 * The set-based apply of birth certificates (ADR 0007): the common case — the mother found by her ID's blind
 * index inside the batch's region, every registry rule satisfied, no registered child the certificate could
 * confirm — is written for thousands of records in a handful of statements instead of a dozen round trips
 * each. Everything else (typos, rule violations, possible confirmations, mothers outside the region) is left
 * to the record-by-record path, which produces the exact outcome and message.
 *
 * The rows written are the ones recordEventInTrx writes for a clerk's birth: the child (mother's regions,
 * ethnicity and residence type), the parent links, the membership in the mother's household, and the birth
 * event with its birth order and presence state; plus the import record and the ledger entry.
 */
import { assertEventNotAfterDeath, assertMotherAge, assertNotFuture, DomainError, toNamePinyin, type BirthCertificateRecord } from '@renkou/core';
import type { Trx } from '@renkou/db';
import { sql } from 'kysely';
import type { AppDeps } from '../../platform/context';
import { childRelationTo } from '../registry/household.repository';
import { regionInScope, type Scope } from '../../platform/scope';
import { CHUNK, insertEvents, reserveIds, subjectsByIndex, writeApplied, type BulkBatch, type BulkResult, type PendingRow, type Subject as Parent } from './bulk';

/** The registry's birth rules on prefetched rows; a rule broken means "not for the bulk path". */
function passesRules(r: BirthCertificateRecord, mother: Parent, father: Parent | undefined, scope: Scope, today: string): boolean {
  try {
    assertNotFuture('body.occurredOn', r.birthDate, today);
    if (mother.sex !== 'female' || mother.status === 'dead') return false;
    assertEventNotAfterDeath('body.motherId', mother.death_date, r.birthDate);
    assertMotherAge(mother.birth_date, r.birthDate);
    if (father) {
      if (father.sex !== 'male') return false;
      if (father.death_date && Date.parse(r.birthDate) - Date.parse(father.death_date) > 300 * 86_400_000) return false;
    }
  } catch (error) {
    if (error instanceof DomainError) return false;
    throw error;
  }
  // The child lives with the mother: her village must be in the batch's region (and be a village).
  return regionInScope(scope, mother.residence_region) && mother.residence_region.length === 12;
}

/** Per mother: how many children she has, and which (birth date, sex) a certificate could confirm. */
async function childrenOf(trx: Trx, mothers: readonly number[]): Promise<{ count: Map<number, number>; confirmable: Set<string> }> {
  const count = new Map<number, number>();
  const confirmable = new Set<string>();
  if (mothers.length === 0) return { count, confirmable };
  const { rows } = await sql<{ mother: number; birth_date: string; sex: string; certified: boolean }>`
    SELECT l.parent_id::int AS mother, c.birth_date::text AS birth_date, c.sex,
           EXISTS (SELECT 1 FROM exchange_record x WHERE x.person_id = c.id AND x.kind = 'birth_certificate') AS certified
      FROM parent_link l JOIN person c ON c.id = l.child_id
     WHERE l.parent_id = ANY(${mothers}::bigint[]) AND l.kind = 'mother'`.execute(trx);
  for (const r of rows) {
    count.set(r.mother, (count.get(r.mother) ?? 0) + 1);
    if (!r.certified) confirmable.add(`${r.mother}|${r.birth_date}|${r.sex}`);
  }
  return { count, confirmable };
}

interface Planned {
  row: PendingRow;
  record: BirthCertificateRecord;
  mother: Parent;
  father: Parent | undefined;
  birthOrder: number;
}

/** Which rows of a chunk the bulk path takes, with what each needs; the rest are returned untouched. */
async function plan(trx: Trx, batch: BulkBatch, rows: readonly PendingRow[], today: string): Promise<Planned[]> {
  const indexes = new Set<string>();
  for (const r of rows) {
    if (r.ids.motherIdNumber) indexes.add(r.ids.motherIdNumber.index);
    if (r.ids.fatherIdNumber) indexes.add(r.ids.fatherIdNumber.index);
  }
  const parents = await subjectsByIndex(trx, batch.scope, [...indexes]);
  const mothers = [...new Set(rows.map((r) => (r.ids.motherIdNumber ? parents.get(r.ids.motherIdNumber.index)?.id : undefined)).filter((id): id is number => id !== undefined))];
  const { count, confirmable } = await childrenOf(trx, mothers);
  const planned: Planned[] = [];
  for (const row of rows) {
    const record = row.data as unknown as BirthCertificateRecord;
    const mother = row.ids.motherIdNumber ? parents.get(row.ids.motherIdNumber.index) : undefined;
    if (!mother?.in_scope) continue;
    if (confirmable.has(`${mother.id}|${record.birthDate}|${record.childSex}`)) continue;
    // The father is linked by his ID only, and only inside the region (as the record-by-record path does).
    const f = row.ids.fatherIdNumber ? parents.get(row.ids.fatherIdNumber.index) : undefined;
    const father = f?.in_scope && f.id !== mother.id ? f : undefined;
    if (!passesRules(record, mother, father, batch.scope, today)) continue;
    const birthOrder = (count.get(mother.id) ?? 0) + 1;
    count.set(mother.id, birthOrder);
    planned.push({ row, record, mother, father, birthOrder });
  }
  return planned;
}

/** Writes the planned births; returns their event ids. */
async function write(trx: Trx, batch: BulkBatch, planned: readonly Planned[]): Promise<number[]> {
  const personIds = await reserveIds(trx, 'person', planned.length);
  const eventIds = await reserveIds(trx, 'vital_event', planned.length);
  const children = planned.map((p, i) => ({
    id: personIds[i]!,
    name: p.record.childName,
    pinyin: toNamePinyin(p.record.childName),
    sex: p.record.childSex,
    birth_date: p.record.birthDate,
    ethnicity: p.mother.ethnicity,
    hukou_region: p.mother.hukou_region,
    residence_region: p.mother.residence_region,
    residence_type: p.mother.residence_type,
    household_id: p.mother.household_id,
  }));
  await sql`
    INSERT INTO person (id, name, pinyin, sex, birth_date, ethnicity, hukou_region, residence_region, residence_type, marital_status, household_id)
    OVERRIDING SYSTEM VALUE
    SELECT x.id, x.name, x.pinyin, x.sex, x.birth_date, x.ethnicity, x.hukou_region, x.residence_region, x.residence_type, 'unmarried', x.household_id
      FROM jsonb_to_recordset(${JSON.stringify(children)}::jsonb) AS x (id bigint, name text, pinyin text, sex text, birth_date date, ethnicity text,
           hukou_region text, residence_region text, residence_type text, household_id bigint)`.execute(trx);
  const links = planned.flatMap((p, i) => [{ child_id: personIds[i]!, parent_id: p.mother.id, kind: 'mother' }, ...(p.father ? [{ child_id: personIds[i]!, parent_id: p.father.id, kind: 'father' }] : [])]);
  await sql`INSERT INTO parent_link (child_id, parent_id, kind) SELECT * FROM jsonb_to_recordset(${JSON.stringify(links)}::jsonb) AS x (child_id bigint, parent_id bigint, kind text)`.execute(trx);
  const members = planned.flatMap((p, i) => (p.mother.household_id ? [{ person_id: personIds[i]!, household_id: p.mother.household_id, relation: childRelationTo(p.mother.relation), joined_on: p.record.birthDate }] : []));
  if (members.length > 0) {
    await sql`INSERT INTO household_member (person_id, household_id, relation, joined_on)
      SELECT * FROM jsonb_to_recordset(${JSON.stringify(members)}::jsonb) AS x (person_id bigint, household_id bigint, relation text, joined_on date)`.execute(trx);
  }
  await insertEvents(
    trx,
    batch,
    planned.map((p, i) => ({
      id: eventIds[i]!,
      kind: 'birth',
      person_id: personIds[i]!,
      participants: [personIds[i]!, p.mother.id, ...(p.father ? [p.father.id] : [])],
      occurred_on: p.record.birthDate,
      region_code: p.mother.residence_region,
      payload: {
        feed: { batchId: batch.id, row: p.row.row_number, key: p.row.record_key },
        motherId: p.mother.id,
        fatherId: p.father?.id ?? null,
        sex: p.record.childSex,
        birthOrder: p.birthOrder,
        state: { before: null, after: { present: true, residence: p.mother.residence_region, hukou: p.mother.hukou_region } },
      },
    })),
  );
  await writeApplied(
    trx,
    batch,
    planned.map((p, i) => ({
      row: p.row,
      outcome: 'new',
      personId: personIds[i]!,
      eventId: eventIds[i]!,
      regionCode: p.mother.residence_region,
      occurredOn: p.record.birthDate,
      link: {
        mother: { kind: 'match', personId: p.mother.id, method: 'id', score: 1 },
        certificate: { number: p.record.certificateNumber, hospital: p.record.hospital, birthTime: p.record.birthTime, weightGrams: p.record.weightGrams, gestationWeeks: p.record.gestationWeeks },
      },
    })),
  );
  return eventIds;
}

/**
 * Applies what it can of the rows (in chunks) and returns the row numbers it applied and their events;
 * the caller applies the others record by record. Runs inside the batch's transaction.
 */
export async function applyBirthsInBulk(trx: Trx, deps: AppDeps, batch: BulkBatch, rows: readonly PendingRow[]): Promise<BulkResult> {
  const applied = new Set<number>();
  const eventIds: number[] = [];
  const today = deps.today();
  for (let from = 0; from < rows.length; from += CHUNK) {
    const planned = await plan(trx, batch, rows.slice(from, from + CHUNK), today);
    if (planned.length === 0) continue;
    eventIds.push(...(await write(trx, batch, planned)));
    for (const p of planned) applied.add(p.row.row_number);
  }
  return { applied, eventIds };
}
