import { createHmac } from 'node:crypto';
import path from 'node:path';
import pg from 'pg';
import { startEmbedded, type EmbeddedCluster } from './launcher/embedded';

// Dates stay YYYY-MM-DD strings end to end: a JS Date would shift them by the time zone.
pg.types.setTypeParser(1082, (v) => v);
// bigint ids fit in a double for any realistic registry (< 2^53).
pg.types.setTypeParser(20, (v) => Number(v));

export interface DatabaseServer {
  readonly kind: 'embedded' | 'external';
  /** Owner (migrator) connection string of the Renkou database. */
  readonly url: string;
  stop(): Promise<void>;
}

export interface OpenOptions {
  readonly databaseUrl?: string;
  readonly dataDir?: string;
  readonly port?: number;
  readonly log?: (line: string) => void;
}

export const DATABASE_NAME = 'renkou';

export function dataDirFromEnv(): string {
  return process.env.RENKOU_DATA_DIR ?? path.join(process.cwd(), '.renkou');
}

/** DATABASE_URL selects an external server; otherwise an embedded cluster in the data folder. */
export async function openDatabaseServer(options: OpenOptions = {}): Promise<DatabaseServer> {
  const external = options.databaseUrl ?? process.env.DATABASE_URL;
  if (external) return { kind: 'external', url: external, stop: async () => undefined };
  const cluster: EmbeddedCluster = await startEmbedded({
    dataDir: options.dataDir ?? dataDirFromEnv(),
    port: options.port ?? Number(process.env.RENKOU_PG_PORT ?? 54329),
    ...(options.log ? { log: options.log } : {}),
  });
  await ensureDatabase(cluster.url, DATABASE_NAME);
  return { kind: 'embedded', url: withDatabase(cluster.url, DATABASE_NAME), stop: () => cluster.stop() };
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export async function ensureDatabase(adminUrl: string, name: string, template?: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) await client.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}${template ? ` TEMPLATE ${pg.escapeIdentifier(template)}` : ''}`);
  } finally {
    await client.end();
  }
}

/** The owner's pool: migrations, bulk loads and maintenance. */
export function createOwnerPool(url: string, max = 4): pg.Pool {
  return quietIdleErrors(new pg.Pool({ connectionString: url, max }));
}

/**
 * An idle pooled connection that the server ends (a restart, DROP DATABASE … WITH (FORCE)) emits an
 * 'error' on the pool, which would crash the process unhandled. The pool drops that client by itself;
 * the next query opens a new connection or fails with a clear error where it can be handled.
 */
function quietIdleErrors(pool: pg.Pool): pg.Pool {
  pool.on('error', () => undefined);
  return pool;
}

export const APP_ROLE = 'renkou_app';

/**
 * The application's login password, derived from the owner's: whoever holds the owner URL can already
 * do everything, and nothing new has to be stored or configured for the narrower role.
 */
export function appRolePassword(ownerUrl: string): string {
  const owner = new URL(ownerUrl);
  return createHmac('sha256', decodeURIComponent(owner.password)).update(`${APP_ROLE}@${owner.host}`).digest('base64url');
}

/** The owner URL with the application role's credentials. */
export function appDatabaseUrl(ownerUrl: string): string {
  const u = new URL(ownerUrl);
  u.username = APP_ROLE;
  u.password = appRolePassword(ownerUrl);
  return u.toString();
}

/** True when renkou_app can already log in with its derived password. */
async function appCanLogIn(ownerUrl: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: appDatabaseUrl(ownerUrl) });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * Lets renkou_app log in with its derived password. Roles are cluster-wide: every CLI command and test
 * database of a cluster runs this, so it writes the catalog only when the login does not work yet, and
 * retries when another session changed the same role at the same moment ("tuple concurrently updated";
 * both set the same password, so the retry is safe).
 */
export async function ensureAppLogin(ownerPool: pg.Pool, ownerUrl: string): Promise<void> {
  if (await appCanLogIn(ownerUrl)) return;
  for (let attempt = 1; ; attempt++) {
    try {
      await ownerPool.query(`ALTER ROLE ${APP_ROLE} WITH LOGIN PASSWORD ${pg.escapeLiteral(appRolePassword(ownerUrl))}`);
      return;
    } catch (error) {
      if (attempt >= 5 || !/tuple concurrently (updated|deleted)/.test((error as Error).message)) throw error;
      await new Promise((r) => setTimeout(r, 20 * attempt + Math.random() * 50));
    }
  }
}

/**
 * The application's pool logs in as renkou_app itself: it is not the owner and not a member of the
 * owner's role, so no statement it runs can alter the schema, take the owner's role back or rewrite
 * append-only tables.
 */
export function createAppPool(ownerUrl: string, max = 20): pg.Pool {
  return quietIdleErrors(new pg.Pool({ connectionString: appDatabaseUrl(ownerUrl), max }));
}
