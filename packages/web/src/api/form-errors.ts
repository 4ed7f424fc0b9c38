import type { z } from 'zod';
import type { ApiError } from '@renkou/client';
import type { Lang } from '../i18n/labels';

export type FieldPath = (string | number)[];
export interface FieldError {
  readonly name: FieldPath;
  readonly errors: string[];
}

/** The messages written in core's schemas, in Chinese. */
const CORE_MESSAGES_ZH: Record<string, string> = {
  'YYYY-MM-DD': '日期格式应为 YYYY-MM-DD',
  'not a calendar date': '不是有效的日期',
  'village code of 12 digits': '应为 12 位村(居)委会代码',
  'region code of 2, 4, 6, 9 or 12 digits': '应为 2、4、6、9 或 12 位区划代码',
  'GB/T 3304 code 01–56, 57, 58, 97 or 98': '民族代码不正确（GB/T 3304）',
  '3–40 of a-z 0-9 _ . -': '3–40 位小写字母、数字或 _ . -',
  'a reason of at least 4 characters': '事由至少 4 个字',
  'at least one change': '至少填写一项更正内容',
  'idNumber or q is required': '请输入姓名、拼音或身份证号',
};

type Issue = z.core.$ZodIssue & { input?: unknown };

function custom(message: string | undefined): string | undefined {
  return message && CORE_MESSAGES_ZH[message];
}

/** One zod issue as the clerk should read it. */
export function issueText(issue: Issue, lang: Lang): string {
  const empty = 'input' in issue && (issue.input === undefined || issue.input === null || issue.input === '');
  const missing = empty && (issue.code === 'invalid_type' || issue.code === 'invalid_value' || issue.code === 'invalid_format');
  const blank = issue.code === 'too_small' && issue.origin === 'string' && Number(issue.minimum) === 1;
  if (lang === 'en') {
    if (missing || blank) return 'Required';
    return issue.message;
  }
  if (missing || blank) return '必填';
  const known = custom(issue.message);
  switch (issue.code) {
    case 'invalid_type':
      return '类型不正确';
    case 'too_small':
      return issue.origin === 'string' ? known ?? `至少 ${String(issue.minimum)} 个字符` : `不能小于 ${String(issue.minimum)}`;
    case 'too_big':
      return issue.origin === 'string' ? `最多 ${String(issue.maximum)} 个字符` : `不能大于 ${String(issue.maximum)}`;
    case 'invalid_format':
      return known ?? '格式不正确';
    case 'invalid_value':
      return '请选择有效的选项';
    case 'invalid_union':
      return '不符合要求';
    case 'unrecognized_keys':
      return `不认识的字段：${issue.keys.join('、')}`;
    default:
      return known ?? (issue.message === 'Invalid input' ? '输入无效' : issue.message);
  }
}

/** Validates `data` with a core schema; returns the parsed value or the errors per form field. */
export function validate<S extends z.ZodType>(schema: S, data: unknown, lang: Lang): { ok: true; value: z.output<S> } | { ok: false; fields: FieldError[] } {
  const r = schema.safeParse(data, { reportInput: true });
  if (r.success) return { ok: true, value: r.data };
  const byPath = new Map<string, FieldError>();
  for (const issue of r.error.issues as Issue[]) {
    const name = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
    const key = name.join('.');
    const entry = byPath.get(key) ?? { name, errors: [] };
    const text = issueText(issue, lang);
    if (!entry.errors.includes(text)) entry.errors.push(text);
    byPath.set(key, entry);
  }
  return { ok: false, fields: [...byPath.values()] };
}

/**
 * The server names each rejected field by its place in the request: 'body.child.name',
 * 'query.region'. The form's fields are named by the same path without the first part, so an error
 * lands on its field; details that match no field of the form are returned for a message above it.
 */
export function serverFieldErrors(error: ApiError, lang: Lang, registered: readonly string[]): { fields: FieldError[]; other: string[] } {
  const fields = new Map<string, FieldError>();
  const other: string[] = [];
  for (const d of error.details) {
    const parts = d.path.split('.').filter(Boolean);
    const rel = ['body', 'query', 'params'].includes(parts[0] ?? '') ? parts.slice(1) : parts;
    const reason = lang === 'zh' ? d.reason.zh : d.reason.en;
    const key = rel.join('.');
    // A detail may name a parent of a field ('body.changes'): show it on the first field below it.
    const target = registered.includes(key) ? key : registered.find((r) => r.startsWith(`${key}.`));
    if (target !== undefined && key !== '') {
      const entry = fields.get(target) ?? { name: target.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p)), errors: [] };
      entry.errors.push(reason);
      fields.set(target, entry);
    } else {
      other.push(`${d.path}: ${reason}`);
    }
  }
  return { fields: [...fields.values()], other };
}

/** Puts errors on an antd form's fields (any form: the field paths are checked at run time). */
export function setFieldErrors(form: { setFields(fields: never[]): void }, fields: readonly FieldError[]): void {
  form.setFields(fields as never[]);
}
