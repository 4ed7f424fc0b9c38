import { DEFAULT_PASSWORD_POLICY, type PasswordPolicy } from '@renkou/core';

export interface SecurityConfig {
  readonly passwordPolicy: PasswordPolicy;
  readonly maxFailedLogins: number;
  readonly lockMinutes: number;
  readonly sessionIdleMinutes: number;
  readonly sessionAbsoluteHours: number;
  /** Requests per minute per user and per address; login counts per address and per username. */
  readonly loginPerMinute: number;
  readonly searchPerMinute: number;
  readonly revealPerHour: number;
  /** Set the Secure flag on the session cookie (behind HTTPS). */
  readonly secureCookies: boolean;
}

function num(name: string, fallback: number): number {
  const v = process.env[name];
  if (v === undefined || v === '') return fallback;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number, got "${v}"`);
  return n;
}

export function securityConfigFromEnv(): SecurityConfig {
  return {
    passwordPolicy: {
      minLength: num('RENKOU_PASSWORD_MIN_LENGTH', DEFAULT_PASSWORD_POLICY.minLength),
      minClasses: num('RENKOU_PASSWORD_MIN_CLASSES', DEFAULT_PASSWORD_POLICY.minClasses),
    },
    maxFailedLogins: num('RENKOU_MAX_FAILED_LOGINS', 5),
    lockMinutes: num('RENKOU_LOCK_MINUTES', 30),
    sessionIdleMinutes: num('RENKOU_SESSION_IDLE_MINUTES', 30),
    sessionAbsoluteHours: num('RENKOU_SESSION_ABSOLUTE_HOURS', 12),
    loginPerMinute: num('RENKOU_RATE_LOGIN_PER_MINUTE', 20),
    searchPerMinute: num('RENKOU_RATE_SEARCH_PER_MINUTE', 120),
    revealPerHour: num('RENKOU_RATE_REVEAL_PER_HOUR', 20),
    secureCookies: process.env.RENKOU_SECURE_COOKIES === '1',
  };
}
