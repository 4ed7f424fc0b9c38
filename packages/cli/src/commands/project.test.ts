import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { projectCommand, runProject } from './project';

/*
 * Worked example: Preston, Heuveline & Guillot (2001), Demography, Box 6.2 — Sweden 1993 females, five-year
 * steps, net migrants half at the start and half at the end. Printed 1998 population and births by age of
 * mother as transcribed in the UN Population Division's ccmppWPP package (data-raw/sweden_1993.R).
 */
const SWEDEN = {
  ageInterval: 5,
  openAge: 85,
  steps: 2,
  baseYear: 1993,
  srb: 1.05,
  radix: 100000,
  migrationTiming: 'even',
  female: {
    population: [293395, 248369, 240012, 261346, 285209, 314388, 281290, 286923, 304108, 324946, 247613, 211351, 215140, 221764, 223506, 183654, 141990, 112424],
    nLx: [497487, 497138, 496901, 496531, 495902, 495168, 494213, 492760, 490447, 486613, 480665, 471786, 457852, 436153, 402775, 350358, 271512, 291707],
    asfr: [0, 0, 0, 0.012, 0.0908, 0.1499, 0.1125, 0.0441, 0.0074, 0.0003, 0, 0, 0, 0, 0, 0, 0, 0],
    netMigration: [6840, 4150, 3365, 5270, 9240, 8230, 5470, 3155, 1770, 1115, 1075, 845, 645, 530, 465, 300, 250, 175],
  },
};
const PRINTED_1998 = [302392, 298682, 252007, 244150, 268267, 293515, 320624, 284767, 288031, 303166, 322062, 243989, 205841, 205516, 205270, 194771, 142565, 131966];
const PRINTED_BIRTHS = [0, 0, 0, 15244, 126688, 229354, 170057, 63203, 10971, 472, 0, 0, 0, 0, 0, 0, 0, 0];

const dir = mkdtempSync(path.join(tmpdir(), 'renkou-project-'));
const file = (name: string, content: unknown) => {
  const f = path.join(dir, name);
  writeFileSync(f, JSON.stringify(content));
  return f;
};

describe('renkou project', () => {
  it('--json prints years, female, male, births and summary; Box 6.2 reproduced', () => {
    const r = projectCommand({ input: file('sweden.json', SWEDEN), json: true });
    expect(r.exitCode).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.years).toEqual([1993, 1998, 2003]);
    expect(out.female).toHaveLength(3);
    expect(out.female[1].map(Math.round)).toEqual(PRINTED_1998);
    expect(out.male).toBeNull();
    expect(out.births).toHaveLength(2);
    expect(Object.keys(out.births[0])).toEqual(['total', 'female', 'male', 'byMotherAge']);
    expect(out.births[0].byMotherAge.map(Math.round)).toEqual(PRINTED_BIRTHS);
    expect(Object.keys(out.summary)).toEqual(['tfr', 'grr', 'nrr', 'mac', 'lambda', 'r', 'stable']);
  });

  it('projects both sexes when male data is given', () => {
    const male = { population: SWEDEN.female.population, nLx: SWEDEN.female.nLx, netMigration: SWEDEN.female.netMigration };
    const out = JSON.parse(runProject({ ...SWEDEN, male }, { json: true }).stdout);
    expect(out.male).toHaveLength(3);
    // Same inputs, so males exceed females only in the newborn group, by the sex ratio at birth.
    expect(Math.round(out.male[1][0])).toBe(317340);
  });

  it('prints a readable report without --json', () => {
    const lines = runProject(SWEDEN, { json: false }).stdout.split('\n');
    expect(lines[0]).toBe('人口预测 / projection — 1993–2003, 5-year steps');
    expect(lines).toContain('女性 / female');
    expect(lines.find((l) => l.startsWith('0-4'))!.split(/\s+/).slice(0, 3)).toEqual(['0-4', '293,395', '302,392']);
    expect(lines.find((l) => l.startsWith('1993–1998'))!.split(/\s+/)).toEqual(['1993–1998', '615,988', '300,482', '315,506']);
    expect(lines.some((l) => l.includes('TFR 2.085'))).toBe(true);
  });

  it('exits 2 naming each bad field in both languages', () => {
    const r = runProject({ ...SWEDEN, ageInterval: 2, migrationTiming: 'later', female: { ...SWEDEN.female, nLx: SWEDEN.female.nLx.slice(2) } }, { json: true });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('ageInterval = 2: 取值不在允许范围内（1、5） / must be one of 1, 5');
    expect(r.stderr).toContain('migrationTiming = "later"');
    const lengths = runProject({ ...SWEDEN, female: { ...SWEDEN.female, nLx: SWEDEN.female.nLx.slice(2) } }, { json: true });
    expect(lengths.stderr).toContain('female.nLx = "[16 values]": 应有 18 个值（年龄 0, 5, …, 85+），实际 16 个 / needs 18 values (ages 0, 5, …, 85+) but has 16');
    const neg = runProject({ ...SWEDEN, female: { ...SWEDEN.female, population: SWEDEN.female.population.map((p, i) => (i === 3 ? -1 : p)) } }, { json: true });
    expect(neg.stderr).toContain('female.population[3] = -1: 不能为负数 / must not be negative');
  });

  it('is registered in the renkou binary (exit code 2 on bad input)', async () => {
    const bin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'bin', 'renkou.js');
    // Both runs at once: each start of the binary compiles the CLI with tsx, which takes seconds.
    const [ok, bad] = await Promise.all([
      promisify(execFile)(process.execPath, [bin, 'project', '--input', file('a.json', SWEDEN), '--json']),
      promisify(execFile)(process.execPath, [bin, 'project', '--input', file('b.json', { ...SWEDEN, ageInterval: 3 })]).catch((e: { code: number; stderr: string }) => e),
    ]);
    expect(JSON.parse(ok.stdout).years).toEqual([1993, 1998, 2003]);
    expect(bad).toMatchObject({ code: 2, stderr: expect.stringContaining('ageInterval = 3') as string });
  }, 60_000);
});
