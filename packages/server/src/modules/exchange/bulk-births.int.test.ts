/**
 * The set-based apply of birth certificates must leave the registry exactly as the record-by-record path
 * does. Two databases get the same residents; the same random batch — mothers by ID, fathers in and out of
 * the region, twins, mothers with several children, and every case the bulk path must leave to the other
 * path (typos, a dead mother, a man as mother, a mother too old, a mother outside the region, a child the
 * registry already holds) — is imported set-based into one and record by record into the other.
 */
import { buildIdNumber, type BatchSummary } from '@renkou/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/harness';
import { createHousehold, createPerson, recordEvent, TODAY } from '../registry/registry.fixtures';
import { expectCubesEqualRebuild, expectSameSummary, rng, setBasedCount, snapshot, twoCounties, typo, WHO } from './bulk.fixtures';
import { importFile, ledgerOf } from './import.service';

interface Resident {
  key: string;
  name: string;
  sex: 'male' | 'female';
  birthDate: string;
  county: string;
  seq: number;
  /** Index of the village in the county (0 = first). */
  village: number;
}

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗';
const GIVEN = '芳娜敏静丽艳娟霞秀英';

function residents(): Resident[] {
  const r = rng(11);
  const out: Resident[] = [];
  for (let i = 0; i < 24; i++) {
    const year = 1985 + Math.floor(r() * 16);
    out.push({ key: `m${i}`, name: `${SURNAMES[i % 20]}${GIVEN[i % 10]}`, sex: 'female', birthDate: `${year}-0${1 + (i % 9)}-1${i % 10}`, county: '330522', seq: 2 + 2 * i, village: i % 3 });
  }
  for (let i = 0; i < 8; i++) out.push({ key: `f${i}`, name: `${SURNAMES[i]}强`, sex: 'male', birthDate: `198${i}-05-05`, county: '330522', seq: 101 + 2 * i, village: i % 3 });
  out.push({ key: 'dead', name: '钱芳', sex: 'female', birthDate: '1990-01-01', county: '330522', seq: 200, village: 0 });
  out.push({ key: 'man', name: '孙伟', sex: 'male', birthDate: '1990-02-02', county: '330522', seq: 201, village: 0 });
  out.push({ key: 'old', name: '赵老', sex: 'female', birthDate: '1950-03-03', county: '330522', seq: 202, village: 1 });
  out.push({ key: 'away', name: '吴远', sex: 'female', birthDate: '1991-04-04', county: '330521', seq: 204, village: 0 });
  out.push({ key: 'awayFather', name: '郑远', sex: 'male', birthDate: '1989-04-04', county: '330521', seq: 205, village: 0 });
  out.push({ key: 'known', name: '冯静', sex: 'female', birthDate: '1992-06-06', county: '330522', seq: 206, village: 2 });
  return out;
}

const idOf = (p: Resident) => buildIdNumber(p.county, p.birthDate, p.seq);

function certificates(people: Resident[], villages: Record<string, string[]>): string {
  const r = rng(5);
  const by = new Map(people.map((p) => [p.key, p]));
  const header = '出生医学证明编号,新生儿姓名,新生儿性别,出生日期,出生时间,出生体重,出生孕周,助产机构,母亲姓名,母亲身份证号,父亲姓名,父亲身份证号,家庭住址区划代码';
  const lines = [header];
  let n = 0;
  const add = (mother: Resident, motherId: string, father: Resident | null, date: string, sex: '男' | '女', child: string) => {
    n++;
    lines.push([`Z${String(n).padStart(6, '0')}`, child, sex, date, '08:30', 3000 + n, 39, '长兴县人民医院', mother.name, motherId, father?.name ?? '', father ? idOf(father) : '', villages[mother.county]![mother.village]].join(','));
  };
  const mothers = people.filter((p) => p.key.startsWith('m'));
  const fathers = people.filter((p) => p.key.startsWith('f'));
  for (let i = 0; i < 60; i++) {
    const m = mothers[Math.floor(r() * 18)]!;
    const f = r() < 0.5 ? fathers[Math.floor(r() * fathers.length)]! : null;
    const month = 1 + Math.floor(r() * 6);
    add(m, idOf(m), f, `2025-0${month}-${String(1 + Math.floor(r() * 28)).padStart(2, '0')}`, r() < 0.52 ? '男' : '女', `${m.name[0]}${'小大晓'[i % 3]}${GIVEN[i % 10]}`);
  }
  // Twins: same mother, date and sex, names one character apart.
  add(mothers[0]!, idOf(mothers[0]!), fathers[0]!, '2025-06-01', '男', '王双一');
  add(mothers[0]!, idOf(mothers[0]!), fathers[0]!, '2025-06-01', '男', '王双二');
  // Left to the record-by-record path: a typo in the mother's ID (mothers used only here), …
  for (const m of mothers.slice(18, 22)) add(m, typo(idOf(m)), null, '2025-04-04', '女', `${m.name[0]}小宝`);
  add(by.get('dead')!, idOf(by.get('dead')!), null, '2025-05-05', '男', '钱小宝');
  add(by.get('man')!, idOf(by.get('man')!), null, '2025-05-06', '男', '孙小宝');
  add(by.get('old')!, idOf(by.get('old')!), null, '2025-05-07', '女', '赵小宝');
  add(by.get('away')!, idOf(by.get('away')!), null, '2025-05-08', '女', '吴小宝');
  // … a father outside the region (the child is registered without him), a man as a father's ID of a woman,
  add(mothers[22]!, idOf(mothers[22]!), by.get('awayFather')!, '2025-05-09', '女', '高小宝');
  add(mothers[23]!, idOf(mothers[23]!), mothers[21]!, '2025-05-10', '男', '罗小宝');
  // … and a child a clerk already registered: the certificate confirms it.
  add(by.get('known')!, idOf(by.get('known')!), null, '2025-02-02', '女', '冯小雨');
  return `${lines.join('\r\n')}\r\n`;
}

async function seed(t: TestApp, people: Resident[]): Promise<Record<string, string[]>> {
  const { cookies, villages } = await twoCounties(t);
  const cookie = cookies['330522']!;
  const households = await Promise.all(villages['330522']!.map((v) => createHousehold(t, cookie, v)));
  const ids: Record<string, number> = {};
  for (const [i, p] of people.entries()) {
    const inHousehold = p.county === '330522' && i % 4 !== 3;
    const created = await createPerson(t, cookies[p.county]!, {
      name: p.name, sex: p.sex, birthDate: p.birthDate, village: villages[p.county]![p.village]!, idNumber: idOf(p),
      ...(inHousehold ? { householdId: households[p.village]!.id, relation: i % 3 === 0 ? 'spouse' : 'child' } : {}),
    });
    ids[p.key] = created.id;
  }
  await recordEvent(t, cookie, { kind: 'death', occurredOn: '2024-12-01', personId: ids.dead });
  await recordEvent(t, cookie, { kind: 'birth', occurredOn: '2025-02-02', motherId: ids.known, child: { name: '冯小雨', sex: 'female' }, joinMotherHousehold: true });
  // An earlier child, so birth orders start above one for this mother.
  await recordEvent(t, cookie, { kind: 'birth', occurredOn: '2020-07-07', motherId: ids.m1, child: { name: '李大宝', sex: 'male' }, joinMotherHousehold: true });
  return villages;
}


let setBased: TestApp;
let oneByOne: TestApp;
let file: Buffer;

beforeAll(async () => {
  [setBased, oneByOne] = await Promise.all([startTestApp({ today: TODAY }), startTestApp({ today: TODAY })]);
  const people = residents();
  const [villages] = await Promise.all([seed(setBased, people), seed(oneByOne, people)]);
  file = Buffer.from(certificates(people, villages), 'utf8');
}, 120_000);

afterAll(async () => {
  await Promise.all([setBased?.close(), oneByOne?.close()]);
});

describe('set-based apply of birth certificates', () => {
  let summaries: [BatchSummary, BatchSummary];

  it('gives the same counts as the record-by-record path, and leaves it the cases it must', async () => {
    summaries = [
      await importFile(setBased.server.deps, WHO, 'birth_certificate', file, 'births.csv'),
      await importFile(oneByOne.server.deps, WHO, 'birth_certificate', file, 'births.csv', { setBased: false }),
    ];
    expectSameSummary(summaries[0], summaries[1]);
    // Validation refuses a man's ID as the mother's and a woman's as the father's; the registry refuses the
    // dead mother and the mother of 75; the mother outside the region waits for someone above.
    expect(summaries[0]).toMatchObject({ received: 73, valid: 71, rejected: 4, worklist: 1, applied: 68, alreadyApplied: 0 });
    const unusual = await setBased.db.ownerPool.query("SELECT row_number, status, outcome FROM import_record WHERE status <> 'applied' OR outcome <> 'new' ORDER BY 1");
    expect(unusual.rows).toEqual([
      { row_number: 68, status: 'rejected', outcome: null },
      { row_number: 69, status: 'rejected', outcome: null },
      { row_number: 70, status: 'rejected', outcome: null },
      { row_number: 71, status: 'worklist', outcome: 'mother_outside_scope' },
      { row_number: 73, status: 'rejected', outcome: null },
      { row_number: 74, status: 'applied', outcome: 'confirmed' },
    ]);
    // The set-based path took the 60 plain births, the twins and the birth whose father lives outside the
    // region (registered without him); the typos, the refusals, the mother outside
    // the region and the confirmation went record by record (the audit record says how many each took).
    expect(await setBasedCount(setBased)).toBe(62 + 1);
    expect(await setBasedCount(oneByOne)).toBe(0);
  });

  it('leaves the registry, the import records, the ledger and the statistics exactly as the other path does', async () => {
    const [a, b] = [await snapshot(setBased), await snapshot(oneByOne)];
    expect(a.events.length).toBeGreaterThan(60);
    expect(a.persons).toEqual(b.persons);
    expect(a.parents).toEqual(b.parents);
    expect(a.events).toEqual(b.events);
    expect(a.records).toEqual(b.records);
    expect(a.ledger).toEqual(b.ledger);
    expect(a.stock).toEqual(b.stock);
    expect(a.flow).toEqual(b.flow);
    expect(a.presence).toEqual(b.presence);
  });

  it('keeps the statistics equal to a rebuild', async () => {
    await expectCubesEqualRebuild(setBased);
  });

  it('sending the file again changes nothing and says "already applied"', async () => {
    const again = await importFile(setBased.server.deps, WHO, 'birth_certificate', Buffer.concat([file, Buffer.from('\r\n')]), 'births-again.csv');
    // The worklist row is "already applied" too (pending with a clerk); the four refused rows are refused again.
    expect(again).toMatchObject({ applied: 0, alreadyApplied: 68 + 1, rejected: 4 });
  });

  it('looks up the ledger for a file of 70,000 keys (more than a statement has parameters) in one go', async () => {
    const keys = [...Array.from({ length: 70_000 }, (_, i) => `NOPE${i}`), 'Z000001', 'Z000073'];
    const { known, pending } = await setBased.db.db.transaction().execute((trx) => ledgerOf(trx, 'birth_certificate', 0, keys));
    expect([...known.keys()].sort()).toEqual(['Z000001', 'Z000073']);
    expect(pending.size).toBe(0);
  });
});
