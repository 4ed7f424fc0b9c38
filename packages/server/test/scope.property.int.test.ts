/**
 * Scope property: for an arbitrary (user, target record, route) over every route that touches persons,
 * households or events, the request succeeds only when the target lies in the user's subtree (a person
 * through residence or hukou region, a household through its village), is otherwise refused with 404
 * (403 FORBIDDEN for a missing permission; 403 OUT_OF_SCOPE where the target is a region code, which is
 * public data), and a refused write leaves the database as it was. Searches never return a person
 * outside the subtree.
 *
 * The world is built once: persons, households and events over villages of two townships of 长兴县
 * (330522001 雉城街道, 330522101 洪桥镇) and one township of 德清县 (330521…), and users of every role with personal-data
 * access. Successful writes change the world as the run goes on (people marry, move, die); expectations
 * are computed from the database state read just before each request.
 */
import fc from 'fast-check';
import * as core from '@renkou/core';
import { ALL_CONTRACTS, buildIdNumber, dashboardContracts, hasPermission, type Permission, type Role, type RouteContract } from '@renkou/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idFor, startTestApp, type TestApp } from './harness';

const TODAY = '2025-06-30';

// ---------------------------------------------------------------------------------------------------
// Which routes this file must cover

const PERSONAL_PERMISSIONS: readonly string[] = ['person.read', 'person.write', 'person.reveal_id'] satisfies Permission[];
const routeKey = (c: Pick<RouteContract, 'method' | 'url'>) => `${c.method} ${c.url}`;

/** A route touches personal data when it needs a person permission or lives under persons/households/events. */
function touchesPersonalData(c: RouteContract): boolean {
  return PERSONAL_PERMISSIONS.includes(c.access) || /^\/api\/v1\/(persons|households|events)(\/|$)/.test(c.url);
}

function isContract(v: unknown): v is RouteContract {
  return typeof v === 'object' && v !== null && 'method' in v && 'url' in v && 'access' in v;
}

/**
 * Every contract group core exports (`authContracts`, `registryContracts`, …), read group by group so a key
 * shared by two groups cannot hide a route the way spreading them into one object does.
 */
function contractsFromGroups(): RouteContract[] {
  return Object.entries(core)
    .filter(([name, v]) => name.endsWith('Contracts') && name !== 'ALL_CONTRACTS' && typeof v === 'object' && v !== null)
    .flatMap(([, group]) => Object.values(group as Record<string, unknown>).filter(isContract));
}

const C = core.registryContracts;

// ---------------------------------------------------------------------------------------------------
// World

interface U {
  readonly label: string;
  readonly role: Role;
  readonly region: string;
  cookie: string;
}

interface PersonState {
  id: number;
  name: string;
  pinyin: string;
  residence_region: string;
  hukou_region: string;
  status: 'alive' | 'dead' | 'emigrated';
  marital_status: string;
}

let t: TestApp;
let users: U[];
let villages: string[];
let regionsForFilter: string[];
let men: number[];
let women: number[];
let elders: number[];
let people: number[];
const idNumberOf = new Map<number, string>();
let households: { id: number; region: string }[];
let events: { id: number; personId: number }[];
let outsideVillage: string;
let townshipC: string;
/** Where everyone was when the world was built (targets are biased towards the user's subtree with it). */
let initial: Map<number, PersonState>;
/** Errors the server logged (500s), shown with a failing case. */
const serverErrors: unknown[] = [];

const GHOST_ID = 987_654_321;
const GHOST_ID_NUMBER = buildIdNumber('330522', '1977-07-07', 999);
const NAMES = ['王芳', '李娜', '张伟', '王伟', '刘洋', '陈静', '曾小明', '单田芳'];

const inTree = (code: string, root: string) => code.startsWith(root);
const personInScope = (u: U, p: PersonState) => inTree(p.residence_region, u.region) || inTree(p.hukou_region, u.region);

async function api(u: U | null, method: 'GET' | 'POST', url: string, body?: unknown) {
  return t.request(method, url, { ...(u ? { cookie: u.cookie } : {}), ...(body !== undefined ? { body } : {}) });
}

async function must<T = Record<string, unknown>>(u: U, method: 'GET' | 'POST', url: string, body: unknown, status: number): Promise<T> {
  const res = await api(u, method, url, body);
  if (res.statusCode !== status) throw new Error(`world set-up: ${method} ${url} as ${u.label} → ${res.statusCode} ${res.body}`);
  return res.json() as T;
}

async function persons(): Promise<Map<number, PersonState>> {
  const { rows } = await t.db.ownerPool.query<PersonState>('SELECT id, name, pinyin, residence_region, hukou_region, status, marital_status FROM person');
  return new Map(rows.map((r) => [Number(r.id), { ...r, id: Number(r.id) }]));
}

async function currentMarriages(): Promise<{ husband: number; wife: number }[]> {
  const { rows } = await t.db.ownerPool.query<{ husband_id: string; wife_id: string }>('SELECT husband_id, wife_id FROM marriage WHERE ended_on IS NULL');
  return rows.map((r) => ({ husband: Number(r.husband_id), wife: Number(r.wife_id) }));
}

/** A digest of every registry table a write can touch. */
async function checksum(): Promise<Record<string, string>> {
  const tables: [string, string][] = [
    ['person', 'id'],
    ['vital_event', 'id'],
    ['household_member', 'person_id'],
    ['household', 'id'],
    ['marriage', 'id'],
    ['parent_link', 'child_id, kind'],
  ];
  const sql = `SELECT ${tables
    .map(([name, order]) => `(SELECT count(*)::text || ':' || md5(coalesce(string_agg(x::text, '|' ORDER BY ${order.split(', ').map((c) => `x.${c}`).join(', ')}), '')) FROM ${name} x) AS ${name}`)
    .join(', ')}`;
  const { rows } = await t.db.ownerPool.query<Record<string, string>>(sql);
  return rows[0]!;
}

let birthSeq = 0;
/** A fresh birth date for each generated person, so every generated ID number is new. */
function nextBirthDate(fromYear = 1980): string {
  birthSeq += 1;
  return new Date(Date.UTC(fromYear, 0, 1) + birthSeq * 86_400_000).toISOString().slice(0, 10);
}

beforeAll(async () => {
  t = await startTestApp({ today: TODAY });
  const tA = '330522001';
  const tB = '330522101';
  const tc = await t.db.db.selectFrom('region').select('code').where('parent_code', '=', '330521').orderBy('code').executeTakeFirstOrThrow();
  townshipC = tc.code;
  const [a0, a1, b0, b1, c0, c1] = await Promise.all([t.village(tA, 0), t.village(tA, 1), t.village(tB, 0), t.village(tB, 1), t.village(townshipC, 0), t.village(townshipC, 1)]);
  villages = [a0, a1, b0, b1, c0, c1];
  outsideVillage = await t.village('110101');
  regionsForFilter = ['33', '3305', '3301', '330522', '330521', tA, tB, townshipC, a0, a1, b0, c0, c1];

  const mk = async (role: Role, region: string, label: string): Promise<U> => ({ label, role, region, cookie: (await t.user(role, region)).cookie });
  users = await Promise.all([
    mk('village_clerk', a0, `village_clerk@${a0}`),
    mk('village_clerk', b1, `village_clerk@${b1}`),
    mk('village_clerk', c0, `village_clerk@${c0}`),
    mk('township_officer', tA, `township_officer@${tA}`),
    mk('township_officer', tB, `township_officer@${tB}`),
    mk('township_officer', townshipC, `township_officer@${townshipC}`),
    mk('county_officer', '330522', 'county_officer@330522'),
    mk('county_officer', '330521', 'county_officer@330521'),
    mk('city_analyst', '3305', 'city_analyst@3305'),
    mk('city_analyst', '3301', 'city_analyst@3301'),
    mk('province_admin', '33', 'province_admin@33'),
    mk('auditor', '330522101', 'auditor@330522101'),
    mk('auditor', '3305', 'auditor@3305'),
    mk('system_admin', '33', 'system_admin@33'),
  ]);
  const cx = users.find((u) => u.label === 'county_officer@330522')!;
  const dq = users.find((u) => u.label === 'county_officer@330521')!;
  const writerFor = (village: string) => (village.startsWith('330522') ? cx : dq);

  let n = 0;
  const person = async (residence: string, hukou: string, sex: 'male' | 'female', birthDate: string): Promise<number> => {
    const idNumber = await idFor(hukou.slice(0, 6), birthDate, sex);
    const name = NAMES[n++ % NAMES.length]!;
    const p = await must<{ id: number }>(writerFor(residence), 'POST', '/api/v1/persons', {
      idNumber, name, sex, birthDate, hukouRegion: hukou, residenceRegion: residence, residenceType: 'rural', maritalStatus: 'unmarried',
    }, 201);
    idNumberOf.set(p.id, idNumber);
    return p.id;
  };

  men = [];
  women = [];
  elders = [];
  for (const [i, v] of villages.entries()) {
    men.push(await person(v, v, 'male', `1990-0${(i % 9) + 1}-1${i}`));
    women.push(await person(v, v, 'female', `1993-0${(i % 9) + 1}-2${i}`));
    elders.push(await person(v, v, i % 2 === 0 ? 'male' : 'female', `1940-0${(i % 9) + 1}-0${i + 1}`));
  }
  // Persons whose residence and hukou lie in different subtrees.
  women.push(await person(a0, c0, 'female', '1995-05-05')); // lives in 长兴, hukou in 德清
  men.push(await person(c1, b1, 'male', '1988-08-08')); // lives in 德清, hukou in 长兴
  women.push(await person(b0, tB, 'female', '1996-06-06')); // hukou at township level
  men.push(await person(a1, outsideVillage, 'male', '1987-07-07')); // hukou in 北京
  elders.push(await person(c0, a1, 'female', '1945-04-04'));
  const crossMember = await person(c0, a0, 'female', '1994-04-14'); // lives in 德清, hukou in 长兴
  women.push(crossMember);
  people = [...men, ...women, ...elders];

  households = [];
  for (const [i, v] of villages.entries()) {
    const h = await must<{ id: number }>(writerFor(v), 'POST', '/api/v1/households', { regionCode: v, address: `${i} 号`, headPersonId: men[i] }, 201);
    await must(writerFor(v), 'POST', `/api/v1/households/${h.id}/members`, { personId: women[i], relation: 'spouse' }, 200);
    households.push({ id: h.id, region: v });
  }
  // A household of 长兴 with a member who lives in 德清 (hukou in 长兴).
  await must(cx, 'POST', `/api/v1/households/${households[0]!.id}/members`, { personId: crossMember, relation: 'other' }, 200);

  const ev = async (writer: U, body: Record<string, unknown>) => {
    const r = await must<{ eventId: number; personId: number }>(writer, 'POST', '/api/v1/events', body, 201);
    return { id: r.eventId, personId: r.personId };
  };
  events = [
    await ev(cx, { kind: 'marriage', occurredOn: '2024-05-01', husbandId: men[0], wifeId: women[0] }),
    await ev(dq, { kind: 'marriage', occurredOn: '2024-05-02', husbandId: men[4], wifeId: women[4] }),
    await ev(cx, { kind: 'birth', occurredOn: '2025-01-10', motherId: women[1], fatherId: men[1], child: { name: '王小宝', sex: 'male' } }),
    await ev(dq, { kind: 'birth', occurredOn: '2025-02-10', motherId: women[5], child: { name: '李小花', sex: 'female' } }),
    await ev(dq, { kind: 'birth', occurredOn: '2025-02-11', motherId: crossMember, child: { name: '张小丽', sex: 'female' } }),
    await ev(cx, { kind: 'death', occurredOn: '2025-05-01', personId: elders[3] }),
    await ev(cx, { kind: 'residence_change', occurredOn: '2025-03-01', personId: elders[0], toRegion: villages[0] }),
    await ev(cx, { kind: 'hukou_change', occurredOn: '2025-03-02', personId: men[2], toRegion: tB }),
    await ev(dq, { kind: 'hukou_change', occurredOn: '2025-03-03', personId: men[6], toRegion: villages[3] }),
  ];
  initial = await persons();
  // With the logger off, Fastify hands every request the app's own (no-op) logger: catch what it would log.
  t.server.app.log.error = ((obj: unknown) => void serverErrors.push(obj)) as typeof t.server.app.log.error;
}, 120_000);

afterAll(() => t?.close());

// ---------------------------------------------------------------------------------------------------
// Cases: one variant per (route, shape of request)

type Case =
  | { kind: 'getPerson'; u: U; p: number }
  | { kind: 'revealId'; u: U; p: number }
  | { kind: 'searchById'; u: U; p: number }
  | { kind: 'searchByName'; u: U; p: number; form: 'name' | 'surname' | 'pinyin' | 'pinyinPrefix'; region: string | null; includeInactive: boolean }
  | { kind: 'getHousehold'; u: U; h: number }
  | { kind: 'addMember'; u: U; h: number; p: number }
  | { kind: 'createHousehold'; u: U; v: string; head: number | null }
  | { kind: 'createPerson'; u: U; v: string; hukou: string; mother: number | null; h: number | null }
  | { kind: 'birth'; u: U; mother: number; father: number | null }
  | { kind: 'death'; u: U; p: number }
  | { kind: 'marriage'; u: U; husband: number; wife: number }
  | { kind: 'divorce'; u: U; husband: number; wife: number }
  | { kind: 'moveInExisting'; u: U; p: number; v: string }
  | { kind: 'moveInNew'; u: U; v: string; h: number | null }
  | { kind: 'moveOut'; u: U; p: number }
  | { kind: 'residenceChange'; u: U; p: number; v: string }
  | { kind: 'hukouChange'; u: U; p: number; to: string }
  | { kind: 'correction'; u: U; e: number }
  | { kind: 'dashboard'; u: U; region: string | null };

/** The contract each case exercises: the coverage check below compares these with the contracts. */
const ROUTE_OF: Record<Case['kind'], RouteContract> = {
  getPerson: C.getPerson,
  revealId: C.revealId,
  searchById: C.searchPersons,
  searchByName: C.searchPersons,
  getHousehold: C.getHousehold,
  addMember: C.addMember,
  createHousehold: C.createHousehold,
  createPerson: C.createPerson,
  birth: C.recordEvent,
  death: C.recordEvent,
  marriage: C.recordEvent,
  divorce: C.recordEvent,
  moveInExisting: C.recordEvent,
  moveInNew: C.recordEvent,
  moveOut: C.recordEvent,
  residenceChange: C.recordEvent,
  hukouChange: C.recordEvent,
  correction: C.recordEvent,
  dashboard: dashboardContracts.summary,
};

/**
 * Picks a user, then each target either from the whole world or from the user's own subtree (as placed
 * when the world was built), so that both sides of the property come up often for every route.
 */
function caseArbitrary(): fc.Arbitrary<Case> {
  const opt = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: null });
  const near = <T>(all: readonly T[], mine: readonly T[]) => (mine.length > 0 ? fc.oneof(fc.constantFrom(...mine), fc.constantFrom(...all)) : fc.constantFrom(...all));
  return fc.constantFrom(...users).chain((u) => {
    const mineP = (ids: readonly number[]) => ids.filter((id) => personInScope(u, initial.get(id)!));
    const p = near([...people, GHOST_ID], mineP(people));
    const h = near([...households.map((x) => x.id), GHOST_ID], households.filter((x) => inTree(x.region, u.region)).map((x) => x.id));
    const v = near(villages, villages.filter((x) => inTree(x, u.region)));
    const women$ = near(women, mineP(women));
    const men$ = near(men, mineP(men));
    const region = fc.constantFrom(...regionsForFilter, ...villages, outsideVillage);
    return fc.oneof(
      fc.record({ kind: fc.constant('getPerson' as const), u: fc.constant(u), p }),
      fc.record({ kind: fc.constant('revealId' as const), u: fc.constant(u), p }),
      fc.record({ kind: fc.constant('searchById' as const), u: fc.constant(u), p }),
      fc.record({
        kind: fc.constant('searchByName' as const), u: fc.constant(u), p: near(people, mineP(people)),
        form: fc.constantFrom('name' as const, 'surname' as const, 'pinyin' as const, 'pinyinPrefix' as const),
        region: opt(near(regionsForFilter, regionsForFilter.filter((x) => inTree(x, u.region)))), includeInactive: fc.boolean(),
      }),
      fc.record({ kind: fc.constant('getHousehold' as const), u: fc.constant(u), h }),
      fc.record({ kind: fc.constant('addMember' as const), u: fc.constant(u), h, p }),
      fc.record({ kind: fc.constant('createHousehold' as const), u: fc.constant(u), v, head: opt(p) }),
      // Mothers are women (or a missing id): the registry checks a mother's sex and age like a birth does.
      fc.record({ kind: fc.constant('createPerson' as const), u: fc.constant(u), v, hukou: region, mother: opt(fc.oneof(women$, fc.constant(GHOST_ID))), h: opt(h) }),
      fc.record({ kind: fc.constant('birth' as const), u: fc.constant(u), mother: women$, father: opt(men$) }),
      fc.record({ kind: fc.constant('death' as const), u: fc.constant(u), p: near([...elders, GHOST_ID], mineP(elders)) }),
      fc.record({ kind: fc.constant('marriage' as const), u: fc.constant(u), husband: men$, wife: women$ }),
      fc.record({ kind: fc.constant('divorce' as const), u: fc.constant(u), husband: men$, wife: women$ }),
      fc.record({ kind: fc.constant('moveInExisting' as const), u: fc.constant(u), p, v }),
      fc.record({ kind: fc.constant('moveInNew' as const), u: fc.constant(u), v, h: opt(h) }),
      fc.record({ kind: fc.constant('moveOut' as const), u: fc.constant(u), p }),
      fc.record({ kind: fc.constant('residenceChange' as const), u: fc.constant(u), p, v }),
      fc.record({ kind: fc.constant('hukouChange' as const), u: fc.constant(u), p, to: region }),
      fc.record({ kind: fc.constant('dashboard' as const), u: fc.constant(u), region: opt(near(regionsForFilter, regionsForFilter.filter((x) => inTree(x, u.region)))) }),
      fc.record({ kind: fc.constant('correction' as const), u: fc.constant(u), e: near([...events.map((e) => e.id), GHOST_ID], events.filter((e) => personInScope(u, initial.get(e.personId)!)).map((e) => e.id)) }),
    );
  });
}

interface Expected {
  status: number;
  code?: string;
}

const OK = (status: number): Expected => ({ status });
const NOT_FOUND: Expected = { status: 404, code: 'NOT_FOUND' };
const FORBIDDEN: Expected = { status: 403, code: 'FORBIDDEN' };
const OUT_OF_SCOPE: Expected = { status: 403, code: 'OUT_OF_SCOPE' };
const UNPROCESSABLE: Expected = { status: 422 };

function describeCase(c: Case): string {
  const { u, ...rest } = c;
  return `${u.label} ${JSON.stringify(rest)}`;
}

/** Per case kind: requests granted on an in-scope target, and requests refused (or hidden, for searches) for scope. */
const stats = new Map<string, { granted: number; refused: number }>();
function tally(c: Case, outcome: 'granted' | 'refused' | 'other'): void {
  const key = `${routeKey(ROUTE_OF[c.kind])} ${c.kind}`;
  const s = stats.get(key) ?? { granted: 0, refused: 0 };
  if (outcome !== 'other') s[outcome] += 1;
  stats.set(key, s);
}

/** Runs one case: computes what the scope rules allow from the current state, sends it, checks the answer. */
async function check(c: Case): Promise<void> {
  const state = await persons();
  const get = (id: number | null) => (id === null ? undefined : state.get(id));
  const seen = (id: number | null) => id === null || (state.has(id) && personInScope(c.u, state.get(id)!));
  const hhSeen = (id: number | null) => id === null || households.some((x) => x.id === id && inTree(x.region, c.u.region));
  const can = (perm: Permission) => hasPermission(c.u.role, perm);
  const alive = (id: number) => get(id)?.status !== 'dead';
  const ctx = describeCase(c);

  let method: 'GET' | 'POST' = 'POST';
  let url = '/api/v1/events';
  let body: unknown;
  let expected: Expected;
  let onSuccess: ((json: Record<string, unknown>) => void) | undefined;

  switch (c.kind) {
    case 'getPerson':
      method = 'GET';
      url = `/api/v1/persons/${c.p}`;
      expected = !can('person.read') ? FORBIDDEN : seen(c.p) && state.has(c.p) ? OK(200) : NOT_FOUND;
      onSuccess = (j) => expect(j.id, ctx).toBe(c.p);
      break;
    case 'revealId':
      url = `/api/v1/persons/${c.p}/reveal`;
      body = { reason: '核对身份证号 / property test' };
      expected = !can('person.reveal_id') ? FORBIDDEN : seen(c.p) && state.has(c.p) ? OK(200) : NOT_FOUND;
      onSuccess = (j) => expect(j.idNumber, ctx).toBe(idNumberOf.get(c.p));
      break;
    case 'searchById': {
      method = 'GET';
      const idNumber = idNumberOf.get(c.p) ?? GHOST_ID_NUMBER;
      url = `/api/v1/persons?idNumber=${idNumber}&includeInactive=true`;
      expected = !can('person.read') ? FORBIDDEN : OK(200);
      onSuccess = (j) => {
        const ids = (j.items as { id: number }[]).map((x) => x.id);
        expect(ids, ctx).toEqual(state.has(c.p) && seen(c.p) ? [c.p] : []);
        expect(j.total, ctx).toBe(ids.length);
      };
      break;
    }
    case 'searchByName': {
      method = 'GET';
      const target = state.get(c.p)!;
      const q = c.form === 'name' ? target.name : c.form === 'surname' ? target.name.slice(0, 1) : c.form === 'pinyin' ? target.pinyin : target.pinyin.slice(0, 3);
      const ascii = /^[a-z]+$/.test(q);
      const params = new URLSearchParams({ q, pageSize: '100', ...(c.region ? { region: c.region } : {}), ...(c.includeInactive ? { includeInactive: 'true' } : {}) });
      url = `/api/v1/persons?${params.toString()}`;
      expected = !can('person.read') ? FORBIDDEN : c.region !== null && !inTree(c.region, c.u.region) ? OUT_OF_SCOPE : OK(200);
      const want = [...state.values()]
        .filter((p) => (ascii ? p.pinyin.startsWith(q) : p.name.startsWith(q)))
        .filter((p) => personInScope(c.u, p))
        .filter((p) => c.region === null || inTree(p.residence_region, c.region) || inTree(p.hukou_region, c.region))
        .filter((p) => c.includeInactive || p.status === 'alive')
        .map((p) => p.id)
        .sort((a, b) => a - b);
      onSuccess = (j) => {
        const items = j.items as { id: number; residenceRegion: string; hukouRegion: string }[];
        for (const item of items) {
          expect(inTree(item.residenceRegion, c.u.region) || inTree(item.hukouRegion, c.u.region), `${ctx}: person ${item.id} outside the subtree`).toBe(true);
        }
        expect(j.total, ctx).toBe(want.length);
        if (want.length <= 100) expect(items.map((x) => x.id).sort((a, b) => a - b), ctx).toEqual(want);
      };
      break;
    }
    case 'getHousehold':
      method = 'GET';
      url = `/api/v1/households/${c.h}`;
      expected = !can('person.read') ? FORBIDDEN : hhSeen(c.h) && c.h !== GHOST_ID ? OK(200) : NOT_FOUND;
      onSuccess = (j) => expect(j.id, ctx).toBe(c.h);
      break;
    case 'addMember':
      url = `/api/v1/households/${c.h}/members`;
      body = { personId: c.p, relation: 'other' };
      expected = !can('person.write') ? FORBIDDEN : !hhSeen(c.h) || c.h === GHOST_ID || !seen(c.p) || !state.has(c.p) ? NOT_FOUND : OK(200);
      onSuccess = (j) => expect((j.members as { id: number }[]).map((m) => m.id), ctx).toContain(c.p);
      break;
    case 'createHousehold':
      url = '/api/v1/households';
      body = { regionCode: c.v, address: '属性测试', ...(c.head !== null ? { headPersonId: c.head } : {}) };
      expected = !can('person.write') ? FORBIDDEN : !inTree(c.v, c.u.region) ? OUT_OF_SCOPE : c.head !== null && (!state.has(c.head) || !seen(c.head)) ? NOT_FOUND : OK(201);
      break;
    case 'createPerson': {
      url = '/api/v1/persons';
      // With a mother (born 1993–1996) the child is born in 2015 or later, so she is of plausible age.
      const birthDate = c.mother !== null ? nextBirthDate(2015) : nextBirthDate();
      const sex = birthSeq % 2 === 0 ? 'female' : 'male';
      body = {
        idNumber: buildIdNumber('330522', birthDate, sex === 'male' ? 11 : 12),
        name: NAMES[birthSeq % NAMES.length], sex, birthDate, hukouRegion: c.hukou, residenceRegion: c.v, residenceType: 'rural',
        ...(c.mother !== null ? { motherId: c.mother } : {}), ...(c.h !== null ? { householdId: c.h, relation: 'other' } : {}),
      };
      expected = !can('person.write')
        ? FORBIDDEN
        : c.mother !== null && (!state.has(c.mother) || !seen(c.mother))
          ? NOT_FOUND
          : !inTree(c.v, c.u.region)
            ? OUT_OF_SCOPE
            : c.h !== null && (!hhSeen(c.h) || c.h === GHOST_ID)
              ? NOT_FOUND
              : OK(201);
      onSuccess = (j) => expect(j.residenceRegion, ctx).toBe(c.v);
      break;
    }
    case 'birth': {
      body = { kind: 'birth', occurredOn: '2025-06-01', motherId: c.mother, ...(c.father !== null ? { fatherId: c.father } : {}), child: { name: '新生儿', sex: 'female' } };
      const mother = get(c.mother)!;
      expected = !can('person.write') ? FORBIDDEN : !seen(c.mother) || !seen(c.father) ? NOT_FOUND : !inTree(mother.residence_region, c.u.region) ? OUT_OF_SCOPE : OK(201);
      break;
    }
    case 'death':
      body = { kind: 'death', occurredOn: '2025-05-01', personId: c.p };
      expected = !can('person.write') ? FORBIDDEN : !state.has(c.p) || !seen(c.p) ? NOT_FOUND : !alive(c.p) ? UNPROCESSABLE : OK(201);
      break;
    case 'marriage': {
      body = { kind: 'marriage', occurredOn: '2025-03-01', husbandId: c.husband, wifeId: c.wife };
      const married = (id: number) => get(id)!.marital_status === 'married';
      expected = !can('person.write') ? FORBIDDEN : !seen(c.husband) || !seen(c.wife) ? NOT_FOUND : married(c.husband) || married(c.wife) ? UNPROCESSABLE : OK(201);
      break;
    }
    case 'divorce': {
      body = { kind: 'divorce', occurredOn: '2025-04-01', husbandId: c.husband, wifeId: c.wife };
      const couple = (await currentMarriages()).some((m) => m.husband === c.husband && m.wife === c.wife);
      expected = !can('person.write') ? FORBIDDEN : !seen(c.husband) || !seen(c.wife) ? NOT_FOUND : !couple ? UNPROCESSABLE : OK(201);
      break;
    }
    case 'moveInExisting':
      body = { kind: 'move_in', occurredOn: '2025-06-01', personId: c.p, toRegion: c.v };
      expected = !can('person.write') ? FORBIDDEN : !inTree(c.v, c.u.region) ? OUT_OF_SCOPE : !state.has(c.p) || !seen(c.p) ? NOT_FOUND : !alive(c.p) ? UNPROCESSABLE : OK(201);
      break;
    case 'moveInNew': {
      const birthDate = nextBirthDate();
      body = {
        kind: 'move_in', occurredOn: '2025-06-01', toRegion: c.v, fromRegion: '110101',
        person: { name: '迁入者', sex: 'male', birthDate, hukouRegion: c.v, residenceRegion: c.v, residenceType: 'urban' },
        ...(c.h !== null ? { householdId: c.h, relation: 'other' } : {}),
      };
      expected = !can('person.write') ? FORBIDDEN : !inTree(c.v, c.u.region) ? OUT_OF_SCOPE : c.h !== null && (!hhSeen(c.h) || c.h === GHOST_ID) ? NOT_FOUND : OK(201);
      break;
    }
    case 'moveOut':
      body = { kind: 'move_out', occurredOn: '2025-06-01', personId: c.p, destination: '上海' };
      expected = !can('person.write') ? FORBIDDEN : !state.has(c.p) || !seen(c.p) ? NOT_FOUND : !alive(c.p) || get(c.p)!.status === 'emigrated' ? UNPROCESSABLE : OK(201);
      break;
    case 'residenceChange':
      body = { kind: 'residence_change', occurredOn: '2025-06-01', personId: c.p, toRegion: c.v };
      expected = !can('person.write') ? FORBIDDEN : !state.has(c.p) || !seen(c.p) ? NOT_FOUND : !alive(c.p) ? UNPROCESSABLE : OK(201);
      break;
    case 'hukouChange':
      body = { kind: 'hukou_change', occurredOn: '2025-06-01', personId: c.p, toRegion: c.to };
      expected = !can('person.write') ? FORBIDDEN : !state.has(c.p) || !seen(c.p) ? NOT_FOUND : !alive(c.p) ? UNPROCESSABLE : OK(201);
      break;
    case 'correction': {
      body = { kind: 'correction', occurredOn: '2025-06-01', correctsEventId: c.e, reason: '更正民族', changes: { ethnicity: '01' } };
      const subject = events.find((e) => e.id === c.e)?.personId ?? null;
      expected = !can('person.write') ? FORBIDDEN : subject === null || !seen(subject) ? NOT_FOUND : OK(201);
      break;
    }
    case 'dashboard': {
      method = 'GET';
      url = `/api/v1/dashboard${c.region !== null ? `?region=${c.region}` : ''}`;
      const code = c.region ?? c.u.region;
      expected = !can('person.read') ? FORBIDDEN : !inTree(code, c.u.region) ? NOT_FOUND : OK(200);
      // Residence basis: the population counts exactly the living residents of the subtree, nobody else.
      const population = [...state.values()].filter((p) => inTree(p.residence_region, code) && p.status === 'alive').length;
      onSuccess = (j) => {
        expect((j.region as { code: string }).code, ctx).toBe(code);
        expect((j.totals as { population: number }).population, ctx).toBe(population);
      };
      break;
    }
  }

  const isWrite = method === 'POST' && c.kind !== 'revealId';
  const before = isWrite ? await checksum() : undefined;
  const res = await api(c.u, method, url, body);
  // A search answers 200 either way: an out-of-scope target that stays hidden counts as refused.
  const hidden = (c.kind === 'searchById' || c.kind === 'searchByName') && expected.status === 200 && !(state.has(c.p) && seen(c.p));
  tally(c, expected === NOT_FOUND || expected === OUT_OF_SCOPE || hidden ? 'refused' : expected.status < 300 ? 'granted' : 'other');
  expect(res.statusCode, `${ctx} → ${res.body}${res.statusCode >= 500 ? ` server: ${JSON.stringify(serverErrors.at(-1))}` : ''}`).toBe(expected.status);
  if (expected.code) expect(res.json().code, `${ctx} → ${res.body}`).toBe(expected.code);
  if (res.statusCode < 300) onSuccess?.(res.json());
  else if (before) expect(await checksum(), `${ctx}: a refused write changed the database`).toEqual(before);
}

// ---------------------------------------------------------------------------------------------------

describe('scope: no user reaches a person, household or event outside their subtree', () => {
  it('covers every route that touches persons, households or events', () => {
    const fromGroups = new Set(contractsFromGroups().filter(touchesPersonalData).map(routeKey));
    const exercised = new Set(Object.values(ROUTE_OF).map(routeKey));
    // A new route on personal data fails here until a case below exercises it.
    expect([...exercised].sort(), 'routes on personal data that no case exercises (or cases for routes that are gone)').toEqual([...fromGroups].sort());
  });

  it('finds every such route in ALL_CONTRACTS, the declared list of every route', () => {
    const fromAll = new Set(Object.values(ALL_CONTRACTS).filter(touchesPersonalData).map(routeKey));
    const fromGroups = new Set(contractsFromGroups().filter(touchesPersonalData).map(routeKey));
    expect([...fromAll].sort(), 'ALL_CONTRACTS misses a route on personal data').toEqual([...fromGroups].sort());
  });

  it('refuses anonymous callers on every such route with 401', async () => {
    const p = people[0]!;
    const valid: Record<string, { url: string; body?: unknown }> = {
      [routeKey(C.searchPersons)]: { url: '/api/v1/persons?q=wang' },
      [routeKey(C.getPerson)]: { url: `/api/v1/persons/${p}` },
      [routeKey(C.revealId)]: { url: `/api/v1/persons/${p}/reveal`, body: { reason: '核对身份证号' } },
      [routeKey(C.getHousehold)]: { url: `/api/v1/households/${households[0]!.id}` },
      [routeKey(C.addMember)]: { url: `/api/v1/households/${households[0]!.id}/members`, body: { personId: p, relation: 'other' } },
      [routeKey(C.createHousehold)]: { url: '/api/v1/households', body: { regionCode: villages[0] } },
      [routeKey(C.createPerson)]: { url: '/api/v1/persons', body: { name: '王芳', sex: 'female', birthDate: '1990-01-01', hukouRegion: villages[0], residenceRegion: villages[0], residenceType: 'rural' } },
      [routeKey(C.recordEvent)]: { url: '/api/v1/events', body: { kind: 'death', occurredOn: '2025-06-01', personId: p } },
      [routeKey(dashboardContracts.summary)]: { url: `/api/v1/dashboard?region=${villages[0]}` },
    };
    const before = await checksum();
    for (const c of contractsFromGroups().filter(touchesPersonalData)) {
      const req = valid[routeKey(c)];
      expect(req, `no anonymous request for ${routeKey(c)}`).toBeDefined();
      const res = await api(null, c.method === 'GET' ? 'GET' : 'POST', req!.url, req!.body);
      expect(res.statusCode, `${routeKey(c)} → ${res.body}`).toBe(401);
      expect(res.json().code).toBe('UNAUTHENTICATED');
    }
    expect(await checksum()).toEqual(before);
  });

  it('answers every (user, target, route) by the target\'s place in the user\'s subtree', async () => {
    await fc.assert(fc.asyncProperty(caseArbitrary(), check), { seed: 42, numRuns: 300, endOnFailure: true });
    // Every kind of case (so every route) was both granted and refused, so neither side of the property is vacuous.
    for (const key of Object.entries(ROUTE_OF).map(([kind, route]) => `${routeKey(route)} ${kind}`)) {
      const s = stats.get(key);
      expect(s?.granted, `${key} never granted`).toBeGreaterThan(0);
      expect(s?.refused, `${key} never refused`).toBeGreaterThan(0);
    }
  }, 120_000);
});
