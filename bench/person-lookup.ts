/**
 * Person lookup by ID number: the HTTP API against the bare SQL it stands on, measured in the same run.
 *
 *   1. an embedded PostgreSQL in a temporary folder, migrated and loaded with regions (setUp);
 *   2. ~50,000 persons with valid ID numbers in the villages of 长兴县, sealed by the server's own
 *      protectIdNumber (ciphertext, blind index, masked form) and inserted in batches;
 *   3. the real HTTP server (createServer) on 127.0.0.1 in a child process, a county officer signed in;
 *   4. autocannon against GET /api/v1/persons?idNumber=<a random existing ID per request>, first short
 *      trials from 2 connections per core (doubling while throughput grows) to find the number of
 *      connections with the best throughput, then ~10 s at that number;
 *   5. the same lookup as bare SQL (`… FROM person WHERE id_number_index = $1`) on a pg Pool of the same
 *      size, at the same concurrency, for the same time;
 *   6. requests/s, p99, queries/s, the ratio HTTP/SQL and whether the aim was met; then everything is
 *      stopped and the folder removed.
 *
 * Loopback only. Not a test: run with `npm run bench` (all benches) or `npx tsx bench/person-lookup.ts`.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import autocannon from 'autocannon';
import type pg from 'pg';
import { buildIdNumber, todayInChina, toNamePinyin } from '@renkou/core';
import { freePort } from '@renkou/testing';
import { createAppPool, createKysely, createOwnerPool, ensureDatabase, setUp, startEmbedded, withDatabase, type EmbeddedCluster } from '@renkou/db';
import { generateKeys, type Keys } from '@renkou/server';
import { sql } from 'kysely';
import { idIndexOf, protectIdNumber } from '../packages/server/src/modules/registry/id-protection';
import { searchByIdIndex } from '../packages/server/src/modules/registry/person.repository';
import { writeAuditInTrx } from '../packages/server/src/platform/audit';
import type { ServerReady, ServerStart } from './person-lookup.server';

export const AIM = { requestsPerSecond: 3_000, p99Ms: 30 } as const;

export interface PersonLookupOptions {
  readonly persons?: number;
  /** Seconds of the measured runs (HTTP and SQL each). */
  readonly durationSeconds?: number;
  /** Seconds of each connection-count trial. */
  readonly trialSeconds?: number;
  readonly log?: (line: string) => void;
  /**
   * Run PostgreSQL with fsync and synchronous commit off (as the test clusters do). Default false: a
   * durable cluster, as in production. `RENKOU_BENCH_EPHEMERAL=1` sets it from the command line, to see
   * how much of the time is the commit's flush.
   */
  readonly ephemeral?: boolean;
}

export interface PersonLookupResult {
  readonly persons: number;
  readonly connections: number;
  readonly poolSize: number;
  readonly http: { requestsPerSecond: number; p99Ms: number; p50Ms: number; non2xx: number; errors: number };
  readonly sql: { queriesPerSecond: number; p99Ms: number; p50Ms: number };
  /** Diagnostic: the route's database work without HTTP — the lookup and its audit record in one transaction. */
  readonly sqlWithAudit: { queriesPerSecond: number; p99Ms: number; p50Ms: number };
  readonly ratio: number;
  readonly aimMet: boolean;
}

const COUNTY = '330522'; // 长兴县
const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国志文辉力明永健世广海小云龙飞鹏晨浩宇欣怡子涵梓轩雨萱一诺思远';
const PASSWORD = `Bench-${randomBytes(6).toString('hex')}-Aa1!`;

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** Distinct, valid ID numbers of 长兴县 with birth dates 1940–2022 (sequence parity gives the sex). */
function makeIdNumbers(n: number): string[] {
  const out = new Set<string>();
  const start = Date.UTC(1940, 0, 1);
  const days = Math.floor((Date.UTC(2022, 11, 31) - start) / 86_400_000);
  while (out.size < n) {
    const birth = new Date(start + randomInt(days) * 86_400_000).toISOString().slice(0, 10);
    out.add(buildIdNumber(COUNTY, birth, randomInt(1000)));
  }
  return [...out];
}

async function insertPersons(pool: pg.Pool, idNumbers: readonly string[], villages: readonly string[], keys: Keys, today: string, log: (l: string) => void): Promise<void> {
  const BATCH = 2_000;
  const pinyinOf = new Map<string, string>();
  for (let i = 0; i < idNumbers.length; i += BATCH) {
    const cols: unknown[][] = Array.from({ length: 11 }, () => []);
    for (const raw of idNumbers.slice(i, i + BATCH)) {
      const id = protectIdNumber(keys, raw, today);
      const name = SURNAMES[randomInt(SURNAMES.length)]! + GIVEN[randomInt(GIVEN.length)]! + (randomInt(2) ? GIVEN[randomInt(GIVEN.length)]! : '');
      let pinyin = pinyinOf.get(name);
      if (pinyin === undefined) pinyinOf.set(name, (pinyin = toNamePinyin(name)));
      const village = villages[randomInt(villages.length)]!;
      const row = [id.cipher, id.index, id.masked, name, pinyin, id.sex, id.birthDate, '01', village, village, randomInt(3) ? 'rural' : 'urban'];
      row.forEach((v, c) => cols[c]!.push(v));
    }
    await pool.query(
      `INSERT INTO person (id_number_cipher, id_number_index, id_number_masked, name, pinyin, sex, birth_date, ethnicity, hukou_region, residence_region, residence_type)
       SELECT * FROM unnest($1::bytea[], $2::bytea[], $3::text[], $4::text[], $5::text[], $6::text[], $7::date[], $8::text[], $9::text[], $10::text[], $11::text[])`,
      cols,
    );
    if ((i / BATCH) % 5 === 4 || i + BATCH >= idNumbers.length) log(`  inserted ${Math.min(i + BATCH, idNumbers.length).toLocaleString('en')} persons`);
  }
  await pool.query('ANALYZE person');
}

function startServer(start: ServerStart): Promise<{ child: ChildProcess; port: number }> {
  const entry = fileURLToPath(new URL('./person-lookup.server.ts', import.meta.url));
  const child = fork(entry, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the bench server exited (${code}) before it was ready`)));
    child.once('message', (m: ServerReady | { error: string }) => ('error' in m ? reject(new Error(m.error)) : resolve({ child, port: m.port })));
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

async function signIn(port: number, username: string, password: string): Promise<string> {
  const res = await fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
  const cookie = res.headers.get('set-cookie');
  if (!cookie) throw new Error('sign-in returned no session cookie');
  return cookie.split(';')[0]!;
}

async function loadHttp(port: number, cookie: string, idNumbers: readonly string[], connections: number, seconds: number) {
  const result = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections,
    duration: seconds,
    headers: { cookie },
    requests: [
      {
        method: 'GET',
        path: '/api/v1/persons',
        setupRequest: (req) => ({ ...req, path: `/api/v1/persons?idNumber=${idNumbers[randomInt(idNumbers.length)]}` }),
      },
    ],
  });
  return {
    requestsPerSecond: result.requests.total / (result.duration || seconds),
    p99Ms: result.latency.p99,
    p50Ms: result.latency.p50,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}

const LOOKUP_SQL =
  'SELECT id, id_number_masked, name, pinyin, sex, birth_date, ethnicity, hukou_region, residence_region, residence_type, marital_status, status, death_date, household_id FROM person WHERE id_number_index = $1';

/**
 * Runs `concurrency` loops of `once` for `seconds` and measures each call. Every call computes the blind
 * index of a random existing ID number first (as the route does) and must find exactly one person.
 */
async function closedLoop(concurrency: number, seconds: number, once: () => Promise<number>) {
  const latencies: number[] = [];
  const deadline = performance.now() + seconds * 1000;
  let done = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) {
        const t0 = performance.now();
        if ((await once()) !== 1) throw new Error('the lookup did not find its person');
        latencies.push(performance.now() - t0);
        done += 1;
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  const sorted = Float64Array.from(latencies).sort();
  return { queriesPerSecond: done / elapsed, p99Ms: percentile(sorted, 99), p50Ms: percentile(sorted, 50) };
}

/** The same lookup as the route's query, bare: `concurrency` loops on a pool of `poolSize` for `seconds`. */
async function loadSql(url: string, keys: Keys, today: string, idNumbers: readonly string[], poolSize: number, concurrency: number, seconds: number) {
  const pool = createAppPool(url, poolSize);
  try {
    // Warm the pool so connecting is not timed.
    await Promise.all(Array.from({ length: poolSize }, () => pool.query('SELECT 1')));
    return await closedLoop(concurrency, seconds, async () => {
      const index = idIndexOf(keys, idNumbers[randomInt(idNumbers.length)]!, today);
      return (await pool.query(LOOKUP_SQL, [index])).rowCount ?? 0;
    });
  } finally {
    await pool.end();
  }
}

/**
 * Diagnostic, not the baseline: the route's database work without HTTP, through the server's own
 * repository and audit code — the scoped lookup and its audit record in one transaction.
 */
async function loadSqlWithAudit(url: string, keys: Keys, today: string, idNumbers: readonly string[], poolSize: number, concurrency: number, seconds: number) {
  const db = createKysely(createAppPool(url, poolSize));
  const actor = { id: null, username: 'bench', role: 'county_officer', regionCode: COUNTY };
  try {
    await Promise.all(Array.from({ length: poolSize }, () => sql`SELECT 1`.execute(db)));
    return await closedLoop(concurrency, seconds, () =>
      db.transaction().execute(async (trx) => {
        const rows = await searchByIdIndex(trx, { regionCode: COUNTY }, idIndexOf(keys, idNumbers[randomInt(idNumbers.length)]!, today));
        await writeAuditInTrx(trx, { actor, action: 'person.search', objectType: 'person', objectId: rows[0]?.id ?? null, outcome: 'success', details: { by: 'id_number', results: rows.length } });
        return rows.length;
      }),
    );
  } finally {
    await db.destroy();
  }
}

export async function personLookupBench(options: PersonLookupOptions = {}): Promise<PersonLookupResult> {
  const log = options.log ?? ((line: string) => console.log(line));
  const personsWanted = options.persons ?? 50_000;
  const seconds = options.durationSeconds ?? 10;
  const trialSeconds = options.trialSeconds ?? 3;
  const cores = availableParallelism();
  const poolSize = Math.max(8, 4 * cores);
  const today = todayInChina();
  const ephemeral = options.ephemeral ?? process.env.RENKOU_BENCH_EPHEMERAL === '1';

  log(`person lookup bench — ${personsWanted.toLocaleString('en')} persons, ${cores} cores, pool size ${poolSize}`);
  const dir = mkdtempSync(path.join(tmpdir(), 'renkou-bench-'));
  let cluster: EmbeddedCluster | undefined;
  let ownerPool: pg.Pool | undefined;
  let server: { child: ChildProcess; port: number } | undefined;
  try {
    const t0 = performance.now();
    cluster = await startEmbedded({ dataDir: dir, port: await freePort(), ephemeral });
    await ensureDatabase(cluster.url, 'renkou_bench');
    const url = withDatabase(cluster.url, 'renkou_bench');
    ownerPool = createOwnerPool(url, 4);
    await setUp(ownerPool, (line) => log(`  ${line}`));
    log(`  database ready in ${((performance.now() - t0) / 1000).toFixed(1)} s (${ephemeral ? 'ephemeral: fsync and synchronous_commit off' : 'durable: fsync and synchronous_commit on, as in production'})`);

    const keys = generateKeys();
    const { rows: villageRows } = await ownerPool.query<{ code: string }>("SELECT code FROM region WHERE level = 5 AND code LIKE $1 ORDER BY code", [`${COUNTY}%`]);
    const villages = villageRows.map((r) => r.code);
    const t1 = performance.now();
    const idNumbers = makeIdNumbers(personsWanted);
    await insertPersons(ownerPool, idNumbers, villages, keys, today, log);
    log(`  ${idNumbers.length.toLocaleString('en')} persons in ${villages.length} villages of 长兴县 in ${((performance.now() - t1) / 1000).toFixed(1)} s`);

    const username = 'bench_county';
    server = await startServer({
      url,
      keys: { idEncryption: keys.idEncryption.toString('base64'), idIndex: keys.idIndex.toString('base64'), totp: keys.totp.toString('base64') },
      poolSize,
      user: { username, password: PASSWORD, regionCode: COUNTY },
    });
    const cookie = await signIn(server.port, username, PASSWORD);
    const probe = await fetch(`http://127.0.0.1:${server.port}/api/v1/persons?idNumber=${idNumbers[0]}`, { headers: { cookie } });
    const probeBody = (await probe.json()) as { total?: number };
    if (probe.status !== 200 || probeBody.total !== 1) throw new Error(`the lookup does not work: ${probe.status} ${JSON.stringify(probeBody)}`);
    log(`  server on 127.0.0.1:${server.port}, county officer signed in`);

    // Warm-up, then trials: 2 connections per core, then halve once and double while throughput still
    // grows by more than 5 %; the best throughput wins.
    await loadHttp(server.port, cookie, idNumbers, 2 * cores, 2);
    log(`\n  trials, ${trialSeconds} s each:`);
    const trial = async (connections: number) => {
      const r = await loadHttp(server!.port, cookie, idNumbers, connections, trialSeconds);
      log(`    ${String(connections).padStart(3)} connections: ${r.requestsPerSecond.toFixed(0).padStart(6)} req/s, p99 ${r.p99Ms} ms${r.non2xx || r.errors ? `, ${r.non2xx} non-2xx, ${r.errors} errors` : ''}`);
      return r.requestsPerSecond;
    };
    let best = { connections: 2 * cores, rps: await trial(2 * cores) };
    const fewer = Math.max(1, cores);
    if (fewer < best.connections) {
      const rps = await trial(fewer);
      if (rps > best.rps) best = { connections: fewer, rps };
    }
    for (let connections = 4 * cores; connections <= 64 * cores; connections *= 2) {
      const rps = await trial(connections);
      if (rps <= best.rps * 1.05) {
        if (rps > best.rps) best = { connections, rps };
        break;
      }
      best = { connections, rps };
    }
    const connections = best.connections;

    log(`\n  HTTP: GET /api/v1/persons?idNumber=… for ${seconds} s at ${connections} connections`);
    const http = await loadHttp(server.port, cookie, idNumbers, connections, seconds);
    log(`    ${http.requestsPerSecond.toFixed(0)} req/s, p50 ${http.p50Ms} ms, p99 ${http.p99Ms} ms${http.non2xx || http.errors ? `, ${http.non2xx} non-2xx, ${http.errors} errors` : ''}`);

    log(`  SQL:  SELECT … FROM person WHERE id_number_index = $1 for ${seconds} s, pool ${poolSize}, concurrency ${connections}`);
    const bare = await loadSql(url, keys, today, idNumbers, poolSize, connections, seconds);
    log(`    ${bare.queriesPerSecond.toFixed(0)} queries/s, p50 ${bare.p50Ms.toFixed(2)} ms, p99 ${bare.p99Ms.toFixed(2)} ms`);

    log(`  diagnostic — the route's database work without HTTP (scoped lookup + audit record, one transaction), same pool, concurrency and time:`);
    const withAudit = await loadSqlWithAudit(url, keys, today, idNumbers, poolSize, connections, seconds);
    log(`    ${withAudit.queriesPerSecond.toFixed(0)} transactions/s, p50 ${withAudit.p50Ms.toFixed(2)} ms, p99 ${withAudit.p99Ms.toFixed(2)} ms`);

    const ratio = http.requestsPerSecond / bare.queriesPerSecond;
    const aimMet = http.requestsPerSecond >= AIM.requestsPerSecond && http.p99Ms < AIM.p99Ms && http.non2xx === 0 && http.errors === 0;
    log(`\n  ratio HTTP/SQL: ${ratio.toFixed(3)} (${(ratio * 100).toFixed(1)} % of the bare query's throughput; HTTP/transaction with audit: ${(http.requestsPerSecond / withAudit.queriesPerSecond).toFixed(3)})`);
    log(`  aim: ≥ ${AIM.requestsPerSecond.toLocaleString('en')} req/s and p99 < ${AIM.p99Ms} ms — ${aimMet ? 'MET' : 'NOT MET'}`);
    return { persons: idNumbers.length, connections, poolSize, http, sql: bare, sqlWithAudit: withAudit, ratio, aimMet };
  } finally {
    if (server) await stopServer(server.child);
    await ownerPool?.end().catch(() => undefined);
    await cluster?.stop().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
    // As root the cluster may have been placed outside the folder (see startEmbedded): remove it there too.
    if (cluster && !cluster.pgDataDir.startsWith(dir)) rmSync(path.dirname(cluster.pgDataDir), { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  personLookupBench().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
