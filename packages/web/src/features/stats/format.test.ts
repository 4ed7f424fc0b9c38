import { describe, expect, it } from 'vitest';
import { toDefinitionView, type IndicatorValue } from '@renkou/core';
import { formatIndicator, formatWithInterval, groupSortKey, percentChange } from './format';

const defs = new Map(toDefinitionView().map((d) => [d.code, d]));
const row = (o: Partial<IndicatorValue>): IndicatorValue => ({
  indicator: 'srb', group: null, groupName: null, value: null, numerator: 0, denominator: 0, factor: 100, interval: null, flags: [], ...o,
});

describe('indicator values', () => {
  it('shows counts as integers with separators and rates with two decimals', () => {
    expect(formatIndicator('population', 1234567, defs.get('population'), 'zh')).toBe('1,234,567');
    expect(formatIndicator('cbr', 8.8234, defs.get('cbr'), 'en')).toBe('8.82');
    expect(formatIndicator('cbr', 10, defs.get('cbr'), 'en')).toBe('10.00');
    expect(formatIndicator('tfr', null, defs.get('tfr'), 'zh')).toBe('—');
  });

  it('shows SRB with its interval', () => {
    const srb = row({ value: 112.34, interval: { lower: 108.06, upper: 116.71, level: 0.95, method: 'Katz' } });
    expect(formatWithInterval(srb, defs.get('srb'), 'zh')).toBe('112.3 (108.1–116.7)');
    expect(formatWithInterval(row({ value: null }), defs.get('srb'), 'zh')).toBe('—');
  });

  it('computes the change between periods and orders age groups', () => {
    expect(percentChange(110, 100)).toBeCloseTo(10, 9);
    expect(percentChange(5, 0)).toBeNull();
    expect(['100+', '5-9', '0-4'].sort((a, b) => groupSortKey(a) - groupSortKey(b))).toEqual(['0-4', '5-9', '100+']);
  });
});
