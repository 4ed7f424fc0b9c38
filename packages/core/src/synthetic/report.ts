/**
 * The demo report: a generated population against its targets. Pure functions over counts; the CLI gathers
 * the counts from the database with SQL, and {@link countsFromPopulation} gathers the same counts from a
 * generated population in memory (the integration test checks the two agree).
 *
 * Rates per year are annualised over the part of the year inside [2020-11-01, until] and use the population
 * present at the middle of that part. Tolerances are in docs/domain/synthetic-population.md.
 */
import { CENSUS_2020_AGE_SEX, CENSUS_2020_TOTAL, cbrFor, CDR_PER_MILLE, HOUSEHOLD_SIZE_2020, MISMATCH_2020, SRB_2020, TFR_2020 } from './calibration';

/** 5-year groups 0–4 … 95–99 and 100+. */
export const PYRAMID_GROUPS = Array.from({ length: 21 }, (_, g) => (g === 20 ? '100+' : `${5 * g}-${5 * g + 4}`));

export interface YearCounts {
  readonly year: number;
  /** Days of the year inside the reported window. */
  readonly days: number;
  readonly daysInYear: number;
  /** Persons present at the middle of the window. */
  readonly midPopulation: number;
  readonly maleBirths: number;
  readonly femaleBirths: number;
  readonly deaths: number;
  /** Births by mother's age 15..49 (index 0 = 15) and women present at mid-window by age 15..49. */
  readonly birthsByMotherAge: readonly number[];
  readonly womenByAge: readonly number[];
}

export interface ReportCounts {
  readonly region: string;
  readonly until: string;
  /** Persons at 2020-11-01 by pyramid group (21) and sex. */
  readonly baselineMale: readonly number[];
  readonly baselineFemale: readonly number[];
  /** Residents (status alive) at `until` by pyramid group and sex. */
  readonly currentMale: readonly number[];
  readonly currentFemale: readonly number[];
  readonly years: readonly YearCounts[];
  readonly familyHouseholds: number;
  readonly familyMembers: number;
  readonly collectiveHouseholds: number;
  readonly collectiveMembers: number;
  readonly residents: number;
  /** Residents whose hukou place differs from their residence, and those whose hukou is outside the region. */
  readonly mismatch: number;
  readonly hukouOutside: number;
}

export interface Check {
  readonly name: string;
  readonly value: number;
  readonly min: number;
  readonly max: number;
  readonly ok: boolean;
}

export interface DemoReport {
  readonly region: string;
  readonly until: string;
  readonly pyramid: readonly { group: string; male: number; female: number; censusMale: number; censusFemale: number; currentMale: number; currentFemale: number }[];
  readonly years: readonly { year: number; partial: boolean; births: number; deaths: number; midPopulation: number; srb: number | null; tfr: number | null; cbr: number; cdr: number; publishedCbr: number; publishedCdr: number | null }[];
  /** Complete years 2021… covered by the history, pooled. */
  readonly pooled: { years: string; srb: number | null; tfr: number | null; cbr: number | null; cdr: number | null };
  readonly householdSize: number | null;
  readonly collectiveShare: number;
  readonly mismatchShare: number;
  readonly floatingShare: number;
  readonly checks: readonly Check[];
  readonly ok: boolean;
}

/** Census shares (% of the total) per pyramid group and sex. */
export function censusPyramidShares(): { male: number[]; female: number[] } {
  const male = new Array<number>(21).fill(0);
  const female = new Array<number>(21).fill(0);
  for (const g of CENSUS_2020_AGE_SEX) {
    const k = Math.min(20, Math.floor(g.from / 5));
    male[k]! += (100 * g.male) / CENSUS_2020_TOTAL;
    female[k]! += (100 * g.female) / CENSUS_2020_TOTAL;
  }
  return { male, female };
}

export function pyramidGroup(age: number): number {
  return Math.min(20, Math.max(0, Math.floor(age / 5)));
}

const ratio = (a: number, b: number) => (b > 0 ? a / b : null);

function tfrOf(births: readonly number[], women: readonly number[], fraction: number): number | null {
  let tfr = 0;
  let any = false;
  for (let a = 0; a < births.length; a++) {
    if (women[a]! > 0) {
      tfr += births[a]! / women[a]! / fraction;
      any = true;
    }
  }
  return any ? tfr : null;
}

/** Tolerances of the demo checks (docs/domain/synthetic-population.md). */
export const TOLERANCES = {
  pyramidPp: 1.5,
  srb: [105, 118],
  tfr: [0.8, 1.4],
  cbr: [5, 10],
  cdr: [6, 9],
  householdSize: [2.3, 2.9],
  mismatch: [0.25, 0.4],
} as const;

export function buildReport(c: ReportCounts): DemoReport {
  const census = censusPyramidShares();
  const baseTotal = c.baselineMale.reduce((s, v) => s + v, 0) + c.baselineFemale.reduce((s, v) => s + v, 0);
  const curTotal = c.currentMale.reduce((s, v) => s + v, 0) + c.currentFemale.reduce((s, v) => s + v, 0);
  const share = (v: number, t: number) => (t > 0 ? (100 * v) / t : 0);
  const pyramid = PYRAMID_GROUPS.map((group, g) => ({
    group,
    male: share(c.baselineMale[g]!, baseTotal),
    female: share(c.baselineFemale[g]!, baseTotal),
    censusMale: census.male[g]!,
    censusFemale: census.female[g]!,
    currentMale: share(c.currentMale[g]!, curTotal),
    currentFemale: share(c.currentFemale[g]!, curTotal),
  }));
  const years = c.years.map((y) => {
    const fraction = y.days / y.daysInYear;
    const births = y.maleBirths + y.femaleBirths;
    return {
      year: y.year,
      partial: y.days < y.daysInYear,
      births,
      deaths: y.deaths,
      midPopulation: y.midPopulation,
      srb: y.femaleBirths > 0 ? (100 * y.maleBirths) / y.femaleBirths : null,
      tfr: tfrOf(y.birthsByMotherAge, y.womenByAge, fraction),
      cbr: y.midPopulation > 0 ? (1000 * births) / y.midPopulation / fraction : 0,
      cdr: y.midPopulation > 0 ? (1000 * y.deaths) / y.midPopulation / fraction : 0,
      publishedCbr: cbrFor(y.year),
      publishedCdr: CDR_PER_MILLE[y.year] ?? null,
    };
  });
  const full = c.years.filter((y) => y.year >= 2021 && y.days === y.daysInYear);
  const sum = (f: (y: YearCounts) => number) => full.reduce((s, y) => s + f(y), 0);
  const women = Array.from({ length: 35 }, (_, a) => sum((y) => y.womenByAge[a]!));
  const mothers = Array.from({ length: 35 }, (_, a) => sum((y) => y.birthsByMotherAge[a]!));
  const pooled = {
    years: full.length ? `${full[0]!.year}–${full[full.length - 1]!.year}` : '',
    srb: ratio(100 * sum((y) => y.maleBirths), sum((y) => y.femaleBirths)),
    tfr: full.length ? tfrOf(mothers, women, 1) : null,
    cbr: ratio(1000 * sum((y) => y.maleBirths + y.femaleBirths), sum((y) => y.midPopulation)),
    cdr: ratio(1000 * sum((y) => y.deaths), sum((y) => y.midPopulation)),
  };
  const householdSize = ratio(c.familyMembers, c.familyHouseholds);
  const mismatchShare = c.residents > 0 ? c.mismatch / c.residents : 0;
  const checks: Check[] = [];
  const check = (name: string, value: number | null, [min, max]: readonly [number, number]) => {
    if (value !== null) checks.push({ name, value, min, max, ok: value >= min && value <= max });
  };
  pyramid.forEach((g) => {
    check(`pyramid ${g.group} male (pp)`, g.male - g.censusMale, [-TOLERANCES.pyramidPp, TOLERANCES.pyramidPp]);
    check(`pyramid ${g.group} female (pp)`, g.female - g.censusFemale, [-TOLERANCES.pyramidPp, TOLERANCES.pyramidPp]);
  });
  check(`SRB ${pooled.years}`, pooled.srb, TOLERANCES.srb);
  check(`TFR ${pooled.years}`, pooled.tfr, TOLERANCES.tfr);
  check(`CBR ‰ ${pooled.years}`, pooled.cbr, TOLERANCES.cbr);
  check(`CDR ‰ ${pooled.years}`, pooled.cdr, TOLERANCES.cdr);
  check('mean family-household size', householdSize, TOLERANCES.householdSize);
  check('hukou-residence mismatch share', mismatchShare, TOLERANCES.mismatch);
  return {
    region: c.region,
    until: c.until,
    pyramid,
    years,
    pooled,
    householdSize,
    collectiveShare: c.residents > 0 ? c.collectiveMembers / c.residents : 0,
    mismatchShare,
    floatingShare: c.residents > 0 ? c.hukouOutside / c.residents : 0,
    checks,
    ok: checks.every((x) => x.ok),
  };
}

/** Published targets shown beside the figures. */
export const REPORT_TARGETS = {
  srb2020: SRB_2020,
  tfr2020: TFR_2020,
  householdSize: HOUSEHOLD_SIZE_2020,
  mismatch: MISMATCH_2020.total,
  floating: MISMATCH_2020.floating,
} as const;
