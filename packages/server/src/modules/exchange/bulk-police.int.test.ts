/**
 * The set-based apply of police hukou records must leave the registry exactly as the record-by-record path
 * does: the same random file — newcomers, residents moving in, out and changing hukou, and the cases the
 * bulk path must leave to the other one (namesakes born the same day, a person named twice, a mistyped ID,
 * a dead resident, a person outside the region, a village outside it) — into two databases with the same
 * residents, one set-based, one record by record.
 */
import { buildIdNumber, type BatchSummary } from '@renkou/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/harness';
import { createPerson, recordEvent, TODAY } from '../registry/registry.fixtures';
import { expectCubesEqualRebuild, expectSameSummary, rng, setBasedCount, snapshot, twoCounties, typo, WHO } from './bulk.fixtures';
import { importFile } from './import.service';

interface Resident {
  name: string;
  sex: 'male' | 'female';
  birthDate: string;
  county: string;
  seq: number;
  village: number;
}

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗';
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平';

const idOf = (p: Resident) => buildIdNumber(p.county, p.birthDate, p.seq);
const sexOf = (p: Resident) => (p.sex === 'male' ? '男' : '女');

function residents(): Resident[] {
  const r = rng(3);
  const out: Resident[] = [];
  for (let i = 0; i < 40; i++) {
    const sex = i % 2 === 0 ? 'male' : 'female';
    out.push({ name: `${SURNAMES[i % 20]}${GIVEN[(i * 3) % 20]}${GIVEN[(i * 7) % 20]}`, sex, birthDate: `19${60 + Math.floor(r() * 40)}-0${1 + (i % 9)}-1${i % 10}`, county: '330522', seq: 300 + 2 * i + (sex === 'male' ? 1 : 0), village: i % 3 });
  }
  // Outside the region: 330521.
  out.push({ name: '郑远', sex: 'male', birthDate: '1980-04-04', county: '330521', seq: 11, village: 0 });
  return out;
}

function policeFile(people: Resident[], villages: Record<string, string[]>): string {
  const r = rng(9);
  const lines = ['业务编号,变动类型,公民身份号码,姓名,性别,出生日期,变动日期,迁出地区划代码,迁入地区划代码'];
  let n = 0;
  const add = (change: '迁入' | '迁出' | '户籍变更', id: string, p: Pick<Resident, 'name' | 'birthDate'> & { sex: string }, on: string, from: string, to: string) => {
    n++;
    lines.push([`J${String(n).padStart(6, '0')}`, change, id, p.name, p.sex, p.birthDate, on, from, to].join(','));
  };
  const v = villages['330522']!;
  const locals = people.filter((p) => p.county === '330522');
  // Newcomers from Nanjing (valid IDs the registry does not hold).
  const newcomers: (Resident & { id: string })[] = [];
  for (let i = 0; i < 40; i++) {
    const sex = i % 2 === 0 ? 'male' : 'female';
    const birth = `19${70 + Math.floor(r() * 30)}-1${i % 3}-0${1 + (i % 9)}`;
    const p = { name: `${SURNAMES[(i * 3) % 20]}${GIVEN[(i * 11) % 20]}`, sex, birthDate: birth, county: '320102', seq: 100 + 2 * i + (sex === 'male' ? 1 : 0), village: 0 } as Resident;
    newcomers.push({ ...p, id: idOf(p) });
    add('迁入', idOf(p), { ...p, sex: sexOf(p) }, `2025-0${1 + (i % 5)}-0${1 + (i % 9)}`, '320102', v[i % 3]!);
  }
  // Residents: hukou changes (a third to where it already is: confirmed), move-outs, move-ins from elsewhere.
  for (const [i, p] of locals.slice(0, 30).entries()) {
    const on = `2025-0${1 + (i % 6)}-1${i % 9}`;
    if (i % 3 === 0) add('户籍变更', idOf(p), { ...p, sex: sexOf(p) }, on, v[p.village]!, i % 2 === 0 ? v[p.village]! : v[(p.village + 1) % 3]!);
    else if (i % 3 === 1) add('迁出', idOf(p), { ...p, sex: sexOf(p) }, on, v[p.village]!, '');
    else add('迁入', idOf(p), { ...p, sex: sexOf(p) }, on, '320102', v[(p.village + 2) % 3]!);
  }
  const [a, b, c, d, e] = locals.slice(30, 35) as [Resident, Resident, Resident, Resident, Resident];
  // Left to the record-by-record path: a namesake of a resident born the same day (a clerk decides), …
  add('迁入', buildIdNumber('320104', a.birthDate, a.sex === 'male' ? 901 : 900), { ...a, sex: sexOf(a) }, '2025-03-03', '320104', v[0]!);
  // … two newcomers with one name and birth date, …
  const twin = { name: '欧阳明', sex: '男', birthDate: '1990-09-09' };
  add('迁入', buildIdNumber('320105', twin.birthDate, 11), twin, '2025-04-01', '320105', v[1]!);
  add('迁入', buildIdNumber('320105', twin.birthDate, 13), twin, '2025-04-02', '320105', v[1]!);
  // … a newcomer whose hukou changes later in the same file, a resident moving out twice, …
  add('户籍变更', newcomers[0]!.id, { ...newcomers[0]!, sex: sexOf(newcomers[0]!) }, '2025-06-20', v[0]!, v[2]!);
  add('迁出', idOf(b), { ...b, sex: sexOf(b) }, '2025-02-02', v[b.village]!, '');
  add('迁出', idOf(b), { ...b, sex: sexOf(b) }, '2025-03-02', v[b.village]!, '');
  // … a mistyped ID of a resident (found by the rest), a dead resident, a person outside the region, and
  // a move-in to a village outside it.
  add('户籍变更', typo(idOf(c)), { ...c, sex: sexOf(c) }, '2025-05-05', v[c.village]!, v[(c.village + 1) % 3]!);
  add('迁出', idOf(d), { ...d, sex: sexOf(d) }, '2025-05-06', v[d.village]!, '');
  const away = people.find((p) => p.county === '330521')!;
  add('户籍变更', idOf(away), { ...away, sex: sexOf(away) }, '2025-05-07', villages['330521']![0]!, v[0]!);
  add('迁入', idOf(e), { ...e, sex: sexOf(e) }, '2025-05-08', v[0]!, villages['330521']![0]!);
  return `${lines.join('\r\n')}\r\n`;
}

async function seed(t: TestApp, people: Resident[]): Promise<Record<string, string[]>> {
  const { cookies, villages } = await twoCounties(t);
  const ids: number[] = [];
  for (const p of people) ids.push((await createPerson(t, cookies[p.county]!, { name: p.name, sex: p.sex, birthDate: p.birthDate, village: villages[p.county]![p.village]!, idNumber: idOf(p) })).id);
  // The fourth of the last five residents (d) died.
  await recordEvent(t, cookies['330522']!, { kind: 'death', occurredOn: '2024-12-01', personId: ids[33] });
  return villages;
}

let setBased: TestApp;
let oneByOne: TestApp;
let file: Buffer;

beforeAll(async () => {
  [setBased, oneByOne] = await Promise.all([startTestApp({ today: TODAY }), startTestApp({ today: TODAY })]);
  const people = residents();
  const [villages] = await Promise.all([seed(setBased, people), seed(oneByOne, people)]);
  file = Buffer.from(policeFile(people, villages), 'utf8');
}, 120_000);

afterAll(async () => {
  await Promise.all([setBased?.close(), oneByOne?.close()]);
});

describe('set-based apply of police hukou records', () => {
  it('gives the same counts, registry, import records, ledger and statistics as the record-by-record path', async () => {
    const summaries: [BatchSummary, BatchSummary] = [
      await importFile(setBased.server.deps, WHO, 'police_hukou', file, 'police.csv'),
      await importFile(oneByOne.server.deps, WHO, 'police_hukou', file, 'police.csv', { setBased: false }),
    ];
    expectSameSummary(summaries[0], summaries[1]);
    expect(summaries[0]).toMatchObject({ received: 80, valid: 80, alreadyApplied: 0 });
    const [a, b] = [await snapshot(setBased), await snapshot(oneByOne)];
    expect(a.events.length).toBeGreaterThan(60);
    expect(a.persons).toEqual(b.persons);
    expect(a.events).toEqual(b.events);
    expect(a.records).toEqual(b.records);
    expect(a.ledger).toEqual(b.ledger);
    expect(a.stock).toEqual(b.stock);
    expect(a.flow).toEqual(b.flow);
    expect(a.presence).toEqual(b.presence);
  });

  it('took the plain records set-based and left the others to the record-by-record path', async () => {
    // 40 newcomers and 30 residents' records; of the last ten, the first of the two namesake newcomers and the
    // first move-out of the resident named twice (the second is confirmed record by record).
    expect(await setBasedCount(setBased)).toBe(72);
    expect(await setBasedCount(oneByOne)).toBe(0);
    const { rows } = await setBased.db.ownerPool.query<{ row_number: number; status: string; outcome: string | null }>("SELECT row_number, status, outcome FROM import_record WHERE row_number > 71 ORDER BY 1");
    expect(rows).toEqual([
      { row_number: 72, status: 'worklist', outcome: 'review' },
      { row_number: 73, status: 'applied', outcome: 'new' },
      { row_number: 74, status: 'worklist', outcome: 'review' },
      { row_number: 75, status: 'applied', outcome: 'new' },
      { row_number: 76, status: 'applied', outcome: 'new' },
      { row_number: 77, status: 'applied', outcome: 'confirmed' },
      { row_number: 78, status: 'applied', outcome: 'new' },
      { row_number: 79, status: 'rejected', outcome: null },
      { row_number: 80, status: 'worklist', outcome: 'outside_scope' },
      { row_number: 81, status: 'rejected', outcome: null },
    ]);
  });

  it('keeps the statistics equal to a rebuild', async () => {
    await expectCubesEqualRebuild(setBased);
  });
});
