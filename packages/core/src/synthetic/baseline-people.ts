/**
 * The 2020-11-01 baseline, part 1: persons by single year of age and sex in exactly the census proportions,
 * local or floating, married couples with plausible age gaps and marriage dates, and children linked to
 * their mothers (and through the mother's husband to their fathers).
 */
import { ageInYears, birthdayAt, dayOf, exactAge, yearOf } from './calendar';
import { MISMATCH_2020 } from './calibration';
import { divorcedShare, FLOATING_BY_AGE, ultimateEverMarried, widowedShare, type Ctx } from './context';
import { drawSurname } from './names';
import { cumulative, type Rng } from './prng';
import { ASFR_2020, censusSingleYears, everMarriedBy, motherAgeShift, sampleMarriageAge } from './schedules';
import { DIVORCED, FEMALE, FLOATING, LOCAL, MALE, MARRIED, UNMARRIED, WIDOWED } from './state';

const MAX_AGE = 104;

/**
 * Indexes 0..n−1 ordered by a small non-negative integer key (ties in index order): a counting sort, O(n + keys),
 * for the million-element orderings the baseline needs (by birth day, by household).
 */
export function countingOrder(n: number, keys: number, key: (i: number) => number): Int32Array {
  const start = new Int32Array(keys + 1);
  for (let i = 0; i < n; i++) start[key(i) + 1]!++;
  for (let k = 0; k < keys; k++) start[k + 1]! += start[k]!;
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[start[key(i)]!++] = i;
  return out;
}

/** Person indexes from the oldest to the youngest (ties by index). */
export function byBirth(ctx: Ctx): Int32Array {
  const p = ctx.people;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < p.count; i++) {
    min = Math.min(min, p.birth[i]!);
    max = Math.max(max, p.birth[i]!);
  }
  return countingOrder(p.count, max - min + 1, (i) => p.birth[i]! - min);
}

/** Integer counts proportional to `weights` summing exactly to `total` (largest remainder). */
export function apportion(weights: readonly number[], total: number): number[] {
  const sum = weights.reduce((s, w) => s + w, 0);
  const exact = weights.map((w) => (w * total) / sum);
  const out = exact.map(Math.floor);
  let left = total - out.reduce((s, v) => s + v, 0);
  const order = exact.map((e, i) => [e - Math.floor(e), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let k = 0; left > 0; k++, left--) out[order[k % order.length]![1]]!++;
  return out;
}

/** Persons by single age and sex in the 2020 census proportions, born on random days of their age-year. */
export function createPersons(ctx: Ctx, total: number, rng: Rng): void {
  const male = censusSingleYears('male');
  const female = censusSingleYears('female');
  const counts = apportion([...male, ...female], total);
  const p = ctx.people;
  // Floating propensity scaled so that its population share is the published 26.6 %.
  const propensity = (age: number) => FLOATING_BY_AGE[Math.min(FLOATING_BY_AGE.length - 1, Math.floor(age / 5))]!;
  let expected = 0;
  counts.forEach((n, k) => (expected += n * propensity(k % (MAX_AGE + 1))));
  const scale = (MISMATCH_2020.floating * total) / expected;
  for (let k = 0; k < counts.length; k++) {
    const sex = k <= MAX_AGE ? MALE : FEMALE;
    const age = k % (MAX_AGE + 1);
    const first = dayOf(2019 - age, 11, 2);
    const last = dayOf(2020 - age, 11, 1) - (age === 0 ? 1 : 0);
    const pf = Math.min(0.95, propensity(age) * scale);
    for (let j = 0; j < counts[k]!; j++) {
      const i = p.add(first + rng.int(last - first + 1), sex);
      p.group[i] = rng.chance(pf) ? FLOATING : LOCAL;
    }
  }
}

/** Age in whole years on the census day. */
function ageNow(ctx: Ctx, i: number): number {
  return ageInYears(ctx.people.birth[i]!, ctx.censusDay);
}

/**
 * Marital status and couples. Women are married with the cohort's probability of having married by now
 * (less the widowed and divorced); each married woman takes a husband from the same group about 1.8 years
 * older (ASSUMPTION: mean gap, sd 3; the published first-marriage means differ by 1.43 years). Men's marital
 * status follows from the matching, topped up with divorced and widowed men to their cohort's ever-married share.
 */
export function formCouples(ctx: Ctx, rng: Rng): void {
  const p = ctx.people;
  // Men aged 22+ by group and age, shuffled: buckets[group][age] = indexes.
  const buckets: number[][][] = [[], []];
  for (let g = 0; g < 2; g++) for (let a = 0; a <= MAX_AGE; a++) buckets[g]!.push([]);
  const women: number[] = [];
  for (let i = 0; i < p.count; i++) {
    const age = ageNow(ctx, i);
    if (p.sex[i] === MALE) {
      if (age >= 22) buckets[p.group[i]!]![age]!.push(i);
      continue;
    }
    if (age < 20) continue;
    const by = yearOf(p.birth[i]!);
    const ever = everMarriedBy('female', by, exactAge(p.birth[i]!, ctx.censusDay), 20, ultimateEverMarried('female', by));
    const wid = widowedShare('female', age);
    const div = divorcedShare(age);
    const u = rng.next();
    if (u < ever * (1 - wid - div)) women.push(i);
    else if (u < ever * (1 - div)) p.marital[i] = WIDOWED;
    else if (u < ever) p.marital[i] = DIVORCED;
  }
  for (const g of buckets) for (const b of g) rng.shuffle(b);
  rng.shuffle(women);
  for (const w of women) {
    const age = ageNow(ctx, w);
    const want = Math.round(age + 1.8 + 3 * rng.normal());
    const bucket = buckets[p.group[w]!]!;
    let h = -1;
    for (let k = 0; k <= 24 && h < 0; k++) {
      const a = want + (k % 2 === 0 ? k / 2 : -(k + 1) / 2);
      if (a < Math.max(22, age - 8) || a > Math.min(MAX_AGE, age + 20)) continue;
      h = bucket[a]!.pop() ?? -1;
    }
    if (h < 0) {
      p.marital[w] = age >= 30 ? DIVORCED : UNMARRIED;
      continue;
    }
    marry(ctx, h, w, marriageDay(ctx, h, w, rng));
  }
  topUpMen(ctx, rng);
}

function marry(ctx: Ctx, h: number, w: number, day: number): void {
  const p = ctx.people;
  const m = ctx.marriages.add(h, w, day);
  p.marital[h] = p.marital[w] = MARRIED;
  p.spouse[h] = w;
  p.spouse[w] = h;
  p.marriage[h] = p.marriage[w] = m;
}

/** The wife's cohort age at first marriage, moved so both were of legal age (20 / 22) and before the census. */
function marriageDay(ctx: Ctx, h: number, w: number, rng: Rng): number {
  const p = ctx.people;
  const wb = p.birth[w]!;
  const ageW = exactAge(wb, ctx.censusDay);
  const m = sampleMarriageAge('female', yearOf(wb), 20, ageW, rng.next());
  let day = wb + Math.floor(m * 365.2425);
  day = Math.max(day, birthdayAt(wb, 20), birthdayAt(p.birth[h]!, 22));
  return Math.min(day, ctx.censusDay - 1);
}

function topUpMen(ctx: Ctx, rng: Rng): void {
  const p = ctx.people;
  const married = new Float64Array(MAX_AGE + 1);
  const all = new Float64Array(MAX_AGE + 1);
  for (let i = 0; i < p.count; i++) {
    if (p.sex[i] !== MALE) continue;
    const a = ageNow(ctx, i);
    all[a]!++;
    if (p.marital[i] === MARRIED) married[a]!++;
  }
  for (let i = 0; i < p.count; i++) {
    if (p.sex[i] !== MALE || p.marital[i] === MARRIED) continue;
    const a = ageNow(ctx, i);
    if (a < 22) continue;
    const by = yearOf(p.birth[i]!);
    const ever = everMarriedBy('male', by, exactAge(p.birth[i]!, ctx.censusDay), 22, ultimateEverMarried('male', by));
    const share = married[a]! / Math.max(1, all[a]!);
    const pEver = Math.max(0, (ever - share) / Math.max(1e-9, 1 - share));
    if (!rng.chance(pEver)) continue;
    const wid = widowedShare('male', a);
    p.marital[i] = rng.chance(wid / (wid + divorcedShare(a))) ? WIDOWED : DIVORCED;
  }
}

/** Chance that a person of this age and group is linked to a mother in the registry (ASSUMPTION; see docs). */
function linkChance(age: number, floating: boolean): number {
  if (age < 18) return 1;
  if (floating) return age < 25 ? 0.4 : 0.15;
  if (age < 25) return 0.9;
  if (age < 35) return 0.75;
  if (age < 45) return 0.55;
  return age < 55 ? 0.35 : 0;
}

/** Chance that a woman of this parity is taken as the mother (shapes the parity distribution; ASSUMPTION). */
const ACCEPT_BY_PARITY = [1, 0.55, 0.15, 0.05, 0.02, 0.01];
const ACCEPT_BY_MARITAL = [0.03, 1, 0.6, 0.8];

/**
 * Links children to mothers: in order of birth, each child draws its mother's age from the fertility pattern
 * of its birth year and probes women of that birth year in its group; a woman must be 15–49 at the birth,
 * 300 days after her previous child, and is accepted with a probability falling with her parity. The father
 * is her husband when the marriage can be dated before the birth with both of legal age.
 */
export function linkChildren(ctx: Ctx, rng: Rng): void {
  const p = ctx.people;
  const baseYear = yearOf(ctx.censusDay);
  const oldest = baseYear - MAX_AGE - 1;
  const byYear: number[][][] = [[], []];
  for (let g = 0; g < 2; g++) for (let y = oldest; y <= baseYear; y++) byYear[g]!.push([]);
  const wanted = new Uint8Array(p.count);
  for (let i = 0; i < p.count; i++) {
    if (p.sex[i] === FEMALE) byYear[p.group[i]!]![yearOf(p.birth[i]!) - oldest]!.push(i);
    if (rng.chance(linkChance(ageNow(ctx, i), p.group[i] === FLOATING))) wanted[i] = 1;
  }
  const children = byBirth(ctx).filter((i) => wanted[i] === 1);
  const ages = cumulative(ASFR_2020);
  for (const c of children) {
    const cb = p.birth[c]!;
    const cy = yearOf(cb);
    const bucketSet = byYear[p.group[c]!]!;
    let mother = -1;
    for (let probe = 0; probe < 24 && mother < 0; probe++) {
      const age = 15 + rng.pickCumulative(ages) + rng.next() + motherAgeShift(cy);
      const bucket = bucketSet[cy - Math.floor(age) - oldest];
      if (!bucket || bucket.length === 0) continue;
      const w = bucket[rng.int(bucket.length)]!;
      const ma = ageInYears(p.birth[w]!, cb);
      if (ma < 15 || ma > 49 || cb - p.lastBirth[w]! < 300) continue;
      const parity = p.parity[w]!;
      if (parity >= ACCEPT_BY_PARITY.length || !rng.chance(ACCEPT_BY_PARITY[parity]! * ACCEPT_BY_MARITAL[p.marital[w]!]!)) continue;
      mother = w;
    }
    if (mother < 0) continue;
    p.mother[c] = mother;
    p.parity[mother]!++;
    p.lastBirth[mother] = cb;
    linkFather(ctx, c, mother, rng);
  }
}

function linkFather(ctx: Ctx, c: number, w: number, rng: Rng): void {
  const p = ctx.people;
  const h = p.spouse[w]!;
  if (h < 0) return;
  const cb = p.birth[c]!;
  if (ageInYears(p.birth[h]!, cb) < 18) return;
  const m = p.marriage[w]!;
  const married = ctx.marriages.married;
  if (married.get(m) > cb) {
    // Date the marriage half a year to two and a half years before the first child, if both were of age.
    const legal = Math.max(birthdayAt(p.birth[w]!, 20), birthdayAt(p.birth[h]!, 22));
    const day = Math.max(legal, cb - 180 - rng.int(720));
    if (day > cb) return;
    married.set(m, day);
  }
  p.father[c] = h;
}

/** Surnames: a child takes the father's, else an unmarried mother's; everyone else draws one. Parents first. */
export function assignSurnames(ctx: Ctx, rng: Rng): void {
  const p = ctx.people;
  for (const i of byBirth(ctx)) {
    const f = p.father[i]!;
    const m = p.mother[i]!;
    if (f >= 0) p.surname[i] = p.surname[f]!;
    else if (m >= 0 && p.marital[m] !== MARRIED) p.surname[i] = p.surname[m]!;
    else p.surname[i] = drawSurname(rng, ctx.regions.zhejiang && p.group[i] === LOCAL);
  }
}
