import type { Command } from 'commander';
import { runProjection, type ProjectionOutput } from '@renkou/core';
import { emit, errorResult, readJsonInput, type CommandResult } from './lifetable';

const whole = (x: number) => (Number.isFinite(x) ? Math.round(x).toLocaleString('en-US') : '-');
const num = (x: number, digits: number) => (Number.isFinite(x) ? x.toFixed(digits) : '-');

function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const fmt = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [fmt(header), ...rows.map(fmt)];
}

/**
 * The readable report: population by age for every year (whole persons) per sex, with the stable
 * distribution next to the female table; births per step; the summary measures; any clamping.
 *
 * @example
 * formatProjection(runProjection(input)); // '人口预测 / projection — 1993–2003 …'
 */
export function formatProjection(out: ProjectionOutput): string {
  const n = out.ages.length > 1 ? out.ages[1]! - out.ages[0]! : 1;
  const label = (i: number) => (i === out.ages.length - 1 ? `${out.ages[i]}+` : n === 1 ? String(out.ages[i]) : `${out.ages[i]}-${out.ages[i]! + n - 1}`);
  const lines: string[] = [`人口预测 / projection — ${out.years[0]}–${out.years[out.years.length - 1]}, ${n}-year steps`];
  const sexTable = (title: string, pops: readonly (readonly number[])[], stable: boolean) => {
    lines.push('', title);
    const header = ['age', ...out.years.map(String), ...(stable ? ['stable %'] : [])];
    const rows = out.ages.map((_, i) => [label(i), ...pops.map((p) => whole(p[i]!)), ...(stable ? [num(100 * out.summary.stable[i]!, 2)] : [])]);
    rows.push(['total', ...pops.map((p) => whole(p.reduce((a, x) => a + x, 0))), ...(stable ? ['100.00'] : [])]);
    lines.push(...table(header, rows));
  };
  sexTable('女性 / female', out.female, true);
  if (out.male) sexTable('男性 / male', out.male, false);
  lines.push('', '出生 / births');
  lines.push(...table(['period', 'total', 'female', 'male'], out.births.map((b, i) => [`${out.years[i]}–${out.years[i + 1]}`, whole(b.total), whole(b.female), whole(b.male)])));
  const s = out.summary;
  lines.push('', '汇总 / summary');
  lines.push(`  总和生育率 TFR ${num(s.tfr, 3)}   毛再生产率 GRR ${num(s.grr, 3)}   净再生产率 NRR ${num(s.nrr, 3)}   平均生育年龄 mean age at childbearing ${num(s.mac, 2)}`);
  lines.push(`  λ ${num(s.lambda, 6)} per ${n}-year step   内在增长率 intrinsic growth rate r ${num(s.r, 6)} per year`);
  if (out.clamped.length) {
    lines.push('', `注 / note: ${out.clamped.length} population value(s) would have been negative and were set to 0 / 有人口数将为负，已按 0 计:`);
    for (const c of out.clamped) lines.push(`  ${c.year} ${c.sex} age ${c.age} (${c.stage}): ${num(c.shortfall, 1)} fewer migrants left than given`);
  }
  return lines.join('\n') + '\n';
}

/**
 * `renkou project` on the parsed input file.
 *
 * @example
 * runProject({ ageInterval: 5, openAge: 10, steps: 1, baseYear: 2020, srb: 1.05,
 *   female: { population: [100, 90, 50], nLx: [495000, 494000, 900000], asfr: [0, 0.1, 0] } }, { json: true }).exitCode; // 0
 */
export function runProject(data: unknown, options: { json: boolean }): CommandResult {
  try {
    const out = runProjection(data);
    return { stdout: options.json ? JSON.stringify(out) + '\n' : formatProjection(out), stderr: '', exitCode: 0 };
  } catch (error) {
    return errorResult(error);
  }
}

/**
 * Reads `--input` and runs the command.
 *
 * @example
 * projectCommand({ input: 'sweden-1993.json', json: true });
 */
export function projectCommand(options: { input: string; json?: boolean }): CommandResult {
  const read = readJsonInput(options.input);
  return 'data' in read ? runProject(read.data, { json: options.json === true }) : read;
}

/**
 * Registers `renkou project --input file.json [--json]`.
 *
 * @example
 * registerProject(program);
 */
export function registerProject(program: Command): void {
  program
    .command('project')
    .description('人口预测 / cohort-component projection (1- or 5-year steps, two sexes, migration, open age group)')
    .requiredOption('--input <file>', 'JSON: {ageInterval, openAge, steps, baseYear, srb, radix?, migrationTiming?, female, male?}')
    .option('--json', 'JSON output')
    .action((o: { input: string; json?: boolean }) => emit(projectCommand(o)));
}
