import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { computeLifeTable, DomainError, type LifeTable, type LocalizedText } from '@renkou/core';

/**
 * What a command prints and its exit code; returned instead of printed so that it is testable.
 *
 * @example
 * const r: CommandResult = { stdout: '{"rows":[]}\n', stderr: '', exitCode: 0 };
 */
export interface CommandResult {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number;
}

/**
 * Exit code for input the user must fix (bad file, bad JSON, bad field); 1 stays for unexpected failures.
 *
 * @example
 * if (result.exitCode === EXIT_BAD_INPUT) console.error('fix the input file');
 */
export const EXIT_BAD_INPUT = 2;

const line = (t: LocalizedText) => `${t.zh} / ${t.en}`;

function badInput(path: string, value: unknown, reason: LocalizedText): CommandResult {
  const shown = value === undefined ? '' : ` = ${JSON.stringify(value)}`;
  return { stdout: '', stderr: `输入有误 / invalid input\n  ${path}${shown}: ${line(reason)}\n`, exitCode: EXIT_BAD_INPUT };
}

/**
 * Turns an error from the calculation into the command's result: a DomainError lists every field with its
 * value and bilingual reason and exits 2; anything else is a bug and exits 1 without a stack trace.
 *
 * @example
 * const r = errorResult(error); // r.exitCode === 2 for bad input
 */
export function errorResult(error: unknown): CommandResult {
  if (error instanceof DomainError) {
    const details = error.details.map((d) => `  ${d.path}${d.value === undefined ? '' : ` = ${JSON.stringify(d.value)}`}: ${line(d.reason)}`);
    return { stdout: '', stderr: [`输入有误 / invalid input (${error.code}): ${line(error.text)}`, ...details].join('\n') + '\n', exitCode: EXIT_BAD_INPUT };
  }
  return { stdout: '', stderr: `错误 / error: ${(error as Error)?.message ?? String(error)}\n`, exitCode: 1 };
}

/**
 * Reads and parses the `--input` JSON file; a missing file or broken JSON is bad input (exit 2).
 *
 * @example
 * const r = readJsonInput('in.json'); if ('data' in r) use(r.data); else return r;
 */
export function readJsonInput(file: string, read: (file: string) => string = (f) => readFileSync(f, 'utf8')): { data: unknown } | CommandResult {
  let text: string;
  try {
    text = read(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    return badInput('--input', file, { zh: `无法读取文件（${code}）`, en: `cannot read the file (${code})` });
  }
  try {
    return { data: JSON.parse(text.replace(/^\uFEFF/, '')) as unknown };
  } catch (error) {
    return badInput('--input', file, { zh: `不是有效的 JSON：${(error as Error).message}`, en: `not valid JSON: ${(error as Error).message}` });
  }
}

const ageLabel = (age: number, n: number | null) => (n === null ? `${age}+` : n === 1 ? String(age) : `${age}-${age + n - 1}`);
const fixed = (x: number, digits: number) => (Number.isFinite(x) ? x.toFixed(digits) : '-');

/**
 * The readable table as Preston et al. print it: rates to 6 decimals, ax and ex to 3, survivors and person-years to whole persons.
 *
 * @example
 * formatLifeTable(table); // 'age      n  mx … ex\n0  1  0.008743 …'
 */
export function formatLifeTable(table: LifeTable): string {
  const header = ['age', 'n', 'mx', 'ax', 'qx', 'px', 'lx', 'dx', 'Lx', 'Tx', 'ex'];
  const rows = table.rows.map((r) => [
    ageLabel(r.age, r.n),
    r.n === null ? '-' : String(r.n),
    fixed(r.mx, 6),
    fixed(r.ax, 3),
    fixed(r.qx, 6),
    fixed(r.px, 6),
    fixed(r.lx, 0),
    fixed(r.dx, 0),
    fixed(r.Lx, 0),
    fixed(r.Tx, 0),
    fixed(r.ex, 3),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const fmt = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  const title = `生命表 / life table — ${table.sex === 'male' ? '男 male' : '女 female'}, ${table.kind === 'single' ? '单岁 single-year' : '简略 abridged'}, l0 = ${table.radix}`;
  const notes = table.cappedQ.map((age) => `注 / note: age ${age}: qx capped at 1 (ax·mx > 1) / 死亡概率超过 1，已按 1 计`);
  return [title, fmt(header), ...rows.map(fmt), ...notes].join('\n') + '\n';
}

/**
 * `renkou lifetable` on the parsed input file.
 *
 * @example
 * runLifetable({ sex: 'male', ages: [0, 1, 5], mx: [0.01, 0.001, 0.1] }, { json: true }).exitCode; // 0
 */
export function runLifetable(data: unknown, options: { json: boolean }): CommandResult {
  try {
    const table = computeLifeTable(data);
    if (!options.json) return { stdout: formatLifeTable(table), stderr: '', exitCode: 0 };
    const warnings = table.cappedQ.map((age) => ({ age, reason: { zh: '死亡概率超过 1，已按 1 计', en: 'qx exceeded 1 (ax·mx > 1) and was capped at 1' } }));
    return { stdout: JSON.stringify({ rows: table.rows, ...(warnings.length ? { warnings } : {}) }) + '\n', stderr: '', exitCode: 0 };
  } catch (error) {
    return errorResult(error);
  }
}

/**
 * Reads `--input` and runs the command.
 *
 * @example
 * lifetableCommand({ input: 'austria.json', json: true });
 */
export function lifetableCommand(options: { input: string; json?: boolean }): CommandResult {
  const read = readJsonInput(options.input);
  return 'data' in read ? runLifetable(read.data, { json: options.json === true }) : read;
}

/**
 * Writes a command result and sets the exit code.
 *
 * @example
 * emit(lifetableCommand({ input: 'in.json' }));
 */
export function emit(result: CommandResult): void {
  if (result.stdout) process.stdout.write(result.stdout);
  if (result.stderr) process.stderr.write(result.stderr);
  process.exitCode = result.exitCode;
}

/**
 * Registers `renkou lifetable --input file.json [--json]`.
 *
 * @example
 * registerLifetable(program);
 */
export function registerLifetable(program: Command): void {
  program
    .command('lifetable')
    .description('生命表 / period life table from deaths and exposures (or mx), abridged or single-year')
    .requiredOption('--input <file>', 'JSON: {sex, ages, exposures, deaths | mx, nax?, radix?}')
    .option('--json', 'JSON output')
    .action((o: { input: string; json?: boolean }) => emit(lifetableCommand(o)));
}
