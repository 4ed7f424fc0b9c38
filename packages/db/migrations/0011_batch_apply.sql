-- Feed imports at the scale of a city (bench/exchange.ts), measured per statement:
--
-- 1. Joining a household clears the person's headship elsewhere (UPDATE household … WHERE head_person_id =
--    $1), which scanned every household: 6 ms at demo scale 0.05, growing with the city.
CREATE INDEX household_head_person_idx ON household (head_person_id) WHERE head_person_id IS NOT NULL;

-- 2. Every statement writing a person upserted the stock cells of five levels and two bases (2–7 ms per
--    person insert or update in an import). In batch mode (`renkou.stats_events = deferred`, set by the
--    importer for its transaction) the person trigger only notes each changed person's first image; the
--    importer calls stat_person_flush() before committing, which moves the stock by −(first images) +
--    (rows now) in two statements. The result equals the per-statement maintenance (stats tests).
CREATE FUNCTION stat_batch_mode() RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT coalesce(current_setting('renkou.stats_events', true), '') = 'deferred'
$$;

CREATE OR REPLACE FUNCTION stat_on_person() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
  corrected bigint[];
  changed constant text := '(o.residence_region, o.hukou_region, o.sex, o.birth_date, o.status) IS DISTINCT FROM (n.residence_region, n.hukou_region, n.sex, n.birth_date, n.status)';
BEGIN
  IF stat_deferred() THEN RETURN NULL; END IF;
  IF stat_batch_mode() THEN
    IF to_regclass('pg_temp.stat_person_before') IS NULL THEN
      CREATE TEMP TABLE stat_person_before (
        id bigint PRIMARY KEY, existed boolean NOT NULL,
        residence_region text, hukou_region text, sex text, birth_date date, status text
      ) ON COMMIT DROP;
    END IF;
    -- Dynamic SQL: the temporary table is new in every transaction, and transition tables are visible
    -- to this function's own statements only.
    EXECUTE 'INSERT INTO pg_temp.stat_person_before ' || CASE TG_OP
      WHEN 'INSERT' THEN 'SELECT id, false, NULL, NULL, NULL, NULL::date, NULL FROM person_new'
      WHEN 'DELETE' THEN 'SELECT id, true, residence_region, hukou_region, sex, birth_date, status FROM person_old'
      ELSE 'SELECT o.id, true, o.residence_region, o.hukou_region, o.sex, o.birth_date, o.status FROM person_old o JOIN person_new n USING (id) WHERE ' || changed
    END || ' ON CONFLICT (id) DO NOTHING';
  ELSIF TG_OP = 'INSERT' THEN
    EXECUTE stat_stock_sql('SELECT * FROM person_new', 1);
  ELSIF TG_OP = 'DELETE' THEN
    EXECUTE stat_stock_sql('SELECT * FROM person_old', -1);
  ELSE
    -- Only rows whose cells change; a marital-status update costs nothing here.
    EXECUTE stat_stock_sql('SELECT o.* FROM person_old o JOIN person_new n USING (id) WHERE ' || changed, -1);
    EXECUTE stat_stock_sql('SELECT n.* FROM person_old o JOIN person_new n USING (id) WHERE ' || changed, 1);
  END IF;
  IF TG_OP = 'UPDATE' THEN
    -- A corrected sex or birth date moves every event of the person (and a mother's age at her births).
    corrected := ARRAY(SELECT o.id FROM person_old o JOIN person_new n USING (id) WHERE (o.sex, o.birth_date) IS DISTINCT FROM (n.sex, n.birth_date));
    IF cardinality(corrected) > 0 THEN
      PERFORM stat_refresh(ARRAY(SELECT e.id FROM vital_event e WHERE e.kind <> 'correction' AND e.participants && corrected));
    END IF;
  END IF;
  RETURN NULL;
END $$;

-- Moves the stock for the persons noted in batch mode; a no-op when none were.
CREATE FUNCTION stat_person_flush() RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
  IF to_regclass('pg_temp.stat_person_before') IS NULL THEN RETURN; END IF;
  EXECUTE stat_stock_sql('SELECT * FROM pg_temp.stat_person_before WHERE existed', -1);
  EXECUTE stat_stock_sql('SELECT p.* FROM person p JOIN pg_temp.stat_person_before b USING (id)', 1);
  DROP TABLE pg_temp.stat_person_before;
END $$;

-- 3. The set-based apply (server/modules/exchange/bulk-births.ts) reserves person and event ids up front so
--    every row it writes can name them.
DO $$
BEGIN
  EXECUTE format('GRANT USAGE ON SEQUENCE %s, %s TO renkou_app', pg_get_serial_sequence('person', 'id'), pg_get_serial_sequence('vital_event', 'id'));
END $$;
