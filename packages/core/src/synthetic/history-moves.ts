/**
 * Moves during the history: within the region (居住地变更), hukou following residence (户籍变更), hukou moves
 * out of the region (迁出), floating persons settling their hukou here and newcomers with hukou moving in (迁入).
 * Rates are ASSUMPTIONS (no published flows in shared/data); see docs/domain/synthetic-population.md.
 *
 * The registry has no event for a floating person arriving or leaving without a hukou move (its move-in
 * sets hukou and residence together, its move-out writes the hukou region), so the floating stock changes
 * here only by births, deaths and settling.
 */
import { ageInYears, exactAge, yearOf } from './calendar';
import type { Ctx } from './context';
import type { AddCandidate } from './history';
import { drawSurname } from './names';
import type { Rng } from './prng';
import { everMarriedBy } from './schedules';
import { ultimateEverMarried } from './context';
import type { SequenceAllocator } from './sequences';
import { ALIVE, EMIGRATED, EV, FLOATING, IntColumn, LOCAL, MALE, MARRIED, UNMARRIED } from './state';

const RESIDENCE_RATE_WORKING = 0.015;
const RESIDENCE_RATE_OTHER = 0.005;
const HUKOU_FOLLOWS_RATE = 0.06;
const MOVE_OUT_YOUNG = 0.012;
const MOVE_OUT_OTHER = 0.002;
const SETTLE_RATE = 0.01;
/** Newcomers with hukou moving in, per person-year of residents. */
const ARRIVAL_RATE = 0.006;

export function moveCandidates(ctx: Ctx, rng: Rng, i: number, age: number, f: number, add: AddCandidate): void {
  const p = ctx.people;
  const r = ctx.regions;
  // Small rates: 1 − e^(−rate·f) ≈ rate·f is exact enough and avoids an exp per person.
  if (rng.next() < (age >= 18 && age < 60 ? RESIDENCE_RATE_WORKING : RESIDENCE_RATE_OTHER) * f) add(EV.residence_change, i);
  if (p.hukou[i]! < r.villageCount) {
    if (p.hukou[i] !== p.residence[i] && rng.next() < HUKOU_FOLLOWS_RATE * f) add(EV.hukou_change, i);
    if (age >= 18 && rng.next() < (age < 30 ? MOVE_OUT_YOUNG : MOVE_OUT_OTHER) * f) add(EV.move_out, i);
  } else if (age >= 18 && rng.next() < SETTLE_RATE * f) add(EV.move_in, i);
}

export interface Arrivals {
  birth: IntColumn;
  sex: IntColumn;
  origin: IntColumn;
  village: IntColumn;
}

/** Newcomers of the period, mostly young adults (ASSUMPTION: age 18 + 42·u², 52 % men). */
export function newArrivals(ctx: Ctx, rng: Rng, start: number, end: number, personYears: number, add: AddCandidate): Arrivals {
  const out: Arrivals = { birth: new IntColumn(), sex: new IntColumn(), origin: new IntColumn(), village: new IntColumn() };
  const expected = ARRIVAL_RATE * personYears;
  const n = Math.floor(expected) + (rng.chance(expected - Math.floor(expected)) ? 1 : 0);
  for (let k = 0; k < n; k++) {
    const age = 18 + 42 * rng.next() ** 2;
    out.birth.push(start - Math.floor(age * 365.2425) - rng.int(365));
    out.sex.push(rng.chance(0.52) ? MALE : 1);
    out.origin.push(ctx.regions.villageCount + rng.pickCumulative(ctx.regions.originWeights));
    out.village.push(rng.pickCumulative(ctx.regions.localWeights));
    add(EV.move_in, -1 - k);
  }
  return out;
}

export function applyMove(ctx: Ctx, seq: SequenceAllocator, rng: Rng, kind: number, i: number, day: number, arrivals: Arrivals): void {
  const p = ctx.people;
  const r = ctx.regions;
  if (i < 0) return arrive(ctx, seq, rng, -1 - i, day, arrivals);
  if (p.status[i] !== ALIVE || day < p.birth[i]!) return;
  const localHukou = p.hukou[i]! < r.villageCount;
  if (kind === EV.residence_change) {
    const from = p.residence[i]!;
    let to = -1;
    if (localHukou && p.hukou[i] !== from && rng.chance(0.5)) to = p.hukou[i]!;
    for (let probe = 0; probe < 10 && (to < 0 || to === from); probe++) to = rng.pickCumulative(p.group[i] === FLOATING ? r.floatingWeights : r.localWeights);
    if (to === from) return;
    p.residence[i] = to;
    ctx.events.add(EV.residence_change, day, i, to, from);
  } else if (kind === EV.hukou_change) {
    if (!localHukou || p.hukou[i] === p.residence[i]) return;
    const from = p.hukou[i]!;
    p.hukou[i] = p.residence[i]!;
    ctx.events.add(EV.hukou_change, day, i, p.hukou[i]!, from);
  } else if (kind === EV.move_out) {
    if (!localHukou) return;
    p.status[i] = EMIGRATED;
    p.exitDay[i] = day;
    ctx.events.add(EV.move_out, day, i, p.hukou[i]!, r.villageCount + rng.pickCumulative(r.originWeights));
  } else if (kind === EV.move_in) {
    if (localHukou) return;
    const from = p.hukou[i]!;
    p.hukou[i] = p.residence[i]!;
    p.group[i] = LOCAL;
    ctx.events.add(EV.move_in, day, i, p.residence[i]!, from, 0);
  }
}

function arrive(ctx: Ctx, seq: SequenceAllocator, rng: Rng, k: number, day: number, a: Arrivals): void {
  const p = ctx.people;
  const r = ctx.regions;
  const birth = a.birth.get(k);
  const sex = a.sex.get(k);
  const i = p.add(birth, sex);
  const village = a.village.get(k);
  p.entryDay[i] = day;
  p.group[i] = LOCAL;
  p.hukou[i] = p.residence[i] = village;
  p.urbanType[i] = r.urban[village]!;
  p.ethnicity[i] = rng.chance(0.95) ? 1 : 15;
  p.surname[i] = drawSurname(rng, false);
  const age = ageInYears(birth, day);
  const by = yearOf(birth);
  const s = sex === MALE ? 'male' : 'female';
  const legal = sex === MALE ? 22 : 20;
  p.marital[i] = age >= 25 && rng.chance(everMarriedBy(s, by, exactAge(birth, day), legal, ultimateEverMarried(s, by))) ? MARRIED : UNMARRIED;
  p.birthCounty[i] = a.origin.get(k) - r.villageCount + r.ownCounties;
  seq.allocate(p, i);
  ctx.events.add(EV.move_in, day, i, village, a.origin.get(k), 1);
}
