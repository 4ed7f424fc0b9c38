
-- Five levels keyed by code; a code's prefixes are its ancestors, so a subtree is `code LIKE 'prefix%'`
-- (the database uses the C collation, so a plain btree serves prefix LIKE, also on name and pinyin).
CREATE TABLE region (
  code text PRIMARY KEY CHECK (code ~ '^([0-9]{2}|[0-9]{4}|[0-9]{6}|[0-9]{9}|[0-9]{12})$'),
  name text NOT NULL,
  pinyin text NOT NULL,
  pinyin_initials text NOT NULL,
  level smallint NOT NULL CHECK (level BETWEEN 1 AND 5),
  parent_code text,
  valid_from date NOT NULL,
  valid_to date,
  CHECK ((level = 1) = (parent_code IS NULL)),
  CHECK (parent_code IS NULL OR left(code, length(parent_code)) = parent_code)
);
CREATE INDEX region_parent_idx ON region (parent_code, code);
CREATE INDEX region_code_pattern_idx ON region (code text_pattern_ops);
CREATE INDEX region_pinyin_idx ON region (pinyin text_pattern_ops);
CREATE INDEX region_initials_idx ON region (pinyin_initials text_pattern_ops);

CREATE TABLE region_change (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('merge','split','rename','recode')),
  effective_date date NOT NULL,
  from_codes text[] NOT NULL,
  to_codes text[] NOT NULL,
  note text,
  recorded_at timestamptz NOT NULL DEFAULT now()
);

GRANT SELECT ON region, region_change TO renkou_app;
