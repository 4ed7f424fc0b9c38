/**
 * Finds the registry person a feed record describes: the ID's blind index first; otherwise candidates that
 * share the birth date or the name's pinyin inside the batch's region, scored by core's linkage model.
 */
import { decide, toNamePinyin, type LinkCandidate, type LinkSubject, type LinkThresholds } from '@renkou/core';
import type { Trx } from '@renkou/db';
import { sql } from 'kysely';
import { decrypt } from '../../platform/crypto';
import type { Keys } from '../../platform/keys';
import type { Scope } from '../../platform/scope';
import { personInScope } from '../../platform/scope';
import { revealIdNumber } from '../registry/id-protection';
import { ID_CIPHER_CONTEXT, type SealedId } from './staging';

export type LinkResult =
  | { readonly kind: 'match'; readonly personId: number; readonly method: 'id' | 'score'; readonly score: number }
  | { readonly kind: 'review'; readonly candidates: readonly { personId: number; score: number }[] }
  | { readonly kind: 'none' }
  /** The ID belongs to a person outside the batch's region: someone above must handle it. */
  | { readonly kind: 'outside_scope'; readonly personId: number };

/** Per block (birth date; name pinyin); the set-based path uses the same. */
export const CANDIDATE_LIMIT = 50;

export function openId(keys: Keys, sealed: SealedId | undefined): string | null {
  return sealed ? decrypt(keys.idEncryption, Buffer.from(sealed.cipher, 'base64'), ID_CIPHER_CONTEXT) : null;
}

export async function linkPerson(trx: Trx, keys: Keys, scope: Scope, subject: LinkSubject, sealed: SealedId | undefined, thresholds: LinkThresholds, options: { exactOnly?: boolean } = {}, idCache?: Map<number, string | null>): Promise<LinkResult> {
  if (sealed) {
    const byId = await trx
      .selectFrom('person')
      .select(['id', sql<boolean>`(residence_region LIKE ${`${scope.regionCode}%`} OR hukou_region LIKE ${`${scope.regionCode}%`})`.as('in_scope')])
      .where('id_number_index', '=', Buffer.from(sealed.index, 'hex'))
      .executeTakeFirst();
    if (byId) return byId.in_scope ? { kind: 'match', personId: byId.id, method: 'id', score: 1 } : { kind: 'outside_scope', personId: byId.id };
  }
  if (options.exactOnly || subject.name.trim() === '') return { kind: 'none' };
  const pinyin = toNamePinyin(subject.name);
  // Two blocks, each on its own index (birth date; name pinyin), so a city of millions is never scanned.
  const block = (where: 'birth_date' | 'pinyin', value: string) =>
    trx
      .selectFrom('person')
      .select(['id', 'name', 'sex', 'birth_date', 'id_number_cipher', 'residence_region', 'hukou_region'])
      .where(where, '=', value)
      .where(personInScope(scope))
      .limit(CANDIDATE_LIMIT)
      .execute();
  const found = [...(subject.birthDate ? await block('birth_date', subject.birthDate) : []), ...(await block('pinyin', pinyin))];
  const rows = [...new Map(found.map((r) => [r.id, r])).values()].slice(0, CANDIDATE_LIMIT * 2);
  if (rows.length === 0) return { kind: 'none' };
  const mothers = subject.motherIdNumber ? await motherIds(trx, keys, rows.map((r) => r.id)) : new Map<number, string>();
  return scoreCandidates(subject, rows.map((r) => candidateOf(keys, r, mothers, idCache)), thresholds);
}

/** A candidate row as fetched by the blocks. */
export interface CandidateRow {
  id: number;
  name: string;
  sex: 'male' | 'female';
  birth_date: string;
  id_number_cipher: Buffer | null;
  residence_region: string;
  hukou_region: string;
}

/**
 * A row as core's linkage model sees it, its ID decrypted; `idCache` keeps decrypted IDs across the records
 * of a batch (the same candidates recur for every subject born on the same day).
 */
export function candidateOf(keys: Keys, r: CandidateRow, mothers: ReadonlyMap<number, string>, idCache?: Map<number, string | null>): LinkCandidate {
  let idNumber = idCache?.get(r.id);
  if (idNumber === undefined) {
    idNumber = r.id_number_cipher ? revealIdNumber(keys, r.id_number_cipher) : null;
    idCache?.set(r.id, idNumber);
  }
  return {
    personId: r.id,
    name: r.name,
    sex: r.sex,
    birthDate: r.birth_date,
    idNumber,
    motherIdNumber: mothers.get(r.id) ?? null,
    residenceRegion: r.residence_region,
    hukouRegion: r.hukou_region,
  };
}

/** Core's decision over the candidates, as a link result. */
export function scoreCandidates(subject: LinkSubject, candidates: readonly LinkCandidate[], thresholds: LinkThresholds): LinkResult {
  if (candidates.length === 0) return { kind: 'none' };
  const d = decide(subject, [...candidates], thresholds);
  if (d.kind === 'match') return { kind: 'match', personId: d.personId, method: 'score', score: d.score };
  return d;
}

async function motherIds(trx: Trx, keys: Keys, children: number[]): Promise<Map<number, string>> {
  const rows = await trx
    .selectFrom('parent_link as l')
    .innerJoin('person as m', 'm.id', 'l.parent_id')
    .select(['l.child_id', 'm.id_number_cipher'])
    .where('l.kind', '=', 'mother')
    .where('l.child_id', 'in', children)
    .execute();
  return new Map(rows.filter((r) => r.id_number_cipher).map((r) => [r.child_id, revealIdNumber(keys, r.id_number_cipher!)]));
}
