import { useMemo } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { statsContracts, type Basis, type Breakdown, type IndicatorDefinitionView } from '@renkou/core';
import { call } from '../../api/api';

/** The indicators offered first: population, births, deaths, the crude rates, SRB and TFR. */
export const DEFAULT_INDICATORS = ['population', 'births', 'deaths', 'cbr', 'cdr', 'srb', 'tfr'] as const;

/** GET /api/v1/stats/indicators, with a map by code. The definitions change only with a release. */
export function useIndicators() {
  const q = useQuery({ queryKey: ['stats', 'indicators'], queryFn: () => call(statsContracts.indicators), staleTime: Infinity });
  const byCode = useMemo(() => new Map<string, IndicatorDefinitionView>((q.data?.items ?? []).map((d) => [d.code, d])), [q.data]);
  return { ...q, byCode };
}

export interface StatsParams {
  readonly region: string | undefined;
  readonly period: string;
  readonly basis: Basis;
  readonly indicators: readonly string[];
  readonly by?: Breakdown | undefined;
}

/** GET /api/v1/stats: the totals (no `by`) or one breakdown of the chosen indicators. */
export function useStats(p: StatsParams, enabled = true) {
  return useQuery({
    queryKey: ['stats', 'query', p.region, p.period, p.basis, p.indicators.join(','), p.by ?? null],
    queryFn: () =>
      call(statsContracts.query, {
        query: { region: p.region, period: p.period, basis: p.basis, indicators: p.indicators.join(','), ...(p.by ? { by: p.by } : {}) },
      }),
    enabled: enabled && p.indicators.length > 0,
    placeholderData: keepPreviousData,
  });
}

export interface TrendParams {
  readonly region: string | undefined;
  readonly basis: Basis;
  readonly indicators: readonly string[];
  readonly granularity: 'month' | 'quarter' | 'year';
  readonly from: string;
  readonly to: string;
}

export function useTrend(p: TrendParams, enabled = true) {
  return useQuery({
    queryKey: ['stats', 'trend', p.region, p.basis, p.indicators.join(','), p.granularity, p.from, p.to],
    queryFn: () => call(statsContracts.trend, { query: { region: p.region, basis: p.basis, indicators: p.indicators.join(','), granularity: p.granularity, from: p.from, to: p.to } }),
    enabled: enabled && p.indicators.length > 0,
    placeholderData: keepPreviousData,
  });
}

export function usePyramid(region: string | undefined, date: string, basis: Basis) {
  return useQuery({
    queryKey: ['stats', 'pyramid', region, date, basis],
    queryFn: () => call(statsContracts.pyramid, { query: { region, date, basis } }),
    placeholderData: keepPreviousData,
  });
}

export function useQuality(region: string | undefined, period: string) {
  return useQuery({
    queryKey: ['stats', 'quality', region, period],
    queryFn: () => call(statsContracts.quality, { query: { region, period } }),
    placeholderData: keepPreviousData,
  });
}

export type ReportKind = 'monthly' | 'annual';

export function useReport(report: ReportKind, region: string | undefined, period: string, basis: Basis) {
  return useQuery({
    queryKey: ['stats', 'report', report, region, period, basis],
    queryFn: () => call(statsContracts.report, { params: { report }, query: { region, period, basis, format: 'json' } }),
    placeholderData: keepPreviousData,
  });
}

/** The address of a report file: the same route with format=xlsx or csv; the session cookie goes along. */
export function reportUrl(report: ReportKind, o: { region: string | undefined; period: string; basis: Basis; format: 'xlsx' | 'csv' }): string {
  const q = new URLSearchParams();
  if (o.region) q.set('region', o.region);
  q.set('period', o.period);
  q.set('basis', o.basis);
  q.set('format', o.format);
  return `${statsContracts.report.url.replace(':report', report)}?${q.toString()}`;
}

export function usePublicStats(period: string | undefined) {
  return useQuery({
    queryKey: ['public', 'stats', period ?? null],
    queryFn: () => call(statsContracts.publicStats, { query: period ? { period } : {} }),
    placeholderData: keepPreviousData,
  });
}
