import type { PersonDetail, PersonSummary, VitalEventKind, VitalEventView } from '@renkou/core';
import type { PersonRow } from './person.repository';

/** Presenters are the only way a person leaves the server: the ID number goes out masked, always. */
export function presentPersonSummary(p: PersonRow): PersonSummary {
  return {
    id: p.id,
    idNumberMasked: p.id_number_masked,
    name: p.name,
    pinyin: p.pinyin,
    sex: p.sex,
    birthDate: p.birth_date,
    status: p.status,
    hukouRegion: p.hukou_region,
    residenceRegion: p.residence_region,
  };
}

type Relative = { id: number; name: string; sex: 'male' | 'female'; birth_date: string; status: 'alive' | 'dead' | 'emigrated' };
export function presentRelative(r: Relative) {
  return { id: r.id, name: r.name, sex: r.sex, birthDate: r.birth_date, status: r.status };
}

export interface EventRow {
  id: number;
  kind: string;
  person_id: number;
  participants: number[];
  occurred_on: string;
  region_code: string;
  payload: unknown;
  corrects_event_id: number | null;
  corrected_by: number[];
  source: string;
  recorded_at: Date | string;
}

export function presentEvent(e: EventRow): VitalEventView {
  return {
    id: e.id,
    kind: e.kind as VitalEventKind,
    personId: e.person_id,
    participants: e.participants.map(Number),
    occurredOn: e.occurred_on,
    regionCode: e.region_code,
    payload: (e.payload ?? {}) as Record<string, unknown>,
    correctsEventId: e.corrects_event_id,
    correctedBy: (e.corrected_by ?? []).map(Number),
    source: e.source,
    recordedAt: new Date(e.recorded_at).toISOString(),
  };
}

export function presentPersonDetail(
  p: PersonRow,
  rel: {
    household: { id: number; household_number: string; relation: string } | undefined;
    parents: (Relative & { kind: 'mother' | 'father' })[];
    children: Relative[];
    spouse: Relative | undefined;
    timeline: EventRow[];
  },
): PersonDetail {
  const mother = rel.parents.find((x) => x.kind === 'mother');
  const father = rel.parents.find((x) => x.kind === 'father');
  return {
    ...presentPersonSummary(p),
    ethnicity: p.ethnicity,
    residenceType: p.residence_type,
    maritalStatus: p.marital_status,
    deathDate: p.death_date,
    hukouResidenceMismatch: p.hukou_region !== p.residence_region,
    household: rel.household ? { id: rel.household.id, householdNumber: rel.household.household_number, relation: rel.household.relation } : null,
    mother: mother ? presentRelative(mother) : null,
    father: father ? presentRelative(father) : null,
    children: rel.children.map(presentRelative),
    spouse: rel.spouse ? presentRelative(rel.spouse) : null,
    timeline: rel.timeline.map(presentEvent),
  };
}
