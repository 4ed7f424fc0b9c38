import { z } from 'zod';
import { Id, IsoDate, RegionCode, VillageCode } from '../common/common';

export const Sex = z.enum(['male', 'female']).describe('性别');
export type Sex = z.infer<typeof Sex>;
export const ResidenceType = z.enum(['rural', 'urban']).describe('城乡属性 (农业/非农业户口)');
export const MaritalStatus = z.enum(['unmarried', 'married', 'divorced', 'widowed']).describe('婚姻状况');
export const PersonStatus = z.enum(['alive', 'dead', 'emigrated']).describe('人员状态');
export const Ethnicity = z.string().regex(/^(0[1-9]|[1-4][0-9]|5[0-8]|97|98)$/, 'GB/T 3304 code 01–56, 57, 58, 97 or 98').describe('民族 (GB/T 3304 code, 01 = 汉族)');
export const PersonName = z.string().trim().min(1).max(50).describe('姓名');
export const IdNumberInput = z.string().trim().min(1).max(20).describe('公民身份号码 (18 characters; 15-character IDs are upgraded)');
export const HouseholdRelation = z
  .enum(['head', 'spouse', 'child', 'parent', 'grandchild', 'grandparent', 'sibling', 'child_in_law', 'other'])
  .describe('与户主关系');

/** The fields a clerk enters for a new person (registration, move-in, newborn). */
export const PersonInput = z.object({
  idNumber: IdNumberInput.optional(),
  name: PersonName,
  sex: Sex,
  birthDate: IsoDate,
  ethnicity: Ethnicity.default('01'),
  hukouRegion: RegionCode,
  residenceRegion: VillageCode,
  residenceType: ResidenceType,
  maritalStatus: MaritalStatus.default('unmarried'),
});
export type PersonInput = z.infer<typeof PersonInput>;

export const CreatePersonBody = PersonInput.extend({
  motherId: Id.optional(),
  fatherId: Id.optional(),
  householdId: Id.optional(),
  relation: HouseholdRelation.optional(),
}).describe('登记人员 — register a person already living here');
export type CreatePersonBody = z.infer<typeof CreatePersonBody>;

export const PersonSummary = z.object({
  id: z.number(),
  idNumberMasked: z.string().nullable().describe('masked: first 6, eight *, last 4'),
  name: z.string(),
  pinyin: z.string(),
  sex: Sex,
  birthDate: z.string(),
  status: PersonStatus,
  hukouRegion: z.string(),
  residenceRegion: z.string(),
});
export type PersonSummary = z.infer<typeof PersonSummary>;

export const RelativeRef = z.object({ id: z.number(), name: z.string(), sex: Sex, birthDate: z.string(), status: PersonStatus });

export const VitalEventKind = z.enum(['birth', 'death', 'marriage', 'divorce', 'move_in', 'move_out', 'residence_change', 'hukou_change', 'correction']);
export type VitalEventKind = z.infer<typeof VitalEventKind>;

export const VitalEventView = z.object({
  id: z.number(),
  kind: VitalEventKind,
  personId: z.number(),
  participants: z.array(z.number()),
  occurredOn: z.string(),
  regionCode: z.string(),
  payload: z.record(z.string(), z.unknown()),
  correctsEventId: z.number().nullable(),
  correctedBy: z.array(z.number()),
  source: z.string(),
  recordedAt: z.string(),
});
export type VitalEventView = z.infer<typeof VitalEventView>;

export const PersonDetail = PersonSummary.extend({
  ethnicity: z.string(),
  residenceType: ResidenceType,
  maritalStatus: MaritalStatus,
  deathDate: z.string().nullable(),
  hukouResidenceMismatch: z.boolean().describe('人户分离'),
  household: z.object({ id: z.number(), householdNumber: z.string(), relation: z.string() }).nullable(),
  mother: RelativeRef.nullable(),
  father: RelativeRef.nullable(),
  children: z.array(RelativeRef),
  spouse: RelativeRef.nullable(),
  timeline: z.array(VitalEventView),
});
export type PersonDetail = z.infer<typeof PersonDetail>;

export const PersonSearchQuery = z
  .object({
    idNumber: IdNumberInput.optional().describe('exact match through the blind index'),
    q: z.string().trim().min(1).max(50).optional().describe('name or pinyin prefix'),
    region: RegionCode.optional().describe('narrow to a subtree inside your own'),
    includeInactive: z.stringbool().default(false).describe('include the dead and the emigrated'),
    page: z.coerce.number().int().min(1).max(10_000).default(1),
    pageSize: z.coerce.number().int().min(1).max(100).default(20),
  })
  .refine((v) => v.idNumber !== undefined || v.q !== undefined, { message: 'idNumber or q is required', path: ['q'] });
export type PersonSearchQuery = z.infer<typeof PersonSearchQuery>;

export const RevealBody = z.object({ reason: z.string().trim().min(4, 'a reason of at least 4 characters').max(200) });
export const RevealResult = z.object({ idNumber: z.string() });

export const CreateHouseholdBody = z.object({
  regionCode: VillageCode,
  address: z.string().trim().max(200).default(''),
  kind: z.enum(['family', 'collective']).default('family'),
  headPersonId: Id.optional(),
});
export type CreateHouseholdBody = z.infer<typeof CreateHouseholdBody>;

export const AddMemberBody = z.object({ personId: Id, relation: HouseholdRelation, joinedOn: IsoDate.optional() });

export const HouseholdDetail = z.object({
  id: z.number(),
  householdNumber: z.string(),
  regionCode: z.string(),
  address: z.string(),
  kind: z.enum(['family', 'collective']),
  members: z.array(PersonSummary.extend({ relation: z.string(), joinedOn: z.string() })),
});
export type HouseholdDetail = z.infer<typeof HouseholdDetail>;
