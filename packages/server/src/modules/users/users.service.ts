import { randomBytes, randomInt } from 'node:crypto';
import { hash } from '@node-rs/argon2';
import { checkPassword, DomainError, ROLE_REGION_LEVEL, THREE_OFFICERS, type CreateUserBody, type Role, type UserView } from '@renkou/core';
import type { Trx } from '@renkou/db';
import * as OTPAuth from 'otpauth';
import { sql } from 'kysely';
import { writeAuditInTrx } from '../../platform/audit';
import { auditBase, type AppDeps, type RequestContext } from '../../platform/context';
import { encrypt } from '../../platform/crypto';
import { Errors } from '../../platform/errors';
import type { SessionStore } from '../../platform/session';
import { findUserById } from './user.repository';

const t = (zh: string, en: string) => ({ zh, en });

/** A random password that satisfies the default policy: 16 characters of all four classes. */
export function generatePassword(): string {
  const sets = ['abcdefghijkmnopqrstuvwxyz', 'ABCDEFGHJKLMNPQRSTUVWXYZ', '23456789', '!@#%^*-_=+'];
  const chars = sets.map((s) => s[randomInt(s.length)]!);
  const all = sets.join('');
  while (chars.length < 16) chars.push(all[randomInt(all.length)]!);
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j]!, chars[i]!];
  }
  return chars.join('');
}

export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

export function presentUser(row: { id: number; username: string; display_name: string; holder: string; role: string; region_code: string; locked_until: Date | null; disabled_at: Date | null; totp_enabled: boolean; created_at: Date | string }, now = Date.now()): UserView {
  const locked = row.locked_until !== null && row.locked_until.getTime() > now;
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    holder: row.holder,
    role: row.role as Role,
    regionCode: row.region_code,
    locked,
    lockedUntil: locked ? row.locked_until!.toISOString() : null,
    disabled: row.disabled_at !== null,
    totpEnabled: row.totp_enabled,
    createdAt: new Date(row.created_at).toISOString(),
  };
}

export function totpUri(username: string, secretBase32: string): string {
  return new OTPAuth.TOTP({ issuer: 'Renkou', label: username, secret: OTPAuth.Secret.fromBase32(secretBase32), digits: 6, period: 30 }).toString();
}

export interface CreateUserResult {
  user: UserView;
  initialPassword?: string;
  totpUri?: string;
  totpSecret?: string;
}

/**
 * Creates an account. The three separated administrators get a TOTP second factor at once (required
 * for them); the database refuses a second administrator role for the same holder.
 */
export async function createUserInTrx(trx: Trx, deps: Pick<AppDeps, 'keys' | 'security'>, input: CreateUserBody): Promise<CreateUserResult> {
  const region = await trx.selectFrom('region').select(['code', 'level']).where('code', '=', input.regionCode).executeTakeFirst();
  if (!region) throw new DomainError('REGION_UNKNOWN', t('区划代码不存在', 'no such region'), [{ path: 'regionCode', value: input.regionCode, reason: t('未知区划', 'unknown region') }], 422);
  const level = ROLE_REGION_LEVEL[input.role];
  if (level !== null && region.level !== level) {
    throw new DomainError('ROLE_REGION_LEVEL', t(`该角色须配置在第 ${level} 级区划`, `this role belongs to a level-${level} region`), [{ path: 'regionCode', value: input.regionCode, reason: t(`应为第 ${level} 级`, `must be level ${level}`) }], 422);
  }
  const password = input.password ?? generatePassword();
  checkPassword(password, deps.security.passwordPolicy);
  const existing = await trx.selectFrom('app_user').select('id').where('username', '=', input.username).executeTakeFirst();
  if (existing) throw usernameTaken(input.username);
  if (THREE_OFFICERS.includes(input.role)) {
    const clash = await trx
      .selectFrom('app_user')
      .select('role')
      .where('holder', '=', input.holder)
      .where('role', 'in', [...THREE_OFFICERS])
      .where('disabled_at', 'is', null)
      .executeTakeFirst();
    if (clash) throw separationError(input.holder);
  }
  const secret = THREE_OFFICERS.includes(input.role) ? new OTPAuth.Secret({ size: 20 }).base32 : undefined;
  const row = await trx
    .insertInto('app_user')
    .values({
      username: input.username,
      display_name: input.displayName,
      holder: input.holder,
      role: input.role,
      region_code: input.regionCode,
      password_hash: await hashPassword(password),
      must_change_password: input.password === undefined,
      totp_secret: secret ? encrypt(deps.keys.totp, secret, `totp:${input.username}`) : null,
      totp_enabled: secret !== undefined,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return {
    user: presentUser(row),
    ...(input.password === undefined ? { initialPassword: password } : {}),
    ...(secret ? { totpUri: totpUri(input.username, secret), totpSecret: secret } : {}),
  };
}

function usernameTaken(username: string): DomainError {
  return new DomainError('USERNAME_TAKEN', t('用户名已存在', 'the username is taken'), [{ path: 'username', value: username, reason: t('重复', 'duplicate') }], 409);
}

function separationError(holder: string): DomainError {
  return new DomainError(
    'THREE_OFFICER_SEPARATION',
    t('三员分立：同一人不能兼任系统管理员、安全保密管理员和安全审计员中的两个', 'three-officer separation: one person may not hold two of the system, security and audit administrator roles'),
    [{ path: 'holder', value: holder, reason: t('已持有另一管理员账号', 'already holds another administrator account') }],
    409,
  );
}

export async function createUser(deps: AppDeps, ctx: RequestContext, input: CreateUserBody): Promise<CreateUserResult> {
  try {
    return await deps.db.transaction().execute(async (trx) => {
      const result = await createUserInTrx(trx, deps, input);
      await writeAuditInTrx(trx, { ...auditBase(ctx), action: 'user.create', objectType: 'user', objectId: result.user.id, outcome: 'success', details: { role: input.role, regionCode: input.regionCode } });
      return result;
    });
  } catch (error) {
    // The unique indexes are the last word when two requests race.
    const constraint = (error as { constraint?: string }).constraint;
    if (constraint === 'app_user_one_admin_role_per_holder') throw separationError(input.holder);
    if (constraint === 'app_user_username_key') throw usernameTaken(input.username);
    throw error;
  }
}

export async function listUsers(deps: AppDeps, query: { q?: string | undefined; role?: Role | undefined; page: number; pageSize: number }) {
  let q = deps.db.selectFrom('app_user');
  if (query.q) {
    const pattern = `%${query.q.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
    q = q.where((eb) => eb.or([eb('username', 'like', pattern), eb('display_name', 'like', pattern)]));
  }
  if (query.role) q = q.where('role', '=', query.role);
  const [rows, total] = await Promise.all([
    q.selectAll().orderBy('id').limit(query.pageSize).offset((query.page - 1) * query.pageSize).execute(),
    q.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items: rows.map((r) => presentUser(r)), total: total.n, page: query.page, pageSize: query.pageSize };
}

type UserAction = 'disable' | 'enable' | 'unlock';

export async function changeUserState(deps: AppDeps, sessions: SessionStore, ctx: RequestContext, id: number, action: UserAction): Promise<UserView> {
  let holder = '';
  const result = await deps.db.transaction().execute(async (trx) => {
    const user = await findUserById(trx, id);
    if (!user) throw Errors.notFound('id', id);
    holder = user.holder;
    if (action === 'disable' && ctx.user?.id === id) {
      throw new DomainError('CANNOT_DISABLE_SELF', t('不能停用自己的账号', 'you cannot disable your own account'), [{ path: 'id', value: id, reason: t('本人账号', 'your own account') }], 422);
    }
    const set =
      action === 'disable' ? { disabled_at: new Date() } : action === 'enable' ? { disabled_at: null, failed_logins: 0 } : { locked_until: null, failed_logins: 0 };
    const row = await trx.updateTable('app_user').set(set).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
    await writeAuditInTrx(trx, { ...auditBase(ctx), action: `user.${action}`, objectType: 'user', objectId: id, outcome: 'success' });
    return row;
  }).catch((error: unknown) => {
    // Enabling an administrator whose holder has since been given another administrator role.
    if ((error as { constraint?: string }).constraint === 'app_user_one_admin_role_per_holder') throw separationError(holder);
    throw error;
  });
  if (action === 'disable') await sessions.endAllOf(id);
  return presentUser(result);
}

export async function resetPassword(deps: AppDeps, sessions: SessionStore, ctx: RequestContext, id: number): Promise<{ initialPassword: string }> {
  const password = generatePassword();
  await deps.db.transaction().execute(async (trx) => {
    const user = await findUserById(trx, id);
    if (!user) throw Errors.notFound('id', id);
    await trx
      .updateTable('app_user')
      .set({ password_hash: await hashPassword(password), must_change_password: true, failed_logins: 0, locked_until: null, password_changed_at: new Date() })
      .where('id', '=', id)
      .execute();
    await writeAuditInTrx(trx, { ...auditBase(ctx), action: 'user.reset_password', objectType: 'user', objectId: id, outcome: 'success' });
  });
  await sessions.endAllOf(id);
  return { initialPassword: password };
}

export function randomHolder(): string {
  return `h-${randomBytes(4).toString('hex')}`;
}
