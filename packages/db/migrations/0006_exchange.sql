-- Data exchange with partner departments (issue 5): partners with API keys, import batches, their staged
-- records, the ledger of applied records that makes every feed idempotent, and clerks' worklist decisions.

-- A partner system (hospital, police, civil affairs) allowed to send one kind of feed for one region subtree.
CREATE TABLE exchange_partner (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  kind text NOT NULL CHECK (kind IN ('birth_certificate', 'police_hukou', 'civil_marriage', 'death_registration')),
  region_code text NOT NULL REFERENCES region(code),
  -- Only a hash of the key is kept; the key is shown once when created.
  key_hash bytea NOT NULL UNIQUE,
  key_prefix text NOT NULL,
  created_by bigint REFERENCES app_user(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  disabled_at timestamptz
);

CREATE TABLE import_batch (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('birth_certificate', 'police_hukou', 'civil_marriage', 'death_registration')),
  transport text NOT NULL CHECK (transport IN ('upload', 'cli', 'api')),
  region_code text NOT NULL REFERENCES region(code),
  file_name text,
  file_sha256 bytea,
  encoding text,
  idempotency_key text,
  partner_id bigint REFERENCES exchange_partner(id),
  created_by bigint REFERENCES app_user(id),
  -- staged: rows validated and stored, nothing applied; applied: the apply transaction committed.
  status text NOT NULL CHECK (status IN ('staged', 'applied')),
  received integer NOT NULL,
  valid integer NOT NULL,
  rejected integer NOT NULL,
  applied integer NOT NULL DEFAULT 0,
  already_applied integer NOT NULL DEFAULT 0,
  worklist integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  applied_at timestamptz,
  UNIQUE (partner_id, idempotency_key)
);
CREATE INDEX import_batch_region_idx ON import_batch (region_code text_pattern_ops, id);
CREATE INDEX import_batch_file_idx ON import_batch (kind, file_sha256);

-- One row of a batch. ID numbers never appear in clear: `ids` holds each ID field's blind index (hex, to
-- find the person) and ciphertext (to show a clerk who may unmask); `data` holds the masked form.
CREATE TABLE import_record (
  batch_id bigint NOT NULL REFERENCES import_batch(id),
  row_number integer NOT NULL,
  record_key text,
  status text NOT NULL CHECK (status IN ('rejected', 'valid', 'applied', 'already_applied', 'worklist', 'decided')),
  problems jsonb,
  data jsonb NOT NULL,
  ids jsonb NOT NULL DEFAULT '{}',
  -- applied: new (the registry lacked it) | confirmed (the registry already had it); worklist: why
  outcome text,
  person_id bigint REFERENCES person(id),
  event_id bigint REFERENCES vital_event(id),
  link jsonb,
  region_code text,
  occurred_on date,
  PRIMARY KEY (batch_id, row_number)
);
CREATE INDEX import_record_worklist_idx ON import_record (status, region_code text_pattern_ops) WHERE status = 'worklist';
CREATE INDEX import_record_person_idx ON import_record (person_id) WHERE person_id IS NOT NULL;

-- Every feed record applied, once: a record sent again (same file or another) is "already applied".
CREATE TABLE exchange_record (
  kind text NOT NULL,
  record_key text NOT NULL,
  content_hash bytea NOT NULL,
  batch_id bigint NOT NULL REFERENCES import_batch(id),
  row_number integer NOT NULL,
  outcome text NOT NULL CHECK (outcome IN ('new', 'confirmed', 'rejected_by_clerk')),
  person_id bigint REFERENCES person(id),
  event_id bigint REFERENCES vital_event(id),
  region_code text,
  occurred_on date,
  applied_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (kind, record_key)
);
CREATE INDEX exchange_record_region_idx ON exchange_record (kind, region_code text_pattern_ops, occurred_on);
CREATE INDEX exchange_record_person_idx ON exchange_record (person_id) WHERE person_id IS NOT NULL;

-- A clerk's decision on a worklist row.
CREATE TABLE worklist_decision (
  batch_id bigint NOT NULL,
  row_number integer NOT NULL,
  decision text NOT NULL CHECK (decision IN ('accept_match', 'create_new', 'reject')),
  person_id bigint REFERENCES person(id),
  comment text NOT NULL CHECK (length(comment) BETWEEN 1 AND 500),
  decided_by bigint NOT NULL REFERENCES app_user(id),
  decided_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (batch_id, row_number),
  FOREIGN KEY (batch_id, row_number) REFERENCES import_record (batch_id, row_number)
);

CREATE INDEX person_birth_date_idx ON person (birth_date);

GRANT SELECT ON exchange_partner TO renkou_app;
GRANT INSERT, UPDATE ON exchange_partner TO renkou_app;
GRANT SELECT, INSERT, UPDATE ON import_batch, import_record TO renkou_app;
GRANT SELECT, INSERT ON exchange_record, worklist_decision TO renkou_app;
