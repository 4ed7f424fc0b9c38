import { describe, expect, it } from 'vitest';
import { projectCohortComponent, survivalRatiosFromLx } from './ccmpp';
import { dominantEigen, fertilityMeasures, leslieMatrix, projectionSummary } from './summary';

// Sweden 1993 females: Preston, Heuveline & Guillot (2001) Box 6.1 inputs (see ccmpp.test.ts for the source).
const L = [497487, 497138, 496901, 496531, 495902, 495168, 494213, 492760, 490447, 486613, 480665, 471786, 457852, 436153, 402775, 350358, 271512, 291707];
const F = [0, 0, 0, 0.012, 0.0908, 0.1499, 0.1125, 0.0441, 0.0074, 0.0003, 0, 0, 0, 0, 0, 0, 0, 0];
const S = survivalRatiosFromLx(L, 100_000, 5);

describe('fertility measures', () => {
  const m = fertilityMeasures({ ageInterval: 5, srb: 1.05, asfr: F, Lx: L, radix: 100_000 });

  it('TFR = 5·ΣF, GRR = TFR/(1+SRB), NRR = Σ F·ffab·5Lx/l0, mean age = Σ(x+2.5)F/ΣF (Sweden 1993 inputs)', () => {
    expect(m.tfr).toBeCloseTo(5 * 0.417, 12);
    expect(m.grr).toBeCloseTo((5 * 0.417) / 2.05, 12);
    const nrr = F.reduce((a, f, i) => a + (f * L[i]!) / 100_000, 0) / 2.05;
    expect(m.nrr).toBeCloseTo(nrr, 12);
    expect(m.mac).toBeCloseTo((17.5 * 0.012 + 22.5 * 0.0908 + 27.5 * 0.1499 + 32.5 * 0.1125 + 37.5 * 0.0441 + 42.5 * 0.0074 + 47.5 * 0.0003) / 0.417, 12);
  });

  /*
   * Published worked example: Preston et al. (2001) Box 7.1 (Egypt), as computed in G. Rodríguez, "Stable
   * Populations", Princeton computing log (grodri.github.io/demography/stablepop): with 5Lx (radix 1) and
   * the maternity function (daughters) for ages 15–49, NRR = Σ L·m = 1.527413734. ASFR here are births of
   * both sexes, so the maternity values are divided by the female share of births.
   */
  it('reproduces the NRR of Box 7.1 (Egypt) as computed by Rodríguez: 1.527413734', () => {
    const Lx = [0, 0, 0, 4.6674, 4.63097, 4.58518, 4.53206, 4.46912, 4.39135, 4.28969, 0];
    const maternity = [0, 0, 0, 0.00567, 0.06627, 0.11204, 0.07889, 0.05075, 0.0159, 0.0061, 0];
    const srb = 1.05;
    const r = fertilityMeasures({ ageInterval: 5, srb, asfr: maternity.map((x) => x * (1 + srb)), Lx, radix: 1 });
    expect(r.nrr.toFixed(9)).toBe('1.527413734');
  });

  it('leaves the mean age undefined (NaN) without fertility', () => {
    expect(Number.isNaN(fertilityMeasures({ ageInterval: 1, srb: 1, asfr: [0, 0], Lx: [1, 1], radix: 1 }).mac)).toBe(true);
  });
});

describe('Leslie matrix, λ, r and the stable distribution', () => {
  it('finds λ and the eigenvector of a periodic matrix (the shift keeps power iteration from oscillating)', () => {
    const e = dominantEigen([
      [0, 2],
      [0.5, 0],
    ]);
    expect(e.lambda).toBeCloseTo(1, 12);
    expect(e.vector[0]).toBeCloseTo(2 / 3, 12);
    expect(e.vector[1]).toBeCloseTo(1 / 3, 12);
  });

  it('has the projection’s structure: first row of births, sub-diagonal of survival, the open group keeps its survivors', () => {
    const m = leslieMatrix({ ageInterval: 5, srb: 1, asfr: [0, 0.2, 0], survival: [1, 1, 0.5] });
    expect(m).toEqual([
      [0.25, 0.25, 0],
      [1, 0, 0],
      [0, 0.5, 0.5],
    ]);
  });

  const s = projectionSummary({ ageInterval: 5, srb: 1.05, asfr: F, survival: S, Lx: L, radix: 100_000 });

  it('gives a stable distribution that the projection multiplies by λ (Sweden 1993, no migration)', () => {
    expect(s.stable.reduce((a, x) => a + x, 0)).toBeCloseTo(1, 14);
    const p = projectCohortComponent({ ageInterval: 5, steps: 1, srb: 1.05, migrationTiming: 'end', asfr: F, female: { population: s.stable, survival: S } });
    p.female[1]!.forEach((x, i) => expect(x).toBeCloseTo(s.lambda * s.stable[i]!, 12));
    expect(s.r).toBeCloseTo(Math.log(s.lambda) / 5, 15);
  });

  it('agrees with Lotka’s approximation r ≈ ln(NRR)/T with T near the mean age at childbearing (to 1e-6)', () => {
    expect(s.r).toBeCloseTo(Math.log(s.nrr) / s.mac, 6);
    expect(s.nrr).toBeGreaterThan(1);
    expect(s.lambda).toBeGreaterThan(1);
  });
});
