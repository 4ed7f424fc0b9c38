import type { ColumnType, Generated } from 'kysely';

/** Kysely's view of the tables in ../migrations; keep in step with them (schema.test.ts compares). */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type DateText = ColumnType<string, string, string>;

export interface AppUserTable {
  id: Generated<number>;
  username: string;
  display_name: string;
  holder: string;
  role: string;
  region_code: string;
  password_hash: string;
  password_changed_at: Timestamp;
  must_change_password: Generated<boolean>;
  failed_logins: Generated<number>;
  locked_until: Date | null;
  disabled_at: Date | null;
  totp_secret: Buffer | null;
  totp_enabled: Generated<boolean>;
  created_at: Timestamp;
}

export interface SessionTable {
  token_hash: Buffer;
  user_id: number;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  expires_at: Date;
  ip: string | null;
  ended_at: Date | null;
}

export interface AuditLogTable {
  id: Generated<number>;
  chain: number;
  chain_seq: number;
  at: Date;
  user_id: number | null;
  username: string | null;
  role: string | null;
  region_code: string | null;
  action: string;
  object_type: string | null;
  object_id: string | null;
  outcome: 'success' | 'denied' | 'failure';
  ip: string | null;
  request_id: string | null;
  reason: string | null;
  details: unknown;
  prev_hash: Buffer;
  hash: Buffer;
}

export interface AuditChainHeadTable {
  chain: number;
  seq: number;
  prev: Buffer;
  hash: Buffer;
}

export interface SystemSettingTable {
  key: string;
  value: unknown;
  updated_at: Timestamp;
}

export interface RegionTable {
  code: string;
  name: string;
  pinyin: string;
  pinyin_initials: string;
  level: number;
  parent_code: string | null;
  valid_from: DateText;
  valid_to: string | null;
}

export interface RegionChangeTable {
  id: Generated<number>;
  kind: 'merge' | 'split' | 'rename' | 'recode';
  effective_date: DateText;
  from_codes: string[];
  to_codes: string[];
  note: string | null;
  recorded_at: Timestamp;
}

export interface HouseholdTable {
  id: Generated<number>;
  household_number: string;
  region_code: string;
  address: Generated<string>;
  kind: Generated<'family' | 'collective'>;
  head_person_id: number | null;
  created_at: Timestamp;
}

export interface PersonTable {
  id: Generated<number>;
  id_number_cipher: Buffer | null;
  id_number_index: Buffer | null;
  id_number_masked: string | null;
  name: string;
  pinyin: string;
  sex: 'male' | 'female';
  birth_date: DateText;
  ethnicity: string;
  hukou_region: string;
  residence_region: string;
  residence_type: 'rural' | 'urban';
  marital_status: Generated<'unmarried' | 'married' | 'divorced' | 'widowed'>;
  status: Generated<'alive' | 'dead' | 'emigrated'>;
  death_date: string | null;
  household_id: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface HouseholdMemberTable {
  person_id: number;
  household_id: number;
  relation: string;
  joined_on: DateText;
}

export interface ParentLinkTable {
  child_id: number;
  parent_id: number;
  kind: 'mother' | 'father';
}

export interface MarriageTable {
  id: Generated<number>;
  husband_id: number;
  wife_id: number;
  married_on: DateText;
  ended_on: string | null;
  end_reason: 'divorce' | 'death' | null;
}

export interface VitalEventTable {
  id: Generated<number>;
  kind: string;
  person_id: number;
  participants: number[];
  occurred_on: DateText;
  region_code: string;
  payload: unknown;
  corrects_event_id: number | null;
  source: Generated<string>;
  recorded_by: number | null;
  recorded_at: Timestamp;
}

export interface ExchangePartnerTable {
  id: Generated<number>;
  name: string;
  kind: string;
  region_code: string;
  key_hash: Buffer;
  key_prefix: string;
  created_by: number | null;
  created_at: Timestamp;
  disabled_at: Date | null;
}

export interface ImportBatchTable {
  id: Generated<number>;
  kind: string;
  transport: 'upload' | 'cli' | 'api';
  region_code: string;
  file_name: string | null;
  file_sha256: Buffer | null;
  encoding: string | null;
  idempotency_key: string | null;
  partner_id: number | null;
  created_by: number | null;
  status: 'staged' | 'applied';
  received: number;
  valid: number;
  rejected: number;
  applied: Generated<number>;
  already_applied: Generated<number>;
  worklist: Generated<number>;
  created_at: Timestamp;
  applied_at: Date | null;
}

export interface ImportRecordTable {
  batch_id: number;
  row_number: number;
  record_key: string | null;
  status: 'rejected' | 'valid' | 'applied' | 'already_applied' | 'worklist' | 'decided';
  problems: unknown;
  data: unknown;
  ids: unknown;
  outcome: string | null;
  person_id: number | null;
  event_id: number | null;
  link: unknown;
  region_code: string | null;
  occurred_on: string | null;
}

export interface ExchangeRecordTable {
  kind: string;
  record_key: string;
  content_hash: Buffer;
  batch_id: number;
  row_number: number;
  outcome: 'new' | 'confirmed' | 'rejected_by_clerk';
  person_id: number | null;
  event_id: number | null;
  region_code: string | null;
  occurred_on: string | null;
  applied_at: Timestamp;
}

export interface WorklistDecisionTable {
  batch_id: number;
  row_number: number;
  decision: 'accept_match' | 'create_new' | 'reject';
  person_id: number | null;
  comment: string;
  decided_by: number;
  decided_at: Timestamp;
}

export interface Database {
  app_user: AppUserTable;
  session: SessionTable;
  audit_log: AuditLogTable;
  audit_chain_head: AuditChainHeadTable;
  system_setting: SystemSettingTable;
  region: RegionTable;
  region_change: RegionChangeTable;
  household: HouseholdTable;
  person: PersonTable;
  household_member: HouseholdMemberTable;
  parent_link: ParentLinkTable;
  marriage: MarriageTable;
  vital_event: VitalEventTable;
  exchange_partner: ExchangePartnerTable;
  import_batch: ImportBatchTable;
  import_record: ImportRecordTable;
  exchange_record: ExchangeRecordTable;
  worklist_decision: WorklistDecisionTable;
}
