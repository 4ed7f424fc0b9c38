import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@renkou/testing';

const run = promisify(execFile);
const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'bin', 'renkou.js');

let t: TestDatabase;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  t = await createTestDatabase();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'renkou-cli-'));
  env = { ...process.env, DATABASE_URL: t.url, RENKOU_DATA_DIR: dataDir };
});
afterAll(() => t.drop());

async function renkou(...args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const r = await run(process.execPath, [BIN, ...args], { env, timeout: 60_000 });
    return { ...r, code: 0 };
  } catch (e) {
    const err = e as { stdout: string; stderr: string; code: number };
    return { stdout: err.stdout, stderr: err.stderr, code: err.code };
  }
}

describe('renkou CLI on a real database', () => {
  it('stats prints indicators from the maintained aggregates; stats rebuild recomputes them', async () => {
    const villages = await t.ownerPool.query<{ code: string }>("SELECT code FROM region WHERE code LIKE '330522%' AND level = 5 ORDER BY code LIMIT 2");
    for (const [i, v] of villages.rows.entries()) {
      await t.ownerPool.query(
        "INSERT INTO person (name, pinyin, sex, birth_date, ethnicity, hukou_region, residence_region, residence_type) VALUES ($1, 'x', $2, '1950-01-01', '01', $3, $3, 'rural')",
        [`甲${i}`, i === 0 ? 'male' : 'female', v.code],
      );
    }
    const year = new Date().getFullYear();
    const r = await renkou('stats', '--region', '330522', '--period', String(year), '--indicators', 'population,aged_65_share', '--by', 'sex', '--json');
    expect(r.code, r.stderr).toBe(0);
    const rows = JSON.parse(r.stdout) as { indicator: string; group: string | null; value: number; numerator: number; denominator: number }[];
    expect(rows.find((x) => x.indicator === 'population' && x.group === null)!.value).toBe(2);
    expect(rows.find((x) => x.indicator === 'population' && x.group === 'female')!.value).toBe(1);
    expect(rows.find((x) => x.indicator === 'aged_65_share' && x.group === null)).toMatchObject({ value: 100, numerator: 2, denominator: 2 });
    const text = await renkou('stats', '--region', '330522', '--period', String(year), '--indicators', 'population');
    expect(text.stdout).toMatch(/长兴县 \(330522\)/);
    expect(text.stdout).toMatch(/population\s+2\s/);
    const bad = await renkou('stats', '--region', '330522', '--period', '2025-13');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/2025-03/);
    const unknown = await renkou('stats', '--region', '330522', '--period', String(year), '--indicators', 'nonsense');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/UNKNOWN_INDICATOR.*\n.*nonsense/);
    const rebuilt = await renkou('stats', 'rebuild');
    expect(rebuilt.code, rebuilt.stderr).toBe(0);
    expect(rebuilt.stdout).toMatch(/rebuilt/);
    const again = await renkou('stats', '--region', '330522', '--period', String(year), '--indicators', 'population', '--json');
    expect(JSON.parse(again.stdout)[0].value).toBe(2);
  }, 120_000);

  it('regions stats prints the count per level', async () => {
    const r = await renkou('regions', 'stats', '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([
      { level: 1, count: 31 },
      { level: 2, count: 342 },
      { level: 3, count: 2978 },
      { level: 4, count: 41352 },
      { level: 5, count: 620573 },
    ]);
  });

  it('id check reports valid and invalid IDs with reasons, exit 1 when any is invalid', async () => {
    const ok = await renkou('id', 'check', '11010519491231002x');
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/valid.*110105.*1949-12-31.*female/);
    const bad = await renkou('id', 'check', '11010519491231002X', '110105194912310021', '--json');
    expect(bad.code).toBe(1);
    const rows = JSON.parse(bad.stdout);
    expect(rows.map((r: { valid: boolean }) => r.valid)).toEqual([true, false]);
    expect(rows[1].code).toBe('ID_CHECK_CHARACTER');
  });

  it('users create, disable and reset-password work and are audited; audit verify passes', async () => {
    const created = await renkou('users', 'create', '--username', 'clerk01', '--name', '张三', '--holder', 'E001', '--role', 'county_officer', '--region', '330522');
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout).toMatch(/initial password: \S{16}/);
    const weak = await renkou('users', 'create', '--username', 'clerk02', '--name', '李四', '--holder', 'E002', '--role', 'county_officer', '--region', '330522', '--password', 'short');
    expect(weak.code).toBe(1);
    expect(weak.stderr).toMatch(/policy/);
    expect((await renkou('users', 'reset-password', 'clerk01')).stdout).toMatch(/new password/);
    expect((await renkou('users', 'disable', 'clerk01')).code).toBe(0);
    const { rows } = await t.ownerPool.query<{ action: string }>("SELECT action FROM audit_log WHERE username = 'cli' ORDER BY id");
    expect(rows.map((r) => r.action)).toEqual(['user.create', 'user.reset_password', 'user.disable']);
    const verify = await renkou('audit', 'verify', '--json');
    expect(verify.code).toBe(0);
    expect(JSON.parse(verify.stdout)).toMatchObject({ ok: true, checked: 3 });
  }, 120_000);

  it('audit verify exits 1 and names the row when a record was changed', async () => {
    await t.ownerPool.query('ALTER TABLE audit_log DISABLE TRIGGER USER');
    await t.ownerPool.query("UPDATE audit_log SET action = 'user.enable' WHERE action = 'user.disable'");
    await t.ownerPool.query('ALTER TABLE audit_log ENABLE TRIGGER USER');
    const verify = await renkou('audit', 'verify');
    expect(verify.code).toBe(1);
    expect(verify.stdout).toMatch(/changed/);
  });
});
