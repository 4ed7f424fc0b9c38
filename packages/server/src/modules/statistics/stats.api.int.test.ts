/**
 * The statistics API on a hand-made population whose every figure is worked out below by hand.
 *
 * 长兴县 (330522) on 2025-06-30: 13 people registered before 2025 (no events), 10 in 雉城街道 (township A)
 * and 3 in 洪桥镇 (township B); one of A's has her hukou in B. In 2025: five first births in A on 2025-03-10
 * (3 boys, 2 girls) to five mothers born 1998-05-05, and one death in A on 2025-04-01.
 */
import ExcelJS from 'exceljs';
import type { StatsResult } from '@renkou/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/harness';
import { createPerson, expectApiError, recordEvent, TODAY } from '../registry/registry.fixtures';

let t: TestApp;
let cookie: string;

const A = '330522001';
const B = '330522101';

beforeAll(async () => {
  t = await startTestApp({ today: TODAY });
  cookie = (await t.user('county_officer', '330522')).cookie;
  const a = await t.village(A);
  const b = await t.village(B);
  const mothers = [];
  for (let i = 0; i < 5; i++) mothers.push(await createPerson(t, cookie, { name: `母亲${i}`, sex: 'female', birthDate: '1998-05-05', village: a, ...(i === 0 ? { hukouRegion: b } : {}) }));
  await createPerson(t, cookie, { name: '李女', sex: 'female', birthDate: '1990-02-02', village: a });
  const men = [];
  for (let i = 0; i < 4; i++) men.push(await createPerson(t, cookie, { name: `男${i}`, sex: 'male', birthDate: '1980-01-01', village: a }));
  for (let i = 0; i < 3; i++) await createPerson(t, cookie, { name: `乙${i}`, sex: i === 0 ? 'female' : 'male', birthDate: '1970-07-07', village: b });
  const sexes = ['male', 'male', 'male', 'female', 'female'] as const;
  for (let i = 0; i < 5; i++) await recordEvent(t, cookie, { kind: 'birth', occurredOn: '2025-03-10', motherId: mothers[i]!.id, child: { name: `婴${i}`, sex: sexes[i] } });
  await recordEvent(t, cookie, { kind: 'death', occurredOn: '2025-04-01', personId: men[0]!.id });
}, 120_000);

afterAll(async () => {
  await t?.close();
});

async function stats(query: string): Promise<StatsResult> {
  const res = await t.request('GET', `/api/v1/stats?${query}`, { cookie });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<StatsResult>();
}

const value = (r: StatsResult, indicator: string, group: string | null = null) => r.rows.find((x) => x.indicator === indicator && x.group === group);

describe('GET /api/v1/stats', () => {
  it('gives the county’s 2025 indicators as computed by hand', async () => {
    const r = await stats('region=330522&period=2025&indicators=population,population_midyear,births,deaths,cbr,cdr,nir,srb,births_order_1,tfr,floating_in,mismatch_rate');
    // population: 13 registered + 5 born − 1 died = 17 at the end of 2025; 13 at the end of 2024.
    expect(value(r, 'population')!.value).toBe(17);
    // mean population (13 + 17) / 2 = 15
    expect(value(r, 'population_midyear')!.value).toBe(15);
    expect(value(r, 'births')!.value).toBe(5);
    expect(value(r, 'deaths')!.value).toBe(1);
    // cbr = 5 / (15 person-years) × 1000 = 333.33…; cdr = 1 / 15 × 1000 = 66.67; nir = 4 / 15 × 1000
    expect(value(r, 'cbr')!.value).toBeCloseTo(333.3333, 3);
    expect(value(r, 'cbr')!.numerator).toBe(5);
    expect(value(r, 'cbr')!.denominator).toBeCloseTo(15, 6);
    expect(value(r, 'cdr')!.value).toBeCloseTo(66.6667, 3);
    expect(value(r, 'nir')!.value).toBeCloseTo(266.6667, 3);
    // srb = 3 / 2 × 100 = 150; 95% CI = 150 · exp(±1.959964 · √(1/3 + 1/2)) = 150 · exp(±1.789195)
    //   = 150 × 0.167095 … 150 × 5.98462 = 25.064 … 897.69
    const srb = value(r, 'srb')!;
    expect(srb.value).toBe(150);
    expect(srb.interval!.lower).toBeCloseTo(25.064, 2);
    expect(srb.interval!.upper).toBeCloseTo(897.69, 1);
    expect(srb.flags).toContain('small_numbers');
    expect(value(r, 'births_order_1')!.value).toBe(100);
    // The five mothers are 26 at the end of 2024 and 27 at the end of 2025: 5 woman-years aged 25–29, 5 births
    // → ASFR 1,000‰; no other group gave birth; TFR = 5 × 1000 / 1000 = 5.
    expect(value(r, 'tfr')!.value).toBeCloseTo(5, 9);
    // Mother 0 has her hukou in 洪桥镇 and lives in 雉城街道, and her baby took her hukou: inside the county, so
    // not floating for it, but apart (人户分离): 2 of 17.
    expect(value(r, 'floating_in')!.value).toBe(0);
    expect(value(r, 'mismatch_rate')!.value).toBeCloseTo((2 / 17) * 100, 9);
  });

  it('breaks down by child region, sex and birth order', async () => {
    const r = await stats('region=330522&period=2025&indicators=population,births,floating_in,floating_out,srb&by=child');
    // 洪桥镇 holds the hukou of mother 0 and her baby, who live in 雉城街道.
    expect(value(r, 'floating_out', B)!.value).toBe(2);
    expect(value(r, 'population', A)!.value).toBe(14);
    expect(value(r, 'population', B)!.value).toBe(3);
    expect(value(r, 'population', A)!.groupName).toBe('雉城街道');
    expect(value(r, 'floating_in', A)!.value).toBe(2);
    expect(value(r, 'births', B)!.value).toBe(0);
    const bySex = await stats('region=330522&period=2025&indicators=population,births&by=sex');
    // women: 5 mothers + 李女 + one in B + 2 baby girls = 9; men: 4 − 1 dead + 2 in B + 3 boys = 8
    expect(value(bySex, 'population', 'female')!.value).toBe(9);
    expect(value(bySex, 'population', 'male')!.value).toBe(8);
    expect(value(bySex, 'births', 'male')!.value).toBe(3);
    const byOrder = await stats('region=330522&period=2025&indicators=births&by=order');
    expect(value(byOrder, 'births', '1')!.value).toBe(5);
    expect(value(byOrder, 'births', '2')!.value).toBe(0);
  });

  it('answers past periods by balancing: 2024 had 13 people and no births; March 2025 had all five', async () => {
    const y2024 = await stats('region=330522&period=2024&indicators=population,births');
    expect(value(y2024, 'population')!.value).toBe(13);
    expect(value(y2024, 'births')!.value).toBe(0);
    const march = await stats('region=330522&period=2025-03&indicators=population,births,cbr');
    expect(value(march, 'population')!.value).toBe(18);
    // one month: person-years = (13 + 18) / 2 × 1/12; cbr = 5 / that × 1000 (annualized)
    expect(value(march, 'cbr')!.value).toBeCloseTo((5 / ((31 / 2) * (1 / 12))) * 1000, 6);
  });

  it('is fresh: an event shows in the next request', async () => {
    const before = value(await stats('region=330522001&period=2025&indicators=deaths'), 'deaths')!.value!;
    const someone = await t.db.db.selectFrom('person').select('id').where('name', '=', '乙1').executeTakeFirstOrThrow();
    await recordEvent(t, cookie, { kind: 'residence_change', occurredOn: '2025-05-05', personId: someone.id, toRegion: await t.village(A, 1) });
    const after = await stats('region=330522&period=2025&indicators=population,move_in&by=child');
    expect(value(after, 'population', A)!.value).toBe(15);
    expect(value(after, 'population', B)!.value).toBe(2);
    // a move between townships: in for A, invisible for the county
    expect(value(after, 'move_in', A)!.value).toBe(1);
    expect(value(after, 'move_in')!.value).toBe(0);
    expect(before).toBe(1);
  });

  it('refuses bad input with reasons, and regions outside the caller’s scope', async () => {
    expectApiError(await t.request('GET', '/api/v1/stats?region=330522&period=2025-13', { cookie }), 400, 'VALIDATION_FAILED');
    expectApiError(await t.request('GET', '/api/v1/stats?region=330522&period=2025&indicators=cbr,nonsense', { cookie }), 400, 'UNKNOWN_INDICATOR');
    expectApiError(await t.request('GET', '/api/v1/stats?region=330522&period=2031', { cookie }), 400, 'FUTURE_PERIOD');
    expectApiError(await t.request('GET', '/api/v1/stats?region=330521&period=2025', { cookie }), 403, 'OUT_OF_SCOPE');
    expect((await t.request('GET', '/api/v1/stats?period=2025')).statusCode).toBe(401);
  });
});

describe('trend, pyramid, reports, quality and disclosure', () => {
  it('gives a monthly trend and the pyramid', async () => {
    const res = await t.request('GET', '/api/v1/stats/trend?region=330522&indicators=births,population&granularity=month&from=2025-01&to=2025-06', { cookie });
    expect(res.statusCode, res.body).toBe(200);
    const births = res.json<{ series: { indicator: string; points: { period: string; value: number }[] }[] }>().series.find((s) => s.indicator === 'births')!;
    expect(births.points.map((p) => p.value)).toEqual([0, 0, 5, 0, 0, 0]);
    const pyr = await t.request('GET', '/api/v1/stats/pyramid?region=330522&date=2025-06-30', { cookie });
    const body = pyr.json<{ total: number; rows: { ageGroup: string; male: number; female: number }[] }>();
    expect(body.total).toBe(17);
    expect(body.rows.find((r) => r.ageGroup === '0-4')).toEqual({ ageGroup: '0-4', male: 3, female: 2 });
  });

  it('exports the annual report as xlsx and CSV with the header and escaped cells, and audits the export', async () => {
    const json = await t.request('GET', '/api/v1/stats/reports/annual?region=330522&period=2025', { cookie });
    expect(json.statusCode, json.body).toBe(200);
    const view = json.json<{ tables: { title: string; rows: unknown[][] }[] }>();
    expect(view.tables[0]!.rows[0]!.slice(0, 4)).toEqual(['330522', '长兴县（合计）', 13, 17]);
    const xlsx = await t.request('GET', '/api/v1/stats/reports/annual?region=330522&period=2025&format=xlsx', { cookie });
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-disposition']).toContain("filename*=UTF-8''");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0]!;
    const header = sheet.getColumn(1).values.slice(1, 6).map(String).join('\n');
    expect(header).toContain('330522');
    expect(header).toContain('2025');
    const csv = await t.request('GET', '/api/v1/stats/reports/monthly?region=330522&period=2025-03&format=csv', { cookie });
    expect(csv.statusCode).toBe(200);
    expect([...csv.rawPayload.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(csv.body).toContain('长兴县');
    const audit = await t.db.db.selectFrom('audit_log').select(['action', 'object_id']).where('action', '=', 'stats.report.export').execute();
    expect(audit.length).toBe(2);
    expectApiError(await t.request('GET', '/api/v1/stats/reports/monthly?region=330522&period=2025', { cookie }), 400, 'BAD_PERIOD');
  });

  it('lists data-quality checks', async () => {
    const res = await t.request('GET', '/api/v1/stats/quality?region=330522&period=2025-03', { cookie });
    expect(res.statusCode, res.body).toBe(200);
    const q = res.json<{ checks: { check: string }[]; findings: { check: string; regionCode: string; period: string }[] }>();
    expect(q.checks.map((c) => c.check)).toEqual(['birth_outlier', 'age_heaping_whipple', 'age_heaping_myers', 'srb_persistent', 'error_rate', 'low_registration']);
    // Five births in one month of a township that had none for two years is an outlier.
    expect(q.findings).toContainEqual(expect.objectContaining({ check: 'birth_outlier', regionCode: A, period: '2025-03' }));
  });

  it('discloses the city’s figures without login, small counts as "<5"', async () => {
    const res = await t.request('GET', '/api/v1/public/stats?period=2025');
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json<{ region: { code: string }; rows: { indicator: string; group: string | null; value: number | string | null }[] }>();
    expect(body.region.code).toBe('3305');
    expect(body.rows.find((r) => r.indicator === 'population' && r.group === null)!.value).toBe(17);
    expect(body.rows.find((r) => r.indicator === 'deaths' && r.group === null)!.value).toBe('<5');
    expect(body.rows.find((r) => r.indicator === 'births' && r.group === null)!.value).toBe(5);
    // cdr rests on one death: withheld
    expect(body.rows.find((r) => r.indicator === 'cdr' && r.group === null)!.value).toBeNull();
    expect(body.rows.find((r) => r.indicator === 'births' && r.group === '330521')!.value).toBe('<5');
  });
});
