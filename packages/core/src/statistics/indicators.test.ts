import { describe, expect, it } from 'vitest';
import { INDICATOR_CODES, INDICATORS, MEASURE_NAMES, indicatorByCode, toDefinitionView } from './indicators';
import { IndicatorDefinitionView } from './statistics.schemas';

describe('indicator catalogue', () => {
  it('has exactly the agreed codes, in catalogue order', () => {
    expect(INDICATOR_CODES).toEqual([
      'population', 'population_midyear', 'births', 'deaths', 'cbr', 'cdr', 'nir', 'srb', 'births_order_1', 'births_order_2', 'births_order_3plus',
      'asfr', 'tfr', 'gfr', 'women_15_49', 'marriages', 'divorces', 'move_in', 'move_out', 'floating_in', 'floating_out', 'mismatch_rate',
      'aged_60_share', 'aged_65_share', 'dependency_total', 'dependency_child', 'dependency_old',
    ]);
    expect(INDICATORS.map((d) => d.code)).toEqual([...INDICATOR_CODES]);
  });

  it('is well-formed: known measures, child breakdown everywhere, bilingual text, sex not for fertility', () => {
    for (const d of INDICATORS) {
      expect(MEASURE_NAMES).toContain(d.numerator);
      if (d.denominator !== null) expect(MEASURE_NAMES).toContain(d.denominator);
      expect(d.breakdowns).toContain('child');
      for (const text of [d.name, d.description, d.unit]) expect(text.zh && text.en).toBeTruthy();
    }
    for (const code of ['srb', 'births_order_1', 'births_order_2', 'births_order_3plus', 'marriages', 'divorces', 'tfr', 'asfr', 'gfr', 'women_15_49']) {
      expect(indicatorByCode(code)!.breakdowns).not.toContain('sex');
    }
    expect(indicatorByCode('srb')!.breakdowns).toContain('order');
    expect(indicatorByCode('cdr')!.breakdowns).toContain('age5');
    expect(indicatorByCode('nope')).toBeUndefined();
  });

  it('documents the annualised rates and the TFR formula', () => {
    expect(indicatorByCode('cbr')!.description.en).toMatch(/annualised/);
    expect(indicatorByCode('tfr')!.description.en).toMatch(/NOT numerator ÷ denominator/);
    expect(indicatorByCode('asfr')!.description.en).toMatch(/general fertility rate/);
  });

  it('converts to the API view, which the schema accepts', () => {
    const views = toDefinitionView();
    expect(views).toHaveLength(27);
    for (const v of views) expect(IndicatorDefinitionView.parse(v)).toEqual(v);
    expect(toDefinitionView(indicatorByCode('population')!)).toMatchObject({ code: 'population', denominator: null, factor: 1 });
  });
});
