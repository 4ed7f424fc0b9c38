import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { lifetableCommand, readJsonInput, runLifetable } from './lifetable';

/*
 * Worked example: Preston, Heuveline & Guillot (2001), Demography, Box 3.1, Austria 1992 males (data:
 * United Nations 1994), as transcribed in the IHME demCore package (data-raw/austria_1992_lt.R). The box's
 * nax at ages 10–80 come from a graduation it does not repeat, so they are part of the input.
 */
const AUSTRIA = {
  sex: 'male',
  ages: [0, 1, 5, 10, 15, 20, 25, 30, 35, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85],
  exposures: [47925, 189127, 234793, 238790, 254996, 326831, 355086, 324222, 269963, 261971, 238011, 261612, 181385, 187962, 153832, 105169, 73694, 57512, 32248],
  deaths: [419, 70, 36, 46, 249, 420, 403, 441, 508, 769, 1154, 1866, 2043, 3496, 4366, 4337, 5279, 6460, 6146],
  nax: [null, null, null, 3.143, 2.724, 2.52, 2.481, 2.601, 2.701, 2.663, 2.698, 2.676, 2.645, 2.624, 2.619, 2.593, 2.518, 2.423, null],
  radix: 100000,
};
const PRINTED_LX = [100000, 99133, 98986, 98910, 98815, 98334, 97704, 97151, 96492, 95588, 94195, 91937, 88711, 83845, 76377, 66225, 53803, 37441, 21134];
const PRINTED_NLX = [99192, 396183, 494741, 494375, 492980, 490106, 487127, 484175, 480384, 474686, 465777, 452188, 432096, 401480, 357713, 301224, 228404, 145182, 110889];

const dir = mkdtempSync(path.join(tmpdir(), 'renkou-lifetable-'));
const file = (name: string, content: unknown) => {
  const f = path.join(dir, name);
  writeFileSync(f, typeof content === 'string' ? content : JSON.stringify(content));
  return f;
};

describe('renkou lifetable', () => {
  it('--json prints {rows} with every column; Box 3.1 lx and nLx as printed', () => {
    const r = lifetableCommand({ input: file('austria.json', AUSTRIA), json: true });
    expect(r.exitCode).toBe(0);
    const out = JSON.parse(r.stdout) as { rows: Record<string, number | null>[] };
    expect(Object.keys(out)).toEqual(['rows']);
    expect(Object.keys(out.rows[0]!)).toEqual(['age', 'n', 'mx', 'ax', 'qx', 'px', 'lx', 'dx', 'Lx', 'Tx', 'ex']);
    expect(out.rows.map((row) => Math.round(row.lx!))).toEqual(PRINTED_LX);
    expect(out.rows.map((row) => Math.round(row.Lx!))).toEqual(PRINTED_NLX);
    expect(out.rows[18]!.n).toBeNull();
  });

  it('prints a readable table without --json', () => {
    const r = runLifetable(AUSTRIA, { json: false });
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('生命表 / life table — 男 male, 简略 abridged, l0 = 100000');
    expect(lines[1]!.split(/\s+/)).toEqual(['age', 'n', 'mx', 'ax', 'qx', 'px', 'lx', 'dx', 'Lx', 'Tx', 'ex']);
    expect(lines[2]!.split(/\s+/)).toEqual(['0', '1', '0.008743', '0.068', '0.008672', '0.991328', '100000', '867', '99192', '7288901', '72.889']);
    expect(lines[20]!.split(/\s+/).slice(0, 2)).toEqual(['85+', '-']);
  });

  it('reports capped probabilities as warnings in JSON', () => {
    const r = runLifetable({ sex: 'female', ages: [0, 1, 5, 10], mx: [0.01, 0.001, 1, 0.3] }, { json: true });
    expect(JSON.parse(r.stdout).warnings).toEqual([{ age: 5, reason: { zh: '死亡概率超过 1，已按 1 计', en: 'qx exceeded 1 (ax·mx > 1) and was capped at 1' } }]);
  });

  it('exits 2 with the bilingual reason naming the field', () => {
    const r = runLifetable({ ...AUSTRIA, exposures: AUSTRIA.exposures.map((e, i) => (i === 4 ? 0 : e)) }, { json: true });
    expect(r.exitCode).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('exposures[4] = 0: 暴露人年为 0，但死亡数为 249 / is 0 but deaths[4] is 249');
    const lengths = runLifetable({ ...AUSTRIA, deaths: AUSTRIA.deaths.slice(1) }, { json: false });
    expect(lengths.stderr).toContain('deaths = "[18 values]": 长度 18 与 ages 的长度 19 不一致 / has 18 values but ages has 19');
  });

  it('exits 2 on a missing file or broken JSON', () => {
    expect(readJsonInput(path.join(dir, 'missing.json'))).toMatchObject({ exitCode: 2, stderr: expect.stringContaining('ENOENT') as string });
    const r = lifetableCommand({ input: file('broken.json', '{"sex": "male",') });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('不是有效的 JSON');
  });

  it('is registered in the renkou binary (exit code 2 on bad input)', async () => {
    const bin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'bin', 'renkou.js');
    // Both runs at once: each start of the binary compiles the CLI with tsx, which takes seconds.
    const [ok, bad] = await Promise.all([
      promisify(execFile)(process.execPath, [bin, 'lifetable', '--input', file('a.json', AUSTRIA), '--json']),
      promisify(execFile)(process.execPath, [bin, 'lifetable', '--input', file('b.json', { ...AUSTRIA, sex: 'x' })]).catch((e: { code: number; stderr: string }) => e),
    ]);
    expect(JSON.parse(ok.stdout).rows).toHaveLength(19);
    expect(bad).toMatchObject({ code: 2, stderr: expect.stringContaining('sex = "x"') as string });
  }, 60_000);
});
