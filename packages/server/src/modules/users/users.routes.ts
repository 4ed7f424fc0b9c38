import { userContracts } from '@renkou/core';
import type { AppDeps } from '../../platform/context';
import type { Router } from '../../platform/routes';
import type { SessionStore } from '../../platform/session';
import { changeUserState, createUser, listUsers, resetPassword } from './users.service';

export function registerUserRoutes(router: Router, deps: AppDeps, sessions: SessionStore): void {
  router.add(userContracts.list, (_ctx, { query }) => listUsers(deps, query));
  router.add(userContracts.create, async (ctx, { body }) => {
    const r = await createUser(deps, ctx, body);
    return { user: r.user, ...(r.initialPassword ? { initialPassword: r.initialPassword } : {}), ...(r.totpUri ? { totpUri: r.totpUri } : {}) };
  });
  router.add(userContracts.disable, (ctx, { params }) => changeUserState(deps, sessions, ctx, params.id, 'disable'));
  router.add(userContracts.enable, (ctx, { params }) => changeUserState(deps, sessions, ctx, params.id, 'enable'));
  router.add(userContracts.unlock, (ctx, { params }) => changeUserState(deps, sessions, ctx, params.id, 'unlock'));
  router.add(userContracts.resetPassword, (ctx, { params }) => resetPassword(deps, sessions, ctx, params.id));
}
