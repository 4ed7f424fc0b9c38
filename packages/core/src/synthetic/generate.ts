/**
 * The deterministic synthetic population generator: pure, no I/O. The same region data, scale, seed and
 * `until` give the same persons, households, marriages and events, byte for byte.
 *
 * @example
 * const pop = generatePopulation({ regions, scale: 0.1, seed: '1', until: '2025-12-31' });
 * for (const person of pop.persons()) console.log(person.name, person.idNumber);
 */
import { assignSurnames, byBirth, countingOrder, createPersons, formCouples, linkChildren } from './baseline-people';
import { formHouseholds } from './baseline-households';
import { assignPlaces } from './baseline-places';
import { CENSUS_DATE, KNOWN_POPULATIONS, PERSONS_PER_VILLAGE } from './calibration';
import { parseDay } from './calendar';
import type { Ctx } from './context';
import { simulateHistory } from './history';
import { SyntheticPopulation } from './output';
import { hash32, stream } from './prng';
import { prepareRegions, type SyntheticRegionInput } from './regions';
import { SequenceAllocator } from './sequences';
import { Events, Households, Marriages, People } from './state';

export interface GenerateOptions {
  readonly regions: SyntheticRegionInput;
  /** Fraction of the region's population, e.g. 0.1 for a tenth. */
  readonly scale: number;
  readonly seed: string | number;
  /** Last day of the history, YYYY-MM-DD, on or after 2020-11-01. */
  readonly until: string;
  /** Full-scale population; defaults to the census figure for known regions, else villages × national mean. */
  readonly population?: number;
  /** false: only the 2020-11-01 baseline, no events (the baseline is the same either way). */
  readonly history?: boolean;
  /** Called between phases, for progress display. */
  readonly onPhase?: (phase: string) => void;
}

/** Full-scale population of a region: the 2020 census figure when known, else an estimate from its villages. */
export function regionPopulation(code: string, villages: number): { population: number; estimated: boolean } {
  const known = KNOWN_POPULATIONS[code];
  if (known !== undefined) return { population: known, estimated: false };
  return { population: Math.round(villages * PERSONS_PER_VILLAGE), estimated: true };
}

export function generatePopulation(options: GenerateOptions): SyntheticPopulation {
  const seed = String(options.seed);
  if (!(options.scale > 0 && options.scale <= 3)) throw new RangeError('scale must be in (0, 3]');
  const censusDay = parseDay(CENSUS_DATE);
  const untilDay = parseDay(options.until);
  if (untilDay < censusDay) throw new RangeError(`until must be on or after ${CENSUS_DATE}`);
  const regions = prepareRegions(options.regions, seed);
  const full = options.population ?? regionPopulation(options.regions.code, regions.villageCount).population;
  const total = Math.max(100, Math.round(full * options.scale));
  const years = (untilDay - censusDay) / 365.25;
  const people = new People(Math.ceil(total * (1.02 + 0.02 * years)) + 1000);
  const ctx: Ctx = { seed, regions, people, households: new Households(), marriages: new Marriages(), events: new Events(), censusDay, untilDay };
  const phase = options.onPhase ?? (() => undefined);

  phase('baseline');
  const rng = stream(seed, 'baseline');
  createPersons(ctx, total, rng);
  formCouples(ctx, rng);
  linkChildren(ctx, rng);
  formHouseholds(ctx, rng);
  renumberByHousehold(ctx);
  assignSurnames(ctx, rng);
  assignPlaces(ctx, rng);
  const sequences = new SequenceAllocator(hash32(...Array.from(seed, (c) => c.charCodeAt(0)), seed.length));
  sequences.allocateBaseline(people);
  const baselineCount = people.count;
  // Where each baseline person counts before the history: events record their states from here on.
  const baseline = { residence: people.residence.slice(0, baselineCount), hukou: people.hukou.slice(0, baselineCount), status: people.status.slice(0, baselineCount) };

  if (options.history !== false) {
    phase('history');
    simulateHistory(ctx, sequences, stream(seed, 'history'));
  }
  return new SyntheticPopulation(ctx, baselineCount, baseline);
}

/** Gives persons consecutive numbers household by household (head first, then by age), as a register lists them. */
function renumberByHousehold(ctx: Ctx): void {
  const p = ctx.people;
  const n = p.count;
  // Counting sorts: by birth, then stably (through the birth rank) by household, head first.
  const birthOrder = byBirth(ctx);
  const slots = ctx.households.count * 2;
  const keyAt = (r: number) => p.household[birthOrder[r]!]! * 2 + (p.relation[birthOrder[r]!] === 0 ? 0 : 1);
  const ranks = countingOrder(n, slots, keyAt);
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = birthOrder[ranks[i]!]!;
  const newIndex = new Int32Array(n);
  for (let i = 0; i < n; i++) newIndex[order[i]!] = i;
  // Only the columns filled so far (status, entry, exit and the places, names and IDs come later).
  const fields = [p.birth, p.sex, p.group, p.marital, p.mother, p.father, p.spouse, p.marriage, p.household, p.relation, p.joined, p.residence, p.parity, p.lastBirth];
  for (const field of fields) {
    const old = field.slice(0, n);
    for (let i = 0; i < n; i++) field[i] = old[order[i]!]!;
  }
  for (const field of [p.mother, p.father, p.spouse]) for (let i = 0; i < n; i++) if (field[i]! >= 0) field[i] = newIndex[field[i]!]!;
  const m = ctx.marriages;
  for (let k = 0; k < m.count; k++) {
    m.husband.set(k, newIndex[m.husband.get(k)]!);
    m.wife.set(k, newIndex[m.wife.get(k)]!);
  }
  const hh = ctx.households;
  for (let h = 0; h < hh.count; h++) if (hh.head.get(h) >= 0) hh.head.set(h, newIndex[hh.head.get(h)]!);
}
