import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors';
import { checkPassword, DEFAULT_PASSWORD_POLICY, passwordClasses } from './password-policy';

describe('password policy', () => {
  it('counts character classes', () => {
    expect(passwordClasses('abc')).toBe(1);
    expect(passwordClasses('abC1')).toBe(3);
    expect(passwordClasses('aB1!')).toBe(4);
  });
  it('default: at least 8 characters of 3 classes', () => {
    expect(() => checkPassword('Abcdefg1')).not.toThrow();
    expect(() => checkPassword('Abcdef1')).toThrow(DomainError);
    expect(() => checkPassword('abcdefgh1')).toThrow(/policy/);
    expect(DEFAULT_PASSWORD_POLICY).toEqual({ minLength: 8, minClasses: 3 });
  });
  it('names each failed rule and never echoes the password', () => {
    try {
      checkPassword('abc', DEFAULT_PASSWORD_POLICY, 'newPassword');
    } catch (e) {
      const d = e as DomainError;
      expect(d.code).toBe('PASSWORD_WEAK');
      expect(d.details.map((x) => x.path)).toEqual(['newPassword', 'newPassword']);
      expect(JSON.stringify(d)).not.toContain('abc"');
    }
    expect.assertions(3);
  });
});
