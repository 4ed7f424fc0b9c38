/**
 * What the set-based apply of every feed kind shares (ADR 0007): the rows still to apply, id reservation,
 * the subjects found by their IDs' blind index (locked), and the import records and ledger entries of the
 * records applied, written for thousands of records at a time.
 */
import type { FeedKind } from '@renkou/core';
import type { Trx } from '@renkou/db';
import { sql } from 'kysely';
import type { Scope } from '../../platform/scope';
import type { SealedId } from './staging';

/** A staged row still to apply. */
export interface PendingRow {
  readonly row_number: number;
  readonly record_key: string;
  readonly data: Record<string, unknown> & { contentHash: string };
  readonly ids: Record<string, SealedId>;
}

export interface BulkBatch {
  readonly id: number;
  readonly kind: FeedKind;
  readonly scope: Scope;
  readonly createdBy: number | null;
}

/** What the set-based path applied: row numbers and the events it wrote. */
export interface BulkResult {
  readonly applied: Set<number>;
  readonly eventIds: number[];
}

/** How many rows one round of statements handles: bounds the JSON parameters and the memory. */
export const CHUNK = 5_000;

/** A registry person found by an ID's blind index, as the rules need them. */
export interface Subject {
  id: number;
  sex: 'male' | 'female';
  status: 'alive' | 'dead' | 'emigrated';
  death_date: string | null;
  birth_date: string;
  ethnicity: string;
  hukou_region: string;
  residence_region: string;
  residence_type: 'rural' | 'urban';
  household_id: number | null;
  /** Their relation in their household, or null. */
  relation: string | null;
  in_scope: boolean;
  /** The blind index, hex. */
  index: string;
}

/** Persons by blind index (hex), locked for the batch as the record-by-record path locks them. */
export async function subjectsByIndex(trx: Trx, scope: Scope, indexes: readonly string[]): Promise<Map<string, Subject>> {
  if (indexes.length === 0) return new Map();
  const prefix = `${scope.regionCode}%`;
  const { rows } = await sql<Subject>`
    SELECT p.id::int AS id, p.sex, p.status, p.death_date::text AS death_date, p.birth_date::text AS birth_date, p.ethnicity,
           p.hukou_region, p.residence_region, p.residence_type, p.household_id::int AS household_id, m.relation,
           (p.residence_region LIKE ${prefix} OR p.hukou_region LIKE ${prefix}) AS in_scope, encode(p.id_number_index, 'hex') AS index
      FROM person p LEFT JOIN household_member m ON m.person_id = p.id
     WHERE p.id_number_index = ANY(${indexes.map((i) => Buffer.from(i, 'hex'))}::bytea[])
     ORDER BY p.id
       FOR UPDATE OF p`.execute(trx);
  return new Map(rows.map((r) => [r.index, r]));
}

/** Ids from a table's identity sequence, so every row written can name the others before they exist. */
export async function reserveIds(trx: Trx, table: 'person' | 'vital_event', n: number): Promise<number[]> {
  if (n === 0) return [];
  const { rows } = await sql<{ id: number }>`SELECT nextval(pg_get_serial_sequence(${table}, 'id'))::int AS id FROM generate_series(1, ${n})`.execute(trx);
  return rows.map((r) => r.id);
}

/** One applied record: its import record and ledger entry. */
export interface AppliedRecord {
  readonly row: PendingRow;
  readonly outcome: 'new' | 'confirmed';
  readonly personId: number;
  readonly eventId: number | null;
  readonly link: unknown;
  readonly regionCode: string | null;
  readonly occurredOn: string;
}

/** Marks the records applied and enters them in the ledger: two statements. */
export async function writeApplied(trx: Trx, batch: BulkBatch, applied: readonly AppliedRecord[]): Promise<void> {
  if (applied.length === 0) return;
  const json = JSON.stringify(
    applied.map((a) => ({
      row_number: a.row.row_number, record_key: a.row.record_key, content_hash: a.row.data.contentHash, outcome: a.outcome,
      person_id: a.personId, event_id: a.eventId, link: a.link, region_code: a.regionCode, occurred_on: a.occurredOn,
    })),
  );
  await sql`
    UPDATE import_record r
       SET status = 'applied', outcome = x.outcome, person_id = x.person_id, event_id = x.event_id, link = x.link, region_code = x.region_code, occurred_on = x.occurred_on
      FROM jsonb_to_recordset(${json}::jsonb) AS x (row_number int, outcome text, person_id bigint, event_id bigint, link jsonb, region_code text, occurred_on date)
     WHERE r.batch_id = ${batch.id} AND r.row_number = x.row_number`.execute(trx);
  await sql`
    INSERT INTO exchange_record (kind, record_key, content_hash, batch_id, row_number, outcome, person_id, event_id, region_code, occurred_on)
    SELECT ${batch.kind}, x.record_key, decode(x.content_hash, 'hex'), ${batch.id}, x.row_number, x.outcome, x.person_id, x.event_id, x.region_code, x.occurred_on
      FROM jsonb_to_recordset(${json}::jsonb) AS x (row_number int, record_key text, content_hash text, outcome text, person_id bigint, event_id bigint, region_code text, occurred_on date)`.execute(trx);
}

/** A vital event row as recordEventInTrx writes it. */
export interface EventRow {
  readonly id: number;
  readonly kind: string;
  readonly person_id: number;
  readonly participants: readonly number[];
  readonly occurred_on: string;
  readonly region_code: string;
  readonly payload: Record<string, unknown>;
}

export async function insertEvents(trx: Trx, batch: BulkBatch, events: readonly EventRow[]): Promise<void> {
  if (events.length === 0) return;
  await sql`
    INSERT INTO vital_event (id, kind, person_id, participants, occurred_on, region_code, payload, source, recorded_by)
    OVERRIDING SYSTEM VALUE
    SELECT x.id, x.kind, x.person_id, x.participants, x.occurred_on, x.region_code, x.payload, ${batch.kind}, ${batch.createdBy}::bigint
      FROM jsonb_to_recordset(${JSON.stringify(events)}::jsonb) AS x (id bigint, kind text, person_id bigint, participants bigint[], occurred_on date, region_code text, payload jsonb)`.execute(trx);
}

/** Where a person counts (the event payload's state). */
export function presence(p: { status: string; residence_region: string; hukou_region: string }) {
  return { present: p.status === 'alive', residence: p.residence_region, hukou: p.hukou_region };
}

/** Regions among the codes that exist, with their level. */
export async function regionLevels(trx: Trx, codes: Iterable<string>): Promise<Map<string, number>> {
  const list = [...new Set(codes)];
  if (list.length === 0) return new Map();
  const rows = await trx.selectFrom('region').select(['code', 'level']).where('code', 'in', list).execute();
  return new Map(rows.map((r) => [r.code, r.level]));
}
