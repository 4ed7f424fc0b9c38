/**
 * What the partner feeds say that the registry did not, and the statistical error rate (统计误差率):
 * of the feed records checked against the registry in a region and period, the share the registry had
 * missing (applied as new), had wrong (dates that differ) or could not match at all.
 */
import { parsePeriod } from '@renkou/core';
import type { Db } from '@renkou/db';
import { sql } from 'kysely';
import type { RegionRef } from '../statistics/statistics.service';

const ITEM_LIMIT = 500;

export async function discrepancies(db: Db, region: RegionRef, periodCode: string) {
  const p = parsePeriod(periodCode);
  const prefix = `${region.code}%`;
  const { rows } = await sql<{ kind: string; person_id: number | null; name: string | null; date: string | null; region_code: string | null; detail: string }>`
    (SELECT 'birth_missing_in_registry' AS kind, x.person_id, c.name, x.occurred_on::text AS date, x.region_code, 'certificate ' || x.record_key AS detail
       FROM exchange_record x LEFT JOIN person c ON c.id = x.person_id
      WHERE x.kind = 'birth_certificate' AND x.outcome = 'new' AND x.region_code LIKE ${prefix} AND x.occurred_on BETWEEN ${p.start} AND ${p.end}
      LIMIT ${ITEM_LIMIT})
    UNION ALL
    (SELECT 'birth_missing_in_registry', NULL, r.data->>'childName', r.occurred_on::text, r.region_code, 'certificate ' || r.record_key || ' unresolved: ' || coalesce(r.outcome, '')
       FROM import_record r JOIN import_batch b ON b.id = r.batch_id
      WHERE b.kind = 'birth_certificate' AND r.status = 'worklist' AND coalesce(r.region_code, b.region_code) LIKE ${prefix} AND r.occurred_on BETWEEN ${p.start} AND ${p.end}
      LIMIT ${ITEM_LIMIT})
    UNION ALL
    (SELECT 'birth_without_certificate', e.person_id, c.name, e.occurred_on::text, e.region_code, 'birth event ' || e.id
       FROM vital_event e JOIN person c ON c.id = e.person_id
      WHERE e.kind = 'birth' AND e.region_code LIKE ${prefix} AND e.occurred_on BETWEEN ${p.start} AND ${p.end}
        AND NOT EXISTS (SELECT 1 FROM exchange_record x WHERE x.kind = 'birth_certificate' AND x.person_id = e.person_id)
      LIMIT ${ITEM_LIMIT})
    UNION ALL
    (SELECT 'death_registry_only', e.person_id, c.name, e.occurred_on::text, e.region_code, 'death event ' || e.id
       FROM vital_event e JOIN person c ON c.id = e.person_id
      WHERE e.kind = 'death' AND e.region_code LIKE ${prefix} AND e.occurred_on BETWEEN ${p.start} AND ${p.end}
        AND NOT EXISTS (SELECT 1 FROM exchange_record x WHERE x.kind = 'death_registration' AND x.person_id = e.person_id)
      LIMIT ${ITEM_LIMIT})
    UNION ALL
    (SELECT 'death_feed_only', NULL, r.data->>'name', r.occurred_on::text, r.region_code, 'registration ' || r.record_key || ': ' || coalesce(r.outcome, '')
       FROM import_record r JOIN import_batch b ON b.id = r.batch_id
      WHERE b.kind = 'death_registration' AND r.status = 'worklist' AND coalesce(r.region_code, b.region_code) LIKE ${prefix} AND r.occurred_on BETWEEN ${p.start} AND ${p.end}
      LIMIT ${ITEM_LIMIT})
    UNION ALL
    (SELECT 'hukou_not_in_residence', x.person_id, c.name, x.occurred_on::text, c.hukou_region, 'hukou ' || c.hukou_region || ', residence ' || c.residence_region
       FROM exchange_record x JOIN person c ON c.id = x.person_id
      WHERE x.kind = 'police_hukou' AND x.outcome IN ('new', 'confirmed') AND x.region_code LIKE ${prefix} AND x.occurred_on BETWEEN ${p.start} AND ${p.end}
        AND c.status = 'alive' AND left(c.hukou_region, 9) <> left(c.residence_region, 9)
      LIMIT ${ITEM_LIMIT})`.execute(db);
  const counts: Record<string, number> = { birth_missing_in_registry: 0, birth_without_certificate: 0, death_registry_only: 0, death_feed_only: 0, hukou_not_in_residence: 0 };
  for (const r of rows) counts[r.kind] = (counts[r.kind] ?? 0) + 1;
  return {
    region: { code: region.code, name: region.name },
    period: p.code,
    counts,
    items: rows.map((r) => ({ kind: r.kind as 'birth_missing_in_registry', personId: r.person_id === null ? null : Number(r.person_id), name: r.name, date: r.date, regionCode: r.region_code, detail: r.detail })),
  };
}

interface Tally {
  checked: number;
  missing: number;
  wrong: number;
  unresolved: number;
}

export async function errorRate(db: Db, region: RegionRef, periodCode: string) {
  const p = parsePeriod(periodCode);
  const childLen = [2, 4, 6, 9, 12][Math.min(4, region.level)]!;
  const { rows } = await sql<{ child: string; checked: number; missing: number; wrong: number; unresolved: number }>`
    SELECT left(region_code, ${childLen}) AS child,
           count(*)::int AS checked,
           count(*) FILTER (WHERE state = 'new')::int AS missing,
           count(*) FILTER (WHERE state LIKE '%differs')::int AS wrong,
           count(*) FILTER (WHERE state = 'unresolved')::int AS unresolved
      FROM (SELECT x.region_code, x.outcome AS state FROM exchange_record x
             WHERE x.outcome <> 'rejected_by_clerk' AND x.region_code LIKE ${`${region.code}%`} AND x.occurred_on BETWEEN ${p.start} AND ${p.end}
            UNION ALL
            SELECT r.region_code, CASE WHEN r.outcome LIKE '%differs' THEN r.outcome ELSE 'unresolved' END
              FROM import_record r
             WHERE r.status = 'worklist' AND r.region_code LIKE ${`${region.code}%`} AND r.occurred_on BETWEEN ${p.start} AND ${p.end}) s
     GROUP BY 1`.execute(db);
  const names = new Map((await db.selectFrom('region').select(['code', 'name']).where('parent_code', '=', region.code).execute()).map((r) => [r.code, r.name]));
  const row = (code: string, name: string, t: Tally) => ({ regionCode: code, regionName: name, ...t, rate: t.checked === 0 ? null : ((t.missing + t.wrong + t.unresolved) / t.checked) * 100 });
  const total: Tally = { checked: 0, missing: 0, wrong: 0, unresolved: 0 };
  const byChild = new Map<string, Tally>();
  for (const r of rows) {
    for (const k of ['checked', 'missing', 'wrong', 'unresolved'] as const) total[k] += r[k];
    byChild.set(r.child, { checked: r.checked, missing: r.missing, wrong: r.wrong, unresolved: r.unresolved });
  }
  return {
    region: { code: region.code, name: region.name },
    period: p.code,
    total: row(region.code, region.name, total),
    children: [...names.entries()].sort().map(([code, name]) => row(code, name, byChild.get(code) ?? { checked: 0, missing: 0, wrong: 0, unresolved: 0 })),
  };
}
