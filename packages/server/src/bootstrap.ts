import { todayInChina } from '@renkou/core';
import { createAppPool, createKysely, type Db } from '@renkou/db';
import { createRequire } from 'node:module';
import { buildApp, type AppOptions } from './app';
import { securityConfigFromEnv, type SecurityConfig } from './platform/config';
import type { AppDeps } from './platform/context';
import type { Keys } from './platform/keys';
import { RateLimiter } from './platform/rate-limit';

export const VERSION: string = (createRequire(import.meta.url)('../package.json') as { version: string }).version;

export interface ServerParts {
  readonly deps: AppDeps;
  readonly app: Awaited<ReturnType<typeof buildApp>>['app'];
  close(): Promise<void>;
}

/** Wires the application from a database URL and keys; used by `renkou start` and the tests alike. */
export async function createServer(options: {
  url?: string;
  db?: Db;
  keys: Keys;
  security?: Partial<SecurityConfig>;
  today?: () => string;
  app?: AppOptions;
  poolSize?: number;
}): Promise<ServerParts> {
  const db = options.db ?? createKysely(createAppPool(options.url!, options.poolSize ?? 20));
  const deps: AppDeps = {
    db,
    keys: options.keys,
    security: { ...securityConfigFromEnv(), ...options.security },
    limiter: new RateLimiter(),
    today: options.today ?? (() => todayInChina()),
    version: VERSION,
    startedAt: Date.now(),
  };
  const { app } = await buildApp(deps, options.app);
  return {
    deps,
    app,
    async close() {
      await app.close();
      if (!options.db) await db.destroy();
    },
  };
}
