import { describe, expect, it } from 'vitest';
import {
  OUTLIER_Z,
  lowRegistration,
  modifiedZScores,
  myersIndex,
  poissonLowerTail,
  srbPersistentlyAbnormal,
  whippleCategory,
  whippleIndex,
} from './quality';

/** The same count at each age from..to. */
function flat(from: number, to: number, count: number): Map<number, number> {
  const m = new Map<number, number>();
  for (let a = from; a <= to; a++) m.set(a, count);
  return m;
}

function expectAllClose(actual: readonly number[], expected: readonly number[], digits = 6): void {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, digits));
}

describe('modifiedZScores', () => {
  it('scales by the MAD', () => {
    // median 3; |x−3| = 2,1,0,1,97 → MAD = 1; M = 0.6745·(x−3)
    expectAllClose(modifiedZScores([1, 2, 3, 4, 100]), [-1.349, -0.6745, 0, 0.6745, 65.4265]);
    expect(65.4265).toBeGreaterThan(OUTLIER_Z);
  });

  it('takes the mean of the middle two for an even count', () => {
    // median (2+3)/2 = 2.5; |x−2.5| = 1.5,0.5,0.5,7.5 → MAD = (0.5+1.5)/2 = 1; M = 0.6745·(x−2.5)
    expectAllClose(modifiedZScores([3, 1, 10, 2]), [0.33725, -1.01175, 5.05875, -0.33725]);
  });

  it('falls back to the mean absolute deviation when the MAD is 0', () => {
    // median 5; |x−5| = 0,0,0,0,5 → MAD 0, MeanAD = 5/5 = 1; M = (x−5)/(1.253314·1) → 5/1.253314 = 3.989423
    expectAllClose(modifiedZScores([5, 5, 5, 5, 10]), [0, 0, 0, 0, 3.989423]);
  });

  it('is all zeros for a constant series, empty for an empty one', () => {
    expect(modifiedZScores([7, 7, 7])).toEqual([0, 0, 0]);
    expect(modifiedZScores([])).toEqual([]);
  });

  it('refuses non-finite values', () => {
    expect(() => modifiedZScores([1, Number.NaN])).toThrow(RangeError);
  });
});

describe('whippleIndex', () => {
  it('is 100 for the same count at every age', () => {
    // 8 ages (25,30,…,60) × 100 = 800; 40 ages (23–62) × 100 = 4000; 100·800/(4000/5) = 100
    expect(whippleIndex(flat(0, 99, 100))).toBeCloseTo(100, 10);
  });

  it('is 500 when everyone aged 23–62 reports an age ending in 0 or 5', () => {
    // 100 at each of 25,30,…,60: numerator 800, denominator 800 → 100·800/(800/5) = 500
    const heaped = new Map([25, 30, 35, 40, 45, 50, 55, 60].map((a) => [a, 100]));
    heaped.set(10, 999).set(70, 999); // outside 23–62: ignored
    expect(whippleIndex(heaped)).toBeCloseTo(500, 10);
  });

  it('is 0 when nobody reports 0 or 5, and null when nobody is 23–62', () => {
    expect(whippleIndex(new Map([[31, 10], [44, 10]]))).toBe(0);
    expect(whippleIndex(new Map([[20, 10], [63, 10]]))).toBeNull();
    expect(whippleIndex([])).toBeNull();
  });

  it('computes a mixed case, from an array indexed by age', () => {
    // 10 at every age 23–62 (400) + 20 extra at 30: numerator 8·10 + 20 = 100; denominator 420/5 = 84;
    // 100·100/84 = 119.047619
    const byAge: number[] = [];
    for (let a = 23; a <= 62; a++) byAge[a] = 10;
    byAge[30] = 30;
    expect(whippleIndex(byAge)).toBeCloseTo(119.047619, 5);
  });

  it('refuses negative counts', () => {
    expect(() => whippleIndex(new Map([[30, -1]]))).toThrow(RangeError);
  });
});

describe('whippleCategory', () => {
  it('follows the UN scale at its boundaries', () => {
    expect(whippleCategory(100).category).toBe('highly_accurate');
    expect(whippleCategory(104.99).category).toBe('highly_accurate');
    expect(whippleCategory(105).category).toBe('fairly_accurate');
    expect(whippleCategory(110).category).toBe('approximate');
    expect(whippleCategory(124.99).category).toBe('approximate');
    expect(whippleCategory(125).category).toBe('rough');
    expect(whippleCategory(175)).toEqual({ category: 'very_rough', label: { zh: '非常粗略', en: 'very rough' } });
    expect(whippleCategory(119.05).label).toEqual({ zh: '大致准确', en: 'approximate' });
  });
});

describe('myersIndex', () => {
  // No published worked example with numbers turned up (the pages found describe the steps only), so the
  // expectations are hand-computed. Method: Shryock & Siegel (1976) ch. 8; DemoTools check_heaping_myers.

  it('is 0 for the same count at every age', () => {
    // sum1_d = sum2_d = 7·c for every d, blended_d = 10·7c: all digits 10%
    expect(myersIndex(flat(0, 99, 50))).toBeCloseTo(0, 10);
  });

  it('is 0 for a linearly declining population (what the blending is for)', () => {
    // P(a) = 1000 − 10a: sum1_d = Σ_{j=1..7} P(10j+d) = 7000 − 10(280 + 7d) = 4200 − 70d;
    // sum2_d = Σ_{j=2..8} P(10j+d) = 7000 − 10(350 + 7d) = 3500 − 70d;
    // blended_d = (d+1)(4200 − 70d) + (9−d)(3500 − 70d) = 35700 for every d → 0
    const linear = new Map<number, number>();
    for (let a = 0; a <= 99; a++) linear.set(a, 1000 - 10 * a);
    expect(myersIndex(linear)).toBeCloseTo(0, 10);
  });

  it('is 90 when every age ends in the same digit', () => {
    // only blended_0 > 0: ½(|100 − 10| + 9·|0 − 10|) = ½(90 + 90) = 90
    const allZero = new Map([10, 20, 30, 40, 50, 60, 70, 80].map((a) => [a, 100]));
    expect(myersIndex(allZero)).toBeCloseTo(90, 10);
    // digit 7, unequal counts: still 90
    expect(myersIndex(new Map([[17, 5], [47, 300], [87, 2]]))).toBeCloseTo(90, 10);
  });

  it('computes a small heaped example', () => {
    // 10 at every age 10–89, plus 30 at 40 and 10 at 35.
    // d=0: sum1 = 70 + 30 = 100, sum2 = 100 → blended = 1·100 + 9·100 = 1000
    // d=5: sum1 = 70 + 10 = 80, sum2 = 80 → blended = 6·80 + 4·80 = 800
    // other d: sum1 = sum2 = 70 → blended = 700;  total = 1000 + 800 + 8·700 = 7400
    // |100000/7400 − 10| = 260/74, |80000/7400 − 10| = 60/74, 8·|70000/7400 − 10| = 320/74
    // index = ½ · 640/74 = 320/74 = 4.324324
    const m = flat(10, 89, 10);
    m.set(40, 40).set(35, 20);
    expect(myersIndex(m)).toBeCloseTo(4.324324, 5);
  });

  it('ignores ages outside 10–89 and is null when nobody is 10–89', () => {
    const m = flat(10, 89, 10);
    m.set(5, 1000).set(90, 1000).set(95, 1000);
    expect(myersIndex(m)).toBeCloseTo(0, 10);
    expect(myersIndex(new Map([[9, 5], [90, 5]]))).toBeNull();
    expect(myersIndex([])).toBeNull();
  });
});

describe('srbPersistentlyAbnormal', () => {
  // Katz log intervals (see srb.ts), 100·exp(ln(m/f) ± 1.96·√(1/m + 1/f)):
  // 6000/5000 → 120 [115.580, 124.589]; 4800/5000 → 96 [92.272, 99.878];
  // 5250/5000 → 105 [101.011, 109.146]; 60/50 → 120 [82.450, 174.652]
  const high = { male: 6000, female: 5000 };
  const low = { male: 4800, female: 5000 };
  const normal = { male: 5250, female: 5000 };

  it('flags three consecutive years with the interval above 107, in any input order', () => {
    const r = srbPersistentlyAbnormal([
      { year: 2024, ...high },
      { year: 2021, ...normal },
      { year: 2022, ...high },
      { year: 2023, ...high },
    ]);
    expect(r.abnormal).toBe(true);
    expect(r.years.map((y) => y.year)).toEqual([2021, 2022, 2023, 2024]);
    expect(r.years[1]!.value).toBeCloseTo(120, 10);
    expect(r.years[1]!.lower).toBeCloseTo(115.580, 3);
    expect(r.years[1]!.upper).toBeCloseTo(124.589, 3);
  });

  it('flags intervals below 103 too', () => {
    const r = srbPersistentlyAbnormal([2022, 2023, 2024].map((year) => ({ year, ...low })));
    expect(r.abnormal).toBe(true);
    expect(r.years[0]!.upper).toBeCloseTo(99.878, 3);
  });

  it('does not flag when the latest year is normal, a year is missing, or the run is too short', () => {
    expect(srbPersistentlyAbnormal([{ year: 2022, ...high }, { year: 2023, ...high }, { year: 2024, ...normal }]).abnormal).toBe(false);
    expect(srbPersistentlyAbnormal([{ year: 2020, ...high }, { year: 2022, ...high }, { year: 2023, ...high }]).abnormal).toBe(false);
    expect(srbPersistentlyAbnormal([{ year: 2023, ...high }, { year: 2024, ...high }]).abnormal).toBe(false);
  });

  it('does not flag a high point value whose interval reaches into the normal range', () => {
    const small = { male: 60, female: 50 };
    const r = srbPersistentlyAbnormal([2022, 2023, 2024].map((year) => ({ year, ...small })));
    expect(r.abnormal).toBe(false);
    expect(r.years[0]!.lower).toBeCloseTo(82.450, 3);
  });

  it('takes the range and run length as parameters', () => {
    // 105 [101.011, 109.146] is entirely above 100
    const years = [2023, 2024].map((year) => ({ year, ...normal }));
    expect(srbPersistentlyAbnormal(years, 95, 100, 2).abnormal).toBe(true);
  });

  it('does not flag years without female births (no interval)', () => {
    const r = srbPersistentlyAbnormal([2022, 2023, 2024].map((year) => ({ year, male: 10, female: 0 })));
    expect(r.abnormal).toBe(false);
    expect(r.years[0]).toEqual({ year: 2022, value: null, lower: null, upper: null });
  });
});

describe('poissonLowerTail', () => {
  it('sums the exact terms', () => {
    // λ=10, x=3: e^−10 (1 + 10 + 100/2 + 1000/6) = 4.539993e-5 · 227.666667 = 0.0103360507
    expect(poissonLowerTail(10, 3)).toBeCloseTo(0.0103360507, 9);
    // λ=0.5, x=0: e^−0.5 = 0.6065306597
    expect(poissonLowerTail(0.5, 0)).toBeCloseTo(0.6065306597, 9);
    // λ=10, x=10: 0.5830397502 (the sum of the 11 terms; scipy.stats.poisson.cdf(10, 10) agrees)
    expect(poissonLowerTail(10, 10)).toBeCloseTo(0.5830397502, 9);
  });

  it('stays exact where e^−λ underflows', () => {
    // λ=900 > 745: e^−900 is 0 in double precision. P(X ≤ 800) = 3.689232e-4 (scipy.stats.poisson.cdf(800, 900))
    expect(poissonLowerTail(900, 800) / 3.689232315e-4).toBeCloseTo(1, 6);
  });

  it('returns 1 far above the mean without summing every term', () => {
    expect(poissonLowerTail(5, 1e9)).toBe(1);
  });

  it('uses the normal approximation with continuity correction above λ = 1000', () => {
    // λ=2000, x=1900: z = (1900.5 − 2000)/√2000 = −99.5/44.72136 = −2.2248876; Φ(z) = 0.0130444
    // (the exact Poisson tail is 0.0125464: the approximation is 4% high here)
    expect(poissonLowerTail(2000, 1900)).toBeCloseTo(0.0130444, 6);
  });

  it('handles the edges', () => {
    expect(poissonLowerTail(10, -1)).toBe(0);
    expect(poissonLowerTail(0, 0)).toBe(1);
    expect(poissonLowerTail(10, 3.7)).toBeCloseTo(0.0103360507, 9); // P(X ≤ 3.7) = P(X ≤ 3)
  });
});

describe('lowRegistration', () => {
  it('needs at least three earlier periods', () => {
    expect(lowRegistration([10, 10], 0)).toBeNull();
  });

  it('flags only when p < 0.01 and observed < 70% of expected', () => {
    // expected (8+10+12)/3 = 10; x=2: e^−10 (1 + 10 + 50) = 4.539993e-5 · 61 = 0.0027693957 → flagged
    expect(lowRegistration([8, 10, 12], 2)).toEqual({ expected: 10, p: expect.closeTo(0.0027693957, 9), flagged: true });
    // x=3: p = 0.0103360507 ≥ 0.01 → not flagged although 3 < 7
    expect(lowRegistration([8, 10, 12], 3)).toEqual({ expected: 10, p: expect.closeTo(0.0103360507, 9), flagged: false });
  });

  it('does not flag a small shortfall in a large count however small p is', () => {
    // λ=5000, x=4000: z = (4000.5 − 5000)/√5000 = −14.135; p ≈ 1.15e-45, but 4000 ≥ 0.7·5000 = 3500
    const r = lowRegistration([5000, 5000, 5000], 4000)!;
    expect(r.p).toBeLessThan(1e-40);
    expect(r.flagged).toBe(false);
    expect(lowRegistration([5000, 5000, 5000], 3400)!.flagged).toBe(true);
  });

  it('never flags when nothing was expected', () => {
    expect(lowRegistration([0, 0, 0], 0)).toEqual({ expected: 0, p: 1, flagged: false });
  });

  it('refuses negative counts', () => {
    expect(() => lowRegistration([1, 2, -3], 0)).toThrow(RangeError);
    expect(() => lowRegistration([1, 2, 3], -1)).toThrow(RangeError);
  });
});
