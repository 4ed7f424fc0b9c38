import { describe, expect, it } from 'vitest';
import { RegionProjectionRequest } from '@renkou/core';
import { validate } from '../../api/form-errors';
import {
  cellKey, comparisonScenario, duplicateYears, emptyScenario, fileNameFrom, formatNumber, formatSigned, impactSummary, personDigits, row, tfrPreset, toRequestBody, type ProjectionDraft,
} from './model';

const draft = (o: Partial<ProjectionDraft> = {}): ProjectionDraft => ({ region: '330522', horizon: 25, inputYears: 3, scenarios: [emptyScenario('现行水平')], ...o });

describe('the projection form', () => {
  it('sends the default scenario by name with no paths', () => {
    const v = validate(RegionProjectionRequest, toRequestBody(draft()), 'zh');
    expect(v).toEqual({ ok: true, value: { region: '330522', horizon: 25, inputYears: 3, scenarios: [{ name: '现行水平' }] } });
  });

  it('starts the comparison scenario at the base level and reaches 1.4 in 2030', () => {
    const s = comparisonScenario('育儿补贴', 2025, { tfr: 1.234, e0Female: 82, e0Male: 77 });
    expect(s.tfr.map((r) => [r.year, r.value])).toEqual([[2025, 1.23], [2030, 1.4]]);
    expect(tfrPreset('hold', 2025, 1.2)).toEqual([]);
    const v = validate(RegionProjectionRequest, toRequestBody(draft({ scenarios: [emptyScenario('A'), s] })), 'zh');
    expect(v.ok && v.value.scenarios[1]).toEqual({ name: '育儿补贴', tfr: [{ year: 2025, value: 1.23 }, { year: 2030, value: 1.4 }] });
  });

  it('names an empty or out-of-range cell by its place on the screen', () => {
    const s = { ...emptyScenario('B'), e0Female: [row(2030, 85), row(null, 300)] };
    const v = validate(RegionProjectionRequest, toRequestBody(draft({ scenarios: [emptyScenario('A'), s] })), 'zh');
    expect(v.ok).toBe(false);
    const keys = v.ok ? [] : v.fields.map((f) => f.name.join('.'));
    expect(keys).toEqual(expect.arrayContaining([cellKey(1, 'e0Female', 1, 'year'), cellKey(1, 'e0Female', 1, 'value')]));
    expect(duplicateYears(draft({ scenarios: [{ ...emptyScenario('A'), tfr: [row(2030, 1), row(2030, 2)] }] }))).toEqual([cellKey(0, 'tfr', 1, 'year')]);
  });
});

describe('numbers and files', () => {
  it('rounds with separators and signs differences', () => {
    expect(formatNumber(1234567.4, 'zh')).toBe('1,234,567');
    expect(formatNumber(-0.04, 'en', 1)).toBe('0.0');
    expect(formatSigned(12.6, 'zh')).toBe('+13');
    expect(formatSigned(-1234, 'en')).toBe('−1,234');
    expect(formatSigned(0.2, 'zh')).toBe('0');
    expect(personDigits([12.3, -40])).toBe(1);
    expect(personDigits([12.3, 400])).toBe(0);
  });

  it('sums the births and takes the horizon year for the rest', () => {
    const d = (births: number, schoolAge: number) => ({ total: 0, births, preschool: 0, schoolAge, workingAge: 1, aged60: 0, aged65: -2 });
    expect(impactSummary([{ year: 2025, difference: d(0, 0) }, { year: 2026, difference: d(3, 0) }, { year: 2027, difference: d(4, 5) }])).toEqual({
      year: 2027, births: 7, schoolAge: 5, workingAge: 1, aged65: -2,
    });
  });

  it('takes the file name from content-disposition', () => {
    const cd = `attachment; filename="____-____-2025.xlsx"; filename*=UTF-8''${encodeURIComponent('长兴县-人口预测-2025.xlsx')}`;
    expect(fileNameFrom(cd, '人口预测.xlsx')).toBe('长兴县-人口预测-2025.xlsx');
    expect(fileNameFrom('attachment; filename="a.xlsx"', 'x')).toBe('a.xlsx');
    expect(fileNameFrom(null, '人口预测.xlsx')).toBe('人口预测.xlsx');
  });
});
