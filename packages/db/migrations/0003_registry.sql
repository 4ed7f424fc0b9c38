-- 户 — a registered household. region_code is the household's village.
CREATE TABLE household (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  household_number text NOT NULL UNIQUE,
  region_code text NOT NULL REFERENCES region(code),
  address text NOT NULL DEFAULT '',
  kind text NOT NULL DEFAULT 'family' CHECK (kind IN ('family','collective')),
  head_person_id bigint,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX household_region_idx ON household (region_code text_pattern_ops);

-- The resident ID is personal data: stored only as AES-256-GCM ciphertext (key outside the database)
-- plus an HMAC-SHA-256 blind index for exact lookup. Newborns may not have an ID yet.
CREATE TABLE person (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id_number_cipher bytea,
  id_number_index bytea UNIQUE,
  id_number_masked text,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 50),
  pinyin text NOT NULL,
  sex text NOT NULL CHECK (sex IN ('male','female')),
  birth_date date NOT NULL,
  ethnicity text NOT NULL CHECK (ethnicity ~ '^[0-9]{2}$'),
  hukou_region text NOT NULL REFERENCES region(code),
  residence_region text NOT NULL REFERENCES region(code),
  residence_type text NOT NULL CHECK (residence_type IN ('rural','urban')),
  marital_status text NOT NULL DEFAULT 'unmarried' CHECK (marital_status IN ('unmarried','married','divorced','widowed')),
  status text NOT NULL DEFAULT 'alive' CHECK (status IN ('alive','dead','emigrated')),
  death_date date,
  household_id bigint REFERENCES household(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((id_number_cipher IS NULL) = (id_number_index IS NULL)),
  CHECK ((status = 'dead') = (death_date IS NOT NULL))
);
CREATE INDEX person_residence_idx ON person (residence_region text_pattern_ops);
CREATE INDEX person_hukou_idx ON person (hukou_region text_pattern_ops);
CREATE INDEX person_name_idx ON person (name text_pattern_ops);
CREATE INDEX person_pinyin_idx ON person (pinyin text_pattern_ops);
CREATE INDEX person_household_idx ON person (household_id);
ALTER TABLE household ADD CONSTRAINT household_head_fk FOREIGN KEY (head_person_id) REFERENCES person(id);

CREATE TABLE household_member (
  person_id bigint PRIMARY KEY REFERENCES person(id),
  household_id bigint NOT NULL REFERENCES household(id),
  relation text NOT NULL CHECK (relation IN ('head','spouse','child','parent','grandchild','grandparent','sibling','child_in_law','other')),
  joined_on date NOT NULL
);
CREATE INDEX household_member_household_idx ON household_member (household_id);
CREATE UNIQUE INDEX household_one_head ON household_member (household_id) WHERE relation = 'head';

CREATE TABLE parent_link (
  child_id bigint NOT NULL REFERENCES person(id),
  parent_id bigint NOT NULL REFERENCES person(id),
  kind text NOT NULL CHECK (kind IN ('mother','father')),
  PRIMARY KEY (child_id, kind),
  CHECK (child_id <> parent_id)
);
CREATE INDEX parent_link_parent_idx ON parent_link (parent_id);

CREATE TABLE marriage (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  husband_id bigint NOT NULL REFERENCES person(id),
  wife_id bigint NOT NULL REFERENCES person(id),
  married_on date NOT NULL,
  ended_on date,
  end_reason text CHECK (end_reason IN ('divorce','death')),
  CHECK ((ended_on IS NULL) = (end_reason IS NULL))
);
CREATE UNIQUE INDEX marriage_one_current_husband ON marriage (husband_id) WHERE ended_on IS NULL;
CREATE UNIQUE INDEX marriage_one_current_wife ON marriage (wife_id) WHERE ended_on IS NULL;

-- Vital events are append-only. participants lists every person the event concerns (child and parents,
-- both spouses) so a timeline is one indexed lookup; region_code is where it was registered.
CREATE TABLE vital_event (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('birth','death','marriage','divorce','move_in','move_out',
    'residence_change','hukou_change','correction')),
  person_id bigint NOT NULL REFERENCES person(id),
  participants bigint[] NOT NULL,
  occurred_on date NOT NULL,
  region_code text NOT NULL,
  payload jsonb NOT NULL,
  corrects_event_id bigint REFERENCES vital_event(id),
  source text NOT NULL DEFAULT 'registry',
  recorded_by bigint REFERENCES app_user(id),
  recorded_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((kind = 'correction') = (corrects_event_id IS NOT NULL))
);
CREATE INDEX vital_event_participants_idx ON vital_event USING gin (participants);
CREATE INDEX vital_event_region_idx ON vital_event (region_code, occurred_on);
CREATE INDEX vital_event_corrects_idx ON vital_event (corrects_event_id) WHERE corrects_event_id IS NOT NULL;
CREATE TRIGGER vital_event_append_only BEFORE UPDATE OR DELETE ON vital_event
  FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER vital_event_no_truncate BEFORE TRUNCATE ON vital_event
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();

CREATE SEQUENCE household_number_seq;

GRANT SELECT, INSERT, UPDATE ON household, person, household_member, marriage TO renkou_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON parent_link TO renkou_app;
GRANT DELETE ON household_member TO renkou_app;
GRANT SELECT, INSERT ON vital_event TO renkou_app;
GRANT USAGE ON SEQUENCE household_number_seq TO renkou_app;
