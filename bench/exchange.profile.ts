/**
 * A rough profile of one import, taken from outside the server code: every pg client of the import's pool
 * has its `query` wrapped to time each statement (client side: send, server work, receive) and to notice
 * the phases by their statements —
 *   pre    the file's SHA-256 lookup (before decoding);
 *   stage  from `INSERT INTO import_batch` to the staging COMMIT; its `COPY import_record` starts after the
 *          rows were built (IDs sealed: AES-GCM + HMAC, JSON), so stage = sealing + COPY + commit;
 *   apply  from the apply transaction's `begin` to its `commit`;
 * so decode + validate = from the start to the staging INSERT. Statements are grouped by their text with
 * parameter lists collapsed; time in apply not spent waiting on a statement is JavaScript (linkage scoring,
 * decryption, zod, Kysely compiling).
 */
import type pg from 'pg';

export interface QueryStat {
  count: number;
  ms: number;
}

type Phase = 'pre' | 'stage' | 'between' | 'apply' | 'after';

export interface ImportProfile {
  readonly startedAt: number;
  readonly stageAt: number;
  readonly copyAt: number;
  readonly stagedAt: number;
  readonly applyAt: number;
  readonly appliedAt: number;
  readonly endedAt: number;
  readonly queries: ReadonlyMap<Phase, ReadonlyMap<string, QueryStat>>;
  readonly progress: readonly number[];
}

export class QueryProfiler {
  private phase: Phase = 'pre';
  private marks: Partial<Record<'stageAt' | 'copyAt' | 'stagedAt' | 'applyAt' | 'appliedAt', number>> = {};
  private stats = new Map<Phase, Map<string, QueryStat>>();
  private startedAt = 0;
  /** When each record's import_record row was updated in the apply: the apply's progress over time. */
  private progress: number[] = [];
  private every = 0;
  private onProgress: ((applied: number, msSinceApplyStart: number) => void) | undefined;

  /** Wraps the `query` of every client the pool opens from now on. */
  attach(pool: pg.Pool): void {
    pool.on('connect', (client) => this.wrap(client));
  }

  /** `onProgress` is called every `every` records applied (a line of progress during a long apply). */
  start(every = 0, onProgress?: (applied: number, msSinceApplyStart: number) => void): void {
    this.every = every;
    this.onProgress = onProgress;
    this.phase = 'pre';
    this.marks = {};
    this.stats = new Map();
    this.progress = [];
    this.startedAt = performance.now();
  }

  finish(): ImportProfile {
    const endedAt = performance.now();
    const m = this.marks;
    return {
      startedAt: this.startedAt,
      stageAt: m.stageAt ?? Number.NaN,
      copyAt: m.copyAt ?? Number.NaN,
      stagedAt: m.stagedAt ?? Number.NaN,
      applyAt: m.applyAt ?? Number.NaN,
      appliedAt: m.appliedAt ?? Number.NaN,
      endedAt,
      queries: this.stats,
      progress: this.progress,
    };
  }

  private wrap(client: pg.PoolClient): void {
    const target = client as unknown as { query: (...args: unknown[]) => unknown };
    const original = target.query.bind(client);
    target.query = (...args: unknown[]) => {
      const first = args[0];
      const text = typeof first === 'string' ? first : typeof first === 'object' && first !== null && 'text' in first ? String((first as { text: unknown }).text) : '';
      const t0 = performance.now();
      this.before(text, t0);
      const result = original(...args);
      if (result && typeof (result as Promise<unknown>).then === 'function') {
        return (result as Promise<unknown>).then(
          (v) => {
            this.after(text, t0);
            return v;
          },
          (e: unknown) => {
            this.after(text, t0);
            throw e;
          },
        );
      }
      return result;
    };
  }

  private before(text: string, at: number): void {
    if (this.phase === 'pre' && text.startsWith('INSERT INTO import_batch')) {
      this.phase = 'stage';
      this.marks.stageAt = at;
    } else if (this.phase === 'stage' && text.startsWith('COPY ')) {
      this.marks.copyAt = at;
    } else if (this.phase === 'between' && text === 'begin') {
      this.phase = 'apply';
      this.marks.applyAt = at;
    }
  }

  private after(text: string, t0: number): void {
    const now = performance.now();
    const phase = this.phase;
    const key = normalize(text);
    const byPhase = this.stats.get(phase) ?? new Map<string, QueryStat>();
    this.stats.set(phase, byPhase);
    const s = byPhase.get(key) ?? { count: 0, ms: 0 };
    s.count++;
    s.ms += now - t0;
    byPhase.set(key, s);
    if (phase === 'apply' && key.startsWith('update import_record set')) {
      this.progress.push(now);
      if (this.every > 0 && this.progress.length % this.every === 0) this.onProgress?.(this.progress.length, now - (this.marks.applyAt ?? now));
    }
    if (phase === 'stage' && text === 'COMMIT') {
      this.phase = 'between';
      this.marks.stagedAt = now;
    } else if (phase === 'apply' && text === 'commit') {
      this.phase = 'after';
      this.marks.appliedAt = now;
    }
  }
}

/** Whitespace collapsed, parameter lists `$1, $2, …` as `$n`, quotes of identifiers dropped. */
export function normalize(text: string): string {
  return text.replace(/\s+/g, ' ').replace(/\$\d+(?:, \$\d+)*/g, '$n').replaceAll('"', '').trim();
}

/** Adds one import's statement statistics into a running total (several files of one kind). */
export function mergeQueries(into: Map<string, QueryStat>, from: ReadonlyMap<string, QueryStat> | undefined): void {
  for (const [k, v] of from ?? []) {
    const s = into.get(k) ?? { count: 0, ms: 0 };
    s.count += v.count;
    s.ms += v.ms;
    into.set(k, s);
  }
}

/** A short name for the statements the apply step sends, by what they do (see import.service.ts, apply.ts, link.ts, events.service.ts). */
export function describe(sql: string): string {
  const rules: [RegExp, string][] = [
    [/^select content_hash, batch_id from exchange_record/, 'ledger: record key applied before?'],
    [/^select record_key, content_hash, batch_id from exchange_record/, 'batch: ledger — keys applied before (one query)'],
    [/^select r\.batch_id from import_record as r inner join import_batch/, 'worklist: same key pending in another batch?'],
    [/^select r\.record_key, r\.batch_id from import_record as r inner join import_batch/, 'batch: keys pending on the worklist (one query)'],
    [/^SELECT set_config\('renkou\.stats_events'/, 'batch: defer / resume event statistics'],
    [/^SELECT stat_refresh\(/, "batch: statistics of the batch's events (once)"],
    [/^SAVEPOINT/, 'SAVEPOINT (one per record)'],
    [/^RELEASE SAVEPOINT/, 'RELEASE SAVEPOINT'],
    [/^ROLLBACK TO SAVEPOINT/, 'ROLLBACK TO SAVEPOINT (record refused)'],
    [/^select id, \(residence_region LIKE/, 'link: person by ID blind index'],
    [/^select id, name, sex, birth_date, id_number_cipher, residence_region, hukou_region from person where birth_date = /, 'link: candidates with the birth date (LIMIT 50)'],
    [/^select id, name, sex, birth_date, id_number_cipher, residence_region, hukou_region from person where pinyin = /, 'link: candidates with the name pinyin (LIMIT 50)'],
    [/^select id, name, sex, birth_date, id_number_cipher, residence_region, hukou_region from person where/, 'link: candidates (birth date or pinyin, LIMIT 50)'],
    [/^select l\.child_id, m\.id_number_cipher from parent_link/, "link: candidates' mothers"],
    [/^select c\.id from parent_link as l inner join person as c/, 'birth: child already registered?'],
    [/^select status, death_date, hukou_region, residence_region, sex, birth_date from person/, 'police: person state'],
    [/^select person\.id, .* from person where person\.id in \(\$n\) .*for update$/, 'event: lock persons in scope (FOR UPDATE)'],
    [/^select level from region where code = /, 'event: region exists?'],
    [/^select id from person where id_number_index = /, 'event: ID already registered?'],
    [/^insert into person /, 'event: insert person (+ statistics triggers)'],
    [/^update person set (status|hukou_region|residence_region|marital_status)/, 'event: update person (+ statistics triggers)'],
    [/^select count\(\*\) as n from parent_link/, 'birth: birth order (count children)'],
    [/^insert into parent_link/, 'birth: parent link'],
    [/^select relation from household_member/, "birth: mother's household relation"],
    [/^delete from household_member/, 'birth: join household — leave the old one'],
    [/^update household set head_person_id/, 'birth: join household — head check'],
    [/^insert into household_member/, 'birth: join household — member row'],
    [/^update person set household_id/, 'birth: join household — person.household_id (+ triggers)'],
    [/^select residence_region from person where id = /, "person's residence (event region; record region)"],
    [/^select status, residence_region, hukou_region from person where id = /, 'event: state after'],
    [/^insert into vital_event/, 'event: insert vital_event (+ statistics triggers)'],
    [/^update import_record set/, 'record: status, link, person, event'],
    [/^insert into exchange_record/, 'ledger: insert'],
    [/^select \* from import_batch where id = .* for update/, 'batch: lock'],
    [/^select row_number, record_key, data, ids from import_record/, 'batch: read staged rows'],
    [/^update import_batch set/, 'batch: counts'],
    [/^select value from system_setting/, 'batch: linkage thresholds'],
    [/^WITH head AS \( UPDATE audit_chain_head/, 'batch: audit record'],
    [/^begin$|^commit$/i, 'transaction begin/commit'],
  ];
  for (const [re, name] of rules) if (re.test(sql)) return name;
  return sql.length > 90 ? `${sql.slice(0, 87)}…` : sql;
}

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Rows Removed by Filter'?: number;
  'Actual Rows'?: number;
  Plans?: PlanNode[];
}

/**
 * EXPLAIN ANALYZE of one statement the apply sends, in a transaction that is rolled back: its plan nodes
 * (with the rows a filter threw away) and its execution time on the server.
 */
export async function explain(owner: pg.Pool, sql: string, params: readonly unknown[]): Promise<string> {
  const client = await owner.connect();
  try {
    await client.query('BEGIN');
    const { rows } = await client.query<{ 'QUERY PLAN': [{ Plan: PlanNode; 'Execution Time': number }] }>(`EXPLAIN (ANALYZE, FORMAT JSON) ${sql}`, [...params]);
    const top = rows[0]!['QUERY PLAN'][0];
    const nodes: string[] = [];
    const walk = (p: PlanNode) => {
      const on = p['Relation Name'] ? ` on ${p['Relation Name']}` : '';
      const using = p['Index Name'] ? ` using ${p['Index Name']}` : '';
      const removed = p['Rows Removed by Filter'] ? ` (${p['Rows Removed by Filter'].toLocaleString('en')} rows filtered out)` : '';
      nodes.push(`${p['Node Type']}${on}${using}${removed}`);
      for (const child of p.Plans ?? []) walk(child);
    };
    walk(top.Plan);
    return `${nodes.join(' ← ')}: ${top['Execution Time'].toFixed(2)} ms`;
  } finally {
    await client.query('ROLLBACK').catch(() => undefined);
    client.release();
  }
}
