/**
 * Statistics: reading the maintained cubes through GET /api/v1/stats, how fresh they are after an event,
 * what keeping them fresh costs a write, and what a full rebuild costs — each against a baseline measured
 * in the same run.
 *
 *   1. an embedded PostgreSQL (durable, as in production) in a temporary folder, migrated and loaded with
 *      regions (setUp), then the synthetic demo city by the CLI's loader (runDemoLoad: 湖州市 3305, seed 1,
 *      until today, scale RENKOU_BENCH_SCALE, default 1 ≈ 3.4 million people); the load's time and the time
 *      of its final statistics stage (stat_rebuild, ANALYZE of the cubes, commit) are printed;
 *   2. the real HTTP server (createServer) on 127.0.0.1 in a child process (bench/stats.server.ts), a county
 *      officer of 长兴县 (330522) and a province administrator of 浙江省 (33) signed in;
 *   3. (a) latency of GET /api/v1/stats for the last complete year, all indicators, at province, city,
 *      county, township and village level and by=child at city level: 20 warm-up requests, then 200
 *      sequential requests, each followed by the cube reads the endpoint rests on (the repository's three
 *      range reads, run as it runs them) as bare SQL on a pool of the application role — the baseline;
 *      (b) freshness: 50 residence changes between two villages of 330522 in different townships through
 *      POST /api/v1/events, each followed by polling the destination township's population for the current
 *      month until it moves; and the same POST with the statistics triggers disabled (the baseline: the
 *      write cost of fresh statistics), in alternating blocks of 10 so noise hits both alike;
 *      (c) stat_rebuild() in a transaction against one GROUP BY scan over vital_event (and one over person),
 *      each run twice, the second reported;
 *   4. a summary block; everything is stopped and the folder removed, also on failure.
 *
 * Loopback only. No assertion on wall-clock time: figures, ratios and whether the aims are met.
 *   RENKOU_BENCH_SCALE=0.05 npx tsx bench/stats.ts   (develop)   ·   npm run bench -- stats
 */
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type pg from 'pg';
import { todayInChina } from '@renkou/core';
import { createAppPool, createKysely, createOwnerPool, ensureDatabase, setUp, startEmbedded, withDatabase, type Db, type EmbeddedCluster } from '@renkou/db';
import { computeStats, generateKeys } from '@renkou/server';
import { freePort } from '@renkou/testing';
import { runDemoLoad } from '../packages/cli/src/commands/demo';
import type { StatsServerReady, StatsServerStart } from './stats.server';

export const AIM = { apiP95Ms: 100, freshnessP95Ms: 1_000 } as const;

const COUNTY = '330522'; // 长兴县
const PASSWORD = `Bench-${randomBytes(6).toString('hex')}-Aa1!`;
const WARMUP = 20;
const REQUESTS = 200;
const EVENTS = 50;
const BLOCK = 10;

const log = (line: string) => console.log(line);
const ms = (v: number) => (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2));
const s = (v: number) => `${(v / 1000).toFixed(1)} s`;

interface Pcts {
  p50: number;
  p95: number;
  p99: number;
  max: number;
}
function pcts(values: readonly number[]): Pcts {
  const sorted = Float64Array.from(values).sort();
  const at = (p: number) => (sorted.length === 0 ? Number.NaN : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!);
  return { p50: at(50), p95: at(95), p99: at(99), max: at(100) };
}

function startServer(start: StatsServerStart): Promise<{ child: ChildProcess; port: number }> {
  const entry = fileURLToPath(new URL('./stats.server.ts', import.meta.url));
  const child = fork(entry, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the bench server exited (${code}) before it was ready`)));
    child.once('message', (m: StatsServerReady | { error: string }) => ('error' in m ? reject(new Error(m.error)) : resolve({ child, port: m.port })));
    child.send(start);
  });
}

function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    if (child.connected) child.send('stop');
    else child.kill('SIGTERM');
  });
}

class Api {
  constructor(readonly port: number) {}

  async call(method: 'GET' | 'POST', pathAndQuery: string, cookie: string | undefined, body?: unknown): Promise<{ status: number; json: unknown }> {
    const res = await fetch(`http://127.0.0.1:${this.port}${pathAndQuery}`, {
      method,
      headers: { ...(cookie ? { cookie } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, json: text ? JSON.parse(text) : null };
  }

  async signIn(username: string): Promise<string> {
    const res = await fetch(`http://127.0.0.1:${this.port}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password: PASSWORD }),
    });
    if (res.status !== 200) throw new Error(`sign-in of ${username} failed: ${res.status} ${await res.text()}`);
    const cookie = res.headers.get('set-cookie');
    if (!cookie) throw new Error('sign-in returned no session cookie');
    return cookie.split(';')[0]!;
  }

  /** GET /api/v1/stats; throws unless 200 with rows. */
  async stats(cookie: string, query: string): Promise<{ indicator: string; group: string | null; value: number | null }[]> {
    const r = await this.call('GET', `/api/v1/stats?${query}`, cookie);
    const rows = (r.json as { rows?: { indicator: string; group: string | null; value: number | null }[] } | null)?.rows;
    if (r.status !== 200 || !rows || rows.length === 0) throw new Error(`GET /api/v1/stats?${query}: ${r.status} ${JSON.stringify(r.json).slice(0, 300)}`);
    return rows;
  }
}

interface Level {
  readonly label: string;
  readonly code: string;
  readonly level: number;
  readonly cookie: string;
  readonly byChild?: boolean;
}

const monthOf = (date: string) => `${date.slice(0, 7)}-01`;

/**
 * The three cube reads of cells.repository.ts's loadPeriodCells, as it runs them (in parallel on a pool): the
 * period's flows and the stock on the day before it and on its last day, each aggregated by the database.
 */
async function cubeReads(pool: pg.Pool, code: string, level: number, children: boolean, from: string, to: string): Promise<number> {
  const where = children ? `level = ${level + 1} AND region_code LIKE $1 || '%'` : `level = ${level} AND region_code = $1`;
  const before = new Date(Date.parse(`${from}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
  const stockOn = (date: string) =>
    pool.query(
      `SELECT region_code, basis, sex, birth_year, floating, away, sum(n)::int AS n FROM (
         SELECT region_code, basis, sex, birth_year, floating, away, n FROM stat_stock WHERE ${where}
         UNION ALL
         SELECT region_code, basis, sex, birth_year, floating, away, -n FROM stat_presence WHERE ${where} AND month > $2::date
       ) x GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(n) <> 0`,
      [code, monthOf(date)],
    );
  const [flow, start, end] = await Promise.all([
    pool.query(
      `SELECT region_code, kind, sex, age5, birth_order, mother_age5, sum(n)::int AS n FROM stat_flow WHERE ${where} AND basis = $2 AND month BETWEEN $3::date AND $4::date GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(n) <> 0`,
      [code, 'residence', monthOf(from), monthOf(to)],
    ),
    stockOn(before),
    stockOn(to),
  ]);
  return flow.rowCount! + start.rowCount! + end.rowCount!;
}

/**
 * Per level: the API, the bare cube reads (the baseline) and, as a diagnostic, the endpoint's own computation
 * in this process (computeStats: region lookup, cube reads, indicators; no HTTP, session or serialisation),
 * interleaved request by request so the machine's noise falls on all three alike.
 */
async function measureLevels(api: Api, sqlPool: pg.Pool, db: Db, levels: readonly Level[], year: number, today: string) {
  const from = `${year}-01-01`;
  const to = `${year}-12-31`;
  const out: { level: Level; api: Pcts; sql: Pcts; inProcess: Pcts; rows: number; indicatorRows: number }[] = [];
  for (const level of levels) {
    const query = `region=${level.code}&period=${year}&basis=residence${level.byChild ? '&by=child' : ''}`;
    const bare = async () => (await cubeReads(sqlPool, level.code, level.level, false, from, to)) + (level.byChild ? await cubeReads(sqlPool, level.code, level.level, true, from, to) : 0);
    const region = { code: level.code, name: level.label, level: level.level };
    const inProcess = () => computeStats(db, region, { period: String(year), basis: 'residence', by: level.byChild ? 'child' : undefined }, today);
    let indicatorRows = 0;
    let rows = 0;
    for (let i = 0; i < WARMUP; i++) {
      indicatorRows = (await api.stats(level.cookie, query)).length;
      rows = await bare();
      await inProcess();
    }
    const apiMs: number[] = [];
    const sqlMs: number[] = [];
    const inMs: number[] = [];
    for (let i = 0; i < REQUESTS; i++) {
      let t0 = performance.now();
      await api.stats(level.cookie, query);
      apiMs.push(performance.now() - t0);
      t0 = performance.now();
      await bare();
      sqlMs.push(performance.now() - t0);
      t0 = performance.now();
      await inProcess();
      inMs.push(performance.now() - t0);
    }
    const r = { level, api: pcts(apiMs), sql: pcts(sqlMs), inProcess: pcts(inMs), rows, indicatorRows };
    out.push(r);
    log(`    ${level.label.padEnd(34)} API p50 ${ms(r.api.p50).padStart(6)} p95 ${ms(r.api.p95).padStart(6)} p99 ${ms(r.api.p99).padStart(6)} ms · SQL p50 ${ms(r.sql.p50).padStart(5)} p95 ${ms(r.sql.p95).padStart(5)} ms · in-process computeStats p50 ${ms(r.inProcess.p50).padStart(5)} p95 ${ms(r.inProcess.p95).padStart(5)} ms · ${rows} cube rows → ${indicatorRows} indicator rows`);
  }
  return out;
}

/** One direction of the residence changes: the persons now living in `from`, first in, first moved. */
interface Mover {
  readonly from: { village: string; township: string };
  readonly to: { village: string; township: string };
  readonly persons: number[];
}

async function measureFreshness(api: Api, owner: pg.Pool, cookie: string, movers: readonly [Mover, Mover], today: string) {
  const period = today.slice(0, 7);
  const population = async (township: string) => {
    const rows = await api.stats(cookie, `region=${township}&period=${period}&indicators=population&basis=residence`);
    return rows.find((r) => r.indicator === 'population' && r.group === null)!.value;
  };
  // A moved person joins the queue of the other direction, so a small village never runs out of movers.
  const move = async (i: number) => {
    const m = movers[i % 2]!;
    const personId = m.persons.shift()!;
    movers[(i + 1) % 2]!.persons.push(personId);
    const t0 = performance.now();
    const r = await api.call('POST', '/api/v1/events', cookie, { kind: 'residence_change', occurredOn: today, personId, toRegion: m.to.village });
    const t1 = performance.now();
    if (r.status !== 200 && r.status !== 201) throw new Error(`POST /api/v1/events: ${r.status} ${JSON.stringify(r.json).slice(0, 300)}`);
    return { postMs: t1 - t0, respondedAt: t1, township: m.to.township };
  };
  const triggers = (on: boolean) =>
    owner.query(`ALTER TABLE vital_event ${on ? 'ENABLE' : 'DISABLE'} TRIGGER stat_event_insert; ALTER TABLE person ${on ? 'ENABLE' : 'DISABLE'} TRIGGER stat_person_update`);
  const fresh = { postMs: [] as number[], freshMs: [] as number[], polls: [] as number[], wrongDelta: 0, neverChanged: 0 };
  const off = { postMs: [] as number[] };
  let i = 0;
  const freshBlock = async () => {
    for (let k = 0; k < BLOCK; k++, i++) {
      const before = await population(movers[i % 2]!.to.township);
      const e = await move(i);
      let polls = 0;
      for (;;) {
        polls += 1;
        const now = await population(e.township);
        const at = performance.now();
        if (now !== before) {
          if (now !== (before ?? 0) + 1) fresh.wrongDelta += 1;
          fresh.freshMs.push(at - e.respondedAt);
          break;
        }
        if (at - e.respondedAt > 30_000) {
          fresh.neverChanged += 1;
          break;
        }
      }
      fresh.postMs.push(e.postMs);
      fresh.polls.push(polls);
    }
  };
  const offBlock = async () => {
    await triggers(false);
    try {
      for (let k = 0; k < BLOCK; k++, i++) off.postMs.push((await move(i)).postMs);
    } finally {
      await triggers(true);
    }
  };
  // Warm-up: two moves with the triggers on, not counted.
  for (let w = 0; w < 2; w++, i++) await move(i);
  for (let b = 0; b < EVENTS / BLOCK; b++) {
    if (b % 2 === 0) {
      await freshBlock();
      await offBlock();
    } else {
      await offBlock();
      await freshBlock();
    }
  }
  return { fresh, off };
}

async function timed(client: pg.PoolClient, sql: string): Promise<number> {
  const t0 = performance.now();
  await client.query(sql);
  return performance.now() - t0;
}

async function measureRebuild(owner: pg.Pool) {
  const client = await owner.connect();
  try {
    const runs: { rebuild: number; commit: number; events: number; persons: number }[] = [];
    const stockSql = (await client.query<{ q: string }>("SELECT stat_stock_sql('SELECT * FROM person', 1) AS q")).rows[0]!.q;
    for (let run = 0; run < 2; run++) {
      await client.query('BEGIN');
      let rebuild: number;
      let parts = '';
      if (run === 0) {
        // The first run executes stat_rebuild()'s body statement by statement, to show where its time goes.
        const truncate = await timed(client, 'TRUNCATE stat_fact, stat_flow, stat_presence, stat_stock');
        const refresh = await timed(client, 'SELECT stat_refresh(NULL)');
        const stock = await timed(client, stockSql);
        rebuild = truncate + refresh + stock;
        parts = ` = stat_refresh(NULL) (events → stat_fact → stat_flow, stat_presence) ${s(refresh)} + persons → stat_stock ${s(stock)} + truncate ${ms(truncate)} ms`;
      } else {
        rebuild = await timed(client, 'SELECT stat_rebuild()');
      }
      const commit = await timed(client, 'COMMIT');
      const events = await timed(client, "SELECT count(*) FROM (SELECT kind, date_trunc('month', occurred_on), region_code, count(*) FROM vital_event GROUP BY 1, 2, 3) g");
      const persons = await timed(client, 'SELECT count(*) FROM (SELECT residence_region, sex, extract(year FROM birth_date), count(*) FROM person GROUP BY 1, 2, 3) g');
      runs.push({ rebuild, commit, events, persons });
      log(`    run ${run + 1}: ${run === 0 ? "stat_rebuild()'s body" : 'stat_rebuild()'} ${s(rebuild)}${parts} (+ commit ${ms(commit)} ms) · GROUP BY vital_event ${ms(events)} ms · GROUP BY person ${ms(persons)} ms`);
    }
    await client.query('ANALYZE stat_flow, stat_presence, stat_stock');
    return runs[1]!;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

export async function statsBench(scale = Number(process.env.RENKOU_BENCH_SCALE ?? '1')): Promise<{ aimsMet: boolean }> {
  const today = todayInChina();
  const year = Number(today.slice(0, 4)) - 1;
  log(`statistics bench — 湖州市 (3305) × ${scale}, seed 1, until ${today}; last complete year ${year}`);
  const dir = mkdtempSync(path.join(tmpdir(), 'renkou-bench-stats-'));
  let cluster: EmbeddedCluster | undefined;
  let owner: pg.Pool | undefined;
  let sqlPool: pg.Pool | undefined;
  let statsDb: Db | undefined;
  let server: { child: ChildProcess; port: number } | undefined;
  try {
    // 1. Cluster and demo load.
    const t0 = performance.now();
    cluster = await startEmbedded({ dataDir: dir, port: await freePort() });
    await ensureDatabase(cluster.url, 'renkou_bench');
    const url = withDatabase(cluster.url, 'renkou_bench');
    owner = createOwnerPool(url, 4);
    await setUp(owner, (line) => log(`  ${line}`));
    log(`  database ready in ${s(performance.now() - t0)} (durable: fsync and synchronous_commit on)`);
    const keys = generateKeys();
    // The loader names its stages on stderr; the statistics stage runs from its label to the end of the load.
    let statsStageAt: number | undefined;
    const write = process.stderr.write.bind(process.stderr) as (...a: unknown[]) => boolean;
    process.stderr.write = ((chunk: unknown, ...rest: unknown[]) => {
      if (statsStageAt === undefined && String(chunk).includes('统计汇总')) statsStageAt = performance.now();
      return write(chunk, ...rest);
    }) as typeof process.stderr.write;
    const t1 = performance.now();
    let load: Awaited<ReturnType<typeof runDemoLoad>>;
    try {
      load = await runDemoLoad(owner, { region: '3305', scale, seed: '1', keys });
    } finally {
      process.stderr.write = write as typeof process.stderr.write;
    }
    const loadMs = performance.now() - t1;
    const statsStageMs = statsStageAt === undefined ? Number.NaN : performance.now() - statsStageAt;
    log(`  loaded ${load.persons.toLocaleString('en')} persons, ${load.events.toLocaleString('en')} events in ${s(loadMs)} (generation ${s(load.generateMs)}; statistics stage — stat_rebuild, ANALYZE of the cubes, commit — ${s(statsStageMs)})`);

    // Regions: the two most populous townships of 330522 and the most populous village of each.
    const busiest = async (level: number, prefix: string, limit: number) =>
      (await owner!.query<{ code: string; name: string; n: number }>(
        `SELECT s.region_code AS code, r.name, sum(s.n)::int AS n FROM stat_stock s JOIN region r ON r.code = s.region_code
          WHERE s.level = $1 AND s.region_code LIKE $2 || '%' AND s.basis = 'residence' GROUP BY 1, 2 ORDER BY 3 DESC, 1 LIMIT $3`, [level, prefix, limit])).rows;
    const [t1Row, t2Row] = await busiest(4, COUNTY, 2);
    if (!t1Row || !t2Row) throw new Error(`no two townships of ${COUNTY} with people`);
    const [vA] = await busiest(5, t1Row.code, 1);
    const [vB] = await busiest(5, t2Row.code, 1);
    const names = new Map((await owner.query<{ code: string; name: string }>("SELECT code, name FROM region WHERE code IN ('33', '3305', $1)", [COUNTY])).rows.map((r) => [r.code, r.name]));
    const residents = async (village: string) =>
      (await owner!.query<{ id: number }>("SELECT id FROM person WHERE status = 'alive' AND residence_region = $1 AND hukou_region LIKE $2 || '%' ORDER BY id LIMIT 100", [village, COUNTY])).rows.map((r) => r.id);
    const movers: [Mover, Mover] = [
      { from: { village: vA!.code, township: t1Row.code }, to: { village: vB!.code, township: t2Row.code }, persons: await residents(vA!.code) },
      { from: { village: vB!.code, township: t2Row.code }, to: { village: vA!.code, township: t1Row.code }, persons: await residents(vB!.code) },
    ];
    if (movers.some((m) => m.persons.length === 0)) throw new Error('no living residents in the chosen villages');
    log(`  townships ${t1Row.code} ${t1Row.name} (${t1Row.n.toLocaleString('en')}) and ${t2Row.code} ${t2Row.name} (${t2Row.n.toLocaleString('en')}); villages ${vA!.code} ${vA!.name} (${vA!.n}) and ${vB!.code} ${vB!.name} (${vB!.n})`);

    // 2. Server and sign-ins.
    server = await startServer({
      url,
      keys: { idEncryption: keys.idEncryption.toString('base64'), idIndex: keys.idIndex.toString('base64'), totp: keys.totp.toString('base64') },
      poolSize: 10,
      users: [
        { username: 'bench_county', password: PASSWORD, role: 'county_officer', regionCode: COUNTY },
        { username: 'bench_province', password: PASSWORD, role: 'province_admin', regionCode: '33' },
      ],
    });
    const api = new Api(server.port);
    const county = await api.signIn('bench_county');
    const province = await api.signIn('bench_province');
    log(`  server on 127.0.0.1:${server.port}; county officer of ${COUNTY} and province administrator of 33 signed in`);

    // 3a. Latency per level.
    sqlPool = createAppPool(url, 4);
    statsDb = createKysely(createAppPool(url, 4));
    log(`\n  (a) GET /api/v1/stats?period=${year}, all indicators, residence — ${WARMUP} warm-up, then ${REQUESTS} sequential requests, each followed by the bare cube reads:`);
    const levels: Level[] = [
      { label: `province 33 ${names.get('33') ?? ''}`, code: '33', level: 1, cookie: province },
      { label: `city 3305 ${names.get('3305') ?? ''}`, code: '3305', level: 2, cookie: province },
      { label: `county ${COUNTY} ${names.get(COUNTY) ?? ''}`, code: COUNTY, level: 3, cookie: county },
      { label: `township ${t1Row.code} ${t1Row.name}`, code: t1Row.code, level: 4, cookie: county },
      { label: `village ${vA!.code} ${vA!.name}`, code: vA!.code, level: 5, cookie: county },
      { label: `city 3305 by=child`, code: '3305', level: 2, cookie: province, byChild: true },
    ];
    const latency = await measureLevels(api, sqlPool, statsDb, levels, year, today);

    // 3b. Freshness and the write cost of fresh statistics.
    log(`\n  (b) ${EVENTS} residence changes ${vA!.code} ⇄ ${vB!.code} with statistics maintained, ${EVENTS} with the triggers disabled, alternating blocks of ${BLOCK}…`);
    const fr = await measureFreshness(api, owner, county, movers, today);
    const fresh = pcts(fr.fresh.freshMs);
    const postOn = pcts(fr.fresh.postMs);
    const postOff = pcts(fr.off.postMs);
    const polls = pcts(fr.fresh.polls);
    log(`    freshness (POST response → first GET showing the change): p50 ${ms(fresh.p50)} p95 ${ms(fresh.p95)} max ${ms(fresh.max)} ms; GETs needed p50 ${polls.p50}, max ${polls.max}${fr.fresh.neverChanged ? `; ${fr.fresh.neverChanged} never changed in 30 s` : ''}${fr.fresh.wrongDelta ? `; ${fr.fresh.wrongDelta} changed by other than +1` : ''}`);
    log(`    POST /api/v1/events: p50 ${ms(postOn.p50)} ms (p95 ${ms(postOn.p95)}) with triggers; p50 ${ms(postOff.p50)} ms (p95 ${ms(postOff.p95)}) without`);

    // 3c. Rebuild against plain scans (also puts the cubes right after the trigger-less writes).
    log(`\n  (c) stat_rebuild() in a transaction against GROUP BY scans, owner connection, each twice:`);
    const rb = await measureRebuild(owner);
    const check = await owner.query<{ cube: number; persons: number }>(
      `SELECT (SELECT coalesce(sum(n), 0)::int FROM stat_stock WHERE level = 3 AND region_code = $1 AND basis = 'residence') AS cube,
              (SELECT count(*)::int FROM person WHERE status = 'alive' AND residence_region LIKE $1 || '%') AS persons`, [COUNTY]);
    const consistent = check.rows[0]!.cube === check.rows[0]!.persons;

    // 4. Summary.
    const worst = Math.max(...latency.map((l) => l.api.p95));
    const apiMet = worst < AIM.apiP95Ms;
    const freshMet = fr.fresh.neverChanged === 0 && fresh.p95 < AIM.freshnessP95Ms;
    const lines = [
      `SUMMARY — statistics bench, 湖州市 × ${scale} (${load.persons.toLocaleString('en')} persons, ${load.events.toLocaleString('en')} events), today ${today}`,
      `  load: ${s(loadMs)} total; statistics stage (stat_rebuild + ANALYZE + commit) ${s(statsStageMs)}`,
      `  (a) GET /api/v1/stats, period ${year}, all indicators, ${REQUESTS} sequential requests per level (ms):`,
      `      ${'level'.padEnd(34)} ${'p50'.padStart(6)} ${'p95'.padStart(6)} ${'p99'.padStart(6)}   SQL p95   API/SQL p95   in-process p95`,
      ...latency.map((l) => `      ${l.level.label.padEnd(34)} ${ms(l.api.p50).padStart(6)} ${ms(l.api.p95).padStart(6)} ${ms(l.api.p99).padStart(6)}   ${ms(l.sql.p95).padStart(7)}   ${(l.api.p95 / l.sql.p95).toFixed(1).padStart(11)}   ${ms(l.inProcess.p95).padStart(14)}`),
      `      aim p95 < ${AIM.apiP95Ms} ms at every level: ${apiMet ? 'MET' : 'NOT MET'} (worst p95 ${ms(worst)} ms)`,
      `  (b) freshness after POST /api/v1/events (residence change): p50 ${ms(fresh.p50)} ms, p95 ${ms(fresh.p95)} ms, max ${ms(fresh.max)} ms; GETs needed max ${polls.max}`,
      `      aim p95 < ${AIM.freshnessP95Ms} ms: ${freshMet ? 'MET' : 'NOT MET'}`,
      `      POST p50 ${ms(postOn.p50)} ms with statistics triggers, ${ms(postOff.p50)} ms without — write cost of fresh statistics ×${(postOn.p50 / postOff.p50).toFixed(2)} (+${ms(postOn.p50 - postOff.p50)} ms)`,
      `  (c) stat_rebuild() ${s(rb.rebuild)} vs GROUP BY vital_event ${ms(rb.events)} ms (×${(rb.rebuild / rb.events).toFixed(0)}) and GROUP BY person ${ms(rb.persons)} ms (×${(rb.rebuild / rb.persons).toFixed(0)}); both scans ×${(rb.rebuild / (rb.events + rb.persons)).toFixed(0)}`,
      `      cubes after rebuild agree with the person table for ${COUNTY}: ${consistent ? 'yes' : `NO (${check.rows[0]!.cube} vs ${check.rows[0]!.persons})`}`,
    ];
    log(`\n${lines.join('\n')}`);
    return { aimsMet: apiMet && freshMet };
  } finally {
    if (server) await stopServer(server.child);
    await sqlPool?.end().catch(() => undefined);
    await statsDb?.destroy().catch(() => undefined);
    await owner?.end().catch(() => undefined);
    await cluster?.stop().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
    // As root the cluster may have been placed outside the folder (see startEmbedded): remove it there too.
    if (cluster && !cluster.pgDataDir.startsWith(dir)) rmSync(path.dirname(cluster.pgDataDir), { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  statsBench().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
