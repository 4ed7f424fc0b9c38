/**
 * The feed pipeline end to end through the HTTP API: upload, validation with reasons, linkage (exact ID,
 * typo-tolerant scoring, the worklist), application as registry events, idempotency, partner API keys,
 * discrepancies and the statistical error rate.
 */
import { buildIdNumber, type BatchSummary } from '@renkou/core';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/harness';
import { counts, createPerson, expectApiError, personState, recordEvent, TODAY } from '../registry/registry.fixtures';

let t: TestApp;
let cookie: string;
let village: string;
const ids: Record<string, string> = {};
const people: Record<string, number> = {};

function csv(rows: (string | number)[][]): Buffer {
  return Buffer.from(rows.map((r) => r.join(',')).join('\r\n') + '\r\n', 'utf8');
}

async function upload(kind: string, body: Buffer, fileName = `${kind}.csv`) {
  return t.request('POST', `/api/v1/exchange/imports?kind=${kind}&fileName=${encodeURIComponent(fileName)}`, { cookie, body, headers: { 'content-type': 'application/octet-stream' } });
}

/** A one-digit keying error in the sequence part: the check character no longer fits. */
function typo(id: string): string {
  const d = id[15] === '9' ? '1' : String(Number(id[15]) + 1);
  return `${id.slice(0, 15)}${d}${id.slice(16)}`;
}

beforeAll(async () => {
  t = await startTestApp({ today: TODAY });
  cookie = (await t.user('county_officer', '330522')).cookie;
  village = await t.village('330522001');
  const add = async (key: string, name: string, sex: 'male' | 'female', birthDate: string, seq: number) => {
    ids[key] = buildIdNumber('330522', birthDate, seq);
    people[key] = (await createPerson(t, cookie, { name, sex, birthDate, village, idNumber: ids[key] })).id;
  };
  await add('mother', '王芳', 'female', '1994-03-03', 2);
  await add('mother2', '陈静', 'female', '1992-08-08', 4);
  await add('husband', '张伟', 'male', '1990-01-01', 1);
  await add('wife', '李娜', 'female', '1993-02-02', 6);
  await add('old', '赵大山', 'male', '1940-05-05', 3);
}, 120_000);

afterAll(async () => {
  await t?.close();
});

const BIRTH_HEADER = ['出生医学证明编号', '新生儿姓名', '新生儿性别', '出生日期', '出生体重', '助产机构', '母亲姓名', '母亲身份证号', '家庭住址区划代码'];

describe('birth certificates', () => {
  let file: Buffer;
  it('applies confident matches, sends the unknown mother to the worklist, rejects bad rows with reasons', async () => {
    file = csv([
      BIRTH_HEADER,
      ['Q330001', '王小宝', '男', '2025-03-01', 3200, '长兴县人民医院', '王芳', ids.mother!, village],
      // The mother's ID with a one-digit typo: found by name, birth date and the rest of the ID.
      ['Q330002', '陈小花', '女', '2025-03-02', 3100, '长兴县人民医院', '陈静', typo(ids.mother2!), village],
      ['Q330003', '林小雨', '女', '2025-03-03', 2900, '长兴县人民医院', '林晓', buildIdNumber('330522', '1991-01-01', 8), village],
      ['Q330004', '周小明', '男', '2025-03-04', 3000, '长兴县人民医院', '周洁', '3.30522E+17', village],
      ['Q330005', '吴小龙', '男', '2031-01-01', 3000, '长兴县人民医院', '王芳', ids.mother!, village],
    ]);
    const before = await counts(t);
    const res = await upload('birth_certificate', file);
    expect(res.statusCode, res.body).toBe(201);
    const s = res.json<BatchSummary>();
    expect(s).toMatchObject({ received: 5, valid: 3, applied: 2, alreadyApplied: 0, rejected: 2, worklist: 1, status: 'applied', encoding: 'utf-8' });
    const after = await counts(t);
    expect(after.person - before.person).toBe(2);
    const events = await t.db.db.selectFrom('vital_event').select(['kind', 'source', 'payload']).where('source', '=', 'birth_certificate').execute();
    expect(events.map((e) => e.kind)).toEqual(['birth', 'birth']);
    // Rejected rows: the Excel-mangled ID says so; the future date says so.
    const rejected = await t.request('GET', `/api/v1/exchange/imports/${s.batchId}/rejected`, { cookie });
    const items = rejected.json<{ items: { row: number; field: string; value: string | null; reason: { zh: string; en: string } }[] }>().items;
    expect(items.find((i) => i.row === 5)!.reason.en).toMatch(/Excel/i);
    expect(items.find((i) => i.row === 6)!.field).toBe('出生日期');
    const xlsx = await t.request('GET', `/api/v1/exchange/imports/${s.batchId}/rejected?format=xlsx`, { cookie });
    expect(xlsx.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    expect(JSON.stringify(wb.worksheets[0]!.getSheetValues())).toMatch(/Excel/);
  });

  it('changes nothing when the same file comes again, and says so', async () => {
    const before = await personState(t);
    const beforeEvents = (await counts(t)).vital_event;
    const res = await upload('birth_certificate', file, 'again.csv');
    expect(res.statusCode, res.body).toBe(201);
    // Two applied before, one waiting on the worklist: nothing new, no second worklist entry.
    expect(res.json<BatchSummary>()).toMatchObject({ applied: 0, alreadyApplied: 3, worklist: 0 });
    expect(await personState(t)).toEqual(before);
    expect((await counts(t)).vital_event).toBe(beforeEvents);
  });

  it('a GBK file from Excel reads the same', async () => {
    const iconv = (await import('iconv-lite')).default;
    const text = [BIRTH_HEADER.join(','), ['Q330009', '王小二', '女', '2025-04-01', 3000, '长兴县妇幼保健院', '王芳', ids.mother!, village].join(',')].join('\r\n');
    const res = await upload('birth_certificate', iconv.encode(text, 'gbk'), 'gbk.csv');
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json<BatchSummary>()).toMatchObject({ encoding: 'gb18030', applied: 1 });
  });

  it('the worklist shows the record and its candidates; a clerk decides, audited', async () => {
    const list = await t.request('GET', '/api/v1/exchange/worklist?kind=birth_certificate', { cookie });
    expect(list.statusCode, list.body).toBe(200);
    const items = list.json<{ items: { batchId: number; row: number; reason: string; record: Record<string, unknown> }[] }>().items;
    const item = items.find((i) => i.record.certificateNumber === 'Q330003')!;
    expect(item.reason).toMatch(/mother/);
    expect(JSON.stringify(item.record)).not.toMatch(/330522199101010/);
    const bad = await t.request('POST', `/api/v1/exchange/worklist/${item.batchId}/${item.row}/decision`, { cookie, body: { decision: 'create_new', comment: '母亲未登记' } });
    expectApiError(bad, 422, 'CANNOT_CREATE');
    const ok = await t.request('POST', `/api/v1/exchange/worklist/${item.batchId}/${item.row}/decision`, { cookie, body: { decision: 'reject', comment: '母亲户籍不在本县，转外县处理' } });
    expect(ok.statusCode, ok.body).toBe(200);
    const audit = await t.db.db.selectFrom('audit_log').select(['action', 'details']).where('action', '=', 'exchange.worklist.reject').execute();
    expect(audit).toHaveLength(1);
    expectApiError(await t.request('POST', `/api/v1/exchange/worklist/${item.batchId}/${item.row}/decision`, { cookie, body: { decision: 'reject', comment: '再次' } }), 409, 'ALREADY_DECIDED');
  });
});

describe('other feeds', () => {
  it('deaths, marriages and police move-ins become registry events with the feed as source', async () => {
    const death = await upload('death_registration', csv([
      ['死亡登记编号', '姓名', '公民身份号码', '性别', '出生日期', '死亡日期', '根本死因编码', '常住地区划代码'],
      ['D2025001', '赵大山', ids.old!, '男', '1940-05-05', '2025-05-01', 'I21.9', village],
    ]));
    expect(death.json<BatchSummary>(), death.body).toMatchObject({ applied: 1 });
    expect((await t.db.db.selectFrom('person').select(['status', 'death_date']).where('id', '=', people.old!).executeTakeFirstOrThrow())).toEqual({ status: 'dead', death_date: '2025-05-01' });
    const marriage = await upload('civil_marriage', csv([
      ['证书编号', '登记类型', '登记日期', '男方姓名', '男方身份证号', '女方姓名', '女方身份证号'],
      ['J330522-2025-001', '结婚', '2025-05-20', '张伟', ids.husband!, '李娜', ids.wife!],
    ]));
    expect(marriage.json<BatchSummary>(), marriage.body).toMatchObject({ applied: 1 });
    const newcomer = buildIdNumber('320102', '1995-06-06', 11);
    const police = await upload('police_hukou', csv([
      ['业务编号', '变动类型', '公民身份号码', '姓名', '性别', '出生日期', '变动日期', '迁出地区划代码', '迁入地区划代码'],
      ['P001', '迁入', newcomer, '孙新', '男', '1995-06-06', '2025-06-01', '320102', village],
      ['P002', '户籍变更', ids.wife!, '李娜', '女', '1993-02-02', '2025-06-02', village, await t.village('330522101')],
    ]));
    expect(police.json<BatchSummary>(), police.body).toMatchObject({ applied: 2, rejected: 0 });
    const sources = await t.db.db.selectFrom('vital_event').select(['kind', 'source']).where('source', 'in', ['death_registration', 'civil_marriage', 'police_hukou']).orderBy('id').execute();
    expect(sources).toEqual([
      { kind: 'death', source: 'death_registration' },
      { kind: 'marriage', source: 'civil_marriage' },
      { kind: 'move_in', source: 'police_hukou' },
      { kind: 'hukou_change', source: 'police_hukou' },
    ]);
    // Statistics followed in the same transactions.
    const stats = await t.request('GET', '/api/v1/stats?region=330522&period=2025&indicators=deaths,marriages,move_in', { cookie });
    const rows = stats.json<{ rows: { indicator: string; value: number }[] }>().rows;
    expect(rows.map((r) => [r.indicator, r.value])).toEqual([['deaths', 1], ['marriages', 1], ['move_in', 1]]);
  });

  it('refuses unreadable and wrong files whole, changing nothing', async () => {
    const before = await counts(t);
    expectApiError(await upload('death_registration', Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]), 'broken.xlsx'), 400, 'UNREADABLE_FILE');
    const wrong = await upload('death_registration', csv([BIRTH_HEADER, ['Q1', '王小宝', '男', '2025-03-01', 3200, '医院', '王芳', ids.mother!, village]]));
    expectApiError(wrong, 400, 'WRONG_HEADERS');
    const missing = await upload('death_registration', csv([['死亡登记编号', '姓名', '性别'], ['D1', '赵大山', '男']]));
    expectApiError(missing, 400, 'MISSING_COLUMNS');
    const after = await counts(t);
    expect(after.person).toBe(before.person);
    expect(after.vital_event).toBe(before.vital_event);
  });
});

describe('partner API', () => {
  it('a partner sends a JSON batch with its key; the same idempotency key changes nothing; other kinds are refused', async () => {
    const admin = await t.user('security_admin', '33');
    const created = await t.request('POST', '/api/v1/exchange/partners', { cookie: admin.cookie, body: { name: '长兴县人民医院', kind: 'birth_certificate', regionCode: '330522' } });
    expect(created.statusCode, created.body).toBe(201);
    const { apiKey } = created.json<{ apiKey: string }>();
    const headers = { authorization: `Bearer ${apiKey}` };
    const body = { idempotencyKey: 'batch-2025-06-01', records: [{ certificate_number: 'Q330100', child_name: '王小三', child_sex: '男', birth_date: '2025-06-01', hospital: '长兴县人民医院', mother_name: '王芳', mother_id_number: ids.mother!, address_region: village }] };
    const first = await t.request('POST', '/api/v1/exchange/feeds/birth_certificate/batches', { body, headers });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json<BatchSummary>()).toMatchObject({ applied: 1 });
    const again = await t.request('POST', '/api/v1/exchange/feeds/birth_certificate/batches', { body, headers });
    expect(again.json<BatchSummary>()).toMatchObject({ batchId: first.json<BatchSummary>().batchId, resumed: true });
    expect(await t.db.db.selectFrom('vital_event').select((eb) => eb.fn.countAll<number>().as('n')).where('source', '=', 'birth_certificate').executeTakeFirstOrThrow()).toEqual({ n: 4 });
    expectApiError(await t.request('POST', '/api/v1/exchange/feeds/death_registration/batches', { body, headers }), 403, 'WRONG_FEED');
    expect((await t.request('POST', '/api/v1/exchange/feeds/birth_certificate/batches', { body, headers: { authorization: 'Bearer rk_nonsense' } })).statusCode).toBe(401);
  });
});

describe('discrepancies and the error rate', () => {
  it('lists registry births without a certificate and certificates the registry lacked; the error rate counts them', async () => {
    await recordEvent(t, cookie, { kind: 'birth', occurredOn: '2025-04-10', motherId: people.wife!, child: { name: '张小小', sex: 'female' } });
    const res = await t.request('GET', '/api/v1/exchange/discrepancies?region=330522&period=2025', { cookie });
    expect(res.statusCode, res.body).toBe(200);
    const d = res.json<{ counts: Record<string, number>; items: { kind: string; name: string | null }[] }>();
    expect(d.items).toContainEqual(expect.objectContaining({ kind: 'birth_without_certificate', name: '张小小' }));
    expect(d.counts.birth_missing_in_registry).toBeGreaterThanOrEqual(4);
    const rate = await t.request('GET', '/api/v1/exchange/error-rate?region=330522&period=2025', { cookie });
    expect(rate.statusCode, rate.body).toBe(200);
    const r = rate.json<{ total: { checked: number; missing: number; wrong: number; unresolved: number; rate: number | null } }>().total;
    // Checked: every applied feed record of 2025 in the county; missing: those the registry lacked (all of the
    // births, the death, the marriage and both police changes were news to the registry here).
    expect(r.checked).toBe(8);
    expect(r.missing).toBe(8);
    expect(r.rate).toBe(100);
  });

  it('an error rate above 5% over at least 20 checked records is a data-quality finding', async () => {
    const rows: (string | number)[][] = [['业务编号', '变动类型', '公民身份号码', '姓名', '性别', '出生日期', '变动日期', '迁出地区划代码', '迁入地区划代码']];
    for (let i = 0; i < 20; i++) rows.push([`PX${i}`, '迁入', buildIdNumber('320104', '1988-08-08', 100 + i), `钱${'一二三四五六七八九十'[i % 10]}${'甲乙丙丁戊己庚辛壬癸'[Math.floor(i / 10)]}`, i % 2 ? '男' : '女', '1988-08-08', '2025-06-03', '320104', village]);
    expect((await upload('police_hukou', csv(rows))).json<BatchSummary>()).toMatchObject({ applied: 20 });
    const res = await t.request('GET', '/api/v1/stats/quality?region=330522&period=2025', { cookie });
    const q = res.json<{ findings: { check: string; regionCode: string; severity: string }[] }>();
    expect(q.findings).toContainEqual(expect.objectContaining({ check: 'error_rate', regionCode: '330522', severity: 'alert' }));
  });

  it('leaves statistics equal to a rebuild from the events (imports refresh them once per batch)', async () => {
    const cubes = async () => {
      const q = async (table: string) => (await sql.raw(`SELECT * FROM ${table} t WHERE n <> 0 ORDER BY t`).execute(t.db.ownerDb)).rows;
      return { flow: await q('stat_flow'), presence: await q('stat_presence'), stock: await q('stat_stock') };
    };
    const maintained = await cubes();
    expect(maintained.flow.length).toBeGreaterThan(0);
    await sql`SELECT stat_rebuild()`.execute(t.db.ownerDb);
    expect(maintained).toEqual(await cubes());
  });

  it('stores no ID number in clear anywhere in the exchange tables', async () => {
    const dump = await sql<{ t: string }>`SELECT (SELECT json_agg(r)::text FROM import_record r) || (SELECT json_agg(x)::text FROM exchange_record x) AS t`.execute(t.db.ownerDb);
    for (const id of Object.values(ids)) expect(dump.rows[0]!.t).not.toContain(id);
  });
});
