/**
 * The 2020-11-01 baseline, part 3: hukou places, rural/urban hukou type, ethnicity and the county written into
 * each ID number. Floating households keep their hukou in a county outside the region; local households are
 * registered where they live, except for enough whole households registered in another village of the region
 * to reach the published within-city share of 人户分离 (116,945,747 of 1,411,778,724 = 8.3 %).
 */
import { ageInYears } from './calendar';
import { MISMATCH_2020 } from './calibration';
import type { Ctx } from './context';
import { cumulative, type Rng } from './prng';
import { countyOfPlace } from './regions';
import { FEMALE, FLOATING, LOCAL, MARRIED, REL } from './state';

/**
 * GB/T 3304 codes of the largest minorities with weights from their 2020 census sizes in millions (壮 19.6,
 * 回 11.4, 满 10.4, 维吾尔 11.8, 苗 11.1, 彝 9.8, 土家 9.6, 藏 7.1, 蒙古 6.3, 布依 3.6, 侗 3.5, 瑶 3.3) — ASSUMPTION:
 * figures as widely reported from the 2020 census, not in shared/data. Han share: 99.3 % of locals in an
 * eastern region, 94 % of the floating population (ASSUMPTION; 91.11 % nationally).
 */
const MINORITIES = [8, 3, 11, 5, 6, 7, 15, 4, 2, 9, 12, 13];
const MINORITY_WEIGHTS = cumulative([19.6, 11.4, 10.4, 11.8, 11.1, 9.8, 9.6, 7.1, 6.3, 3.6, 3.5, 3.3]);

function drawEthnicity(rng: Rng, floating: boolean): number {
  if (rng.chance(floating ? 0.94 : 0.993)) return 1;
  return MINORITIES[rng.pickCumulative(MINORITY_WEIGHTS)]!;
}

function drawOrigin(ctx: Ctx, rng: Rng): number {
  return ctx.regions.villageCount + rng.pickCumulative(ctx.regions.originWeights);
}

/** A rural village other than `not`, preferring (70 %) the same county (ASSUMPTION). */
export function otherVillage(ctx: Ctx, rng: Rng, not: number): number {
  const r = ctx.regions;
  const sameCounty = rng.chance(0.7);
  let v = not;
  for (let probe = 0; probe < 12; probe++) {
    v = rng.pickCumulative(r.ruralWeights);
    if (v !== not && (!sameCounty || r.villageCounty[v] === r.villageCounty[not])) return v;
  }
  return v !== not ? v : (not + 1) % r.villageCount;
}

export function assignPlaces(ctx: Ctx, rng: Rng): void {
  const p = ctx.people;
  const hh = ctx.households;
  const r = ctx.regions;
  const origin = new Int32Array(hh.count);
  const ethnic = new Uint8Array(hh.count);
  for (let h = 0; h < hh.count; h++) {
    const head = hh.head.get(h);
    const floating = head >= 0 && p.group[head] === FLOATING;
    origin[h] = floating ? drawOrigin(ctx, rng) : -1;
    ethnic[h] = drawEthnicity(rng, floating);
  }
  // Adults and heads first, then children (who take their mother's hukou when she lives with them).
  for (let pass = 0; pass < 2; pass++) {
    for (let i = 0; i < p.count; i++) {
      const rel = p.relation[i]!;
      const child = rel === REL.child || rel === REL.grandchild;
      if ((pass === 0) === child) continue;
      const h = p.household[i]!;
      const collective = hh.head.get(h) < 0;
      const floating = p.group[i] === FLOATING;
      p.ethnicity[i] = collective ? drawEthnicity(rng, floating) : ethnic[h]!;
      if (collective) p.hukou[i] = floating ? drawOrigin(ctx, rng) : otherVillage(ctx, rng, p.residence[i]!);
      else if (!floating) p.hukou[i] = p.residence[i]!;
      else if (child && p.mother[i]! >= 0 && p.household[p.mother[i]!] === h) p.hukou[i] = p.hukou[p.mother[i]!]!;
      else if (p.sex[i] === FEMALE && p.marital[i] === MARRIED && rng.chance(0.3)) p.hukou[i] = drawOrigin(ctx, rng);
      else p.hukou[i] = origin[h]!;
    }
  }
  calibrateWithinRegion(ctx, rng);
  for (let i = 0; i < p.count; i++) {
    const local = p.hukou[i]! < r.villageCount;
    p.urbanType[i] = local ? r.urban[p.hukou[i]!]! : rng.chance(0.3) ? 1 : 0;
    // ID county: the hukou county, except adults registered here who were born elsewhere (ASSUMPTION: 12 %).
    const bornElsewhere = local && ageInYears(p.birth[i]!, ctx.censusDay) >= 18 && rng.chance(0.12);
    p.birthCounty[i] = countyOfPlace(r, bornElsewhere ? drawOrigin(ctx, rng) : p.hukou[i]!);
  }
}

/** Registers whole local households in another village until the within-region mismatch share is reached. */
function calibrateWithinRegion(ctx: Ctx, rng: Rng): void {
  const p = ctx.people;
  const hh = ctx.households;
  const r = ctx.regions;
  const target = Math.round(MISMATCH_2020.withinCity * p.count);
  let current = 0;
  for (let i = 0; i < p.count; i++) if (p.group[i] === LOCAL && p.hukou[i] !== p.residence[i] && p.hukou[i]! < r.villageCount) current++;
  if (current >= target) return;
  const members: number[][] = Array.from({ length: hh.count }, () => []);
  for (let i = 0; i < p.count; i++) if (p.group[i] === LOCAL) members[p.household[i]!]!.push(i);
  const order = rng.shuffle(Array.from({ length: hh.count }, (_, h) => h));
  for (const h of order) {
    if (current >= target) break;
    if (hh.head.get(h) < 0 || members[h]!.length === 0) continue;
    const to = otherVillage(ctx, rng, hh.village.get(h));
    for (const i of members[h]!) {
      if (p.hukou[i] !== p.residence[i]) continue;
      p.hukou[i] = to;
      current++;
    }
  }
}
