/**
 * Crash safety of `renkou import`: the process is killed (SIGKILL) at random moments — while reading,
 * staging or applying — at least 20 times; then the same command runs to the end. The registry must equal
 * the one a single clean run produces, and the statistics must equal their rebuild.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { buildIdNumber } from '@renkou/core';
import { createTestDatabase, rng, type TestDatabase } from '@renkou/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'bin', 'renkou.js');
const KILLS = 22;

let crashed: TestDatabase;
let clean: TestDatabase;
let file: string;
const dataDir = mkdtempSync(path.join(tmpdir(), 'renkou-crash-'));

function env(db: TestDatabase): NodeJS.ProcessEnv {
  return { ...process.env, DATABASE_URL: db.url, RENKOU_DATA_DIR: dataDir };
}

async function importToEnd(db: TestDatabase): Promise<string> {
  const r = await run(process.execPath, [BIN, 'import', 'police_hukou', file, '--region', '330522', '--json'], { env: env(db), timeout: 240_000 });
  return r.stdout;
}

/** Starts the import and kills it after `ms`; resolves when the process is gone. */
function importAndKill(db: TestDatabase, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, 'import', 'police_hukou', file, '--region', '330522'], { env: env(db), stdio: 'ignore' });
    const timer = setTimeout(() => child.kill('SIGKILL'), ms);
    child.on('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/** The registry by natural values (identity numbers differ: rolled-back transactions consume them). */
async function registry(db: TestDatabase) {
  const q = async (text: string) => (await db.ownerPool.query(text)).rows;
  return {
    persons: await q('SELECT name, sex, birth_date::text, hukou_region, residence_region, status, id_number_masked FROM person ORDER BY 1, 2, 3, 4, 5, 6, 7'),
    events: await q('SELECT e.kind, e.occurred_on::text, e.region_code, e.source, p.name FROM vital_event e JOIN person p ON p.id = e.person_id ORDER BY 1, 2, 3, 4, 5'),
    ledger: await q('SELECT kind, record_key, outcome FROM exchange_record ORDER BY 1, 2'),
    worklist: await q("SELECT record_key, outcome FROM import_record WHERE status = 'worklist' ORDER BY 1"),
    stock: await q('SELECT * FROM stat_stock t WHERE n <> 0 ORDER BY t'),
    flow: await q('SELECT * FROM stat_flow t WHERE n <> 0 ORDER BY t'),
  };
}

beforeAll(async () => {
  [crashed, clean] = await Promise.all([createTestDatabase(), createTestDatabase()]);
  const villages = (await clean.ownerPool.query<{ code: string }>("SELECT code FROM region WHERE code LIKE '330522%' AND level = 5 ORDER BY code LIMIT 8")).rows.map((r) => r.code);
  const r = rng(2025);
  const lines = ['业务编号,变动类型,公民身份号码,姓名,性别,出生日期,变动日期,迁出地区划代码,迁入地区划代码'];
  const surnames = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗';
  const given = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平';
  const arrived: { id: string; name: string; sex: string; birth: string; village: string }[] = [];
  for (let i = 0; i < 1200; i++) {
    const sex = i % 2 === 0 ? '男' : '女';
    const birth = `19${60 + Math.floor(r() * 40)}-0${1 + Math.floor(r() * 9)}-1${Math.floor(r() * 9)}`;
    const id = buildIdNumber(['320102', '320104', '320105'][Math.floor(i / 450)]!, birth, (i % 450) * 2 + (sex === '男' ? 1 : 0));
    const name = `${surnames[i % 20]}${given[Math.floor(i / 20) % 20]}${given[(i * 7) % 20]}`;
    const village = villages[i % villages.length]!;
    arrived.push({ id, name, sex, birth, village });
    lines.push(`P${String(i).padStart(5, '0')},迁入,${id},${name},${sex},${birth},2025-0${1 + (i % 5)}-0${1 + (i % 9)},320102,${village}`);
  }
  // Later records of the same file name people the earlier ones brought in.
  for (let i = 0; i < 300; i++) {
    const p = arrived[i * 3]!;
    lines.push(`H${String(i).padStart(5, '0')},户籍变更,${p.id},${p.name},${p.sex},${p.birth},2025-06-1${i % 9},${p.village},${villages[(i + 3) % villages.length]}`);
  }
  file = path.join(dataDir, 'police.csv');
  writeFileSync(file, `${lines.join('\r\n')}\r\n`);
}, 120_000);

afterAll(async () => {
  await Promise.all([crashed?.drop(), clean?.drop()]);
});

describe('renkou import killed at random points', () => {
  it(`after ${KILLS} kills and a final run, equals one clean run`, async () => {
    const started = performance.now();
    const once = JSON.parse(await importToEnd(clean)) as unknown;
    const fullMs = performance.now() - started;
    // A few newcomers share name and birth date with an earlier one: the linkage sends them to a clerk.
    const summary = once as { applied: number; rejected: number; worklist: number };
    expect(summary.applied + summary.worklist, JSON.stringify(once)).toBe(1500);
    expect(summary.applied).toBeGreaterThan(1400);
    expect(summary.rejected).toBe(0);

    const r = rng(7);
    const states = new Set<string>();
    for (let k = 0; k < KILLS; k++) {
      // Anywhere from start-up to just past a full run: reading, staging, applying, or after the commit.
      await importAndKill(crashed, 300 + r() * fullMs * 1.1);
      const { rows } = await crashed.ownerPool.query<{ status: string }>('SELECT status FROM import_batch ORDER BY id DESC LIMIT 1');
      states.add(rows[0]?.status ?? 'none');
    }
    await importToEnd(crashed);
    // The kills must have hit more than one phase for the test to mean anything.
    expect(states.size, [...states].join(',')).toBeGreaterThanOrEqual(2);
    expect(await registry(crashed)).toEqual(await registry(clean));
    const batches = await crashed.ownerPool.query<{ status: string }>("SELECT status FROM import_batch WHERE status <> 'applied'");
    expect(batches.rows).toEqual([]);
  }, 900_000);
});
