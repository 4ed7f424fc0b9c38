import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { createOwnerPool, ensureDatabase, setUp, startEmbedded, withDatabase, type EmbeddedCluster } from '@renkou/db';
import { freePort } from './free-port';
import { TEMPLATE_DATABASE, dropDatabase } from './test-database';

declare module 'vitest' {
  export interface ProvidedContext {
    adminUrl: string;
    templateDatabase: string;
  }
}

/**
 * One PostgreSQL for the whole run: the embedded cluster in a throw-away folder, or the server that
 * DATABASE_URL names (CI also runs the suite against Debian's PostgreSQL 15 that way). The template
 * database is migrated and loaded with regions once; every test file clones it.
 */
export default async function globalSetup(project: TestProject): Promise<() => Promise<void>> {
  let cluster: EmbeddedCluster | undefined;
  let dir: string | undefined;
  let adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    dir = mkdtempSync(path.join(tmpdir(), 'renkou-test-'));
    cluster = await startEmbedded({ dataDir: dir, port: await freePort(), ephemeral: true });
    adminUrl = cluster.url;
  }
  await dropDatabase(adminUrl, TEMPLATE_DATABASE);
  await ensureDatabase(adminUrl, TEMPLATE_DATABASE);
  const pool = createOwnerPool(withDatabase(adminUrl, TEMPLATE_DATABASE));
  try {
    await setUp(pool);
  } finally {
    await pool.end();
  }
  project.provide('adminUrl', adminUrl);
  project.provide('templateDatabase', TEMPLATE_DATABASE);
  return async () => {
    if (cluster) await cluster.stop();
    else await dropDatabase(adminUrl, TEMPLATE_DATABASE).catch(() => undefined);
    if (dir) rmSync(dir, { recursive: true, force: true });
  };
}
