import { describe, expect, it } from 'vitest';
import { toNamePinyin } from '../names/pinyin';
import { allGivenCodes, givenName, NameCache, SURNAMES } from './names';
import { stream } from './prng';

describe('synthetic names', () => {
  it('spell pinyin exactly as toNamePinyin does (a sample of all surname × given-name combinations)', () => {
    const cache = new NameCache();
    const codes = allGivenCodes();
    expect(new Set(codes.map(givenName)).size).toBeGreaterThan(5000);
    const rng = stream('names', 'test');
    for (let k = 0; k < 3000; k++) {
      const { name, pinyin } = cache.of(rng.int(SURNAMES.length), codes[rng.int(codes.length)]!);
      expect(pinyin, name).toBe(toNamePinyin(name));
    }
    // The surnames whose reading differs from the ordinary one.
    for (const s of ['曾', '单', '仇', '区', '解', '朴', '尉']) {
      const i = SURNAMES.findIndex((x) => x.surname === s);
      if (i >= 0) expect(cache.of(i, codes[0]!).pinyin).toBe(toNamePinyin(`${s}${givenName(codes[0]!)}`));
    }
  });

  it('lists the most common surnames first, 王 李 张 刘 陈 杨 黄 赵 吴 周', () => {
    expect(SURNAMES.slice(0, 10).map((s) => s.surname).join('')).toBe('王李张刘陈杨黄赵吴周');
  });
});
