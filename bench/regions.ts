/**
 * Regions: (a) the first-run load of all five levels against a bare COPY of the same rows into an
 * unindexed table; (b) latency of "children of a region" over HTTP against the same query in bare SQL;
 * (c) cloning a test database from the migrated template against creating an empty database.
 * Prints figures and ratios measured in this run; no assertion on wall-clock time.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createAppPool, createKysely, createOwnerPool, ensureAppLogin, ensureDatabase, loadRegions, migrate, startEmbedded, withDatabase } from '@renkou/db';
import { createServer, createUserInTrx, generateKeys } from '@renkou/server';
import { freePort } from '@renkou/testing';

const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
const ms = (x: number) => `${x.toFixed(2)} ms`;

export async function benchRegions(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'renkou-bench-regions-'));
  const cluster = await startEmbedded({ dataDir: dir, port: await freePort() });
  try {
    await ensureDatabase(cluster.url, 'bench');
    const url = withDatabase(cluster.url, 'bench');
    const owner = createOwnerPool(url);
    await migrate(owner);
    await ensureAppLogin(owner, url);

    // (a) load vs bare COPY
    const load = await loadRegions(owner);
    const { rows } = await owner.query<Record<string, string | null>>('SELECT code, name, pinyin, pinyin_initials, level, parent_code, valid_from FROM region');
    await owner.query('CREATE UNLOGGED TABLE region_plain (code text, name text, pinyin text, pinyin_initials text, level smallint, parent_code text, valid_from date)');
    const text = rows.map((r) => [r.code, r.name, r.pinyin, r.pinyin_initials, r.level, r.parent_code ?? '\\N', r.valid_from].join('\t')).join('\n') + '\n';
    const client = await owner.connect();
    const t0 = performance.now();
    await pipeline(Readable.from([text]), client.query(copyFrom('COPY region_plain FROM STDIN')));
    const copyMs = performance.now() - t0;
    client.release();
    console.log(`regions load: ${rows.length} rows in ${(load.ms / 1000).toFixed(1)} s (aim < 30 s); bare COPY of the same rows ${(copyMs / 1000).toFixed(2)} s; ratio load/COPY ${(load.ms / copyMs).toFixed(1)}×`);

    // (b) children over HTTP vs SQL
    const keys = generateKeys();
    const appPool = createAppPool(url, 10);
    const db = createKysely(appPool);
    const server = await createServer({ db, keys, security: { loginPerMinute: 1e6, searchPerMinute: 1e6 } });
    await db.transaction().execute((trx) => createUserInTrx(trx, { keys, security: server.deps.security }, { username: 'bench', displayName: 'bench', holder: 'b', role: 'province_admin', regionCode: '33', password: 'Bench-Passw0rd!' }));
    const base = await server.app.listen({ port: 0, host: '127.0.0.1' });
    const login = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'bench', password: 'Bench-Passw0rd!' }) });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const parents = (await owner.query<{ code: string }>('SELECT code FROM region WHERE level < 5 ORDER BY md5(code) LIMIT 1000')).rows.map((r) => r.code);
    const http: number[] = [];
    for (const code of parents) {
      const s = performance.now();
      const r = await fetch(`${base}/api/v1/regions/${code}/children?pageSize=100`, { headers: { cookie } });
      await r.arrayBuffer();
      http.push(performance.now() - s);
    }
    const sqlTimes: number[] = [];
    for (const code of parents) {
      const s = performance.now();
      await appPool.query(
        `SELECT r.code, r.name, r.pinyin, r.level, r.parent_code, r.valid_from, r.valid_to,
                (r.level < 5 AND EXISTS (SELECT 1 FROM region c WHERE c.parent_code = r.code)) AS has_children
           FROM region r WHERE r.parent_code = $1 ORDER BY r.code LIMIT 100`,
        [code],
      );
      await appPool.query('SELECT count(*)::int FROM region WHERE parent_code = $1', [code]);
      sqlTimes.push(performance.now() - s);
    }
    console.log(`children of ${parents.length} random regions over HTTP: p50 ${ms(percentile(http, 50))}, p99 ${ms(percentile(http, 99))}, max ${ms(Math.max(...http))} (aim < 20 ms)`);
    console.log(`the same two queries in bare SQL: p50 ${ms(percentile(sqlTimes, 50))}, p99 ${ms(percentile(sqlTimes, 99))}; ratio HTTP/SQL at p50 ${(percentile(http, 50) / percentile(sqlTimes, 50)).toFixed(1)}×`);
    await server.close();
    await db.destroy();

    // (c) template clone vs empty database
    await owner.end();
    const admin = new pg.Client({ connectionString: cluster.url });
    await admin.connect();
    const clone: number[] = [];
    const empty: number[] = [];
    for (let i = 0; i < 5; i++) {
      let s = performance.now();
      await admin.query(`CREATE DATABASE clone_${i} TEMPLATE bench STRATEGY FILE_COPY`);
      clone.push(performance.now() - s);
      s = performance.now();
      await admin.query(`CREATE DATABASE empty_${i}`);
      empty.push(performance.now() - s);
    }
    await admin.end();
    console.log(`test database clone from the migrated template (665k regions): median ${ms(percentile(clone, 50))} (aim < 1 s); empty CREATE DATABASE ${ms(percentile(empty, 50))}; ratio ${(percentile(clone, 50) / percentile(empty, 50)).toFixed(1)}×`);
  } finally {
    await cluster.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await benchRegions();
