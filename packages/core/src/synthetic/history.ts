/**
 * History from the census moment to `until`: births, deaths, marriages, divorces and moves, written as the
 * registry's own vital events and applied to the population exactly as the registry applies them
 * (packages/server/src/modules/registry/events.service.ts), so the current state equals a replay of the events.
 *
 * The history runs in periods (the rest of 2020, then calendar years, then the part of the last year up to
 * `until`). In each period every person present draws candidate events with a random day; the candidates are
 * then applied in day order and each is checked again when applied (a woman who died in March has no birth
 * in June), so no event ever breaks the registry's rules.
 */
import { ageInYears, dayOf, exactAge, yearOf } from './calendar';
import { cbrFor, SRB_2020, SRB_ALL_2020_LONG_FORM, SRB_BY_ORDER_2020 } from './calibration';
import type { Ctx } from './context';
import { mortalityFor, hazard } from './mortality';
import type { Rng } from './prng';
import { ASFR_2020, FIRST_MARRIAGE_SD, normalCdf, periodFirstMarriageAge } from './schedules';
import { ALIVE, DEAD, DIVORCED, EV, FLOATING, IntColumn, LOCAL, MALE, MARRIED, REL, UNMARRIED, WIDOWED } from './state';
import type { SequenceAllocator } from './sequences';
import { applyMove, moveCandidates, newArrivals } from './history-moves';

/** Same-day order: a birth before the mother's death; a marriage before a move. */
const PRIORITY: Record<number, number> = { [EV.birth]: 0, [EV.marriage]: 1, [EV.divorce]: 2, [EV.residence_change]: 3, [EV.hukou_change]: 4, [EV.move_in]: 5, [EV.move_out]: 6, [EV.death]: 7 };

/** Relative fertility by parity for married women (ASSUMPTION, tuned to the 2020 birth-order mix 46/43/11 %). */
const MARRIED_PARITY = [1.5, 1.4, 0.22, 0.05];
/** ASSUMPTION: women's total first-marriage rate (first marriages per woman at current rates). */
const TFMR = 0.7;
/** ASSUMPTION: annual rates. */
const DIVORCE_RATE = 0.005;
const REMARRIAGE_RATE = 0.04;
/** ASSUMPTION: 2023 excess deaths (published CDR 7.87‰ against 7.37 and 7.76 either side). */
const MORTALITY_LEVEL: Record<number, number> = { 2023: 1.05 };

export interface Candidates {
  kind: IntColumn;
  day: IntColumn;
  person: IntColumn;
}

/** Adds a candidate event on a random day in [from, end) of the period. */
export type AddCandidate = (kind: number, person: number, from?: number) => void;

export function simulateHistory(ctx: Ctx, seq: SequenceAllocator, rng: Rng): void {
  for (let start = ctx.censusDay; start <= ctx.untilDay; ) {
    const end = Math.min(ctx.untilDay + 1, dayOf(yearOf(start) + 1, 1, 1));
    runPeriod(ctx, seq, rng, start, end);
    start = end;
  }
}

function runPeriod(ctx: Ctx, seq: SequenceAllocator, rng: Rng, start: number, end: number): void {
  const p = ctx.people;
  const year = yearOf(start);
  const span = end - start;
  const f = span / 365.2425;
  const mid = start + Math.floor(span / 2);
  const cand: Candidates = { kind: new IntColumn(1 << 16), day: new IntColumn(1 << 16), person: new IntColumn(1 << 16) };
  const add: AddCandidate = (kind, person, from = start) => {
    if (from >= end) return;
    cand.kind.push(kind);
    cand.person.push(person);
    cand.day.push(from + rng.int(end - from));
  };

  // Women by single age for fertility and first marriage: all, never married; mothers-to-be with their
  // relative fertility (parity, marital status, time since the last child).
  const women = new Float64Array(100);
  const never = new Float64Array(100);
  const fertile = new IntColumn(1 << 16);
  const weight: number[] = [];
  let residents = 0;
  const count = p.count;
  for (let i = 0; i < count; i++) {
    if (p.status[i] !== ALIVE) continue;
    residents++;
    if (p.sex[i] === MALE) continue;
    const a = ageInYears(p.birth[i]!, mid);
    if (a < 15 || a >= 100) continue;
    women[a]!++;
    if (p.marital[i] === UNMARRIED) never[a]!++;
    const m = a <= 49 ? fertilityMultiplier(ctx, i, start, end) : 0;
    if (m > 0) {
      fertile.push(i);
      weight.push(m);
    }
  }
  const lambda = fertilityLevels(ctx, year, residents, f, women, fertile, weight, mid);
  const meanAge = periodFirstMarriageAge('female', year);
  const lower = normalCdf((20 - meanAge) / FIRST_MARRIAGE_SD);
  const level = MORTALITY_LEVEL[year] ?? 1;
  const mort = [mortalityFor('male', year), mortalityFor('female', year)] as const;

  for (let i = 0; i < count; i++) {
    if (p.status[i] !== ALIVE) continue;
    const sex = p.sex[i]!;
    const x = exactAge(p.birth[i]!, mid);
    if (rng.chance(1 - Math.exp(-hazard(mort[sex]!, x) * level * f))) add(EV.death, i);
    if (sex === MALE) {
      moveCandidates(ctx, rng, i, x, f, add);
      continue;
    }
    moveCandidates(ctx, rng, i, x, f, add);
    const a = Math.floor(x);
    if (a >= 20) {
      const st = p.marital[i]!;
      let h = 0;
      if (st === UNMARRIED && a < 60 && never[a]! > 0) {
        const density = (normalCdf((a + 1 - meanAge) / FIRST_MARRIAGE_SD) - normalCdf((a - meanAge) / FIRST_MARRIAGE_SD)) / (1 - lower);
        h = Math.min(0.9, (TFMR * density * women[a]!) / never[a]!);
      } else if ((st === DIVORCED || st === WIDOWED) && a < 60) h = REMARRIAGE_RATE;
      if (h > 0 && rng.chance(1 - Math.exp(-h * f))) add(EV.marriage, i);
      if (st === MARRIED && rng.chance(1 - Math.exp(-DIVORCE_RATE * f))) add(EV.divorce, i);
    }
  }
  for (let k = 0; k < fertile.length; k++) {
    const i = fertile.get(k);
    const l = lambda[ageInYears(p.birth[i]!, mid)]!;
    if (rng.chance(1 - Math.exp(-l * weight[k]! * f))) add(EV.birth, i, Math.max(start, p.lastBirth[i]! + 300));
  }
  const arrivals = newArrivals(ctx, rng, start, end, residents * f, add);

  // Apply in day order.
  const n = cand.kind.length;
  const packed = new Float64Array(n);
  for (let c = 0; c < n; c++) packed[c] = ((cand.day.get(c) - start) * 8 + PRIORITY[cand.kind.get(c)]!) * 2 ** 23 + c;
  packed.sort();
  const grooms = new GroomPool(ctx, mid);
  for (let j = 0; j < n; j++) {
    const c = packed[j]! % 2 ** 23;
    const kind = cand.kind.get(c);
    const day = cand.day.get(c);
    const i = cand.person.get(c);
    if (kind === EV.birth) applyBirth(ctx, seq, rng, i, day);
    else if (kind === EV.death) applyDeath(ctx, i, day);
    else if (kind === EV.marriage) applyMarriage(ctx, rng, grooms, i, day);
    else if (kind === EV.divorce) applyDivorce(ctx, i, day);
    else applyMove(ctx, seq, rng, kind, i, day, arrivals);
  }
}

/**
 * Births are calibrated to the published crude birth rate of the year (CBR × residents × the fraction of the
 * year) with the 2020 age pattern: at each age the expected births are ASFR(a)·k·women(a), shared among that
 * age's women in proportion to their relative fertility. λ(a) solves Σ 1 − e^(−λ·m·f) = expected (a few
 * fixed-point steps), so the concavity of the probability does not lose births.
 */
function fertilityLevels(ctx: Ctx, year: number, residents: number, f: number, women: Float64Array, fertile: IntColumn, weight: number[], mid: number): Float64Array {
  const p = ctx.people;
  let expected = 0;
  for (let a = 15; a <= 49; a++) expected += ASFR_2020[a - 15]! * women[a]! * f;
  const k = expected > 0 ? ((cbrFor(year) / 1000) * residents * f) / expected : 0;
  const ages = new Uint8Array(fertile.length);
  const sumW = new Float64Array(100);
  for (let j = 0; j < fertile.length; j++) {
    ages[j] = ageInYears(p.birth[fertile.get(j)]!, mid);
    sumW[ages[j]!]! += weight[j]!;
  }
  const target = new Float64Array(100);
  const lambda = new Float64Array(100);
  for (let a = 15; a <= 49; a++) {
    target[a] = k * ASFR_2020[a - 15]! * women[a]! * f;
    lambda[a] = sumW[a]! > 0 ? target[a]! / (sumW[a]! * f) : 0;
  }
  for (let step = 0; step < 4; step++) {
    const got = new Float64Array(100);
    for (let j = 0; j < fertile.length; j++) got[ages[j]!]! += 1 - Math.exp(-lambda[ages[j]!]! * weight[j]! * f);
    for (let a = 15; a <= 49; a++) if (got[a]! > 0) lambda[a]! *= Math.min(3, target[a]! / got[a]!);
  }
  return lambda;
}

/** Relative fertility of a woman in the period; 0 while her previous child is under 300 days old at the end. */
function fertilityMultiplier(ctx: Ctx, i: number, start: number, end: number): number {
  const p = ctx.people;
  if (p.lastBirth[i]! + 300 >= end) return 0;
  const parity = Math.min(3, p.parity[i]!);
  const st = p.marital[i]!;
  const m = MARRIED_PARITY[parity]!;
  const partial = Math.min(1, (end - Math.max(start, p.lastBirth[i]! + 300)) / Math.max(1, end - start));
  if (st === MARRIED) return m * partial;
  if (st === UNMARRIED) return 0.02 * partial;
  return 0.1 * m * partial;
}

function present(ctx: Ctx, i: number): boolean {
  return ctx.people.status[i] === ALIVE;
}

function applyBirth(ctx: Ctx, seq: SequenceAllocator, rng: Rng, mother: number, day: number): void {
  const p = ctx.people;
  if (!present(ctx, mother) || day < p.lastBirth[mother]! + 300) return;
  const order = p.parity[mother]! + 1;
  const c = p.add(day, sexAtBirth(ctx, rng, order));
  const father = p.marital[mother] === MARRIED ? p.spouse[mother]! : -1;
  p.entryDay[c] = day;
  p.group[c] = p.hukou[mother]! < ctx.regions.villageCount ? LOCAL : FLOATING;
  p.hukou[c] = p.hukou[mother]!;
  p.residence[c] = p.residence[mother]!;
  p.urbanType[c] = p.urbanType[mother]!;
  p.ethnicity[c] = p.ethnicity[mother]!;
  p.surname[c] = father >= 0 ? p.surname[father]! : p.surname[mother]!;
  p.mother[c] = mother;
  p.father[c] = father;
  p.birthCounty[c] = placeCounty(ctx, p.hukou[mother]!);
  seq.allocate(p, c);
  const h = p.household[mother]!;
  if (h >= 0) {
    const mr = p.relation[mother]!;
    p.household[c] = h;
    p.relation[c] = mr === REL.head || mr === REL.spouse ? REL.child : mr === REL.child || mr === REL.child_in_law ? REL.grandchild : REL.other;
    p.joined[c] = day;
  }
  p.parity[mother] = order;
  p.lastBirth[mother] = day;
  ctx.events.add(EV.birth, day, c, p.residence[c]!, mother, father, order);
}

/**
 * Sex at birth with the 2020 census ratio for the birth order (scaled so all births give 111.3). Draws are
 * variance-reduced: the probability leans against the running surplus of boys over the expected number, so
 * pooled ratios stay on target even for a few hundred births, while each birth is still random.
 */
const surplus = new WeakMap<Ctx, Float64Array>();
function sexAtBirth(ctx: Ctx, rng: Rng, order: number): number {
  let dev = surplus.get(ctx);
  if (!dev) surplus.set(ctx, (dev = new Float64Array(5)));
  const o = Math.min(order, 5) - 1;
  const srb = SRB_BY_ORDER_2020[o]! * (SRB_2020 / SRB_ALL_2020_LONG_FORM);
  const p0 = srb / (100 + srb);
  const male = rng.chance(Math.min(0.95, Math.max(0.05, p0 - 0.05 * dev[o]!)));
  dev[o]! += (male ? 1 : 0) - p0;
  return male ? MALE : 1;
}

function placeCounty(ctx: Ctx, place: number): number {
  const r = ctx.regions;
  return place < r.villageCount ? r.villageCounty[place]! : place - r.villageCount + r.ownCounties;
}

function applyDeath(ctx: Ctx, i: number, day: number): void {
  const p = ctx.people;
  if (!present(ctx, i) || day < p.birth[i]!) return;
  p.status[i] = DEAD;
  p.exitDay[i] = day;
  const m = p.marriage[i]!;
  if (m >= 0 && ctx.marriages.ended.get(m) < 0) {
    ctx.marriages.ended.set(m, day);
    ctx.marriages.reason.set(m, 2);
    const s = p.spouse[i]!;
    p.marital[s] = WIDOWED;
    p.spouse[s] = p.marriage[s] = -1;
    p.spouse[i] = p.marriage[i] = -1;
  }
  ctx.events.add(EV.death, day, i, p.residence[i]!);
}

function applyDivorce(ctx: Ctx, w: number, day: number): void {
  const p = ctx.people;
  const h = p.spouse[w]!;
  const m = p.marriage[w]!;
  if (!present(ctx, w) || h < 0 || !present(ctx, h) || m < 0 || day <= ctx.marriages.married.get(m)) return;
  ctx.marriages.ended.set(m, day);
  ctx.marriages.reason.set(m, 1);
  p.marital[w] = p.marital[h] = DIVORCED;
  p.spouse[w] = p.spouse[h] = p.marriage[w] = p.marriage[h] = -1;
  ctx.events.add(EV.divorce, day, h, p.residence[w]!, w, -1, m);
}

function applyMarriage(ctx: Ctx, rng: Rng, grooms: GroomPool, w: number, day: number): void {
  const p = ctx.people;
  if (!present(ctx, w) || p.marital[w] === MARRIED || ageInYears(p.birth[w]!, day) < 20) return;
  const h = grooms.take(rng, w, day);
  if (h < 0) return;
  const m = ctx.marriages.add(h, w, day);
  p.marital[h] = p.marital[w] = MARRIED;
  p.spouse[h] = w;
  p.spouse[w] = h;
  p.marriage[h] = p.marriage[w] = m;
  ctx.events.add(EV.marriage, day, h, p.residence[w]!, w, -1, m);
}

/**
 * Men free to marry in the period, by age at its middle. A bride takes a man about 1.43 years older (the gap
 * between the published 2020 mean first-marriage ages 29.38 and 27.95; sd 3, ASSUMPTION), of her own group
 * (local or floating) 85 % of the time (ASSUMPTION).
 */
class GroomPool {
  private readonly byAge: number[][] = [];
  constructor(private readonly ctx: Ctx, mid: number) {
    const p = ctx.people;
    for (let a = 0; a < 100; a++) this.byAge.push([]);
    for (let i = 0; i < p.count; i++) {
      if (p.sex[i] !== MALE || p.status[i] !== ALIVE || p.marital[i] === MARRIED) continue;
      const a = ageInYears(p.birth[i]!, mid);
      if (a >= 21 && a < 100) this.byAge[a]!.push(i);
    }
  }
  take(rng: Rng, w: number, day: number): number {
    const p = this.ctx.people;
    const want = Math.round(ageInYears(p.birth[w]!, day) + 1.43 + 3 * rng.normal());
    for (let probe = 0; probe < 40; probe++) {
      const off = probe >> 1;
      const a = want + (probe % 2 === 0 ? off : -off - 1);
      const bucket = this.byAge[Math.max(21, Math.min(99, a))]!;
      if (bucket.length === 0) continue;
      const k = rng.int(bucket.length);
      const h = bucket[k]!;
      const ok = p.status[h] === ALIVE && p.marital[h] !== MARRIED && ageInYears(p.birth[h]!, day) >= 22 && p.entryDay[h]! <= day;
      if (!ok) {
        if (p.status[h] !== ALIVE || p.marital[h] === MARRIED) {
          bucket[k] = bucket[bucket.length - 1]!;
          bucket.pop();
        }
        continue;
      }
      if (p.group[h] !== p.group[w] && !rng.chance(0.15)) continue;
      bucket[k] = bucket[bucket.length - 1]!;
      bucket.pop();
      return h;
    }
    return -1;
  }
}

