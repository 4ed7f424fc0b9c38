-- Statistics maintained as events are written (ADR 0005). Three cubes, each keyed by region at every level
-- (1 province … 5 village, so a region's figures are one indexed range, never a scan of its villages):
--   stat_flow      events per month: births, deaths, marriages, divorces, moves in and out of the region;
--   stat_stock     persons present now, by sex, birth year and whether they live apart from their hukou;
--   stat_presence  monthly changes of presence, so the stock on any past date is stat_stock minus the
--                  changes after that date (balancing backwards from today's exact count).
-- stat_fact holds what each event contributes at village grain; statement triggers add its rows to the
-- cubes and subtract them again when an event is corrected. `renkou stats rebuild` recomputes all of it
-- from vital_event and person through the same functions.

-- Level of the lowest common ancestor of two region codes: 0 none, 1 same province … 5 same village.
CREATE FUNCTION stat_common_level(a text, b text) RETURNS smallint LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE
    WHEN a IS NULL OR b IS NULL OR left(a, 2) <> left(b, 2) THEN 0
    WHEN length(a) < 4 OR length(b) < 4 OR left(a, 4) <> left(b, 4) THEN 1
    WHEN length(a) < 6 OR length(b) < 6 OR left(a, 6) <> left(b, 6) THEN 2
    WHEN length(a) < 9 OR length(b) < 9 OR left(a, 9) <> left(b, 9) THEN 3
    WHEN length(a) < 12 OR length(b) < 12 OR a <> b THEN 4
    ELSE 5 END::smallint
$$;

-- The region itself and each ancestor, with its level.
CREATE FUNCTION stat_prefixes(code text) RETURNS TABLE (level smallint, region_code text) LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT l.level, left(code, l.len)
  FROM (VALUES (1::smallint, 2), (2::smallint, 4), (3::smallint, 6), (4::smallint, 9), (5::smallint, 12)) AS l (level, len)
  WHERE length(code) >= l.len
$$;

-- Five-year age group, 0 = 0–4 … 20 = 100+.
CREATE FUNCTION stat_age5(birth date, on_date date) RETURNS smallint LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT least(20, greatest(0, extract(year FROM age(on_date, birth))::int / 5))::smallint
$$;

CREATE TABLE stat_fact (
  event_id bigint NOT NULL,
  basis text NOT NULL CHECK (basis IN ('residence', 'hukou')),
  kind text NOT NULL CHECK (kind IN ('birth', 'death', 'marriage', 'divorce', 'move_in', 'move_out', 'presence')),
  region_code text COLLATE "C" NOT NULL,
  month date NOT NULL,
  sex text NOT NULL,               -- '' for marriages and divorces
  birth_year smallint NOT NULL,    -- presence only, else 0
  age5 smallint NOT NULL,          -- -1 when not applicable
  birth_order smallint NOT NULL,   -- births: 1, 2, 3 (= 3+); else 0
  mother_age5 smallint NOT NULL,   -- births: the mother's age group; else -1
  span smallint NOT NULL,          -- moves: common level of origin and destination; presence: of residence and hukou
  delta smallint NOT NULL
);
CREATE INDEX stat_fact_event_idx ON stat_fact (event_id);

CREATE TABLE stat_flow (
  level smallint NOT NULL,
  region_code text COLLATE "C" NOT NULL,
  basis text NOT NULL,
  month date NOT NULL,
  kind text NOT NULL,
  sex text NOT NULL,
  age5 smallint NOT NULL,
  birth_order smallint NOT NULL,
  mother_age5 smallint NOT NULL,
  n integer NOT NULL,
  PRIMARY KEY (level, region_code, basis, month, kind, sex, age5, birth_order, mother_age5)
);

CREATE TABLE stat_presence (
  level smallint NOT NULL,
  region_code text COLLATE "C" NOT NULL,
  basis text NOT NULL,
  month date NOT NULL,
  sex text NOT NULL,
  birth_year smallint NOT NULL,
  floating boolean NOT NULL,
  away boolean NOT NULL,
  n integer NOT NULL,
  PRIMARY KEY (level, region_code, basis, month, sex, birth_year, floating, away)
);

CREATE TABLE stat_stock (
  level smallint NOT NULL,
  region_code text COLLATE "C" NOT NULL,
  basis text NOT NULL,
  sex text NOT NULL,
  birth_year smallint NOT NULL,
  floating boolean NOT NULL,
  away boolean NOT NULL,
  n integer NOT NULL,
  PRIMARY KEY (level, region_code, basis, sex, birth_year, floating, away)
);

-- What one event contributes, from its recorded states (payload.state.before/after: present, residence,
-- hukou) and the person as corrected today (sex, birth date). A move is "in" and "out" of every region
-- that holds one end and not the other; `span` lets the cube tell which regions those are.
CREATE FUNCTION stat_event_facts(kind text, on_date date, payload jsonb, sex text, birth date, mother_birth date)
RETURNS TABLE (basis text, kind text, region_code text, month date, sex text, birth_year smallint, age5 smallint,
               birth_order smallint, mother_age5 smallint, span smallint, delta smallint)
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT bs.basis, v.kind, v.region_code, date_trunc('month', on_date)::date, v.sex, v.birth_year, v.age5, v.birth_order, v.mother_age5, v.span, v.delta
  FROM (VALUES ('residence'), ('hukou')) AS bs (basis)
  CROSS JOIN LATERAL (SELECT
      coalesce((payload #>> '{state,before,present}')::boolean, false) AS bp,
      coalesce((payload #>> '{state,after,present}')::boolean, false) AS ap,
      payload #>> ARRAY['state', 'before', bs.basis] AS bc,
      payload #>> ARRAY['state', 'after', bs.basis] AS ac,
      stat_common_level(payload #>> '{state,before,residence}', payload #>> '{state,before,hukou}') AS bspan,
      stat_common_level(payload #>> '{state,after,residence}', payload #>> '{state,after,hukou}') AS aspan,
      extract(year FROM birth)::smallint AS by,
      stat_age5(birth, on_date) AS a5) AS s
  CROSS JOIN LATERAL (VALUES
    (kind = 'birth' AND s.ap, 'birth', s.ac, sex, 0::smallint, 0::smallint,
       least(3, coalesce((payload ->> 'birthOrder')::int, 1))::smallint, coalesce(stat_age5(mother_birth, on_date), -1::smallint), 0::smallint, 1::smallint),
    (kind = 'death' AND s.bp, 'death', s.bc, sex, 0::smallint, s.a5, 0::smallint, -1::smallint, 0::smallint, 1::smallint),
    (kind IN ('marriage', 'divorce') AND s.ap, kind, s.ac, '', 0::smallint, -1::smallint, 0::smallint, -1::smallint, 0::smallint, 1::smallint),
    (kind NOT IN ('birth', 'death', 'marriage', 'divorce') AND s.bp AND (NOT s.ap OR s.ac <> s.bc), 'move_out', s.bc, sex, 0::smallint, s.a5, 0::smallint, -1::smallint,
       CASE WHEN s.ap THEN stat_common_level(s.bc, s.ac) ELSE stat_common_level(s.bc, payload ->> 'toRegion') END, 1::smallint),
    (kind NOT IN ('birth', 'death', 'marriage', 'divorce') AND s.ap AND (NOT s.bp OR s.ac <> s.bc), 'move_in', s.ac, sex, 0::smallint, s.a5, 0::smallint, -1::smallint,
       CASE WHEN s.bp THEN stat_common_level(s.bc, s.ac) ELSE stat_common_level(payload ->> 'fromRegion', s.ac) END, 1::smallint),
    (s.bp AND NOT (s.ap AND s.ac = s.bc AND s.aspan = s.bspan), 'presence', s.bc, sex, s.by, -1::smallint, 0::smallint, -1::smallint, s.bspan, -1::smallint),
    (s.ap AND NOT (s.bp AND s.ac = s.bc AND s.aspan = s.bspan), 'presence', s.ac, sex, s.by, -1::smallint, 0::smallint, -1::smallint, s.aspan, 1::smallint)
  ) AS v (keep, kind, region_code, sex, birth_year, age5, birth_order, mother_age5, span, delta)
  WHERE v.keep AND v.region_code IS NOT NULL
$$;

-- Every non-correction event with its effective date: the latest correction of the date wins.
CREATE VIEW stat_fact_source AS
  SELECT e.id AS event_id, f.basis, f.kind, f.region_code, f.month, f.sex, f.birth_year, f.age5, f.birth_order, f.mother_age5, f.span, f.delta
  FROM vital_event e
  JOIN person p ON p.id = e.person_id
  LEFT JOIN person m ON e.kind = 'birth' AND m.id = (e.payload ->> 'motherId')::bigint
  CROSS JOIN LATERAL stat_event_facts(
    e.kind,
    coalesce((SELECT (c.payload #>> '{changes,occurredOn}')::date FROM vital_event c
              WHERE c.corrects_event_id = e.id AND c.payload -> 'changes' ? 'occurredOn' ORDER BY c.id DESC LIMIT 1), e.occurred_on),
    e.payload, p.sex, p.birth_date, m.birth_date) AS f
  WHERE e.kind <> 'correction';

-- The deferred mode is for bulk loads (the demo loader): triggers do nothing and the loader runs
-- stat_rebuild() before it commits.
CREATE FUNCTION stat_deferred() RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT coalesce(current_setting('renkou.stats', true), '') = 'deferred'
$$;

-- Recomputes the facts of some events (all when ids is null) and moves the cubes by the difference, in
-- one statement. Cube rows are upserted in key order so concurrent writers lock them in the same order.
CREATE FUNCTION stat_refresh(ids bigint[]) RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
  which text := CASE WHEN ids IS NULL THEN 'true' ELSE 'event_id = ANY($1)' END;
BEGIN
  IF ids IS NOT NULL AND cardinality(ids) = 0 THEN RETURN; END IF;
  EXECUTE format($q$
    WITH old AS (DELETE FROM stat_fact WHERE %1$s RETURNING *),
    new AS (INSERT INTO stat_fact SELECT * FROM stat_fact_source WHERE %1$s RETURNING *),
    diff AS (SELECT *, -delta AS d FROM old UNION ALL SELECT *, delta FROM new),
    flow AS (
      INSERT INTO stat_flow AS t (level, region_code, basis, month, kind, sex, age5, birth_order, mother_age5, n)
      SELECT r.level, r.region_code, f.basis, f.month, f.kind, f.sex, f.age5, f.birth_order, f.mother_age5, sum(f.d)
      FROM diff f CROSS JOIN LATERAL stat_prefixes(f.region_code) r
      WHERE f.kind <> 'presence' AND NOT (f.kind IN ('move_in', 'move_out') AND f.span >= r.level)
      GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9
      HAVING sum(f.d) <> 0
      ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9
      ON CONFLICT (level, region_code, basis, month, kind, sex, age5, birth_order, mother_age5) DO UPDATE SET n = t.n + excluded.n
      RETURNING 1)
    INSERT INTO stat_presence AS t (level, region_code, basis, month, sex, birth_year, floating, away, n)
    SELECT r.level, r.region_code, f.basis, f.month, f.sex, f.birth_year, f.span < r.level, f.span < 4, sum(f.d)
    FROM diff f CROSS JOIN LATERAL stat_prefixes(f.region_code) r
    WHERE f.kind = 'presence' AND (SELECT count(*) FROM flow) >= 0
    GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
    HAVING sum(f.d) <> 0
    ORDER BY 1, 2, 3, 4, 5, 6, 7, 8
    ON CONFLICT (level, region_code, basis, month, sex, birth_year, floating, away) DO UPDATE SET n = t.n + excluded.n
  $q$, which) USING ids;
END $$;

-- Person rows → the current stock, for the persons alive now.
CREATE FUNCTION stat_stock_cells(residence text, hukou text, sex text, birth date, status text)
RETURNS TABLE (level smallint, region_code text, basis text, sex text, birth_year smallint, floating boolean, away boolean)
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT r.level, r.region_code, b.basis, sex, extract(year FROM birth)::smallint, s.span < r.level, s.span < 4
  FROM (SELECT stat_common_level(residence, hukou) AS span) s
  CROSS JOIN (VALUES ('residence', residence), ('hukou', hukou)) AS b (basis, code)
  CROSS JOIN LATERAL stat_prefixes(b.code) r
  WHERE status = 'alive'
$$;

-- The statement that adds (sign 1) or removes (sign -1) the persons a query returns. Returned as text
-- because transition tables are visible only to statements the trigger function itself executes.
CREATE FUNCTION stat_stock_sql(source text, sign int) RETURNS text LANGUAGE sql IMMUTABLE AS $f$
  SELECT format($q$
    INSERT INTO stat_stock AS t (level, region_code, basis, sex, birth_year, floating, away, n)
    SELECT c.level, c.region_code, c.basis, c.sex, c.birth_year, c.floating, c.away, %2$s * count(*)
    FROM (%1$s) p CROSS JOIN LATERAL stat_stock_cells(p.residence_region, p.hukou_region, p.sex, p.birth_date, p.status) c
    GROUP BY 1, 2, 3, 4, 5, 6, 7
    ORDER BY 1, 2, 3, 4, 5, 6, 7
    ON CONFLICT (level, region_code, basis, sex, birth_year, floating, away) DO UPDATE SET n = t.n + excluded.n
  $q$, source, sign)
$f$;

CREATE FUNCTION stat_on_person() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
  corrected bigint[];
  changed constant text := '(o.residence_region, o.hukou_region, o.sex, o.birth_date, o.status) IS DISTINCT FROM (n.residence_region, n.hukou_region, n.sex, n.birth_date, n.status)';
BEGIN
  IF stat_deferred() THEN RETURN NULL; END IF;
  IF TG_OP = 'INSERT' THEN
    EXECUTE stat_stock_sql('SELECT * FROM person_new', 1);
  ELSIF TG_OP = 'DELETE' THEN
    EXECUTE stat_stock_sql('SELECT * FROM person_old', -1);
  ELSE
    -- Only rows whose cells change; a marital-status update costs nothing here.
    EXECUTE stat_stock_sql('SELECT o.* FROM person_old o JOIN person_new n USING (id) WHERE ' || changed, -1);
    EXECUTE stat_stock_sql('SELECT n.* FROM person_old o JOIN person_new n USING (id) WHERE ' || changed, 1);
    -- A corrected sex or birth date moves every event of the person (and a mother's age at her births).
    corrected := ARRAY(SELECT o.id FROM person_old o JOIN person_new n USING (id) WHERE (o.sex, o.birth_date) IS DISTINCT FROM (n.sex, n.birth_date));
    IF cardinality(corrected) > 0 THEN
      PERFORM stat_refresh(ARRAY(SELECT e.id FROM vital_event e WHERE e.kind <> 'correction' AND e.participants && corrected));
    END IF;
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER stat_person_insert AFTER INSERT ON person REFERENCING NEW TABLE AS person_new FOR EACH STATEMENT EXECUTE FUNCTION stat_on_person();
CREATE TRIGGER stat_person_update AFTER UPDATE ON person REFERENCING OLD TABLE AS person_old NEW TABLE AS person_new FOR EACH STATEMENT EXECUTE FUNCTION stat_on_person();
CREATE TRIGGER stat_person_delete AFTER DELETE ON person REFERENCING OLD TABLE AS person_old FOR EACH STATEMENT EXECUTE FUNCTION stat_on_person();

CREATE FUNCTION stat_on_event() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
  IF stat_deferred() THEN RETURN NULL; END IF;
  PERFORM stat_refresh(ARRAY(SELECT DISTINCT coalesce(corrects_event_id, id) FROM event_new));
  RETURN NULL;
END $$;
CREATE TRIGGER stat_event_insert AFTER INSERT ON vital_event REFERENCING NEW TABLE AS event_new FOR EACH STATEMENT EXECUTE FUNCTION stat_on_event();

-- Everything from the events and persons, through the same functions the triggers use.
CREATE FUNCTION stat_rebuild() RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
  TRUNCATE stat_fact, stat_flow, stat_presence, stat_stock;
  PERFORM stat_refresh(NULL);
  EXECUTE stat_stock_sql('SELECT * FROM person', 1);
END $$;

CREATE INDEX vital_event_person_idx ON vital_event (person_id);

GRANT SELECT ON stat_fact, stat_flow, stat_presence, stat_stock TO renkou_app;
REVOKE ALL ON FUNCTION stat_rebuild() FROM PUBLIC;
