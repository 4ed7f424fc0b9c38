import type { PreparedRegions } from './regions';
import type { Events, Households, Marriages, People } from './state';

/** Everything the generator's phases share. */
export interface Ctx {
  readonly seed: string;
  readonly regions: PreparedRegions;
  readonly people: People;
  readonly households: Households;
  readonly marriages: Marriages;
  readonly events: Events;
  /** Day number of 2020-11-01. */
  readonly censusDay: number;
  /** Last day of the history (inclusive). */
  readonly untilDay: number;
}

/** Floating-population propensity by 5-year age group 0–4 … 85+ (ASSUMPTION: working ages move; see docs). */
export const FLOATING_BY_AGE = [0.23, 0.23, 0.23, 0.25, 0.45, 0.45, 0.42, 0.38, 0.33, 0.28, 0.22, 0.16, 0.1, 0.06, 0.05, 0.05, 0.04, 0.04];

/** Proportion ever married by the end of life, by birth cohort (ASSUMPTION; see docs). */
export function ultimateEverMarried(sex: 'male' | 'female', birthYear: number): number {
  if (birthYear < 1975) return sex === 'female' ? 0.98 : 0.95;
  if (birthYear < 1990) return sex === 'female' ? 0.95 : 0.92;
  return sex === 'female' ? 0.9 : 0.85;
}

/** Share widowed among women by 5-year age from 50 (ASSUMPTION); men have 40 % of it. */
const WIDOWED_F = [0.03, 0.05, 0.08, 0.13, 0.21, 0.32, 0.46, 0.62, 0.75];
export function widowedShare(sex: 'male' | 'female', age: number): number {
  if (age < 50) return age < 35 ? 0.002 : 0.01;
  const v = WIDOWED_F[Math.min(WIDOWED_F.length - 1, Math.floor((age - 50) / 5))]!;
  return sex === 'female' ? v : 0.4 * v;
}

/** Share divorced (not remarried) among the ever married (ASSUMPTION). */
export function divorcedShare(age: number): number {
  if (age < 25) return 0.01;
  if (age < 55) return 0.03;
  return 0.02;
}
