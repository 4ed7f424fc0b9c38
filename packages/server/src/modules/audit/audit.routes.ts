import { auditContracts, type AuditQuery } from '@renkou/core';
import { sql } from 'kysely';
import { verifyAuditChain, writeAudit } from '../../platform/audit';
import { auditBase, type AppDeps, type RequestContext } from '../../platform/context';
import type { Router } from '../../platform/routes';

/** Reading the audit log is itself audited: the audit administrator's searches leave a trace too. */
export async function searchAudit(deps: AppDeps, ctx: RequestContext, query: AuditQuery) {
  let q = deps.db.selectFrom('audit_log');
  if (query.userId) q = q.where('user_id', '=', query.userId);
  if (query.username) q = q.where('username', '=', query.username);
  if (query.action) q = q.where('action', 'like', `${query.action.replace(/[%_\\]/g, (c) => `\\${c}`)}%`);
  if (query.objectType) q = q.where('object_type', '=', query.objectType);
  if (query.objectId) q = q.where('object_id', '=', query.objectId);
  if (query.maxId) q = q.where('id', '<=', query.maxId);
  // Dates are calendar days in China time.
  if (query.from) q = q.where('at', '>=', new Date(`${query.from}T00:00:00+08:00`));
  if (query.to) q = q.where('at', '<', new Date(new Date(`${query.to}T00:00:00+08:00`).getTime() + 86_400_000));
  const [rows, total] = await Promise.all([
    q.selectAll().orderBy('id', 'desc').limit(query.pageSize).offset((query.page - 1) * query.pageSize).execute(),
    q.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
  ]);
  await writeAudit(deps.db, { ...auditBase(ctx), action: 'audit.search', objectType: 'audit_log', outcome: 'success', details: { results: total.n } });
  return {
    items: rows.map((r) => ({
      id: r.id, at: r.at.toISOString(), userId: r.user_id, username: r.username, role: r.role, regionCode: r.region_code, action: r.action,
      objectType: r.object_type, objectId: r.object_id, outcome: r.outcome, ip: r.ip, requestId: r.request_id, reason: r.reason,
    })),
    total: total.n,
    page: query.page,
    pageSize: query.pageSize,
  };
}

export function registerAuditRoutes(router: Router, deps: AppDeps): void {
  router.add(auditContracts.search, (ctx, { query }) => searchAudit(deps, ctx, query));
  router.add(auditContracts.verify, async (ctx) => {
    const result = await verifyAuditChain(deps.db);
    await writeAudit(deps.db, { ...auditBase(ctx), action: 'audit.verify', objectType: 'audit_log', outcome: result.ok ? 'success' : 'failure', details: { checked: result.checked, problems: result.problems.length } });
    return result;
  });
}
