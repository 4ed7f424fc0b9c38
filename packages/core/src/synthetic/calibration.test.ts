import { describe, expect, it } from 'vitest';
import { ageOn } from '../common/common';
import { ageInYears, dayOf, formatDay, parseDay } from './calendar';
import { E0_2020 } from './calibration';
import { lifeExpectancy, mortalityFor } from './mortality';
import { stream } from './prng';
import { buildReport, censusPyramidShares, type ReportCounts } from './report';
import { countsFromPopulation, reportWindows } from './report-counts';
import { ASFR_2020, censusSingleYears, spreadGroups } from './schedules';
import { generatePopulation } from './generate';
import { testRegion } from './synthetic.fixtures';

describe('calendar helpers', () => {
  it('round-trip dates and follow the registry’s age rule, 29 February included', () => {
    const rng = stream('t', 'calendar');
    for (let k = 0; k < 2000; k++) {
      const birth = dayOf(1920, 1, 1) + rng.int(40000);
      const on = birth + rng.int(40000);
      expect(parseDay(formatDay(birth))).toBe(birth);
      expect(ageInYears(birth, on)).toBe(ageOn(formatDay(birth), formatDay(on)));
    }
    expect(ageInYears(parseDay('2000-02-29'), parseDay('2021-02-28'))).toBe(20);
    expect(ageInYears(parseDay('2000-02-29'), parseDay('2021-03-01'))).toBe(21);
  });
});

describe('seeded random numbers', () => {
  it('repeat for a seed and differ between seeds', () => {
    const a = stream('1', 'x');
    const b = stream('1', 'x');
    const c = stream('2', 'x');
    const xs = Array.from({ length: 5 }, () => a.u32());
    expect(Array.from({ length: 5 }, () => b.u32())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c.u32())).not.toEqual(xs);
  });
});

describe('calibration schedules', () => {
  it('fits Gompertz–Makeham mortality to the published life expectancy, women above men', () => {
    const m = mortalityFor('male', 2020);
    const f = mortalityFor('female', 2020);
    expect(lifeExpectancy(m)).toBeCloseTo(E0_2020.male, 2);
    expect(lifeExpectancy(f)).toBeCloseTo(E0_2020.female, 2);
    expect(lifeExpectancy(mortalityFor('female', 2025))).toBeGreaterThan(lifeExpectancy(f));
    // Both sexes weighted by the 2020 sex ratio at birth: near the published 77.93.
    const both = (111.3 * lifeExpectancy(m) + 100 * lifeExpectancy(f)) / 211.3;
    expect(Math.abs(both - E0_2020.both)).toBeLessThan(0.3);
  });

  it('spreads grouped figures over single years without changing the group sums', () => {
    const spread = spreadGroups([{ from: 0, to: 4, value: 50 }, { from: 5, to: 9, value: 100 }, { from: 10, to: 14, value: 30 }]);
    expect(spread.slice(5, 10).reduce((s, v) => s + v, 0)).toBeCloseTo(100, 9);
    expect(censusSingleYears('male').reduce((s, v) => s + v, 0)).toBeCloseTo(721_416_394, 0);
    expect(ASFR_2020.reduce((s, v) => s + v, 0)).toBeCloseTo(1.288, 3);
  });
});

describe('demo report', () => {
  const flat = (n: number) => new Array<number>(21).fill(n);
  const counts: ReportCounts = {
    region: '3305',
    until: '2021-12-31',
    baselineMale: flat(10),
    baselineFemale: flat(10),
    currentMale: flat(10),
    currentFemale: flat(10),
    years: [
      { year: 2021, days: 365, daysInYear: 365, midPopulation: 1000, maleBirths: 4, femaleBirths: 3, deaths: 8, birthsByMotherAge: [...new Array<number>(14).fill(0), 7, ...new Array<number>(20).fill(0)], womenByAge: new Array<number>(35).fill(20) },
    ],
    familyHouseholds: 10,
    familyMembers: 26,
    collectiveHouseholds: 1,
    collectiveMembers: 5,
    residents: 100,
    mismatch: 33,
    hukouOutside: 25,
  };
  it('computes rates from counts and checks them against the tolerances', () => {
    const r = buildReport(counts);
    expect(r.years[0]).toMatchObject({ births: 7, cbr: 7, cdr: 8, tfr: 0.35 });
    expect(r.pooled.srb).toBeCloseTo(133.33, 2);
    expect(r.householdSize).toBe(2.6);
    expect(r.mismatchShare).toBe(0.33);
    expect(r.checks.find((c) => c.name.startsWith('SRB'))!.ok).toBe(false);
    expect(r.checks.find((c) => c.name.startsWith('CBR'))!.ok).toBe(true);
    expect(r.ok).toBe(false);
  });
  it('has census shares that add up to 100 %', () => {
    const s = censusPyramidShares();
    expect([...s.male, ...s.female].reduce((a, b) => a + b, 0)).toBeCloseTo(100, 6);
  });
  it('cuts the history into calendar-year windows', () => {
    expect(reportWindows('2022-03-01').map((w) => [w.year, w.from, w.to, w.days])).toEqual([
      [2020, '2020-11-01', '2020-12-31', 61],
      [2021, '2021-01-01', '2021-12-31', 365],
      [2022, '2022-01-01', '2022-03-01', 60],
    ]);
  });
  it('passes every check on a generated population (scale 0.01, pooled 2021–2025)', () => {
    const pop = generatePopulation({ regions: testRegion(), scale: 0.01, seed: '7', until: '2025-12-31' });
    const r = buildReport(countsFromPopulation(pop, '2025-12-31'));
    expect(r.checks.filter((c) => !c.ok)).toEqual([]);
  });
});
