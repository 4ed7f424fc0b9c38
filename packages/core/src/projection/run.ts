import { projectCohortComponent, projectionLx, survivalRatiosFromLx, type ClampRecord, type CohortSexInput, type StepBirths } from './ccmpp';
import { lifeTableFromCounts, lifeTableFromRates, type LifeTable } from './life-table';
import { InputIssues, parseWith, prefixPaths } from './projection-errors';
import { LifeTableInput, ProjectionInput, type ProjectionLifeTableInput, type ProjectionSexInput } from './projection.schemas';
import { projectionSummary, type ProjectionSummary } from './summary';

/*
 * The JSON front door shared by the CLI (and later the API): parse with the zod schemas, check the rules
 * between fields with bilingual reasons, then call the pure calculations.
 */

type Source = { mx?: number[] | undefined; exposures?: number[] | undefined; deaths?: number[] | undefined };

/** Either mx, or exposures and deaths: both or neither would leave the rates ambiguous. */
function checkSource(src: Source, issues: InputIssues, prefix: string): 'mx' | 'counts' | null {
  const p = (f: string) => (prefix === '' ? f : `${prefix}.${f}`);
  if (src.mx !== undefined) {
    if (src.exposures !== undefined || src.deaths !== undefined) issues.add(p('mx'), src.mx, '请只给出 mx，或只给出 exposures 与 deaths，不要同时给出', 'give either mx, or exposures and deaths, not both');
    return 'mx';
  }
  if (src.exposures === undefined && src.deaths === undefined) {
    issues.add(p('exposures'), undefined, '需要 exposures 与 deaths（或 mx）', 'exposures and deaths (or mx) are required');
    return null;
  }
  if (src.exposures === undefined) issues.add(p('exposures'), undefined, '给出了 deaths 但缺少 exposures', 'deaths are given but exposures are missing');
  if (src.deaths === undefined) issues.add(p('deaths'), undefined, '给出了 exposures 但缺少 deaths', 'exposures are given but deaths are missing');
  return src.exposures !== undefined && src.deaths !== undefined ? 'counts' : null;
}

function buildTable(sex: 'male' | 'female', ages: readonly number[], src: Source & { nax?: (number | null)[] | undefined }, radix: number, kind: 'mx' | 'counts'): LifeTable {
  const nax = src.nax === undefined ? {} : { nax: src.nax };
  return kind === 'mx' ? lifeTableFromRates({ sex, ages, mx: src.mx!, radix, ...nax }) : lifeTableFromCounts({ sex, ages, deaths: src.deaths!, exposures: src.exposures!, radix, ...nax });
}

/**
 * Parses and checks a `renkou lifetable` input and computes the table.
 *
 * @example
 * computeLifeTable({ sex: 'male', ages: [0, 1, 5], exposures: [47925, 189127, 234793], deaths: [419, 70, 3600] }).rows[0].qx;
 */
export function computeLifeTable(data: unknown): LifeTable {
  const input = parseWith(LifeTableInput, data);
  const issues = new InputIssues();
  const kind = checkSource(input, issues, '');
  issues.throwIfAny();
  return buildTable(input.sex, input.ages, input, input.radix, kind!);
}

/**
 * What `renkou project --json` prints: populations per year (base year first) by age group, births per
 * step, the summary measures of the female schedule and any clamping of negative populations.
 *
 * @example
 * const out: ProjectionOutput = runProjection(JSON.parse(text));
 * out.female[1]; // female population one step after the base year
 */
export interface ProjectionOutput {
  readonly years: readonly number[];
  readonly ages: readonly number[];
  readonly female: readonly (readonly number[])[];
  readonly male: readonly (readonly number[])[] | null;
  readonly births: readonly StepBirths[];
  readonly summary: ProjectionSummary;
  readonly clamped: readonly ClampRecord[];
}

function defaultAges(ageInterval: number, length: number): number[] {
  return Array.from({ length }, (_, i) => (ageInterval === 1 ? i : i === 0 ? 0 : i === 1 ? 1 : 5 * (i - 1)));
}

function checkLength(issues: InputIssues, path: string, values: readonly unknown[] | undefined, k: number, n: number, openAge: number): void {
  if (values !== undefined && values.length !== k) {
    issues.add(path, values, `应有 ${k} 个值（年龄 0, ${n}, …, ${openAge}+），实际 ${values.length} 个`, `needs ${k} values (ages 0, ${n}, …, ${openAge}+) but has ${values.length}`);
  }
}

/** Person-years per projection group for one sex, from nLx as given or from the life-table data. */
function sexLx(sex: 'female' | 'male', s: ProjectionSexInput, input: ProjectionInput, k: number, issues: InputIssues): number[] | null {
  const n = input.ageInterval;
  if (s.nLx !== undefined && s.lifeTable !== undefined) {
    issues.add(`${sex}.nLx`, s.nLx, '请只给出 nLx 或 lifeTable 之一', 'give either nLx or lifeTable, not both');
    return null;
  }
  if (s.nLx !== undefined) {
    checkLength(issues, `${sex}.nLx`, s.nLx, k, n, input.openAge);
    return s.nLx;
  }
  if (s.lifeTable === undefined) {
    issues.add(`${sex}.nLx`, undefined, '需要 nLx 或 lifeTable（死亡与暴露人年）', 'nLx or lifeTable (deaths and exposures) is required');
    return null;
  }
  const lt: ProjectionLifeTableInput = s.lifeTable;
  const kind = checkSource(lt, issues, `${sex}.lifeTable`);
  if (kind === null || issues.any) return null;
  const length = (lt.mx ?? lt.exposures ?? lt.deaths)!.length;
  try {
    const table = buildTable(sex, lt.ages ?? defaultAges(n, length), lt, input.radix, kind);
    return projectionLx(table, n, input.openAge, issues, `${sex}.lifeTable.ages`);
  } catch (error) {
    throw prefixPaths(error, `${sex}.lifeTable`);
  }
}

/**
 * Parses and checks a `renkou project` input, projects it and computes the summary measures.
 * Throws DomainError('PROJECTION_INPUT') naming each bad field.
 *
 * @example
 * const out = runProjection({ ageInterval: 5, openAge: 10, steps: 1, baseYear: 2020, srb: 1.05,
 *   female: { population: [100, 90, 50], nLx: [495000, 494000, 900000], asfr: [0, 0.1, 0] } });
 * out.years; // [2020, 2025]
 */
export function runProjection(data: unknown): ProjectionOutput {
  const input = parseWith(ProjectionInput, data);
  const issues = new InputIssues();
  const n = input.ageInterval;
  if (input.openAge % n !== 0) issues.add('openAge', input.openAge, `开口组起始年龄必须是组距 ${n} 的倍数`, `must be a multiple of the age interval ${n}`);
  issues.throwIfAny();
  const k = input.openAge / n + 1;
  const sexes: { sex: 'female' | 'male'; s: ProjectionSexInput }[] = [{ sex: 'female', s: input.female }];
  if (input.male !== undefined) sexes.push({ sex: 'male', s: input.male });
  for (const { sex, s } of sexes) {
    checkLength(issues, `${sex}.population`, s.population, k, n, input.openAge);
    checkLength(issues, `${sex}.netMigration`, s.netMigration, k, n, input.openAge);
  }
  if (input.female.asfr === undefined) issues.add('female.asfr', undefined, '需要分年龄生育率', 'age-specific fertility rates are required');
  checkLength(issues, 'female.asfr', input.female.asfr, k, n, input.openAge);
  if (input.female.asfr?.length === k && input.female.asfr[0]! > 0) issues.add('female.asfr[0]', input.female.asfr[0], '最低年龄组的生育率必须为 0', 'must be 0: the youngest group is born during the step');
  if (input.male?.asfr !== undefined) issues.add('male.asfr', input.male.asfr, '生育率只对女性给出', 'fertility is given for women only');
  const Lx: Partial<Record<'female' | 'male', number[]>> = {};
  const survival: Partial<Record<'female' | 'male', number[]>> = {};
  for (const { sex, s } of sexes) {
    const L = sexLx(sex, s, input, k, issues);
    if (L === null || L.length !== k) continue;
    const sv = survivalRatiosFromLx(L, input.radix, n);
    sv.forEach((x, i) => {
      // Tolerate rounding in published nLx; a real excess means a wrong radix or a misaligned column.
      if (x > 1 + 1e-9) {
        const where = s.nLx === undefined ? `${sex}.lifeTable` : `${sex}.nLx[${i}]`;
        if (i === 0) issues.add(where, L[0], `nLx[0] 大于 组距×基数（${n}×${input.radix}），出生存活比将超过 1：请检查 radix`, `nLx[0] exceeds interval × radix (${n} × ${input.radix}), so births would survive with a ratio above 1: check the radix`);
        else issues.add(where, L[i], `人年数随年龄上升，存活比 ${x.toFixed(4)} 超过 1`, `person-years rise with age, giving a survival ratio of ${x.toFixed(4)} above 1`);
      }
    });
    Lx[sex] = L;
    // Within the tolerance above, a ratio a hair over 1 is rounding in the published nLx: count it as 1.
    survival[sex] = sv.map((x) => Math.min(1, x));
  }
  issues.throwIfAny();
  const sexInput = (sex: 'female' | 'male', s: ProjectionSexInput): CohortSexInput => ({ population: s.population, survival: survival[sex]!, ...(s.netMigration === undefined ? {} : { netMigration: s.netMigration }) });
  const asfr = input.female.asfr!;
  const projection = projectCohortComponent({
    ageInterval: n,
    steps: input.steps,
    baseYear: input.baseYear,
    srb: input.srb,
    migrationTiming: input.migrationTiming,
    asfr,
    female: sexInput('female', input.female),
    ...(input.male === undefined ? {} : { male: sexInput('male', input.male) }),
  });
  const summary = projectionSummary({ ageInterval: n, srb: input.srb, asfr, survival: survival.female!, Lx: Lx.female!, radix: input.radix });
  return { years: projection.years, ages: projection.ages, female: projection.female, male: projection.male, births: projection.births, summary, clamped: projection.clamped };
}
