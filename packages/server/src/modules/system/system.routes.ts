import { systemContracts } from '@renkou/core';
import { sql } from 'kysely';
import type { AppDeps } from '../../platform/context';
import type { Router } from '../../platform/routes';

export function registerSystemRoutes(router: Router, deps: AppDeps): void {
  router.add(systemContracts.meta, async () => {
    // `renkou demo` records what it generated under this key; its presence means the data is synthetic.
    const demo = await deps.db.selectFrom('system_setting').select('key').where('key', '=', 'demo.synthetic').executeTakeFirst();
    return { name: 'Renkou 人口', version: deps.version, demo: demo !== undefined };
  });
  router.add(systemContracts.health, async () => {
    const row = await sql<{ version: string; regions: number; persons: number }>`
      SELECT current_setting('server_version') AS version,
             (SELECT count(*)::int FROM region) AS regions,
             (SELECT count(*)::int FROM person) AS persons`.execute(deps.db);
    const r = row.rows[0]!;
    return { status: 'ok' as const, database: `PostgreSQL ${r.version}`, version: deps.version, regions: r.regions, persons: r.persons, uptimeSeconds: Math.round((Date.now() - deps.startedAt) / 1000) };
  });
  router.add(systemContracts.settings, async () => {
    const s = deps.security;
    return {
      passwordPolicy: { minLength: s.passwordPolicy.minLength, minClasses: s.passwordPolicy.minClasses },
      lockout: { maxFailures: s.maxFailedLogins, lockMinutes: s.lockMinutes },
      session: { idleMinutes: s.sessionIdleMinutes, absoluteHours: s.sessionAbsoluteHours },
      rateLimits: { loginPerMinute: s.loginPerMinute, searchPerMinute: s.searchPerMinute, revealPerHour: s.revealPerHour },
    };
  });
}
