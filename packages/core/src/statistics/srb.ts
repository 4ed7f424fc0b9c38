/**
 * Sex ratio at birth (male births per 100 female births) with a 95% confidence interval.
 *
 * Method: the log of a ratio of two independent Poisson counts is approximately normal with variance
 * 1/m + 1/f (the Katz log method, as used for risk ratios), so the interval is
 * 100 · exp(ln(m/f) ± 1.96 · √(1/m + 1/f)). It is asymmetric, as it should be for a ratio, and close to
 * the binomial (Wilson) interval on the male share for the counts a county sees.
 */
export const SRB_METHOD = 'Katz log: 100·exp(ln(m/f) ± 1.96·√(1/m+1/f))';

/** Below this many births the ratio's 95% interval is wider than about ±13 and says little. */
export const SRB_SMALL_NUMBERS = 1000;

export const Z95 = 1.959963984540054;

export interface SrbEstimate {
  readonly value: number | null;
  readonly lower: number | null;
  readonly upper: number | null;
  readonly smallNumbers: boolean;
}

export function srbEstimate(male: number, female: number): SrbEstimate {
  const smallNumbers = male + female < SRB_SMALL_NUMBERS;
  if (female === 0) return { value: null, lower: null, upper: null, smallNumbers };
  const value = (100 * male) / female;
  if (male === 0) return { value, lower: null, upper: null, smallNumbers };
  const half = Z95 * Math.sqrt(1 / male + 1 / female);
  const log = Math.log(male / female);
  return { value, lower: 100 * Math.exp(log - half), upper: 100 * Math.exp(log + half), smallNumbers };
}
