/**
 * Turns one region's aggregate cells into indicator values (pure; the server fetches the cells).
 *
 * Each indicator is numerator ÷ denominator × factor over named measures (indicators.ts). A breakdown is
 * evaluated by filtering the cells to the group and computing the same measures again, so a breakdown row
 * means exactly what the total means, restricted to the group. Nothing is rounded: presentation rounds.
 */

import { DomainError } from '../errors';
import type { Sex } from '../registry/registry.schemas';
import { AGE5_COUNT, AGE5_LABELS, age5Of, ageOnDate } from './age-groups';
import type { FlowCell, FlowKind, StockCell } from './cells';
import { indicatorByCode, type IndicatorDefinition, type MeasureName } from './indicators';
import type { Period } from './periods';
import { SRB_METHOD, srbEstimate } from './srb';
import type { IndicatorValue } from './statistics.schemas';

export type StatsBasis = 'residence' | 'hukou';
export type EvaluatedBreakdown = 'sex' | 'age5' | 'order';

export interface StockPair {
  /** Persons present on period.before, the day before the period. */
  readonly start: readonly StockCell[];
  /** Persons present on period.end, the last day of the period. */
  readonly end: readonly StockCell[];
}

export interface RegionCells {
  /** Events in the period on the requested basis. */
  readonly flows: readonly FlowCell[];
  /** Both bases are always given: floating_in, floating_out and mismatch_rate use a fixed basis. */
  readonly stock: { readonly residence: StockPair; readonly hukou: StockPair };
}

/** Mothers' age groups of the age-specific fertility rates: 15-19 (3) … 45-49 (9). */
const FERTILE_FIRST = 3;
const FERTILE_LAST = 9;
const SEXES: readonly Sex[] = ['male', 'female'];
const ORDERS = [1, 2, 3] as const;

interface Context {
  readonly period: Period;
  readonly basis: StatsBasis;
}

const sumCounts = (cells: readonly { readonly count: number }[]) => cells.reduce((a, c) => a + c.count, 0);
const flowsOf = (cells: RegionCells, kind: FlowKind) => sumCounts(cells.flows.filter((f) => f.kind === kind));
/** Birth order 3 means "third or later"; anything above 3 is read the same way. */
const orderOf = (f: FlowCell) => (f.order === null ? null : Math.min(f.order, 3));
const clampFertile = (g: number) => Math.min(FERTILE_LAST, Math.max(FERTILE_FIRST, g));

function stockWhere(cells: readonly StockCell[], date: string, keep: (c: StockCell, age: number) => boolean): number {
  let n = 0;
  for (const c of cells) if (keep(c, ageOnDate(c.birthYear, date))) n += c.count;
  return n;
}

/** Person-years lived in the period by those matching `keep`: mean of start and end stock × months / 12. */
function personYears(pair: StockPair, ctx: Context, keep: (c: StockCell, age: number) => boolean = () => true): number {
  const start = stockWhere(pair.start, ctx.period.before, keep);
  const end = stockWhere(pair.end, ctx.period.end, keep);
  return (((start + end) / 2) * ctx.period.months) / 12;
}

const endOf = (cells: RegionCells, ctx: Context, keep: (c: StockCell, age: number) => boolean) =>
  stockWhere(cells.stock[ctx.basis].end, ctx.period.end, keep);

const all = () => true;
const isWoman15to49 = (c: StockCell, age: number) => c.sex === 'female' && age >= 15 && age <= 49;

/** One function per measure; the Record type makes the compiler insist every measure is defined. */
const MEASURES: Record<MeasureName, (cells: RegionCells, ctx: Context) => number> = {
  population_end: (s, c) => endOf(s, c, all),
  population_midyear: (s, c) => (stockWhere(s.stock[c.basis].start, c.period.before, all) + endOf(s, c, all)) / 2,
  person_years: (s, c) => personYears(s.stock[c.basis], c),
  births: (s) => flowsOf(s, 'birth'),
  deaths: (s) => flowsOf(s, 'death'),
  natural_increase: (s) => flowsOf(s, 'birth') - flowsOf(s, 'death'),
  male_births: (s) => sumCounts(s.flows.filter((f) => f.kind === 'birth' && f.sex === 'male')),
  female_births: (s) => sumCounts(s.flows.filter((f) => f.kind === 'birth' && f.sex === 'female')),
  births_order_1: (s) => sumCounts(s.flows.filter((f) => f.kind === 'birth' && orderOf(f) === 1)),
  births_order_2: (s) => sumCounts(s.flows.filter((f) => f.kind === 'birth' && orderOf(f) === 2)),
  births_order_3plus: (s) => sumCounts(s.flows.filter((f) => f.kind === 'birth' && orderOf(f) === 3)),
  women_15_49_end: (s, c) => endOf(s, c, isWoman15to49),
  women_15_49_person_years: (s, c) => personYears(s.stock[c.basis], c, isWoman15to49),
  marriages: (s) => flowsOf(s, 'marriage'),
  divorces: (s) => flowsOf(s, 'divorce'),
  move_in: (s) => flowsOf(s, 'move_in'),
  move_out: (s) => flowsOf(s, 'move_out'),
  floating_in_end: (s, c) => stockWhere(s.stock.residence.end, c.period.end, (x) => x.floating),
  floating_out_end: (s, c) => stockWhere(s.stock.hukou.end, c.period.end, (x) => x.floating),
  residence_population_end: (s, c) => stockWhere(s.stock.residence.end, c.period.end, all),
  residence_away_end: (s, c) => stockWhere(s.stock.residence.end, c.period.end, (x) => x.away),
  population_0_14_end: (s, c) => endOf(s, c, (_, age) => age <= 14),
  population_15_64_end: (s, c) => endOf(s, c, (_, age) => age >= 15 && age <= 64),
  population_60plus_end: (s, c) => endOf(s, c, (_, age) => age >= 60),
  population_65plus_end: (s, c) => endOf(s, c, (_, age) => age >= 65),
  population_dependent_end: (s, c) => endOf(s, c, (_, age) => age <= 14 || age >= 65),
};

/* ---- Breakdown filters: the same cells, restricted to one group ---- */

function restrict(cells: RegionCells, ctx: Context, flow: (f: FlowCell) => boolean, stock: (c: StockCell, age: number) => boolean): RegionCells {
  const pair = (p: StockPair): StockPair => ({
    start: p.start.filter((c) => stock(c, ageOnDate(c.birthYear, ctx.period.before))),
    end: p.end.filter((c) => stock(c, ageOnDate(c.birthYear, ctx.period.end))),
  });
  return { flows: cells.flows.filter(flow), stock: { residence: pair(cells.stock.residence), hukou: pair(cells.stock.hukou) } };
}

const bySex = (cells: RegionCells, ctx: Context, sex: Sex) => restrict(cells, ctx, (f) => f.sex === sex, (c) => c.sex === sex);

/**
 * Age group g: stock by age on each stock date; deaths and moves by the person's age at the event; births by
 * the mother's age group (for asfr, mothers under 15 pooled into 15-19 and over 49 into 45-49).
 */
function byAge5(cells: RegionCells, ctx: Context, g: number, pooledMothers: boolean): RegionCells {
  const flow = (f: FlowCell) => {
    if (f.kind !== 'birth') return f.age5 === g;
    if (f.motherAge5 === null) return false;
    return (pooledMothers ? clampFertile(f.motherAge5) : f.motherAge5) === g;
  };
  return restrict(cells, ctx, flow, (_, age) => age5Of(age) === g);
}

/** Birth order k (3 = third or later): births of that order; other flows do not have an order and drop out. */
const byOrder = (cells: RegionCells, ctx: Context, k: number) => restrict(cells, ctx, (f) => f.kind === 'birth' && orderOf(f) === k, all);

/* ---- Values ---- */

interface Group {
  readonly group: string | null;
  readonly groupName: string | null;
}
const TOTAL: Group = { group: null, groupName: null };

function ratioValue(def: IndicatorDefinition, cells: RegionCells, ctx: Context, g: Group): IndicatorValue {
  const numerator = MEASURES[def.numerator](cells, ctx);
  // A count is its own value: shown as numerator ÷ 1 × 1 so every row has the same shape.
  const denominator = def.denominator === null ? 1 : MEASURES[def.denominator](cells, ctx);
  const value = denominator === 0 ? null : (numerator / denominator) * def.factor;
  return { indicator: def.code, ...g, value, numerator, denominator, factor: def.factor, interval: null, flags: denominator === 0 ? ['no_denominator'] : [] };
}

function srbValue(def: IndicatorDefinition, cells: RegionCells, ctx: Context, g: Group): IndicatorValue {
  const male = MEASURES.male_births(cells, ctx);
  const female = MEASURES.female_births(cells, ctx);
  const e = srbEstimate(male, female);
  const flags: string[] = [];
  if (female === 0) flags.push('no_denominator');
  if (e.smallNumbers) flags.push('small_numbers');
  const interval = e.lower !== null && e.upper !== null ? { lower: e.lower, upper: e.upper, level: 0.95, method: SRB_METHOD } : null;
  return { indicator: def.code, ...g, value: e.value, numerator: male, denominator: female, factor: def.factor, interval, flags };
}

/** TFR = 5 × Σ asfr_g / 1000 over 15-19 … 45-49; numerator and denominator are GFR's, for context only. */
function tfrValue(def: IndicatorDefinition, cells: RegionCells, ctx: Context, g: Group): IndicatorValue {
  const numerator = MEASURES.births(cells, ctx);
  const denominator = MEASURES.women_15_49_person_years(cells, ctx);
  const flags: string[] = [];
  let sumAsfr = 0;
  let incomplete = false;
  for (let a = FERTILE_FIRST; a <= FERTILE_LAST; a++) {
    const group = byAge5(cells, ctx, a, true);
    const births = MEASURES.births(group, ctx);
    const women = MEASURES.women_15_49_person_years(group, ctx);
    if (women > 0) sumAsfr += (births / women) * 1000;
    else if (births > 0) incomplete = true;
  }
  if (denominator === 0) flags.push('no_denominator');
  else if (incomplete) flags.push('incomplete_age_groups');
  const value = denominator === 0 ? null : (5 * sumAsfr) / 1000;
  return { indicator: def.code, ...g, value, numerator, denominator, factor: def.factor, interval: null, flags };
}

function valueOf(def: IndicatorDefinition, cells: RegionCells, ctx: Context, g: Group): IndicatorValue {
  if (def.code === 'srb') return srbValue(def, cells, ctx, g);
  if (def.code === 'tfr') return tfrValue(def, cells, ctx, g);
  return ratioValue(def, cells, ctx, g);
}

function breakdownRows(def: IndicatorDefinition, cells: RegionCells, ctx: Context, by: EvaluatedBreakdown): IndicatorValue[] {
  switch (by) {
    case 'sex':
      return SEXES.map((sex) => valueOf(def, bySex(cells, ctx, sex), ctx, { group: sex, groupName: sex }));
    case 'age5': {
      // asfr is defined on the mothers' groups only; every other indicator shows all 21 groups, empty ones too,
      // so tables and charts have a fixed shape.
      const asfr = def.code === 'asfr';
      const [first, last] = asfr ? [FERTILE_FIRST, FERTILE_LAST] : [0, AGE5_COUNT - 1];
      const rows: IndicatorValue[] = [];
      for (let g = first; g <= last; g++) {
        const label = AGE5_LABELS[g]!;
        rows.push(valueOf(def, byAge5(cells, ctx, g, asfr), ctx, { group: label, groupName: label }));
      }
      return rows;
    }
    case 'order':
      return ORDERS.map((k) => valueOf(def, byOrder(cells, ctx, k), ctx, { group: String(k), groupName: k === 3 ? '3+' : String(k) }));
  }
}

/**
 * Evaluates indicators for one region and period: per indicator, in the order asked, the total row (group
 * null) and, when `by` is allowed for it, one row per group ('male','female'; age labels; '1','2','3').
 * A breakdown an indicator does not allow gives its total row only.
 *
 * @throws DomainError UNKNOWN_INDICATOR (400) naming query.indicators and every unknown code
 */
export function evaluateIndicators(codes: readonly string[], period: Period, basis: StatsBasis, cells: RegionCells, by?: EvaluatedBreakdown): IndicatorValue[] {
  const defs = codes.map((code) => ({ code, def: indicatorByCode(code) }));
  const unknown = defs.filter((d) => d.def === undefined);
  if (unknown.length > 0) {
    throw new DomainError(
      'UNKNOWN_INDICATOR',
      { zh: '未知的指标代码', en: 'unknown indicator code' },
      unknown.map((d) => ({ path: 'query.indicators', value: d.code, reason: { zh: `没有代码为 ${d.code} 的指标`, en: `there is no indicator ${d.code}` } })),
      400,
    );
  }
  const ctx: Context = { period, basis };
  const rows: IndicatorValue[] = [];
  for (const { def } of defs) {
    rows.push(valueOf(def!, cells, ctx, TOTAL));
    if (by !== undefined && def!.breakdowns.includes(by)) rows.push(...breakdownRows(def!, cells, ctx, by));
  }
  return rows;
}

/** Population pyramid on `date`: all 21 five-year groups, youngest first, ages = year(date) − birthYear. */
export function pyramidOf(stock: readonly StockCell[], date: string): { ageGroup: string; male: number; female: number }[] {
  const rows = AGE5_LABELS.map((ageGroup) => ({ ageGroup, male: 0, female: 0 }));
  for (const c of stock) rows[age5Of(ageOnDate(c.birthYear, date))]![c.sex] += c.count;
  return rows;
}
