/**
 * Synthetic population: persons per second of the demo load (generate 湖州市 at a scale, seal IDs, COPY six
 * tables in one transaction, rebuild indexes and foreign keys, ANALYZE) against a plain COPY of the same
 * person rows into an unindexed table in the same run (COPY TO STDOUT piped into COPY FROM STDIN).
 * Prints figures and the ratio measured in this run; no assertion on wall-clock time.
 *
 *   npx tsx bench/synthetic.ts [scale]   (default 0.1)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pipeline } from 'node:stream/promises';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { createOwnerPool, ensureDatabase, loadRegions, migrate, startEmbedded, withDatabase } from '@renkou/db';
import { generateKeys } from '@renkou/server';
import { freePort } from '@renkou/testing';
import { runDemoLoad } from '../packages/cli/src/commands/demo';

export async function benchSynthetic(scale = 0.1): Promise<{ personsPerSecond: number; plainRowsPerSecond: number; ratio: number }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'renkou-bench-synthetic-'));
  const cluster = await startEmbedded({ dataDir: dir, port: await freePort() });
  try {
    await ensureDatabase(cluster.url, 'bench');
    const owner = createOwnerPool(withDatabase(cluster.url, 'bench'));
    await migrate(owner);
    await loadRegions(owner);

    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const r = await runDemoLoad(owner, { region: '3305', scale, seed: '1', until: '2025-12-31', keys: generateKeys(), progress: false });
    const loadS = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const other = r.households + r.members + r.parentLinks + r.marriages + r.events;

    await owner.query('CREATE TABLE person_plain AS SELECT * FROM person WITH NO DATA');
    const source = await owner.connect();
    const target = await owner.connect();
    const t1 = performance.now();
    await pipeline(source.query(copyTo('COPY person TO STDOUT')), target.query(copyFrom('COPY person_plain FROM STDIN')));
    const plainS = (performance.now() - t1) / 1000;
    source.release();
    target.release();
    await owner.end();

    const personsPerSecond = r.persons / loadS;
    const plainRowsPerSecond = r.persons / plainS;
    const ratio = loadS / plainS;
    console.log(
      `demo load at scale ${scale}: ${r.persons.toLocaleString('en-US')} persons and ${other.toLocaleString('en-US')} other rows in ${loadS.toFixed(1)} s ` +
        `(generation ${(r.generateMs / 1000).toFixed(1)} s; this process used ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s CPU) = ${Math.round(personsPerSecond).toLocaleString('en-US')} persons/s`,
    );
    console.log(`plain COPY of the same person rows into an unindexed table: ${plainS.toFixed(2)} s = ${Math.round(plainRowsPerSecond).toLocaleString('en-US')} rows/s; ratio load/COPY ${ratio.toFixed(1)}×`);
    return { personsPerSecond, plainRowsPerSecond, ratio };
  } finally {
    await cluster.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await benchSynthetic(process.argv[2] ? Number(process.argv[2]) : undefined);
