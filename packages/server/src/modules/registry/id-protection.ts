import { maskIdNumber, normalizeIdNumber } from '@renkou/core';
import type { Keys } from '../../platform/keys';
import { blindIndex, decrypt, encrypt } from '../../platform/crypto';

export interface ProtectedId {
  readonly cipher: Buffer;
  readonly index: Buffer;
  readonly masked: string;
  readonly sex: 'male' | 'female';
  readonly birthDate: string;
}

/** Validates, then seals an ID number: ciphertext for reveal, blind index for lookup, masked for display. */
export function protectIdNumber(keys: Keys, raw: string, today: string, field = 'idNumber'): ProtectedId & { idNumber: string } {
  const idNumber = normalizeIdNumber(raw, { today }, field);
  return {
    idNumber,
    cipher: encrypt(keys.idEncryption, idNumber, 'person.id_number'),
    index: blindIndex(keys.idIndex, idNumber),
    masked: maskIdNumber(idNumber),
    sex: Number(idNumber[16]) % 2 === 1 ? 'male' : 'female',
    birthDate: `${idNumber.slice(6, 10)}-${idNumber.slice(10, 12)}-${idNumber.slice(12, 14)}`,
  };
}

export function idIndexOf(keys: Keys, raw: string, today: string): Buffer {
  return blindIndex(keys.idIndex, normalizeIdNumber(raw, { today }, 'query.idNumber'));
}

export function revealIdNumber(keys: Keys, cipher: Buffer): string {
  return decrypt(keys.idEncryption, cipher, 'person.id_number');
}
