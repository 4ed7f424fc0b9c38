import { z } from 'zod';
import { Id, RegionCode } from '../common/common';
import { PeriodCode } from '../statistics/statistics.schemas';
import { FEED_KINDS } from './records';

export const FeedKindSchema = z.enum(FEED_KINDS).describe('birth_certificate 出生医学证明 | police_hukou 户籍变动 | civil_marriage 婚姻登记 | death_registration 死亡登记');
const Text = z.object({ zh: z.string(), en: z.string() });

export const BatchSummary = z.object({
  batchId: z.number(),
  kind: FeedKindSchema,
  status: z.enum(['staged', 'applied']),
  fileName: z.string().nullable(),
  encoding: z.string().nullable(),
  received: z.number(),
  valid: z.number(),
  applied: z.number(),
  alreadyApplied: z.number(),
  rejected: z.number(),
  worklist: z.number(),
  createdAt: z.string(),
  resumed: z.boolean().optional(),
});
export type BatchSummary = z.infer<typeof BatchSummary>;

export const UploadQuery = z.object({
  kind: FeedKindSchema,
  fileName: z.string().trim().min(1).max(200).describe('the uploaded file’s name (.csv or .xlsx)'),
});

export const BatchQuery = z.object({
  kind: FeedKindSchema.optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});

export const RejectedRow = z.object({ row: z.number(), field: z.string(), value: z.string().nullable(), reason: Text });
export const RejectedQuery = z.object({ format: z.enum(['json', 'xlsx']).default('json') });

export const Candidate = z.object({
  personId: z.number(),
  score: z.number(),
  name: z.string(),
  sex: z.enum(['male', 'female']),
  birthDate: z.string(),
  idNumberMasked: z.string().nullable(),
  residenceRegion: z.string(),
  hukouRegion: z.string(),
  status: z.string(),
});

export const WorklistItem = z.object({
  batchId: z.number(),
  row: z.number(),
  kind: FeedKindSchema,
  recordKey: z.string(),
  reason: z.string().describe('review | not_found | outside_scope | mother_not_found | husband_review | death_date_differs …'),
  record: z.record(z.string(), z.unknown()).describe('the incoming record, ID numbers masked'),
  candidates: z.array(Candidate),
  receivedAt: z.string(),
});
export const WorklistQuery = z.object({ kind: FeedKindSchema.optional(), page: z.coerce.number().int().min(1).default(1), pageSize: z.coerce.number().int().min(1).max(100).default(20) });

export const DecisionParams = z.object({ batchId: Id, row: z.coerce.number().int().min(1) });
export const DecisionBody = z.object({
  decision: z.enum(['accept_match', 'create_new', 'reject']).describe('accept a candidate, create a new person, or reject the record'),
  personId: Id.optional().describe('the candidate accepted (accept_match only)'),
  comment: z.string().trim().min(2).max(500),
});
export const DecisionResult = z.object({ status: z.enum(['applied', 'rejected']), personId: z.number().nullable(), eventId: z.number().nullable(), outcome: z.string() });

export const DiscrepancyQuery = z.object({ region: RegionCode.optional(), period: PeriodCode });
export const DiscrepancyItem = z.object({
  kind: z.enum(['birth_missing_in_registry', 'birth_without_certificate', 'death_registry_only', 'death_feed_only', 'hukou_not_in_residence']),
  personId: z.number().nullable(),
  name: z.string().nullable(),
  date: z.string().nullable(),
  regionCode: z.string().nullable(),
  detail: z.string(),
});
export const Discrepancies = z.object({
  region: z.object({ code: z.string(), name: z.string() }),
  period: z.string(),
  counts: z.record(z.string(), z.number()),
  items: z.array(DiscrepancyItem),
});

export const ErrorRateQuery = z.object({ region: RegionCode.optional(), period: PeriodCode });
export const ErrorRateRow = z.object({ regionCode: z.string(), regionName: z.string(), checked: z.number(), missing: z.number(), wrong: z.number(), unresolved: z.number(), rate: z.number().nullable().describe('(missing + wrong + unresolved) ÷ checked × 100') });
export const ErrorRate = z.object({ region: z.object({ code: z.string(), name: z.string() }), period: z.string(), total: ErrorRateRow, children: z.array(ErrorRateRow) });

export const CreatePartnerBody = z.object({ name: z.string().trim().min(1).max(100), kind: FeedKindSchema, regionCode: RegionCode });
export const PartnerView = z.object({ id: z.number(), name: z.string(), kind: FeedKindSchema, regionCode: z.string(), keyPrefix: z.string(), createdAt: z.string(), disabled: z.boolean() });
export const CreatedPartner = PartnerView.extend({ apiKey: z.string().describe('shown once; only its hash is kept') });

export const FeedBatchParams = z.object({ kind: FeedKindSchema });
export const FeedBatchBody = z.object({
  idempotencyKey: z.string().trim().min(8).max(100).describe('the same key again returns the first result and changes nothing'),
  records: z.array(z.record(z.string(), z.union([z.string(), z.number(), z.null()]))).min(1).max(10_000).describe('one object per record; keys are the column names of docs/domain/exchange.md'),
});


