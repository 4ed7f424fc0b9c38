import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors';
import { coaleDemenyA0, coaleDemenyA1, lifeTableFromCounts, lifeTableFromRates } from './life-table';

/*
 * Source: Preston, S. H., Heuveline, P. & Guillot, M. (2001), Demography: Measuring and Modeling Population
 * Processes, Blackwell, Box 3.1 (p. 49), "Austria, males, 1992" (data: United Nations 1994).
 * Inputs (mid-year population nNx, deaths nDx) and the printed nax, lx, ndx and nLx columns as transcribed
 * in the IHME demCore R package (data-raw/austria_1992_lt.R, "copied-over values … cross-referenced with
 * the values in the book"); the lx column is also in the pash R package (prestons_lx, "p. 51").
 * nax at 10–80 in the box come from a graduation the box does not repeat, so they are given as input;
 * 1a0 and 4a1 are computed here by the Coale–Demeny rule and compared with the printed 0.068 and 1.626.
 */
const AGES = [0, 1, 5, 10, 15, 20, 25, 30, 35, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85];
const POPULATION = [47925, 189127, 234793, 238790, 254996, 326831, 355086, 324222, 269963, 261971, 238011, 261612, 181385, 187962, 153832, 105169, 73694, 57512, 32248];
const DEATHS = [419, 70, 36, 46, 249, 420, 403, 441, 508, 769, 1154, 1866, 2043, 3496, 4366, 4337, 5279, 6460, 6146];
const NAX_GIVEN = [null, null, null, 3.143, 2.724, 2.52, 2.481, 2.601, 2.701, 2.663, 2.698, 2.676, 2.645, 2.624, 2.619, 2.593, 2.518, 2.423, null];
const PRINTED = {
  ax: [0.068, 1.626, 2.5, 3.143, 2.724, 2.52, 2.481, 2.601, 2.701, 2.663, 2.698, 2.676, 2.645, 2.624, 2.619, 2.593, 2.518, 2.423, 5.247],
  lx: [100000, 99133, 98986, 98910, 98815, 98334, 97704, 97151, 96492, 95588, 94195, 91937, 88711, 83845, 76377, 66225, 53803, 37441, 21134],
  dx: [867, 147, 76, 95, 481, 630, 553, 659, 904, 1393, 2258, 3225, 4867, 7467, 10152, 12422, 16362, 16307, 21134],
  Lx: [99192, 396183, 494741, 494375, 492980, 490106, 487127, 484175, 480384, 474686, 465777, 452188, 432096, 401480, 357713, 301224, 228404, 145182, 110889],
};

const austria = () => lifeTableFromCounts({ sex: 'male', ages: AGES, exposures: POPULATION, deaths: DEATHS, nax: NAX_GIVEN });

describe('Preston et al. (2001) Box 3.1: Austria 1992 males, abridged life table from deaths and mid-year population', () => {
  const t = austria();

  it('computes 1a0 and 4a1 by Coale–Demeny as printed (3 decimals), 5a5 = 2.5 by rule and the open ax = 1/m', () => {
    expect(t.rows.map((r) => Number(r.ax.toFixed(3)))).toEqual(PRINTED.ax);
  });

  it('reproduces the printed lx, ndx and nLx to the printed digit (whole persons) at every age', () => {
    expect(t.rows.map((r) => Math.round(r.lx))).toEqual(PRINTED.lx);
    expect(t.rows.map((r) => Math.round(r.dx))).toEqual(PRINTED.dx);
    expect(t.rows.map((r) => Math.round(r.Lx))).toEqual(PRINTED.Lx);
  });

  it('has nqx consistent with the printed columns (ndx / lx, to the 5 decimals their rounding allows)', () => {
    t.rows.forEach((r, i) => expect(r.qx).toBeCloseTo(PRINTED.dx[i]! / PRINTED.lx[i]!, 4));
    expect(t.rows[18]!.qx).toBe(1);
  });

  it('gives ex = Tx / lx matching the sums of the printed nLx column (e0 = 72.889, e85 = 5.247)', () => {
    PRINTED.lx.forEach((l, i) => {
      const T = PRINTED.Lx.slice(i).reduce((a, b) => a + b, 0);
      expect(t.rows[i]!.ex).toBeCloseTo(T / l, 2);
    });
    expect(t.rows[0]!.ex.toFixed(3)).toBe('72.889');
    expect(t.rows[18]!.ex.toFixed(3)).toBe('5.247');
    expect(t.kind).toBe('abridged');
  });

  it('is internally consistent: lx+n = lx − ndx, px = 1 − qx, Tx = Σ nLx, n as widths with null for the open group', () => {
    for (let i = 0; i + 1 < t.rows.length; i++) expect(t.rows[i + 1]!.lx).toBeCloseTo(t.rows[i]!.lx - t.rows[i]!.dx, 9);
    t.rows.forEach((r) => expect(r.px).toBeCloseTo(1 - r.qx, 15));
    expect(t.rows[0]!.Tx).toBeCloseTo(t.rows.reduce((a, r) => a + r.Lx, 0), 6);
    expect(t.rows.map((r) => r.n)).toEqual([1, 4, ...Array<number>(16).fill(5), null]);
  });
});

describe('Coale–Demeny separation factors (Preston et al. 2001, table 3.3)', () => {
  it('uses the linear formulas below m0 = 0.107 and the constants from it on', () => {
    expect(coaleDemenyA0('male', 0.05)).toBeCloseTo(0.045 + 2.684 * 0.05, 12);
    expect(coaleDemenyA1('male', 0.05)).toBeCloseTo(1.651 - 2.816 * 0.05, 12);
    expect(coaleDemenyA0('female', 0.05)).toBeCloseTo(0.053 + 2.8 * 0.05, 12);
    expect(coaleDemenyA1('female', 0.05)).toBeCloseTo(1.522 - 1.518 * 0.05, 12);
    expect([coaleDemenyA0('male', 0.107), coaleDemenyA1('male', 0.107), coaleDemenyA0('female', 0.2), coaleDemenyA1('female', 0.2)]).toEqual([0.33, 1.352, 0.35, 1.361]);
  });
});

describe('single-year life tables (identities, no published table)', () => {
  const m = 0.02;
  const t = lifeTableFromRates({ sex: 'female', ages: Array.from({ length: 11 }, (_, i) => i), mx: Array<number>(11).fill(m) });

  it('uses 1a0 from Coale–Demeny and 0.5 at other ages', () => {
    expect(t.kind).toBe('single');
    expect(t.rows[0]!.ax).toBeCloseTo(0.053 + 2.8 * m, 12);
    expect(t.rows.slice(1, 10).every((r) => r.ax === 0.5)).toBe(true);
  });

  it('has q = m / (1 + (1 − a)·m), geometric lx under a constant rate, and e = 1/m in the open group', () => {
    expect(t.rows[0]!.qx).toBeCloseTo(m / (1 + (1 - (0.053 + 2.8 * m)) * m), 14);
    for (let i = 1; i < 10; i++) expect(t.rows[i]!.qx).toBeCloseTo(m / (1 + 0.5 * m), 14);
    expect(t.rows[9]!.lx / t.rows[5]!.lx).toBeCloseTo((1 - m / 1.01) ** 4, 12);
    expect(t.rows[10]!.Lx).toBeCloseTo(t.rows[10]!.lx / m, 9);
    expect(t.rows[10]!.ex).toBeCloseTo(1 / m, 12);
  });

  it('gives an mx of 0 a survival of 1 and Lx = lx', () => {
    const z = lifeTableFromRates({ sex: 'male', ages: [0, 1, 2, 3], mx: [0, 0, 0, 0.5] });
    expect(z.rows.slice(0, 3).map((r) => [r.qx, r.lx, r.Lx])).toEqual([[0, 100000, 100000], [0, 100000, 100000], [0, 100000, 100000]]);
    expect(z.rows[3]!.ex).toBe(2);
  });

  it('caps q at 1 when a·m > 1, reports the age and leaves ex undefined (NaN) where nobody survives', () => {
    const c = lifeTableFromRates({ sex: 'male', ages: [0, 1, 5, 10, 15], mx: [0.01, 0.001, 1, 0.2, 0.3], radix: 1 });
    expect(c.cappedQ).toEqual([5]);
    expect(c.rows[2]!.qx).toBe(1);
    expect(c.rows[3]!.lx).toBe(0);
    expect(Number.isNaN(c.rows[3]!.ex)).toBe(true);
    expect(c.rows[4]!.Lx).toBe(0);
  });
});

function errorOf(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError');
}

describe('life table validation: DomainError PROJECTION_INPUT naming the field', () => {
  it('rejects ages that are neither single-year nor abridged', () => {
    const e = errorOf(() => lifeTableFromRates({ sex: 'male', ages: [0, 5, 10], mx: [0.1, 0.1, 0.1] }));
    expect(e.code).toBe('PROJECTION_INPUT');
    expect(e.details[0]).toMatchObject({ path: 'ages', reason: { zh: expect.stringContaining('开口组') as string, en: expect.stringContaining('abridged') as string } });
  });

  it('names lengths that disagree, negative counts, and exposure 0 with deaths', () => {
    const e = errorOf(() => lifeTableFromCounts({ sex: 'female', ages: [0, 1, 5], deaths: [1, -2, 3], exposures: [10, 20] }));
    expect(e.details.map((d) => d.path)).toEqual(['deaths[1]', 'exposures']);
    expect(e.details[0]!.reason.en).toBe('must not be negative');
    expect(e.details[1]!.reason.en).toBe('has 2 values but ages has 3');
    const z = errorOf(() => lifeTableFromCounts({ sex: 'female', ages: [0, 1, 5], deaths: [1, 2, 3], exposures: [10, 0, 30] }));
    expect(z.details).toEqual([{ path: 'exposures[1]', value: 0, reason: { zh: '暴露人年为 0，但死亡数为 2', en: 'is 0 but deaths[1] is 2' } }]);
  });

  it('rejects an ax given for the open group or outside [0, n], and an open group without deaths', () => {
    const e = errorOf(() => lifeTableFromRates({ sex: 'male', ages: [0, 1, 5], mx: [0.01, 0.001, 0.2], nax: [1.5, null, 4] }));
    expect(e.details.map((d) => d.path)).toEqual(['nax[0]', 'nax[2]']);
    const open = errorOf(() => lifeTableFromCounts({ sex: 'male', ages: [0, 1, 5], deaths: [1, 1, 0], exposures: [100, 400, 50] }));
    expect(open.details[0]!.path).toBe('deaths[2]');
  });

  it('treats an age group with neither exposure nor deaths as mx = 0', () => {
    const t = lifeTableFromCounts({ sex: 'female', ages: [0, 1, 2], deaths: [1, 0, 5], exposures: [100, 0, 50] });
    expect(t.rows[1]!.mx).toBe(0);
  });
});
