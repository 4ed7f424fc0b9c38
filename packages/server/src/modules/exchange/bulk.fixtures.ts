/** What the tests of the set-based apply share: regions and officers, a snapshot by natural values, the importer. */
import type { BatchSummary } from '@renkou/core';
import { expect } from 'vitest';
import type { TestApp } from '../../../test/harness';
import type { ImportWho } from './import.service';

export { rng } from '@renkou/testing';

/** A one-digit keying error in the sequence part: the check character no longer fits. */
export function typo(id: string): string {
  const d = id[15] === '9' ? '1' : String(Number(id[15]) + 1);
  return `${id.slice(0, 15)}${d}${id.slice(16)}`;
}

/** A county officer of 长兴县 (330522, the batch's region) and of 吴兴区 (330521, outside it), and three villages of each. */
export async function twoCounties(t: TestApp): Promise<{ cookies: Record<string, string>; villages: Record<string, string[]> }> {
  const cookies: Record<string, string> = { '330522': (await t.user('county_officer', '330522')).cookie, '330521': (await t.user('county_officer', '330521')).cookie };
  const villages: Record<string, string[]> = {};
  for (const county of ['330522', '330521']) villages[county] = await Promise.all([0, 1, 2].map((i) => t.village(county, i)));
  return { cookies, villages };
}

/** Two summaries of the same file are equal but for the batch's id and time. */
export function expectSameSummary(a: BatchSummary, b: BatchSummary): void {
  const strip = (s: BatchSummary) => ({ ...s, batchId: 0, createdAt: '' });
  expect(strip(a)).toEqual(strip(b));
}

/** How many records the import's audit record says went set-based. */
export async function setBasedCount(t: TestApp): Promise<number> {
  return (await t.db.ownerPool.query("SELECT (details->>'setBased')::int AS n FROM audit_log WHERE action = 'exchange.import'")).rows[0].n as number;
}

/** The cubes equal what stat_rebuild() computes from the events. */
export async function expectCubesEqualRebuild(t: TestApp): Promise<void> {
  const before = await snapshot(t);
  await t.db.ownerPool.query('SELECT stat_rebuild()');
  const after = await snapshot(t);
  expect(after.stock).toEqual(before.stock);
  expect(after.flow).toEqual(before.flow);
  expect(after.presence).toEqual(before.presence);
}

/** Identity numbers differ between two databases fed the same records: compared by what they point to. */
const ID_KEYS = new Set(['personId', 'motherId', 'fatherId', 'husbandId', 'wifeId', 'batchId', 'marriageId']);

function withoutIds(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutIds);
  if (value && typeof value === 'object' && !(value instanceof Date) && !Buffer.isBuffer(value)) {
    return Object.fromEntries(Object.entries(value).filter(([k]) => !ID_KEYS.has(k)).map(([k, v]) => [k, withoutIds(v)]));
  }
  return value;
}

/** The registry and the import's records by natural values (identity numbers may differ). */
export async function snapshot(t: TestApp) {
  const q = async (text: string) => (await t.db.ownerPool.query(text)).rows.map(withoutIds);
  return {
    persons: await q(`SELECT p.name, p.sex, p.birth_date::text, p.hukou_region, p.residence_region, p.residence_type, p.ethnicity, p.status, p.marital_status,
                             h.region_code AS household_region, m.relation, m.joined_on::text
                        FROM person p LEFT JOIN household h ON h.id = p.household_id LEFT JOIN household_member m ON m.person_id = p.id ORDER BY 1, 2, 3, 4, 5, 10`),
    parents: await q('SELECT c.name AS child, c.birth_date::text, l.kind, p.name AS parent FROM parent_link l JOIN person c ON c.id = l.child_id JOIN person p ON p.id = l.parent_id ORDER BY 1, 2, 3, 4'),
    events: await q(`SELECT e.kind, e.occurred_on::text, e.region_code, e.source, p.name, cardinality(e.participants) AS participants, e.payload,
                            e.payload->'feed'->'row' AS feed_row
                       FROM vital_event e JOIN person p ON p.id = e.person_id ORDER BY 1, 2, 3, 4, 5, 8`),
    records: await q(`SELECT r.row_number, r.status, r.outcome, r.region_code, r.occurred_on::text, p.name AS person, r.problems, r.link
                        FROM import_record r LEFT JOIN person p ON p.id = r.person_id ORDER BY 1`),
    ledger: await q('SELECT x.kind, x.record_key, x.row_number, x.outcome, x.region_code, x.occurred_on::text, p.name FROM exchange_record x LEFT JOIN person p ON p.id = x.person_id ORDER BY 2'),
    stock: await q('SELECT level, region_code, basis, sex, birth_year, floating, away, n FROM stat_stock WHERE n <> 0 ORDER BY 1, 2, 3, 4, 5, 6, 7'),
    flow: await q('SELECT level, region_code, basis, month, kind, sex, age5, birth_order, mother_age5, n FROM stat_flow WHERE n <> 0 ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9'),
    presence: await q('SELECT level, region_code, basis, month, sex, birth_year, floating, away, n FROM stat_presence WHERE n <> 0 ORDER BY 1, 2, 3, 4, 5, 6, 7, 8'),
  };
}

export const WHO: ImportWho = { transport: 'cli', regionCode: '330522', userId: null, partnerId: null, actor: { id: null, username: 'cli', role: null, regionCode: null }, ip: null, requestId: null };
