import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { createAppPool, createKysely, createOwnerPool, withDatabase, type Db } from '@renkou/db';

export const TEMPLATE_DATABASE = 'renkou_template';

export interface TestDatabase {
  readonly name: string;
  readonly url: string;
  /** The application's pool (role renkou_app), as the server uses it. */
  readonly appPool: pg.Pool;
  /** The owner's pool, for set-up that the application may not do. */
  readonly ownerPool: pg.Pool;
  readonly db: Db;
  /** Kysely over the owner's pool: statements the application role may not run (stat_rebuild, raw checks). */
  readonly ownerDb: Db;
  drop(): Promise<void>;
}

async function admin<T>(adminUrl: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  await admin(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`));
}

/** A database of its own for one test file, cloned from the migrated template (file copy, not replay). */
export async function createTestDatabase(): Promise<TestDatabase> {
  const adminUrl = inject('adminUrl');
  const template = inject('templateDatabase');
  const name = `renkou_t_${randomBytes(5).toString('hex')}`;
  await admin(adminUrl, (c) =>
    c.query(`CREATE DATABASE ${pg.escapeIdentifier(name)} TEMPLATE ${pg.escapeIdentifier(template)} STRATEGY FILE_COPY`),
  );
  const url = withDatabase(adminUrl, name);
  const appPool = createAppPool(url, 10);
  const ownerPool = createOwnerPool(url, 2);
  const db = createKysely(appPool);
  const ownerDb = createKysely(ownerPool);
  let dropped = false;
  return {
    name,
    url,
    appPool,
    ownerPool,
    db,
    ownerDb,
    async drop() {
      if (dropped) return;
      dropped = true;
      await db.destroy();
      await ownerDb.destroy();
      await dropDatabase(adminUrl, name);
    },
  };
}
