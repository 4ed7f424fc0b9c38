-- The stock expansion counted each person five times over (one row per level and basis) before grouping:
-- 9.3 s of a 26.9 s rebuild at demo scale 0.05 (bench/stats.ts). Persons are first counted per
-- (residence, hukou, sex, birth year) — far fewer rows than persons — and those counts are expanded.
CREATE OR REPLACE FUNCTION stat_stock_sql(source text, sign int) RETURNS text LANGUAGE sql IMMUTABLE AS $f$
  SELECT format($q$
    INSERT INTO stat_stock AS t (level, region_code, basis, sex, birth_year, floating, away, n)
    SELECT l.level, left(b.code, l.len), b.basis, p.sex, p.birth_year, s.span < l.level, s.span < 4, %2$s * sum(p.c)
    FROM (SELECT residence_region, hukou_region, sex, extract(year FROM birth_date)::smallint AS birth_year, count(*) AS c
            FROM (%1$s) x WHERE x.status = 'alive' GROUP BY 1, 2, 3, 4) p
    CROSS JOIN LATERAL (SELECT stat_common_level(p.residence_region, p.hukou_region) AS span) s
    CROSS JOIN LATERAL (VALUES ('residence', p.residence_region), ('hukou', p.hukou_region)) AS b (basis, code)
    JOIN (VALUES (1::smallint, 2), (2::smallint, 4), (3::smallint, 6), (4::smallint, 9), (5::smallint, 12)) AS l (level, len) ON length(b.code) >= l.len
    GROUP BY 1, 2, 3, 4, 5, 6, 7
    ORDER BY 1, 2, 3, 4, 5, 6, 7
    ON CONFLICT (level, region_code, basis, sex, birth_year, floating, away) DO UPDATE SET n = t.n + excluded.n
  $q$, source, sign)
$f$;
