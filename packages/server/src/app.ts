import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import type { AppDeps } from './platform/context';
import { installErrorHandling, redactIds, RequestValidationError } from './platform/errors';
import { createRouter } from './platform/routes';
import { SessionStore } from './platform/session';
import { registerAuditRoutes } from './modules/audit/audit.routes';
import { registerAuthRoutes } from './modules/auth/auth.routes';
import { registerDashboardRoutes } from './modules/dashboard/dashboard.routes';
import { registerRegionRoutes } from './modules/regions/regions.routes';
import { registerRegistryRoutes } from './modules/registry/registry.routes';
import { registerExchangeRoutes } from './modules/exchange/exchange.routes';
import { registerProjectionRoutes } from './modules/projection/projection.routes';
import { registerStatisticsRoutes } from './modules/statistics/statistics.routes';
import { registerSystemRoutes } from './modules/system/system.routes';
import { registerUserRoutes } from './modules/users/users.routes';
import { requestId } from './platform/routes';
import { isApiPath, serveWebApp } from './platform/static';

export interface AppOptions {
  /** Log requests (method, path and status only: never query strings or bodies, which hold personal data). */
  readonly logger?: boolean;
  readonly now?: () => number;
  /** Where log lines go (default stdout); giving one turns logging on. Tests capture the log with it. */
  readonly logStream?: { write(line: string): void };
  /** Serve packages/web/dist at / when it has been built (default true). */
  readonly serveWeb?: boolean;
}

/** The largest feed file accepted (the .xlsx reader has its own, smaller limits on what it unpacks). */
export const UPLOAD_LIMIT = 50 * 1024 * 1024;

export async function buildApp(deps: AppDeps, options: AppOptions = {}): Promise<{ app: FastifyInstance; sessions: SessionStore }> {
  const app = Fastify({
    bodyLimit: 256 * 1024,
    genReqId: requestId,
    trustProxy: process.env.RENKOU_TRUST_PROXY === '1',
    logger: options.logger || options.logStream
      ? {
          ...(options.logStream ? { stream: options.logStream } : {}),
          level: process.env.RENKOU_LOG_LEVEL ?? 'info',
          serializers: {
            req: (req) => ({ method: req.method, path: redactIds(req.url.split('?')[0] ?? ''), id: req.id }),
            res: (res) => ({ statusCode: res.statusCode }),
          },
          redact: ['req.headers.cookie', 'req.headers.authorization', 'req.body', 'req.query'],
        }
      : false,
  });
  // Feed files arrive as the request body itself (the web app sends the file's bytes).
  app.addContentTypeParser(['application/octet-stream', 'text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'], { parseAs: 'buffer', bodyLimit: UPLOAD_LIMIT }, (_req, body, done) => done(null, body));
  app.setValidatorCompiler(({ schema, httpPart }) => (data) => {
    const result = (schema as z.ZodType).safeParse(data);
    return result.success ? { value: result.data } : { error: new RequestValidationError(httpPart ?? 'input', result.error.issues, data) };
  });
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandling(app);
  await app.register(cookie);
  await app.register(swagger, {
    openapi: { info: { title: 'Renkou 人口 API', version: deps.version, description: '人口信息与服务平台 / population information and services platform' } },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  app.addHook('onSend', async (request, reply, payload) => {
    void reply.header('x-content-type-options', 'nosniff');
    void reply.header('x-frame-options', 'DENY');
    // API answers may hold personal data: never cached. Hashed web assets may be.
    if (isApiPath(request.url) || !/\/assets\//.test(request.url)) void reply.header('cache-control', 'no-store');
    return payload;
  });
  if (options.serveWeb !== false) await serveWebApp(app);

  const sessions = new SessionStore(deps.db, deps.security, options.now);
  const router = createRouter(app, deps, sessions);
  registerAuthRoutes(router, deps, sessions);
  registerRegionRoutes(router, deps);
  registerRegistryRoutes(router, deps);
  registerDashboardRoutes(router, deps);
  registerStatisticsRoutes(router, deps);
  registerExchangeRoutes(router, deps);
  registerProjectionRoutes(router, deps);
  registerUserRoutes(router, deps, sessions);
  registerAuditRoutes(router, deps);
  registerSystemRoutes(router, deps);
  await app.ready();
  return { app, sessions };
}
