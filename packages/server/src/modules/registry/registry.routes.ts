import { registryContracts } from '@renkou/core';
import type { AppDeps } from '../../platform/context';
import type { Router } from '../../platform/routes';
import { recordEvent } from './events.service';
import { addMember, createHousehold, createPerson, getHousehold, getPerson, revealId, searchPersons } from './registry.service';

export function registerRegistryRoutes(router: Router, deps: AppDeps): void {
  router.add(registryContracts.createPerson, (ctx, { body }) => createPerson(deps, ctx, body));
  router.add(registryContracts.searchPersons, (ctx, { query }) => searchPersons(deps, ctx, query));
  router.add(registryContracts.getPerson, (ctx, { params }) => getPerson(deps, ctx, params.id));
  router.add(registryContracts.revealId, (ctx, { params, body }) => revealId(deps, ctx, params.id, body.reason));
  router.add(registryContracts.createHousehold, (ctx, { body }) => createHousehold(deps, ctx, body));
  router.add(registryContracts.getHousehold, (ctx, { params }) => getHousehold(deps, ctx, params.id));
  router.add(registryContracts.addMember, (ctx, { params, body }) => addMember(deps, ctx, params.id, body));
  router.add(registryContracts.recordEvent, (ctx, { body }) => recordEvent(deps, ctx, body));
}
