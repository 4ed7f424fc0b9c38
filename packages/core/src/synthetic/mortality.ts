/**
 * Mortality: a Gompertz–Makeham force of mortality μ(x) = A + B·e^(c·x) from age 1, with infant mortality
 * q0 from the published IMR, fitted per sex so that life expectancy at birth equals the 2020 figures
 * (males 75.37, females 80.88; both sexes 77.93 — see calibration.ts). c is the adult rate of ageing and A a
 * small background hazard; B is solved by bisection on e0.
 * Later years improve by the published 2020→2021 gain (+0.27 years) through a lower B.
 */
import { E0_2020, E0_GAIN_PER_YEAR, IMR_2020 } from './calibration';

export type SexKey = 'male' | 'female';

export interface GompertzMakeham {
  /** Background (Makeham) hazard per year. */
  readonly a: number;
  /** Gompertz level at age 0 (per year). */
  readonly b: number;
  /** Gompertz slope per year of age. */
  readonly c: number;
  /** Probability of dying in the first year of life. */
  readonly q0: number;
}

const MAX_AGE = 110;
/**
 * Gompertz slope: 0.085 a year, inside the usual 0.08–0.10, chosen so that the schedule on the 2020 census age
 * structure gives a crude death rate of 7.4‰, near the published 7.07‰ (2020) and 7.18‰ (2021); 0.10 would
 * give 7.7‰ with the same life expectancy.
 */
const C = 0.085;
/** ASSUMPTION: sex differences in infant mortality follow the usual ~1.15 boys:girls ratio around IMR 5.4‰. */
const Q0: Record<SexKey, number> = { male: IMR_2020 * 1.07, female: IMR_2020 * 0.93 };
const A: Record<SexKey, number> = { male: 0.0004, female: 0.0002 };

/** Hazard per year at exact age x (x ≥ 1; age 0 uses q0). Capped at 1 beyond the oldest ages. */
export function hazard(m: GompertzMakeham, x: number): number {
  if (x < 1) return -Math.log(1 - m.q0);
  return Math.min(1.0, m.a + m.b * Math.exp(m.c * x));
}

/** Probability of dying between exact ages x and x+1. */
export function qx(m: GompertzMakeham, x: number): number {
  if (x < 1) return m.q0;
  const integral = m.a + (m.b * Math.exp(m.c * x) * (Math.exp(m.c) - 1)) / m.c;
  return Math.min(1, 1 - Math.exp(-integral));
}

/** Life expectancy at birth of the schedule (single-year life table, open interval at 110). */
export function lifeExpectancy(m: GompertzMakeham): number {
  let l = 1;
  let total = 0;
  for (let x = 0; x < MAX_AGE; x++) {
    const q = qx(m, x);
    const d = l * q;
    // Deaths in the first year happen early (a0 ≈ 0.1); later ones mid-year.
    total += x === 0 ? l - 0.9 * d : l - 0.5 * d;
    l -= d;
  }
  return total + l / hazard(m, MAX_AGE);
}

/** Solves B so the schedule's e0 equals `e0`. */
export function fitGompertzMakeham(sex: SexKey, e0: number): GompertzMakeham {
  let lo = 1e-7;
  let hi = 1e-2;
  for (let i = 0; i < 200; i++) {
    const mid = Math.sqrt(lo * hi);
    const e = lifeExpectancy({ a: A[sex], b: mid, c: C, q0: Q0[sex] });
    if (e > e0) lo = mid;
    else hi = mid;
    if (hi / lo < 1 + 1e-12) break;
  }
  return { a: A[sex], b: Math.sqrt(lo * hi), c: C, q0: Q0[sex] };
}

const fitted = new Map<string, GompertzMakeham>();

/**
 * The schedule for a sex in a calendar year: 2020 is fitted to the published e0; each later year adds
 * {@link E0_GAIN_PER_YEAR}. (ASSUMPTION: the 2020→2021 gain continues; the 2023 excess is a level factor
 * in the simulation, see history.ts.)
 */
export function mortalityFor(sex: SexKey, year: number): GompertzMakeham {
  const y = Math.max(2020, Math.min(2030, year));
  const key = `${sex}:${y}`;
  let m = fitted.get(key);
  if (!m) {
    m = fitGompertzMakeham(sex, E0_2020[sex] + E0_GAIN_PER_YEAR * (y - 2020));
    fitted.set(key, m);
  }
  return m;
}
