import { z } from 'zod';
import { Sex } from '../registry/registry.schemas';

/*
 * JSON inputs of `renkou lifetable` and `renkou project` (and, later, the projection API). The schemas check
 * shape and sign; the rules that relate fields to each other (lengths, layouts, interval) are checked by
 * the functions in run.ts, which name the field in both languages.
 */

const Count = z.number().nonnegative();
const Counts = z.array(Count);
const Nax = z.array(z.number().nonnegative().nullable()).describe('nax per age group; null = by rule');

/**
 * `renkou lifetable --input`: deaths and exposures, or mx.
 *
 * @example
 * LifeTableInput.parse({ sex: 'male', ages: [0, 1, 5], exposures: [47925, 189127, 234793], deaths: [419, 70, 900] });
 */
export const LifeTableInput = z
  .strictObject({
    sex: Sex,
    ages: z.array(z.number().int().nonnegative()).min(2).describe('0, 1, 5, 10, …, open (abridged) or 0, 1, 2, …, open (single years)'),
    exposures: Counts.optional().describe('person-years lived (mid-year population) per age group'),
    deaths: Counts.optional().describe('deaths per age group'),
    mx: Counts.optional().describe('death rates; instead of exposures and deaths'),
    nax: Nax.optional(),
    radix: z.number().positive().default(100_000).describe('l0'),
  })
  .describe('生命表输入 — life table input');
/** @example const input: LifeTableInput = { sex: 'female', ages: [0, 1, 2], mx: [0.01, 0.001, 0.1], radix: 100000 }; */
export type LifeTableInput = z.infer<typeof LifeTableInput>;

/**
 * A life table inside a projection input; `ages` defaults to the layout implied by the interval.
 *
 * @example
 * ProjectionLifeTableInput.parse({ exposures: [1000, 4000, 5000], deaths: [10, 2, 400] });
 */
export const ProjectionLifeTableInput = z
  .strictObject({
    ages: z.array(z.number().int().nonnegative()).min(2).optional().describe('default: 0, 1, 5, … for 5-year steps, 0, 1, 2, … for 1-year steps'),
    exposures: Counts.optional(),
    deaths: Counts.optional(),
    mx: Counts.optional(),
    nax: Nax.optional(),
  })
  .describe('构建生命表所需数据 — data to build the life table from');
/** @example const lt: ProjectionLifeTableInput = { mx: [0.01, 0.001, 0.2] }; */
export type ProjectionLifeTableInput = z.infer<typeof ProjectionLifeTableInput>;

/**
 * One sex in `renkou project --input`.
 *
 * @example
 * ProjectionSexInput.parse({ population: [100, 90, 50], nLx: [495000, 494000, 900000], netMigration: [1, -2, 0] });
 */
export const ProjectionSexInput = z
  .strictObject({
    population: Counts.min(2).describe('population by age group at the base year; the last group is open'),
    nLx: Counts.optional().describe('person-years by age group from a life table with the given radix; last value = T of the open group'),
    lifeTable: ProjectionLifeTableInput.optional(),
    asfr: Counts.optional().describe('female only: births of both sexes per woman per year, by age group'),
    netMigration: z.array(z.number()).optional().describe('net migrants per step by age group (negative = net out-migration)'),
  })
  .describe('单一性别的预测输入 — one sex');
/** @example const male: ProjectionSexInput = { population: [100, 90, 50], nLx: [495000, 494000, 900000] }; */
export type ProjectionSexInput = z.infer<typeof ProjectionSexInput>;

/**
 * `renkou project --input`.
 *
 * @example
 * ProjectionInput.parse({ ageInterval: 5, openAge: 10, steps: 2, baseYear: 2020, srb: 1.05,
 *   female: { population: [100, 90, 50], nLx: [495000, 494000, 900000], asfr: [0, 0.1, 0] } });
 */
export const ProjectionInput = z
  .strictObject({
    ageInterval: z.literal([1, 5]).describe('years per age group and per step'),
    openAge: z.number().int().positive().describe('start of the open age group'),
    steps: z.number().int().min(0).max(1000),
    baseYear: z.number().int(),
    srb: z.number().positive().describe('sex ratio at birth, male per female births (1.05, not 105)'),
    radix: z.number().positive().default(100_000).describe('l0 of the nLx given'),
    migrationTiming: z.enum(['even', 'end']).default('even'),
    female: ProjectionSexInput,
    male: ProjectionSexInput.optional(),
  })
  .describe('人口预测输入 — cohort-component projection input');
/** @example const input: ProjectionInput = ProjectionInput.parse(JSON.parse(text)); */
export type ProjectionInput = z.infer<typeof ProjectionInput>;

// ---- Projection of a region from the registry, with scenarios (POST /api/v1/projection) ----

const PathPointSchema = z.object({ year: z.number().int().min(1900).max(2200), value: z.number().finite() });
export const ScenarioSpecSchema = z.object({
  name: z.string().trim().min(1).max(50),
  tfr: z.array(PathPointSchema.extend({ value: z.number().min(0).max(8) })).max(50).optional().describe('target total fertility rate by year; linear between points'),
  e0: z.object({
    female: z.array(PathPointSchema.extend({ value: z.number().min(20).max(110) })).max(50).optional(),
    male: z.array(PathPointSchema.extend({ value: z.number().min(20).max(110) })).max(50).optional(),
  }).optional().describe('target life expectancy at birth by year'),
  migration: z.array(PathPointSchema.extend({ value: z.number().min(-5).max(10) })).max(50).optional().describe('factor on the observed net migration by year (1 = as observed)'),
});
export const RegionProjectionRequest = z.object({
  region: z.string().regex(/^(\d{2}|\d{4}|\d{6}|\d{9}|\d{12})$/).optional(),
  horizon: z.number().int().min(1).max(50).default(25),
  inputYears: z.number().int().min(1).max(3).default(3).describe('years of registry events the rates are estimated from'),
  scenarios: z.array(ScenarioSpecSchema).max(2).default([]).describe('one or two scenarios; none = the observed rates held constant'),
});
export type RegionProjectionRequest = z.infer<typeof RegionProjectionRequest>;

const YearIndicatorsSchema = z.object({
  year: z.number(), total: z.number(), male: z.number(), female: z.number(), births: z.number(), deaths: z.number(), netMigration: z.number(),
  preschool: z.number(), schoolAge: z.number(), primary: z.number(), juniorSecondary: z.number(), children: z.number(), workingAge: z.number(),
  aged60: z.number(), aged65: z.number(), aged60Share: z.number(), aged65Share: z.number(),
  dependencyChild: z.number(), dependencyOld: z.number(), dependencyTotal: z.number(), tfr: z.number(), e0Female: z.number(), e0Male: z.number(),
});
export const Borrowing = z.object({
  what: z.enum(['fertility', 'mortality_female', 'mortality_male', 'srb']),
  from: z.string().describe('a region code, or "model" for the national model schedule'),
  fromName: z.string(),
  reason: z.object({ zh: z.string(), en: z.string() }),
});
export const RegionProjectionResult = z.object({
  region: z.object({ code: z.string(), name: z.string(), level: z.number() }),
  baseYear: z.number(),
  inputYears: z.array(z.number()),
  inputs: z.object({
    population: z.number(), births: z.number(), deathsFemale: z.number(), deathsMale: z.number(), netMigration: z.number().describe('per year'),
    tfr: z.number(), e0Female: z.number(), e0Male: z.number(), srb: z.number().describe('male per 100 female births'),
    borrowed: z.array(Borrowing),
  }),
  scenarios: z.array(z.object({
    name: z.string(),
    years: z.array(YearIndicatorsSchema),
    pyramids: z.array(z.object({ year: z.number(), ageGroups: z.array(z.string()), male: z.array(z.number()), female: z.array(z.number()) })),
  })),
  comparison: z.array(z.object({ year: z.number(), difference: z.record(z.string(), z.number()) })).nullable().describe('second scenario minus first (人口影响评估)'),
});
export type RegionProjectionResult = z.infer<typeof RegionProjectionResult>;
export const ProjectionExportQuery = z.object({ format: z.enum(['json', 'xlsx']).default('json') });
