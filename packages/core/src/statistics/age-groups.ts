/**
 * Five-year age groups as the statistics use them: 0 = '0-4', 1 = '5-9', …, 19 = '95-99', 20 = '100+'
 * (the numbering of FlowCell.age5 and of the database's aggregate cells).
 */

/** Number of five-year groups, the last one open ('100+'). */
export const AGE5_COUNT = 21;

/** Index of the open group '100+'. */
export const AGE5_OPEN = AGE5_COUNT - 1;

export const AGE5_LABELS: readonly string[] = Object.freeze(
  Array.from({ length: AGE5_COUNT }, (_, g) => (g === AGE5_OPEN ? '100+' : `${5 * g}-${5 * g + 4}`)),
);

/**
 * The five-year group of an age in completed years. A negative age (birth year after the date) can only be a
 * data error; it is counted in '0-4' rather than dropped, so that breakdown rows still add up to the total.
 */
export function age5Of(age: number): number {
  if (!(age > 0)) return 0;
  return Math.min(AGE5_OPEN, Math.floor(age / 5));
}

/**
 * Age on a stock date as the aggregate cells know it: year(date) − birthYear. The cells keep the birth year
 * only, so this is exact on 31 December and within the year of age on other dates.
 */
export function ageOnDate(birthYear: number, date: string): number {
  return Number(date.slice(0, 4)) - birthYear;
}
