import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors';
import { checkPassword, DEFAULT_PASSWORD_POLICY, passwordClasses } from './password-policy';

function failure(password: string, policy = DEFAULT_PASSWORD_POLICY): DomainError {
  try {
    checkPassword(password, policy);
  } catch (e) {
    return e as DomainError;
  }
  throw new Error('expected PASSWORD_WEAK');
}

describe('password policy', () => {
  it('defaults to at least 8 characters of 3 classes', () => {
    expect(DEFAULT_PASSWORD_POLICY).toEqual({ minLength: 8, minClasses: 3 });
  });

  it('counts the four classes', () => {
    expect(passwordClasses('')).toBe(0);
    expect(passwordClasses('abc')).toBe(1);
    expect(passwordClasses('abcDEF')).toBe(2);
    expect(passwordClasses('abC1')).toBe(3);
    expect(passwordClasses('aB1!')).toBe(4);
    expect(passwordClasses('密码密码')).toBe(1); // non-ASCII counts as "other"
  });

  it('accepts a password of the minimum length with three classes', () => {
    expect(() => checkPassword('Abcdefg1')).not.toThrow();
    expect(() => checkPassword('Tr0ub4dor&3')).not.toThrow();
  });

  it('rejects a short password naming the length rule (status 422, field named)', () => {
    const e = failure('Abcdef1');
    expect(e).toBeInstanceOf(DomainError);
    expect(e.code).toBe('PASSWORD_WEAK');
    expect(e.status).toBe(422);
    expect(e.message).toMatch(/policy/);
    expect(e.details).toHaveLength(1);
    expect(e.details[0]!.path).toBe('password');
    expect(e.details[0]!.reason.en).toBe('at least 8 characters');
    expect(e.details[0]!.reason.zh).toContain('8');
  });

  it('rejects a long password of too few classes naming the class rule', () => {
    expect(failure('abcdefgh12345').details.map((d) => d.reason.en)).toEqual(['mix at least 3 of lower case, upper case, digits and symbols']);
  });

  it('names each failed rule, on the given field', () => {
    try {
      checkPassword('abc', DEFAULT_PASSWORD_POLICY, 'newPassword');
      expect.unreachable();
    } catch (e) {
      expect((e as DomainError).details.map((x) => x.path)).toEqual(['newPassword', 'newPassword']);
    }
  });

  it('never echoes the password', () => {
    const secret = 'abcSecretxyz';
    const e = failure(secret);
    expect(JSON.stringify({ message: e.message, text: e.text, details: e.details })).not.toContain(secret);
    expect(e.details.every((d) => d.value === undefined)).toBe(true);
  });

  it('follows a configured policy', () => {
    const policy = { minLength: 12, minClasses: 4 };
    expect(() => checkPassword('Abcdef12!xyz', policy)).not.toThrow();
    expect(failure('Abcdef12!xy', policy).details[0]!.reason.en).toBe('at least 12 characters');
    expect(failure('Abcdef12xyzw', policy).details[0]!.reason.en).toBe('mix at least 4 of lower case, upper case, digits and symbols');
  });

  it('agrees with its own rules on any input', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), (p) => {
        const ok = p.length >= DEFAULT_PASSWORD_POLICY.minLength && passwordClasses(p) >= DEFAULT_PASSWORD_POLICY.minClasses;
        if (ok) expect(() => checkPassword(p)).not.toThrow();
        else expect(() => checkPassword(p)).toThrow(DomainError);
      }),
    );
  });
});
