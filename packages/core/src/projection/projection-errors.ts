import type { z } from 'zod';
import { DomainError, type ErrorDetail, type LocalizedText } from '../errors';

/**
 * The one error code of this module: every rejection names the field, the value and the reason.
 *
 * @example
 * if (error instanceof DomainError && error.code === PROJECTION_INPUT) process.exitCode = 2;
 */
export const PROJECTION_INPUT = 'PROJECTION_INPUT';

const t = (zh: string, en: string): LocalizedText => ({ zh, en });

/** Echoing a 101-value array back in an error helps nobody: arrays and objects are summarised. */
function brief(value: unknown): unknown {
  if (Array.isArray(value)) return `[${value.length} values]`;
  if (value !== null && typeof value === 'object') return '{…}';
  return value;
}

const HEADLINE = t('人口预测或生命表输入有误，请检查标出的字段', 'the life-table or projection input is invalid; see the fields named');

/**
 * Builds the module's DomainError from collected details. Collecting first and throwing once lets a user
 * fix every problem of a file in one round instead of one per run.
 *
 * @example
 * throw projectionInputError([{ path: 'ageInterval', value: 3, reason: { zh: '年龄组距只能是 1 或 5', en: 'must be 1 or 5' } }]);
 */
export function projectionInputError(details: readonly ErrorDetail[]): DomainError {
  return new DomainError(PROJECTION_INPUT, HEADLINE, details, 400);
}

/**
 * Collects validation problems; `throwIfAny` raises them together as one DomainError.
 *
 * @example
 * const issues = new InputIssues();
 * if (steps < 0) issues.add('steps', steps, '不能为负数', 'must not be negative');
 * issues.throwIfAny();
 */
export class InputIssues {
  readonly details: ErrorDetail[] = [];
  add(path: string, value: unknown, zh: string, en: string): void {
    this.details.push({ path, value: brief(value), reason: t(zh, en) });
  }
  get any(): boolean {
    return this.details.length > 0;
  }
  throwIfAny(): void {
    if (this.any) throw projectionInputError(this.details);
  }
}

/**
 * Re-roots the paths of a module error under `prefix`, so a nested call (the female life table inside a
 * projection input) names the field as the user wrote it: `female.lifeTable.deaths[3]`.
 *
 * @example
 * try { lifeTableFromCounts(x) } catch (e) { throw prefixPaths(e, 'female.lifeTable') }
 */
export function prefixPaths(error: unknown, prefix: string): unknown {
  if (!(error instanceof DomainError) || error.code !== PROJECTION_INPUT) return error;
  return projectionInputError(error.details.map((d) => ({ ...d, path: d.path.startsWith('[') ? `${prefix}${d.path}` : `${prefix}.${d.path}` })));
}

/**
 * `a.b[2].c` from zod's path, the way the user would point at the field in the JSON file.
 *
 * @example
 * formatPath(['female', 'population', 3]); // 'female.population[3]'
 */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) out += typeof key === 'number' ? `[${key}]` : out === '' ? String(key) : `.${String(key)}`;
  return out === '' ? '(root)' : out;
}

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let cur: unknown = data;
  for (const key of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[key];
  }
  return cur;
}

function reasonOf(issue: z.core.$ZodIssue, value: unknown): LocalizedText {
  switch (issue.code) {
    case 'invalid_type':
      return value === undefined ? t('必填', 'required') : t(`类型错误，应为 ${issue.expected}`, `expected ${issue.expected}`);
    case 'too_small':
      if (issue.origin === 'number' && Number(issue.minimum) === 0) {
        return issue.inclusive === false ? t('必须大于 0', 'must be greater than 0') : t('不能为负数', 'must not be negative');
      }
      return t(`过短或过小（最小 ${String(issue.minimum)}）`, issue.message);
    case 'too_big':
      return t(`过长或过大（最大 ${String(issue.maximum)}）`, issue.message);
    case 'invalid_value':
      return t(`取值不在允许范围内（${issue.values.map(String).join('、')}）`, `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`);
    case 'unrecognized_keys':
      return t(`不认识的字段：${issue.keys.join('、')}`, `unknown field(s): ${issue.keys.join(', ')}`);
    case 'invalid_union':
      return t('不符合任何允许的形式', 'matches none of the allowed forms');
    case 'invalid_format':
      return t('格式不正确', issue.message);
    default:
      return t(`不符合规则：${issue.message}`, issue.message);
  }
}

/**
 * Parses `data` with a zod schema and turns zod's issues into the module's bilingual DomainError.
 *
 * @example
 * const input = parseWith(LifeTableInput, JSON.parse(text));
 */
export function parseWith<S extends z.ZodType>(schema: S, data: unknown): z.output<S> {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  throw projectionInputError(
    result.error.issues.map((issue) => {
      const value = valueAt(data, issue.path);
      // An unknown key's issue points at its parent object; name the key itself instead.
      const path = issue.code === 'unrecognized_keys' ? issue.keys.map((k) => formatPath([...issue.path, k])).join(', ') : formatPath(issue.path);
      return { path, value: issue.code === 'unrecognized_keys' ? undefined : brief(value), reason: reasonOf(issue, value) };
    }),
  );
}
