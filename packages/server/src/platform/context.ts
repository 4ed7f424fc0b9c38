import type { Permission, Role } from '@renkou/core';
import type { Db } from '@renkou/db';
import type { AuditEntry } from './audit';
import type { Keys } from './keys';
import type { SecurityConfig } from './config';
import type { RateLimiter } from './rate-limit';
import type { Scope } from './scope';

export interface SignedInUser {
  readonly id: number;
  readonly username: string;
  readonly displayName: string;
  readonly role: Role;
  readonly regionCode: string;
  readonly permissions: readonly Permission[];
  readonly totpEnabled: boolean;
  readonly mustChangePassword: boolean;
}

/** What every service call receives: who is asking, from where, with which scope. */
export interface RequestContext {
  readonly user: SignedInUser | null;
  readonly scope: Scope | null;
  readonly ip: string;
  readonly requestId: string;
  readonly sessionTokenHash: Buffer | null;
  /** A partner system calling with its API key (access 'partner'); its scope is the partner's region. */
  readonly partner?: { readonly id: number; readonly name: string; readonly kind: string } | null;
}

export interface AppDeps {
  readonly db: Db;
  readonly keys: Keys;
  readonly security: SecurityConfig;
  readonly limiter: RateLimiter;
  /** Today's date (China time) — injectable so tests control "the future". */
  readonly today: () => string;
  readonly version: string;
  readonly startedAt: number;
}

export function actorOf(ctx: RequestContext): AuditEntry['actor'] {
  return ctx.user
    ? { id: ctx.user.id, username: ctx.user.username, role: ctx.user.role, regionCode: ctx.user.regionCode }
    : { id: null, username: null, role: null, regionCode: null };
}

export function auditBase(ctx: RequestContext): Pick<AuditEntry, 'actor' | 'ip' | 'requestId'> {
  return { actor: actorOf(ctx), ip: ctx.ip, requestId: ctx.requestId };
}

/** The scope of a signed-in user; services that touch personal data call this and nothing else. */
export function requireScope(ctx: RequestContext): Scope {
  if (!ctx.scope) throw new Error('scope missing on a personal-data route');
  return ctx.scope;
}
