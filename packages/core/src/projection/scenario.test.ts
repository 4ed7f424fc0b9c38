import { describe, expect, it } from 'vitest';
import { compareScenarios, lifeExpectancyOf, mortalityFactorFor, pathValue, projectScenario, type ProjectionBase } from './scenario';

const OPEN = 100;
const zeros = () => new Array<number>(OPEN + 1).fill(0);

/** A small made-up city: 1,000 of each sex at every age 0..99, a Gompertz-like mortality, fertility 20–39. */
function base(overrides: Partial<ProjectionBase> = {}): ProjectionBase {
  const population = Array.from({ length: OPEN + 1 }, (_, a) => (a < OPEN ? 1000 : 500));
  const mx = Array.from({ length: OPEN + 1 }, (_, a) => Math.min(1, 0.0002 + 0.00003 * Math.exp(0.1 * a)));
  const asfr = Array.from({ length: OPEN + 1 }, (_, a) => (a >= 20 && a < 40 ? 0.06 : 0));
  return { baseYear: 2025, openAge: OPEN, female: { population, mx, netMigration: zeros() }, male: { population, mx, netMigration: zeros() }, asfr, srb: 1.06, ...overrides };
}

describe('paths', () => {
  it('interpolates linearly between points and holds the ends', () => {
    const p = [{ year: 2030, value: 1.0 }, { year: 2040, value: 1.5 }];
    expect(pathValue(p, 2025, 9)).toBe(1.0);
    expect(pathValue(p, 2035, 9)).toBeCloseTo(1.25, 12);
    expect(pathValue(p, 2050, 9)).toBe(1.5);
    expect(pathValue(undefined, 2035, 9)).toBe(9);
  });
});

describe('mortality scaled to a target life expectancy', () => {
  it('finds the factor that gives the target e0', () => {
    const { mx } = base().female;
    const e0 = lifeExpectancyOf('female', mx, OPEN);
    const k = mortalityFactorFor('female', mx, OPEN, e0 + 2);
    expect(k).toBeLessThan(1);
    expect(lifeExpectancyOf('female', mx.map((m) => m * k), OPEN)).toBeCloseTo(e0 + 2, 6);
  });
});

describe('projectScenario', () => {
  it('without fertility, mortality and migration shifts every cohort by one year', () => {
    // Death rates of 1e-12 instead of 0: a life table's open group needs m > 0 to close.
    const still = new Array<number>(OPEN + 1).fill(1e-12);
    const b = base({ asfr: zeros(), female: { ...base().female, mx: still }, male: { ...base().male, mx: still } });
    const r = projectScenario(b, { name: 'still' }, 3);
    expect(r.female[3]!.slice(0, 3)).toEqual([0, 0, 0]);
    expect(r.female[3]![3]).toBeCloseTo(1000, 6);
    // The open group gathers the cohorts that reach it: 500 + 1000 (age 99) + 1000 (98) + 1000 (97).
    expect(r.female[3]![OPEN]).toBeCloseTo(3500, 6);
  });

  it('balances each year: P(t+1) = P(t) + births − deaths + migrants', () => {
    const b = base({ female: { ...base().female, netMigration: Array.from({ length: OPEN + 1 }, (_, a) => (a >= 20 && a < 30 ? 5 : 0)) } });
    const r = projectScenario(b, { name: 'base' }, 10);
    for (let i = 1; i < r.years.length; i++) {
      const y = r.years[i]!;
      expect(y.total).toBeCloseTo(r.years[i - 1]!.total + y.births - y.deaths + y.netMigration, 6);
    }
    expect(r.years[1]!.netMigration).toBeCloseTo(50, 9);
  });

  it('follows the TFR and e0 paths; a higher TFR gives more births and, six years on, more school children', () => {
    const b = base();
    expect(projectScenario(b, { name: 'x' }, 1).years[0]!.tfr).toBeCloseTo(1.2, 12);
    const low = projectScenario(b, { name: 'low', tfr: [{ year: 2026, value: 1.0 }] }, 15);
    const high = projectScenario(b, { name: 'high', tfr: [{ year: 2026, value: 1.5 }], e0: { female: [{ year: 2040, value: 85 }] } }, 15);
    expect(high.years[15]!.e0Female).toBe(85);
    // Births follow the TFR: 1.5 / 1.0 (a hair more: the higher e0 keeps a few more mothers alive in the year).
    expect(high.years[1]!.births / low.years[1]!.births).toBeCloseTo(1.5, 2);
    const higherTfr = projectScenario(b, { name: 'higher TFR', tfr: [{ year: 2026, value: 1.5 }] }, 15);
    const impact = compareScenarios(low, higherTfr);
    expect(impact[1]!.difference.births).toBeCloseTo(higherTfr.years[1]!.births - low.years[1]!.births, 9);
    // Children born from 2026 reach age 6 in 2032: no difference in school-age children before then.
    expect(impact[5]!.difference.schoolAge).toBeCloseTo(0, 6);
    expect(impact[6]!.difference.schoolAge).toBeCloseTo(0, 6);
    expect(impact[7]!.difference.schoolAge).toBeGreaterThan(0);
    expect(impact[0]!.difference.total).toBe(0);
  });
});
