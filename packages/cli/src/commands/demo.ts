/**
 * `renkou demo`: loads a synthetic population (deterministic, calibrated to published figures; see
 * docs/domain/synthetic-population.md) into an empty registry, or reports one against its targets.
 *
 *   renkou demo --region 3305 --scale 0.1 --seed 1 [--until YYYY-MM-DD]
 *   renkou demo --report [--json]
 *
 * The load is one transaction: households, persons (ID numbers sealed as the registry stores them), household
 * members, parent links, marriages and vital events go in by COPY while the generator streams them; the
 * tables' secondary indexes and foreign keys are rebuilt once at the end; identity sequences and the
 * household-number sequence are moved past the new rows.
 */
import { todayInChina } from '@renkou/core';
import { createAppPool, createKysely } from '@renkou/db';
import { writeAudit, type Keys } from '@renkou/server';
import type pg from 'pg';
// TODO(@renkou/core, @renkou/db index): these two modules are not yet exported by their packages' index files.
import { CENSUS_DATE, generatePopulation, regionPopulation, type SyntheticPerson, type SyntheticPopulation, type SyntheticRegionInput } from '../../../core/src/synthetic/index';
import { CopyLines, copyRows, escapeCopyText, syncIdentity, withIndexesDeferred } from '../../../db/src/copy';
import type { Runtime } from '../runtime';
import { say } from '../runtime';
import { DemoRefused, formatReport, runDemoReport } from './demo-report';
import { Progress } from './demo-progress';
import { SealPool } from './demo-seal';

export const DEMO_SETTING = 'demo.synthetic';
const TABLES = ['household', 'person', 'household_member', 'parent_link', 'marriage', 'vital_event'] as const;

export interface DemoLoadOptions {
  readonly region: string;
  readonly scale: number;
  readonly seed: string;
  /** YYYY-MM-DD; default today in China. */
  readonly until?: string;
  /** Progress bar on stderr (default true). */
  readonly progress?: boolean;
  /** ID-number keys (the runtime's key file). */
  readonly keys: Keys;
}

export interface DemoLoadResult {
  readonly region: string;
  readonly regionName: string;
  readonly scale: number;
  readonly seed: string;
  readonly until: string;
  readonly estimatedPopulation: boolean;
  readonly persons: number;
  readonly households: number;
  readonly members: number;
  readonly parentLinks: number;
  readonly marriages: number;
  readonly events: number;
  /** Milliseconds: generation (baseline and history) and the whole load. */
  readonly generateMs: number;
  readonly totalMs: number;
}

export { DemoRefused };

/** Reads the region, its villages and the county codes outside it from the region table. */
export async function loadRegionInput(pool: pg.Pool, code: string): Promise<SyntheticRegionInput> {
  if (!/^(\d{2}|\d{4}|\d{6}|\d{9})$/.test(code)) throw new DemoRefused(`区划代码应为 2、4、6 或 9 位 / --region must be a 2, 4, 6 or 9-digit region code: ${code}`);
  const region = await pool.query<{ name: string }>('SELECT name FROM region WHERE code = $1', [code]);
  if (!region.rows[0]) throw new DemoRefused(`没有区划 ${code} / no region ${code} in the region table`);
  const villages = await pool.query<{ code: string; name: string }>("SELECT code, name FROM region WHERE level = 5 AND code LIKE $1 || '%' AND valid_to IS NULL ORDER BY code", [code]);
  if (villages.rows.length === 0) throw new DemoRefused(`区划 ${code} 下没有村(居)委会 / region ${code} has no villages`);
  const outside = await pool.query<{ code: string }>(
    "SELECT code FROM region WHERE level = 3 AND code NOT LIKE $1 || '%' AND valid_to IS NULL AND name <> '市辖区' ORDER BY code",
    [code.slice(0, Math.min(6, code.length))],
  );
  return { code, name: region.rows[0].name, villages: villages.rows, outsideCounties: outside.rows.map((r) => r.code) };
}

function checkUntil(until: string, today: string): void {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(until) || Number.isNaN(Date.parse(until))) throw new DemoRefused(`--until 应为 YYYY-MM-DD / --until must be YYYY-MM-DD: ${until}`);
  if (until < CENSUS_DATE) throw new DemoRefused(`--until 不能早于普查时点 ${CENSUS_DATE} / --until may not be before the census date ${CENSUS_DATE}`);
  if (until > today) throw new DemoRefused(`--until 不能晚于今天 ${today} / --until may not be after today ${today}`);
}

/** Generates and loads a synthetic population; refuses when the registry already holds persons. */
export async function runDemoLoad(owner: pg.Pool, o: DemoLoadOptions): Promise<DemoLoadResult> {
  const started = performance.now();
  const until = o.until ?? todayInChina();
  checkUntil(until, todayInChina());
  if (!(o.scale > 0 && o.scale <= 3)) throw new DemoRefused(`--scale 应在 0 到 3 之间 / --scale must be in (0, 3]: ${o.scale}`);
  await refuseIfPopulated(owner);
  const input = await loadRegionInput(owner, o.region);
  const progress = new Progress(o.progress !== false);
  progress.stage(`生成 / generating ${input.name} (${o.region}) × ${o.scale}`);
  const pop = generatePopulation({ regions: input, scale: o.scale, seed: o.seed, until, onPhase: (phase) => progress.stage(`生成 / generating: ${phase}`) });
  const generateMs = performance.now() - started;
  const counts = pop.counts();
  const client = await owner.connect();
  let broken: Error | undefined;
  try {
    await client.query('BEGIN');
    try {
      await client.query(`LOCK TABLE ${TABLES.join(', ')} IN ACCESS EXCLUSIVE MODE`);
      await refuseIfPopulated(client);
      // Index builds sort, and foreign-key checks hash-join, in memory up to these sizes (the server's memory,
      // not this process's); the defaults (64 MB, 4 MB) spill a scale-1 load to disk.
      await client.query("SET LOCAL maintenance_work_mem = '256MB'");
      await client.query("SET LOCAL work_mem = '128MB'");
      await loadRows(client, pop, o.keys, progress, counts);
      for (const t of ['household', 'person', 'marriage', 'vital_event']) await syncIdentity(client, t);
      await client.query(
        `INSERT INTO system_setting (key, value, updated_at) VALUES ($1, $2, now()) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`,
        [DEMO_SETTING, JSON.stringify({ region: o.region, regionName: input.name, scale: o.scale, seed: o.seed, until, counts })],
      );
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch((e: unknown) => (broken = e as Error));
      throw error;
    }
  } finally {
    client.release(broken);
  }
  const result: DemoLoadResult = {
    region: o.region,
    regionName: input.name,
    scale: o.scale,
    seed: o.seed,
    until,
    estimatedPopulation: regionPopulation(o.region, input.villages.length).estimated,
    persons: counts.persons,
    households: counts.households,
    members: counts.members,
    parentLinks: counts.parentLinks,
    marriages: counts.marriages,
    events: counts.events,
    generateMs,
    totalMs: performance.now() - started,
  };
  progress.finish(`载入完成 / loaded ${counts.persons.toLocaleString('en-US')} persons, ${counts.events.toLocaleString('en-US')} events in ${(result.totalMs / 1000).toFixed(1)} s`);
  return result;
}

async function refuseIfPopulated(db: pg.Pool | pg.ClientBase): Promise<void> {
  const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM person');
  if (rows[0]!.n > 0) {
    throw new DemoRefused(`登记库已有 ${rows[0]!.n.toLocaleString('en-US')} 名人员；演示人口只能载入空库 / the registry already holds ${rows[0]!.n.toLocaleString('en-US')} persons; the demo population loads into an empty registry only`);
  }
}

async function loadRows(client: pg.PoolClient, pop: SyntheticPopulation, keys: Keys, progress: Progress, counts: ReturnType<SyntheticPopulation['counts']>): Promise<void> {
  const { rows } = await client.query<{ max: number | null }>('SELECT max(id)::int AS max FROM household');
  const hOffset = rows[0]!.max ?? 0;
  // 户号 = village code + a running number from household_number_seq, as the registry numbers them.
  const reserved = await client.query<{ last: string }>("SELECT setval('household_number_seq', nextval('household_number_seq') + $1::bigint - 1)::text AS last", [Math.max(1, counts.households)]);
  const firstNumber = Number(reserved.rows[0]!.last) - Math.max(1, counts.households) + 1;
  const total = counts.persons + counts.households + counts.members + counts.parentLinks + counts.marriages + counts.events;
  let before = 0;
  const stage = (label: string) => {
    const base = before;
    progress.stage(`载入 / loading ${label}`, total);
    progress.update(base);
    return { onProgress: (n: number) => progress.update(base + n), done: (n: number) => (before = base + n) };
  };
  // The statistics triggers stand aside during the load; one set-based rebuild follows it (ADR 0005).
  await client.query("SELECT set_config('renkou.stats', 'deferred', true)");
  await withIndexesDeferred(
    client,
    TABLES,
    async () => {
      const sealer = new SealPool(keys);
      let s = stage('person');
      try {
        s.done(await copyRows(client, 'person', PERSON_COLUMNS, personLines(pop, sealer, hOffset), s));
      } finally {
        await sealer.close();
      }
      // The other tables: rows of known shape formatted straight into COPY text, 4,096 at a time.
      const N = '\\N';
      s = stage('household');
      const households = lines(pop.households(), (h) => `${h.id + hOffset}\t${h.regionCode}${String(firstNumber + h.id - 1).padStart(6, '0')}\t${h.regionCode}\t${h.kind}\t${h.headPersonId ?? N}\n`);
      s.done(await copyRows(client, 'household', ['id', 'household_number', 'region_code', 'kind', 'head_person_id'], households, s));
      s = stage('household_member');
      const members = lines(pop.members(), (m) => `${m.personId}\t${m.householdId + hOffset}\t${m.relation}\t${m.joinedOn}\n`);
      s.done(await copyRows(client, 'household_member', ['person_id', 'household_id', 'relation', 'joined_on'], members, s));
      s = stage('parent_link');
      const links = lines(pop.parentLinks(), (l) => `${l.childId}\t${l.parentId}\t${l.kind}\n`);
      s.done(await copyRows(client, 'parent_link', ['child_id', 'parent_id', 'kind'], links, s));
      s = stage('marriage');
      const marriages = lines(pop.marriages(), (m) => `${m.id}\t${m.husbandId}\t${m.wifeId}\t${m.marriedOn}\t${m.endedOn ?? N}\t${m.endReason ?? N}\n`);
      s.done(await copyRows(client, 'marriage', ['id', 'husband_id', 'wife_id', 'married_on', 'ended_on', 'end_reason'], marriages, s));
      s = stage('vital_event');
      // Registered on the day it happened (10:00 China time), by no user, from the synthetic source.
      const events = lines(pop.events(), (e) => `${e.id}\t${e.kind}\t${e.personId}\t{${e.participants.join(',')}}\t${e.occurredOn}\t${e.regionCode}\t${escapeCopyText(JSON.stringify(e.payload))}\tsynthetic\t${e.occurredOn}T10:00:00+08:00\n`);
      s.done(await copyRows(client, 'vital_event', ['id', 'kind', 'person_id', 'participants', 'occurred_on', 'region_code', 'payload', 'source', 'recorded_at'], events, s));
    },
    (step) => progress.stage(step === 'analyze' ? '统计信息 / analyze' : `重建索引 / rebuilding ${step}`),
    KEEP_DURING_LOAD,
  );
  progress.stage('统计汇总 / statistics');
  await client.query("SELECT set_config('renkou.stats', '', true)");
  await client.query('SELECT stat_rebuild()');
  await client.query('ANALYZE stat_flow, stat_presence, stat_stock');
}

/**
 * Left in place during the load: foreign keys and the partial index on columns the demo leaves NULL (checking a
 * NULL costs nothing, a validating scan does). Every other index, unique constraint and foreign key is rebuilt
 * after the rows are in: with ID sealing in worker threads PostgreSQL is the bottleneck throughout, and a
 * sorted build beats row-by-row maintenance (measured: keeping the person indexes made the load slower).
 */
const KEEP_DURING_LOAD = ['vital_event_recorded_by_fkey', 'vital_event_corrects_event_id_fkey', 'vital_event_corrects_idx'];

const PERSON_COLUMNS = ['id', 'id_number_cipher', 'id_number_index', 'id_number_masked', 'name', 'pinyin', 'sex', 'birth_date', 'ethnicity', 'hukou_region', 'residence_region', 'residence_type', 'marital_status', 'status', 'death_date', 'household_id'];

/** Rows of known shape (numbers, codes, dates, enums: nothing to escape) as COPY text, in blocks of 4,096. */
function* lines<T>(rows: Iterable<T>, format: (row: T) => string): Generator<CopyLines> {
  let text = '';
  let n = 0;
  for (const row of rows) {
    text += format(row);
    if (++n === 4096) {
      yield new CopyLines(text, n);
      text = '';
      n = 0;
    }
  }
  if (n > 0) yield new CopyLines(text, n);
}

/** Person rows in blocks: while the workers seal one block's IDs, the next blocks are generated. */
async function* personLines(pop: SyntheticPopulation, sealer: SealPool, hOffset: number): AsyncGenerator<CopyLines> {
  const persons = pop.persons();
  const take = (): SyntheticPerson[] => {
    const batch: SyntheticPerson[] = [];
    for (let r = persons.next(); !r.done; r = persons.next()) if (batch.push(r.value) === 4096) break;
    return batch;
  };
  const queue: { batch: SyntheticPerson[]; sealed: Promise<string[]> }[] = [];
  const refill = () => {
    while (queue.length < 4 + 2 * sealer.size) {
      const batch = take();
      if (batch.length === 0) return;
      queue.push({ batch, sealed: sealer.seal(batch.map((p) => p.idNumber)) });
    }
  };
  refill();
  while (queue.length > 0) {
    const { batch, sealed } = queue.shift()!;
    refill();
    const ids = await sealed;
    let text = '';
    for (let k = 0; k < batch.length; k++) {
      const p = batch[k]!;
      const household = p.householdId === null ? '\\N' : p.householdId + hOffset;
      text += `${p.id}\t${ids[k]!}\t${escapeCopyText(p.name)}\t${escapeCopyText(p.pinyin)}\t${p.sex}\t${p.birthDate}\t${p.ethnicity}\t${p.hukouRegion}\t${p.residenceRegion}\t${p.residenceType}\t${p.maritalStatus}\t${p.status}\t${p.deathDate ?? '\\N'}\t${household}\n`;
    }
    yield new CopyLines(text, batch.length);
  }
}

export interface DemoCommandOptions {
  readonly region: string;
  readonly scale: string;
  readonly seed: string;
  readonly until?: string;
  readonly report?: boolean;
  readonly json?: boolean;
}

/** The `renkou demo` command body: exit code 0 on success, 1 on refusal or a failed report check. */
export async function demoCommand(rt: Runtime, o: DemoCommandOptions): Promise<number> {
  try {
    if (o.report) {
      const report = await runDemoReport(rt.owner);
      process.stdout.write(o.json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report));
      return report.ok ? 0 : 1;
    }
    const scale = Number(o.scale);
    const r = await runDemoLoad(rt.owner, { region: o.region, scale, seed: o.seed, ...(o.until ? { until: o.until } : {}), keys: rt.keys });
    await audit(rt, r);
    if (r.estimatedPopulation) say(`注意：${r.regionName} 无普查人口数，按村(居)委会数估算 / note: no census total for ${r.regionName}; its size is estimated from its villages`);
    process.stdout.write(o.json ? `${JSON.stringify(r)}\n` : `${r.regionName} (${r.region}) × ${r.scale}, seed ${r.seed}, until ${r.until}: ${r.persons.toLocaleString('en-US')} persons, ${r.households.toLocaleString('en-US')} households, ${r.events.toLocaleString('en-US')} events in ${(r.totalMs / 1000).toFixed(1)} s\n`);
    return 0;
  } catch (error) {
    if (error instanceof DemoRefused) {
      say(error.message);
      return 1;
    }
    throw error;
  }
}

async function audit(rt: Runtime, r: DemoLoadResult): Promise<void> {
  const db = createKysely(createAppPool(rt.server.url, 1));
  try {
    await writeAudit(db, {
      actor: { id: null, username: 'cli', role: null, regionCode: null },
      action: 'demo.load',
      objectType: 'region',
      objectId: r.region,
      outcome: 'success',
      details: { scale: r.scale, seed: r.seed, until: r.until, persons: r.persons, events: r.events, via: 'cli' },
    });
  } finally {
    await db.destroy();
  }
}
