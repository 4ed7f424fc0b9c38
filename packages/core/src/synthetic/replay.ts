/**
 * Replays vital events onto a registry snapshot with the registry's own semantics (what
 * packages/server/src/modules/registry/events.service.ts writes for each kind) and its business rules
 * (registry/rules.ts: mothers 12–60, marriage ages 22/20, no event after a death). Used to prove that a
 * generated population's current state is exactly what its events produce from the 2020-11-01 baseline.
 */
import { assertEventNotAfterDeath, assertMarriageAge, assertMotherAge } from '../registry/rules';
import type { SyntheticEvent, SyntheticMarriage, SyntheticMember, SyntheticParentLink, SyntheticPerson } from './output';

export interface ReplayPerson {
  sex: 'male' | 'female';
  birthDate: string;
  hukouRegion: string;
  residenceRegion: string;
  residenceType: 'rural' | 'urban';
  ethnicity: string;
  maritalStatus: string;
  status: string;
  deathDate: string | null;
  householdId: number | null;
}

export interface ReplayState {
  persons: Map<number, ReplayPerson>;
  members: Map<number, { householdId: number; relation: string; joinedOn: string }>;
  parents: Map<string, number>;
  marriages: Map<number, { husbandId: number; wifeId: number; marriedOn: string; endedOn: string | null; endReason: string | null }>;
}

export function snapshot(persons: Iterable<SyntheticPerson>, members: Iterable<SyntheticMember>, links: Iterable<SyntheticParentLink>, marriages: Iterable<SyntheticMarriage>): ReplayState {
  const s: ReplayState = { persons: new Map(), members: new Map(), parents: new Map(), marriages: new Map() };
  for (const p of persons) {
    s.persons.set(p.id, { sex: p.sex, birthDate: p.birthDate, hukouRegion: p.hukouRegion, residenceRegion: p.residenceRegion, residenceType: p.residenceType, ethnicity: p.ethnicity, maritalStatus: p.maritalStatus, status: p.status, deathDate: p.deathDate, householdId: p.householdId });
  }
  for (const m of members) s.members.set(m.personId, { householdId: m.householdId, relation: m.relation, joinedOn: m.joinedOn });
  for (const l of links) s.parents.set(`${l.childId}:${l.kind}`, l.parentId);
  for (const m of marriages) s.marriages.set(m.id, { husbandId: m.husbandId, wifeId: m.wifeId, marriedOn: m.marriedOn, endedOn: m.endedOn, endReason: m.endReason });
  return s;
}

function fail(e: SyntheticEvent, why: string): never {
  throw new Error(`event ${e.id} (${e.kind} ${e.occurredOn}): ${why}`);
}

function get(s: ReplayState, e: SyntheticEvent, id: number): ReplayPerson {
  const p = s.persons.get(id);
  if (!p) fail(e, `unknown person ${id}`);
  return p;
}

function alive(e: SyntheticEvent, field: string, p: ReplayPerson): void {
  assertEventNotAfterDeath(field, p.deathDate, e.occurredOn);
  if (p.status !== 'alive') fail(e, `${field} is ${p.status}`);
  if (e.occurredOn < p.birthDate) fail(e, `${field} not yet born`);
}

function currentMarriage(s: ReplayState, id: number): [number, ReplayState['marriages'] extends Map<number, infer M> ? M : never] | undefined {
  for (const [mid, m] of s.marriages) if (m.endedOn === null && (m.husbandId === id || m.wifeId === id)) return [mid, m];
  return undefined;
}

/**
 * Applies `events` in order to `s` (mutated). `newcomers` supplies what a clerk would type for a person new to
 * the registry (newborn or move-in): sex, birth date, ethnicity, residence type and marital status.
 * Throws on the first event the registry would refuse.
 */
export function replay(s: ReplayState, events: Iterable<SyntheticEvent>, newcomers: ReadonlyMap<number, SyntheticPerson>, observe?: (e: SyntheticEvent, s: ReplayState) => void): void {
  const childrenOf = new Map<number, number>();
  for (const [key, parent] of s.parents) if (key.endsWith(':mother')) childrenOf.set(parent, (childrenOf.get(parent) ?? 0) + 1);
  let marriageId = Math.max(0, ...s.marriages.keys());
  for (const e of events) {
    const pl = e.payload;
    switch (e.kind) {
      case 'birth': {
        const motherId = pl.motherId as number;
        const fatherId = pl.fatherId as number | null;
        const mother = get(s, e, motherId);
        if (mother.sex !== 'female') fail(e, 'mother is not female');
        alive(e, 'motherId', mother);
        assertMotherAge(mother.birthDate, e.occurredOn);
        if (fatherId !== null) {
          const father = get(s, e, fatherId);
          if (father.sex !== 'male') fail(e, 'father is not male');
          if (father.deathDate !== null && father.deathDate < e.occurredOn) fail(e, 'father died before the birth');
        }
        const order = (childrenOf.get(motherId) ?? 0) + 1;
        if (pl.birthOrder !== order) fail(e, `birth order ${String(pl.birthOrder)}, registry counts ${order}`);
        childrenOf.set(motherId, order);
        const n = newcomers.get(e.personId);
        if (!n || n.sex !== pl.sex || n.birthDate !== e.occurredOn) fail(e, 'child does not match the event');
        s.persons.set(e.personId, { sex: n.sex, birthDate: e.occurredOn, hukouRegion: mother.hukouRegion, residenceRegion: mother.residenceRegion, residenceType: mother.residenceType, ethnicity: mother.ethnicity, maritalStatus: 'unmarried', status: 'alive', deathDate: null, householdId: null });
        s.parents.set(`${e.personId}:mother`, motherId);
        if (fatherId !== null) s.parents.set(`${e.personId}:father`, fatherId);
        const mm = s.members.get(motherId);
        if (mother.householdId !== null) {
          const rel = mm?.relation === 'head' || mm?.relation === 'spouse' ? 'child' : mm?.relation === 'child' || mm?.relation === 'child_in_law' ? 'grandchild' : 'other';
          s.members.set(e.personId, { householdId: mother.householdId, relation: rel, joinedOn: e.occurredOn });
          s.persons.get(e.personId)!.householdId = mother.householdId;
        }
        if (e.regionCode !== mother.residenceRegion) fail(e, 'region is not the child’s residence');
        break;
      }
      case 'death': {
        const p = get(s, e, e.personId);
        alive(e, 'personId', p);
        p.status = 'dead';
        p.deathDate = e.occurredOn;
        const cur = currentMarriage(s, e.personId);
        if (cur) {
          cur[1].endedOn = e.occurredOn;
          cur[1].endReason = 'death';
          const spouse = cur[1].husbandId === e.personId ? cur[1].wifeId : cur[1].husbandId;
          get(s, e, spouse).maritalStatus = 'widowed';
        }
        if (e.regionCode !== p.residenceRegion) fail(e, 'region is not the residence');
        break;
      }
      case 'marriage': {
        const h = get(s, e, pl.husbandId as number);
        const w = get(s, e, pl.wifeId as number);
        if (h.sex !== 'male' || w.sex !== 'female') fail(e, 'wrong sexes');
        alive(e, 'husbandId', h);
        alive(e, 'wifeId', w);
        assertMarriageAge('husbandId', 'male', h.birthDate, e.occurredOn);
        assertMarriageAge('wifeId', 'female', w.birthDate, e.occurredOn);
        if (h.maritalStatus === 'married' || w.maritalStatus === 'married') fail(e, 'already married');
        s.marriages.set(++marriageId, { husbandId: pl.husbandId as number, wifeId: pl.wifeId as number, marriedOn: e.occurredOn, endedOn: null, endReason: null });
        h.maritalStatus = w.maritalStatus = 'married';
        if (e.regionCode !== w.residenceRegion) fail(e, 'region is not the wife’s residence');
        break;
      }
      case 'divorce': {
        const h = get(s, e, pl.husbandId as number);
        const w = get(s, e, pl.wifeId as number);
        alive(e, 'husbandId', h);
        alive(e, 'wifeId', w);
        const cur = currentMarriage(s, pl.husbandId as number);
        if (!cur || cur[1].wifeId !== pl.wifeId || cur[0] !== pl.marriageId) fail(e, 'not married to each other');
        if (e.occurredOn < cur[1].marriedOn) fail(e, 'divorce before the marriage');
        cur[1].endedOn = e.occurredOn;
        cur[1].endReason = 'divorce';
        h.maritalStatus = w.maritalStatus = 'divorced';
        break;
      }
      case 'move_in': {
        const to = pl.toRegion as string;
        if (pl.newToRegistry === true) {
          const n = newcomers.get(e.personId);
          if (!n) fail(e, 'unknown newcomer');
          if (e.occurredOn < n.birthDate) fail(e, 'moves in before birth');
          s.persons.set(e.personId, { sex: n.sex, birthDate: n.birthDate, hukouRegion: to, residenceRegion: to, residenceType: n.residenceType, ethnicity: n.ethnicity, maritalStatus: n.maritalStatus, status: 'alive', deathDate: null, householdId: null });
        } else {
          const p = get(s, e, e.personId);
          alive(e, 'personId', p);
          if (pl.fromRegion !== p.hukouRegion) fail(e, 'fromRegion is not the hukou');
          p.hukouRegion = p.residenceRegion = to;
        }
        break;
      }
      case 'move_out': {
        const p = get(s, e, e.personId);
        alive(e, 'personId', p);
        if (pl.fromRegion !== p.hukouRegion || e.regionCode !== p.hukouRegion) fail(e, 'fromRegion is not the hukou');
        p.status = 'emigrated';
        break;
      }
      case 'residence_change': {
        const p = get(s, e, e.personId);
        alive(e, 'personId', p);
        if (pl.fromRegion !== p.residenceRegion) fail(e, 'fromRegion is not the residence');
        p.residenceRegion = pl.toRegion as string;
        break;
      }
      case 'hukou_change': {
        const p = get(s, e, e.personId);
        alive(e, 'personId', p);
        if (pl.fromRegion !== p.hukouRegion) fail(e, 'fromRegion is not the hukou');
        p.hukouRegion = pl.toRegion as string;
        break;
      }
    }
    observe?.(e, s);
  }
}
