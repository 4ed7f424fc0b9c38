import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import type { Basis } from '@renkou/core';
import { lastComplete, parsePeriod, periodCode } from './period';
import { DEFAULT_INDICATORS } from './queries';

export type StatsTab = 'child' | 'breakdown' | 'compare' | 'trend' | 'pyramid';
const TABS: readonly StatsTab[] = ['child', 'breakdown', 'compare', 'trend', 'pyramid'];

export interface StatsState {
  readonly region: string;
  readonly period: string;
  readonly basis: Basis;
  readonly indicators: readonly string[];
  readonly tab: StatsTab;
}

/** The link to the statistics page for a region and period (the data-quality page links here). */
export function statsHref(o: Partial<Pick<StatsState, 'region' | 'period' | 'basis'>>): string {
  const q = new URLSearchParams();
  if (o.region) q.set('region', o.region);
  if (o.period) q.set('period', o.period);
  if (o.basis) q.set('basis', o.basis);
  const s = q.toString();
  return s ? `/stats?${s}` : '/stats';
}

/**
 * The choices of 统计分析, kept in the address (?region=&period=&basis=&ind=&tab=) so that a page can
 * be bookmarked, shared and reached from a link; the defaults are the user's region, the last complete
 * year, the residence basis and the usual seven indicators.
 */
export function useStatsParams(ownRegion: string): [StatsState, (patch: Partial<StatsState>) => void] {
  const [params, setParams] = useSearchParams();

  const state = useMemo<StatsState>(() => {
    const region = params.get('region');
    const period = params.get('period');
    const ind = params.get('ind');
    const tab = params.get('tab') as StatsTab | null;
    return {
      // Only the user's own region or one below it; anything else falls back to their own.
      region: region && /^\d+$/.test(region) && region.startsWith(ownRegion) ? region : ownRegion,
      period: period && parsePeriod(period) ? period : periodCode(lastComplete('year')),
      basis: params.get('basis') === 'hukou' ? 'hukou' : 'residence',
      indicators: ind !== null ? ind.split(',').filter((s) => /^[a-z0-9_]+$/.test(s)) : [...DEFAULT_INDICATORS],
      tab: tab && TABS.includes(tab) ? tab : 'child',
    };
  }, [params, ownRegion]);

  const update = useCallback(
    (patch: Partial<StatsState>) => {
      setParams(
        (prev) => {
          const next = new URLSearchParams(prev);
          if (patch.region !== undefined) next.set('region', patch.region);
          if (patch.period !== undefined) next.set('period', patch.period);
          if (patch.basis !== undefined) next.set('basis', patch.basis);
          if (patch.indicators !== undefined) next.set('ind', patch.indicators.join(','));
          if (patch.tab !== undefined) next.set('tab', patch.tab);
          return next;
        },
        // A drill into a region is a step the browser's back button should undo; other choices replace.
        { replace: patch.region === undefined },
      );
    },
    [setParams],
  );
  return [state, update];
}
