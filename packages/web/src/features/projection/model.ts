import type { RegionProjectionResult } from '@renkou/core';
import type { Lang } from '../../i18n/labels';

/**
 * The projection form as the page edits it, and what it becomes: the body of POST /api/v1/projection
 * (validated with core's RegionProjectionRequest before it is sent). Pure functions, no React.
 */

/** One point of a path as typed: a cell may be empty while the user edits it. */
export interface PathRow {
  readonly key: string;
  readonly year: number | null;
  readonly value: number | null;
}

export const PATH_KINDS = ['tfr', 'e0Female', 'e0Male', 'migration'] as const;
export type PathKind = (typeof PATH_KINDS)[number];

export interface ScenarioDraft {
  readonly key: string;
  readonly name: string;
  readonly tfr: readonly PathRow[];
  readonly e0Female: readonly PathRow[];
  readonly e0Male: readonly PathRow[];
  readonly migration: readonly PathRow[];
}

export interface ProjectionDraft {
  readonly region: string;
  readonly horizon: number | null;
  readonly inputYears: number;
  readonly scenarios: readonly ScenarioDraft[];
}

/** The levels the base year starts from (from a run's `inputs`): the presets start their paths there. */
export interface BaseLevels {
  readonly tfr: number;
  readonly e0Female: number;
  readonly e0Male: number;
}

export type RegionProjection = RegionProjectionResult;
export type ScenarioRun = RegionProjectionResult['scenarios'][number];
export type YearRow = ScenarioRun['years'][number];

export const DEFAULT_HORIZON = 25;
export const DEFAULT_INPUT_YEARS = 3;
export const MAX_SCENARIOS = 2;

let seq = 0;
/** A key for a new row or scenario (React lists). */
export const newKey = (prefix: string): string => `${prefix}${++seq}`;

export function row(year: number | null, value: number | null): PathRow {
  return { key: newKey('p'), year, value };
}

export function emptyScenario(name: string): ScenarioDraft {
  return { key: newKey('s'), name, tfr: [], e0Female: [], e0Male: [], migration: [] };
}

/** The base year of a projection run today: 31 December of last year (as the server takes it). */
export function baseYearOf(today: string): number {
  return Number(today.slice(0, 4)) - 1;
}

/** Where a path lives in the request body: the field errors of the zod schema carry these paths. */
export function pathPrefix(kind: PathKind): string {
  switch (kind) {
    case 'tfr':
      return 'tfr';
    case 'e0Female':
      return 'e0.female';
    case 'e0Male':
      return 'e0.male';
    case 'migration':
      return 'migration';
  }
}

/** The key of one cell's error: `scenarios.1.e0.female.0.value`. */
export function cellKey(scenario: number, kind: PathKind, index: number, field: 'year' | 'value'): string {
  return `scenarios.${scenario}.${pathPrefix(kind)}.${index}.${field}`;
}

const points = (rows: readonly PathRow[]) => rows.map((r) => ({ year: r.year ?? undefined, value: r.value ?? undefined }));

/**
 * The request body: every scenario is sent by name (the first one too, so its name is the user's), a
 * path only when it has points, empty cells as missing values so the schema names them. Points are sent
 * in the order shown (the server sorts them), so an error's index is the row on the screen.
 */
export function toRequestBody(d: ProjectionDraft): unknown {
  return {
    region: d.region || undefined,
    horizon: d.horizon ?? undefined,
    inputYears: d.inputYears,
    scenarios: d.scenarios.map((s) => {
      const e0 = {
        ...(s.e0Female.length > 0 ? { female: points(s.e0Female) } : {}),
        ...(s.e0Male.length > 0 ? { male: points(s.e0Male) } : {}),
      };
      return {
        name: s.name,
        ...(s.tfr.length > 0 ? { tfr: points(s.tfr) } : {}),
        ...(Object.keys(e0).length > 0 ? { e0 } : {}),
        ...(s.migration.length > 0 ? { migration: points(s.migration) } : {}),
      };
    }),
  };
}

/** Checks the schema cannot express: a year given twice in one path. Keys as `cellKey`. */
export function duplicateYears(d: ProjectionDraft): string[] {
  const out: string[] = [];
  d.scenarios.forEach((s, i) => {
    for (const kind of PATH_KINDS) {
      const seen = new Set<number>();
      s[kind].forEach((r, j) => {
        if (r.year === null) return;
        if (seen.has(r.year)) out.push(cellKey(i, kind, j, 'year'));
        seen.add(r.year);
      });
    }
  });
  return out;
}

export type TfrPreset = 'hold' | 'rise15' | 'rise14' | 'fall10';
export type E0Preset = 'hold' | 'plus3';
export type MigrationPreset = 'hold' | 'none' | 'half' | 'double';

const r2 = (x: number) => Math.round(x * 100) / 100;
const r1 = (x: number) => Math.round(x * 10) / 10;

/**
 * A TFR path: from the base year's level to a target, linear in between and held after it; 'hold'
 * is no path (the base level throughout).
 */
export function tfrPreset(preset: TfrPreset, baseYear: number, base: number): PathRow[] {
  const to = (year: number, value: number) => (year > baseYear ? [row(baseYear, r2(base)), row(year, value)] : [row(baseYear + 1, value)]);
  switch (preset) {
    case 'hold':
      return [];
    case 'rise15':
      return to(2035, 1.5);
    case 'rise14':
      return to(2030, 1.4);
    case 'fall10':
      return to(2035, 1.0);
  }
}

export function e0Preset(preset: E0Preset, baseYear: number, base: number): PathRow[] {
  switch (preset) {
    case 'hold':
      return [];
    case 'plus3':
      return [row(baseYear, r1(base)), row(Math.max(2050, baseYear + 5), r1(base + 3))];
  }
}

/** A factor on the observed net migration, from the first projected year on. */
export function migrationPreset(preset: MigrationPreset, baseYear: number): PathRow[] {
  switch (preset) {
    case 'hold':
      return [];
    case 'none':
      return [row(baseYear + 1, 0)];
    case 'half':
      return [row(baseYear + 1, 0.5)];
    case 'double':
      return [row(baseYear + 1, 2)];
  }
}

/** The comparison scenario the page proposes: a childcare subsidy lifting the TFR to 1.4 by 2030. */
export function comparisonScenario(name: string, baseYear: number, base: BaseLevels | undefined): ScenarioDraft {
  return { ...emptyScenario(name), tfr: tfrPreset('rise14', baseYear, base?.tfr ?? 1.4) };
}

const locale = (lang: Lang) => (lang === 'zh' ? 'zh-CN' : 'en-US');

/** A number with `digits` decimals and thousands separators; '—' for none. */
export function formatNumber(n: number | null | undefined, lang: Lang, digits = 0): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '—';
  const v = digits === 0 ? Math.round(n) : n;
  // No "-0" for a value that rounds to zero.
  const shown = Object.is(Number(v.toFixed(digits)), -0) ? 0 : v;
  return shown.toLocaleString(locale(lang), { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** Persons shown whole, or with one decimal when every value is below 100 (a small region: the projection's fractions matter). */
export function personDigits(values: readonly number[]): 0 | 1 {
  return values.every((v) => Math.abs(v) < 100) ? 1 : 0;
}

/** A difference with its sign: +1,234 / −56 / 0. */
export function formatSigned(n: number, lang: Lang, digits = 0): string {
  const s = formatNumber(Math.abs(n), lang, digits);
  if (Number(Math.abs(n).toFixed(digits)) === 0) return s;
  return `${n > 0 ? '+' : '−'}${s}`;
}

export interface ImpactSummary {
  readonly year: number;
  /** Births of scenario 2 minus scenario 1, summed over the projected years. */
  readonly births: number;
  readonly schoolAge: number;
  readonly workingAge: number;
  readonly aged65: number;
}

/** The figures of the summary sentence: the horizon year's differences, births summed up to it. */
export function impactSummary(comparison: NonNullable<RegionProjection['comparison']>): ImpactSummary | null {
  const last = comparison.at(-1);
  if (!last) return null;
  const births = comparison.reduce((a, c) => a + (c.difference.births ?? 0), 0);
  return { year: last.year, births, schoolAge: last.difference.schoolAge ?? 0, workingAge: last.difference.workingAge ?? 0, aged65: last.difference.aged65 ?? 0 };
}

/** The file name of a download: RFC 8187 `filename*` first, then `filename`, else the fallback. */
export function fileNameFrom(contentDisposition: string | null, fallback: string): string {
  if (!contentDisposition) return fallback;
  const star = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(contentDisposition);
  if (star?.[1]) {
    try {
      return decodeURIComponent(star[1].trim());
    } catch {
      // a malformed encoding: the plain name below
    }
  }
  const plain = /filename\s*=\s*"([^"]*)"|filename\s*=\s*([^;]+)/.exec(contentDisposition);
  const name = (plain?.[1] ?? plain?.[2])?.trim();
  return name || fallback;
}

/** Extent of a pyramid axis over every year and scenario, so the bars grow and shrink against a fixed scale. */
export function pyramidMax(scenarios: readonly ScenarioRun[]): number {
  let max = 1;
  for (const s of scenarios) for (const p of s.pyramids) for (let i = 0; i < p.male.length; i++) max = Math.max(max, p.male[i]!, p.female[i] ?? 0);
  return max;
}
