import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { blindIndex, decrypt, encrypt } from './crypto';

const key = randomBytes(32);

describe('AES-256-GCM sealing', () => {
  it('round-trips any text, with and without associated data', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), fc.option(fc.string({ minLength: 1 }), { nil: undefined }), (text, aad) => {
        expect(decrypt(key, encrypt(key, text, aad), aad)).toBe(text);
      }),
      { numRuns: 200 },
    );
  });

  it('gives a different ciphertext each time (random IV), never the plain text', () => {
    const id = '330522199003041234';
    const a = encrypt(key, id, 'person.id_number');
    const b = encrypt(key, id, 'person.id_number');
    expect(a.equals(b)).toBe(false);
    expect(a.toString('latin1')).not.toContain(id);
    expect(a.length).toBe(12 + 16 + Buffer.byteLength(id));
  });

  it('throws on any flipped bit: IV, tag or body', () => {
    const sealed = encrypt(key, '330522199003041234', 'person.id_number');
    for (let i = 0; i < sealed.length; i++) {
      const tampered = Buffer.from(sealed);
      tampered[i] = tampered[i]! ^ 0x01;
      expect(() => decrypt(key, tampered, 'person.id_number'), `byte ${i}`).toThrow();
    }
  });

  it('throws on a cut-short value, including one that leaves a short tag', () => {
    const sealed = encrypt(key, '', 'x');
    for (const n of [0, 11, 12, 16, 20, 27]) expect(() => decrypt(key, sealed.subarray(0, n), 'x'), `length ${n}`).toThrow();
    const longer = encrypt(key, 'abc');
    expect(() => decrypt(key, longer.subarray(0, longer.length - 1))).toThrow();
  });

  it('throws with the wrong key or the wrong associated data', () => {
    const sealed = encrypt(key, 'secret', 'totp:alice');
    expect(() => decrypt(randomBytes(32), sealed, 'totp:alice')).toThrow();
    expect(() => decrypt(key, sealed, 'totp:bob')).toThrow();
    expect(() => decrypt(key, sealed)).toThrow();
  });
});

describe('blind index', () => {
  it('is deterministic under one key', () => {
    fc.assert(
      fc.property(fc.string(), (v) => {
        expect(blindIndex(key, v).equals(blindIndex(key, v))).toBe(true);
      }),
    );
  });

  it('depends on the key and on the value', () => {
    const other = randomBytes(32);
    const id = '330522199003041234';
    expect(blindIndex(key, id).equals(blindIndex(other, id))).toBe(false);
    expect(blindIndex(key, id).equals(blindIndex(key, '330522199003041242'))).toBe(false);
    expect(blindIndex(key, id)).toHaveLength(32);
  });

  it('is not a plain hash of the value', async () => {
    const { createHash } = await import('node:crypto');
    const id = '330522199003041234';
    expect(blindIndex(key, id).equals(createHash('sha256').update(id).digest())).toBe(false);
  });
});
