import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generateKeys } from '@renkou/server';
// The server does not export this; the test checks the sealed form with the registry's own function.
import { revealIdNumber } from '../../../server/src/modules/registry/id-protection';
import { SealPool } from './demo-seal';

describe('demo ID sealing', () => {
  it('produces what the registry decrypts and indexes, through the batch-wise GCM path', async () => {
    const keys = generateKeys();
    const pool = new SealPool(keys, 2);
    try {
      const ids = Array.from({ length: 5000 }, (_, k) => `330502198${String(1000000 + k).padStart(8, '0')}X`);
      const lines = (await Promise.all([pool.seal(ids.slice(0, 2500)), pool.seal(ids.slice(2500))])).flat();
      expect(pool.fast).toBe(true);
      expect(lines).toHaveLength(ids.length);
      const ivs = new Set<string>();
      ids.forEach((id, k) => {
        const [cipher, index, masked] = lines[k]!.split('\t') as [string, string, string];
        expect(cipher.startsWith('\\\\x') && index.startsWith('\\\\x')).toBe(true);
        const sealed = Buffer.from(cipher.slice(3), 'hex');
        expect(sealed).toHaveLength(12 + 16 + 18);
        expect(revealIdNumber(keys, sealed)).toBe(id);
        expect(Buffer.from(index.slice(3), 'hex').equals(createHmac('sha256', keys.idIndex).update(id).digest())).toBe(true);
        expect(masked).toBe(`${id.slice(0, 6)}********${id.slice(-4)}`);
        ivs.add(cipher.slice(3, 27));
      });
      expect(ivs.size).toBe(ids.length);
      expect(() => pool.seal(['123'])).toThrow(/18 characters/);
    } finally {
      await pool.close();
    }
  });
});
