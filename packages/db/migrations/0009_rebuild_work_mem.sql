-- The rebuild's aggregates sorted on disk at the default 4 MB work_mem (bench/stats.ts: 20–60 MB spilled at
-- scale 0.05); it runs rarely and alone, so it may use more memory for its sorts and hashes.
ALTER FUNCTION stat_rebuild() SET work_mem = '256MB';
