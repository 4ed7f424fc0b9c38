import { DomainError } from '@renkou/core';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { redactIds, RequestValidationError, toApiError } from './errors';

describe('redactIds', () => {
  it('masks 18- and 15-character IDs in free text, keeping first 6 and last 4', () => {
    expect(redactIds('/api/v1/persons/33052219850709124X/x')).toBe('/api/v1/persons/330522********124X/x');
    expect(redactIds('id 130503670401001 here')).toBe('id 130503*****1001 here');
    expect(redactIds('a 330522198507091246')).toBe('a 330522********1246');
  });

  it('leaves region codes, record ids and longer digit runs alone', () => {
    expect(redactIds('/api/v1/regions/330522001001/children')).toBe('/api/v1/regions/330522001001/children');
    expect(redactIds('/api/v1/persons/42')).toBe('/api/v1/persons/42');
    expect(redactIds('1234567890123456789012')).toBe('1234567890123456789012');
  });
});

describe('toApiError', () => {
  it('passes a DomainError through', () => {
    const e = new DomainError('X', { zh: 'x', en: 'x' }, [], 409);
    expect(toApiError(e)).toBe(e);
  });

  it('turns anything unknown into INTERNAL with no trace of the original', () => {
    const api = toApiError(Object.assign(new Error('duplicate key 330522198507091246 in person'), { stack: 'at secret.ts:1' }));
    expect(api.code).toBe('INTERNAL');
    expect(api.status).toBe(500);
    expect(api.details).toEqual([]);
    expect(JSON.stringify({ code: api.code, message: api.text, details: api.details })).not.toMatch(/330522|secret|duplicate/);
  });

  it('names each invalid field and masks echoed IDs and passwords', () => {
    const schema = z.object({ idNumber: z.string().max(5), password: z.string().max(3), age: z.number() });
    const input = { idNumber: '330522198507091246', password: 'Secret-1!', age: 'x' };
    const r = schema.safeParse(input);
    const api = new RequestValidationError('body', r.error!.issues, input).toDomain();
    expect(api.code).toBe('VALIDATION_FAILED');
    expect(api.details.map((d) => [d.path, d.value])).toEqual([
      ['body.idNumber', '330522********1246'],
      ['body.password', '***'],
      ['body.age', 'x'],
    ]);
    expect(api.details[2]!.reason.zh).toContain('类型错误');
    expect(api.details[2]!.reason.en).not.toBe('required');
  });

  it('says "required" only when the value is missing', () => {
    const schema = z.object({ a: z.number(), b: z.number() });
    const input = { a: 'x' };
    const api = new RequestValidationError('body', schema.safeParse(input).error!.issues, input).toDomain();
    expect(api.details.map((d) => [d.path, d.reason.zh, d.reason.en])).toEqual([
      ['body.a', '类型错误，应为 number', 'Invalid input: expected number, received string'],
      ['body.b', '必填', 'required'],
    ]);
  });
});
