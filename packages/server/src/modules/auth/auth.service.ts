import { hash, verify } from '@node-rs/argon2';
import { checkPassword, DomainError, ROLE_PERMISSIONS, type CurrentUser, type Role } from '@renkou/core';
import { sql } from 'kysely';
import * as OTPAuth from 'otpauth';
import { writeAudit, writeAuditInTrx } from '../../platform/audit';
import { auditBase, type AppDeps, type RequestContext, type SignedInUser } from '../../platform/context';
import { decrypt, encrypt } from '../../platform/crypto';
import { Errors } from '../../platform/errors';
import type { SessionStore } from '../../platform/session';
import { findUserById, findUserByUsername, regionName } from '../users/user.repository';
import { hashPassword, totpUri } from '../users/users.service';

const t = (zh: string, en: string) => ({ zh, en });

/** One answer for an unknown user and a wrong password, so the login form reveals no usernames. */
const loginFailed = () => new DomainError('LOGIN_FAILED', t('用户名或密码错误', 'wrong username or password'), [], 401);

// Verified against when the username is unknown, so both paths take the same time.
const dummyHash = hash('renkou-timing-equaliser');

export async function presentCurrentUser(deps: AppDeps, user: SignedInUser): Promise<CurrentUser> {
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    role: user.role,
    regionCode: user.regionCode,
    regionName: await regionName(deps.db, user.regionCode),
    permissions: [...user.permissions],
    totpEnabled: user.totpEnabled,
    mustChangePassword: user.mustChangePassword,
  };
}

function totpValid(deps: AppDeps, username: string, sealed: Buffer, code: string): boolean {
  const secret = decrypt(deps.keys.totp, sealed, `totp:${username}`);
  const totp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret), digits: 6, period: 30 });
  return totp.validate({ token: code, window: 1 }) !== null;
}

export async function login(deps: AppDeps, sessions: SessionStore, ctx: RequestContext, input: { username: string; password: string; totp?: string | undefined }): Promise<{ token: string; user: CurrentUser }> {
  const username = input.username.trim().toLowerCase();
  const perAddress = deps.limiter.hit(`login:ip:${ctx.ip}`, deps.security.loginPerMinute, 60_000);
  const perUser = deps.limiter.hit(`login:user:${username}`, deps.security.loginPerMinute, 60_000);
  if (!perAddress || !perUser) {
    await writeAudit(deps.db, { ...auditBase(ctx), action: 'rate_limit.exceeded', objectType: 'login', objectId: username, outcome: 'denied' });
    throw Errors.rateLimited();
  }
  const user = await findUserByUsername(deps.db, username);
  // Every failed attempt leaves exactly one record. For a known account the user fields name the account
  // that was tried (not a proven identity: the outcome is 'failure'), so the audit administrator finds
  // attempts on an account by searching for it.
  const fail = async (reason: string, extra: Record<string, unknown> = {}) => {
    await writeAudit(deps.db, {
      ...auditBase(ctx),
      ...(user ? { actor: { id: user.id, username: user.username, role: user.role, regionCode: user.region_code } } : {}),
      action: 'auth.login',
      objectType: 'user',
      objectId: user?.id ?? username,
      outcome: 'failure',
      details: { reason, ...extra },
    });
  };
  if (!user) {
    await verify(await dummyHash, input.password).catch(() => false);
    await fail('unknown_user');
    throw loginFailed();
  }
  const now = Date.now();
  if (user.locked_until && user.locked_until.getTime() > now) {
    await fail('locked');
    throw accountLocked(username, user.locked_until, now);
  }
  const passwordOk = await verify(user.password_hash, input.password).catch(() => false);
  if (!passwordOk || user.disabled_at) {
    const lockedUntil = user.disabled_at ? null : await registerFailure(deps, user.id);
    await fail(user.disabled_at ? 'disabled' : 'wrong_password', lockedUntil ? { locked: true, lockedUntil: lockedUntil.toISOString() } : {});
    throw loginFailed();
  }
  if (user.totp_enabled && user.totp_secret) {
    if (!input.totp) {
      await fail('totp_required');
      throw new DomainError('TOTP_REQUIRED', t('请输入动态口令', 'enter the six-digit code from your authenticator'), [{ path: 'totp', reason: t('必填', 'required') }], 401);
    }
    if (!totpValid(deps, user.username, user.totp_secret, input.totp)) {
      const lockedUntil = await registerFailure(deps, user.id);
      await fail('wrong_totp', lockedUntil ? { locked: true, lockedUntil: lockedUntil.toISOString() } : {});
      throw new DomainError('TOTP_INVALID', t('动态口令错误', 'the code is wrong'), [{ path: 'totp', reason: t('不正确', 'incorrect') }], 401);
    }
  }
  await deps.db.updateTable('app_user').set({ failed_logins: 0, locked_until: null }).where('id', '=', user.id).execute();
  const token = await sessions.create(user.id, ctx.ip);
  await writeAudit(deps.db, { ...auditBase(ctx), actor: { id: user.id, username: user.username, role: user.role, regionCode: user.region_code }, action: 'auth.login', objectType: 'user', objectId: user.id, outcome: 'success' });
  const role = user.role as Role;
  const signedIn: SignedInUser = {
    id: user.id, username: user.username, displayName: user.display_name, role, regionCode: user.region_code,
    permissions: ROLE_PERMISSIONS[role], totpEnabled: user.totp_enabled, mustChangePassword: user.must_change_password,
  };
  return { token, user: await presentCurrentUser(deps, signedIn) };
}

/** China time, minutes precision: what the person at the counter reads on the wall clock. */
function chinaTime(d: Date): string {
  return new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
}

function accountLocked(username: string, until: Date, now: number): DomainError {
  const minutes = Math.max(1, Math.ceil((until.getTime() - now) / 60_000));
  const local = chinaTime(until);
  return new DomainError(
    'ACCOUNT_LOCKED',
    t(
      `连续登录失败次数过多，账号已锁定至 ${local}（北京时间，约 ${minutes} 分钟后），请稍后再试或联系安全保密管理员解锁`,
      `too many failed sign-ins: the account is locked until ${local} China time (${minutes} minutes from now); try later or ask the security administrator to unlock it`,
    ),
    [
      { path: 'username', value: username, reason: t('已锁定', 'locked') },
      { path: 'lockedUntil', value: until.toISOString(), reason: t('锁定结束时间', 'when the lock ends') },
    ],
    423,
  );
}

/**
 * Counts one failure in a single statement, so parallel attempts cannot overwrite each other's count;
 * the failure that reaches the limit locks the account. Returns the lock's end when this one locked it.
 */
async function registerFailure(deps: AppDeps, userId: number): Promise<Date | null> {
  const max = deps.security.maxFailedLogins;
  const until = new Date(Date.now() + deps.security.lockMinutes * 60_000);
  const row = await deps.db
    .updateTable('app_user')
    .set({
      failed_logins: sql<number>`CASE WHEN failed_logins + 1 >= ${max} THEN 0 ELSE failed_logins + 1 END`,
      locked_until: sql<Date | null>`CASE WHEN failed_logins + 1 >= ${max} THEN ${until}::timestamptz ELSE locked_until END`,
    })
    .where('id', '=', userId)
    .returning('locked_until')
    .executeTakeFirst();
  return row?.locked_until && row.locked_until.getTime() === until.getTime() ? until : null;
}

export async function logout(deps: AppDeps, sessions: SessionStore, ctx: RequestContext): Promise<void> {
  if (ctx.sessionTokenHash) await sessions.end(ctx.sessionTokenHash);
  await writeAudit(deps.db, { ...auditBase(ctx), action: 'auth.logout', objectType: 'user', objectId: ctx.user?.id ?? null, outcome: 'success' });
}

export async function changePassword(deps: AppDeps, ctx: RequestContext, input: { currentPassword: string; newPassword: string }): Promise<void> {
  const user = await findUserById(deps.db, ctx.user!.id);
  if (!user || !(await verify(user.password_hash, input.currentPassword).catch(() => false))) {
    throw new DomainError('PASSWORD_WRONG', t('当前密码不正确', 'the current password is wrong'), [{ path: 'currentPassword', reason: t('不正确', 'incorrect') }], 422);
  }
  checkPassword(input.newPassword, deps.security.passwordPolicy, 'newPassword');
  await deps.db.transaction().execute(async (trx) => {
    await trx.updateTable('app_user').set({ password_hash: await hashPassword(input.newPassword), must_change_password: false, password_changed_at: new Date() }).where('id', '=', user.id).execute();
    await writeAuditInTrx(trx, { ...auditBase(ctx), action: 'auth.change_password', objectType: 'user', objectId: user.id, outcome: 'success' });
  });
}

/** Starts optional TOTP for any user: the secret is stored but only enforced once a code confirms it. */
export async function enrollTotp(deps: AppDeps, ctx: RequestContext): Promise<{ secret: string; uri: string }> {
  const user = await findUserById(deps.db, ctx.user!.id);
  if (!user) throw Errors.unauthenticated();
  if (user.totp_enabled) throw new DomainError('TOTP_ALREADY_ENABLED', t('已启用动态口令', 'TOTP is already enabled'), [], 409);
  const secret = new OTPAuth.Secret({ size: 20 }).base32;
  await deps.db.updateTable('app_user').set({ totp_secret: encrypt(deps.keys.totp, secret, `totp:${user.username}`) }).where('id', '=', user.id).execute();
  return { secret, uri: totpUri(user.username, secret) };
}

export async function confirmTotp(deps: AppDeps, ctx: RequestContext, code: string): Promise<void> {
  const user = await findUserById(deps.db, ctx.user!.id);
  if (!user?.totp_secret) throw new DomainError('TOTP_NOT_ENROLLED', t('请先绑定动态口令', 'start enrolment first'), [], 409);
  if (!totpValid(deps, user.username, user.totp_secret, code)) throw new DomainError('TOTP_INVALID', t('动态口令错误', 'the code is wrong'), [{ path: 'code', reason: t('不正确', 'incorrect') }], 422);
  await deps.db.transaction().execute(async (trx) => {
    await trx.updateTable('app_user').set({ totp_enabled: true }).where('id', '=', user.id).execute();
    await writeAuditInTrx(trx, { ...auditBase(ctx), action: 'auth.totp_enable', objectType: 'user', objectId: user.id, outcome: 'success' });
  });
}
