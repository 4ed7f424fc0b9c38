import { createOwnerPool, dataDirFromEnv, openDatabaseServer, setUp, type DatabaseServer } from '@renkou/db';
import { defaultKeysFile, loadOrCreateKeys, type Keys } from '@renkou/server';
import type pg from 'pg';

export const say = (line: string) => process.stderr.write(`${line}\n`);

export interface Runtime {
  readonly server: DatabaseServer;
  readonly owner: pg.Pool;
  readonly keys: Keys;
  close(): Promise<void>;
}

/** Opens the database (embedded or DATABASE_URL), brings the schema up to date and loads the keys. */
export async function openRuntime(options: { migrate?: boolean } = {}): Promise<Runtime> {
  const dataDir = dataDirFromEnv();
  const server = await openDatabaseServer({ dataDir, log: say });
  const owner = createOwnerPool(server.url);
  try {
    if (options.migrate !== false) {
      const r = await setUp(owner, say);
      if (r.migrations.length) say(`已执行迁移 / applied migrations: ${r.migrations.join(', ')}`);
    }
    const keys = loadOrCreateKeys(defaultKeysFile(dataDir), say);
    return {
      server,
      owner,
      keys,
      async close() {
        await owner.end();
        await server.stop();
      },
    };
  } catch (error) {
    await owner.end().catch(() => undefined);
    await server.stop();
    throw error;
  }
}

/** Runs a command body with a runtime and always closes it, exiting with the body's code. */
export async function withRuntime(fn: (rt: Runtime) => Promise<number | void>, options?: { migrate?: boolean }): Promise<void> {
  let rt: Runtime | undefined;
  let code: number;
  try {
    rt = await openRuntime(options);
    code = (await fn(rt)) ?? 0;
  } catch (error) {
    say(`错误 / error: ${(error as Error).message}`);
    code = 1;
  } finally {
    await rt?.close().catch(() => undefined);
  }
  process.exitCode = code;
}
