/**
 * Projection: every county of China (2,978) projected 50 one-year steps, single-year ages 0..100+, two sexes,
 * with migration, in one process. Inputs are synthetic: a base schedule (mortality, fertility, population,
 * migration) perturbed per county with a seeded PRNG, so every run projects the same numbers.
 * Prints the total time (aim < 2 s), projections per second, and two ratios measured in this run:
 * against the same number of plain Float64Array multiply-adds (the arithmetic floor of the method) and
 * against one county's projection repeated 2,978 times (the same work without 2,978 different inputs).
 * No assertion on wall-clock time.
 */
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { lifeTableFromRates, projectCohortComponent, projectionLx, survivalRatiosFromLx, type CohortProjectionInput } from '@renkou/core';

const COUNTIES = 2978;
const STEPS = 50;
const OPEN_AGE = 100;
const K = OPEN_AGE + 1;
const AGES = Array.from({ length: K }, (_, i) => i);

/** mulberry32: tiny, fast and good enough to perturb schedules; seeded so runs are repeatable. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function normal(rand: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
}

/** Base schedules: a Gompertz–Makeham adult hazard with infant and child levels, a bell-shaped ASFR. */
const BASE_MX = AGES.map((x) => (x === 0 ? 0.0055 : x < 5 ? 0.0004 : 0.0002 + 0.00003 * Math.exp(0.095 * x)));
const ASFR_SHAPE = AGES.map((x) => (x < 15 || x > 49 ? 0 : Math.exp(-(((x - 28.5) / 5.5) ** 2) / 2)));
const ASFR_SUM = ASFR_SHAPE.reduce((a, b) => a + b, 0);
const BASE_POP = AGES.map((x) => 6000 * Math.exp(-0.012 * x) * (x < 100 ? 1 : 3));
const MIGRATION_PROFILE = AGES.map((x) => Math.exp(-(((x - 24) / 8) ** 2) / 2) + 0.15 * Math.exp(-(((x - 2) / 3) ** 2) / 2));

/** One county's projection input, built from its own life tables (the life tables are part of the work). */
function countyInput(county: number): CohortProjectionInput {
  const rand = prng(0x5eed0000 + county);
  const level = Math.exp(0.15 * normal(rand));
  const slope = 1 + 0.02 * normal(rand);
  const size = Math.exp(0.5 * normal(rand));
  const tfr = 1.3 * Math.exp(0.15 * normal(rand));
  const srb = 1.05 + 0.05 * rand();
  const netRate = 0.004 * normal(rand);
  const sex = (which: 'female' | 'male') => {
    const scale = which === 'female' ? 0.6 : 1;
    const mx = BASE_MX.map((m, x) => Math.min(0.9, m * level * scale * slope ** (x / 10)));
    const table = lifeTableFromRates({ sex: which, ages: AGES, mx });
    const survival = survivalRatiosFromLx(projectionLx(table, 1, OPEN_AGE), table.radix, 1);
    const population = BASE_POP.map((p) => p * size * (1 + 0.05 * normal(rand)));
    const netMigration = MIGRATION_PROFILE.map((w, x) => netRate * w * population[x]!);
    return { population, survival, netMigration };
  };
  return { ageInterval: 1, steps: STEPS, baseYear: 2024, srb, migrationTiming: 'even', asfr: ASFR_SHAPE.map((s) => (tfr * s) / ASFR_SUM), female: sex('female'), male: sex('male') };
}

/** The arithmetic floor: per county, step and sex, one multiply-add per age to survive and one for births. */
function plainMultiplyAdds(rounds: number): { ms: number; checksum: number; operations: number } {
  const pop = new Float64Array(K).fill(1000);
  const next = new Float64Array(K);
  const s = new Float64Array(K).fill(0.99);
  const m = new Float64Array(K).fill(1);
  const f = new Float64Array(K).fill(0.01);
  let checksum = 0;
  const t0 = performance.now();
  for (let r = 0; r < rounds; r++) {
    for (let sex = 0; sex < 2; sex++) {
      for (let i = 1; i < K; i++) next[i] = pop[i - 1]! * s[i]! + m[i]!;
      let births = 0;
      for (let i = 0; i < K; i++) births += f[i]! * next[i]!;
      next[0] = births;
      checksum += births;
      pop.set(next);
    }
  }
  return { ms: performance.now() - t0, checksum, operations: rounds * 2 * 2 * K };
}

/**
 * Runs the benchmark and prints its figures.
 *
 * @example
 * await benchProjection(); // projection of 2,978 counties: … s (aim < 2 s) …
 */
export async function benchProjection(): Promise<{ totalMs: number; projectionMs: number; perSecond: number }> {
  // Warm up the JIT on a few counties so the batch measures steady-state code, as a server would run it.
  for (let c = 0; c < 20; c++) projectCohortComponent(countyInput(c));

  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const inputs = Array.from({ length: COUNTIES }, (_, c) => countyInput(c));
  const t1 = performance.now();
  let finalTotal = 0;
  let clamped = 0;
  for (const input of inputs) {
    const p = projectCohortComponent(input);
    // Keep only a checksum: retaining 2,978 full histories would measure the heap, not the method.
    finalTotal += p.female[STEPS]!.reduce((a, x) => a + x, 0) + p.male![STEPS]!.reduce((a, x) => a + x, 0);
    clamped += p.clamped.length;
  }
  const t2 = performance.now();
  const cpu = process.cpuUsage(cpu0);
  // On a shared machine wall time includes waiting for a CPU; the process's own CPU time does not.
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const totalMs = t2 - t0;
  const projectionMs = t2 - t1;
  const perSecond = COUNTIES / (totalMs / 1000);

  // One county's projection repeated 2,978 times: the same work without the variety of 2,978 inputs.
  const one = inputs[0]!;
  const s0 = performance.now();
  let oneTotal = 0;
  for (let c = 0; c < COUNTIES; c++) oneTotal += projectCohortComponent(one).births[0]!.total;
  const singleMs = performance.now() - s0;
  const floor = plainMultiplyAdds(COUNTIES * STEPS);

  console.log(`projection of ${COUNTIES} counties × ${STEPS} one-year steps, ages 0..${OPEN_AGE}+, two sexes, migration half/half:`);
  console.log(`  total ${(totalMs / 1000).toFixed(3)} s wall, ${(cpuMs / 1000).toFixed(3)} s CPU (aim < 2 s): inputs and life tables ${(t1 - t0).toFixed(0)} ms, projections ${projectionMs.toFixed(0)} ms; ${Math.round(perSecond).toLocaleString('en-US')} counties per second end to end, ${Math.round(COUNTIES / (projectionMs / 1000)).toLocaleString('en-US')} projections per second`);
  console.log(`  baseline, plain multiply-adds: ${floor.operations.toLocaleString('en-US')} in ${floor.ms.toFixed(0)} ms; ratio projections / multiply-adds ${(projectionMs / floor.ms).toFixed(1)}×`);
  console.log(`  baseline, one county's projection × ${COUNTIES}: ${singleMs.toFixed(0)} ms; ratio all counties / (one × ${COUNTIES}) ${(projectionMs / singleMs).toFixed(2)}×`);
  console.log(`  checksums: population after ${STEPS} years ${Math.round(finalTotal).toLocaleString('en-US')}, clamped values ${clamped}, ${Math.round(oneTotal + floor.checksum) > 0 ? 'baselines ran' : ''}`);
  return { totalMs, projectionMs, perSecond };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) await benchProjection();
