import { statsContracts, toDefinitionView } from '@renkou/core';
import { writeAudit } from '../../platform/audit';
import { auditBase, type AppDeps } from '../../platform/context';
import { contentDisposition, reportToCsv, reportToXlsx } from '../../platform/export';
import type { Router } from '../../platform/routes';
import { publicStats } from './disclosure.service';
import { computeQuality } from './quality.service';
import { buildReport } from './report.service';
import { computePyramid, computeTrend, regionForCaller, statsForCaller } from './statistics.service';

export function registerStatisticsRoutes(router: Router, deps: AppDeps): void {
  router.add(statsContracts.query, (ctx, { query }) => statsForCaller(deps, ctx, query));
  router.add(statsContracts.indicators, async () => ({ items: toDefinitionView() }));
  router.add(statsContracts.trend, async (ctx, { query }) => computeTrend(deps.db, await regionForCaller(deps, ctx, query.region), query, deps.today()));
  router.add(statsContracts.pyramid, async (ctx, { query }) => computePyramid(deps.db, await regionForCaller(deps, ctx, query.region), query.date ?? deps.today(), query.basis));
  router.add(statsContracts.quality, async (ctx, { query }) => computeQuality(deps.db, await regionForCaller(deps, ctx, query.region), query.period, deps.today()));
  router.add(statsContracts.publicStats, async (_ctx, { query }) => publicStats(deps.db, query.period, deps.today()));
  router.add(statsContracts.report, async (ctx, { params, query }, { reply }) => {
    const region = await regionForCaller(deps, ctx, query.region);
    const report = await buildReport(deps.db, region, params.report, query.period, query.basis, deps.today());
    if (query.format === 'json') return report;
    // An exported report leaves the system: who took which one is recorded.
    await writeAudit(deps.db, { ...auditBase(ctx), action: 'stats.report.export', objectType: 'region', objectId: region.code, outcome: 'success', details: { report: params.report, period: report.period, basis: query.basis, format: query.format } });
    const name = `${region.name}-${params.report === 'monthly' ? '月报' : '年报'}-${report.period}.${query.format}`;
    const body = query.format === 'xlsx' ? await reportToXlsx(report) : reportToCsv(report);
    const type = query.format === 'xlsx' ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv; charset=utf-8';
    return reply.header('content-disposition', contentDisposition(name)).type(type).send(body) as never;
  });
}
