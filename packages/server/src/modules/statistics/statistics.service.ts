import {
  DomainError, evaluateIndicators, INDICATOR_CODES, indicatorByCode, parsePeriod, periodsBetween, pyramidOf, type Breakdown, type IndicatorValue, type Period,
  type StatsResult,
} from '@renkou/core';
import type { Db } from '@renkou/db';
import { requireScope, type AppDeps, type RequestContext } from '../../platform/context';
import { Errors } from '../../platform/errors';
import { regionInScope } from '../../platform/scope';
import { loadPeriodCells, loadSeries, type RegionSeries, type StatsBasis } from './cells.repository';

const t = (zh: string, en: string) => ({ zh, en });

export interface RegionRef {
  readonly code: string;
  readonly name: string;
  readonly level: number;
}

export interface StatsRequest {
  readonly period: string;
  readonly indicators?: string | undefined;
  readonly basis: StatsBasis;
  readonly by?: Breakdown | undefined;
}

export async function findRegion(db: Db, code: string, field = 'query.region'): Promise<RegionRef> {
  const region = await db.selectFrom('region').select(['code', 'name', 'level']).where('code', '=', code).executeTakeFirst();
  if (!region) throw Errors.notFound(field, code);
  return region;
}

/** The region a statistics request is about: the caller's own unless named, and never outside their scope. */
export async function regionForCaller(deps: AppDeps, ctx: RequestContext, code: string | undefined): Promise<RegionRef> {
  const scope = requireScope(ctx);
  const wanted = code ?? scope.regionCode;
  if (!regionInScope(scope, wanted)) {
    throw new DomainError('OUT_OF_SCOPE', t('该区划不在您的管辖范围内', 'that region is outside your scope'), [{ path: 'query.region', value: wanted, reason: t('超出管辖范围', 'outside your region') }], 403);
  }
  return findRegion(deps.db, wanted);
}

export function indicatorCodes(list: string | undefined): string[] {
  if (!list) return [...INDICATOR_CODES];
  const codes = [...new Set(list.split(','))];
  const unknown = codes.filter((c) => !indicatorByCode(c));
  if (unknown.length) {
    throw new DomainError(
      'UNKNOWN_INDICATOR',
      t('未知的指标代码', 'unknown indicator code'),
      unknown.map((value) => ({ path: 'query.indicators', value, reason: t('没有这个指标', 'no such indicator') })),
      400,
    );
  }
  return codes;
}

async function childNames(db: Db, region: RegionRef): Promise<Map<string, string>> {
  const rows = await db.selectFrom('region').select(['code', 'name']).where('parent_code', '=', region.code).execute();
  return new Map(rows.map((r) => [r.code, r.name]));
}

function noFuture(period: Period, today: string, field: string): void {
  if (period.start > today) {
    throw new DomainError('FUTURE_PERIOD', t('统计期间尚未开始', 'the period has not started yet'), [{ path: field, value: period.code, reason: t(`今天是 ${today}`, `today is ${today}`) }], 400);
  }
}

/** Indicators of a region (or of each child region) for one period: the scope-free core the API and the CLI share. */
export async function computeStats(db: Db, region: RegionRef, req: StatsRequest, today: string): Promise<StatsResult> {
  const period = parsePeriod(req.period);
  noFuture(period, today, 'query.period');
  const codes = indicatorCodes(req.indicators);
  const byChild = req.by === 'child';
  const own = (await loadPeriodCells(db, { code: region.code, level: region.level, children: false }, req.basis, period)).get(region.code)!;
  const rows: IndicatorValue[] = [];
  const by = req.by && req.by !== 'child' ? req.by : undefined;
  rows.push(...evaluateIndicators(codes, period, req.basis, own, by));
  if (byChild && region.level < 5) {
    const [names, children] = await Promise.all([childNames(db, region), loadPeriodCells(db, { code: region.code, level: region.level, children: true }, req.basis, period)]);
    // Every child region appears, also those with no one registered yet.
    for (const code of [...names.keys()].sort()) {
      const values = evaluateIndicators(codes, period, req.basis, children.get(code) ?? EMPTY_CELLS);
      rows.push(...values.filter((v) => v.group === null).map((v) => ({ ...v, group: code, groupName: names.get(code) ?? code })));
    }
  }
  return {
    region: { code: region.code, name: region.name, level: region.level },
    period: { code: period.code, kind: period.kind, start: period.start, end: period.end },
    basis: req.basis,
    by: req.by ?? null,
    generatedAt: new Date().toISOString(),
    rows,
  };
}

const EMPTY_CELLS = { flows: [], stock: { residence: { start: [], end: [] }, hukou: { start: [], end: [] } } };

export async function computeTrend(db: Db, region: RegionRef, q: { indicators: string; basis: StatsBasis; from: string; to: string; granularity: 'month' | 'quarter' | 'year' }, today: string) {
  const periods = periodsBetween(parsePeriod(q.from, 'query.from'), parsePeriod(q.to, 'query.to'));
  if (periods[0]!.kind !== q.granularity) {
    throw new DomainError('BAD_PERIOD', t('期间与粒度不符', 'the periods do not match the granularity'), [{ path: 'query.from', value: q.from, reason: t(`应为${q.granularity}`, `must be a ${q.granularity}`) }], 400);
  }
  noFuture(periods[0]!, today, 'query.from');
  const shown = periods.filter((p) => p.start <= today);
  const codes = indicatorCodes(q.indicators);
  const series = (await loadSeries(db, { code: region.code, level: region.level, children: false }, q.basis, shown[0]!.start, shown[shown.length - 1]!.end)).get(region.code)!;
  const values = shown.map((p) => ({ period: p.code, values: evaluateIndicators(codes, p, q.basis, series.cellsFor(p)) }));
  return {
    region: { code: region.code, name: region.name, level: region.level },
    basis: q.basis,
    series: codes.map((code) => ({
      indicator: code,
      points: values.map((v) => ({ ...v.values.find((x) => x.indicator === code && x.group === null)!, period: v.period })),
    })),
  };
}

export async function computePyramid(db: Db, region: RegionRef, date: string, basis: StatsBasis) {
  const series = (await loadSeries(db, { code: region.code, level: region.level, children: false }, basis, date, date)).get(region.code)!;
  const rows = pyramidOf(series.stockOn(basis, date), date);
  return { region: { code: region.code, name: region.name, level: region.level }, date, basis, total: rows.reduce((a, r) => a + r.male + r.female, 0), rows };
}

/** The series of a region and of its children, for checks that compare regions or months. */
export async function seriesOf(db: Db, region: RegionRef, children: boolean, basis: StatsBasis, from: string, to: string): Promise<Map<string, RegionSeries>> {
  return loadSeries(db, { code: region.code, level: region.level, children }, basis, from, to);
}

export async function statsForCaller(deps: AppDeps, ctx: RequestContext, q: StatsRequest & { region?: string | undefined }): Promise<StatsResult> {
  const region = await regionForCaller(deps, ctx, q.region);
  return computeStats(deps.db, region, q, deps.today());
}
