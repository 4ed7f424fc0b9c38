/**
 * Stage a validated file: one transaction inserts the batch row and COPYs every row into import_record —
 * valid rows with their ID numbers sealed (blind index + ciphertext, never in clear), rejected rows with
 * their problems. Nothing touches the registry here; applying is a separate transaction (apply.ts).
 */
import { createHash } from 'node:crypto';
import { maskIdNumber, type FeedKind, type RowProblem, type ValidatedRow } from '@renkou/core';
import { copyRows, poolOf, type Db } from '@renkou/db';
import { blindIndex, encrypt } from '../../platform/crypto';
import type { Keys } from '../../platform/keys';

/** The fields of each kind that hold resident ID numbers. */
export const ID_FIELDS: Readonly<Record<FeedKind, readonly string[]>> = {
  birth_certificate: ['motherIdNumber', 'fatherIdNumber'],
  police_hukou: ['idNumber'],
  civil_marriage: ['husbandIdNumber', 'wifeIdNumber'],
  death_registration: ['idNumber'],
};

export const ID_CIPHER_CONTEXT = 'exchange.id_number';

export interface SealedId {
  readonly index: string;
  readonly cipher: string;
  readonly masked: string;
}

export interface BatchMeta {
  readonly kind: FeedKind;
  readonly transport: 'upload' | 'cli' | 'api';
  readonly regionCode: string;
  readonly fileName: string | null;
  readonly fileSha256: Buffer | null;
  readonly encoding: string | null;
  readonly idempotencyKey: string | null;
  readonly partnerId: number | null;
  readonly createdBy: number | null;
}

/** Long digit runs in a rejected value may be (mistyped) ID numbers: masked before they are stored. */
export function maskDigits(value: string | null): string | null {
  if (value === null) return null;
  return value.replace(/\d{14,17}[\dXx]/g, (m) => (m.length >= 15 ? `${m.slice(0, 4)}${'*'.repeat(m.length - 8)}${m.slice(-4)}` : m));
}

export function sealId(keys: Keys, idNumber: string): SealedId {
  return {
    index: blindIndex(keys.idIndex, idNumber).toString('hex'),
    cipher: encrypt(keys.idEncryption, idNumber, ID_CIPHER_CONTEXT).toString('base64'),
    masked: maskIdNumber(idNumber),
  };
}

/** A keyed hash of the record's content: tells "sent again" from "same number, different record". */
export function contentHash(keys: Keys, record: unknown): Buffer {
  return createHash('sha256').update(keys.idIndex).update(JSON.stringify(record)).digest();
}

function splitIds(keys: Keys, kind: FeedKind, record: Record<string, unknown>): { data: Record<string, unknown>; ids: Record<string, SealedId> } {
  const data: Record<string, unknown> = { ...record };
  const ids: Record<string, SealedId> = {};
  for (const field of ID_FIELDS[kind]) {
    const v = record[field];
    if (typeof v === 'string' && v.length > 0) {
      ids[field] = sealId(keys, v);
      data[field] = ids[field].masked;
    }
  }
  return { data, ids };
}

function maskProblems(problems: readonly RowProblem[]) {
  return problems.map((p) => ({ ...p, value: maskDigits(p.value) }));
}

export async function stageBatch(db: Db, keys: Keys, meta: BatchMeta, rows: readonly ValidatedRow<FeedKind>[]): Promise<number> {
  const client = await poolOf(db).connect();
  try {
    await client.query('BEGIN');
    const valid = rows.filter((r) => r.ok).length;
    const { rows: inserted } = await client.query<{ id: string }>(
      `INSERT INTO import_batch (kind, transport, region_code, file_name, file_sha256, encoding, idempotency_key, partner_id, created_by, status, received, valid, rejected)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'staged', $10, $11, $12) RETURNING id`,
      [meta.kind, meta.transport, meta.regionCode, meta.fileName, meta.fileSha256, meta.encoding, meta.idempotencyKey, meta.partnerId, meta.createdBy, rows.length, valid, rows.length - valid],
    );
    const batchId = Number(inserted[0]!.id);
    await copyRows(
      client,
      'import_record',
      ['batch_id', 'row_number', 'record_key', 'status', 'problems', 'data', 'ids'],
      rows.map((r) => {
        // jsonb columns go as JSON text (COPY would read a JS array as a PostgreSQL array).
        if (!r.ok) return [batchId, r.row, r.key, 'rejected', JSON.stringify(maskProblems(r.problems)), '{}', '{}'];
        const { data, ids } = splitIds(keys, meta.kind, r.record as unknown as Record<string, unknown>);
        // The content hash is taken over the record in clear, here, and stored in place of it.
        data.contentHash = contentHash(keys, r.record).toString('hex');
        return [batchId, r.row, r.key, 'valid', null, JSON.stringify(data), JSON.stringify(ids)];
      }),
    );
    await client.query('COMMIT');
    return batchId;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
