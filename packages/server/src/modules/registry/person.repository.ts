import { sql } from 'kysely';
import type { Db, Trx } from '@renkou/db';
import { personInScope, type Scope } from '../../platform/scope';

type Conn = Db | Trx;

export const personColumns = [
  'person.id', 'person.id_number_masked', 'person.name', 'person.pinyin', 'person.sex', 'person.birth_date', 'person.ethnicity',
  'person.hukou_region', 'person.residence_region', 'person.residence_type', 'person.marital_status', 'person.status',
  'person.death_date', 'person.household_id',
] as const;

export type PersonRow = Awaited<ReturnType<typeof findPersonInScope>> & {};

export function findPersonInScope(db: Conn, scope: Scope, id: number) {
  return db.selectFrom('person').select(personColumns).where('person.id', '=', id).where(personInScope(scope)).executeTakeFirst();
}

/** Loads a whole batch in one query; the caller compares counts to find ids outside the scope. */
export function findPersonsInScope(db: Conn, scope: Scope, ids: readonly number[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom('person').select(personColumns).where('person.id', 'in', [...ids]).where(personInScope(scope)).execute();
}

/** Locks the rows for the rest of the transaction, so two clerks cannot marry the same person at once. */
export function lockPersonsInScope(trx: Trx, scope: Scope, ids: readonly number[]) {
  return trx.selectFrom('person').select(personColumns).where('person.id', 'in', [...ids]).where(personInScope(scope)).orderBy('person.id').forUpdate().execute();
}

export function findIdCipherInScope(db: Conn, scope: Scope, id: number) {
  return db.selectFrom('person').select(['person.id', 'person.id_number_cipher']).where('person.id', '=', id).where(personInScope(scope)).executeTakeFirst();
}

export function searchByIdIndex(db: Conn, scope: Scope, index: Buffer) {
  return db.selectFrom('person').select(personColumns).where('person.id_number_index', '=', index).where(personInScope(scope)).execute();
}

export async function searchByName(db: Conn, scope: Scope, q: string, narrowTo: string | undefined, includeInactive: boolean, page: number, pageSize: number) {
  const ascii = /^[a-z\s]+$/i.test(q);
  const term = ascii ? q.toLowerCase().replace(/\s+/g, '') : q;
  let query = db.selectFrom('person').where(personInScope(scope));
  if (narrowTo) query = query.where(personInScope({ regionCode: narrowTo }));
  query = query.where(ascii ? 'person.pinyin' : 'person.name', 'like', `${term.replace(/[%_\\]/g, (c) => `\\${c}`)}%`);
  if (!includeInactive) query = query.where('person.status', '=', 'alive');
  const [rows, total] = await Promise.all([
    query.select(personColumns).orderBy('person.name').orderBy('person.id').limit(pageSize).offset((page - 1) * pageSize).execute(),
    query.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: total.n };
}

export function insertPersonInTrx(
  trx: Trx,
  values: {
    id_number_cipher: Buffer | null; id_number_index: Buffer | null; id_number_masked: string | null; name: string; pinyin: string;
    sex: 'male' | 'female'; birth_date: string; ethnicity: string; hukou_region: string; residence_region: string;
    residence_type: 'rural' | 'urban'; marital_status?: 'unmarried' | 'married' | 'divorced' | 'widowed'; household_id?: number | null;
  },
) {
  return trx.insertInto('person').values(values).returning('id').executeTakeFirstOrThrow();
}

export function idIndexTaken(db: Conn, index: Buffer) {
  return db.selectFrom('person').select('id').where('id_number_index', '=', index).executeTakeFirst();
}

/** Relatives are personal data too: only those inside the reader's scope are returned. */
export function parentsOf(db: Conn, scope: Scope, childId: number) {
  return db
    .selectFrom('parent_link')
    .innerJoin('person', 'person.id', 'parent_link.parent_id')
    .select(['parent_link.kind', 'person.id', 'person.name', 'person.sex', 'person.birth_date', 'person.status'])
    .where('parent_link.child_id', '=', childId)
    .where(personInScope(scope))
    .execute();
}

export function childrenOf(db: Conn, scope: Scope, parentId: number) {
  return db
    .selectFrom('parent_link')
    .innerJoin('person', 'person.id', 'parent_link.child_id')
    .select(['person.id', 'person.name', 'person.sex', 'person.birth_date', 'person.status'])
    .where('parent_link.parent_id', '=', parentId)
    .where(personInScope(scope))
    .orderBy('person.birth_date')
    .execute();
}

export function currentSpouseOf(db: Conn, scope: Scope, personId: number) {
  return db
    .selectFrom('marriage')
    .innerJoin('person', (j) => j.on(sql<boolean>`person.id = CASE WHEN marriage.husband_id = ${personId} THEN marriage.wife_id ELSE marriage.husband_id END`))
    .select(['person.id', 'person.name', 'person.sex', 'person.birth_date', 'person.status'])
    .where('marriage.ended_on', 'is', null)
    .where((eb) => eb.or([eb('marriage.husband_id', '=', personId), eb('marriage.wife_id', '=', personId)]))
    .where(personInScope(scope))
    .executeTakeFirst();
}

export function timelineOf(db: Conn, personId: number) {
  return db
    .selectFrom('vital_event as e')
    .selectAll('e')
    .select(sql<number[]>`coalesce((SELECT array_agg(c.id ORDER BY c.id) FROM vital_event c WHERE c.corrects_event_id = e.id), '{}')`.as('corrected_by'))
    .where(sql<boolean>`e.participants @> ARRAY[${personId}]::bigint[]`)
    .orderBy('e.occurred_on')
    .orderBy('e.id')
    .execute();
}

export function householdMembershipOf(db: Conn, personId: number) {
  return db
    .selectFrom('household_member')
    .innerJoin('household', 'household.id', 'household_member.household_id')
    .select(['household.id', 'household.household_number', 'household_member.relation'])
    .where('household_member.person_id', '=', personId)
    .executeTakeFirst();
}
