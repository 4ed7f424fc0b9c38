import type { Sex } from '../registry/registry.schemas';
import { InputIssues } from './projection-errors';

/**
 * Period life tables (Preston, Heuveline & Guillot 2001, ch. 3). All functions are pure; rows keep full
 * precision and rounding is left to whoever prints them. Rule numbers refer to docs/domain/projection.md.
 */

/**
 * `abridged`: ages 0, 1, 5, 10, …, open; `single`: ages 0, 1, 2, …, open.
 *
 * @example
 * const kind: LifeTableKind = ageLayout([0, 1, 2, 3]).kind; // 'single'
 */
export type LifeTableKind = 'abridged' | 'single';

/**
 * One row of a life table. `n` is null for the open age group. `ex` is NaN (null in JSON) where
 * nobody survives to the age (lx = 0), because life expectancy is undefined there.
 *
 * @example
 * const row: LifeTableRow = { age: 85, n: null, mx: 0.19, ax: 5.26, qx: 1, px: 0, lx: 21134, dx: 21134, Lx: 110889, Tx: 110889, ex: 5.25 };
 */
export interface LifeTableRow {
  readonly age: number;
  readonly n: number | null;
  readonly mx: number;
  readonly ax: number;
  readonly qx: number;
  readonly px: number;
  readonly lx: number;
  readonly dx: number;
  readonly Lx: number;
  readonly Tx: number;
  readonly ex: number;
}

/**
 * A computed life table. `cappedQ` lists the ages where n·m/(1+(n−a)·m) exceeded 1 and qx was set
 * to 1 (possible only when a·m > 1, i.e. implausibly high rates, so the caller should be told).
 *
 * @example
 * const t: LifeTable = lifeTableFromRates({ sex: 'female', ages: [0, 1, 2], mx: [0.01, 0.001, 0.2] });
 * t.kind; // 'single'
 */
export interface LifeTable {
  readonly kind: LifeTableKind;
  readonly sex: Sex;
  readonly radix: number;
  readonly rows: readonly LifeTableRow[];
  readonly cappedQ: readonly number[];
}

/**
 * Life table from age-specific death rates.
 *
 * @example
 * const t = lifeTableFromRates({ sex: 'male', ages: [0, 1, 5], mx: [0.0087, 0.00037, 0.05], nax: [null, null, null], radix: 100000 });
 */
export interface LifeTableRates {
  readonly sex: Sex;
  readonly ages: readonly number[];
  readonly mx: readonly number[];
  /** null (or absent) = by rule (Coale–Demeny at ages 0 and 1–4, else n/2; 0.5 in single-year tables). */
  readonly nax?: readonly (number | null)[];
  readonly radix?: number;
}

/**
 * Life table from deaths and exposures (person-years, usually the mid-year population).
 *
 * @example
 * const t = lifeTableFromCounts({ sex: 'female', ages: [0, 1, 5], deaths: [50, 10, 900], exposures: [10000, 40000, 9000] });
 */
export interface LifeTableCounts {
  readonly sex: Sex;
  readonly ages: readonly number[];
  readonly deaths: readonly number[];
  readonly exposures: readonly number[];
  readonly nax?: readonly (number | null)[];
  readonly radix?: number;
}

/**
 * The default radix l0 (Preston et al. use 100,000).
 *
 * @example
 * lifeTableFromRates({ sex: 'male', ages: [0, 1, 2], mx: [0.01, 0.001, 0.1] }).rows[0].lx === DEFAULT_RADIX; // true
 */
export const DEFAULT_RADIX = 100_000;

/** Coale–Demeny m0 threshold above which the separation factors are constant (Preston et al. table 3.3). */
const CD_THRESHOLD = 0.107;

/**
 * 1a0, the mean years lived in [0, 1) by infants who die, from 1m0 (Coale & Demeny via Preston et al.
 * 2001, table 3.3). Infant deaths cluster in the first weeks, so 1a0 is far below 0.5 and rises with m0.
 *
 * @example
 * coaleDemenyA0('male', 419 / 47925); // 0.06847 (Austria 1992, Preston Box 3.1 prints 0.068)
 */
export function coaleDemenyA0(sex: Sex, m0: number): number {
  if (sex === 'male') return m0 < CD_THRESHOLD ? 0.045 + 2.684 * m0 : 0.33;
  return m0 < CD_THRESHOLD ? 0.053 + 2.8 * m0 : 0.35;
}

/**
 * 4a1, the mean years lived in [1, 5) by children dying at 1–4, from 1m0 (same source as 1a0).
 *
 * @example
 * coaleDemenyA1('male', 419 / 47925); // 1.62638 (Preston Box 3.1 prints 1.626)
 */
export function coaleDemenyA1(sex: Sex, m0: number): number {
  if (sex === 'male') return m0 < CD_THRESHOLD ? 1.651 - 2.816 * m0 : 1.352;
  return m0 < CD_THRESHOLD ? 1.522 - 1.518 * m0 : 1.361;
}

/**
 * Recognises the two age layouts and returns the interval widths (null for the open group). Anything else
 * is rejected: the Coale–Demeny rules and the projection's survival ratios depend on knowing the layout.
 *
 * @example
 * ageLayout([0, 1, 5, 10]); // { kind: 'abridged', widths: [1, 4, 5, null] }
 */
export function ageLayout(ages: readonly number[], issues = new InputIssues(), path = 'ages'): { kind: LifeTableKind; widths: (number | null)[] } {
  const bad = () => {
    issues.add(path, ages, '年龄应为 0, 1, 2, …（单岁）或 0, 1, 5, 10, …（简略），最后一组为开口组', 'ages must be 0, 1, 2, … (single years) or 0, 1, 5, 10, … (abridged), the last being the open group');
    return { kind: 'single' as const, widths: [] };
  };
  if (ages.length < 2 || ages[0] !== 0 || ages[1] !== 1) return bad();
  const single = ages.length === 2 || ages[2] === 2;
  for (let i = 2; i < ages.length; i++) {
    if (ages[i] !== (single ? i : 5 * (i - 1))) return bad();
  }
  const widths: (number | null)[] = ages.map((age, i) => (i + 1 < ages.length ? ages[i + 1]! - age : null));
  return { kind: single ? 'single' : 'abridged', widths };
}

function checkCommon(input: { sex: Sex; ages: readonly number[]; nax?: readonly (number | null)[]; radix?: number }, issues: InputIssues) {
  if (input.sex !== 'male' && input.sex !== 'female') issues.add('sex', input.sex, '性别应为 male 或 female', 'sex must be "male" or "female"');
  const layout = ageLayout(input.ages, issues);
  const radix = input.radix ?? DEFAULT_RADIX;
  if (!(Number.isFinite(radix) && radix > 0)) issues.add('radix', radix, '基数必须为正数', 'the radix must be a positive number');
  if (input.nax !== undefined) {
    if (input.nax.length !== input.ages.length) {
      issues.add('nax', input.nax, `长度 ${input.nax.length} 与 ages 的长度 ${input.ages.length} 不一致`, `has ${input.nax.length} values but ages has ${input.ages.length}`);
    } else {
      input.nax.forEach((a, i) => {
        const n = layout.widths[i];
        if (a === null) return;
        if (n === null || n === undefined) issues.add(`nax[${i}]`, a, '开口组的 ax 按定义为 1/mx，请填 null', "the open age group's ax is 1/mx by definition; give null");
        else if (!(Number.isFinite(a) && a >= 0 && a <= n)) issues.add(`nax[${i}]`, a, `应在 0 与组距 ${n} 之间`, `must lie between 0 and the interval width ${n}`);
      });
    }
  }
  return { layout, radix };
}

function checkCounts(name: string, values: readonly number[], length: number, issues: InputIssues): void {
  if (values.length !== length) {
    issues.add(name, values, `长度 ${values.length} 与 ages 的长度 ${length} 不一致`, `has ${values.length} values but ages has ${length}`);
    return;
  }
  values.forEach((v, i) => {
    if (!Number.isFinite(v)) issues.add(`${name}[${i}]`, v, '必须是有限数值', 'must be a finite number');
    else if (v < 0) issues.add(`${name}[${i}]`, v, '不能为负数', 'must not be negative');
  });
}

/**
 * Builds the life table from death rates (rules 1–6 of docs/domain/projection.md).
 * nqx = n·mx / (1 + (n − nax)·mx); lx+n = lx·(1 − nqx); nLx = n·lx+n + nax·ndx; the open group has
 * q = 1 and L = l/m; Tx sums Lx from the top; ex = Tx / lx.
 *
 * @example
 * const t = lifeTableFromRates({ sex: 'female', ages: [0, 1, 5, 10], mx: [0.005, 0.0004, 0.0002, 0.05] });
 * t.rows[3].qx; // 1 (open group)
 */
export function lifeTableFromRates(input: LifeTableRates): LifeTable {
  const issues = new InputIssues();
  const { layout, radix } = checkCommon(input, issues);
  checkCounts('mx', input.mx, input.ages.length, issues);
  issues.throwIfAny();
  return build(input, input.mx, layout, radix, 'mx');
}

/**
 * Builds the life table from deaths and exposures: mx = deaths / exposures. An age group with no exposure
 * and no deaths gets mx = 0 (nobody was at risk, so there is no evidence of dying); exposure 0 with deaths
 * is a data error and is rejected.
 *
 * @example
 * const austria = lifeTableFromCounts({ sex: 'male', ages: [0, 1, 5], deaths: [419, 70, 36], exposures: [47925, 189127, 234793] });
 */
export function lifeTableFromCounts(input: LifeTableCounts): LifeTable {
  const issues = new InputIssues();
  const { layout, radix } = checkCommon(input, issues);
  const k = input.ages.length;
  checkCounts('deaths', input.deaths, k, issues);
  checkCounts('exposures', input.exposures, k, issues);
  if (!issues.any) {
    input.exposures.forEach((e, i) => {
      if (e === 0 && input.deaths[i]! > 0) issues.add(`exposures[${i}]`, e, `暴露人年为 0，但死亡数为 ${input.deaths[i]}`, `is 0 but deaths[${i}] is ${input.deaths[i]}`);
    });
  }
  issues.throwIfAny();
  const mx = input.exposures.map((e, i) => (e === 0 ? 0 : input.deaths[i]! / e));
  return build(input, mx, layout, radix, 'deaths');
}

function build(
  input: { sex: Sex; ages: readonly number[]; nax?: readonly (number | null)[] },
  mx: readonly number[],
  layout: { kind: LifeTableKind; widths: (number | null)[] },
  radix: number,
  mxField: 'mx' | 'deaths',
): LifeTable {
  const k = input.ages.length;
  const m0 = mx[0]!;
  const ax = new Array<number>(k);
  const qx = new Array<number>(k);
  const lx = new Array<number>(k);
  const dx = new Array<number>(k);
  const Lx = new Array<number>(k);
  const cappedQ: number[] = [];
  let l = radix;
  for (let i = 0; i < k; i++) {
    const n = layout.widths[i];
    const m = mx[i]!;
    lx[i] = l;
    if (n === null || n === undefined) {
      // Open group: everybody dies in it, and with a constant rate the years lived per death are 1/m.
      if (m === 0 && l > 0) {
        const issues = new InputIssues();
        if (mxField === 'mx') issues.add(`mx[${i}]`, m, '开口组死亡率为 0，预期寿命 1/mx 无穷大', 'the open age group has a death rate of 0, so its life expectancy 1/mx would be infinite');
        else issues.add(`deaths[${i}]`, 0, '开口组没有死亡（或没有暴露人年），无法估计其预期寿命', 'the open age group has no deaths (or no exposure), so its life expectancy cannot be estimated');
        issues.throwIfAny();
      }
      ax[i] = m > 0 ? 1 / m : 0;
      qx[i] = 1;
      dx[i] = l;
      Lx[i] = m > 0 ? l / m : 0;
      break;
    }
    const given = input.nax?.[i];
    ax[i] = given ?? (i === 0 ? coaleDemenyA0(input.sex, m0) : layout.kind === 'abridged' && i === 1 ? coaleDemenyA1(input.sex, m0) : layout.kind === 'single' ? 0.5 : n / 2);
    let q = (n * m) / (1 + (n - ax[i]!) * m);
    if (q > 1) {
      q = 1;
      cappedQ.push(input.ages[i]!);
    }
    qx[i] = q;
    dx[i] = l * q;
    const next = l - dx[i]!;
    Lx[i] = n * next + ax[i]! * dx[i]!;
    l = next;
  }
  const rows: LifeTableRow[] = new Array<LifeTableRow>(k);
  let T = 0;
  for (let i = k - 1; i >= 0; i--) {
    T += Lx[i]!;
    rows[i] = {
      age: input.ages[i]!,
      n: layout.widths[i] ?? null,
      mx: mx[i]!,
      ax: ax[i]!,
      qx: qx[i]!,
      px: 1 - qx[i]!,
      lx: lx[i]!,
      dx: dx[i]!,
      Lx: Lx[i]!,
      Tx: T,
      ex: lx[i]! > 0 ? T / lx[i]! : Number.NaN,
    };
  }
  return { kind: layout.kind, sex: input.sex, radix, rows, cappedQ };
}
