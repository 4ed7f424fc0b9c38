import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Db, Trx } from '@renkou/db';

/** The explicit fields of one audit record; never a whole request. */
export interface AuditEntry {
  readonly actor: { readonly id: number | null; readonly username: string | null; readonly role: string | null; readonly regionCode: string | null };
  readonly action: string;
  readonly objectType?: string | null;
  readonly objectId?: string | number | null;
  readonly outcome: 'success' | 'denied' | 'failure';
  readonly ip?: string | null;
  readonly requestId?: string | null;
  readonly reason?: string | null;
  /** Non-personal context only (counts, codes); never names or ID numbers. */
  readonly details?: Record<string, unknown> | null;
}

export const AUDIT_CHAINS = 8;
const GENESIS: Buffer = Buffer.alloc(32);

function stable(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(stable).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stable(v)}`).join(',')}}`;
}

export interface AuditRow {
  chain: number;
  chain_seq: number;
  at: Date;
  user_id: number | null;
  username: string | null;
  role: string | null;
  region_code: string | null;
  action: string;
  object_type: string | null;
  object_id: string | null;
  outcome: 'success' | 'denied' | 'failure';
  ip: string | null;
  request_id: string | null;
  reason: string | null;
  details: unknown;
}

/** The hash covers every field, so changing any of them breaks the chain from that row on. */
export function auditHash(prev: Buffer, row: AuditRow): Buffer {
  return createHash('sha256').update(prev).update(canonicalOf(row)).digest();
}

function canonicalOf(row: AuditRow): string {
  return stable([
    row.chain, row.chain_seq, row.at.toISOString(), row.user_id, row.username, row.role, row.region_code, row.action,
    row.object_type, row.object_id, row.outcome, row.ip, row.request_id, row.reason, row.details ?? null,
  ]);
}

/**
 * Appends one record in the caller's transaction, so the record and the change it describes commit or
 * fail together — in one statement: it advances the chain's head row (whose row lock orders writers on
 * that chain) and inserts the record hashed onto the previous one.
 *
 * The chain follows from the transaction id, so all records of one transaction go to one chain: two
 * transactions that each write several records never wait for each other's chains in opposite orders.
 */
export async function writeAuditInTrx(trx: Trx, entry: AuditEntry): Promise<void> {
  const row: Omit<AuditRow, 'chain' | 'chain_seq'> = {
    at: new Date(),
    user_id: entry.actor.id,
    username: entry.actor.username,
    role: entry.actor.role,
    region_code: entry.actor.regionCode,
    action: entry.action,
    object_type: entry.objectType ?? null,
    object_id: entry.objectId === undefined || entry.objectId === null ? null : String(entry.objectId),
    outcome: entry.outcome,
    ip: entry.ip ?? null,
    request_id: entry.requestId ?? null,
    reason: entry.reason ?? null,
    // Hash exactly what the jsonb column will give back: JSON drops undefined and turns a Date into a string.
    details: entry.details === undefined || entry.details === null ? null : (JSON.parse(JSON.stringify(entry.details)) as unknown),
  };
  // canonical = [chain,seq,<rest…>]: the database fills in chain and seq, so send "<rest…>]" here.
  const rest = canonicalOf({ ...row, chain: 0, chain_seq: 0 }).slice('[0,0,'.length);
  await sql`
    WITH head AS (
      UPDATE audit_chain_head
         SET seq = seq + 1,
             prev = hash,
             hash = sha256(hash || convert_to('[' || chain || ',' || (seq + 1) || ',' || ${rest}, 'UTF8'))
       WHERE chain = (txid_current() % ${AUDIT_CHAINS})
      RETURNING chain, seq, prev, hash)
    INSERT INTO audit_log (chain, chain_seq, at, user_id, username, role, region_code, action, object_type, object_id,
                           outcome, ip, request_id, reason, details, prev_hash, hash)
    SELECT head.chain, head.seq, ${row.at}, ${row.user_id}, ${row.username}, ${row.role}, ${row.region_code}, ${row.action},
           ${row.object_type}, ${row.object_id}, ${row.outcome}, ${row.ip}, ${row.request_id}, ${row.reason},
           ${row.details === null ? null : JSON.stringify(row.details)}::jsonb, head.prev, head.hash
      FROM head`.execute(trx);
}

// RENKOU_AUDIT_READS_DURABLE=1 makes read records wait for the disk like every other commit.
const READS_DURABLE = process.env.RENKOU_AUDIT_READS_DURABLE === '1';

/**
 * The audit record of a plain read (a person page, a search, a dashboard), in the reading transaction.
 * That transaction changes no registry data, so it commits without waiting for the WAL flush
 * (synchronous_commit off, for this transaction only): a server crash may lose the last fraction of a
 * second of read records, never a change to data or the record of one. Measured in
 * bench/person-lookup.ts and docs/adr/0004-asynchronous-commit-for-read-audits.md.
 */
export async function auditReadInTrx(trx: Trx, entry: AuditEntry): Promise<void> {
  if (!READS_DURABLE) await sql`SET LOCAL synchronous_commit = off`.execute(trx);
  await writeAuditInTrx(trx, entry);
}

/** For outcomes with no other write (a denial, a failed login): the record alone in its own transaction. */
export function writeAudit(db: Db, entry: AuditEntry): Promise<void> {
  return db.transaction().execute((trx) => writeAuditInTrx(trx, entry));
}

export interface ChainProblem {
  chain: number;
  chainSeq: number;
  id: number | null;
  problem: string;
}

/** Walks every chain: a changed row fails its hash, a removed one leaves a gap or a broken link. */
export async function verifyAuditChain(db: Db): Promise<{ ok: boolean; checked: number; problems: ChainProblem[] }> {
  const problems: ChainProblem[] = [];
  let checked = 0;
  for (let chain = 0; chain < AUDIT_CHAINS; chain++) {
    let expectedSeq = 1;
    let prev: Buffer = GENESIS;
    let afterSeq = 0;
    for (;;) {
      const rows = await db.selectFrom('audit_log').selectAll().where('chain', '=', chain).where('chain_seq', '>', afterSeq).orderBy('chain_seq').limit(5000).execute();
      if (rows.length === 0) break;
      for (const r of rows) {
        checked++;
        if (r.chain_seq !== expectedSeq) {
          problems.push({ chain, chainSeq: expectedSeq, id: null, problem: `rows ${expectedSeq}…${r.chain_seq - 1} are missing` });
        }
        if (!r.prev_hash.equals(prev) && r.chain_seq === expectedSeq) {
          problems.push({ chain, chainSeq: r.chain_seq, id: r.id, problem: 'link to the previous row is broken' });
        }
        const recomputed = auditHash(r.prev_hash, { ...r, details: r.details ?? null });
        if (!recomputed.equals(r.hash)) problems.push({ chain, chainSeq: r.chain_seq, id: r.id, problem: 'row content does not match its hash (changed)' });
        prev = r.hash;
        expectedSeq = r.chain_seq + 1;
        afterSeq = r.chain_seq;
      }
    }
    // The head row anchors the chain's end: rows removed from the end leave the head ahead of them.
    const head = await db.selectFrom('audit_chain_head').select(['seq', 'hash']).where('chain', '=', chain).executeTakeFirst();
    if (head && (head.seq !== afterSeq || (afterSeq > 0 && !head.hash.equals(prev)))) {
      problems.push({ chain, chainSeq: head.seq, id: null, problem: `the chain's head is at ${head.seq} but its last row is ${afterSeq}: newest rows removed or the head changed` });
    }
  }
  return { ok: problems.length === 0, checked, problems };
}
