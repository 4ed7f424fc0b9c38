/**
 * The synthetic population held as columns of typed arrays (one entry per person, household, marriage or
 * event) so that millions of persons fit in a few hundred megabytes; rows are produced from these columns
 * only when they are streamed out.
 */

export const MALE = 0;
export const FEMALE = 1;

export const LOCAL = 0;
export const FLOATING = 1;

export const UNMARRIED = 0;
export const MARRIED = 1;
export const DIVORCED = 2;
export const WIDOWED = 3;
export const MARITAL_NAMES = ['unmarried', 'married', 'divorced', 'widowed'] as const;

export const ALIVE = 0;
export const DEAD = 1;
export const EMIGRATED = 2;
export const STATUS_NAMES = ['alive', 'dead', 'emigrated'] as const;

export const RELATIONS = ['head', 'spouse', 'child', 'parent', 'grandchild', 'grandparent', 'sibling', 'child_in_law', 'other'] as const;
export type Relation = (typeof RELATIONS)[number];
export const REL = Object.fromEntries(RELATIONS.map((r, i) => [r, i])) as Record<Relation, number>;

export const EVENT_KINDS = ['birth', 'death', 'marriage', 'divorce', 'move_in', 'move_out', 'residence_change', 'hukou_change'] as const;
export type SyntheticEventKind = (typeof EVENT_KINDS)[number];
export const EV = Object.fromEntries(EVENT_KINDS.map((k, i) => [k, i])) as Record<SyntheticEventKind, number>;

/** A growable column of 32-bit integers. */
export class IntColumn {
  data: Int32Array;
  length = 0;
  constructor(capacity = 1024) {
    this.data = new Int32Array(Math.max(16, capacity));
  }
  push(v: number): number {
    if (this.length === this.data.length) {
      const next = new Int32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length] = v;
    return this.length++;
  }
  get(i: number): number {
    return this.data[i]!;
  }
  set(i: number, v: number): void {
    this.data[i] = v;
  }
}

export class People {
  count = 0;
  readonly birth: Int32Array;
  readonly sex: Uint8Array;
  readonly group: Uint8Array;
  readonly marital: Uint8Array;
  readonly status: Uint8Array;
  /** Day of death or emigration; −1 while alive and present. */
  readonly exitDay: Int32Array;
  /** Day the person entered the registry: −1 for the 2020-11-01 baseline. */
  readonly entryDay: Int32Array;
  readonly mother: Int32Array;
  readonly father: Int32Array;
  readonly spouse: Int32Array;
  /** Index of the current marriage (−1 when none). */
  readonly marriage: Int32Array;
  readonly household: Int32Array;
  readonly relation: Uint8Array;
  readonly joined: Int32Array;
  /** Place indexes (see PreparedRegions.places). */
  readonly hukou: Int32Array;
  readonly residence: Int32Array;
  /** residence_type: 1 urban, 0 rural (农业/非农业户口). */
  readonly urbanType: Uint8Array;
  readonly ethnicity: Uint8Array;
  readonly surname: Uint8Array;
  /** County index (PreparedRegions.counties) written into the ID number: the hukou county at birth. */
  readonly birthCounty: Int32Array;
  /** ID sequence 1..999 (odd for men, even for women). */
  readonly seq: Uint16Array;
  /** Children linked to this woman as their mother (her birth order for the next child − 1). */
  readonly parity: Uint8Array;
  readonly lastBirth: Int32Array;

  constructor(readonly capacity: number) {
    this.birth = new Int32Array(capacity);
    this.sex = new Uint8Array(capacity);
    this.group = new Uint8Array(capacity);
    this.marital = new Uint8Array(capacity);
    this.status = new Uint8Array(capacity);
    this.exitDay = new Int32Array(capacity).fill(-1);
    this.entryDay = new Int32Array(capacity).fill(-1);
    this.mother = new Int32Array(capacity).fill(-1);
    this.father = new Int32Array(capacity).fill(-1);
    this.spouse = new Int32Array(capacity).fill(-1);
    this.marriage = new Int32Array(capacity).fill(-1);
    this.household = new Int32Array(capacity).fill(-1);
    this.relation = new Uint8Array(capacity);
    this.joined = new Int32Array(capacity);
    this.hukou = new Int32Array(capacity);
    this.residence = new Int32Array(capacity);
    this.urbanType = new Uint8Array(capacity);
    this.ethnicity = new Uint8Array(capacity);
    this.surname = new Uint8Array(capacity);
    this.birthCounty = new Int32Array(capacity);
    this.seq = new Uint16Array(capacity);
    this.parity = new Uint8Array(capacity);
    this.lastBirth = new Int32Array(capacity).fill(-100000);
  }

  add(birth: number, sex: number): number {
    if (this.count === this.capacity) throw new RangeError('synthetic population capacity exceeded');
    const i = this.count++;
    this.birth[i] = birth;
    this.sex[i] = sex;
    return i;
  }
}

export class Households {
  readonly village = new IntColumn();
  readonly head = new IntColumn();
  /** 0 family, 1 collective. */
  readonly kind = new IntColumn();
  get count(): number {
    return this.village.length;
  }
  add(village: number, kind: number): number {
    this.head.push(-1);
    this.kind.push(kind);
    return this.village.push(village);
  }
}

export class Marriages {
  readonly husband = new IntColumn();
  readonly wife = new IntColumn();
  readonly married = new IntColumn();
  /** −1 while current. */
  readonly ended = new IntColumn();
  /** 0 none, 1 divorce, 2 death. */
  readonly reason = new IntColumn();
  get count(): number {
    return this.husband.length;
  }
  add(husband: number, wife: number, day: number): number {
    this.wife.push(wife);
    this.married.push(day);
    this.ended.push(-1);
    this.reason.push(0);
    return this.husband.push(husband);
  }
}

/**
 * Events in the order they happened. Fields by kind:
 * birth: person = child, a = mother, b = father (−1), c = birth order, place = child's residence;
 * death: place = residence; marriage / divorce: person = husband, a = wife, c = marriage index, place = wife's
 * residence; move_in: a = from place, b = 1 when new to the registry, place = to village; move_out: a = to
 * place, place = hukou; residence_change / hukou_change: a = from place, place = to place.
 */
export class Events {
  readonly kind = new IntColumn();
  readonly day = new IntColumn();
  readonly person = new IntColumn();
  readonly a = new IntColumn();
  readonly b = new IntColumn();
  readonly c = new IntColumn();
  readonly place = new IntColumn();
  get count(): number {
    return this.kind.length;
  }
  add(kind: number, day: number, person: number, place: number, a = -1, b = -1, c = -1): number {
    this.day.push(day);
    this.person.push(person);
    this.a.push(a);
    this.b.push(b);
    this.c.push(c);
    this.place.push(place);
    return this.kind.push(kind);
  }
}
