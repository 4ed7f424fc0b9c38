import { parseIdNumber, type IdNumberErrorCode, type LocalizedText } from '@renkou/core';

/**
 * One entry of `id-check --json` output; optional fields are present only for the matching outcome.
 *
 * @example
 * const entry: IdCheckEntry = { input: '130503670401001', valid: true, idNumber: '130503196704010016' };
 */
export interface IdCheckEntry {
  readonly input: string;
  readonly valid: boolean;
  readonly code?: IdNumberErrorCode;
  readonly message?: LocalizedText;
  readonly regionCode?: string;
  readonly birthDate?: string;
  readonly sex?: 'male' | 'female';
  readonly idNumber?: string;
}

/**
 * @example
 * const options: IdCheckOptions = { json: false, today: '2024-06-30' };
 */
export interface IdCheckOptions {
  readonly json: boolean;
  /** YYYY-MM-DD; lets scripts and tests pin "today" for the future-birth-date rule. */
  readonly today?: string;
}

/**
 * Checks ID numbers the operator typed in. The operator supplied these IDs themselves, so valid ones are
 * echoed back in canonical form (useful after a 15→18 upgrade); invalid ones are echoed exactly as given
 * so the operator can see what they typed. Returns text instead of printing so that it is testable.
 *
 * @example
 * const { output, exitCode } = runIdCheck(['11010519491231002x'], { json: false, today: '2024-06-30' });
 * // output: '11010519491231002X valid region=110105 birth=1949-12-31 sex=female', exitCode: 0
 */
export function runIdCheck(ids: readonly string[], options: IdCheckOptions): { output: string; exitCode: number } {
  const entries = ids.map((input) => checkOne(input, options.today));
  const exitCode = entries.every((entry) => entry.valid) ? 0 : 1;
  const output = options.json ? JSON.stringify(entries, null, 2) : entries.map(formatLine).join('\n');
  return { output, exitCode };
}

function checkOne(input: string, today: string | undefined): IdCheckEntry {
  const result = parseIdNumber(input, today === undefined ? {} : { today });
  if (!result.ok) return { input, valid: false, code: result.code, message: result.message };
  const { idNumber, regionCode, birthDate, sex } = result.value;
  return { input, valid: true, regionCode, birthDate, sex, idNumber };
}

function formatLine(entry: IdCheckEntry): string {
  if (entry.valid) {
    return `${entry.idNumber} valid region=${entry.regionCode} birth=${entry.birthDate} sex=${entry.sex}`;
  }
  // Quote inputs that would otherwise be invisible or ambiguous in a space-separated line.
  const shown = entry.input === '' || /\s/.test(entry.input) ? JSON.stringify(entry.input) : entry.input;
  return `${shown} invalid ${entry.code} ${entry.message?.zh} / ${entry.message?.en}`;
}
