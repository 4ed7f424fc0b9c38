import { FEED_COLUMNS, FEED_KINDS, FEED_NAMES, type FeedKind } from '@renkou/core';
import { label, SEX, type Lang } from '../../i18n/labels';

type Pair = readonly [string, string];
const pick = (p: Pair | undefined, lang: Lang, fallback: string): string => (p ? p[lang === 'zh' ? 0 : 1] : fallback);

/** 出生医学证明（医院） / Birth medical certificates (hospitals). */
export function feedName(kind: string, lang: Lang): string {
  const n = FEED_NAMES[kind as FeedKind] as { zh: string; en: string } | undefined;
  return n ? n[lang] : kind;
}

/** The four feeds as options of a Select. */
export function kindOptions(lang: Lang): { value: FeedKind; label: string }[] {
  return FEED_KINDS.map((k) => ({ value: k, label: feedName(k, lang) }));
}

export const DISCREPANCY_KINDS = ['birth_missing_in_registry', 'birth_without_certificate', 'death_registry_only', 'death_feed_only', 'hukou_not_in_residence'] as const;
export type DiscrepancyKind = (typeof DISCREPANCY_KINDS)[number];

export const DISCREPANCY: Record<DiscrepancyKind, Pair> = {
  birth_missing_in_registry: ['漏报出生', 'Birth missing in the registry'],
  birth_without_certificate: ['无出生医学证明', 'Birth without a certificate'],
  death_registry_only: ['仅登记库有死亡', 'Death in the registry only'],
  death_feed_only: ['仅部门报送死亡', 'Death in the feed only'],
  hukou_not_in_residence: ['户籍迁移未反映到居住地', 'Hukou move not reflected in residence'],
};

export const DISCREPANCY_HELP: Record<DiscrepancyKind, Pair> = {
  birth_missing_in_registry: ['医院报送了出生医学证明，登记库此前没有这次出生（已按证明补登或待核对）', 'The hospital sent a certificate for a birth the registry lacked (now registered from it, or awaiting a decision)'],
  birth_without_certificate: ['登记库有出生登记，但没有对应的出生医学证明', 'A birth in the registry that no certificate matches'],
  death_registry_only: ['登记库有死亡登记，但部门没有报送', 'A death in the registry that no feed reports'],
  death_feed_only: ['部门报送了死亡，登记库中未能对应到人员', 'A death in a feed that matches nobody in the registry yet'],
  hukou_not_in_residence: ['公安户籍变动后，户籍地与现居住地不在同一乡镇', 'After a police hukou change, hukou and residence are in different townships'],
};

export function discrepancyLabel(kind: string, lang: Lang): string {
  return pick(DISCREPANCY[kind as DiscrepancyKind], lang, kind);
}

/** Why a record waits on the worklist (the server's outcome codes). */
const REASON: Record<string, Pair> = {
  review: ['有相近人员，需人工确认', 'Close candidates: needs a decision'],
  not_found: ['登记库中未找到', 'Not found in the registry'],
  outside_scope: ['人员不在本辖区', 'The person is outside your region'],
  death_date_differs: ['死亡日期与登记库不一致', 'The death date differs from the registry'],
};
const PARTY: Record<string, Pair> = { mother: ['母亲', 'Mother'], husband: ['男方', 'Husband'], wife: ['女方', 'Wife'] };

export function reasonLabel(reason: string, lang: Lang): string {
  const m = /^(mother|husband|wife)_(.+)$/.exec(reason);
  if (m) {
    const who = pick(PARTY[m[1]!], lang, m[1]!);
    const what = pick(REASON[m[2]!], lang, m[2]!);
    return lang === 'zh' ? `${who}：${what}` : `${who}: ${what.charAt(0).toLowerCase()}${what.slice(1)}`;
  }
  return pick(REASON[reason], lang, reason);
}

const CHANGE: Record<string, Pair> = { move_in: ['迁入', 'Move in'], move_out: ['迁出', 'Move out'], hukou_change: ['户籍变更', 'Change of hukou'] };
const REGISTRATION: Record<string, Pair> = { marriage: ['结婚', 'Marriage'], divorce: ['离婚', 'Divorce'] };
const SEX_FIELDS = new Set(['childSex', 'sex']);
/** Record fields that hold a region code (shown by name). */
export const REGION_FIELDS = new Set(['addressRegion', 'fromRegion', 'toRegion', 'residenceRegion']);

/** The columns of a feed with their labels, for the help table and the record view. */
export function feedColumns(kind: FeedKind) {
  return FEED_COLUMNS[kind] as readonly { key: string; zh: string; en: string; required: boolean; format: { zh: string; en: string } }[];
}

/** The label of a record field: the Chinese header of its column (the English name in English). */
export function fieldLabel(kind: FeedKind, key: string, lang: Lang): string {
  const c = feedColumns(kind).find((x) => x.key === key);
  return c ? (lang === 'zh' ? c.zh : c.en) : key;
}

/** A record value as text (regions are rendered by name elsewhere). */
export function fieldText(key: string, value: unknown, lang: Lang): string {
  if (value === null || value === undefined || value === '') return '—';
  const s = typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : JSON.stringify(value);
  if (SEX_FIELDS.has(key)) return label(SEX, s, lang);
  if (key === 'change') return pick(CHANGE[s], lang, s);
  if (key === 'registration') return pick(REGISTRATION[s], lang, s);
  return s;
}

export interface CandidateLike {
  readonly name: string;
  readonly sex: string;
  readonly birthDate: string;
  readonly idNumberMasked: string | null;
  readonly residenceRegion: string;
  readonly hukouRegion: string;
}

export type Agreement = 'agree' | 'differ' | undefined;
export type CompareField = 'name' | 'sex' | 'birthDate' | 'idNumberMasked' | 'residenceRegion' | 'hukouRegion';

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
/** Two region codes agree when one contains the other (a township and a village in it). */
const sameRegion = (a: string, b: string) => a.startsWith(b) || b.startsWith(a);

/**
 * Which fields of the incoming record a candidate's field is compared with. The subject depends on the
 * feed: the mother of a birth certificate, the husband or wife of a marriage (by the candidate's sex),
 * the person of a police or death record.
 */
function subjectOf(kind: FeedKind, record: Record<string, unknown>, candidate: CandidateLike) {
  switch (kind) {
    case 'birth_certificate':
      return { name: str(record.motherName), sex: 'female', birthDate: null, id: str(record.motherIdNumber), residence: [str(record.addressRegion)], hukou: [] };
    case 'civil_marriage': {
      const husband = candidate.sex === 'male';
      return { name: str(husband ? record.husbandName : record.wifeName), sex: null, birthDate: null, id: str(husband ? record.husbandIdNumber : record.wifeIdNumber), residence: [], hukou: [] };
    }
    case 'police_hukou':
      // Before or after the change, the person's hukou is at one of the two ends.
      return { name: str(record.name), sex: str(record.sex), birthDate: str(record.birthDate), id: str(record.idNumber), residence: [], hukou: [str(record.toRegion), str(record.fromRegion)] };
    case 'death_registration':
      return { name: str(record.name), sex: str(record.sex), birthDate: str(record.birthDate), id: str(record.idNumber), residence: [str(record.residenceRegion)], hukou: [] };
    default:
      return { name: null, sex: null, birthDate: null, id: null, residence: [], hukou: [] };
  }
}

/** Whether a candidate's field agrees with the record, differs from it, or cannot be compared. */
export function compareField(kind: FeedKind, record: Record<string, unknown>, candidate: CandidateLike, field: CompareField): Agreement {
  const s = subjectOf(kind, record, candidate);
  const eq = (a: string | null, b: string | null): Agreement => (a === null || b === null ? undefined : a === b ? 'agree' : 'differ');
  switch (field) {
    case 'name':
      return eq(s.name, candidate.name);
    case 'sex':
      return eq(s.sex, candidate.sex);
    case 'birthDate':
      return eq(s.birthDate, candidate.birthDate);
    case 'idNumberMasked':
      return eq(s.id, candidate.idNumberMasked);
    case 'residenceRegion':
    case 'hukouRegion': {
      const regions = (field === 'residenceRegion' ? s.residence : s.hukou).filter((r): r is string => r !== null);
      if (regions.length === 0) return undefined;
      return regions.some((r) => sameRegion(r, candidate[field])) ? 'agree' : 'differ';
    }
    default:
      return undefined;
  }
}
