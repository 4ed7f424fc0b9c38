/**
 * The 2020-11-01 baseline, part 2: households. Every married couple starts a household; unmarried children
 * live with their mother with a probability falling with age; some widowed elderly live with a married child
 * and some young couples with the husband's parents (three generations); everyone else lives alone or in
 * collective quarters (dormitories, care homes). Relations to the head follow from the kinship links.
 * The co-residence probabilities are ASSUMPTIONS tuned so the mean family-household size is the published 2.62.
 */
import { ageInYears, birthdayAt } from './calendar';
import type { Ctx } from './context';
import type { Rng } from './prng';
import { byBirth } from './baseline-people';
import { FLOATING, IntColumn, MARRIED, REL } from './state';

const FAMILY = 0;
const COLLECTIVE = 1;
const UNSET = 255;

/** Probability that an unmarried child lives with the mother, by age (ASSUMPTION). */
function liveWithMother(age: number, floating: boolean): number {
  if (age < 16) return 0.98;
  if (age < 18) return 0.92;
  if (age < 22) return floating ? 0.5 : 0.75;
  if (age < 30) return floating ? 0.45 : 0.75;
  if (age < 40) return 0.65;
  return 0.55;
}

interface Units {
  first: IntColumn;
  last: IntColumn;
  size: IntColumn;
  next: Int32Array;
  override: Uint8Array;
}

export function formHouseholds(ctx: Ctx, rng: Rng): void {
  const p = ctx.people;
  const hh = ctx.households;
  const u: Units = { first: new IntColumn(), last: new IntColumn(), size: new IntColumn(), next: new Int32Array(p.capacity).fill(-1), override: new Uint8Array(p.count).fill(UNSET) };
  const newUnit = (kind: number) => {
    u.first.push(-1);
    u.last.push(-1);
    u.size.push(0);
    return hh.add(-1, kind);
  };
  const join = (h: number, i: number) => {
    p.household[i] = h;
    if (u.last.get(h) < 0) u.first.set(h, i);
    else u.next[u.last.get(h)] = i;
    u.last.set(h, i);
    u.size.set(h, u.size.get(h) + 1);
  };
  const age = (i: number) => ageInYears(p.birth[i]!, ctx.censusDay);

  // 1. Couples.
  const m = ctx.marriages;
  for (let k = 0; k < m.count; k++) {
    const h = newUnit(FAMILY);
    join(h, m.husband.get(k));
    join(h, m.wife.get(k));
    hh.head.set(h, rng.chance(0.8) ? m.husband.get(k) : m.wife.get(k));
  }
  // 2. Unmarried children with their mothers, youngest first so a mother's own choice comes after.
  const byAge = byBirth(ctx).reverse();
  for (const i of byAge) {
    const mo = p.mother[i]!;
    if (p.household[i]! >= 0 || mo < 0) continue;
    const pr = liveWithMother(age(i), p.group[i] === FLOATING) * (p.marital[i] === 0 ? 1 : 0.5);
    if (!rng.chance(pr)) continue;
    if (p.household[mo]! < 0) {
      const h = newUnit(FAMILY);
      join(h, mo);
      hh.head.set(h, mo);
    }
    join(p.household[mo]!, i);
  }
  const kids = childrenIndex(ctx);
  // 3. Widowed, divorced or single elderly with a married child (ASSUMPTION: 45 % local, 20 % floating).
  for (const i of byAge) {
    if (p.household[i]! >= 0 || age(i) < 60) continue;
    if (!rng.chance(p.group[i] === FLOATING ? 0.3 : 0.6)) continue;
    for (let k = kids.start[i]!; k < kids.start[i + 1]!; k++) {
      const c = kids.list[k]!;
      if (p.marital[c] === MARRIED && p.household[c]! >= 0 && hh.kind.get(p.household[c]!) === FAMILY) {
        join(p.household[c]!, i);
        break;
      }
    }
  }
  // 4. Three generations: a young couple moves in with the husband's (or wife's) parents (ASSUMPTION: 12 %
  //    local, 3 % floating; the parents' household takes one married child).
  const merged = new Uint8Array(hh.count);
  for (let k = 0; k < m.count; k++) {
    const h = m.husband.get(k);
    const w = m.wife.get(k);
    const own = p.household[h]!;
    if (merged[own]) continue;
    const parent = rng.chance(0.8) ? p.mother[h]! : p.mother[w]!;
    if (parent < 0) continue;
    const theirs = p.household[parent]!;
    if (theirs < 0 || theirs === own || merged[theirs] || hh.kind.get(theirs) !== FAMILY) continue;
    if (!rng.chance(p.group[h] === FLOATING ? 0.1 : 0.42)) continue;
    const elderHead = hh.head.get(theirs);
    for (let i = u.first.get(own); i >= 0; ) {
      const nx = u.next[i]!;
      u.next[i] = -1;
      join(theirs, i);
      i = nx;
    }
    u.first.set(own, -1);
    u.last.set(own, -1);
    u.size.set(own, 0);
    hh.head.set(theirs, age(elderHead) < 70 ? elderHead : hh.head.get(own));
    merged[theirs] = merged[own] = 1;
  }
  // 5. Everyone else: unlinked minors with an older family of their group, young adults partly in
  //    dormitories, the very old partly in care homes, the rest alone.
  const families: number[][] = [[], []];
  for (let h = 0; h < hh.count; h++) if (u.size.get(h) > 0) families[p.group[hh.head.get(h)]!]!.push(h);
  const collective: number[] = [];
  for (const i of byAge) {
    if (p.household[i]! >= 0) continue;
    const a = age(i);
    const floating = p.group[i] === FLOATING;
    if (a < 16) {
      const list = families[p.group[i]!]!;
      for (let probe = 0; probe < 50 && p.household[i]! < 0 && list.length > 0; probe++) {
        const h = list[rng.int(list.length)]!;
        const gap = age(hh.head.get(h)) - a;
        if (gap < 36) continue;
        join(h, i);
        u.override[i] = gap >= 40 ? REL.grandchild : REL.other;
      }
      if (p.household[i]! >= 0) continue;
    }
    if ((a >= 16 && a < 36 && rng.chance(floating ? 0.8 : 0.5)) || (a >= 80 && rng.chance(0.1)) || a < 16) {
      collective.push(i);
      continue;
    }
    const h = newUnit(FAMILY);
    join(h, i);
    hh.head.set(h, i);
  }
  // 6. Collective quarters of about 30 persons in towns.
  const quarters: number[] = [];
  for (let k = 0; k < Math.ceil(collective.length / 30); k++) quarters.push(newUnit(COLLECTIVE));
  for (const i of collective) {
    join(quarters[rng.int(quarters.length)]!, i);
    u.override[i] = REL.other;
  }
  compact(ctx, u);
  placeHouseholds(ctx, rng);
  relate(ctx, u.override);
}

/** Drops emptied households and renumbers the rest in order. */
function compact(ctx: Ctx, u: Units): void {
  const hh = ctx.households;
  const p = ctx.people;
  const remap = new Int32Array(hh.count).fill(-1);
  let n = 0;
  for (let h = 0; h < hh.count; h++) {
    if (u.size.get(h) === 0) continue;
    remap[h] = n;
    hh.village.set(n, hh.village.get(h));
    hh.head.set(n, hh.kind.get(h) === COLLECTIVE ? -1 : hh.head.get(h));
    hh.kind.set(n, hh.kind.get(h));
    n++;
  }
  hh.village.length = hh.head.length = hh.kind.length = n;
  for (let i = 0; i < p.count; i++) p.household[i] = remap[p.household[i]!]!;
}

function placeHouseholds(ctx: Ctx, rng: Rng): void {
  const hh = ctx.households;
  const r = ctx.regions;
  const p = ctx.people;
  for (let h = 0; h < hh.count; h++) {
    const head = hh.head.get(h);
    const weights = hh.kind.get(h) === COLLECTIVE ? r.collectiveWeights : p.group[head]! === FLOATING ? r.floatingWeights : r.localWeights;
    hh.village.set(h, rng.pickCumulative(weights));
  }
  for (let i = 0; i < p.count; i++) p.residence[i] = hh.village.get(p.household[i]!);
}

export interface ChildrenIndex {
  start: Int32Array;
  list: Int32Array;
}

/** For each person, their linked children (as mother or father), in index order. */
export function childrenIndex(ctx: Ctx): ChildrenIndex {
  const p = ctx.people;
  const start = new Int32Array(p.count + 1);
  for (let i = 0; i < p.count; i++) {
    if (p.mother[i]! >= 0) start[p.mother[i]! + 1]!++;
    if (p.father[i]! >= 0) start[p.father[i]! + 1]!++;
  }
  for (let i = 0; i < p.count; i++) start[i + 1]! += start[i]!;
  const fill = start.slice(0, p.count);
  const list = new Int32Array(start[p.count]!);
  for (let i = 0; i < p.count; i++) {
    if (p.mother[i]! >= 0) list[fill[p.mother[i]!]!++] = i;
    if (p.father[i]! >= 0) list[fill[p.father[i]!]!++] = i;
  }
  return { start, list };
}

/** Relation to the head from kinship, and the day each member joined. */
function relate(ctx: Ctx, override: Uint8Array): void {
  const p = ctx.people;
  const hh = ctx.households;
  const isChildOf = (c: number, x: number) => c >= 0 && x >= 0 && (p.mother[c] === x || p.father[c] === x);
  for (let i = 0; i < p.count; i++) {
    const h = p.household[i]!;
    const head = hh.head.get(h);
    let rel: number;
    if (override[i] !== UNSET) rel = override[i]!;
    else if (head < 0) rel = REL.other;
    else if (i === head) rel = REL.head;
    else if (p.spouse[i] === head) rel = REL.spouse;
    else if (isChildOf(i, head) || isChildOf(i, p.spouse[head]!)) rel = REL.child;
    else if (isChildOf(p.spouse[i]!, head)) rel = REL.child_in_law;
    else if (isChildOf(p.mother[i]!, head) || isChildOf(p.father[i]!, head) || isChildOf(p.mother[i]!, p.spouse[head]!)) rel = REL.grandchild;
    else if (isChildOf(head, i) || isChildOf(p.spouse[head]!, i)) rel = REL.parent;
    else if (p.mother[head]! >= 0 && isChildOf(p.mother[head]!, i)) rel = REL.grandparent;
    else if (p.mother[i]! >= 0 && p.mother[i] === p.mother[head]) rel = REL.sibling;
    else rel = REL.other;
    p.relation[i] = rel;
    // Joined: couples on their wedding day, children at birth, anyone else some day in the last ten years.
    const census = ctx.censusDay;
    let joined: number;
    if (p.marriage[i]! >= 0 && (rel === REL.head || rel === REL.spouse || rel === REL.child_in_law)) joined = ctx.marriages.married.get(p.marriage[i]!);
    else if (rel === REL.child || rel === REL.grandchild) joined = p.birth[i]!;
    else if (rel === REL.head) joined = Math.min(census - 1, birthdayAt(p.birth[i]!, 18 + (i % 7)));
    else joined = census - 1 - ((i * 7919) % 3650);
    p.joined[i] = Math.min(census - 1, Math.max(p.birth[i]!, joined));
  }
}
