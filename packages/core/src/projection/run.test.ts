import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors';
import { computeLifeTable, runProjection } from './run';

// Sweden 1993 females, Preston et al. (2001) Box 6.1/6.2 inputs; see ccmpp.test.ts for the source.
const P1993 = [293395, 248369, 240012, 261346, 285209, 314388, 281290, 286923, 304108, 324946, 247613, 211351, 215140, 221764, 223506, 183654, 141990, 112424];
const L = [497487, 497138, 496901, 496531, 495902, 495168, 494213, 492760, 490447, 486613, 480665, 471786, 457852, 436153, 402775, 350358, 271512, 291707];
const F = [0, 0, 0, 0.012, 0.0908, 0.1499, 0.1125, 0.0441, 0.0074, 0.0003, 0, 0, 0, 0, 0, 0, 0, 0];
const MIG = [6840, 4150, 3365, 5270, 9240, 8230, 5470, 3155, 1770, 1115, 1075, 845, 645, 530, 465, 300, 250, 175];
const PRINTED_1998 = [302392, 298682, 252007, 244150, 268267, 293515, 320624, 284767, 288031, 303166, 322062, 243989, 205841, 205516, 205270, 194771, 142565, 131966];
const SWEDEN = { ageInterval: 5, openAge: 85, steps: 2, baseYear: 1993, srb: 1.05, radix: 100000, migrationTiming: 'even', female: { population: P1993, nLx: L, asfr: F, netMigration: MIG } };

function errorOf(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError');
}

describe('runProjection (the JSON interface)', () => {
  it('projects the Box 6.2 input with years, populations per year, births per step and the summary', () => {
    const out = runProjection(SWEDEN);
    expect(out.years).toEqual([1993, 1998, 2003]);
    expect(out.female[1]!.map(Math.round)).toEqual(PRINTED_1998);
    expect(out.female).toHaveLength(3);
    expect(out.male).toBeNull();
    expect(out.births).toHaveLength(2);
    expect(out.births[0]!.byMotherAge).toHaveLength(18);
    expect(out.summary.tfr).toBeCloseTo(2.085, 12);
    expect(out.summary.stable).toHaveLength(18);
    expect(out.clamped).toEqual([]);
  });

  it('accepts a life table from deaths and exposures in place of nLx (abridged ages 0, 1, 5, …)', () => {
    const ages = [0, 1, 5, 10, 15];
    const exposures = [1000, 4000, 5000, 5000, 3000];
    const deaths = [10, 2, 1, 2, 300];
    // Each sex gets its own Coale–Demeny 1a0 and 4a1, so the two tables differ although the data are equal.
    const nLxOf = (sex: 'female' | 'male') => {
      const t = computeLifeTable({ sex, ages, exposures, deaths });
      return [t.rows[0]!.Lx + t.rows[1]!.Lx, t.rows[2]!.Lx, t.rows[3]!.Lx, t.rows[4]!.Tx];
    };
    const base = { ageInterval: 5, openAge: 15, steps: 3, baseYear: 2020, srb: 1.1, migrationTiming: 'end' };
    const population = [5000, 5000, 5000, 3000];
    const asfr = [0, 0, 0.05, 0.01];
    const a = runProjection({ ...base, female: { population, asfr, lifeTable: { exposures, deaths } }, male: { population, lifeTable: { exposures, deaths } } });
    const b = runProjection({ ...base, female: { population, asfr, nLx: nLxOf('female') }, male: { population, nLx: nLxOf('male') } });
    expect(a.female).toEqual(b.female);
    expect(a.male).toEqual(b.male);
  });

  it('names every bad field with a bilingual reason', () => {
    const e = errorOf(() => runProjection({ ...SWEDEN, ageInterval: 3, migrationTiming: 'later', female: { ...SWEDEN.female, population: [...P1993.slice(0, 17), -5] } }));
    expect(e.code).toBe('PROJECTION_INPUT');
    expect(e.details.map((d) => d.path)).toEqual(['ageInterval', 'migrationTiming', 'female.population[17]']);
    expect(e.details[0]).toMatchObject({ value: 3, reason: { zh: '取值不在允许范围内（1、5）', en: 'must be one of 1, 5' } });
    expect(e.details[1]).toMatchObject({ value: 'later', reason: { en: 'must be one of "even", "end"' } });
    expect(e.details[2]).toMatchObject({ value: -5, reason: { zh: '不能为负数', en: 'must not be negative' } });
  });

  it('reports lengths that disagree with openAge / ageInterval, and misplaced or missing fields', () => {
    const e = errorOf(() => runProjection({ ...SWEDEN, female: { population: P1993.slice(1), nLx: L, netMigration: MIG }, male: { population: P1993, asfr: F } }));
    expect(e.details.map((d) => d.path)).toEqual(['female.population', 'female.asfr', 'male.asfr', 'male.nLx']);
    expect(e.details[0]!.reason.en).toBe('needs 18 values (ages 0, 5, …, 85+) but has 17');
    expect(errorOf(() => runProjection({ ...SWEDEN, openAge: 83 })).details[0]!.path).toBe('openAge');
    expect(errorOf(() => runProjection({ ...SWEDEN, female: { ...SWEDEN.female, nlx: L } })).details[0]).toMatchObject({ path: 'female.nlx', reason: { en: 'unknown field(s): nlx' } });
  });

  it('catches a wrong radix through survival above 1', () => {
    const e = errorOf(() => runProjection({ ...SWEDEN, radix: 1 }));
    expect(e.details[0]).toMatchObject({ path: 'female.nLx[0]', reason: { en: expect.stringContaining('check the radix') as string } });
  });

  it('names the field inside a nested life table: exposure 0 where deaths > 0', () => {
    const e = errorOf(() =>
      runProjection({ ageInterval: 5, openAge: 10, steps: 1, baseYear: 2020, srb: 1.05, female: { population: [1, 1, 1], asfr: [0, 0.1, 0], lifeTable: { exposures: [100, 0, 100, 100], deaths: [1, 1, 1, 50] } } }),
    );
    expect(e.details).toEqual([{ path: 'female.lifeTable.exposures[1]', value: 0, reason: { zh: '暴露人年为 0，但死亡数为 1', en: 'is 0 but deaths[1] is 1' } }]);
  });
});

describe('computeLifeTable (the JSON interface)', () => {
  it('accepts mx instead of exposures and deaths, and applies the default radix', () => {
    const t = computeLifeTable({ sex: 'male', ages: [0, 1, 2], mx: [0.01, 0.001, 0.1] });
    expect(t.rows[0]!.lx).toBe(100000);
    expect(t.kind).toBe('single');
  });

  it('rejects both sources at once, a missing half, and an unknown sex', () => {
    expect(errorOf(() => computeLifeTable({ sex: 'male', ages: [0, 1, 2], mx: [0.01, 0.001, 0.1], deaths: [1, 1, 1] })).details[0]!.path).toBe('mx');
    expect(errorOf(() => computeLifeTable({ sex: 'male', ages: [0, 1, 2], deaths: [1, 1, 1] })).details[0]).toMatchObject({ path: 'exposures', reason: { en: 'deaths are given but exposures are missing' } });
    expect(errorOf(() => computeLifeTable({ sex: 'x', ages: [0, 1, 2], mx: [1, 1, 1] })).details[0]!.path).toBe('sex');
  });
});
