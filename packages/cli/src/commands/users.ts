import { CreateUserBody, Role } from '@renkou/core';
import { createAppPool, createKysely } from '@renkou/db';
import { createUserInTrx, generatePassword, hashPassword, securityConfigFromEnv, writeAudit } from '@renkou/server';
import type { Runtime } from '../runtime';
import { say } from '../runtime';

const cliActor = { id: null, username: 'cli', role: null, regionCode: null };

function appDb(rt: Runtime) {
  return createKysely(createAppPool(rt.server.url, 2));
}

export async function usersCreate(rt: Runtime, opts: { username: string; name: string; holder: string; role: string; region: string; password?: string }): Promise<number> {
  const parsed = CreateUserBody.safeParse({ username: opts.username, displayName: opts.name, holder: opts.holder, role: opts.role, regionCode: opts.region, password: opts.password });
  if (!parsed.success) {
    for (const i of parsed.error.issues) say(`${i.path.join('.')}: ${i.message}`);
    if (!Role.safeParse(opts.role).success) say(`roles: ${Role.options.join(', ')}`);
    return 2;
  }
  const db = appDb(rt);
  try {
    const r = await db.transaction().execute(async (trx) => {
      const created = await createUserInTrx(trx, { keys: rt.keys, security: securityConfigFromEnv() }, parsed.data);
      return created;
    });
    await writeAudit(db, { actor: cliActor, action: 'user.create', objectType: 'user', objectId: r.user.id, outcome: 'success', details: { role: r.user.role, via: 'cli' } });
    process.stdout.write(`created ${r.user.username} (${r.user.role}, ${r.user.regionCode})\n`);
    if (r.initialPassword) process.stdout.write(`初始密码 / initial password: ${r.initialPassword}\n`);
    if (r.totpUri) process.stdout.write(`动态口令 / TOTP: ${r.totpUri}\n`);
    return 0;
  } finally {
    await db.destroy();
  }
}

export async function usersDisable(rt: Runtime, username: string): Promise<number> {
  const db = appDb(rt);
  try {
    const u = await db.updateTable('app_user').set({ disabled_at: new Date() }).where('username', '=', username).returning('id').executeTakeFirst();
    if (!u) {
      say(`用户不存在 / no such user: ${username}`);
      return 1;
    }
    await db.updateTable('session').set({ ended_at: new Date() }).where('user_id', '=', u.id).where('ended_at', 'is', null).execute();
    await writeAudit(db, { actor: cliActor, action: 'user.disable', objectType: 'user', objectId: u.id, outcome: 'success', details: { via: 'cli' } });
    process.stdout.write(`disabled ${username}; sessions ended\n`);
    return 0;
  } finally {
    await db.destroy();
  }
}

export async function usersResetPassword(rt: Runtime, username: string): Promise<number> {
  const db = appDb(rt);
  try {
    const password = generatePassword();
    const u = await db
      .updateTable('app_user')
      .set({ password_hash: await hashPassword(password), must_change_password: true, failed_logins: 0, locked_until: null, password_changed_at: new Date() })
      .where('username', '=', username)
      .returning('id')
      .executeTakeFirst();
    if (!u) {
      say(`用户不存在 / no such user: ${username}`);
      return 1;
    }
    await db.updateTable('session').set({ ended_at: new Date() }).where('user_id', '=', u.id).where('ended_at', 'is', null).execute();
    await writeAudit(db, { actor: cliActor, action: 'user.reset_password', objectType: 'user', objectId: u.id, outcome: 'success', details: { via: 'cli' } });
    process.stdout.write(`新密码 / new password for ${username}: ${password}\n`);
    return 0;
  } finally {
    await db.destroy();
  }
}
