import { describe, expect, it } from 'vitest';
import { AGE5_LABELS, age5Of, ageOnDate } from './age-groups';

describe('five-year age groups', () => {
  it('has 21 labels from 0-4 to 95-99 and 100+', () => {
    expect(AGE5_LABELS).toHaveLength(21);
    expect(AGE5_LABELS[0]).toBe('0-4');
    expect(AGE5_LABELS[3]).toBe('15-19');
    expect(AGE5_LABELS[19]).toBe('95-99');
    expect(AGE5_LABELS[20]).toBe('100+');
  });

  it('maps ages to groups, the last one open, a negative age to 0-4', () => {
    expect([0, 4, 5, 14, 15, 49, 99, 100, 117].map(age5Of)).toEqual([0, 0, 1, 2, 3, 9, 19, 20, 20]);
    expect(age5Of(-1)).toBe(0);
  });

  it('takes the age on a stock date as year(date) − birth year', () => {
    expect(ageOnDate(2000, '2024-12-31')).toBe(24);
    expect(ageOnDate(2000, '2025-01-01')).toBe(25);
  });
});
