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
  return new pg.Pool({ connectionString: url, max });
}

/**
 * The application's pool: each connection switches to renkou_app so the app cannot alter the schema
 * or rewrite append-only tables, whatever a bug in it tries.
 */
export function createAppPool(url: string, max = 20): pg.Pool {
  // A start-up parameter rather than a SET after connecting: a connection that cannot take the role fails.
  return new pg.Pool({ connectionString: url, max, options: '-c role=renkou_app' });
}
