import { z } from 'zod';
import { Id, IsoDate, RegionCode, VillageCode } from '../common/common';
import { Ethnicity, HouseholdRelation, IdNumberInput, PersonInput, PersonName, ResidenceType, Sex } from './registry.schemas';

const base = { occurredOn: IsoDate.describe('date of the event') };

export const BirthEvent = z.object({
  kind: z.literal('birth'),
  ...base,
  motherId: Id,
  fatherId: Id.optional(),
  child: z.object({
    idNumber: IdNumberInput.optional(),
    name: PersonName,
    sex: Sex,
    ethnicity: Ethnicity.optional().describe("defaults to the mother's"),
    hukouRegion: RegionCode.optional().describe("defaults to the mother's"),
    residenceRegion: VillageCode.optional().describe("defaults to the mother's"),
    residenceType: ResidenceType.optional(),
  }),
  joinMotherHousehold: z.boolean().default(true),
}).describe('出生');

export const DeathEvent = z.object({ kind: z.literal('death'), ...base, personId: Id, place: z.string().max(100).optional(), cause: z.string().max(20).optional().describe('ICD-10 code') }).describe('死亡');

export const MarriageEvent = z.object({ kind: z.literal('marriage'), ...base, husbandId: Id, wifeId: Id }).describe('结婚');
export const DivorceEvent = z.object({ kind: z.literal('divorce'), ...base, husbandId: Id, wifeId: Id }).describe('离婚');

export const MoveInEvent = z
  .object({
    kind: z.literal('move_in'),
    ...base,
    personId: Id.optional().describe('a person already in the registry'),
    person: PersonInput.optional().describe('a person new to the registry'),
    fromRegion: z.string().max(12).optional().describe('where the person comes from'),
    toRegion: VillageCode,
    householdId: Id.optional(),
    relation: HouseholdRelation.optional(),
  })
  .describe('迁入');

export const MoveOutEvent = z.object({ kind: z.literal('move_out'), ...base, personId: Id, toRegion: RegionCode.optional(), destination: z.string().max(100).optional() }).describe('迁出');

export const ResidenceChangeEvent = z
  .object({ kind: z.literal('residence_change'), ...base, personId: Id, toRegion: VillageCode, residenceType: ResidenceType.optional() })
  .describe('居住地变更');

export const HukouChangeEvent = z.object({ kind: z.literal('hukou_change'), ...base, personId: Id, toRegion: RegionCode }).describe('户籍变更');

export const CorrectionEvent = z
  .object({
    kind: z.literal('correction'),
    ...base,
    correctsEventId: Id,
    reason: z.string().trim().min(2).max(200),
    changes: z
      .object({ name: PersonName, sex: Sex, birthDate: IsoDate, ethnicity: Ethnicity, idNumber: IdNumberInput, occurredOn: IsoDate })
      .partial()
      .refine((c) => Object.keys(c).length > 0, 'at least one change'),
  })
  .describe('更正');

export const RecordEventBody = z.discriminatedUnion('kind', [
  BirthEvent,
  DeathEvent,
  MarriageEvent,
  DivorceEvent,
  MoveInEvent,
  MoveOutEvent,
  ResidenceChangeEvent,
  HukouChangeEvent,
  CorrectionEvent,
]);
export type RecordEventBody = z.infer<typeof RecordEventBody>;
export type BirthEvent = z.infer<typeof BirthEvent>;
export type DeathEvent = z.infer<typeof DeathEvent>;
export type MarriageEvent = z.infer<typeof MarriageEvent>;
export type DivorceEvent = z.infer<typeof DivorceEvent>;
export type MoveInEvent = z.infer<typeof MoveInEvent>;
export type MoveOutEvent = z.infer<typeof MoveOutEvent>;
export type ResidenceChangeEvent = z.infer<typeof ResidenceChangeEvent>;
export type HukouChangeEvent = z.infer<typeof HukouChangeEvent>;
export type CorrectionEvent = z.infer<typeof CorrectionEvent>;

export const RecordEventResult = z.object({ eventId: z.number(), personId: z.number() });
