/**
 * Projection inputs of a region from the maintained statistics: the population on 31 December of the
 * base year by sex and single age, and rates from the last one to three years of events — fertility by
 * the mother's five-year group, mortality by sex and five-year group, net migration by sex and group.
 * Where a region has too few births or deaths for its own rates, they are borrowed from the nearest
 * ancestor that has enough, else from the national model schedule; every borrowing is reported.
 */
import { modelAsfr, modelMx, parsePeriod, type FlowCell, type ProjectionBase, type StockCell } from '@renkou/core';
import type { Db } from '@renkou/db';
import { loadSeries, type RegionSeries } from '../statistics/cells.repository';
import { findRegion, type RegionRef } from '../statistics/statistics.service';

export const OPEN_AGE = 100;
/** Fewer births than this over the input years: the fertility schedule is borrowed. */
export const MIN_BIRTHS = 200;
/** Fewer deaths of a sex than this over the input years: that sex's mortality schedule is borrowed. */
export const MIN_DEATHS = 200;
/** Fewer births than this: the sex ratio at birth is borrowed (see the SRB's small-numbers flag). */
export const MIN_BIRTHS_SRB = 1000;
const MODEL_SRB = 1.07;

const t = (zh: string, en: string) => ({ zh, en });

export interface Borrowed {
  what: 'fertility' | 'mortality_female' | 'mortality_male' | 'srb';
  from: string;
  fromName: string;
  reason: { zh: string; en: string };
}

interface Observed {
  births: number;
  birthsMale: number;
  birthsFemale: number;
  /** Births by mother's five-year group 0..20 and woman-years by group. */
  birthsByGroup: number[];
  womanYears: number[];
  deaths: Record<'female' | 'male', number[]>;
  exposure: Record<'female' | 'male', number[]>;
  netMigration: Record<'female' | 'male', number[]>;
}

const groups = () => new Array<number>(21).fill(0);
const group = (age: number) => Math.max(0, Math.min(20, Math.floor(age / 5)));

function stockByGroup(stock: readonly StockCell[], date: string, sex: 'female' | 'male'): number[] {
  const out = groups();
  const year = Number(date.slice(0, 4));
  for (const c of stock) if (c.sex === sex && year - c.birthYear >= 0) out[group(year - c.birthYear)]! += c.count;
  return out;
}

function observe(series: RegionSeries, years: readonly number[]): Observed {
  const o: Observed = { births: 0, birthsMale: 0, birthsFemale: 0, birthsByGroup: groups(), womanYears: groups(), deaths: { female: groups(), male: groups() }, exposure: { female: groups(), male: groups() }, netMigration: { female: groups(), male: groups() } };
  for (const y of years) {
    const p = parsePeriod(String(y));
    const flows: FlowCell[] = series.flowsIn(p);
    for (const f of flows) {
      if (f.kind === 'birth') {
        o.births += f.count;
        if (f.sex === 'male') o.birthsMale += f.count;
        if (f.sex === 'female') o.birthsFemale += f.count;
        // Mothers under 15 and over 49 count in the nearest fertile group, as in the ASFR indicator.
        if (f.motherAge5 !== null) o.birthsByGroup[Math.max(3, Math.min(9, f.motherAge5))]! += f.count;
      } else if (f.kind === 'death' && f.sex && f.age5 !== null) o.deaths[f.sex][f.age5]! += f.count;
      else if ((f.kind === 'move_in' || f.kind === 'move_out') && f.sex && f.age5 !== null) o.netMigration[f.sex][f.age5]! += f.kind === 'move_in' ? f.count : -f.count;
    }
    for (const sex of ['female', 'male'] as const) {
      const start = stockByGroup(series.stockOn('residence', p.before), p.before, sex);
      const end = stockByGroup(series.stockOn('residence', p.end), p.end, sex);
      for (let g = 0; g < 21; g++) {
        const py = (start[g]! + end[g]!) / 2;
        o.exposure[sex][g]! += py;
        if (sex === 'female') o.womanYears[g]! += py;
      }
    }
  }
  return o;
}

/** Single-year rates from five-year group rates (constant within a group); 100+ takes the last group's. */
function toSingle(byGroup: readonly number[]): number[] {
  return Array.from({ length: OPEN_AGE + 1 }, (_, a) => byGroup[group(a)]!);
}

async function ancestorsOf(db: Db, region: RegionRef): Promise<RegionRef[]> {
  const out: RegionRef[] = [];
  for (const len of [9, 6, 4, 2]) if (region.code.length > len) out.push(await findRegion(db, region.code.slice(0, len)));
  return out;
}

export interface RegionalBase {
  base: ProjectionBase;
  inputYears: number[];
  observed: { population: number; births: number; deathsFemale: number; deathsMale: number; netMigration: number; srb: number };
  borrowed: Borrowed[];
}

export async function regionalBase(db: Db, region: RegionRef, baseYear: number, inputYearCount: number): Promise<RegionalBase> {
  const years = Array.from({ length: inputYearCount }, (_, i) => baseYear - inputYearCount + 1 + i);
  const from = `${years[0]}-01-01`;
  const to = `${baseYear}-12-31`;
  const own = (await loadSeries(db, { code: region.code, level: region.level, children: false }, 'residence', from, to)).get(region.code)!;
  const o = observe(own, years);
  const borrowed: Borrowed[] = [];
  const lineage = await ancestorsOf(db, region);
  const cache = new Map<string, Observed>();
  const observedOf = async (r: RegionRef) => {
    if (!cache.has(r.code)) cache.set(r.code, observe((await loadSeries(db, { code: r.code, level: r.level, children: false }, 'residence', from, to)).get(r.code)!, years));
    return cache.get(r.code)!;
  };
  /** The first of the region and its ancestors that passes `enough`, or null for the model schedule. */
  const source = async (enough: (x: Observed) => boolean): Promise<{ region: RegionRef; observed: Observed } | null> => {
    if (enough(o)) return { region, observed: o };
    for (const r of lineage) {
      const x = await observedOf(r);
      if (enough(x)) return { region: r, observed: x };
    }
    return null;
  };
  const borrow = (what: Borrowed['what'], from: RegionRef | null, zh: string, en: string) => {
    if (from?.code === region.code) return;
    borrowed.push({ what, from: from?.code ?? 'model', fromName: from?.name ?? '全国模型 national model schedule', reason: t(zh, en) });
  };

  const fert = await source((x) => x.births >= MIN_BIRTHS);
  borrow('fertility', fert?.region ?? null, `近 ${years.length} 年出生少于 ${MIN_BIRTHS} 人，生育率借用${fert ? `上级区划“${fert.region.name}”` : '全国模型'}`, `fewer than ${MIN_BIRTHS} births in ${years.length} years: fertility taken from ${fert ? fert.region.name : 'the national model'}`);
  const asfr = fert ? toSingle(fert.observed.birthsByGroup.map((b, g) => (g >= 3 && g <= 9 && fert.observed.womanYears[g]! > 0 ? b / fert.observed.womanYears[g]! : 0))) .map((v, a) => (a >= 15 && a <= 49 ? v : 0)) : modelAsfr(OPEN_AGE);

  const mx: Record<'female' | 'male', number[]> = { female: [], male: [] };
  for (const sex of ['female', 'male'] as const) {
    const src = await source((x) => x.deaths[sex].reduce((a, b) => a + b, 0) >= MIN_DEATHS);
    borrow(`mortality_${sex}`, src?.region ?? null, `近 ${years.length} 年${sex === 'female' ? '女性' : '男性'}死亡少于 ${MIN_DEATHS} 人，死亡率借用${src ? `上级区划“${src.region.name}”` : '全国模型'}`, `fewer than ${MIN_DEATHS} ${sex} deaths in ${years.length} years: mortality taken from ${src ? src.region.name : 'the national model'}`);
    const model = modelMx(sex, baseYear, OPEN_AGE);
    // An age group nobody lived in says nothing: the model rate fills it, so the life table closes.
    mx[sex] = src
      ? toSingle(src.observed.deaths[sex].map((d, g) => (src.observed.exposure[sex][g]! > 0 && d > 0 ? d / src.observed.exposure[sex][g]! : Number.NaN))).map((v, a) => (Number.isFinite(v) ? v : model[a]!))
      : model;
  }

  const srbSrc = await source((x) => x.births >= MIN_BIRTHS_SRB && x.birthsFemale > 0);
  borrow('srb', srbSrc?.region ?? null, `近 ${years.length} 年出生少于 ${MIN_BIRTHS_SRB} 人，出生性别比借用${srbSrc ? `上级区划“${srbSrc.region.name}”` : '全国模型（107）'}`, `fewer than ${MIN_BIRTHS_SRB} births: the sex ratio at birth is taken from ${srbSrc ? srbSrc.region.name : 'the national model (107)'}`);
  const srb = srbSrc ? srbSrc.observed.birthsMale / srbSrc.observed.birthsFemale : MODEL_SRB;

  const endStock = own.stockOn('residence', to);
  const population = (sex: 'female' | 'male') => {
    const out = new Array<number>(OPEN_AGE + 1).fill(0);
    for (const c of endStock) if (c.sex === sex && baseYear - c.birthYear >= 0) out[Math.min(OPEN_AGE, baseYear - c.birthYear)]! += c.count;
    return out;
  };
  // Net migrants per year by single age: the group's yearly mean spread evenly over its five ages.
  const migration = (sex: 'female' | 'male') => Array.from({ length: OPEN_AGE + 1 }, (_, a) => o.netMigration[sex][group(a)]! / years.length / (a >= OPEN_AGE ? 1 : 5));
  const female = population('female');
  const male = population('male');
  const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
  return {
    base: {
      baseYear,
      openAge: OPEN_AGE,
      female: { population: female, mx: mx.female, netMigration: migration('female') },
      male: { population: male, mx: mx.male, netMigration: migration('male') },
      asfr,
      srb,
    },
    inputYears: years,
    observed: {
      population: sum(female) + sum(male),
      births: o.births,
      deathsFemale: sum(o.deaths.female),
      deathsMale: sum(o.deaths.male),
      netMigration: (sum(o.netMigration.female) + sum(o.netMigration.male)) / years.length,
      srb: srb * 100,
    },
    borrowed,
  };
}
