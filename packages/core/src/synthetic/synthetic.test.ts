import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { ageOn } from '../common/common';
import { parseIdNumber } from '../id-number/id-number';
import { COUNTY_CODES } from '../regions/county-codes.generated';
import { MARRIAGE_AGE, MOTHER_AGE } from '../registry/rules';
import { generatePopulation } from './generate';
import { testRegion } from './synthetic.fixtures';
import { replay, snapshot } from './replay';
import type { SyntheticEvent, SyntheticPerson, SyntheticPopulation } from './output';

const UNTIL = '2026-06-30';
const options = (seed: string, history = true) => ({ regions: testRegion(), scale: 0.002, seed, until: UNTIL, history });

function fingerprint(pop: SyntheticPopulation): string {
  const h = createHash('sha256');
  for (const rows of [pop.persons(), pop.households(), pop.members(), pop.parentLinks(), pop.marriages(), pop.events()]) {
    for (const row of rows) h.update(JSON.stringify(row));
  }
  return h.digest('hex');
}

let pop: SyntheticPopulation;
let persons: SyntheticPerson[];
let events: SyntheticEvent[];

beforeAll(() => {
  pop = generatePopulation(options('1'));
  persons = [...pop.persons()];
  events = [...pop.events()];
});

describe('synthetic population generator', () => {
  it('is deterministic: the same inputs give the same rows, byte for byte; another seed differs', () => {
    const again = generatePopulation(options('1'));
    expect(fingerprint(again)).toBe(fingerprint(pop));
    expect(fingerprint(generatePopulation(options('2')))).not.toBe(fingerprint(pop));
  });

  it('has the expected size and five years of every kind of event', () => {
    const c = pop.counts();
    expect(c.baselinePersons).toBe(Math.round(3_367_579 * 0.002));
    expect(c.persons).toBeGreaterThan(c.baselinePersons);
    const kinds = new Set(events.map((e) => e.kind));
    expect([...kinds].sort()).toEqual(['birth', 'death', 'divorce', 'hukou_change', 'marriage', 'move_in', 'move_out', 'residence_change']);
    expect(events.every((e, i) => i === 0 || e.occurredOn >= events[i - 1]!.occurredOn)).toBe(true);
    expect(events[0]!.occurredOn >= '2020-11-01' && events.at(-1)!.occurredOn <= UNTIL).toBe(true);
  });

  it('gives every person a valid, unique ID agreeing with sex, birth date and the county at birth', () => {
    const seen = new Set<string>();
    for (const p of persons) {
      const r = parseIdNumber(p.idNumber, { today: UNTIL });
      expect(r.ok, p.idNumber).toBe(true);
      if (!r.ok) continue;
      expect(r.value.sex).toBe(p.sex);
      expect(r.value.birthDate).toBe(p.birthDate);
      expect(r.value.regionCode).toBe(p.birthCounty);
      expect(COUNTY_CODES.has(p.birthCounty)).toBe(true);
      seen.add(p.idNumber);
    }
    expect(seen.size).toBe(persons.length);
  });

  it('names people from the surname table with toNamePinyin readings', () => {
    const surnames = new Map<string, number>();
    for (const p of persons) surnames.set(p.name[0]!, (surnames.get(p.name[0]!) ?? 0) + 1);
    const top = [...surnames.entries()].sort((a, b) => b[1] - a[1]).slice(0, 5).map(([s]) => s);
    expect(top).toContain('陈');
    expect(top).toContain('王');
    expect(persons.every((p) => /^[a-z]+$/.test(p.pinyin) && p.name.length >= 2 && p.name.length <= 4)).toBe(true);
  });

  it('keeps the rules: mothers 12–60, legal marriage ages, no event after a death', () => {
    const byId = new Map(persons.map((p) => [p.id, p]));
    for (const e of events) {
      for (const id of e.participants) {
        const p = byId.get(id)!;
        if (p.deathDate) expect(e.occurredOn <= p.deathDate).toBe(true);
      }
      if (e.kind === 'birth') {
        const age = ageOn(byId.get(e.payload.motherId as number)!.birthDate, e.occurredOn);
        expect(age).toBeGreaterThanOrEqual(MOTHER_AGE.min);
        expect(age).toBeLessThanOrEqual(MOTHER_AGE.max);
      }
      if (e.kind === 'marriage') {
        expect(ageOn(byId.get(e.payload.husbandId as number)!.birthDate, e.occurredOn)).toBeGreaterThanOrEqual(MARRIAGE_AGE.male);
        expect(ageOn(byId.get(e.payload.wifeId as number)!.birthDate, e.occurredOn)).toBeGreaterThanOrEqual(MARRIAGE_AGE.female);
      }
    }
    for (const m of pop.marriages()) {
      expect(ageOn(byId.get(m.husbandId)!.birthDate, m.marriedOn)).toBeGreaterThanOrEqual(MARRIAGE_AGE.male);
      expect(ageOn(byId.get(m.wifeId)!.birthDate, m.marriedOn)).toBeGreaterThanOrEqual(MARRIAGE_AGE.female);
    }
    for (const l of pop.parentLinks()) {
      if (l.kind !== 'mother') continue;
      const age = ageOn(byId.get(l.parentId)!.birthDate, byId.get(l.childId)!.birthDate);
      expect(age).toBeGreaterThanOrEqual(MOTHER_AGE.min);
      expect(age).toBeLessThanOrEqual(MOTHER_AGE.max);
    }
  });

  it('writes events in the registry’s payload shapes', () => {
    const keys = new Map<string, string>();
    for (const e of events) keys.set(e.kind === 'move_in' ? `move_in:${String(e.payload.newToRegistry)}` : e.kind, Object.keys(e.payload).join(','));
    expect(Object.fromEntries(keys)).toEqual({
      birth: 'motherId,fatherId,sex,birthOrder,state',
      death: 'place,cause,state',
      marriage: 'husbandId,wifeId,state',
      divorce: 'husbandId,wifeId,marriageId,state',
      'move_in:true': 'fromRegion,toRegion,newToRegistry,state',
      'move_in:false': 'fromRegion,toRegion,newToRegistry,state',
      move_out: 'toRegion,destination,fromRegion,state',
      residence_change: 'fromRegion,toRegion,state',
      hukou_change: 'fromRegion,toRegion,state',
    });
    const birth = events.find((e) => e.kind === 'birth' && e.payload.fatherId !== null)!;
    expect(birth.participants).toEqual([birth.personId, birth.payload.motherId, birth.payload.fatherId]);
  });

  it('has a current state equal to replaying its events on the 2020-11-01 baseline, under the registry rules', () => {
    const base = generatePopulation(options('1', false));
    expect(base.counts().events).toBe(0);
    const state = snapshot(base.persons(), base.members(), base.parentLinks(), base.marriages());
    const baselineCount = base.counts().persons;
    // What the clerk typed for a newcomer: the final row, except that anyone who married here arrived unmarried.
    const marriedHere = new Set(events.filter((e) => e.kind === 'marriage').flatMap((e) => e.participants));
    const newcomers = new Map(persons.filter((p) => p.id > baselineCount).map((p) => [p.id, marriedHere.has(p.id) ? { ...p, maritalStatus: 'unmarried' as const } : p]));
    const subjectOf = (e: (typeof events)[number]) => (e.kind === 'marriage' || e.kind === 'divorce' ? (e.payload.wifeId as number) : e.personId);
    const presence = (s: typeof state, id: number) => {
      const r = s.persons.get(id);
      return r ? { present: r.status === 'alive', residence: r.residenceRegion, hukou: r.hukouRegion } : null;
    };
    let checkedStates = 0;
    replay(state, events, newcomers, (e, s) => {
      // A newborn's ID carries the county of the hukou it was registered in at birth.
      if (e.kind === 'birth') expect(newcomers.get(e.personId)!.idNumber.slice(0, 6)).toBe(s.persons.get(e.personId)!.hukouRegion.slice(0, 6));
      // The state the event records for the statistics is the registry's state after it.
      expect((e.payload.state as { after: unknown }).after).toEqual(presence(s, subjectOf(e)));
      checkedStates++;
    });
    expect(checkedStates).toBe(events.length);
    for (const p of persons) {
      const r = state.persons.get(p.id)!;
      expect({ id: p.id, hukou: r.hukouRegion, residence: r.residenceRegion, marital: r.maritalStatus, status: r.status, death: r.deathDate, household: r.householdId }).toEqual({
        id: p.id, hukou: p.hukouRegion, residence: p.residenceRegion, marital: p.maritalStatus, status: p.status, death: p.deathDate, household: p.householdId,
      });
    }
    const final = snapshot([], pop.members(), pop.parentLinks(), pop.marriages());
    expect(state.members).toEqual(final.members);
    expect(state.parents).toEqual(final.parents);
    expect(state.marriages).toEqual(final.marriages);
  });

  it('refuses bad options', () => {
    expect(() => generatePopulation({ ...options('1'), until: '2020-10-31' })).toThrow(/until/);
    expect(() => generatePopulation({ ...options('1'), scale: 0 })).toThrow(/scale/);
    expect(() => generatePopulation({ ...options('1'), regions: { ...testRegion(), villages: [] } })).toThrow(/villages/);
  });
});
