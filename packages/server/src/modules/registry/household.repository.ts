import { sql } from 'kysely';
import type { Db, Trx } from '@renkou/db';
import { householdInScope, personInScope, type Scope } from '../../platform/scope';

type Conn = Db | Trx;

export function findHouseholdInScope(db: Conn, scope: Scope, id: number) {
  return db.selectFrom('household').selectAll().where('household.id', '=', id).where(householdInScope(scope)).executeTakeFirst();
}

/** Members outside the reader's scope (both hukou and residence elsewhere) are left out, as everywhere persons are read. */
export function membersOf(db: Conn, scope: Scope, householdId: number) {
  return db
    .selectFrom('household_member')
    .innerJoin('person', 'person.id', 'household_member.person_id')
    .select([
      'person.id', 'person.id_number_masked', 'person.name', 'person.pinyin', 'person.sex', 'person.birth_date', 'person.status',
      'person.hukou_region', 'person.residence_region', 'household_member.relation', 'household_member.joined_on',
    ])
    .where('household_member.household_id', '=', householdId)
    .where(personInScope(scope))
    .orderBy(sql`household_member.relation = 'head'`, 'desc')
    .orderBy('person.birth_date')
    .execute();
}

/** 户号: the village code plus a running number, unique across the registry. */
export async function insertHouseholdInTrx(trx: Trx, values: { region_code: string; address: string; kind: 'family' | 'collective' }) {
  const { rows } = await sql<{ n: string }>`SELECT nextval('household_number_seq')::text AS n`.execute(trx);
  const number = `${values.region_code}${rows[0]!.n.padStart(6, '0')}`;
  return trx.insertInto('household').values({ ...values, household_number: number }).returning(['id', 'household_number']).executeTakeFirstOrThrow();
}

/** A newborn's relation to the head of the mother's household, from the mother's own relation. */
export function childRelationTo(motherRelation: string | null | undefined): string {
  return motherRelation === 'head' || motherRelation === 'spouse' ? 'child' : motherRelation === 'child' || motherRelation === 'child_in_law' ? 'grandchild' : 'other';
}

/** A person belongs to one household: joining one leaves the previous, and a head who leaves or changes role stops being its head. */
export async function joinHouseholdInTrx(trx: Trx, personId: number, householdId: number, relation: string, joinedOn: string) {
  await trx.deleteFrom('household_member').where('person_id', '=', personId).execute();
  await trx.updateTable('household').set({ head_person_id: null }).where('head_person_id', '=', personId).execute();
  await trx.insertInto('household_member').values({ person_id: personId, household_id: householdId, relation, joined_on: joinedOn }).execute();
  await trx.updateTable('person').set({ household_id: householdId, updated_at: new Date() }).where('id', '=', personId).execute();
  if (relation === 'head') await trx.updateTable('household').set({ head_person_id: personId }).where('id', '=', householdId).execute();
}
