import { dashboardContracts } from '@renkou/core';
import type { AppDeps } from '../../platform/context';
import type { Router } from '../../platform/routes';
import { dashboard } from './dashboard.service';

export function registerDashboardRoutes(router: Router, deps: AppDeps): void {
  router.add(dashboardContracts.summary, (ctx, { query }) => dashboard(deps, ctx, query.region));
}
