/**
 * Rows of a generated population, produced lazily (names, pinyin and ID numbers are built as each row is
 * read), so a caller can stream millions of them into the database without holding them.
 * Ids are 1-based: person i has id i + 1, household h id h + 1, marriage m id m + 1, event e id e + 1.
 */
import { checkCharacter } from '../id-number/id-number';
import { formatDay } from './calendar';
import type { Ctx } from './context';
import { drawGivenCode, NameCache } from './names';
import { hash32, Rng } from './prng';
import { yearOf } from './calendar';
import { ALIVE, DEAD, EV, EVENT_KINDS, MALE, MARITAL_NAMES, RELATIONS, STATUS_NAMES, type Relation, type SyntheticEventKind } from './state';

export interface SyntheticPerson {
  readonly id: number;
  readonly idNumber: string;
  readonly name: string;
  readonly pinyin: string;
  readonly sex: 'male' | 'female';
  readonly birthDate: string;
  /** GB/T 3304 code, '01' = 汉族. */
  readonly ethnicity: string;
  readonly hukouRegion: string;
  readonly residenceRegion: string;
  readonly residenceType: 'rural' | 'urban';
  readonly maritalStatus: (typeof MARITAL_NAMES)[number];
  readonly status: (typeof STATUS_NAMES)[number];
  readonly deathDate: string | null;
  readonly householdId: number | null;
  /** County written into the ID number: the hukou county at birth. */
  readonly birthCounty: string;
}

export interface SyntheticHousehold {
  readonly id: number;
  /** Village code. */
  readonly regionCode: string;
  readonly kind: 'family' | 'collective';
  readonly headPersonId: number | null;
}

export interface SyntheticMember {
  readonly personId: number;
  readonly householdId: number;
  readonly relation: Relation;
  readonly joinedOn: string;
}

export interface SyntheticParentLink {
  readonly childId: number;
  readonly parentId: number;
  readonly kind: 'mother' | 'father';
}

export interface SyntheticMarriage {
  readonly id: number;
  readonly husbandId: number;
  readonly wifeId: number;
  readonly marriedOn: string;
  readonly endedOn: string | null;
  readonly endReason: 'divorce' | 'death' | null;
}

/** A vital event as the registry writes it: the same kinds, participants, region rule and payload shapes. */
export interface SyntheticEvent {
  readonly id: number;
  readonly kind: SyntheticEventKind;
  readonly personId: number;
  readonly participants: readonly number[];
  readonly occurredOn: string;
  readonly regionCode: string;
  readonly payload: Readonly<Record<string, unknown>>;
}

export interface PopulationCounts {
  readonly persons: number;
  readonly baselinePersons: number;
  readonly households: number;
  readonly members: number;
  readonly parentLinks: number;
  readonly marriages: number;
  readonly events: number;
}

export class SyntheticPopulation {
  private readonly names = new NameCache();
  private readonly seedHash: number;

  constructor(
    private readonly ctx: Ctx,
    readonly baselineCount: number,
    private readonly baseline: { readonly residence: Int32Array; readonly hukou: Int32Array; readonly status: Uint8Array },
  ) {
    this.seedHash = hash32(...Array.from(ctx.seed, (c) => c.charCodeAt(0)), ctx.seed.length, 7);
  }

  get regionCode(): string {
    return this.ctx.regions.code;
  }

  counts(): PopulationCounts {
    const p = this.ctx.people;
    let members = 0;
    let links = 0;
    for (let i = 0; i < p.count; i++) {
      if (p.household[i]! >= 0) members++;
      if (p.mother[i]! >= 0) links++;
      if (p.father[i]! >= 0) links++;
    }
    return { persons: p.count, baselinePersons: this.baselineCount, households: this.ctx.households.count, members, parentLinks: links, marriages: this.ctx.marriages.count, events: this.ctx.events.count };
  }

  place(index: number): string {
    return this.ctx.regions.places[index]!;
  }

  /** Name, pinyin and ID of person index i (deterministic per person, whatever order rows are read in). */
  private identity(i: number, rng: Rng): { name: string; pinyin: string; idNumber: string; birthDate: string; county: string } {
    const p = this.ctx.people;
    const birthDate = formatDay(p.birth[i]!);
    rng.reseed(this.seedHash, i);
    const { name, pinyin } = this.names.of(p.surname[i]!, drawGivenCode(rng, p.sex[i] === MALE ? 'male' : 'female', yearOf(p.birth[i]!)));
    const county = this.ctx.regions.counties[p.birthCounty[i]!]!;
    // The same composition as buildIdNumber (county · birth date · sequence · ISO 7064 check), without
    // re-validating parts that are valid by construction; the tests parse every ID with parseIdNumber.
    const seq = p.seq[i]!;
    const first17 = `${county}${birthDate.slice(0, 4)}${birthDate.slice(5, 7)}${birthDate.slice(8, 10)}${seq < 10 ? '00' : seq < 100 ? '0' : ''}${seq}`;
    return { name, pinyin, idNumber: first17 + checkCharacter(first17), birthDate, county };
  }

  *persons(): Generator<SyntheticPerson> {
    const p = this.ctx.people;
    const rng = new Rng('names');
    for (let i = 0; i < p.count; i++) {
      const id = this.identity(i, rng);
      yield {
        id: i + 1,
        idNumber: id.idNumber,
        name: id.name,
        pinyin: id.pinyin,
        sex: p.sex[i] === MALE ? 'male' : 'female',
        birthDate: id.birthDate,
        ethnicity: String(p.ethnicity[i]!).padStart(2, '0'),
        hukouRegion: this.place(p.hukou[i]!),
        residenceRegion: this.place(p.residence[i]!),
        residenceType: p.urbanType[i] ? 'urban' : 'rural',
        maritalStatus: MARITAL_NAMES[p.marital[i]!]!,
        status: STATUS_NAMES[p.status[i]!]!,
        deathDate: p.status[i] === DEAD ? formatDay(p.exitDay[i]!) : null,
        householdId: p.household[i]! >= 0 ? p.household[i]! + 1 : null,
        birthCounty: id.county,
      };
    }
  }

  *households(): Generator<SyntheticHousehold> {
    const hh = this.ctx.households;
    for (let h = 0; h < hh.count; h++) {
      const head = hh.head.get(h);
      yield { id: h + 1, regionCode: this.place(hh.village.get(h)), kind: hh.kind.get(h) === 0 ? 'family' : 'collective', headPersonId: head >= 0 ? head + 1 : null };
    }
  }

  *members(): Generator<SyntheticMember> {
    const p = this.ctx.people;
    for (let i = 0; i < p.count; i++) {
      if (p.household[i]! < 0) continue;
      yield { personId: i + 1, householdId: p.household[i]! + 1, relation: RELATIONS[p.relation[i]!]!, joinedOn: formatDay(p.joined[i]!) };
    }
  }

  *parentLinks(): Generator<SyntheticParentLink> {
    const p = this.ctx.people;
    for (let i = 0; i < p.count; i++) {
      if (p.mother[i]! >= 0) yield { childId: i + 1, parentId: p.mother[i]! + 1, kind: 'mother' };
      if (p.father[i]! >= 0) yield { childId: i + 1, parentId: p.father[i]! + 1, kind: 'father' };
    }
  }

  *marriages(): Generator<SyntheticMarriage> {
    const m = this.ctx.marriages;
    for (let k = 0; k < m.count; k++) {
      const ended = m.ended.get(k);
      const reason = m.reason.get(k);
      yield {
        id: k + 1,
        husbandId: m.husband.get(k) + 1,
        wifeId: m.wife.get(k) + 1,
        marriedOn: formatDay(m.married.get(k)),
        endedOn: ended >= 0 ? formatDay(ended) : null,
        endReason: reason === 1 ? 'divorce' : reason === 2 ? 'death' : null,
      };
    }
  }

  *events(): Generator<SyntheticEvent> {
    const e = this.ctx.events;
    const p = this.ctx.people;
    // The presence state of every person, walked forward from the baseline event by event, so each event
    // records where its subject counted before and after it (payload.state), as the registry does.
    const residence = new Int32Array(p.count);
    const hukou = new Int32Array(p.count);
    const present = new Uint8Array(p.count);
    residence.set(this.baseline.residence);
    hukou.set(this.baseline.hukou);
    for (let i = 0; i < this.baseline.status.length; i++) present[i] = this.baseline.status[i] === ALIVE ? 1 : 0;
    const state = (i: number) => ({ present: present[i] === 1, residence: this.place(residence[i]!), hukou: this.place(hukou[i]!) });
    for (let k = 0; k < e.count; k++) {
      const kind = e.kind.get(k);
      const person = e.person.get(k) + 1;
      const a = e.a.get(k);
      const b = e.b.get(k);
      const place = e.place.get(k);
      const base = { id: k + 1, kind: EVENT_KINDS[kind]!, personId: person, occurredOn: formatDay(e.day.get(k)), regionCode: this.place(place) };
      const i = kind === EV.marriage || kind === EV.divorce ? a : person - 1;
      const newcomer = kind === EV.birth || (kind === EV.move_in && b === 1);
      const before = newcomer ? null : state(i);
      switch (kind) {
        case EV.birth:
          residence[i] = place;
          hukou[i] = hukou[a]!;
          present[i] = 1;
          break;
        case EV.death:
        case EV.move_out:
          present[i] = 0;
          break;
        case EV.move_in:
          residence[i] = place;
          hukou[i] = place;
          present[i] = 1;
          break;
        case EV.residence_change:
          residence[i] = place;
          break;
        case EV.hukou_change:
          hukou[i] = place;
          break;
        default:
      }
      const st = { before, after: state(i) };
      switch (kind) {
        case EV.birth:
          yield { ...base, participants: b >= 0 ? [person, a + 1, b + 1] : [person, a + 1], payload: { motherId: a + 1, fatherId: b >= 0 ? b + 1 : null, sex: p.sex[person - 1] === MALE ? 'male' : 'female', birthOrder: e.c.get(k), state: st } };
          break;
        case EV.death:
          yield { ...base, participants: [person], payload: { place: null, cause: null, state: st } };
          break;
        case EV.marriage:
          yield { ...base, participants: [person, a + 1], payload: { husbandId: person, wifeId: a + 1, state: st } };
          break;
        case EV.divorce:
          yield { ...base, participants: [person, a + 1], payload: { husbandId: person, wifeId: a + 1, marriageId: e.c.get(k) + 1, state: st } };
          break;
        case EV.move_in:
          yield { ...base, participants: [person], payload: { fromRegion: this.place(a), toRegion: base.regionCode, newToRegistry: b === 1, state: st } };
          break;
        case EV.move_out:
          yield { ...base, participants: [person], payload: { toRegion: this.place(a), destination: null, fromRegion: base.regionCode, state: st } };
          break;
        default:
          yield { ...base, participants: [person], payload: { fromRegion: this.place(a), toRegion: base.regionCode, state: st } };
      }
    }
  }
}
