import { describe, expect, it } from 'vitest';
import { auditHash, type AuditRow } from './audit';

const base: AuditRow = {
  chain: 3,
  chain_seq: 42,
  at: new Date('2025-06-30T01:02:03.456Z'),
  user_id: 7,
  username: 'clerk7',
  role: 'village_clerk',
  region_code: '330522001001',
  action: 'person.read',
  object_type: 'person',
  object_id: '99',
  outcome: 'success',
  ip: '10.0.0.1',
  request_id: 'req-1',
  reason: 'checking a birth',
  details: { by: 'id_number', results: 1 },
};

/** A different value for every field, so the test fails when a field is added to AuditRow but not hashed. */
const changed: { [K in keyof AuditRow]-?: AuditRow[K] } = {
  chain: 4,
  chain_seq: 43,
  at: new Date('2025-06-30T01:02:03.457Z'),
  user_id: 8,
  username: 'clerk8',
  role: 'county_officer',
  region_code: '330522001002',
  action: 'person.write',
  object_type: 'household',
  object_id: '98',
  outcome: 'denied',
  ip: '10.0.0.2',
  request_id: 'req-2',
  reason: 'checking a death',
  details: { by: 'id_number', results: 2 },
};

const prev = Buffer.alloc(32, 1);

describe('auditHash', () => {
  it('is a 32-byte SHA-256 and deterministic', () => {
    expect(auditHash(prev, base)).toHaveLength(32);
    expect(auditHash(prev, base).equals(auditHash(prev, { ...base }))).toBe(true);
  });

  it.each(Object.keys(changed) as (keyof AuditRow)[])('covers %s', (field) => {
    expect(Object.keys(base)).toContain(field);
    const other = { ...base, [field]: changed[field] } as AuditRow;
    expect(auditHash(prev, other).equals(auditHash(prev, base))).toBe(false);
  });

  it('covers null versus a value for every nullable field', () => {
    for (const field of ['user_id', 'username', 'role', 'region_code', 'object_type', 'object_id', 'ip', 'request_id', 'reason', 'details'] as const) {
      expect(auditHash(prev, { ...base, [field]: null }).equals(auditHash(prev, base)), field).toBe(false);
    }
  });

  it('covers the previous hash (the chain link)', () => {
    expect(auditHash(Buffer.alloc(32, 2), base).equals(auditHash(prev, base))).toBe(false);
  });

  it('does not depend on key order inside details, but on every value', () => {
    const a = auditHash(prev, { ...base, details: { a: 1, b: { c: 2, d: [1, 2] } } });
    const b = auditHash(prev, { ...base, details: { b: { d: [1, 2], c: 2 }, a: 1 } });
    expect(a.equals(b)).toBe(true);
    expect(auditHash(prev, { ...base, details: { a: 1, b: { c: 2, d: [2, 1] } } }).equals(a)).toBe(false);
  });

  it('cannot be fooled by moving text between neighbouring fields', () => {
    const a = auditHash(prev, { ...base, username: 'ab', role: 'c' });
    const b = auditHash(prev, { ...base, username: 'a', role: 'bc' });
    expect(a.equals(b)).toBe(false);
  });

  it('tells a number from its string form', () => {
    expect(auditHash(prev, { ...base, user_id: 7 }).equals(auditHash(prev, { ...base, user_id: '7' as unknown as number }))).toBe(false);
  });
});
