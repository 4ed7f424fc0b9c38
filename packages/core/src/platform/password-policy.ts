import { DomainError } from '../errors';

export interface PasswordPolicy {
  readonly minLength: number;
  /** How many of the four classes (lower, upper, digit, other) a password must mix. */
  readonly minClasses: number;
}

export const DEFAULT_PASSWORD_POLICY: PasswordPolicy = { minLength: 8, minClasses: 3 };

export function passwordClasses(password: string): number {
  return [/[a-z]/, /[A-Z]/, /[0-9]/, /[^a-zA-Z0-9]/].filter((re) => re.test(password)).length;
}

/**
 * Throws PASSWORD_WEAK naming the rule that failed; never echoes the password.
 * @example checkPassword('Tr0ub4dor&3', DEFAULT_PASSWORD_POLICY) // passes
 */
export function checkPassword(password: string, policy: PasswordPolicy = DEFAULT_PASSWORD_POLICY, field = 'password'): void {
  const reasons = [];
  if (password.length < policy.minLength) reasons.push({ zh: `至少 ${policy.minLength} 个字符`, en: `at least ${policy.minLength} characters` });
  if (passwordClasses(password) < policy.minClasses) reasons.push({ zh: `需包含小写、大写、数字、符号中的至少 ${policy.minClasses} 类`, en: `mix at least ${policy.minClasses} of lower case, upper case, digits and symbols` });
  if (reasons.length) {
    throw new DomainError('PASSWORD_WEAK', { zh: '密码不符合安全策略', en: 'the password does not meet the policy' }, reasons.map((reason) => ({ path: field, reason })), 422);
  }
}
