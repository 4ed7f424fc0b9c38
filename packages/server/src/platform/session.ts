import { createHash, randomBytes } from 'node:crypto';
import { ROLE_PERMISSIONS, type Role } from '@renkou/core';
import type { Db } from '@renkou/db';
import type { SecurityConfig } from './config';
import type { SignedInUser } from './context';

export const SESSION_COOKIE = 'renkou_session';

export function newSessionToken(): { token: string; hash: Buffer } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashToken(token) };
}

export function hashToken(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}

export type SessionLookup = { kind: 'ok'; user: SignedInUser } | { kind: 'expired' } | { kind: 'none' };

interface Cached {
  readonly user: SignedInUser;
  readonly expiresAt: number;
  lastSeen: number;
  readonly cachedAt: number;
}

/**
 * Resolves session cookies. Lookups are cached for a few seconds so a busy clerk's every click does not
 * cost a query; ending a session (logout, disabling a user) drops it from the cache at once.
 */
export class SessionStore {
  private readonly cache = new Map<string, Cached>();
  private static readonly CACHE_MS = 5_000;
  private static readonly TOUCH_MS = 30_000;

  constructor(private readonly db: Db, private readonly config: SecurityConfig, private readonly now: () => number = Date.now) {}

  async create(userId: number, ip: string): Promise<string> {
    const { token, hash } = newSessionToken();
    const now = this.now();
    await this.db
      .insertInto('session')
      .values({ token_hash: hash, user_id: userId, created_at: new Date(now), last_seen_at: new Date(now), expires_at: new Date(now + this.config.sessionAbsoluteHours * 3600_000), ip })
      .execute();
    return token;
  }

  async resolve(token: string): Promise<SessionLookup> {
    const hash = hashToken(token);
    const key = hash.toString('base64');
    const now = this.now();
    const idleMs = this.config.sessionIdleMinutes * 60_000;
    const cached = this.cache.get(key);
    if (cached && now - cached.cachedAt < SessionStore.CACHE_MS) {
      if (now > cached.expiresAt || now - cached.lastSeen > idleMs) return this.expire(hash);
      await this.touch(hash, cached, now);
      return { kind: 'ok', user: cached.user };
    }
    const row = await this.db
      .selectFrom('session')
      .innerJoin('app_user', 'app_user.id', 'session.user_id')
      .select([
        'session.expires_at', 'session.last_seen_at', 'session.ended_at', 'app_user.id', 'app_user.username', 'app_user.display_name',
        'app_user.role', 'app_user.region_code', 'app_user.disabled_at', 'app_user.totp_enabled', 'app_user.must_change_password',
      ])
      .where('session.token_hash', '=', hash)
      .executeTakeFirst();
    if (!row) return { kind: 'none' };
    if (row.ended_at || row.disabled_at) return { kind: 'expired' };
    const lastSeen = new Date(row.last_seen_at).getTime();
    if (now > row.expires_at.getTime() || now - lastSeen > idleMs) return this.expire(hash);
    const role = row.role as Role;
    const user: SignedInUser = {
      id: row.id,
      username: row.username,
      displayName: row.display_name,
      role,
      regionCode: row.region_code,
      permissions: ROLE_PERMISSIONS[role],
      totpEnabled: row.totp_enabled,
      mustChangePassword: row.must_change_password,
    };
    const entry: Cached = { user, expiresAt: row.expires_at.getTime(), lastSeen, cachedAt: now };
    this.cache.set(key, entry);
    await this.touch(hash, entry, now);
    return { kind: 'ok', user };
  }

  private async touch(hash: Buffer, entry: Cached, now: number): Promise<void> {
    if (now - entry.lastSeen < SessionStore.TOUCH_MS) return;
    entry.lastSeen = now;
    await this.db.updateTable('session').set({ last_seen_at: new Date(now) }).where('token_hash', '=', hash).execute();
  }

  private async expire(hash: Buffer): Promise<SessionLookup> {
    this.cache.delete(hash.toString('base64'));
    await this.db.updateTable('session').set({ ended_at: new Date(this.now()) }).where('token_hash', '=', hash).where('ended_at', 'is', null).execute();
    return { kind: 'expired' };
  }

  async end(hash: Buffer): Promise<void> {
    this.cache.delete(hash.toString('base64'));
    await this.db.updateTable('session').set({ ended_at: new Date(this.now()) }).where('token_hash', '=', hash).where('ended_at', 'is', null).execute();
  }

  /** Ends every session of a user (disabling, password reset). */
  async endAllOf(userId: number): Promise<void> {
    for (const [key, c] of this.cache) if (c.user.id === userId) this.cache.delete(key);
    await this.db.updateTable('session').set({ ended_at: new Date(this.now()) }).where('user_id', '=', userId).where('ended_at', 'is', null).execute();
  }
}
