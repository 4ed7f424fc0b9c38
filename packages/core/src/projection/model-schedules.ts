/**
 * Model schedules for regions too small to estimate their own: China's published 2020 age pattern of
 * fertility and a Gompertz–Makeham mortality schedule fitted to the published life expectancy of the year
 * (the same schedules the synthetic population is calibrated on, packages/core/src/synthetic).
 */
import type { Sex } from '../registry/registry.schemas';
import { hazard, mortalityFor } from '../synthetic/mortality';
import { ASFR_2020 } from '../synthetic/schedules';

/** Births per woman per year by single age 0..openAge (2020 census pattern, TFR ≈ 1.3). */
export function modelAsfr(openAge: number): number[] {
  return Array.from({ length: openAge + 1 }, (_, a) => (a >= 15 && a <= 49 ? ASFR_2020[a - 15]! : 0));
}

/** Death rates by single age 0..openAge for a sex and year. */
export function modelMx(sex: Sex, year: number, openAge: number): number[] {
  const m = mortalityFor(sex, year);
  return Array.from({ length: openAge + 1 }, (_, a) => hazard(m, a === 0 ? 0 : a + 0.5));
}
