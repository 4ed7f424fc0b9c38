/**
 * Data-quality checks on registry counts (pure, no I/O): outlying values in a series, age heaping
 * (Whipple, Myers), a persistently abnormal sex ratio at birth, and a registration count that is
 * improbably low against its own history.
 */

import { srbEstimate } from './srb';

// ---------------------------------------------------------------------------------------------
// Modified z-scores
// ---------------------------------------------------------------------------------------------

/**
 * |M_i| above this is a potential outlier (Iglewicz & Hoaglin 1993, "How to Detect and Handle
 * Outliers", ASQC Basic References in Quality Control vol. 16, p. 11).
 */
export const OUTLIER_Z = 3.5;

/** Φ⁻¹(0.75): makes the MAD consistent with σ for normal data, so M reads like a z-score. */
const MAD_SCALE = 0.6745;
/** √(π/2): makes the mean absolute deviation consistent with σ for normal data. */
const MEAN_AD_SCALE = 1.253314;

/**
 * Iglewicz–Hoaglin modified z-score M_i = 0.6745·(x_i − median) / MAD, robust because one wild value
 * moves neither the median nor the MAD. When more than half the values are equal the MAD is 0;
 * then the scale falls back to the mean absolute deviation around the median,
 * M_i = (x_i − median) / (1.253314·MeanAD) (the fallback IBM documents for its modified z-score).
 * When that is 0 too every value equals the median and every score is 0.
 */
export function modifiedZScores(values: readonly number[]): number[] {
  values.forEach((v) => assertFinite(v, 'value'));
  if (values.length === 0) return [];
  const med = median(values);
  const deviations = values.map((v) => Math.abs(v - med));
  const mad = median(deviations);
  if (mad > 0) return values.map((v) => (MAD_SCALE * (v - med)) / mad);
  const meanAd = deviations.reduce((s, d) => s + d, 0) / deviations.length;
  if (meanAd > 0) return values.map((v) => (v - med) / (MEAN_AD_SCALE * meanAd));
  return values.map(() => 0);
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

// ---------------------------------------------------------------------------------------------
// Age heaping
// ---------------------------------------------------------------------------------------------

/** Persons by single year of age: a map age → count, or an array indexed by age. Missing ages count 0. */
export type AgeCounts = ReadonlyMap<number, number> | readonly number[];

function countAt(byAge: AgeCounts, age: number): number {
  const n = isAgeMap(byAge) ? byAge.get(age) : byAge[age];
  if (n === undefined) return 0;
  assertFinite(n, `count at age ${age}`);
  if (n < 0) throw new RangeError(`count at age ${age} is negative: ${n}`);
  return n;
}

// Array.isArray does not narrow a readonly array type, so test for the map instead.
function isAgeMap(byAge: AgeCounts): byAge is ReadonlyMap<number, number> {
  return !Array.isArray(byAge);
}

function sumAges(byAge: AgeCounts, ages: Iterable<number>): number {
  let s = 0;
  for (const a of ages) s += countAt(byAge, a);
  return s;
}

function* range(from: number, to: number, step = 1): Generator<number> {
  for (let a = from; a <= to; a += step) yield a;
}

/**
 * Whipple's index (UN Manual II, 1955; Shryock & Siegel, The Methods and Materials of Demography,
 * 1976, ch. 8): persons reporting ages 25, 30, …, 60 as a percentage of one fifth of those aged 23–62.
 * 23–62 is used so that each age ending in 0 or 5 sits in the middle of its own five-year block
 * (23–27 … 58–62). 100 = no preference for 0 and 5; 500 = every age ends in 0 or 5; 0 = none does.
 * Null when nobody is aged 23–62.
 */
export function whippleIndex(byAge: AgeCounts): number | null {
  const denominator = sumAges(byAge, range(23, 62));
  if (denominator === 0) return null;
  return (100 * sumAges(byAge, range(25, 60, 5))) / (denominator / 5);
}

export type WhippleCategory = 'highly_accurate' | 'fairly_accurate' | 'approximate' | 'rough' | 'very_rough';

/** The UN's five-step scale for Whipple's index (as used in the UN Demographic Yearbook). */
const WHIPPLE_SCALE: readonly { below: number; category: WhippleCategory; zh: string; en: string }[] = [
  { below: 105, category: 'highly_accurate', zh: '高度准确', en: 'highly accurate' },
  { below: 110, category: 'fairly_accurate', zh: '比较准确', en: 'fairly accurate' },
  { below: 125, category: 'approximate', zh: '大致准确', en: 'approximate' },
  { below: 175, category: 'rough', zh: '粗略', en: 'rough' },
  { below: Infinity, category: 'very_rough', zh: '非常粗略', en: 'very rough' },
];

export function whippleCategory(index: number): { category: WhippleCategory; label: { zh: string; en: string } } {
  assertFinite(index, 'Whipple index');
  const step = WHIPPLE_SCALE.find((s) => index < s.below)!;
  return { category: step.category, label: { zh: step.zh, en: step.en } };
}

/**
 * Myers' blended index over ages 10–89 (Myers 1940; Shryock & Siegel 1976, ch. 8; UN PAS spreadsheet
 * SINGAGE). Counting each digit from a fixed starting age favours the early digits when numbers fall
 * with age, so two counts are blended: for terminal digit d,
 *   sum1_d = P(10+d) + P(20+d) + … + P(70+d)   (starting at 10)
 *   sum2_d = P(20+d) + P(30+d) + … + P(80+d)   (starting at 20)
 *   blended_d = (d+1)·sum1_d + (9−d)·sum2_d
 * index = ½ Σ_d |100·blended_d / Σ blended − 10|: the share of people who would have to move to
 * another terminal digit to make all ten equal. 0 = no heaping, 90 = everyone on one digit.
 *
 * Both sums have seven decades (sum1 ends at 70+d, not 80+d): with unequal spans a population with
 * the same count at every age would score 1.66 instead of 0, because digit d's weights (d+1) and
 * (9−d) would multiply 8 and 7 terms. The same choice is made by DemoTools' check_heaping_myers
 * (tab1 drops the last decade, tab2 the first) and by popstudy::Myers.
 * Null when nobody is aged 10–89.
 */
export function myersIndex(byAge: AgeCounts): number | null {
  const blended: number[] = [];
  for (let d = 0; d <= 9; d++) {
    const sum1 = sumAges(byAge, range(10 + d, 70 + d, 10));
    const sum2 = sumAges(byAge, range(20 + d, 80 + d, 10));
    blended.push((d + 1) * sum1 + (9 - d) * sum2);
  }
  const total = blended.reduce((s, b) => s + b, 0);
  if (total === 0) return null;
  return blended.reduce((s, b) => s + Math.abs((100 * b) / total - 10), 0) / 2;
}

// ---------------------------------------------------------------------------------------------
// Sex ratio at birth
// ---------------------------------------------------------------------------------------------

export interface SrbYear {
  readonly year: number;
  readonly value: number | null;
  readonly lower: number | null;
  readonly upper: number | null;
}

/**
 * Is the sex ratio at birth outside the normal range (103–107) in each of the last `run` consecutive
 * years, with the whole 95% interval on the wrong side of the range? Requiring the interval rather
 * than the point value keeps small counties from being flagged for chance variation, and requiring a
 * run keeps one bad year from being flagged. The last `run` years must be consecutive calendar years;
 * a gap means the run is broken. `years` is every input year in order, with its estimate.
 */
export function srbPersistentlyAbnormal(
  years: readonly { year: number; male: number; female: number }[],
  low = 103,
  high = 107,
  run = 3,
): { abnormal: boolean; years: SrbYear[] } {
  const sorted = [...years].sort((a, b) => a.year - b.year);
  const estimates = sorted.map(({ year, male, female }) => {
    const e = srbEstimate(male, female);
    return { year, value: e.value, lower: e.lower, upper: e.upper };
  });
  const last = estimates.slice(-run);
  const consecutive = last.every((y, i) => i === 0 || y.year === last[i - 1]!.year + 1);
  const outside = (y: SrbYear) => (y.lower !== null && y.lower > high) || (y.upper !== null && y.upper < low);
  const abnormal = run > 0 && last.length === run && consecutive && last.every(outside);
  return { abnormal, years: estimates };
}

// ---------------------------------------------------------------------------------------------
// Under-registration
// ---------------------------------------------------------------------------------------------

/** Below this expected count the Poisson tail is summed exactly; above, the normal approximation is used. */
export const POISSON_EXACT_MAX = 1000;
export const LOW_REGISTRATION_P = 0.01;
export const LOW_REGISTRATION_RATIO = 0.7;

/**
 * Is `observed` (births, deaths, … registered in a period) improbably low against the mean of at
 * least three comparable earlier periods? The count is taken as Poisson with λ = that mean;
 * p = P(X ≤ observed). Flagged only when p < 0.01 and observed < 70% of expected: the p-value alone
 * would flag a 5% shortfall in a large city, which is not an under-registration problem.
 * Null when fewer than three earlier periods are given.
 */
export function lowRegistration(history: readonly number[], observed: number): { expected: number; p: number; flagged: boolean } | null {
  history.forEach((h) => assertCount(h, 'history count'));
  assertCount(observed, 'observed count');
  if (history.length < 3) return null;
  const expected = history.reduce((s, h) => s + h, 0) / history.length;
  const p = poissonLowerTail(expected, observed);
  return { expected, p, flagged: p < LOW_REGISTRATION_P && observed < LOW_REGISTRATION_RATIO * expected };
}

/**
 * P(X ≤ x) for X ~ Poisson(λ).
 * λ ≤ 1000: the exact sum Σ_{k≤x} e^−λ λ^k / k!, each term formed in log space
 * (ln t_k = ln t_{k−1} + ln λ − ln k) and accumulated with log-sum-exp, because e^−λ underflows to 0
 * for λ > 745. Once past the mode the terms shrink geometrically, so the loop stops when the rest of
 * the sum cannot change the result in double precision.
 * λ > 1000: the normal approximation with continuity correction, Φ((x + 0.5 − λ) / √λ); the Poisson
 * skewness 1/√λ is then below 0.032 and the sum would need thousands of terms.
 */
export function poissonLowerTail(lambda: number, x: number): number {
  if (!(lambda >= 0) || !Number.isFinite(lambda)) throw new RangeError(`λ must be a finite non-negative number: ${lambda}`);
  const k = Math.floor(x);
  if (k < 0) return 0;
  if (lambda === 0) return 1;
  if (lambda > POISSON_EXACT_MAX) return normalCdf((k + 0.5 - lambda) / Math.sqrt(lambda));
  const logLambda = Math.log(lambda);
  let logTerm = -lambda; // ln P(X = 0)
  let logSum = logTerm;
  for (let i = 1; i <= k; i++) {
    logTerm += logLambda - Math.log(i);
    logSum = logAddExp(logSum, logTerm);
    // Past the mode, the remaining terms are bounded by a geometric series with ratio λ/(i+1).
    if (i > lambda) {
      const ratio = lambda / (i + 1);
      if (logTerm + Math.log(ratio / (1 - ratio)) < logSum - 40) break;
    }
  }
  return Math.min(1, Math.exp(logSum));
}

function logAddExp(a: number, b: number): number {
  const hi = Math.max(a, b);
  return hi + Math.log1p(Math.exp(Math.min(a, b) - hi));
}

/**
 * Standard normal CDF through erfc (Numerical Recipes, 2nd ed., §6.2, erfcc: a Chebyshev fit with
 * fractional error below 1.2e-7 everywhere), so small tail probabilities keep their relative accuracy.
 */
function normalCdf(z: number): number {
  return 0.5 * erfc(-z / Math.SQRT2);
}

function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const poly =
    -1.26551223 +
    t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
  const r = t * Math.exp(-z * z + poly);
  return x >= 0 ? r : 2 - r;
}

// ---------------------------------------------------------------------------------------------

function assertFinite(v: number, what: string): void {
  if (!Number.isFinite(v)) throw new RangeError(`${what} must be a finite number: ${v}`);
}

function assertCount(v: number, what: string): void {
  assertFinite(v, what);
  if (v < 0) throw new RangeError(`${what} must not be negative: ${v}`);
}
