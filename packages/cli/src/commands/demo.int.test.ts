import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { isValidIdNumber } from '@renkou/core';
import { createAppPool, createKysely } from '@renkou/db';
import { generateKeys, verifyAuditChain, type Keys } from '@renkou/server';
import { createTestDatabase, type TestDatabase } from '@renkou/testing';
// The server does not export these; the test checks the demo's sealed IDs with the registry's own functions.
import { idIndexOf, revealIdNumber } from '../../../server/src/modules/registry/id-protection';
import { buildReport, countsFromPopulation, generatePopulation, type DemoReport } from '../../../core/src/synthetic/index';
import type { Runtime } from '../runtime';
import { demoCommand, loadRegionInput, runDemoLoad } from './demo';
import { DemoRefused } from './demo-report';

const UNTIL = '2025-12-31';
const SCALE = '0.005';

let t: TestDatabase;
let keys: Keys;
let rt: Runtime;

/** Runs the command body as `renkou demo …` would, capturing stdout. */
async function demo(args: Partial<Parameters<typeof demoCommand>[1]>): Promise<{ code: number; stdout: string }> {
  let stdout = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  });
  const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    const code = await demoCommand(rt, { region: '3305', scale: SCALE, seed: '1', until: UNTIL, ...args });
    return { code, stdout };
  } finally {
    spy.mockRestore();
    stderr.mockRestore();
  }
}

beforeAll(async () => {
  t = await createTestDatabase();
  keys = generateKeys();
  rt = { server: { kind: 'external', url: t.url, stop: async () => undefined }, owner: t.ownerPool, keys, close: async () => undefined };
});
afterAll(() => t.drop());

const count = async (sql: string, params: unknown[] = []) => (await t.ownerPool.query<{ n: number }>(`SELECT (${sql})::int AS n`, params)).rows[0]!.n;

describe('renkou demo', () => {
  it('loads 0.005 of 湖州市 with five years of history in one go, audited', async () => {
    const r = await demo({ json: true });
    expect(r.code).toBe(0);
    const loaded = JSON.parse(r.stdout) as { persons: number; events: number; households: number };
    expect(loaded.persons).toBeGreaterThan(16_000);
    expect(await count('SELECT count(*) FROM person')).toBe(loaded.persons);
    expect(await count('SELECT count(*) FROM vital_event')).toBe(loaded.events);
    expect(await count("SELECT count(*) FROM vital_event WHERE source <> 'synthetic'")).toBe(0);
    expect(await count('SELECT count(*) FROM household')).toBe(loaded.households);
    const audit = await t.ownerPool.query<{ action: string; object_id: string }>("SELECT action, object_id FROM audit_log WHERE action = 'demo.load'");
    expect(audit.rows).toEqual([{ action: 'demo.load', object_id: '3305' }]);
    const db = createKysely(createAppPool(t.url, 1));
    expect((await verifyAuditChain(db)).ok).toBe(true);
    await db.destroy();
  }, 180_000);

  it('stores every ID number as the registry does: decryptable, indexed, masked, agreeing with sex and birth date', async () => {
    const { rows } = await t.ownerPool.query<{ id: number; id_number_cipher: Buffer; id_number_index: Buffer; id_number_masked: string; sex: string; birth_date: string }>(
      'SELECT id, id_number_cipher, id_number_index, id_number_masked, sex, birth_date FROM person',
    );
    for (const p of rows) {
      const id = revealIdNumber(keys, p.id_number_cipher);
      expect(isValidIdNumber(id, { today: UNTIL })).toBe(true);
      expect(idIndexOf(keys, id, UNTIL).equals(p.id_number_index)).toBe(true);
      expect(p.id_number_masked).toBe(`${id.slice(0, 6)}********${id.slice(-4)}`);
      expect(Number(id[16]) % 2 === 1 ? 'male' : 'female').toBe(p.sex);
      expect(`${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`).toBe(p.birth_date);
    }
    expect(await count('SELECT count(*) - count(DISTINCT id_number_index) FROM person')).toBe(0);
  });

  it('passes the registry rules on every vital event and keeps current state consistent with the events', async () => {
    // Mothers 12–60 and female; fathers male.
    expect(await count(`SELECT count(*) FROM vital_event e JOIN person m ON m.id = (e.payload->>'motherId')::bigint
      WHERE e.kind = 'birth' AND (date_part('year', age(e.occurred_on, m.birth_date)) NOT BETWEEN 12 AND 60 OR m.sex <> 'female')`)).toBe(0);
    // Legal marriage ages, for events and for every marriage on record.
    expect(await count(`SELECT count(*) FROM marriage m JOIN person h ON h.id = m.husband_id JOIN person w ON w.id = m.wife_id
      WHERE date_part('year', age(m.married_on, h.birth_date)) < 22 OR date_part('year', age(m.married_on, w.birth_date)) < 20 OR h.sex <> 'male' OR w.sex <> 'female'`)).toBe(0);
    // No event after a participant's death; no event before the census date.
    expect(await count('SELECT count(*) FROM vital_event e JOIN person p ON p.id = ANY(e.participants) WHERE p.death_date < e.occurred_on')).toBe(0);
    expect(await count("SELECT count(*) FROM vital_event WHERE occurred_on < '2020-11-01' OR occurred_on > $1", [UNTIL])).toBe(0);
    // Deaths, moves out and births match the current state.
    expect(await count("SELECT count(*) FROM person p FULL JOIN (SELECT * FROM vital_event WHERE kind = 'death') e ON e.person_id = p.id AND e.occurred_on = p.death_date WHERE (p.status = 'dead') <> (e.id IS NOT NULL)")).toBe(0);
    expect(await count("SELECT count(*) FROM person p WHERE (p.status = 'emigrated') <> EXISTS (SELECT 1 FROM vital_event e WHERE e.kind = 'move_out' AND e.person_id = p.id)")).toBe(0);
    expect(await count(`SELECT count(*) FROM vital_event e JOIN person c ON c.id = e.person_id LEFT JOIN parent_link l ON l.child_id = c.id AND l.kind = 'mother'
      WHERE e.kind = 'birth' AND (c.birth_date <> e.occurred_on OR l.parent_id IS DISTINCT FROM (e.payload->>'motherId')::bigint)`)).toBe(0);
    expect(await count("SELECT count(*) FROM marriage m WHERE m.ended_on IS NULL AND EXISTS (SELECT 1 FROM person p WHERE p.id IN (m.husband_id, m.wife_id) AND p.marital_status <> 'married')")).toBe(0);
    // Households: one head, recorded on the household; numbers are the village code and a running number.
    expect(await count("SELECT count(*) FROM household h JOIN household_member m ON m.household_id = h.id AND m.relation = 'head' WHERE h.head_person_id <> m.person_id")).toBe(0);
    expect(await count("SELECT count(*) FROM household WHERE household_number !~ ('^' || region_code || '[0-9]{6,}$')")).toBe(0);
  });

  it('leaves statistics that balance back to the 2020 census baseline and count today and the births exactly', async () => {
    const stock = (basis: string, fromMonth: string) =>
      count(`SELECT (SELECT coalesce(sum(n), 0) FROM stat_stock WHERE level = 2 AND region_code = '3305' AND basis = $1)
                  - (SELECT coalesce(sum(n), 0) FROM stat_presence WHERE level = 2 AND region_code = '3305' AND basis = $1 AND month >= $2)`, [basis, fromMonth]);
    const baseline = await count("SELECT count(*) FROM person p WHERE NOT EXISTS (SELECT 1 FROM vital_event e WHERE e.person_id = p.id AND (e.kind = 'birth' OR (e.kind = 'move_in' AND e.payload->>'newToRegistry' = 'true')))");
    expect(baseline).toBeGreaterThan(16_000);
    // Before the first event (2020-11-01) every baseline person was alive and present where the census put them.
    expect(await stock('residence', '2020-11-01')).toBe(await count(`SELECT count(*) FROM person p WHERE NOT EXISTS (SELECT 1 FROM vital_event e WHERE e.person_id = p.id AND (e.kind = 'birth' OR (e.kind = 'move_in' AND e.payload->>'newToRegistry' = 'true'))) AND coalesce((
      SELECT e.payload #>> '{state,before,residence}' FROM vital_event e
      WHERE (e.kind NOT IN ('marriage', 'divorce') AND e.person_id = p.id) OR (e.kind IN ('marriage', 'divorce') AND (e.payload->>'wifeId')::bigint = p.id)
      ORDER BY e.id LIMIT 1), p.residence_region) LIKE '3305%'`));
    expect(await stock('residence', '2099-01-01')).toBe(await count("SELECT count(*) FROM person WHERE status = 'alive' AND residence_region LIKE '3305%'"));
    expect(await stock('hukou', '2099-01-01')).toBe(await count("SELECT count(*) FROM person WHERE status = 'alive' AND hukou_region LIKE '3305%'"));
    const births2024 = await count("SELECT coalesce(sum(n), 0) FROM stat_flow WHERE level = 2 AND region_code = '3305' AND basis = 'residence' AND kind = 'birth' AND month BETWEEN '2024-01-01' AND '2024-12-01'");
    expect(births2024).toBeGreaterThan(0);
    expect(births2024).toBe(await count("SELECT count(*) FROM vital_event WHERE kind = 'birth' AND occurred_on BETWEEN '2024-01-01' AND '2024-12-31' AND region_code LIKE '3305%'"));
  }, 180_000);

  it('moves the identity and household-number sequences past the loaded rows', async () => {
    const max = await count('SELECT max(id) FROM person');
    const { rows } = await t.ownerPool.query<{ id: number }>(
      "INSERT INTO person (name, pinyin, sex, birth_date, ethnicity, hukou_region, residence_region, residence_type) VALUES ('测试', 'ceshi', 'male', '2000-01-01', '01', '330502', (SELECT min(code) FROM region WHERE code LIKE '3305%' AND level = 5), 'urban') RETURNING id",
    );
    expect(rows[0]!.id).toBe(max + 1);
    const numbers = await t.ownerPool.query<{ n: string; last: string }>("SELECT nextval('household_number_seq')::text AS n, (SELECT max(right(household_number, 6)) FROM household) AS last");
    expect(Number(numbers.rows[0]!.n)).toBeGreaterThan(Number(numbers.rows[0]!.last));
    await t.ownerPool.query('DELETE FROM person WHERE id = $1', [rows[0]!.id]);
  });

  it('reports the population against its targets, the same figures as the generator computes in memory', async () => {
    const r = await demo({ report: true, json: true });
    const report = JSON.parse(r.stdout) as DemoReport;
    const input = await loadRegionInput(t.ownerPool, '3305');
    const expected = buildReport(countsFromPopulation(generatePopulation({ regions: input, scale: Number(SCALE), seed: '1', until: UNTIL }), UNTIL));
    expect(report).toEqual(JSON.parse(JSON.stringify(expected)));
    // The tolerances of docs/domain/synthetic-population.md.
    expect(report.checks.filter((c) => !c.ok)).toEqual([]);
    expect(Math.max(...report.pyramid.map((g) => Math.max(Math.abs(g.male - g.censusMale), Math.abs(g.female - g.censusFemale))))).toBeLessThan(1.5);
    expect(report.pooled.srb).toBeGreaterThanOrEqual(105);
    expect(report.pooled.srb).toBeLessThanOrEqual(118);
    expect(report.pooled.tfr).toBeGreaterThanOrEqual(0.8);
    expect(report.pooled.tfr).toBeLessThanOrEqual(1.4);
    expect(report.pooled.cbr).toBeGreaterThanOrEqual(5);
    expect(report.pooled.cbr).toBeLessThanOrEqual(10);
    expect(report.pooled.cdr).toBeGreaterThanOrEqual(6);
    expect(report.pooled.cdr).toBeLessThanOrEqual(9);
    expect(report.householdSize).toBeGreaterThanOrEqual(2.3);
    expect(report.householdSize).toBeLessThanOrEqual(2.9);
    expect(report.mismatchShare).toBeGreaterThanOrEqual(0.25);
    expect(report.mismatchShare).toBeLessThanOrEqual(0.4);
    expect(r.code).toBe(0);
    const text = await demo({ report: true });
    expect(text.stdout).toMatch(/全部通过 \/ all checks passed/);
  }, 120_000);

  it('refuses to load into a registry that already holds persons, and refuses bad options', async () => {
    await expect(runDemoLoad(t.ownerPool, { region: '3305', scale: 0.001, seed: '2', until: UNTIL, keys, progress: false })).rejects.toThrow(/already holds/);
    await expect(runDemoLoad(t.ownerPool, { region: '3305', scale: 0.001, seed: '2', until: '2099-01-01', keys, progress: false })).rejects.toBeInstanceOf(DemoRefused);
    await expect(loadRegionInput(t.ownerPool, '9999')).rejects.toThrow(/no region 9999/);
    expect((await demo({ scale: '0.001' })).code).toBe(1);
  });
});
