import type { Sex } from '../registry/registry.schemas';
import type { LifeTable } from './life-table';
import { InputIssues } from './projection-errors';

/**
 * Cohort-component projection (Preston, Heuveline & Guillot 2001, ch. 6; UN WPP methodology).
 * The step equals the age interval n, so every cohort moves up exactly one age group per step.
 * Rule numbers refer to docs/domain/projection.md.
 */

/**
 * When net migrants arrive: half at the start and half at the end of the step (the UN WPP assumption),
 * or all at the end.
 *
 * @example
 * const timing: MigrationTiming = 'even';
 */
export type MigrationTiming = 'even' | 'end';
/**
 * The accepted timings, for validation and help texts.
 *
 * @example
 * MIGRATION_TIMINGS.includes('end'); // true
 */
export const MIGRATION_TIMINGS: readonly MigrationTiming[] = ['even', 'end'];

/**
 * Survival ratios of one sex, indexed by the age group they survive *into*:
 * s[0] births → 0..n−1 (nL0 / (n·l0)); s[i] group i−1 → i (nLi / nLi−1); s[k−1] the last two groups
 * pooled → open group (T_open / T_previous).
 *
 * @example
 * survivalRatiosFromLx([497487, 497138, 291707], 100000, 5); // [0.994974, 0.999298, 0.369790]
 */
export function survivalRatiosFromLx(Lx: readonly number[], radix: number, ageInterval: number): number[] {
  const k = Lx.length;
  const s = new Array<number>(k);
  s[0] = Lx[0]! / (ageInterval * radix);
  // A group nobody reaches (L = 0) has no one to survive; 0 keeps the arithmetic finite.
  for (let i = 1; i < k - 1; i++) s[i] = Lx[i - 1]! > 0 ? Lx[i]! / Lx[i - 1]! : 0;
  const tOpen = Lx[k - 1]!;
  const tPrev = Lx[k - 2]! + tOpen;
  s[k - 1] = tOpen === Number.POSITIVE_INFINITY ? 1 : tPrev > 0 ? tOpen / tPrev : 0;
  return s;
}

/**
 * Person-years per projection age group 0, n, 2n, …, openAge from a life table; the last value is T at
 * openAge (everything lived beyond it), which is what the open group's survival ratio needs. The table
 * may be abridged or single-year and may end above openAge; its ages must fall on the group boundaries.
 *
 * @example
 * projectionLx(lifeTableFromCounts(austria), 5, 85); // [L0 + L1, L5, L10, …, T85]
 */
export function projectionLx(table: LifeTable, ageInterval: number, openAge: number, issues = new InputIssues(), path = 'lifeTable'): number[] {
  const rows = table.rows;
  const index = new Map(rows.map((r, i) => [r.age, i] as const));
  const out: number[] = [];
  for (let a = 0; a < openAge; a += ageInterval) {
    const from = index.get(a);
    const to = index.get(a + ageInterval);
    if (from === undefined || to === undefined) {
      issues.add(path, rows.map((r) => r.age), `生命表的年龄组无法合并为 ${a}–${a + ageInterval - 1} 岁组`, `the life table's age groups cannot be combined into the group ${a}–${a + ageInterval - 1}`);
      return out;
    }
    let L = 0;
    for (let i = from; i < to; i++) L += rows[i]!.Lx;
    out.push(L);
  }
  const open = index.get(openAge);
  if (open === undefined) {
    issues.add(path, rows.map((r) => r.age), `生命表不含开口组起始年龄 ${openAge}`, `the life table has no age ${openAge} to start the open group at`);
    return out;
  }
  out.push(rows[open]!.Tx);
  return out;
}

/**
 * One sex's inputs for the engine: population at the base year, survival ratios (see
 * survivalRatiosFromLx) and net migrants per step, all one value per age group.
 *
 * @example
 * const female: CohortSexInput = { population: [100, 90, 50], survival: [0.99, 0.99, 0.5], netMigration: [2, 1, 0] };
 */
export interface CohortSexInput {
  readonly population: readonly number[];
  readonly survival: readonly number[];
  readonly netMigration?: readonly number[];
}

/**
 * Everything the engine needs. `asfr` is births of both sexes per woman per year, by mother's age group.
 *
 * @example
 * const input: CohortProjectionInput = { ageInterval: 5, steps: 1, baseYear: 1993, srb: 1.05, migrationTiming: 'even',
 *   asfr: [0, 0.1, 0], female: { population: [100, 90, 50], survival: [0.99, 0.99, 0.5] } };
 */
export interface CohortProjectionInput {
  readonly ageInterval: number;
  readonly steps: number;
  readonly baseYear?: number;
  readonly srb: number;
  readonly migrationTiming: MigrationTiming;
  readonly asfr: readonly number[];
  readonly female: CohortSexInput;
  readonly male?: CohortSexInput;
}

/**
 * Births over one step: total (both sexes), by sex, and by mother's age group.
 *
 * @example
 * const b: StepBirths = { total: 615988, female: 300482, male: 315506, byMotherAge: [0, 0, 0, 15244] };
 */
export interface StepBirths {
  readonly total: number;
  readonly female: number;
  readonly male: number;
  readonly byMotherAge: readonly number[];
}

/**
 * A population value that would have gone negative (net out-migration larger than the people there)
 * and was set to 0; `shortfall` is how many fewer people left than the input said.
 *
 * @example
 * const c: ClampRecord = { year: 2000, sex: 'male', age: 80, stage: 'end', shortfall: 12.5 };
 */
export interface ClampRecord {
  readonly year: number;
  readonly sex: Sex;
  readonly age: number;
  readonly stage: 'start' | 'end';
  readonly shortfall: number;
}

/**
 * The projection: populations for every year (base year first), and per step the births, the deaths and
 * the net migrants actually applied (input plus clamping shortfalls), so that for every step
 * P(t+n) = P(t) + births − deaths + migrants holds per sex.
 *
 * @example
 * const p = projectCohortComponent(input);
 * p.female[1]; // female population by age group one step after the base year
 */
export interface CohortProjection {
  readonly years: readonly number[];
  readonly ages: readonly number[];
  readonly female: readonly (readonly number[])[];
  readonly male: readonly (readonly number[])[] | null;
  readonly births: readonly StepBirths[];
  readonly deaths: readonly { readonly female: number; readonly male: number | null }[];
  readonly migrants: readonly { readonly female: number; readonly male: number | null }[];
  readonly clamped: readonly ClampRecord[];
}

function checkVector(issues: InputIssues, path: string, values: readonly number[] | undefined, k: number, opts: { min?: number; max?: number }): void {
  if (values === undefined) return;
  if (values.length !== k) {
    issues.add(path, values, `长度 ${values.length} 与年龄组数 ${k} 不一致`, `has ${values.length} values but there are ${k} age groups`);
    return;
  }
  values.forEach((v, i) => {
    if (!Number.isFinite(v)) issues.add(`${path}[${i}]`, v, '必须是有限数值', 'must be a finite number');
    else if (opts.min !== undefined && v < opts.min) issues.add(`${path}[${i}]`, v, opts.min === 0 ? '不能为负数' : `不能小于 ${opts.min}`, opts.min === 0 ? 'must not be negative' : `must be at least ${opts.min}`);
    else if (opts.max !== undefined && v > opts.max) issues.add(`${path}[${i}]`, v, `不能大于 ${opts.max}（存活比超过 1 不可能）`, `must not exceed ${opts.max} (a survival ratio above 1 is impossible)`);
  });
}

/**
 * Validates the engine input (rule 13): every problem is collected and thrown as one DomainError with
 * code PROJECTION_INPUT and paths like `female.population[3]`.
 *
 * @example
 * validateCohortInput({ ...input, ageInterval: 3 }); // throws: ageInterval must be 1 or 5
 */
export function validateCohortInput(input: CohortProjectionInput, issues = new InputIssues()): void {
  if (input.ageInterval !== 1 && input.ageInterval !== 5) issues.add('ageInterval', input.ageInterval, '年龄组距（即预测步长）只能是 1 或 5 年', 'the age interval (= the projection step) must be 1 or 5 years');
  if (!Number.isInteger(input.steps) || input.steps < 0) issues.add('steps', input.steps, '步数必须是非负整数', 'steps must be a whole number ≥ 0');
  if (!(Number.isFinite(input.srb) && input.srb > 0)) issues.add('srb', input.srb, '出生性别比必须为正数（男婴数/女婴数，如 1.05）', 'the sex ratio at birth must be positive (male per female births, e.g. 1.05)');
  if (!MIGRATION_TIMINGS.includes(input.migrationTiming)) issues.add('migrationTiming', input.migrationTiming, '迁移时点只能是 even（期初期末各半）或 end（期末）', 'migrationTiming must be "even" (half at the start, half at the end) or "end"');
  const k = input.female.population.length;
  if (k < 2) issues.add('female.population', input.female.population, '至少需要两个年龄组（含开口组）', 'needs at least two age groups, the last being the open group');
  for (const sex of ['female', 'male'] as const) {
    const s = input[sex];
    if (s === undefined) continue;
    checkVector(issues, `${sex}.population`, s.population, k, { min: 0 });
    checkVector(issues, `${sex}.survival`, s.survival, k, { min: 0, max: 1 });
    checkVector(issues, `${sex}.netMigration`, s.netMigration, k, {});
  }
  checkVector(issues, 'asfr', input.asfr, k, { min: 0 });
  if (input.asfr.length === k && input.asfr[0]! > 0) {
    issues.add('asfr[0]', input.asfr[0], '最低年龄组的生育率必须为 0（该组在本期内出生）', 'must be 0: the youngest group is born during the step and cannot give birth in it');
  }
  issues.throwIfAny();
}

interface SexState {
  readonly sex: Sex;
  readonly survival: Float64Array;
  /** Migrants added to the start population (M/2 if even, else 0) and at the end (M/2 if even, else M). */
  readonly startAdd: Float64Array;
  readonly endAdd: Float64Array;
  readonly migrantsGiven: number;
  pop: Float64Array;
  readonly start: Float64Array;
  next: Float64Array;
  readonly history: number[][];
  readonly deaths: number[];
  readonly migrants: number[];
}

/** The rare path: a value would go negative, so it is set to 0 and the shortfall recorded (rule 12). */
function clampRecord(clamped: ClampRecord[], x: number, year: number, sex: Sex, age: number, stage: 'start' | 'end'): number {
  clamped.push({ year, sex, age, stage, shortfall: -x });
  return -x;
}

function sexState(sex: Sex, s: CohortSexInput, even: boolean): SexState {
  const k = s.population.length;
  const startAdd = new Float64Array(k);
  const endAdd = new Float64Array(k);
  let migrantsGiven = 0;
  if (s.netMigration !== undefined) {
    for (let i = 0; i < k; i++) {
      const m = s.netMigration[i]!;
      migrantsGiven += m;
      startAdd[i] = even ? m / 2 : 0;
      endAdd[i] = even ? m / 2 : m;
    }
  }
  return {
    sex,
    survival: Float64Array.from(s.survival),
    startAdd,
    endAdd,
    migrantsGiven,
    pop: Float64Array.from(s.population),
    start: new Float64Array(k),
    next: new Float64Array(k),
    history: [Array.from(s.population)],
    deaths: [],
    migrants: [],
  };
}

/**
 * Projects one or two sexes (rules 7–12 of docs/domain/projection.md). Per step, for each sex:
 * start = P + M/2 (even) or P (end); survivors into group i = start[i−1]·s[i]; the open group gets
 * (start[k−2] + start[k−1])·s[k−1]; births B = n·Σ ASFR_x·(W_x(t) + W_x(t+n))/2 with W_x(t+n) the survived
 * women plus the end-of-step migrants; female births B/(1+srb) enter group 0 with s[0]; the rest of the
 * migrants arrive at the end. Negative values are set to 0 and reported in `clamped`.
 *
 * @example
 * const p = projectCohortComponent({ ageInterval: 5, steps: 2, baseYear: 1993, srb: 1.05, migrationTiming: 'end',
 *   asfr: [0, 0.1, 0], female: { population: [100, 90, 50], survival: [0.99, 0.99, 0.5] } });
 * p.years; // [1993, 1998, 2003]
 */
export function projectCohortComponent(input: CohortProjectionInput): CohortProjection {
  validateCohortInput(input);
  const n = input.ageInterval;
  const k = input.female.population.length;
  const baseYear = input.baseYear ?? 0;
  const even = input.migrationTiming === 'even';
  const femaleShare = 1 / (1 + input.srb);
  const ages = Array.from({ length: k }, (_, i) => i * n);
  const asfr = Float64Array.from(input.asfr);
  const clamped: ClampRecord[] = [];
  const states: SexState[] = [sexState('female', input.female, even)];
  if (input.male !== undefined) states.push(sexState('male', input.male, even));
  const female = states[0]!;
  const years = [baseYear];
  const births: StepBirths[] = [];
  // With 'end' timing no migrant arrives before the births are counted; with 'even' none arrives after.
  const none = new Float64Array(k);
  for (let step = 0; step < input.steps; step++) {
    const t0 = baseYear + step * n;
    const t1 = t0 + n;
    for (const st of states) {
      const { pop, start, next, survival: s, startAdd } = st;
      const endNow = even ? st.endAdd : none;
      let migrants = st.migrantsGiven;
      for (let i = 0; i < k; i++) {
        let x = pop[i]! + startAdd[i]!;
        if (x < 0) {
          migrants += clampRecord(clamped, x, t0, st.sex, ages[i]!, 'start');
          x = 0;
        }
        start[i] = x;
      }
      // Survivors move up one group; the last two groups pool into the open group (rule 8). The
      // end-of-step half of the migrants ('even') counts among the women giving birth during the step, so
      // it is added, and clamped at 0, before births are counted.
      let deaths = 0;
      for (let i = 1; i < k; i++) {
        const from = i < k - 1 ? start[i - 1]! : start[k - 2]! + start[k - 1]!;
        const survivors = from * s[i]!;
        deaths += from - survivors;
        let x = survivors + endNow[i]!;
        if (x < 0) {
          migrants += clampRecord(clamped, x, t1, st.sex, ages[i]!, 'end');
          x = 0;
        }
        next[i] = x;
      }
      st.deaths.push(deaths);
      st.migrants.push(migrants);
    }
    // Births over the step from the women at the start and the end of the step (rule 9).
    const byMotherAge = new Array<number>(k);
    const fs = female.start;
    const fn = female.next;
    let total = 0;
    for (let i = 0; i < k; i++) {
      const f = asfr[i]!;
      const b = f === 0 ? 0 : (n * f * (fs[i]! + fn[i]!)) / 2;
      byMotherAge[i] = b;
      total += b;
    }
    const femaleBirths = total * femaleShare;
    births.push({ total, female: femaleBirths, male: total - femaleBirths, byMotherAge });
    for (const st of states) {
      const { next, survival: s, endAdd } = st;
      const endLater = even ? none : endAdd;
      const b = st.sex === 'female' ? femaleBirths : total - femaleBirths;
      const survivors = b * s[0]!;
      st.deaths[step]! += b - survivors;
      let migrants = 0;
      const out = new Array<number>(k);
      let x = survivors + endAdd[0]!;
      if (x < 0) {
        migrants += clampRecord(clamped, x, t1, st.sex, 0, 'end');
        x = 0;
      }
      next[0] = out[0] = x;
      for (let i = 1; i < k; i++) {
        x = next[i]! + endLater[i]!;
        if (x < 0) {
          migrants += clampRecord(clamped, x, t1, st.sex, ages[i]!, 'end');
          x = 0;
        }
        next[i] = out[i] = x;
      }
      st.migrants[step]! += migrants;
      st.history.push(out);
      // Swap buffers: this step's result is the next step's base population.
      const old = st.pop;
      st.pop = next;
      st.next = old;
    }
    years.push(t1);
  }
  const male = states[1];
  return {
    years,
    ages,
    female: female.history,
    male: male?.history ?? null,
    births,
    deaths: female.deaths.map((d, i) => ({ female: d, male: male?.deaths[i] ?? null })),
    migrants: female.migrants.map((d, i) => ({ female: d, male: male?.migrants[i] ?? null })),
    clamped,
  };
}
