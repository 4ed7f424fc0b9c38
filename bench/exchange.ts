/**
 * Data exchange: importing partner feeds (hospital birth certificates, police hukou changes) end to end —
 * decode, validate, stage, apply with linkage — against a plain COPY of the same file measured in the same
 * run, and the linkage's precision and recall against a known truth.
 *
 *   1. an embedded PostgreSQL (durable, as in production) in a temporary folder, migrated and loaded with
 *      regions (setUp), then the synthetic demo city by the CLI's loader (runDemoLoad: 湖州市 3305, seed 1,
 *      scale RENKOU_BENCH_SCALE, default 1 ≈ 3.4 million people), then ANALYZE (as autovacuum would);
 *   2. RENKOU_BENCH_RECORDS records per kind (default 1,000,000, as the issue asks) drawn from the registry
 *      with a seeded PRNG (bench/exchange.data.ts): birth certificates of living women aged 20–44 (truth: the
 *      mother), police move-ins of new people and hukou changes / move-outs of residents (truth: the person
 *      or "new"); 2 % with one typo in the ID or the name; UTF-8 CSV with the Chinese headers, split into
 *      files under the 50 MiB upload limit;
 *   3. the baseline: COPY of the same files (FORMAT csv, HEADER) into a plain table of text columns, no
 *      index, three times, the median;
 *   4. each file imported with the server's importFile (region 3305, transport cli, an app pool of 2 as the
 *      CLI uses), timed end to end from reading the file; records/s and baseline ÷ import; a rough profile
 *      by phase and by statement (bench/exchange.profile.ts);
 *   5. linkage quality from import_record and the events created (bench/exchange.quality.ts): precision,
 *      recall, counts, worklist outcomes and the reasons of rejections;
 *   6. a summary block; the cluster is stopped and the folder removed, also on failure or Ctrl-C.
 *
 * No assertion on wall-clock time: figures, ratios and whether the aims are met.
 *   RENKOU_BENCH_SCALE=0.02 RENKOU_BENCH_RECORDS=2000 npx tsx bench/exchange.ts   (develop)
 *   RENKOU_BENCH_RECORDS=20000 npm run bench -- exchange                           (when 1,000,000 would take hours)
 */
import { createReadStream, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { pathToFileURL } from 'node:url';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { FEED_COLUMNS, todayInChina, validateRows } from '@renkou/core';
import { createAppPool, createKysely, createOwnerPool, ensureDatabase, setUp, startEmbedded, withDatabase, type Db, type EmbeddedCluster } from '@renkou/db';
import { createServer, generateKeys, importFile, type BatchSummary, type ImportWho, type ServerParts } from '@renkou/server';
import { freePort } from '@renkou/testing';
import { runDemoLoad } from '../packages/cli/src/commands/demo';
import { decodeTable } from '../packages/server/src/modules/exchange/files';
import { birthCertificates, cityContext, policeRecords, type BenchKind, type FeedFiles } from './exchange.data';
import { describe, explain, mergeQueries, QueryProfiler, type ImportProfile, type QueryStat } from './exchange.profile';
import { evaluate, type Quality } from './exchange.quality';

export const AIM = { copyRatio: 0.25, precision: 0.99, recall: 0.99 } as const;

const CITY = '3305'; // 湖州市
const ISSUE_RECORDS = 1_000_000;
const TYPO_SHARE = 0.02;
const MAX_FILE_BYTES = 50 * 2 ** 20; // the upload limit (DEFAULT_DECODE_LIMITS.maxBytes)
const WHO: ImportWho = { transport: 'cli', regionCode: CITY, userId: null, partnerId: null, actor: { id: null, username: 'cli', role: null, regionCode: null }, ip: null, requestId: null };
const LABEL: Record<BenchKind, string> = { birth_certificate: '出生医学证明 birth certificates', police_hukou: '户籍变动 police hukou records' };

const log = (line: string) => console.log(line);
const s = (ms: number) => (ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`);
const n = (x: number) => x.toLocaleString('en');
const pct = (x: number) => (Number.isNaN(x) ? 'n/a' : x.toFixed(4));
const duration = (ms: number) => (ms < 3_600_000 ? `${(ms / 60_000).toFixed(0)} min` : `${(ms / 3_600_000).toFixed(1)} h`);

interface KindResult {
  readonly feed: FeedFiles;
  readonly baselineMs: number;
  readonly baselineRuns: readonly number[];
  readonly importMs: number;
  readonly summaries: readonly BatchSummary[];
  readonly phases: { readDecodeValidate: number; seal: number; copy: number; apply: number; other: number };
  readonly decodeMs: number;
  readonly validateMs: number;
  readonly applyQueries: Map<string, QueryStat>;
  /** Records per second in each tenth of the apply (first file), to see whether it slows as the transaction grows. */
  readonly tenths: readonly number[];
  readonly quality: Quality;
  /** EXPLAIN ANALYZE of statements whose cost grows with the registry or the batch, after the import. */
  readonly plans: readonly string[];
}

function tenths(p: ImportProfile): number[] {
  const at = p.progress;
  if (at.length < 10) return [];
  return Array.from({ length: 10 }, (_, i) => {
    const from = Math.floor((i * at.length) / 10);
    const to = Math.floor(((i + 1) * at.length) / 10);
    const t0 = i === 0 ? p.applyAt : at[from - 1]!;
    return (to - from) / ((at[to - 1]! - t0) / 1000);
  });
}

/** COPY of the feed's files into a plain table of text columns, no index: three runs, the median. */
async function copyBaseline(owner: pg.Pool, feed: FeedFiles): Promise<{ median: number; runs: number[] }> {
  const table = `bench_copy_${feed.kind}`;
  const columns = FEED_COLUMNS[feed.kind].length;
  await owner.query(`CREATE TABLE ${table} (${Array.from({ length: columns }, (_, i) => `c${i + 1} text`).join(', ')})`);
  const runs: number[] = [];
  try {
    for (let run = 0; run < 3; run++) {
      await owner.query(`TRUNCATE ${table}`);
      const client = await owner.connect();
      try {
        const t0 = performance.now();
        for (const f of feed.files) await pipeline(createReadStream(f.path), client.query(copyFrom(`COPY ${table} FROM STDIN WITH (FORMAT csv, HEADER true)`)));
        runs.push(performance.now() - t0);
      } finally {
        client.release();
      }
      const { rows } = await owner.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
      const expected = feed.files.reduce((a, f) => a + f.rows, 0);
      if (rows[0]!.n !== expected) throw new Error(`baseline COPY loaded ${rows[0]!.n} rows, not ${expected}`);
    }
  } finally {
    await owner.query(`DROP TABLE IF EXISTS ${table}`);
  }
  const sorted = [...runs].sort((a, b) => a - b);
  return { median: sorted[1]!, runs };
}

async function importKind(owner: pg.Pool, server: ServerParts, profiler: QueryProfiler, feed: FeedFiles): Promise<KindResult> {
  const base = await copyBaseline(owner, feed);
  log(`    baseline COPY: ${base.runs.map(s).join(', ')} → median ${s(base.median)}`);
  const summaries: BatchSummary[] = [];
  const profiles: ImportProfile[] = [];
  let importMs = 0;
  for (const f of feed.files) {
    profiler.start(Math.max(1000, Math.ceil(f.rows / 10 / 1000) * 1000), (applied, ms) => log(`      … ${n(applied)} records applied in ${s(ms)} (${(applied / (ms / 1000)).toFixed(0)} records/s)`));
    const t0 = performance.now();
    const bytes = readFileSync(f.path);
    const summary = await importFile(server.deps, WHO, feed.kind, bytes, path.basename(f.path));
    const ms = performance.now() - t0;
    importMs += ms;
    profiles.push(profiler.finish());
    summaries.push(summary);
    log(`    imported ${path.basename(f.path)}: batch ${summary.batchId}, ${n(summary.received)} rows in ${s(ms)} (${(summary.received / (ms / 1000)).toFixed(0)} records/s) — applied ${n(summary.applied)}, worklist ${n(summary.worklist)}, rejected ${n(summary.rejected)}`);
  }
  const phases = { readDecodeValidate: 0, seal: 0, copy: 0, apply: 0, other: 0 };
  const applyQueries = new Map<string, QueryStat>();
  for (const p of profiles) {
    phases.readDecodeValidate += p.stageAt - p.startedAt;
    phases.seal += p.copyAt - p.stageAt;
    phases.copy += p.stagedAt - p.copyAt;
    phases.apply += p.appliedAt - p.applyAt;
    phases.other += p.applyAt - p.stagedAt + (p.endedAt - p.appliedAt);
    mergeQueries(applyQueries, p.queries.get('apply'));
  }
  // Off the clock: decode and validate the same files again, to split the first phase.
  let decodeMs = 0;
  let validateMs = 0;
  for (const f of feed.files) {
    const bytes = readFileSync(f.path);
    const t0 = performance.now();
    const table = await decodeTable(bytes, path.basename(f.path));
    const t1 = performance.now();
    if ('code' in table) throw new Error(`decode: ${table.code}`);
    validateRows(feed.kind, table.header, table.rows, todayInChina(), { rowNumbers: table.rowNumbers });
    decodeMs += t1 - t0;
    validateMs += performance.now() - t1;
  }
  const quality = await evaluate(owner, feed.kind, summaries.map((x) => x.batchId), feed.truth);
  // Statements whose cost may grow with the registry, planned and run once more after the import.
  const candidates = 'SELECT id FROM person WHERE {0} = $1 AND (residence_region LIKE $2 OR hukou_region LIKE $2) LIMIT 50';
  const plans = [
    ...(feed.kind === 'birth_certificate'
      ? [`birth: join household — head check (UPDATE household SET head_person_id = NULL WHERE head_person_id = $1): ${await explain(owner, 'UPDATE household SET head_person_id = NULL WHERE head_person_id = $1', [-1])}`]
      : []),
    `link: candidates with the birth date 1990-05-01 in ${CITY}: ${await explain(owner, candidates.replace('{0}', 'birth_date'), ['1990-05-01', `${CITY}%`])}`,
    `link: candidates with the pinyin wangfang in ${CITY}: ${await explain(owner, candidates.replace('{0}', 'pinyin'), ['wangfang', `${CITY}%`])}`,
  ];
  return { feed, baselineMs: base.median, baselineRuns: base.runs, importMs, summaries, phases, decodeMs, validateMs, applyQueries, tenths: tenths(profiles[0]!), quality, plans };
}

function report(r: KindResult): string[] {
  const q = r.quality;
  const records = r.feed.files.reduce((a, f) => a + f.rows, 0);
  const mib = r.feed.files.reduce((a, f) => a + f.bytes, 0) / 2 ** 20;
  const ratio = r.baselineMs / r.importMs;
  const rate = records / (r.importMs / 1000);
  const p = r.phases;
  const applyQueryMs = [...r.applyQueries.values()].reduce((a, x) => a + x.ms, 0);
  const applyQueryCount = [...r.applyQueries.values()].reduce((a, x) => a + x.count, 0);
  const share = (ms: number) => `${((100 * ms) / r.importMs).toFixed(1)} %`;
  const grouped = new Map<string, QueryStat>();
  for (const [sql, st] of r.applyQueries) mergeQueries(grouped, new Map([[describe(sql), st]]));
  const top = [...grouped].sort((a, b) => b[1].ms - a[1].ms).slice(0, 20);
  const byTypo = [...q.byTypo].sort((a, b) => a[0].localeCompare(b[0]));
  const lines = [
    `  ${LABEL[r.feed.kind]} — ${n(records)} records in ${r.feed.files.length} file(s), ${mib.toFixed(1)} MiB`,
    `    import ${s(r.importMs)} → ${rate.toFixed(0)} records/s; baseline COPY ${s(r.baselineMs)} (median of ${r.baselineRuns.length}) → baseline/import ${ratio.toFixed(4)} (aim ≥ ${AIM.copyRatio}: ${ratio >= AIM.copyRatio ? 'MET' : 'NOT MET'}; import is ×${(1 / ratio).toFixed(0)} the COPY)`,
    // The issue prescribes staging by COPY with every row validated and IDs sealed: that part alone bounds the ratio.
    `    ceiling: reading, validating, sealing and staging alone take ${s(p.readDecodeValidate + p.seal + p.copy)} = ×${((p.readDecodeValidate + p.seal + p.copy) / r.baselineMs).toFixed(1)} the bare COPY, so even an apply that cost nothing would give baseline/import ≤ ${(r.baselineMs / (p.readDecodeValidate + p.seal + p.copy)).toFixed(3)}`,
    `    phases: read+decode+validate ${s(p.readDecodeValidate)} (${share(p.readDecodeValidate)}; decode ≈ ${s(r.decodeMs)}, validate ≈ ${s(r.validateMs)} measured again off the clock) · stage: seal IDs + build rows ${s(p.seal)} (${share(p.seal)}), COPY + commit ${s(p.copy)} (${share(p.copy)}) · apply ${s(p.apply)} (${share(p.apply)}) · other ${s(p.other)}`,
    `    apply: ${n(applyQueryCount)} statements (${(applyQueryCount / records).toFixed(1)} per record) waiting ${s(applyQueryMs)} (${((100 * applyQueryMs) / p.apply).toFixed(0)} % of apply), JavaScript between them ${s(p.apply - applyQueryMs)} (${((100 * (p.apply - applyQueryMs)) / p.apply).toFixed(0)} %); ${(p.apply / records).toFixed(2)} ms per record`,
    ...(r.tenths.length ? [`    apply rate by tenth of the batch (records/s): ${r.tenths.map((x) => x.toFixed(0)).join(' · ')}`] : []),
    `      ${'statement'.padEnd(58)} ${'count'.padStart(9)} ${'total'.padStart(9)} ${'mean ms'.padStart(8)} ${'of apply'.padStart(8)}`,
    ...top.map(([name, st]) => `      ${name.slice(0, 58).padEnd(58)} ${n(st.count).padStart(9)} ${s(st.ms).padStart(9)} ${(st.ms / st.count).toFixed(3).padStart(8)} ${`${((100 * st.ms) / p.apply).toFixed(1)} %`.padStart(8)}`),
    ...(process.env.RENKOU_BENCH_VERBOSE === '1' ? [...r.applyQueries].sort((a, b) => b[1].ms - a[1].ms).map(([sql, st]) => `      [${n(st.count)} × ${(st.ms / st.count).toFixed(3)} ms] ${sql}`) : []),
    `    counts: applied ${n(q.counts.applied)} (new ${n(q.counts.appliedNew)}, confirmed ${n(q.counts.appliedConfirmed)}) · worklist ${n(q.counts.worklist)} · rejected ${n(q.counts.rejected)}${q.counts.alreadyApplied ? ` · already applied ${n(q.counts.alreadyApplied)}` : ''}${q.missingRecords ? ` · MISSING from import_record ${n(q.missingRecords)}` : ''}`,
    `    linkage: precision ${pct(q.precision)} (${n(q.correct)} correct of ${n(q.autoLinks)} automatic links) · recall ${pct(q.recall)} (${n(q.correct)} of ${n(q.shouldLink)} that should link) — aim ≥ ${AIM.precision} each: ${q.precision >= AIM.precision && q.recall >= AIM.recall ? 'MET' : 'NOT MET'}`,
    ...(q.fresh.total > 0 ? [`    new people (truth "new", ${n(q.fresh.total)}): registered ${n(q.fresh.registered)} · wrongly linked ${n(q.fresh.linked)} · worklist ${n(q.fresh.worklist)} · rejected ${n(q.fresh.rejected)}`] : []),
    `    by typo: ${byTypo.map(([k, v]) => `${k} ${n(v.correct + v.wrong + v.new + v.worklist + v.rejected)} (correct ${v.correct}, wrong ${v.wrong}, new ${v.new}, worklist ${v.worklist}, rejected ${v.rejected})`).join('; ')}`,
    `    should link but did not (${n(q.shouldLink - q.correct)}): ${[...q.missed].sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${n(v)}`).join(', ') || 'none'}`,
    `    worklist outcomes: ${[...q.worklistOutcomes].map(([k, v]) => `${k} ${n(v)}`).join(', ') || 'none'}${q.counts.worklist ? `; the true person among the candidates in ${n(q.worklistWithTruth)}` : ''}`,
    `    rejection reasons (problems, numbers as #): ${q.rejections.size === 0 ? 'none' : ''}`,
    ...[...q.rejections].sort((a, b) => b[1] - a[1]).slice(0, 12).map(([reason, c]) => `      ${String(c).padStart(7)}  ${reason.slice(0, 150)}`),
    ...r.plans.map((p) => `    plan after the import: ${p}`),
    `    events agree with the links: ${q.eventMismatches === 0 ? 'yes' : `NO (${n(q.eventMismatches)} differ)`}`,
  ];
  if (records < ISSUE_RECORDS) {
    const projected = (r.importMs / records) * ISSUE_RECORDS;
    const files = Math.ceil(((r.feed.files.reduce((a, f) => a + f.bytes, 0) / records) * ISSUE_RECORDS) / MAX_FILE_BYTES);
    lines.push(`    NOTE: ${n(records)} records, not the ${n(ISSUE_RECORDS)} the issue asks; at the measured ${rate.toFixed(0)} records/s, ${n(ISSUE_RECORDS)} would take ≈ ${duration(projected)} (linear projection; as ≥ ${files} files under the 50 MiB limit)`);
  }
  return lines;
}

export async function exchangeBench(scale = Number(process.env.RENKOU_BENCH_SCALE ?? '1'), records = Number(process.env.RENKOU_BENCH_RECORDS ?? String(ISSUE_RECORDS))): Promise<{ aimsMet: boolean }> {
  if (!(Number.isInteger(records) && records > 0)) throw new Error(`RENKOU_BENCH_RECORDS must be a positive integer: ${process.env.RENKOU_BENCH_RECORDS}`);
  const today = todayInChina();
  const seed = process.env.RENKOU_BENCH_SEED ?? '1';
  log(`exchange bench — 湖州市 (${CITY}) × ${scale}, ${n(records)} records per kind, seed ${seed}, today ${today}`);
  if (records < ISSUE_RECORDS) log(`  NOTE: ${n(records)} records per kind (RENKOU_BENCH_RECORDS), fewer than the ${n(ISSUE_RECORDS)} the issue asks: rates are measured and 1,000,000 is projected`);
  const dir = mkdtempSync(path.join(tmpdir(), 'renkou-bench-exchange-'));
  let cluster: EmbeddedCluster | undefined;
  let owner: pg.Pool | undefined;
  let db: Db | undefined;
  let server: ServerParts | undefined;
  let cleaned: Promise<void> | undefined;
  const cleanUp = () =>
    (cleaned ??= (async () => {
      await server?.close().catch(() => undefined);
      await db?.destroy().catch(() => undefined);
      await owner?.end().catch(() => undefined);
      await cluster?.stop().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
      // As root the cluster may have been placed outside the folder (see startEmbedded): remove it there too.
      if (cluster && !cluster.pgDataDir.startsWith(dir)) rmSync(path.dirname(cluster.pgDataDir), { recursive: true, force: true });
    })());
  const onSignal = (signal: NodeJS.Signals) => {
    log(`\n  ${signal}: stopping the cluster and removing ${dir}…`);
    void cleanUp().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    // 1. Cluster, demo load, statistics of the planner.
    const t0 = performance.now();
    cluster = await startEmbedded({ dataDir: path.join(dir, 'pg'), port: await freePort() });
    await ensureDatabase(cluster.url, 'renkou_bench');
    const url = withDatabase(cluster.url, 'renkou_bench');
    owner = createOwnerPool(url, 4);
    await setUp(owner, (line) => log(`  ${line}`));
    log(`  database ready in ${s(performance.now() - t0)} (durable: fsync and synchronous_commit on)`);
    const keys = generateKeys();
    const t1 = performance.now();
    const load = await runDemoLoad(owner, { region: CITY, scale, seed, keys });
    const t2 = performance.now();
    await owner.query('ANALYZE');
    log(`  loaded ${n(load.persons)} persons, ${n(load.events)} events in ${s(t2 - t1)}; ANALYZE ${s(performance.now() - t2)}`);

    // 2. Feed files and their truth.
    const t3 = performance.now();
    const filesDir = path.join(dir, 'files');
    mkdirSync(filesDir);
    const o = { owner, keys, today, city: CITY, records, seed, dir: filesDir, typoShare: TYPO_SHARE, maxFileBytes: MAX_FILE_BYTES };
    const ctx = await cityContext(o);
    const feeds = [await birthCertificates(o, ctx), await policeRecords(o, ctx)];
    log(`  generated ${feeds.map((f) => `${f.kind} ${f.files.length} file(s) ${(f.files.reduce((a, x) => a + x.bytes, 0) / 2 ** 20).toFixed(1)} MiB`).join(', ')} in ${s(performance.now() - t3)}`);
    for (const note of feeds.flatMap((f) => f.notes)) log(`  note: ${note}`);

    // 3–5. Per kind: baseline, import, quality.
    const pool = createAppPool(url, 2);
    const profiler = new QueryProfiler();
    profiler.attach(pool);
    db = createKysely(pool);
    server = await createServer({ db, keys });
    const results: KindResult[] = [];
    for (const feed of feeds) {
      log(`\n  ${LABEL[feed.kind]}:`);
      const result = await importKind(owner, server, profiler, feed);
      results.push(result);
      log(report(result).join('\n'));
    }

    // 6. Summary.
    const aimsMet = results.every((r) => r.baselineMs / r.importMs >= AIM.copyRatio && r.quality.precision >= AIM.precision && r.quality.recall >= AIM.recall);
    const lines = [
      `SUMMARY — exchange bench, 湖州市 × ${scale} (${n(load.persons)} persons), ${n(records)} records per kind${records < ISSUE_RECORDS ? ` (NOT the ${n(ISSUE_RECORDS)} of the issue: see the projections)` : ''}, ${TYPO_SHARE * 100} % with one typo, today ${today}`,
      ...results.flatMap(report),
      `  aims (baseline/import ≥ ${AIM.copyRatio}, precision and recall ≥ ${AIM.precision}): ${aimsMet ? 'MET' : 'NOT MET'}`,
    ];
    log(`\n${lines.join('\n')}`);
    return { aimsMet };
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await cleanUp();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  exchangeBench().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
