import type { Db } from '@renkou/db';
import { writeAuditInTrx } from './platform/audit';
import type { SecurityConfig } from './platform/config';
import type { Keys } from './platform/keys';
import { createUserInTrx } from './modules/users/users.service';

export interface InitialAccount {
  readonly username: string;
  readonly role: 'system_admin' | 'security_admin' | 'audit_admin';
  readonly password: string;
  readonly totpUri: string;
  readonly totpSecret: string;
}

const INITIAL = [
  { username: 'sysadmin', role: 'system_admin', displayName: '系统管理员', env: 'RENKOU_SYSADMIN_PASSWORD' },
  { username: 'secadmin', role: 'security_admin', displayName: '安全保密管理员', env: 'RENKOU_SECADMIN_PASSWORD' },
  { username: 'auditadmin', role: 'audit_admin', displayName: '安全审计员', env: 'RENKOU_AUDITADMIN_PASSWORD' },
] as const;

/**
 * No default passwords: on the first start the three separated administrators are created, each with
 * a generated password (or one from the environment) and a TOTP secret, returned once to be printed.
 * Later starts find them and return nothing.
 */
export async function ensureInitialAdministrators(db: Db, keys: Keys, security: SecurityConfig, regionCode = '33'): Promise<InitialAccount[]> {
  return db.transaction().execute(async (trx) => {
    const existing = await trx.selectFrom('app_user').select('id').where('role', 'in', INITIAL.map((i) => i.role)).limit(1).execute();
    if (existing.length > 0) return [];
    const created: InitialAccount[] = [];
    for (const i of INITIAL) {
      const password = process.env[i.env];
      const r = await createUserInTrx(trx, { keys, security }, {
        username: i.username,
        displayName: i.displayName,
        holder: `initial-${i.username}`,
        role: i.role,
        regionCode,
        ...(password ? { password } : {}),
      });
      created.push({ username: i.username, role: i.role, password: password ?? r.initialPassword!, totpUri: r.totpUri!, totpSecret: r.totpSecret! });
      await writeAuditInTrx(trx, { actor: { id: null, username: 'system', role: null, regionCode: null }, action: 'user.create', objectType: 'user', objectId: r.user.id, outcome: 'success', details: { role: i.role, firstStart: true } });
    }
    return created;
  });
}
