import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { projectCohortComponent, type CohortProjectionInput, type MigrationTiming } from './ccmpp';
import { leslieMatrix, projectionSummary } from './summary';

/* Properties of the cohort-component engine that must hold for any input (fast-check). */

const sum = (v: readonly number[]) => v.reduce((a, x) => a + x, 0);
const count = fc.double({ min: 0, max: 1e6, noNaN: true, noDefaultInfinity: true });

interface Case {
  k: number;
  n: 1 | 5;
  steps: number;
  timing: MigrationTiming;
  srb: number;
  population: number[];
  survival: number[];
  asfr: number[];
  migration: number[];
}

const caseArb = (opts: { migration: boolean; bigOutflow?: boolean }) =>
  fc.integer({ min: 2, max: 24 }).chain((k) =>
    fc.record({
      k: fc.constant(k),
      n: fc.constantFrom<1 | 5>(1, 5),
      steps: fc.integer({ min: 1, max: 6 }),
      timing: fc.constantFrom<MigrationTiming>('even', 'end'),
      srb: fc.double({ min: 0.8, max: 1.3, noNaN: true }),
      population: fc.array(count, { minLength: k, maxLength: k }),
      survival: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: k, maxLength: k }),
      asfr: fc.array(fc.double({ min: 0, max: 0.3, noNaN: true }), { minLength: k, maxLength: k }).map((a) => [0, ...a.slice(1)]),
      migration: opts.migration
        ? fc.array(fc.double({ min: opts.bigOutflow ? -5e6 : -1e4, max: 1e4, noNaN: true }), { minLength: k, maxLength: k })
        : fc.constant(new Array<number>(k).fill(0)),
    }),
  );

const toInput = (c: Case, withMale: boolean): CohortProjectionInput => ({
  ageInterval: c.n,
  steps: c.steps,
  baseYear: 2020,
  srb: c.srb,
  migrationTiming: c.timing,
  asfr: c.asfr,
  female: { population: c.population, survival: c.survival, netMigration: c.migration },
  ...(withMale ? { male: { population: c.population.map((x) => x * 1.02), survival: c.survival.map((x) => x * 0.99), netMigration: c.migration } } : {}),
});

describe('cohort-component properties', () => {
  it('without fertility, mortality or migration every cohort moves up one group and the open group accumulates', () => {
    fc.assert(
      fc.property(caseArb({ migration: false }), (c) => {
        const p = projectCohortComponent({ ...toInput(c, true), asfr: new Array<number>(c.k).fill(0), female: { population: c.population, survival: new Array<number>(c.k).fill(1) } });
        for (let t = 1; t <= c.steps; t++) {
          const prev = p.female[t - 1]!;
          const expected = [0, ...prev.slice(0, c.k - 2), prev[c.k - 2]! + prev[c.k - 1]!];
          if (c.k === 2) expected.splice(0, expected.length, 0, prev[0]! + prev[1]!);
          expect(p.female[t]).toEqual(expected);
        }
      }),
    );
  });

  it('equal inputs for both sexes and SRB 1 give equal sexes', () => {
    fc.assert(
      fc.property(caseArb({ migration: true, bigOutflow: true }), (c) => {
        const sex = { population: c.population, survival: c.survival, netMigration: c.migration };
        const p = projectCohortComponent({ ...toInput(c, false), srb: 1, female: sex, male: sex });
        expect(p.male).toEqual(p.female);
      }),
    );
  });

  it('balances every step for both timings: P(t+n) = P(t) + births − deaths + migrants, per sex', () => {
    fc.assert(
      fc.property(caseArb({ migration: true, bigOutflow: true }), fc.boolean(), (c, withMale) => {
        const p = projectCohortComponent(toInput(c, withMale));
        for (let t = 0; t < c.steps; t++) {
          const b = p.births[t]!;
          expect(b.female + b.male).toBeCloseTo(b.total, 6);
          expect(sum(b.byMotherAge)).toBeCloseTo(b.total, 6);
          const f = sum(p.female[t]!) + b.female - p.deaths[t]!.female + p.migrants[t]!.female;
          expect(Math.abs(sum(p.female[t + 1]!) - f)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(f), sum(p.female[t]!)) + 1e-6);
          if (withMale) {
            const m = sum(p.male![t]!) + b.male - p.deaths[t]!.male! + p.migrants[t]!.male!;
            expect(Math.abs(sum(p.male![t + 1]!) - m)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(m), sum(p.male![t]!)) + 1e-6);
          }
        }
      }),
    );
  });

  it('never produces a negative population, and reports every clamp', () => {
    fc.assert(
      fc.property(caseArb({ migration: true, bigOutflow: true }), (c) => {
        const p = projectCohortComponent(toInput(c, true));
        for (const v of [...p.female, ...p.male!]) expect(v.every((x) => x >= 0)).toBe(true);
        const given = sum(c.migration) * c.steps;
        const applied = sum(p.migrants.map((m) => m.female));
        const femaleShortfall = sum(p.clamped.filter((x) => x.sex === 'female').map((x) => x.shortfall));
        expect(applied).toBeCloseTo(given + femaleShortfall, 3);
      }),
    );
  });

  it('the stable distribution is a fixed point of the Leslie matrix up to λ', () => {
    const arb = fc.integer({ min: 3, max: 30 }).chain((k) =>
      fc.record({
        k: fc.constant(k),
        n: fc.constantFrom<1 | 5>(1, 5),
        srb: fc.double({ min: 0.9, max: 1.2, noNaN: true }),
        survival: fc.array(fc.double({ min: 0.3, max: 1, noNaN: true }), { minLength: k, maxLength: k }),
        asfr: fc.array(fc.double({ min: 0, max: 0.4, noNaN: true }), { minLength: k, maxLength: k }).map((a) => [0, ...a.slice(1)]),
      }),
    );
    fc.assert(
      fc.property(arb, ({ n, srb, survival, asfr }) => {
        const s = projectionSummary({ ageInterval: n, srb, asfr, survival, Lx: survival, radix: 1 });
        const m = leslieMatrix({ ageInterval: n, srb, asfr, survival });
        const mv = m.map((row) => row.reduce((a, x, j) => a + x * s.stable[j]!, 0));
        expect(sum(s.stable)).toBeCloseTo(1, 12);
        mv.forEach((x, i) => expect(Math.abs(x - s.lambda * s.stable[i]!)).toBeLessThan(1e-9));
      }),
    );
  });
});
