import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors';
import { projectCohortComponent, projectionLx, survivalRatiosFromLx, validateCohortInput, type CohortProjectionInput } from './ccmpp';
import { lifeTableFromRates } from './life-table';
import { leslieMatrix } from './summary';

/*
 * Source: Preston, Heuveline & Guillot (2001), Demography, Box 6.1 (data, p. 125) and Box 6.2 (projection of
 * the female population of Sweden from 1993 to 1998 with net migration, half of the migrants at the start
 * and half at the end of the step). Inputs: female population 1993, female 5Lx (l0 = 100,000; last value
 * T85), 5Fx (births of both sexes per woman per year), net female migrants per five years.
 * The printed results (1998 female population by age, births by age of mother) are those transcribed in
 * the UN Population Division's ccmppWPP R package (data-raw/sweden_1993.R; its test "All functions
 * reproduce Preston et al. Box 6.2" compares rounded to whole persons). The same inputs are in
 * G. Rodríguez's Princeton computing log "Population Projections" (sweden93.dat).
 */
const P1993 = [293395, 248369, 240012, 261346, 285209, 314388, 281290, 286923, 304108, 324946, 247613, 211351, 215140, 221764, 223506, 183654, 141990, 112424];
const L = [497487, 497138, 496901, 496531, 495902, 495168, 494213, 492760, 490447, 486613, 480665, 471786, 457852, 436153, 402775, 350358, 271512, 291707];
const F = [0, 0, 0, 0.012, 0.0908, 0.1499, 0.1125, 0.0441, 0.0074, 0.0003, 0, 0, 0, 0, 0, 0, 0, 0];
const MIG = [6840, 4150, 3365, 5270, 9240, 8230, 5470, 3155, 1770, 1115, 1075, 845, 645, 530, 465, 300, 250, 175];
const PRINTED_1998 = [302392, 298682, 252007, 244150, 268267, 293515, 320624, 284767, 288031, 303166, 322062, 243989, 205841, 205516, 205270, 194771, 142565, 131966];
const PRINTED_BIRTHS = [0, 0, 0, 15244, 126688, 229354, 170057, 63203, 10971, 472, 0, 0, 0, 0, 0, 0, 0, 0];

const S = survivalRatiosFromLx(L, 100_000, 5);
const sweden = (over: Partial<CohortProjectionInput> = {}): CohortProjectionInput => ({
  ageInterval: 5,
  steps: 1,
  baseYear: 1993,
  srb: 1.05,
  migrationTiming: 'even',
  asfr: F,
  female: { population: P1993, survival: S, netMigration: MIG },
  ...over,
});

describe('Preston et al. (2001) Box 6.2: Sweden 1993 females, five-year step, migrants half at start and half at end', () => {
  const p = projectCohortComponent(sweden());

  it('reproduces the printed 1998 female population at every age to the whole person', () => {
    expect(p.years).toEqual([1993, 1998]);
    expect(p.female[0]).toEqual(P1993);
    expect(p.female[1]!.map(Math.round)).toEqual(PRINTED_1998);
  });

  it('reproduces the printed births by age of mother to the whole birth, and splits them by the SRB', () => {
    expect(p.births[0]!.byMotherAge.map(Math.round)).toEqual(PRINTED_BIRTHS);
    const b = p.births[0]!;
    expect(Math.abs(b.total - PRINTED_BIRTHS.reduce((a, x) => a + x, 0))).toBeLessThan(1);
    expect(b.female).toBeCloseTo(b.total / 2.05, 9);
    expect(b.male).toBeCloseTo((b.total * 1.05) / 2.05, 9);
    expect(p.male).toBeNull();
  });

  it('with identical male inputs gives the two-sex value of ccmppWPP (not printed by Preston): males 0–4 = 317,340', () => {
    const two = projectCohortComponent(sweden({ male: { population: P1993, survival: S, netMigration: MIG } }));
    expect(Math.round(two.male![1]![0]!)).toBe(317340);
    expect(two.male![1]!.slice(1)).toEqual(two.female[1]!.slice(1));
  });

  it('uses the survival ratios of the box: 5L0/(5·l0), 5Lx/5Lx−5 and T85/T80', () => {
    expect(S[0]).toBeCloseTo(497487 / 500000, 15);
    expect(S[3]).toBeCloseTo(496531 / 496901, 15);
    expect(S[17]).toBeCloseTo(291707 / (271512 + 291707), 15);
  });
});

describe('the Leslie matrix reproduces the closed projection (same survival and fertility terms)', () => {
  it('L · P(1993) equals the projection without migration, to 1e-9 relative', () => {
    const closed = projectCohortComponent(sweden({ female: { population: P1993, survival: S } }));
    const m = leslieMatrix({ ageInterval: 5, srb: 1.05, asfr: F, survival: S });
    const lp = m.map((row) => row.reduce((a, x, j) => a + x * P1993[j]!, 0));
    lp.forEach((v, i) => expect(v / closed.female[1]![i]!).toBeCloseTo(1, 9));
  });
});

describe('hand-checked small projections', () => {
  const base: CohortProjectionInput = { ageInterval: 5, steps: 1, baseYear: 2020, srb: 1, migrationTiming: 'end', asfr: [0, 0.1, 0], female: { population: [100, 80, 40], survival: [0.9, 0.95, 0.5], netMigration: [10, -20, 4] } };

  it("'end' timing: survivors, births from start and survived women, then all migrants", () => {
    const p = projectCohortComponent(base);
    // survivors: 100·0.95 = 95 into 5–9; (80 + 40)·0.5 = 60 into 10+; births 5·0.1·(80 + 95)/2 = 43.75
    expect(p.births[0]!.total).toBeCloseTo(43.75, 12);
    expect(p.female[1]).toEqual([43.75 / 2 * 0.9 + 10, 95 - 20, 60 + 4]);
    expect(p.deaths[0]!.female).toBeCloseTo(100 * 0.05 + 120 * 0.5 + (43.75 / 2) * 0.1, 12);
  });

  it("'even' timing: half the migrants survive from the start, half arrive at the end", () => {
    const p = projectCohortComponent({ ...base, migrationTiming: 'even' });
    // start = [105, 70, 42]; survivors 105·0.95 − 10 = 89.75; (70 + 42)·0.5 + 2 = 58; births 5·0.1·(70 + 89.75)/2
    const births = (5 * 0.1 * (70 + 89.75)) / 2;
    expect(p.births[0]!.total).toBeCloseTo(births, 12);
    expect(p.female[1]![1]).toBeCloseTo(89.75, 12);
    expect(p.female[1]![2]).toBeCloseTo(58, 12);
    expect(p.female[1]![0]).toBeCloseTo((births / 2) * 0.9 + 5, 12);
  });

  it('clamps populations at 0 and reports where, when and how many fewer people left', () => {
    const p = projectCohortComponent({ ...base, migrationTiming: 'even', female: { population: [100, 80, 40], survival: [0.9, 0.95, 0.5], netMigration: [0, -300, 0] } });
    expect(p.female[1]!.every((x) => x >= 0)).toBe(true);
    expect(p.clamped).toEqual([
      { year: 2020, sex: 'female', age: 5, stage: 'start', shortfall: 70 },
      { year: 2025, sex: 'female', age: 5, stage: 'end', shortfall: 55 },
    ]);
    const total = (v: readonly number[]) => v.reduce((a, x) => a + x, 0);
    expect(total(p.female[1]!)).toBeCloseTo(total(p.female[0]!) + p.births[0]!.female - p.deaths[0]!.female + p.migrants[0]!.female, 9);
  });

  it('builds person-years per projection group from an abridged life table ending above the open age', () => {
    const t = lifeTableFromRates({ sex: 'female', ages: [0, 1, 5, 10, 15], mx: [0.01, 0.001, 0.001, 0.002, 0.1] });
    const Lx = projectionLx(t, 5, 10);
    expect(Lx).toEqual([t.rows[0]!.Lx + t.rows[1]!.Lx, t.rows[2]!.Lx, t.rows[3]!.Tx]);
  });
});

describe('engine validation', () => {
  const errorOf = (input: CohortProjectionInput): DomainError => {
    try {
      validateCohortInput(input);
    } catch (e) {
      if (e instanceof DomainError) return e;
    }
    throw new Error('expected a DomainError');
  };

  it('names the interval, the timing, lengths that disagree, negative counts and survival above 1', () => {
    const e = errorOf({
      ...sweden(),
      ageInterval: 3,
      migrationTiming: 'sometimes' as never,
      female: { population: [...P1993.slice(0, 17), -1], survival: S.map((x, i) => (i === 2 ? 1.2 : x)), netMigration: MIG.slice(1) },
    });
    expect(e.code).toBe('PROJECTION_INPUT');
    expect(e.details.map((d) => d.path)).toEqual(['ageInterval', 'migrationTiming', 'female.population[17]', 'female.survival[2]', 'female.netMigration']);
    expect(e.details[0]!.reason).toEqual({ zh: '年龄组距（即预测步长）只能是 1 或 5 年', en: 'the age interval (= the projection step) must be 1 or 5 years' });
  });

  it('rejects fertility in the youngest group', () => {
    expect(errorOf({ ...sweden(), asfr: F.map((x, i) => (i === 0 ? 0.1 : x)) }).details[0]!.path).toBe('asfr[0]');
  });
});
