import { createTestDatabase, type TestDatabase } from '@renkou/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AUDIT_CHAINS, verifyAuditChain, writeAudit, writeAuditInTrx, type AuditEntry } from './audit';

let db: TestDatabase;

const actor = { id: 1, username: 'clerk1', role: 'village_clerk', regionCode: '330522001001' } as const;
const entry = (n: number, extra: Partial<AuditEntry> = {}): AuditEntry => ({
  actor,
  action: 'person.read',
  objectType: 'person',
  objectId: n,
  outcome: 'success',
  ip: '10.0.0.1',
  requestId: `req-${n}`,
  ...extra,
});

/** The owner may switch the append-only triggers off: what a superuser or a stolen owner password could do. */
async function asTamperer(fn: (q: (text: string, values?: unknown[]) => Promise<unknown>) => Promise<void>): Promise<void> {
  const client = await db.ownerPool.connect();
  try {
    await client.query('ALTER TABLE audit_log DISABLE TRIGGER USER');
    await fn((text, values) => client.query(text, values));
  } finally {
    await client.query('ALTER TABLE audit_log ENABLE TRIGGER USER');
    client.release();
  }
}

async function resetLog(): Promise<void> {
  await asTamperer(async (q) => {
    await q('DELETE FROM audit_log');
    await q(`UPDATE audit_chain_head SET seq = 0, prev = '\\x', hash = decode(repeat('00', 32), 'hex')`);
  });
}

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.drop());
beforeEach(resetLog);

describe('audit log is append-only', () => {
  beforeEach(async () => {
    await writeAudit(db.db, entry(1));
  });

  it('the application role may not UPDATE, DELETE or TRUNCATE it', async () => {
    await expect(db.db.updateTable('audit_log').set({ action: 'x' }).execute()).rejects.toThrow(/permission denied/);
    await expect(db.db.deleteFrom('audit_log').execute()).rejects.toThrow(/permission denied/);
    await expect(sql`TRUNCATE audit_log`.execute(db.db)).rejects.toThrow(/permission denied/);
    // Nor switch the triggers off.
    await expect(sql`ALTER TABLE audit_log DISABLE TRIGGER USER`.execute(db.db)).rejects.toThrow(/must be owner/);
  });

  // The application logs in as renkou_app itself (not as the owner), so it cannot take the owner's role back.
  it('the application connection cannot take back the owner role and switch the triggers off', async () => {
    const client = await db.appPool.connect();
    const owner = (await db.ownerPool.query<{ u: string }>('SELECT current_user AS u')).rows[0]!.u;
    try {
      const { rows } = await client.query<{ s: string }>('SELECT session_user AS s');
      expect(rows[0]!.s).toBe('renkou_app');
      await expect(client.query(`SET ROLE ${client.escapeIdentifier(owner)}`)).rejects.toThrow(/permission denied/);
      await expect(client.query('ALTER TABLE audit_log DISABLE TRIGGER USER')).rejects.toThrow(/must be owner/);
    } finally {
      client.release();
    }
  });

  it('even the owner is refused by the triggers', async () => {
    await expect(db.ownerPool.query(`UPDATE audit_log SET action = 'x'`)).rejects.toThrow(/append-only: UPDATE refused/);
    await expect(db.ownerPool.query(`DELETE FROM audit_log`)).rejects.toThrow(/append-only: DELETE refused/);
    await expect(db.ownerPool.query(`TRUNCATE audit_log`)).rejects.toThrow(/append-only: TRUNCATE refused/);
    const { rows } = await db.ownerPool.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_log');
    expect(rows[0]!.n).toBe(1);
  });
});

describe('verifyAuditChain', () => {
  it('is ok on an empty log and on a normal one', async () => {
    expect(await verifyAuditChain(db.db)).toEqual({ ok: true, checked: 0, problems: [] });
    for (let i = 0; i < 30; i++) await writeAudit(db.db, entry(i));
    const r = await verifyAuditChain(db.db);
    expect(r).toMatchObject({ ok: true, checked: 30, problems: [] });
  });

  it('finds a changed row, in any field', async () => {
    for (let i = 0; i < 20; i++) await writeAudit(db.db, entry(i, { details: { results: i } }));
    const { rows } = await db.ownerPool.query<{ id: number; chain: number; chain_seq: number }>('SELECT id, chain, chain_seq::int FROM audit_log WHERE chain_seq = 2 ORDER BY id LIMIT 1');
    const target = rows[0]!;
    for (const change of [`outcome = 'denied'`, `username = 'someone_else'`, `at = at + interval '1 second'`, `details = '{"results": 99}'`, `ip = NULL`]) {
      // Tamper, verify and put the row back on one owner connection.
      await asTamperer(async (q) => {
        await q(`CREATE TEMP TABLE keep AS SELECT * FROM audit_log WHERE id = $1`, [target.id]);
        await q(`UPDATE audit_log SET ${change} WHERE id = $1`, [target.id]);
        const r = await verifyAuditChain(db.db);
        expect(r.ok, change).toBe(false);
        expect(r.problems, change).toEqual([{ chain: target.chain, chainSeq: 2, id: target.id, problem: 'row content does not match its hash (changed)' }]);
        await q(`UPDATE audit_log a SET outcome = k.outcome, username = k.username, at = k.at, details = k.details, ip = k.ip FROM keep k WHERE a.id = k.id`);
        await q(`DROP TABLE keep`);
      });
      expect((await verifyAuditChain(db.db)).ok, `restored after ${change}`).toBe(true);
    }
  });

  it('finds a changed row even when its own hash is recomputed: the next link breaks', async () => {
    for (let i = 0; i < 30; i++) await writeAudit(db.db, entry(i));
    const { rows } = await db.ownerPool.query<{ id: number; chain: number }>('SELECT id, chain FROM audit_log WHERE chain_seq = 1 ORDER BY id LIMIT 1');
    const { auditHash } = await import('./audit');
    const row = await db.db.selectFrom('audit_log').selectAll().where('id', '=', rows[0]!.id).executeTakeFirstOrThrow();
    const forged = { ...row, outcome: 'denied' as const, details: row.details ?? null };
    await asTamperer(async (q) => {
      await q(`UPDATE audit_log SET outcome = 'denied', hash = $2 WHERE id = $1`, [row.id, auditHash(row.prev_hash, forged)]);
    });
    const r = await verifyAuditChain(db.db);
    expect(r.ok).toBe(false);
    expect(r.problems).toContainEqual(expect.objectContaining({ chain: row.chain, chainSeq: 2, problem: 'link to the previous row is broken' }));
  });

  it('finds a removed row', async () => {
    for (let i = 0; i < 30; i++) await writeAudit(db.db, entry(i));
    const { rows } = await db.ownerPool.query<{ chain: number }>(`SELECT chain FROM audit_log GROUP BY chain HAVING max(chain_seq) >= 3 ORDER BY chain LIMIT 1`);
    const chain = rows[0]!.chain;
    await asTamperer(async (q) => {
      await q('DELETE FROM audit_log WHERE chain = $1 AND chain_seq = 2', [chain]);
    });
    const r = await verifyAuditChain(db.db);
    expect(r.ok).toBe(false);
    expect(r.checked).toBe(29);
    expect(r.problems).toEqual([{ chain, chainSeq: 2, id: null, problem: 'rows 2…2 are missing' }]);
  });

  it('finds the first rows of a chain removed', async () => {
    for (let i = 0; i < 30; i++) await writeAudit(db.db, entry(i));
    const { rows } = await db.ownerPool.query<{ chain: number }>(`SELECT chain FROM audit_log GROUP BY chain HAVING max(chain_seq) >= 3 ORDER BY chain LIMIT 1`);
    const chain = rows[0]!.chain;
    await asTamperer(async (q) => {
      await q('DELETE FROM audit_log WHERE chain = $1 AND chain_seq <= 2', [chain]);
    });
    const r = await verifyAuditChain(db.db);
    expect(r.problems).toEqual([{ chain, chainSeq: 1, id: null, problem: 'rows 1…2 are missing' }]);
  });

  it('finds the newest rows of a chain removed: the chain head is ahead of them', async () => {
    for (let i = 0; i < 10; i++) await writeAudit(db.db, entry(i));
    await asTamperer(async (q) => {
      await q('DELETE FROM audit_log WHERE (chain, chain_seq) IN (SELECT chain, max(chain_seq) FROM audit_log GROUP BY chain LIMIT 1)');
    });
    const r = await verifyAuditChain(db.db);
    expect(r.ok).toBe(false);
    expect(r.problems[0]!.problem).toMatch(/newest rows removed/);
  });

  it('limit: removing the newest rows and rewinding the head as well goes unnoticed (no anchor outside the database)', async () => {
    for (let i = 0; i < 10; i++) await writeAudit(db.db, entry(i));
    await asTamperer(async (q) => {
      const { rows } = (await q('SELECT chain, max(chain_seq) AS seq FROM audit_log GROUP BY chain ORDER BY chain LIMIT 1')) as { rows: { chain: number; seq: string }[] };
      const { chain, seq } = rows[0]!;
      await q('DELETE FROM audit_log WHERE chain = $1 AND chain_seq = $2', [chain, seq]);
      await q('UPDATE audit_chain_head h SET seq = l.chain_seq, prev = l.prev_hash, hash = l.hash FROM audit_log l WHERE h.chain = $1 AND l.chain = $1 AND l.chain_seq = $2', [chain, Number(seq) - 1]);
      if (Number(seq) === 1) await q(`UPDATE audit_chain_head SET seq = 0, prev = '\\x', hash = decode(repeat('00', 32), 'hex') WHERE chain = $1`, [chain]);
    });
    expect((await verifyAuditChain(db.db)).ok).toBe(true);
  });

  it('verifies a chain longer than one page of 5,000 rows, and finds a change past the first page', async () => {
    // Rows built and hashed here and inserted in bulk: the writer itself would take a minute for this many.
    const { auditHash } = await import('./audit');
    let prev: Buffer = Buffer.alloc(32);
    const rows = [];
    for (let seq = 1; seq <= 5_002; seq++) {
      const row = {
        chain: 5, chain_seq: seq, at: new Date(Date.UTC(2025, 0, 1) + seq * 1000), user_id: 1, username: 'clerk1', role: 'village_clerk', region_code: '330522001001',
        action: 'person.read', object_type: 'person', object_id: String(seq), outcome: 'success' as const, ip: '10.0.0.1', request_id: `r${seq}`, reason: null, details: null,
      };
      const hash = auditHash(prev, row);
      rows.push({ ...row, prev_hash: prev, hash });
      prev = hash;
    }
    for (let i = 0; i < rows.length; i += 1000) await db.db.insertInto('audit_log').values(rows.slice(i, i + 1000)).execute();
    await db.ownerPool.query('UPDATE audit_chain_head SET seq = 5002, hash = $1 WHERE chain = 5', [prev]);
    expect(await verifyAuditChain(db.db)).toMatchObject({ ok: true, checked: 5_002 });
    await asTamperer(async (q) => {
      await q(`UPDATE audit_log SET object_id = 'x' WHERE chain = 5 AND chain_seq = 5001`);
    });
    const r = await verifyAuditChain(db.db);
    expect(r.problems).toEqual([expect.objectContaining({ chain: 5, chainSeq: 5001, problem: 'row content does not match its hash (changed)' })]);
  });
});

describe('concurrent writers', () => {
  it('50 concurrent writes keep every chain intact, over all 8 chains', async () => {
    await Promise.all(Array.from({ length: 50 }, (_, i) => writeAudit(db.db, entry(i))));
    const r = await verifyAuditChain(db.db);
    expect(r).toMatchObject({ ok: true, checked: 50, problems: [] });
    const { rows } = await db.ownerPool.query<{ n: number }>('SELECT count(DISTINCT chain)::int AS n FROM audit_log');
    expect(rows[0]!.n).toBeGreaterThan(1);
    expect(rows[0]!.n).toBeLessThanOrEqual(AUDIT_CHAINS);
  });

  it('concurrent transactions that each write several records neither deadlock nor break a chain', async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 30 }, (_, i) =>
        db.db.transaction().execute(async (trx) => {
          for (let k = 0; k < 4; k++) {
            await writeAuditInTrx(trx, entry(i * 10 + k));
            await sql`SELECT pg_sleep(0.002)`.execute(trx);
          }
        }),
      ),
    );
    const failed = results.filter((r) => r.status === 'rejected').map((r) => String((r as PromiseRejectedResult).reason));
    expect(failed).toEqual([]);
    expect(await verifyAuditChain(db.db)).toMatchObject({ ok: true, checked: 120 });
  });

  it('all records of one transaction go to one chain, in order', async () => {
    await db.db.transaction().execute(async (trx) => {
      for (let k = 0; k < 5; k++) await writeAuditInTrx(trx, entry(k));
    });
    const rows = await db.db.selectFrom('audit_log').select(['chain', 'chain_seq', 'object_id']).orderBy('id').execute();
    expect(new Set(rows.map((r) => r.chain)).size).toBe(1);
    expect(rows.map((r) => [r.chain_seq, r.object_id])).toEqual([[1, '0'], [2, '1'], [3, '2'], [4, '3'], [5, '4']]);
  });

  it('a rolled-back transaction leaves no record and no gap', async () => {
    await expect(
      db.db.transaction().execute(async (trx) => {
        await writeAuditInTrx(trx, entry(1));
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    await writeAudit(db.db, entry(2));
    expect(await verifyAuditChain(db.db)).toMatchObject({ ok: true, checked: 1 });
  });
});

describe('record content', () => {
  it('stores every field of the entry', async () => {
    await writeAudit(db.db, entry(5, { reason: 'checking a birth', details: { by: 'name', results: 3 } }));
    const r = await db.db.selectFrom('audit_log').selectAll().executeTakeFirstOrThrow();
    expect(r).toMatchObject({
      user_id: 1, username: 'clerk1', role: 'village_clerk', region_code: '330522001001', action: 'person.read', object_type: 'person',
      object_id: '5', outcome: 'success', ip: '10.0.0.1', request_id: 'req-5', reason: 'checking a birth', details: { by: 'name', results: 3 },
    });
  });

  it('details that JSON changes on the way in (undefined, a Date, nested) still verify', async () => {
    await writeAudit(db.db, entry(1, { details: { skipped: undefined, when: new Date('2025-06-30T00:00:00Z'), list: [1, undefined, 'x'], nested: { a: undefined, b: 1 } } }));
    expect(await verifyAuditChain(db.db)).toMatchObject({ ok: true, checked: 1 });
  });
});
