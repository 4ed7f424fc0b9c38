import { describe, expect, it } from 'vitest';
import { convertPeriod, isFuture, lastComplete, parsePeriod, periodCode, periodCount, periodEnd, periodOf, periodStart, shiftPeriod } from './period';

const p = (code: string) => parsePeriod(code)!;

describe('period codes', () => {
  it('parses and prints the three kinds', () => {
    for (const code of ['2025', '2025Q1', '2025Q4', '2025-01', '2025-12']) expect(periodCode(p(code))).toBe(code);
    expect(parsePeriod('2025Q5')).toBeNull();
    expect(parsePeriod('2025-13')).toBeNull();
    expect(parsePeriod('')).toBeNull();
  });

  it('steps across year ends', () => {
    expect(periodCode(shiftPeriod(p('2025-01'), -1))).toBe('2024-12');
    expect(periodCode(shiftPeriod(p('2025Q4'), 1))).toBe('2026Q1');
    expect(periodCode(shiftPeriod(p('2025-03'), -12))).toBe('2024-03');
    expect(periodCode(shiftPeriod(p('2025'), -4))).toBe('2021');
    expect(periodCount(p('2024-11'), p('2025-02'))).toBe(4);
    expect(periodCount(p('2025'), p('2024'))).toBe(0);
  });

  it('knows first and last days, leap years included', () => {
    expect([periodStart(p('2024Q1')), periodEnd(p('2024Q1'))]).toEqual(['2024-01-01', '2024-03-31']);
    expect(periodEnd(p('2024-02'))).toBe('2024-02-29');
    expect(periodEnd(p('2025-02'))).toBe('2025-02-28');
    expect(periodEnd(p('2025'))).toBe('2025-12-31');
  });

  it('finds the last complete period and the ones not begun', () => {
    expect(periodCode(lastComplete('year', '2026-11-29'))).toBe('2025');
    expect(periodCode(lastComplete('month', '2026-01-15'))).toBe('2025-12');
    expect(periodCode(lastComplete('quarter', '2026-04-01'))).toBe('2026Q1');
    expect(isFuture(p('2026-12'), '2026-11-29')).toBe(true);
    expect(isFuture(p('2026-11'), '2026-11-29')).toBe(false);
    expect(periodCode(periodOf('quarter', '2026-08-31'))).toBe('2026Q3');
  });

  it('converts between kinds without reaching into the future', () => {
    expect(periodCode(convertPeriod(p('2025'), 'month', '2026-11-29'))).toBe('2025-12');
    expect(periodCode(convertPeriod(p('2026'), 'month', '2026-11-29'))).toBe('2026-11');
    expect(periodCode(convertPeriod(p('2025-08'), 'quarter', '2026-11-29'))).toBe('2025Q3');
    expect(periodCode(convertPeriod(p('2025Q2'), 'year', '2026-11-29'))).toBe('2025');
  });
});
