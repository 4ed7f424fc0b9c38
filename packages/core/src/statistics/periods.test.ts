import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors';
import { MAX_PERIODS, parsePeriod, periodOf, periodsBetween, previousPeriod, samePeriodLastYear } from './periods';

function thrown(f: () => unknown): DomainError {
  try {
    f();
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('did not throw');
}

describe('parsePeriod', () => {
  it('parses a year', () => {
    expect(parsePeriod('2025')).toEqual({ code: '2025', kind: 'year', year: 2025, start: '2025-01-01', end: '2025-12-31', months: 12, before: '2024-12-31' });
  });

  it('parses quarters, the day before Q1 being 31 December of the year before', () => {
    expect(parsePeriod('2025Q1')).toEqual({ code: '2025Q1', kind: 'quarter', year: 2025, start: '2025-01-01', end: '2025-03-31', months: 3, before: '2024-12-31' });
    expect(parsePeriod('2025Q3')).toMatchObject({ start: '2025-07-01', end: '2025-09-30', before: '2025-06-30' });
    expect(parsePeriod('2025Q4')).toMatchObject({ start: '2025-10-01', end: '2025-12-31', before: '2025-09-30' });
  });

  it('parses months with leap Februaries', () => {
    expect(parsePeriod('2025-03')).toEqual({ code: '2025-03', kind: 'month', year: 2025, start: '2025-03-01', end: '2025-03-31', months: 1, before: '2025-02-28' });
    expect(parsePeriod('2024-03').before).toBe('2024-02-29');
    expect(parsePeriod('2024-02').end).toBe('2024-02-29');
    expect(parsePeriod('2100-02').end).toBe('2100-02-28'); // divisible by 100, not by 400
    expect(parsePeriod('2000-02').end).toBe('2000-02-29');
    expect(parsePeriod('2025-01').before).toBe('2024-12-31');
    expect(parsePeriod(' 2025-11 ').code).toBe('2025-11');
  });

  it.each(['', '25', '2025Q0', '2025Q5', '2025-3', '2025-13', '2025-00', '2025q1', '2025-03-01', '0000', 'abcd'])('rejects %j with BAD_PERIOD naming query.period', (bad) => {
    const e = thrown(() => parsePeriod(bad));
    expect(e.code).toBe('BAD_PERIOD');
    expect(e.status).toBe(400);
    expect(e.details).toHaveLength(1);
    expect(e.details[0]).toMatchObject({ path: 'query.period', value: bad });
    expect(e.details[0]!.reason.zh).toBeTruthy();
    expect(e.details[0]!.reason.en).toBeTruthy();
  });
});

describe('stepping between periods', () => {
  it('previousPeriod crosses year boundaries', () => {
    expect(previousPeriod(parsePeriod('2025-01')).code).toBe('2024-12');
    expect(previousPeriod(parsePeriod('2025Q1')).code).toBe('2024Q4');
    expect(previousPeriod(parsePeriod('2025')).code).toBe('2024');
    expect(previousPeriod(parsePeriod('2025-03'))).toEqual(parsePeriod('2025-02'));
  });

  it('samePeriodLastYear keeps the month or quarter', () => {
    expect(samePeriodLastYear(parsePeriod('2025-03')).code).toBe('2024-03');
    expect(samePeriodLastYear(parsePeriod('2024-02'))).toEqual(parsePeriod('2023-02'));
    expect(samePeriodLastYear(parsePeriod('2025Q2')).code).toBe('2024Q2');
    expect(samePeriodLastYear(parsePeriod('2025')).code).toBe('2024');
  });

  it('periodOf finds the period containing a date', () => {
    expect(periodOf('month', '2025-03-15').code).toBe('2025-03');
    expect(periodOf('quarter', '2025-03-31').code).toBe('2025Q1');
    expect(periodOf('quarter', '2025-04-01').code).toBe('2025Q2');
    expect(periodOf('quarter', '2025-12-31').code).toBe('2025Q4');
    expect(periodOf('year', '2025-07-01')).toEqual(parsePeriod('2025'));
    expect(thrown(() => periodOf('month', '2025-02-29')).code).toBe('BAD_PERIOD');
    expect(thrown(() => periodOf('month', '2025-3-1')).details[0]!.path).toBe('query.date');
  });
});

describe('periodsBetween', () => {
  it('lists the periods inclusively, oldest first', () => {
    expect(periodsBetween('2024-11', '2025-02').map((p) => p.code)).toEqual(['2024-11', '2024-12', '2025-01', '2025-02']);
    expect(periodsBetween('2024Q3', '2025Q1').map((p) => p.code)).toEqual(['2024Q3', '2024Q4', '2025Q1']);
    expect(periodsBetween(parsePeriod('2020'), parsePeriod('2020')).map((p) => p.code)).toEqual(['2020']);
  });

  it('allows exactly 240 periods and no more', () => {
    // 2005-01 … 2024-12 is 20 years × 12 = 240 months
    expect(periodsBetween('2005-01', '2024-12')).toHaveLength(MAX_PERIODS);
    const e = thrown(() => periodsBetween('2005-01', '2025-01'));
    expect(e.code).toBe('BAD_PERIOD');
    expect(e.details[0]).toMatchObject({ path: 'query.to', value: '2025-01' });
  });

  it('refuses mixed kinds, a reversed range and a bad code, naming the field', () => {
    expect(thrown(() => periodsBetween('2025', '2025Q1')).details[0]!.path).toBe('query.to');
    expect(thrown(() => periodsBetween('2025-03', '2025-02')).details[0]!.path).toBe('query.to');
    expect(thrown(() => periodsBetween('2025-3', '2025-04')).details[0]).toMatchObject({ path: 'query.from', value: '2025-3' });
  });
});
