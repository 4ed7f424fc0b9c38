import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ancestorCodes, isWithin, regionLevel } from './region-code';

describe('region codes', () => {
  it('levels follow code length', () => {
    expect(['33', '3305', '330522', '330522001', '330522001001'].map(regionLevel)).toEqual([1, 2, 3, 4, 5]);
    expect(regionLevel('3')).toBeUndefined();
    expect(regionLevel('33052')).toBeUndefined();
    expect(regionLevel('33a5')).toBeUndefined();
  });
  it('ancestors are the prefixes, outermost first', () => {
    expect(ancestorCodes('330522001001')).toEqual(['33', '3305', '330522', '330522001']);
    expect(ancestorCodes('33')).toEqual([]);
  });
  it('a code is within each of its ancestors and itself, and an ancestor is not within its descendant', () => {
    const code = fc.constantFrom(2, 4, 6, 9, 12).chain((n) => fc.stringMatching(new RegExp(`^[0-9]{${n}}$`)));
    fc.assert(
      fc.property(code, (c) => {
        for (const a of ancestorCodes(c)) {
          expect(isWithin(c, a)).toBe(true);
          expect(isWithin(a, c)).toBe(false);
        }
        expect(isWithin(c, c)).toBe(true);
      }),
      { seed: 7 },
    );
  });
});
