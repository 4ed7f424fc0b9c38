/** What the tests of the set-based apply share: a seeded PRNG, a snapshot by natural values, the importer. */
import type { TestApp } from '../../../test/harness';
import type { ImportWho } from './import.service';

/** mulberry32, so a failure can be replayed. */
export function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
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
