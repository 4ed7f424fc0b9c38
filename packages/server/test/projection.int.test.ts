/**
 * Projection of regions of the synthetic demo city from the registry's own rates, with scenarios, the
 * impact comparison, borrowing for small regions and the .xlsx export, through the HTTP API.
 */
import ExcelJS from 'exceljs';
import type { RegionProjectionResult, StatsResult } from '@renkou/core';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// The demo loader lives in the CLI; the test loads the same city `npm start` would.
import { runDemoLoad } from '../../cli/src/commands/demo';
import { startTestApp, type TestApp } from './harness';

let t: TestApp;
let cookie: string;

beforeAll(async () => {
  t = await startTestApp();
  await runDemoLoad(t.db.ownerPool, { region: '3305', scale: 0.005, seed: '1', keys: t.server.deps.keys, progress: false });
  cookie = (await t.user('city_analyst', '3305')).cookie;
}, 240_000);

afterAll(async () => {
  await t?.close();
});

async function project(body: unknown, query = ''): Promise<RegionProjectionResult> {
  const res = await t.request('POST', `/api/v1/projection${query}`, { cookie, body });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<RegionProjectionResult>();
}

describe('POST /api/v1/projection', () => {
  it('starts from the registry’s population at the end of the base year and balances every year', async () => {
    const p = await project({ region: '3305', horizon: 10 });
    const stats = await t.request('GET', `/api/v1/stats?region=3305&period=${p.baseYear}&indicators=population,births`, { cookie });
    const rows = stats.json<StatsResult>().rows;
    expect(p.inputs.population).toBe(rows.find((r) => r.indicator === 'population')!.value);
    expect(p.inputYears).toEqual([p.baseYear - 2, p.baseYear - 1, p.baseYear]);
    const s = p.scenarios[0]!;
    expect(s.years).toHaveLength(11);
    expect(s.years[0]!.total).toBe(p.inputs.population);
    for (let i = 1; i < s.years.length; i++) {
      const y = s.years[i]!;
      expect(y.total).toBeCloseTo(s.years[i - 1]!.total + y.births - y.deaths + y.netMigration, 4);
    }
    // The pyramid of each year adds up to its total (rounded per group).
    const last = s.pyramids.at(-1)!;
    expect(Math.abs(last.male.reduce((a, b) => a + b, 0) + last.female.reduce((a, b) => a + b, 0) - s.years.at(-1)!.total)).toBeLessThan(21);
    expect(p.inputs.tfr).toBeGreaterThan(0.5);
    expect(p.inputs.tfr).toBeLessThan(2.5);
    expect(p.inputs.e0Female).toBeGreaterThan(p.inputs.e0Male);
    expect(p.comparison).toBeNull();
  });

  it('a village borrows its rates from an ancestor or the model schedule, and says so', async () => {
    const village = (await sql<{ region_code: string }>`SELECT region_code FROM stat_stock WHERE level = 5 AND basis = 'residence' ORDER BY region_code LIMIT 1`.execute(t.db.db)).rows[0]!;
    const p = await project({ region: village.region_code, horizon: 5 });
    const fertility = p.inputs.borrowed.find((b) => b.what === 'fertility')!;
    expect(fertility.from === 'model' || village.region_code.startsWith(fertility.from)).toBe(true);
    expect(fertility.reason.zh).toMatch(/借用/);
    expect(p.inputs.borrowed.map((b) => b.what)).toEqual(expect.arrayContaining(['fertility', 'mortality_female', 'mortality_male', 'srb']));
  });

  it('compares two scenarios: a higher TFR gives more births and, later, more school-age children', async () => {
    const p = await project({
      region: '3305',
      horizon: 12,
      scenarios: [
        { name: '维持现状', tfr: [{ year: 2026, value: 1.0 }] },
        { name: '育儿补贴', tfr: [{ year: 2026, value: 1.0 }, { year: 2030, value: 1.4 }], e0: { female: [{ year: 2040, value: 86 }] } },
      ],
    });
    expect(p.scenarios.map((s) => s.name)).toEqual(['维持现状', '育儿补贴']);
    const c = p.comparison!;
    const at = (year: number) => c.find((r) => r.year === year)!.difference;
    expect(at(p.baseYear).total).toBe(0);
    expect(at(2030).births!).toBeGreaterThan(0);
    expect(at(p.baseYear + 12).schoolAge!).toBeGreaterThan(0);
    expect(p.scenarios[1]!.years.find((y) => y.year === 2030)!.tfr).toBeCloseTo(1.4, 9);
  });

  it('exports the projection as .xlsx, audited; refuses bad scenarios with the field named', async () => {
    const res = await t.request('POST', '/api/v1/projection?format=xlsx', { cookie, body: { region: '3305', horizon: 5 } });
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name).join('|')).toMatch(/Inputs|参数/);
    const audit = await t.db.db.selectFrom('audit_log').select('action').where('action', '=', 'projection.export').execute();
    expect(audit).toHaveLength(1);
    const bad = await t.request('POST', '/api/v1/projection', { cookie, body: { region: '3305', horizon: 5, scenarios: [{ name: 'x', tfr: [{ year: 2030, value: 9 }] }] } });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('scenarios');
    expect((await t.request('POST', '/api/v1/projection', { cookie, body: { region: '3301', horizon: 5 } })).statusCode).toBe(403);
  });
});
