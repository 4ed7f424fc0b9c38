/**
 * ID sequence numbers (the 15th–17th characters of a resident ID): unique per county, birth date and sex,
 * odd for men (1..999) and even for women (2..998). Baseline persons of one county, day and sex take
 * consecutive slots from a start that depends only on the seed and the key; persons added later take slots
 * downwards from just below that start, so the baseline's numbers never depend on the history.
 */
import { hash32 } from './prng';
import type { People } from './state';

const MIN_DAY = -30000; // 1887-11-…, before anyone alive

function keyOf(p: People, i: number): number {
  return (p.birthCounty[i]! * 65536 + (p.birth[i]! - MIN_DAY)) * 2 + p.sex[i]!;
}

function slots(sex: number): number {
  return sex === 0 ? 500 : 499;
}

function toSeq(sex: number, slot: number): number {
  return sex === 0 ? 2 * slot + 1 : 2 * slot + 2;
}

export class SequenceAllocator {
  private sorted: Float64Array = new Float64Array(0);
  private readonly added = new Map<number, number>();

  constructor(private readonly seedHash: number) {}

  private start(key: number, sex: number): number {
    return hash32(this.seedHash, key % 1e9, Math.floor(key / 1e9)) % slots(sex);
  }

  /** Numbers every baseline person (indexes 0..count−1). */
  allocateBaseline(p: People): void {
    const packed = new Float64Array(p.count);
    for (let i = 0; i < p.count; i++) packed[i] = keyOf(p, i) * 2 ** 23 + i;
    packed.sort();
    let run = 0;
    let prev = -1;
    for (let k = 0; k < packed.length; k++) {
      const v = packed[k]!;
      const key = Math.floor(v / 2 ** 23);
      const i = v - key * 2 ** 23;
      run = key === prev ? run + 1 : 0;
      prev = key;
      const sex = p.sex[i]!;
      if (run >= slots(sex)) throw new RangeError('more than 499 persons of one sex born on one day in one county; lower the scale');
      p.seq[i] = toSeq(sex, (this.start(key, sex) + run) % slots(sex));
    }
    for (let k = 0; k < packed.length; k++) packed[k] = Math.floor(packed[k]! / 2 ** 23);
    this.sorted = packed;
  }

  /** Numbers a person added after the baseline (birth or move-in). */
  allocate(p: People, i: number): void {
    const key = keyOf(p, i);
    const sex = p.sex[i]!;
    const j = this.added.get(key) ?? 0;
    this.added.set(key, j + 1);
    if (this.baselineCount(key) + j + 1 > slots(sex)) throw new RangeError('ID sequence numbers exhausted for one county and day; lower the scale');
    p.seq[i] = toSeq(sex, (((this.start(key, sex) - 1 - j) % slots(sex)) + slots(sex)) % slots(sex));
  }

  private baselineCount(key: number): number {
    const s = this.sorted;
    let lo = 0;
    let hi = s.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (s[mid]! < key) lo = mid + 1;
      else hi = mid;
    }
    let n = 0;
    while (lo + n < s.length && s[lo + n] === key) n++;
    return n;
  }
}
