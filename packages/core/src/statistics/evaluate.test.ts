import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors';
import type { FlowCell, StockCell } from './cells';
import { evaluateIndicators, pyramidOf, type RegionCells } from './evaluate';
import { parsePeriod } from './periods';
import { SRB_METHOD } from './srb';
import type { IndicatorValue } from './statistics.schemas';

/* Small hand-made populations; every expected number is worked out by hand in the comment above it. */

const st = (sex: 'male' | 'female', birthYear: number, count: number, more: Partial<Pick<StockCell, 'floating' | 'away'>> = {}): StockCell => ({
  sex,
  birthYear,
  floating: false,
  away: false,
  count,
  ...more,
});
const fl = (kind: FlowCell['kind'], count: number, more: Partial<Omit<FlowCell, 'kind' | 'count'>> = {}): FlowCell => ({
  kind,
  sex: null,
  age5: null,
  order: null,
  motherAge5: null,
  count,
  ...more,
});
const birth = (sex: 'male' | 'female', count: number, order = 1, motherAge5 = 5) => fl('birth', count, { sex, order, motherAge5, age5: 0 });

function region(p: { start?: StockCell[]; end?: StockCell[]; flows?: FlowCell[]; hukouStart?: StockCell[]; hukouEnd?: StockCell[] }): RegionCells {
  return {
    flows: p.flows ?? [],
    stock: { residence: { start: p.start ?? [], end: p.end ?? [] }, hukou: { start: p.hukouStart ?? [], end: p.hukouEnd ?? [] } },
  };
}

function row(rows: readonly IndicatorValue[], indicator: string, group: string | null = null): IndicatorValue {
  const r = rows.find((x) => x.indicator === indicator && x.group === group);
  if (!r) throw new Error(`no row ${indicator}/${group}`);
  return r;
}

const YEAR = parsePeriod('2025'); // stock dates 2024-12-31 and 2025-12-31

describe('crude rates over a month are annualised', () => {
  // March 2025: start stock on 2025-02-28, end stock on 2025-03-31.
  // Residence: start 5,900 + 5,900 = 11,800; end 6,100 + 6,100 = 12,200.
  // Person-years = (11,800 + 12,200) / 2 × 1 / 12 = 12,000 / 12 = 1,000.
  const cells = region({
    start: [st('male', 1990, 5900), st('female', 1990, 5900)],
    end: [st('male', 1990, 6100), st('female', 1990, 6100)],
    hukouStart: [st('male', 1990, 3000), st('female', 1990, 3000)],
    hukouEnd: [st('male', 1990, 3000), st('female', 1990, 3000)],
    flows: [birth('male', 8), birth('female', 7), fl('death', 5, { sex: 'male', age5: 14 }), fl('death', 4, { sex: 'female', age5: 16 })],
  });
  const march = parsePeriod('2025-03');
  const rows = evaluateIndicators(['population', 'population_midyear', 'cbr', 'cdr', 'nir'], march, 'residence', cells);

  it('cbr = 15 births / 1,000 person-years × 1,000 = 15‰ (not 15 / 12,000 × 1,000 = 1.25)', () => {
    expect(row(rows, 'cbr')).toEqual({
      indicator: 'cbr', group: null, groupName: null, value: 15, numerator: 15, denominator: 1000, factor: 1000, interval: null, flags: [],
    });
  });

  it('cdr = 9 / 1,000 × 1,000 = 9‰; nir = (15 − 9) / 1,000 × 1,000 = 6‰', () => {
    expect(row(rows, 'cdr').value).toBeCloseTo(9, 12);
    expect(row(rows, 'nir').value).toBeCloseTo(6, 12);
    expect(row(rows, 'nir').numerator).toBe(6);
  });

  it('population is the end stock (12,200), the mean population (11,800 + 12,200) / 2 = 12,000', () => {
    expect(row(rows, 'population')).toMatchObject({ value: 12200, numerator: 12200, denominator: 1, factor: 1, flags: [] });
    expect(row(rows, 'population_midyear').value).toBe(12000);
  });

  it('by sex: male cbr = 8 / ((5,900 + 6,100) / 2 / 12 = 500) × 1,000 = 16‰, female 7 / 500 × 1,000 = 14‰', () => {
    const bySex = evaluateIndicators(['cbr'], march, 'residence', cells, 'sex');
    expect(bySex.map((r) => [r.group, r.groupName])).toEqual([[null, null], ['male', 'male'], ['female', 'female']]);
    expect(row(bySex, 'cbr', 'male').value).toBeCloseTo(16, 12);
    expect(row(bySex, 'cbr', 'female').value).toBeCloseTo(14, 12);
  });

  it('the hukou basis uses the hukou stock: 15 / ((6,000 + 6,000) / 2 / 12 = 500) × 1,000 = 30‰', () => {
    expect(row(evaluateIndicators(['cbr'], march, 'hukou', cells), 'cbr').value).toBeCloseTo(30, 12);
  });

  it('a quarter divides by 3 / 12: 15 / (12,000 × 3 / 12 = 3,000) × 1,000 = 5‰', () => {
    expect(row(evaluateIndicators(['cbr'], parsePeriod('2025Q1'), 'residence', cells), 'cbr').value).toBeCloseTo(5, 12);
  });
});

describe('sex ratio at birth', () => {
  // Orders: 1st 40 m / 35 f, 2nd 15 m / 12 f, 3rd+ 5 m / 3 f → 60 male, 50 female, 110 births.
  const cells = region({ flows: [birth('male', 40, 1), birth('female', 35, 1), birth('male', 15, 2), birth('female', 12, 2), birth('male', 5, 3), birth('female', 3, 4)] });

  it('60 / 50 × 100 = 120 with the Katz log interval, flagged small_numbers', () => {
    // 1/60 + 1/50 = 0.036666667; √ = 0.191485422; × 1.959963985 = 0.375304530
    // ln(60/50) = ln 1.2 = 0.182321557
    // lower = 100 · exp(0.182321557 − 0.375304530) = 100 · exp(−0.192982973) = 82.449601
    // upper = 100 · exp(0.182321557 + 0.375304530) = 100 · exp(0.557626087) = 174.652148
    const r = row(evaluateIndicators(['srb'], YEAR, 'residence', cells), 'srb');
    expect(r.value).toBeCloseTo(120, 12);
    expect(r.numerator).toBe(60);
    expect(r.denominator).toBe(50);
    expect(r.factor).toBe(100);
    expect(r.interval!.lower).toBeCloseTo(82.449601, 6);
    expect(r.interval!.upper).toBeCloseTo(174.652148, 6);
    expect(r.interval!.level).toBe(0.95);
    expect(r.interval!.method).toBe(SRB_METHOD);
    expect(r.flags).toEqual(['small_numbers']);
  });

  it('by order: 40/35 × 100 = 114.285714, 15/12 × 100 = 125, 5/3 × 100 = 166.666667 (order 4 counts as 3+)', () => {
    const rows = evaluateIndicators(['srb', 'births'], YEAR, 'residence', cells, 'order');
    expect(rows.map((r) => `${r.indicator}:${r.group}:${r.groupName}`)).toEqual([
      'srb:null:null', 'srb:1:1', 'srb:2:2', 'srb:3:3+', 'births:null:null', 'births:1:1', 'births:2:2', 'births:3:3+',
    ]);
    expect(row(rows, 'srb', '1').value).toBeCloseTo(114.285714, 6);
    expect(row(rows, 'srb', '2').value).toBeCloseTo(125, 12);
    expect(row(rows, 'srb', '3').value).toBeCloseTo(166.666667, 6);
    expect(rows.filter((r) => r.indicator === 'births').map((r) => r.value)).toEqual([110, 75, 27, 8]);
  });

  it('births by order as shares: 75/110 × 100 = 68.181818, 27/110 × 100 = 24.545455, 8/110 × 100 = 7.272727', () => {
    const rows = evaluateIndicators(['births_order_1', 'births_order_2', 'births_order_3plus'], YEAR, 'residence', cells);
    expect(row(rows, 'births_order_1').value).toBeCloseTo(68.181818, 6);
    expect(row(rows, 'births_order_2').value).toBeCloseTo(24.545455, 6);
    expect(row(rows, 'births_order_3plus').value).toBeCloseTo(7.272727, 6);
  });

  it('1,100 births are not small numbers; no girls means no ratio', () => {
    expect(row(evaluateIndicators(['srb'], YEAR, 'residence', region({ flows: [birth('male', 600), birth('female', 500)] })), 'srb').flags).toEqual([]);
    const none = row(evaluateIndicators(['srb'], YEAR, 'residence', region({ flows: [birth('male', 3)] })), 'srb');
    expect(none).toMatchObject({ value: null, interval: null, numerator: 3, denominator: 0 });
    expect(none.flags).toEqual(['no_denominator', 'small_numbers']);
  });
});

describe('fertility: asfr, tfr, gfr', () => {
  // Year 2025; age = 2024 − birth year at the start, 2025 − birth year at the end. Women:
  //   born 2007 (17 → 18, group 15-19): 400 → 400, person-years (400 + 400) / 2 =   400
  //   born 2002 (22 → 23, group 20-24): 1000 → 1000                           = 1,000
  //   born 1997 (27 → 28, group 25-29): 800 → 1200, (800 + 1200) / 2          = 1,000
  //   born 1992 (32 → 33, group 30-34): 500 → 500                             =   500
  // Women 15–49 person-years = 2,900. Men born 1990: 3,000 (not in any denominator).
  // Births by mother's group: 10-14: 2, 15-19: 10, 20-24: 80, 25-29: 100, 30-34: 30 → 222.
  const women = (n1: number, n2: number, n3: number, n4: number) => [st('female', 2007, n1), st('female', 2002, n2), st('female', 1997, n3), st('female', 1992, n4), st('male', 1990, 3000)];
  const flows = [birth('female', 2, 1, 2), birth('male', 10, 1, 3), birth('female', 80, 1, 4), birth('male', 100, 2, 5), birth('female', 30, 3, 6)];
  const cells = region({ start: women(400, 1000, 800, 500), end: women(400, 1000, 1200, 500), flows });

  it('asfr by age group, mothers under 15 pooled into 15-19', () => {
    // 15-19: (2 + 10) / 400 × 1000 = 30; 20-24: 80 / 1000 × 1000 = 80; 25-29: 100 / 1000 × 1000 = 100;
    // 30-34: 30 / 500 × 1000 = 60; 35-39 … 45-49: no women → null, no_denominator.
    const rows = evaluateIndicators(['asfr'], YEAR, 'residence', cells, 'age5');
    expect(rows.map((r) => r.group)).toEqual([null, '15-19', '20-24', '25-29', '30-34', '35-39', '40-44', '45-49']);
    expect(rows.slice(1).map((r) => r.value)).toEqual([30, 80, 100, 60, null, null, null]);
    expect(row(rows, 'asfr', '15-19')).toMatchObject({ numerator: 12, denominator: 400, factor: 1000 });
    expect(row(rows, 'asfr', '40-44').flags).toEqual(['no_denominator']);
  });

  it('tfr = 5 × (30 + 80 + 100 + 60) / 1000 = 1.35, with gfr’s numerator and denominator', () => {
    const r = row(evaluateIndicators(['tfr'], YEAR, 'residence', cells), 'tfr');
    expect(r.value).toBeCloseTo(1.35, 12);
    expect(r).toMatchObject({ numerator: 222, denominator: 2900, flags: [] });
  });

  it('gfr = 222 / 2,900 × 1000 = 76.551724, and the total row of asfr equals it', () => {
    const rows = evaluateIndicators(['gfr', 'asfr'], YEAR, 'residence', cells);
    expect(row(rows, 'gfr').value).toBeCloseTo(76.551724, 6);
    expect(row(rows, 'asfr').value).toBe(row(rows, 'gfr').value);
  });

  it('women_15_49 = 400 + 1000 + 1200 + 500 = 3,100 at the end', () => {
    expect(row(evaluateIndicators(['women_15_49'], YEAR, 'residence', cells), 'women_15_49').value).toBe(3100);
  });

  it('births by age group use the mother’s actual group (10-14: 2, 15-19: 10), all 21 groups', () => {
    const rows = evaluateIndicators(['births'], YEAR, 'residence', cells, 'age5');
    expect(rows).toHaveLength(22);
    expect(row(rows, 'births', '10-14').value).toBe(2);
    expect(row(rows, 'births', '15-19').value).toBe(10);
    expect(row(rows, 'births', '0-4').value).toBe(0);
  });

  it('tfr on a month equals tfr on the year for the same monthly rate', () => {
    // One twelfth of the year's births in March with the same stock: asfr per person-year is unchanged
    // (births / 12 ÷ person-years / 12), so tfr is again 1.35.
    const monthly = region({ start: women(400, 1000, 800, 500), end: women(400, 1000, 1200, 500), flows: flows.map((f) => ({ ...f, count: f.count / 12 })) });
    expect(row(evaluateIndicators(['tfr'], parsePeriod('2025-03'), 'residence', monthly), 'tfr').value).toBeCloseTo(1.35, 12);
  });

  it('births in an age group without women are flagged and add nothing', () => {
    const withOlder = region({ start: women(400, 1000, 800, 500), end: women(400, 1000, 1200, 500), flows: [...flows, birth('male', 3, 1, 8)] });
    const r = row(evaluateIndicators(['tfr'], YEAR, 'residence', withOlder), 'tfr');
    expect(r.value).toBeCloseTo(1.35, 12);
    expect(r.numerator).toBe(225);
    expect(r.flags).toEqual(['incomplete_age_groups']);
  });
});

describe('residence–hukou mismatch and floating population', () => {
  // Residence end: 500 + 350 at home, 100 men away, 50 women away and floating → 1,000; away 150.
  // Hukou end: 900 men at home, 30 women floating out → 930.
  const cells = region({
    end: [st('male', 1980, 500), st('female', 1980, 350), st('male', 1985, 100, { away: true }), st('female', 1990, 50, { away: true, floating: true })],
    hukouEnd: [st('male', 1980, 900), st('female', 1980, 30, { away: true, floating: true })],
  });
  const codes = ['mismatch_rate', 'floating_in', 'floating_out', 'population'];

  it('mismatch_rate = 150 / 1,000 × 100 = 15%, on the residence basis whatever basis is asked', () => {
    for (const basis of ['residence', 'hukou'] as const) {
      const rows = evaluateIndicators(codes, YEAR, basis, cells);
      expect(row(rows, 'mismatch_rate')).toMatchObject({ value: 15, numerator: 150, denominator: 1000, factor: 100 });
      expect(row(rows, 'floating_in').value).toBe(50);
      expect(row(rows, 'floating_out').value).toBe(30);
    }
    expect(row(evaluateIndicators(['population'], YEAR, 'hukou', cells), 'population').value).toBe(930);
  });

  it('by sex: men 100 / 600 × 100 = 16.666667%, women 50 / 400 × 100 = 12.5%', () => {
    const rows = evaluateIndicators(['mismatch_rate'], YEAR, 'hukou', cells, 'sex');
    expect(row(rows, 'mismatch_rate', 'male').value).toBeCloseTo(16.666667, 6);
    expect(row(rows, 'mismatch_rate', 'female').value).toBeCloseTo(12.5, 12);
  });
});

describe('ageing and dependency', () => {
  // End 2025-12-31, age = 2025 − birth year:
  //   born 2011 (14): 300 → 0–14          born 2010 (15): 900 → 15–64
  //   born 1965 (60): 100 → 15–64, 60+    born 1960 (65): 200 → 65+, 60+
  // 0–14 = 300, 15–64 = 1,000, 65+ = 200, 60+ = 300, total 1,500.
  const cells = region({ end: [st('male', 2011, 160), st('female', 2011, 140), st('female', 2010, 900), st('male', 1965, 100), st('female', 1960, 200)] });
  const rows = evaluateIndicators(['dependency_child', 'dependency_old', 'dependency_total', 'aged_60_share', 'aged_65_share'], YEAR, 'residence', cells);

  it('child 300 / 1,000 × 100 = 30, old 200 / 1,000 × 100 = 20, total 500 / 1,000 × 100 = 50', () => {
    expect(row(rows, 'dependency_child').value).toBe(30);
    expect(row(rows, 'dependency_old').value).toBe(20);
    expect(row(rows, 'dependency_total')).toMatchObject({ value: 50, numerator: 500, denominator: 1000 });
  });

  it('aged 60+: 300 / 1,500 × 100 = 20%; aged 65+: 200 / 1,500 × 100 = 13.333333%', () => {
    expect(row(rows, 'aged_60_share').value).toBeCloseTo(20, 12);
    expect(row(rows, 'aged_65_share').value).toBeCloseTo(13.333333, 6);
  });

  it('no working-age population: null with no_denominator', () => {
    const kids = region({ end: [st('male', 2020, 10)] });
    expect(row(evaluateIndicators(['dependency_child'], YEAR, 'residence', kids), 'dependency_child')).toMatchObject({ value: null, numerator: 10, denominator: 0, flags: ['no_denominator'] });
  });
});

describe('age-specific death rates (cdr by age5)', () => {
  // Start (age = 2024 − by): born 2022 (2) 100, born 1951 (73) 200. End (2025 − by): 100 (3), 180 (74).
  // 0-4:   1 death / ((100 + 100) / 2 = 100) × 1000 = 10‰
  // 70-74: 20 deaths / ((200 + 180) / 2 = 190) × 1000 = 105.263158‰
  // total: 21 / ((300 + 280) / 2 = 290) × 1000 = 72.413793‰
  const cells = region({
    start: [st('male', 2022, 100), st('female', 1951, 200)],
    end: [st('male', 2022, 100), st('female', 1951, 180)],
    flows: [fl('death', 1, { sex: 'male', age5: 0 }), fl('death', 20, { sex: 'female', age5: 14 })],
  });

  it('gives one row per group, 21 groups, the empty ones null', () => {
    const rows = evaluateIndicators(['cdr'], YEAR, 'residence', cells, 'age5');
    expect(rows).toHaveLength(22);
    expect(row(rows, 'cdr').value).toBeCloseTo(72.413793, 6);
    expect(row(rows, 'cdr', '0-4').value).toBeCloseTo(10, 12);
    expect(row(rows, 'cdr', '70-74')).toMatchObject({ numerator: 20, denominator: 190, groupName: '70-74' });
    expect(row(rows, 'cdr', '70-74').value).toBeCloseTo(105.263158, 6);
    expect(row(rows, 'cdr', '100+')).toMatchObject({ value: null, flags: ['no_denominator'] });
  });

  it('population by age group: 0-4 = 100, 70-74 = 180, the rest 0', () => {
    const rows = evaluateIndicators(['population'], YEAR, 'residence', cells, 'age5').slice(1);
    expect(rows.map((r) => r.value)).toEqual([100, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 180, 0, 0, 0, 0, 0, 0]);
  });
});

describe('breakdowns, order and errors', () => {
  const cells = region({ end: [st('male', 1990, 7), st('female', 1990, 5)], flows: [birth('male', 2), fl('marriage', 4)] });

  it('keeps the order asked and gives a disallowed breakdown its total row only', () => {
    const rows = evaluateIndicators(['marriages', 'population', 'srb'], YEAR, 'residence', cells, 'sex');
    expect(rows.map((r) => `${r.indicator}:${r.group}`)).toEqual(['marriages:null', 'population:null', 'population:male', 'population:female', 'srb:null']);
    expect(row(rows, 'population', 'male').value).toBe(7);
    expect(row(rows, 'marriages').value).toBe(4);
    expect(evaluateIndicators(['population'], YEAR, 'residence', cells, 'order')).toHaveLength(1);
  });

  it('refuses unknown indicators, naming each one', () => {
    let error: unknown;
    try {
      evaluateIndicators(['population', 'foo', 'CBR'], YEAR, 'residence', cells);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DomainError);
    const e = error as DomainError;
    expect(e.code).toBe('UNKNOWN_INDICATOR');
    expect(e.status).toBe(400);
    expect(e.details.map((d) => [d.path, d.value])).toEqual([['query.indicators', 'foo'], ['query.indicators', 'CBR']]);
  });
});

describe('pyramidOf', () => {
  it('counts by sex and five-year group on the date, 100+ open', () => {
    // On 2025-12-31: born 2021 → 4 (0-4), born 2020 → 5 (5-9), born 1920 → 105 (100+).
    const rows = pyramidOf([st('male', 2021, 3), st('female', 2021, 2), st('male', 2020, 1), st('female', 1920, 4), st('female', 1920, 1, { floating: true })], '2025-12-31');
    expect(rows).toHaveLength(21);
    expect(rows[0]).toEqual({ ageGroup: '0-4', male: 3, female: 2 });
    expect(rows[1]).toEqual({ ageGroup: '5-9', male: 1, female: 0 });
    expect(rows[20]).toEqual({ ageGroup: '100+', male: 0, female: 5 });
  });
});
