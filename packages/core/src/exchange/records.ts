/**
 * Partner feeds (数据交换): the four kinds of records other departments send, after decoding and row
 * validation. ID numbers here are validated 18-character IDs (upper-case X); dates YYYY-MM-DD; regions are
 * statistical region codes. The server seals every ID before anything is stored (packages/server exchange).
 */
import type { Sex } from '../registry/registry.schemas';

export const FEED_KINDS = ['birth_certificate', 'police_hukou', 'civil_marriage', 'death_registration'] as const;
export type FeedKind = (typeof FEED_KINDS)[number];

export const FEED_NAMES: Readonly<Record<FeedKind, { zh: string; en: string }>> = {
  birth_certificate: { zh: '出生医学证明（医院）', en: 'Birth medical certificates (hospitals)' },
  police_hukou: { zh: '户籍变动（公安）', en: 'Hukou changes (police)' },
  civil_marriage: { zh: '婚姻登记（民政）', en: 'Marriage and divorce registrations (civil affairs)' },
  death_registration: { zh: '死亡登记', en: 'Death registrations' },
};

/** 出生医学证明: one certificate per child. Key: certificateNumber. */
export interface BirthCertificateRecord {
  readonly certificateNumber: string;
  readonly childName: string;
  readonly childSex: Sex;
  readonly birthDate: string;
  /** HH:MM, 24-hour; null when not given. */
  readonly birthTime: string | null;
  readonly weightGrams: number | null;
  readonly gestationWeeks: number | null;
  readonly hospital: string;
  readonly motherName: string;
  readonly motherIdNumber: string | null;
  readonly fatherName: string | null;
  readonly fatherIdNumber: string | null;
  /** The family's address as a village (12 digits) or township (9 digits) code. */
  readonly addressRegion: string;
}

/** A police hukou change. Key: recordNumber. */
export interface PoliceHukouRecord {
  readonly recordNumber: string;
  readonly change: 'move_in' | 'move_out' | 'hukou_change';
  readonly idNumber: string;
  readonly name: string;
  readonly sex: Sex;
  readonly birthDate: string;
  readonly occurredOn: string;
  /** move_in: where from (any region code, or null when abroad/unknown); hukou_change: the old hukou. */
  readonly fromRegion: string | null;
  /** move_in: the village moved into; move_out: where to (may be null); hukou_change: the new hukou region. */
  readonly toRegion: string | null;
}

/** A civil-affairs marriage or divorce registration. Key: certificateNumber. */
export interface CivilMarriageRecord {
  readonly certificateNumber: string;
  readonly registration: 'marriage' | 'divorce';
  readonly occurredOn: string;
  readonly husbandName: string;
  readonly husbandIdNumber: string;
  readonly wifeName: string;
  readonly wifeIdNumber: string;
  readonly office: string | null;
}

/** A death registration (hospital, police or civil affairs). Key: registrationNumber. */
export interface DeathRegistrationRecord {
  readonly registrationNumber: string;
  readonly name: string;
  readonly idNumber: string | null;
  readonly sex: Sex;
  readonly birthDate: string;
  readonly deathDate: string;
  readonly place: string | null;
  /** ICD-10 code of the underlying cause, e.g. I21.9. */
  readonly cause: string;
  readonly residenceRegion: string | null;
}

export interface FeedRecords {
  birth_certificate: BirthCertificateRecord;
  police_hukou: PoliceHukouRecord;
  civil_marriage: CivilMarriageRecord;
  death_registration: DeathRegistrationRecord;
}

/** What is wrong with one field of one row: shown to the clerk and written to the rejected-rows file. */
export interface RowProblem {
  /** 1-based data row number as the user sees it in the file (the header is row 1, so data starts at 2). */
  readonly row: number;
  /** The column as named in the file's header (or the canonical name when the column is missing). */
  readonly field: string;
  readonly value: string | null;
  readonly reason: { readonly zh: string; readonly en: string };
}

export type ValidatedRow<K extends FeedKind> =
  | { readonly row: number; readonly ok: true; readonly key: string; readonly record: FeedRecords[K] }
  | { readonly row: number; readonly ok: false; readonly key: string | null; readonly problems: readonly RowProblem[] };

/** A whole-file problem (unreadable, wrong headers, too big): nothing is imported. */
export interface FileProblem {
  readonly code: string;
  readonly message: { readonly zh: string; readonly en: string };
  readonly details: readonly { readonly path: string; readonly value: unknown; readonly reason: { readonly zh: string; readonly en: string } }[];
}
