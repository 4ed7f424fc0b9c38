import { sql } from 'kysely';
import type { Db } from '@renkou/db';

const columns = ['r.code', 'r.name', 'r.pinyin', 'r.level', 'r.parent_code', 'r.valid_from', 'r.valid_to'] as const;

function hasChildren() {
  // Villages have no children: skip the probe for them.
  return sql<boolean>`(r.level < 5 AND EXISTS (SELECT 1 FROM region c WHERE c.parent_code = r.code))`.as('has_children');
}

export function findRegion(db: Db, code: string) {
  return db.selectFrom('region as r').select([...columns, hasChildren()]).where('r.code', '=', code).executeTakeFirst();
}

/**
 * The two queries behind a children page, as builders: the page (through region_parent_idx on
 * (parent_code, code), already in code order) and the total. Exported so a test can EXPLAIN them.
 */
export function childrenQueries(db: Db, code: string, page: number, pageSize: number) {
  return {
    rows: db.selectFrom('region as r').select([...columns, hasChildren()]).where('r.parent_code', '=', code).orderBy('r.code').limit(pageSize).offset((page - 1) * pageSize),
    total: db.selectFrom('region as r').select(sql<number>`count(*)::int`.as('n')).where('r.parent_code', '=', code),
  };
}

export async function childrenOf(db: Db, code: string, page: number, pageSize: number) {
  const q = childrenQueries(db, code, page, pageSize);
  const [rows, total] = await Promise.all([q.rows.execute(), q.total.executeTakeFirstOrThrow()]);
  return { rows, total: total.n };
}

export function regionsByCodes(db: Db, codes: readonly string[]) {
  if (codes.length === 0) return Promise.resolve([]);
  return db.selectFrom('region as r').select([...columns, hasChildren()]).where('r.code', 'in', codes).orderBy('r.code').execute();
}

/**
 * Name (substring), pinyin or initials (prefix) within a subtree. The subtree prefix narrows the rows
 * through the code index before the name test runs, which keeps a county search to a few thousand rows.
 */
export function searchRegionsQuery(db: Db, within: string, q: string, level: number | undefined, limit: number) {
  const lower = q.toLowerCase().replace(/[\s']/g, '');
  const ascii = /^[a-z]+$/.test(lower);
  let query = db.selectFrom('region as r').select([...columns, hasChildren()]).where('r.code', 'like', `${within}%`);
  if (level !== undefined) query = query.where('r.level', '=', level);
  query = ascii
    ? query.where((eb) => eb.or([eb('r.pinyin', 'like', `${lower}%`), eb('r.pinyin_initials', 'like', `${lower}%`)]))
    : query.where('r.name', 'like', `%${q.replace(/[%_\\]/g, (c) => `\\${c}`)}%`);
  return query.orderBy('r.level').orderBy('r.code').limit(limit);
}

export function searchRegions(db: Db, within: string, q: string, level: number | undefined, limit: number) {
  return searchRegionsQuery(db, within, q, level, limit).execute();
}

export function countPerLevel(db: Db) {
  return db.selectFrom('region').select(['level', sql<number>`count(*)::int`.as('count')]).groupBy('level').orderBy('level').execute();
}
