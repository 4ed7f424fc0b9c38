import { authContracts } from '@renkou/core';
import type { AppDeps } from '../../platform/context';
import type { Router } from '../../platform/routes';
import { SESSION_COOKIE, type SessionStore } from '../../platform/session';
import { changePassword, confirmTotp, enrollTotp, login, logout, presentCurrentUser } from './auth.service';

export function registerAuthRoutes(router: Router, deps: AppDeps, sessions: SessionStore): void {
  router.add(authContracts.login, async (ctx, { body }, { request, reply }) => {
    const { token, user } = await login(deps, sessions, ctx, body);
    void reply.setCookie(SESSION_COOKIE, token, {
      httpOnly: true,
      sameSite: 'strict',
      // Secure whenever the request came over HTTPS (directly, or via a trusted proxy), or when configured.
      secure: deps.security.secureCookies || request.protocol === 'https',
      path: '/',
      maxAge: deps.security.sessionAbsoluteHours * 3600,
    });
    return user;
  });
  router.add(authContracts.logout, async (ctx, _input, { reply }) => {
    await logout(deps, sessions, ctx);
    void reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return { ok: true as const };
  });
  router.add(authContracts.me, (ctx) => presentCurrentUser(deps, ctx.user!));
  router.add(authContracts.changePassword, async (ctx, { body }) => {
    await changePassword(deps, ctx, body);
    return { ok: true as const };
  });
  router.add(authContracts.totpEnroll, (ctx) => enrollTotp(deps, ctx));
  router.add(authContracts.totpConfirm, async (ctx, { body }) => {
    await confirmTotp(deps, ctx, body.code);
    return { ok: true as const };
  });
}
