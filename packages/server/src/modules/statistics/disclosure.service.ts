/**
 * Public disclosure (政务公开): a fixed set of aggregate indicators of the city and its counties, readable
 * without signing in. Small counts could single out a family, so counts below 5 are published as "<5" and
 * rates built on fewer than 5 events are withheld (null).
 */
import { indicatorByCode, parsePeriod, type IndicatorValue } from '@renkou/core';
import type { Db } from '@renkou/db';
import { sql } from 'kysely';
import { DEMO_SETTING_KEY } from './settings';
import { computeStats, findRegion } from './statistics.service';

export const DISCLOSURE_SETTING_KEY = 'disclosure.region';
export const PUBLIC_INDICATORS = ['population', 'births', 'deaths', 'cbr', 'cdr', 'nir', 'marriages', 'divorces', 'aged_60_share', 'aged_65_share'] as const;
/** Shown per county too: counts only. */
const PUBLIC_BY_CHILD = new Set(['population', 'births', 'deaths']);
export const SMALL_CELL = 5;

/** The disclosed region: the configured one, else the demo city, else the city with the most residents. */
async function disclosedRegion(db: Db): Promise<string | null> {
  const settings = await db.selectFrom('system_setting').select(['key', 'value']).where('key', 'in', [DISCLOSURE_SETTING_KEY, DEMO_SETTING_KEY]).execute();
  const configured = settings.find((s) => s.key === DISCLOSURE_SETTING_KEY)?.value as { region?: string } | undefined;
  const demo = settings.find((s) => s.key === DEMO_SETTING_KEY)?.value as { region?: string } | undefined;
  const chosen = configured?.region ?? demo?.region;
  if (chosen) return chosen.slice(0, 4);
  const { rows } = await sql<{ region_code: string }>`
    SELECT region_code FROM stat_stock WHERE level = 2 AND basis = 'residence' GROUP BY region_code ORDER BY sum(n) DESC LIMIT 1`.execute(db);
  return rows[0]?.region_code ?? null;
}

export function suppress(row: IndicatorValue): number | '<5' | null {
  const isCount = indicatorByCode(row.indicator)?.denominator === null;
  if (row.value === null) return null;
  if (isCount) return row.value < SMALL_CELL ? '<5' : row.value;
  return row.numerator < SMALL_CELL ? null : Math.round(row.value * 100) / 100;
}

export async function publicStats(db: Db, periodCode: string | undefined, today: string) {
  const lastYear = String(Number(today.slice(0, 4)) - 1);
  const period = parsePeriod(periodCode ?? lastYear);
  const code = await disclosedRegion(db);
  const generatedAt = new Date().toISOString();
  if (!code) return { region: { code: '', name: '' }, period: period.code, generatedAt, rows: [] };
  const region = await findRegion(db, code);
  const stats = await computeStats(db, region, { period: period.code, basis: 'residence', by: 'child', indicators: PUBLIC_INDICATORS.join(',') }, today);
  const rows = stats.rows
    .filter((r) => r.group === null || PUBLIC_BY_CHILD.has(r.indicator))
    .map((r) => {
      const def = indicatorByCode(r.indicator)!;
      return { indicator: r.indicator, name: def.name, unit: def.unit, group: r.group, groupName: r.groupName, value: suppress(r) };
    });
  return { region: { code: region.code, name: region.name }, period: period.code, generatedAt, rows };
}
