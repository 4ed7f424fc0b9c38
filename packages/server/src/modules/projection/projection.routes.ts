import { projectionContracts } from '@renkou/core';
import { writeAudit } from '../../platform/audit';
import { auditBase, type AppDeps } from '../../platform/context';
import { contentDisposition, reportToXlsx } from '../../platform/export';
import type { Router } from '../../platform/routes';
import { regionForCaller } from '../statistics/statistics.service';
import { projectionReport, projectRegion } from './projection.service';

export function registerProjectionRoutes(router: Router, deps: AppDeps): void {
  router.add(projectionContracts.project, async (ctx, { query, body }, { reply }) => {
    const region = await regionForCaller(deps, ctx, body.region);
    const result = await projectRegion(deps.db, region, body, deps.today());
    if (query.format === 'json') return result;
    await writeAudit(deps.db, { ...auditBase(ctx), action: 'projection.export', objectType: 'region', objectId: region.code, outcome: 'success', details: { horizon: body.horizon, scenarios: result.scenarios.map((s) => s.name) } });
    const file = await reportToXlsx(projectionReport(result));
    return reply.header('content-disposition', contentDisposition(`${region.name}-人口预测-${result.baseYear}.xlsx`)).type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').send(file) as never;
  });
}
