/**
 * Scenario projection for decisions: single-year ages, two sexes, one-year steps from a base population,
 * with paths for the total fertility rate, life expectancy at birth and net migration. Each step is the
 * cohort-component engine (ccmpp.ts) run for one year with that year's schedules: fertility scaled to the
 * year's TFR (age pattern kept), mortality scaled by one factor to the year's e0 (found by bisection), net
 * migration multiplied by the year's factor. A policy impact assessment (人口影响评估) compares two scenarios.
 */
import type { Sex } from '../registry/registry.schemas';
import { projectCohortComponent, projectionLx, survivalRatiosFromLx } from './ccmpp';
import { DEFAULT_RADIX, lifeTableFromRates } from './life-table';

export interface SexSchedule {
  /** Persons by single year of age 0..openAge (the last is the open group) on 31 December of the base year. */
  readonly population: readonly number[];
  /** Death rates by single year of age 0..openAge. */
  readonly mx: readonly number[];
  /** Net migrants per year by single year of age 0..openAge. */
  readonly netMigration: readonly number[];
}

export interface ProjectionBase {
  readonly baseYear: number;
  readonly openAge: number;
  readonly female: SexSchedule;
  readonly male: SexSchedule;
  /** Births of both sexes per woman per year by single year of age 0..openAge. */
  readonly asfr: readonly number[];
  /** Male births per female birth, e.g. 1.07. */
  readonly srb: number;
}

export interface PathPoint {
  readonly year: number;
  readonly value: number;
}

export interface ScenarioSpec {
  readonly name: string;
  /** Target TFR by year (linear between points, constant outside them); absent = the base schedule's TFR. */
  readonly tfr?: readonly PathPoint[] | undefined;
  readonly e0?: { readonly female?: readonly PathPoint[] | undefined; readonly male?: readonly PathPoint[] | undefined } | undefined;
  /** Factor on the base net migration by year (1 = as observed, 0 = none). */
  readonly migration?: readonly PathPoint[] | undefined;
}

export interface YearIndicators {
  readonly year: number;
  readonly total: number;
  readonly male: number;
  readonly female: number;
  /** Over the year ending on 31 December of `year` (0 for the base year). */
  readonly births: number;
  readonly deaths: number;
  readonly netMigration: number;
  readonly preschool: number;
  /** Compulsory-education ages 6–14 (primary 6–11, junior secondary 12–14). */
  readonly schoolAge: number;
  readonly primary: number;
  readonly juniorSecondary: number;
  readonly children: number;
  readonly workingAge: number;
  readonly aged60: number;
  readonly aged65: number;
  readonly aged60Share: number;
  readonly aged65Share: number;
  readonly dependencyChild: number;
  readonly dependencyOld: number;
  readonly dependencyTotal: number;
  readonly tfr: number;
  readonly e0Female: number;
  readonly e0Male: number;
}

export interface ScenarioResult {
  readonly name: string;
  readonly years: readonly YearIndicators[];
  /** Persons by single age per year: years[i] ↔ female[i], male[i]. */
  readonly female: readonly (readonly number[])[];
  readonly male: readonly (readonly number[])[];
}

export function pathValue(path: readonly PathPoint[] | undefined, year: number, fallback: number): number {
  if (!path || path.length === 0) return fallback;
  const sorted = [...path].sort((a, b) => a.year - b.year);
  if (year <= sorted[0]!.year) return sorted[0]!.value;
  const last = sorted[sorted.length - 1]!;
  if (year >= last.year) return last.value;
  for (let i = 1; i < sorted.length; i++) {
    const a = sorted[i - 1]!;
    const b = sorted[i]!;
    if (year <= b.year) return a.value + ((b.value - a.value) * (year - a.year)) / (b.year - a.year);
  }
  return last.value;
}

const ages = (openAge: number) => Array.from({ length: openAge + 1 }, (_, i) => i);

export function lifeExpectancyOf(sex: Sex, mx: readonly number[], openAge: number): number {
  return lifeTableFromRates({ sex, ages: ages(openAge), mx }).rows[0]!.ex;
}

/** The factor k for which mx·k has life expectancy `target` (e0 falls as k grows); bisection on log k. */
export function mortalityFactorFor(sex: Sex, mx: readonly number[], openAge: number, target: number): number {
  let lo = -6;
  let hi = 6;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    const e0 = lifeExpectancyOf(sex, mx.map((m) => m * Math.exp(mid)), openAge);
    if (e0 > target) lo = mid;
    else hi = mid;
  }
  return Math.exp((lo + hi) / 2);
}

function survival(sex: Sex, mx: readonly number[], openAge: number): number[] {
  const table = lifeTableFromRates({ sex, ages: ages(openAge), mx, radix: DEFAULT_RADIX });
  return survivalRatiosFromLx(projectionLx(table, 1, openAge), DEFAULT_RADIX, 1);
}

const sum = (xs: readonly number[], from = 0, to = xs.length - 1) => {
  let s = 0;
  for (let i = from; i <= Math.min(to, xs.length - 1); i++) s += xs[i]!;
  return s;
};

function indicators(year: number, female: readonly number[], male: readonly number[], flows: { births: number; deaths: number; netMigration: number }, tfr: number, e0Female: number, e0Male: number): YearIndicators {
  const both = female.map((f, i) => f + male[i]!);
  const total = sum(both);
  const children = sum(both, 0, 14);
  const workingAge = sum(both, 15, 64);
  const aged60 = sum(both, 60);
  const aged65 = sum(both, 65);
  return {
    year,
    total,
    male: sum(male),
    female: sum(female),
    ...flows,
    preschool: sum(both, 3, 5),
    schoolAge: sum(both, 6, 14),
    primary: sum(both, 6, 11),
    juniorSecondary: sum(both, 12, 14),
    children,
    workingAge,
    aged60,
    aged65,
    aged60Share: total > 0 ? (aged60 / total) * 100 : 0,
    aged65Share: total > 0 ? (aged65 / total) * 100 : 0,
    dependencyChild: workingAge > 0 ? (children / workingAge) * 100 : 0,
    dependencyOld: workingAge > 0 ? (aged65 / workingAge) * 100 : 0,
    dependencyTotal: workingAge > 0 ? ((children + aged65) / workingAge) * 100 : 0,
    tfr,
    e0Female,
    e0Male,
  };
}

/** Projects one scenario `horizon` years past the base year. */
export function projectScenario(base: ProjectionBase, scenario: ScenarioSpec, horizon: number): ScenarioResult {
  const { openAge } = base;
  const tfr0 = sum(base.asfr);
  const e0f0 = lifeExpectancyOf('female', base.female.mx, openAge);
  const e0m0 = lifeExpectancyOf('male', base.male.mx, openAge);
  let female = [...base.female.population];
  let male = [...base.male.population];
  const years: YearIndicators[] = [indicators(base.baseYear, female, male, { births: 0, deaths: 0, netMigration: 0 }, tfr0, e0f0, e0m0)];
  const females = [female];
  const males = [male];
  for (let step = 1; step <= horizon; step++) {
    const year = base.baseYear + step;
    const tfr = pathValue(scenario.tfr, year, tfr0);
    const asfr = tfr0 > 0 ? base.asfr.map((a) => (a * tfr) / tfr0) : [...base.asfr];
    const e0f = pathValue(scenario.e0?.female, year, e0f0);
    const e0m = pathValue(scenario.e0?.male, year, e0m0);
    const mxF = Math.abs(e0f - e0f0) < 1e-9 ? base.female.mx : base.female.mx.map((m) => m * mortalityFactorFor('female', base.female.mx, openAge, e0f));
    const mxM = Math.abs(e0m - e0m0) < 1e-9 ? base.male.mx : base.male.mx.map((m) => m * mortalityFactorFor('male', base.male.mx, openAge, e0m));
    const factor = pathValue(scenario.migration, year, 1);
    const p = projectCohortComponent({
      ageInterval: 1,
      steps: 1,
      baseYear: year - 1,
      srb: base.srb,
      migrationTiming: 'even',
      asfr,
      female: { population: female, survival: survival('female', mxF, openAge), netMigration: base.female.netMigration.map((m) => m * factor) },
      male: { population: male, survival: survival('male', mxM, openAge), netMigration: base.male.netMigration.map((m) => m * factor) },
    });
    female = [...p.female[1]!];
    male = [...p.male![1]!];
    const births = p.births[0]!.total;
    const deaths = p.deaths[0]!.female + (p.deaths[0]!.male ?? 0);
    const netMigration = p.migrants[0]!.female + (p.migrants[0]!.male ?? 0);
    years.push(indicators(year, female, male, { births, deaths, netMigration }, tfr, e0f, e0m));
    females.push(female);
    males.push(male);
  }
  return { name: scenario.name, years, female: females, male: males };
}

export const IMPACT_FIELDS = ['total', 'births', 'preschool', 'schoolAge', 'workingAge', 'aged60', 'aged65'] as const;
export type ImpactField = (typeof IMPACT_FIELDS)[number];

/** 人口影响评估: the second scenario minus the first, year by year, on the measures a policy touches. */
export function compareScenarios(a: ScenarioResult, b: ScenarioResult): { year: number; difference: Record<ImpactField, number> }[] {
  return a.years.map((ya, i) => {
    const yb = b.years[i]!;
    const difference = Object.fromEntries(IMPACT_FIELDS.map((f) => [f, yb[f] - ya[f]])) as Record<ImpactField, number>;
    return { year: ya.year, difference };
  });
}
