import { regionContracts } from '@renkou/core';
import type { AppDeps } from '../../platform/context';
import type { Router } from '../../platform/routes';
import { getAncestors, getChildren, getRegion, search, stats } from './regions.service';

export function registerRegionRoutes(router: Router, deps: AppDeps): void {
  router.add(regionContracts.stats, () => stats(deps));
  router.add(regionContracts.search, (ctx, { query }) => search(deps, ctx, query));
  router.add(regionContracts.get, (_ctx, { params }) => getRegion(deps, params.code));
  router.add(regionContracts.children, (_ctx, { params, query }) => getChildren(deps, params.code, query.page, query.pageSize));
  router.add(regionContracts.ancestors, (_ctx, { params }) => getAncestors(deps, params.code));
}
