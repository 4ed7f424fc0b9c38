/**
 * Age schedules derived from the published 5-year figures: single-year ages by mean-preserving
 * interpolation (each 5-year value tilted towards its neighbours, the group sum unchanged), the fertility
 * age pattern, first-marriage ages by cohort, and small helpers to turn them into probabilities.
 */
import { ASFR_2020_5Y, CENSUS_2020_AGE_SEX, FIRST_MARRIAGE_MEAN_AGE } from './calibration';

/**
 * Spreads grouped values over single years: value per year = group mean + slope·(x − centre), where the slope
 * follows the neighbouring groups; negative results are clipped and the group re-normalised.
 */
export function spreadGroups(groups: readonly { from: number; to: number; value: number }[]): number[] {
  const out: number[] = [];
  for (let g = 0; g < groups.length; g++) {
    const { from, to, value } = groups[g]!;
    const width = to - from + 1;
    const mean = value / width;
    const prev = g > 0 ? groups[g - 1]!.value / (groups[g - 1]!.to - groups[g - 1]!.from + 1) : mean;
    const next = g < groups.length - 1 ? groups[g + 1]!.value / (groups[g + 1]!.to - groups[g + 1]!.from + 1) : mean;
    const slope = width > 1 ? (next - prev) / (2 * width) : 0;
    const centre = (width - 1) / 2;
    const raw: number[] = [];
    for (let i = 0; i < width; i++) raw.push(Math.max(0, mean + slope * (i - centre)));
    const sum = raw.reduce((s, v) => s + v, 0);
    for (const v of raw) out.push(sum > 0 ? (v * value) / sum : mean);
  }
  return out;
}

/** 2020 census persons by single year of age 0..104 (100+ spread over 100–104) for one sex. */
export function censusSingleYears(sex: 'male' | 'female'): number[] {
  return spreadGroups(CENSUS_2020_AGE_SEX.map((g) => ({ from: g.from, to: g.to, value: g[sex] })));
}

/** Single-year ASFR for ages 15..49 (index 0 = age 15), TFR ≈ 1.288 as published. */
export const ASFR_2020: readonly number[] = spreadGroups(
  ASFR_2020_5Y.map((r, i) => ({ from: 15 + 5 * i, to: 19 + 5 * i, value: r * 5 })),
);

/**
 * Shift of the fertility age pattern for an earlier birth year (ASSUMPTION, from the mean age at first
 * marriage: 24.2 in 2000 and 24.9 in 2010 against 28.7 in 2020, so mothers were younger by about that much).
 */
export function motherAgeShift(birthYear: number): number {
  if (birthYear >= 2020) return 0;
  if (birthYear >= 2010) return -2.5 * ((2020 - birthYear) / 10);
  if (birthYear >= 2000) return -2.5 - 1.5 * ((2010 - birthYear) / 10);
  return -4.0 - 1.0 * Math.min(1, (2000 - birthYear) / 10);
}

/** Mean age at first marriage for a sex in a calendar year (interpolated, held flat outside 1980–2020). */
export function periodFirstMarriageAge(sex: 'male' | 'female', year: number): number {
  const t = FIRST_MARRIAGE_MEAN_AGE;
  if (year <= t[0]!.year) return t[0]![sex];
  for (let i = 1; i < t.length; i++) {
    if (year <= t[i]!.year) {
      const f = (year - t[i - 1]!.year) / (t[i]!.year - t[i - 1]!.year);
      return t[i - 1]![sex] + f * (t[i]![sex] - t[i - 1]![sex]);
    }
  }
  return t[t.length - 1]![sex];
}

/** Standard normal CDF (Abramowitz–Stegun 7.1.26, |error| < 1.5e-7). */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return z >= 0 ? 0.5 * (1 + y) : 0.5 * (1 - y);
}

/** Inverse standard normal CDF (Acklam's rational approximation, relative error < 1.2e-9). */
export function normalQuantile(p: number): number {
  if (p <= 0) return -8;
  if (p >= 1) return 8;
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const low = 0.02425;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  }
  if (p > 1 - low) {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    return -(((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  }
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) / (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1);
}

/** Spread of ages at first marriage around the mean (ASSUMPTION; the yearbook gives means only). */
export const FIRST_MARRIAGE_SD = 4.0;

/**
 * Cohort age-at-first-marriage model: normal with the period mean of the year the cohort reached it,
 * truncated below the legal age. Returns the probability of having married by exact age `age`,
 * given the cohort's ultimate proportion ever married.
 */
export function everMarriedBy(sex: 'male' | 'female', birthYear: number, age: number, legal: number, ultimate: number): number {
  if (age < legal) return 0;
  const mean = cohortMarriageMean(sex, birthYear);
  const lower = normalCdf((legal - mean) / FIRST_MARRIAGE_SD);
  const p = (normalCdf((age - mean) / FIRST_MARRIAGE_SD) - lower) / (1 - lower);
  return ultimate * Math.max(0, Math.min(1, p));
}

const COHORT_MEAN = new Map<number, number>();
export function cohortMarriageMean(sex: 'male' | 'female', birthYear: number): number {
  const key = birthYear * 2 + (sex === 'male' ? 0 : 1);
  let mean = COHORT_MEAN.get(key);
  if (mean === undefined) {
    // The year the cohort reaches roughly the mean age; two passes converge.
    mean = periodFirstMarriageAge(sex, birthYear + 25);
    mean = periodFirstMarriageAge(sex, Math.round(birthYear + mean));
    COHORT_MEAN.set(key, mean);
  }
  return mean;
}

/** Samples an age at first marriage from the cohort model, truncated to [legal, maxAge]. */
export function sampleMarriageAge(sex: 'male' | 'female', birthYear: number, legal: number, maxAge: number, u: number): number {
  const mean = cohortMarriageMean(sex, birthYear);
  const lo = normalCdf((legal - mean) / FIRST_MARRIAGE_SD);
  const hi = normalCdf((maxAge - mean) / FIRST_MARRIAGE_SD);
  if (hi <= lo) return legal;
  return Math.min(maxAge, Math.max(legal, mean + FIRST_MARRIAGE_SD * normalQuantile(lo + u * (hi - lo))));
}
