-- The application logs in as renkou_app (set-up gives it LOGIN and a password derived from the owner's),
-- so every query it makes runs with the narrower privileges granted below: no DDL, no UPDATE/DELETE on
-- append-only tables, and no way back to the owner's role.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'renkou_app') THEN
    CREATE ROLE renkou_app NOLOGIN;
  END IF;
END
$$;
GRANT renkou_app TO CURRENT_USER;
GRANT USAGE ON SCHEMA public TO renkou_app;

-- Append-only tables refuse changes even from their owner; only a superuser disabling the trigger
-- could rewrite them, and the audit hash chain exposes that.
CREATE FUNCTION refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'table % is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TABLE app_user (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  username text NOT NULL UNIQUE CHECK (username ~ '^[a-z0-9_.-]{3,40}$'),
  display_name text NOT NULL,
  -- The natural person holding the account (employee number); one person may not hold two of the
  -- three separated administrator roles (三员分立), enforced by the partial unique index below.
  holder text NOT NULL,
  role text NOT NULL CHECK (role IN ('village_clerk','township_officer','county_officer','city_analyst',
    'province_admin','auditor','system_admin','security_admin','audit_admin')),
  region_code text NOT NULL,
  password_hash text NOT NULL,
  password_changed_at timestamptz NOT NULL DEFAULT now(),
  must_change_password boolean NOT NULL DEFAULT false,
  failed_logins integer NOT NULL DEFAULT 0,
  locked_until timestamptz,
  disabled_at timestamptz,
  totp_secret bytea,
  totp_enabled boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX app_user_one_admin_role_per_holder ON app_user (holder)
  WHERE role IN ('system_admin','security_admin','audit_admin') AND disabled_at IS NULL;

CREATE TABLE session (
  token_hash bytea PRIMARY KEY,
  user_id bigint NOT NULL REFERENCES app_user(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  ip text,
  ended_at timestamptz
);
CREATE INDEX session_user_idx ON session (user_id) WHERE ended_at IS NULL;

CREATE TABLE audit_log (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- Several chains let concurrent transactions append without queueing on one lock; each chain is
  -- verified on its own, and chain_seq exposes a removed row.
  chain smallint NOT NULL,
  chain_seq bigint NOT NULL,
  at timestamptz NOT NULL,
  user_id bigint,
  username text,
  role text,
  region_code text,
  action text NOT NULL,
  object_type text,
  object_id text,
  outcome text NOT NULL CHECK (outcome IN ('success','denied','failure')),
  ip text,
  request_id text,
  reason text,
  details jsonb,
  prev_hash bytea NOT NULL,
  hash bytea NOT NULL,
  UNIQUE (chain, chain_seq)
);
CREATE INDEX audit_log_at_idx ON audit_log (at);
CREATE INDEX audit_log_user_idx ON audit_log (user_id, at);
CREATE INDEX audit_log_action_idx ON audit_log (action, at);
CREATE INDEX audit_log_object_idx ON audit_log (object_type, object_id);
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();

CREATE TABLE system_setting (
  key text PRIMARY KEY,
  value jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

GRANT SELECT, INSERT, UPDATE ON app_user TO renkou_app;
GRANT SELECT, INSERT, UPDATE ON session TO renkou_app;
GRANT SELECT, INSERT ON audit_log TO renkou_app;
GRANT SELECT, INSERT, UPDATE ON system_setting TO renkou_app;
