/**
 * The counts behind the demo report, from a generated population in memory — the same definitions the CLI
 * applies in SQL to the loaded database: a person is present on day d when they entered on or before d
 * (baseline persons always did; newborns on their birth day, newcomers on their move-in day) and had not
 * died or moved out on or before d.
 */
import { ageInYears, dayOf, formatDay, parseDay, yearOf } from './calendar';
import { CENSUS_DATE } from './calibration';
import type { SyntheticPopulation } from './output';
import { pyramidGroup, type ReportCounts, type YearCounts } from './report';

export interface ReportWindow {
  readonly year: number;
  /** First day (inclusive) and last day (inclusive) of the window, and its middle day. */
  readonly from: string;
  readonly to: string;
  readonly mid: string;
  readonly days: number;
  readonly daysInYear: number;
}

/** One window per calendar year from the census moment to `until`. */
export function reportWindows(until: string): ReportWindow[] {
  const census = parseDay(CENSUS_DATE);
  const last = parseDay(until);
  const out: ReportWindow[] = [];
  for (let y = yearOf(census); y <= yearOf(last); y++) {
    const from = Math.max(census, dayOf(y, 1, 1));
    const end = Math.min(last + 1, dayOf(y + 1, 1, 1));
    if (end <= from) continue;
    out.push({ year: y, from: formatDay(from), to: formatDay(end - 1), mid: formatDay(from + Math.floor((end - from) / 2)), days: end - from, daysInYear: dayOf(y + 1, 1, 1) - dayOf(y, 1, 1) });
  }
  return out;
}

export function countsFromPopulation(pop: SyntheticPopulation, until: string): ReportCounts {
  const n = pop.counts().persons;
  const birth = new Int32Array(n + 1);
  const male = new Uint8Array(n + 1);
  const entry = new Int32Array(n + 1).fill(-1e9);
  const exit = new Int32Array(n + 1).fill(1e9);
  const census = parseDay(CENSUS_DATE);
  const baselineMale = new Array<number>(21).fill(0);
  const baselineFemale = new Array<number>(21).fill(0);
  const currentMale = new Array<number>(21).fill(0);
  const currentFemale = new Array<number>(21).fill(0);
  const kinds = new Map<number, string>();
  for (const h of pop.households()) kinds.set(h.id, h.kind);
  const members = new Map<number, number>();
  let residents = 0;
  let mismatch = 0;
  let outside = 0;
  let collectiveMembers = 0;
  const untilDay = parseDay(until);
  for (const p of pop.persons()) {
    birth[p.id] = parseDay(p.birthDate);
    male[p.id] = p.sex === 'male' ? 1 : 0;
    if (p.deathDate) exit[p.id] = parseDay(p.deathDate);
    if (p.status !== 'alive') continue;
    residents++;
    const g = pyramidGroup(ageInYears(birth[p.id]!, untilDay));
    (p.sex === 'male' ? currentMale : currentFemale)[g]!++;
    if (p.hukouRegion !== p.residenceRegion) mismatch++;
    if (!p.hukouRegion.startsWith(pop.regionCode)) outside++;
    if (p.householdId !== null) {
      if (kinds.get(p.householdId) === 'family') members.set(p.householdId, (members.get(p.householdId) ?? 0) + 1);
      else collectiveMembers++;
    }
  }
  const windows = reportWindows(until).map((w) => ({ w, from: parseDay(w.from), to: parseDay(w.to), mid: parseDay(w.mid) }));
  const years = windows.map(({ w }) => ({ year: w.year, days: w.days, daysInYear: w.daysInYear, midPopulation: 0, maleBirths: 0, femaleBirths: 0, deaths: 0, birthsByMotherAge: new Array<number>(35).fill(0), womenByAge: new Array<number>(35).fill(0) }));
  const windowOf = (day: number) => windows.findIndex((x) => day >= x.from && day <= x.to);
  for (const e of pop.events()) {
    const day = parseDay(e.occurredOn);
    if (e.kind === 'birth' || (e.kind === 'move_in' && e.payload.newToRegistry === true)) entry[e.personId] = day;
    if (e.kind === 'move_out') exit[e.personId] = day;
    const k = windowOf(day);
    if (k < 0) continue;
    const y = years[k]!;
    if (e.kind === 'death') y.deaths++;
    if (e.kind === 'birth') {
      if (e.payload.sex === 'male') y.maleBirths++;
      else y.femaleBirths++;
      const a = ageInYears(birth[e.payload.motherId as number]!, day) - 15;
      if (a >= 0 && a < 35) y.birthsByMotherAge[a]!++;
    }
  }
  for (let id = 1; id <= n; id++) {
    if (entry[id] === -1e9) (male[id] ? baselineMale : baselineFemale)[pyramidGroup(ageInYears(birth[id]!, census))]!++;
    windows.forEach(({ mid }, k) => {
      if (birth[id]! > mid || entry[id]! > mid || exit[id]! <= mid) return;
      const y = years[k]!;
      y.midPopulation++;
      const a = ageInYears(birth[id]!, mid) - 15;
      if (!male[id] && a >= 0 && a < 35) y.womenByAge[a]!++;
    });
  }
  let familyMembers = 0;
  for (const v of members.values()) familyMembers += v;
  let collectiveHouseholds = 0;
  for (const k of kinds.values()) if (k === 'collective') collectiveHouseholds++;
  return {
    region: pop.regionCode,
    until,
    baselineMale,
    baselineFemale,
    currentMale,
    currentFemale,
    years: years satisfies YearCounts[],
    familyHouseholds: members.size,
    familyMembers,
    collectiveHouseholds,
    collectiveMembers,
    residents,
    mismatch,
    hukouOutside: outside,
  };
}
