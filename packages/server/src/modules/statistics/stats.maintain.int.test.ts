/**
 * The maintained aggregates are exactly what a rebuild from the events computes, after a random mix of
 * events (all kinds), corrections of dates and sexes, refused events, and a bulk load in deferred mode.
 * Also checks the backwards balancing against counts known independently of the events.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/harness';
import { createPerson, postEvent, TODAY } from '../registry/registry.fixtures';

let t: TestApp;
let cookie: string;
const villages: string[] = [];

/** mulberry32: the test's own seeded generator, so a failure replays. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

async function cubes(): Promise<Record<string, unknown[]>> {
  // Ordered by every column, so equal contents compare equal.
  const q = async (table: string, where = 'true') => (await sql.raw(`SELECT * FROM ${table} t WHERE ${where} ORDER BY t`).execute(t.db.ownerDb)).rows;
  const facts = await q('stat_fact');
  return { stat_flow: await q('stat_flow', 'n <> 0'), stat_presence: await q('stat_presence', 'n <> 0'), stat_stock: await q('stat_stock', 'n <> 0'), stat_fact: facts };
}

async function rebuildAndCompare(): Promise<void> {
  const maintained = await cubes();
  await sql`SELECT stat_rebuild()`.execute(t.db.ownerDb);
  const rebuilt = await cubes();
  for (const table of Object.keys(rebuilt)) expect(maintained[table], table).toEqual(rebuilt[table]);
}

/** Persons present in a region on a date by the cubes: today's stock minus the changes after that month. */
async function stockOn(region: string, basis: string, monthAfter: string): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    SELECT (SELECT coalesce(sum(n), 0) FROM stat_stock WHERE region_code = ${region} AND level = ${levelOf(region)} AND basis = ${basis})
         - (SELECT coalesce(sum(n), 0) FROM stat_presence WHERE region_code = ${region} AND level = ${levelOf(region)} AND basis = ${basis} AND month >= ${monthAfter}) AS n`.execute(t.db.ownerDb);
  return Number(rows[0]!.n);
}

function levelOf(code: string): number {
  return { 2: 1, 4: 2, 6: 3, 9: 4, 12: 5 }[code.length]!;
}

beforeAll(async () => {
  t = await startTestApp({ today: TODAY });
  cookie = (await t.user('county_officer', '330522')).cookie;
  villages.push(await t.village('330522001', 0), await t.village('330522001', 1), await t.village('330522101', 0), await t.village('330522101', 1));
}, 120_000);

afterAll(async () => {
  await t?.close();
});

describe('maintained statistics', () => {
  const persons: { id: number; sex: 'male' | 'female'; birthDate: string }[] = [];
  const initial = new Map<string, number>();

  it('balances back to the registrations before any event', async () => {
    const r = rng(42);
    for (let i = 0; i < 40; i++) {
      const sex = i % 2 === 0 ? 'female' : 'male';
      const year = 1960 + Math.floor(r() * 45);
      const birthDate = `${year}-0${1 + Math.floor(r() * 9)}-1${Math.floor(r() * 9)}`;
      const village = villages[Math.floor(r() * villages.length)]!;
      // A few registered with their hukou in the other township: floating and away in the cubes.
      const hukouRegion = i % 7 === 3 ? villages[(villages.indexOf(village) + 2) % villages.length]! : village;
      const p = await createPerson(t, cookie, { name: `统计${i}`, sex, birthDate, village, hukouRegion });
      persons.push({ id: p.id, sex, birthDate });
      initial.set(village.slice(0, 9), (initial.get(village.slice(0, 9)) ?? 0) + 1);
    }
    expect(await stockOn('330522001', 'residence', '2024-01-01')).toBe(initial.get('330522001') ?? 0);
    await rebuildAndCompare();
  });

  it('equals a rebuild after a random mix of events and corrections', async () => {
    const r = rng(7);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
    const eventIds: { id: number; kind: string }[] = [];
    const statuses = new Map<number, number>();
    let names = 0;
    for (let step = 0; step < 160; step++) {
      const day = `202${4 + Math.floor(r() * 2)}-0${1 + Math.floor(r() * 6)}-${10 + Math.floor(r() * 18)}`;
      const p = pick(persons);
      const choice = r();
      let body: Record<string, unknown>;
      if (choice < 0.25) {
        const mother = pick(persons.filter((x) => x.sex === 'female'));
        body = { kind: 'birth', occurredOn: day, motherId: mother.id, child: { name: `新生${names++}`, sex: r() < 0.52 ? 'male' : 'female' } };
      } else if (choice < 0.32) body = { kind: 'death', occurredOn: day, personId: p.id };
      else if (choice < 0.42) body = { kind: 'residence_change', occurredOn: day, personId: p.id, toRegion: pick(villages) };
      else if (choice < 0.5) body = { kind: 'hukou_change', occurredOn: day, personId: p.id, toRegion: r() < 0.3 ? '330521' : pick(villages) };
      else if (choice < 0.56) body = { kind: 'move_out', occurredOn: day, personId: p.id, toRegion: '110101' };
      else if (choice < 0.64) body = { kind: 'move_in', occurredOn: day, personId: p.id, fromRegion: '3101', toRegion: pick(villages) };
      else if (choice < 0.7) body = { kind: 'move_in', occurredOn: day, fromRegion: '320102', toRegion: pick(villages), person: { name: `迁入${names++}`, sex: r() < 0.5 ? 'male' : 'female', birthDate: '1990-05-05', ethnicity: '01', residenceType: 'urban' } };
      else if (choice < 0.8) {
        const h = pick(persons.filter((x) => x.sex === 'male'));
        const w = pick(persons.filter((x) => x.sex === 'female'));
        body = { kind: r() < 0.7 ? 'marriage' : 'divorce', occurredOn: day, husbandId: h.id, wifeId: w.id };
      } else if (eventIds.length > 0) {
        const target = pick(eventIds);
        const changes = target.kind === 'birth' && r() < 0.5 ? { sex: r() < 0.5 ? 'male' : 'female' } : { occurredOn: day };
        body = { kind: 'correction', occurredOn: TODAY, correctsEventId: target.id, reason: '核实更正', changes };
      } else continue;
      const res = await postEvent(t, cookie, body);
      expect(res.statusCode, res.body).toBeLessThan(500);
      statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
      if (res.statusCode === 201) {
        const { eventId, personId } = res.json<{ eventId: number; personId: number }>();
        if (body.kind !== 'correction') eventIds.push({ id: eventId, kind: String(body.kind) });
        if (body.kind === 'birth' || (body.kind === 'move_in' && body.person)) {
          const row = await t.db.db.selectFrom('person').select(['sex', 'birth_date']).where('id', '=', personId).executeTakeFirstOrThrow();
          persons.push({ id: personId, sex: row.sex as 'male' | 'female', birthDate: row.birth_date });
        }
      }
    }
    // The mix must really have exercised the maintenance: most kinds succeeded at least once.
    const kinds = await t.db.db.selectFrom('vital_event').select('kind').distinct().execute();
    expect(kinds.length).toBeGreaterThanOrEqual(8);
    expect(statuses.get(201)).toBeGreaterThan(60);
    await rebuildAndCompare();

    // Independent checks of today's stock and of the balancing back to before the first event.
    const alive = await sql<{ n: number }>`SELECT count(*)::int AS n FROM person WHERE status = 'alive' AND residence_region LIKE '330522%'`.execute(t.db.ownerDb);
    expect(await stockOn('330522', 'residence', '2099-01-01')).toBe(alive.rows[0]!.n);
    expect(await stockOn('330522001', 'residence', '2024-01-01')).toBe(initial.get('330522001') ?? 0);
    expect(await stockOn('330522101', 'residence', '2024-01-01')).toBe(initial.get('330522101') ?? 0);
    const births = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM vital_event e JOIN person c ON c.id = e.person_id
      WHERE e.kind = 'birth' AND c.birth_date BETWEEN '2025-01-01' AND '2025-06-30' AND e.region_code LIKE '330522%'`.execute(t.db.ownerDb);
    const flow = await sql<{ n: number }>`
      SELECT coalesce(sum(n), 0)::int AS n FROM stat_flow WHERE level = 3 AND region_code = '330522' AND basis = 'residence' AND kind = 'birth' AND month BETWEEN '2025-01-01' AND '2025-06-01'`.execute(t.db.ownerDb);
    expect(flow.rows[0]!.n).toBe(births.rows[0]!.n);
  }, 300_000);

  it('equals a rebuild after an import: many persons and events in single multi-row statements', async () => {
    // As a feed import writes: one INSERT of many persons, then one INSERT of their events, by the application role.
    const village = villages[1]!;
    const mother = persons.find((p) => p.sex === 'female')!;
    const ids = await t.db.db.transaction().execute(async (trx) => {
      const rows = await trx
        .insertInto('person')
        .values(Array.from({ length: 12 }, (_, i) => ({
          name: `导入${i}`, pinyin: 'daoru', sex: i % 2 === 0 ? 'male' : 'female', birth_date: `2025-0${1 + (i % 5)}-0${1 + (i % 9)}`, ethnicity: '01',
          hukou_region: village, residence_region: village, residence_type: 'rural' as const,
        })))
        .returning(['id', 'birth_date'])
        .execute();
      await trx
        .insertInto('vital_event')
        .values(rows.map((r, i) => ({
          kind: 'birth', person_id: r.id, participants: [r.id, mother.id], occurred_on: r.birth_date, region_code: village, source: 'import',
          payload: JSON.stringify({ motherId: mother.id, birthOrder: i + 1, state: { before: null, after: { present: true, residence: village, hukou: village } } }),
        })))
        .execute();
      return rows.map((r) => r.id);
    });
    expect(ids).toHaveLength(12);
    await rebuildAndCompare();
  });

  it('stays exact under concurrent writers in one township', async () => {
    const mothers = persons.filter((p) => p.sex === 'female' && p.birthDate < '2000-01-01' && p.birthDate > '1975-12-31');
    expect(mothers.length).toBeGreaterThan(3);
    const results = await Promise.all(
      Array.from({ length: 16 }, (_, i) =>
        postEvent(t, cookie, { kind: 'birth', occurredOn: `2025-06-${String(1 + i).padStart(2, '0')}`, motherId: mothers[i % mothers.length]!.id, child: { name: `并发${i}`, sex: i % 2 ? 'male' : 'female' } }),
      ),
    );
    for (const r of results) expect(r.statusCode, r.body).toBeLessThan(500);
    expect(results.filter((r) => r.statusCode === 201).length).toBeGreaterThan(0);
    await rebuildAndCompare();
  });

  it('a bulk load in deferred mode leaves nothing until the rebuild, which equals maintenance', async () => {
    const before = await cubes();
    await t.db.ownerDb.transaction().execute(async (trx) => {
      await sql`SELECT set_config('renkou.stats', 'deferred', true)`.execute(trx);
      await sql`UPDATE person SET residence_region = ${villages[0]!} WHERE id = ${persons[0]!.id}`.execute(trx);
    });
    expect(await cubes()).toEqual(before);
    await sql`SELECT stat_rebuild()`.execute(t.db.ownerDb);
    await rebuildAndCompare();
  });

  it('the application role cannot write the cubes or run the rebuild', async () => {
    await expect(sql`INSERT INTO stat_stock VALUES (1, '33', 'residence', 'male', 1990, false, false, 1)`.execute(t.db.db)).rejects.toThrow(/permission denied/);
    await expect(sql`SELECT stat_rebuild()`.execute(t.db.db)).rejects.toThrow(/permission denied/);
  });
});
