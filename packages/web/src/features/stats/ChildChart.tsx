import { useMemo } from 'react';
import type { IndicatorDefinitionView, IndicatorValue } from '@renkou/core';
import { FONT_STACK } from '../../app/theme';
import { EChart, type EChartOption } from '../../components/EChart';
import { useI18n } from '../../i18n/i18n';
import { formatIndicator, formatWithInterval } from './format';

/** SRB's normal range, drawn as a band behind the bars. */
const SRB_NORMAL: readonly [number, number] = [103, 107];

interface ErrorBarApi {
  value(i: number): number;
  coord(v: [number, number]): [number, number];
  size(v: [number, number]): [number, number];
}

/** An error bar from lower to upper at one category, with short caps (ECharts custom series). */
function renderErrorBar(_params: unknown, api: ErrorBarApi) {
  const category = api.value(0);
  if (!Number.isFinite(api.value(1)) || !Number.isFinite(api.value(2))) return null;
  const lower = api.coord([api.value(1), category]);
  const upper = api.coord([api.value(2), category]);
  const cap = api.size([0, 1])[1] * 0.18;
  const style = { stroke: '#1f2937', lineWidth: 1.5 };
  return {
    type: 'group',
    children: [
      { type: 'line', shape: { x1: lower[0], y1: lower[1], x2: upper[0], y2: upper[1] }, style },
      { type: 'line', shape: { x1: lower[0], y1: lower[1] - cap, x2: lower[0], y2: lower[1] + cap }, style },
      { type: 'line', shape: { x1: upper[0], y1: upper[1] - cap, x2: upper[0], y2: upper[1] + cap }, style },
    ],
  };
}

/**
 * One indicator over the child regions as horizontal bars, highest first; an indicator with an
 * interval (SRB) gets error bars, and SRB its normal range as a band. Clicking a bar opens that region.
 */
export function ChildChart({ rows, def, indicator, onPick }: { rows: readonly IndicatorValue[]; def: IndicatorDefinitionView | undefined; indicator: string; onPick: (code: string) => void }) {
  const { t, lang } = useI18n();
  const option = useMemo<EChartOption>(() => {
    const names = rows.map((r) => r.groupName ?? r.group ?? '');
    const withInterval = rows.some((r) => r.interval);
    const isSrb = indicator === 'srb';
    const out = (v: number | null) => isSrb && v !== null && (v < SRB_NORMAL[0] || v > SRB_NORMAL[1]);
    return {
      textStyle: { fontFamily: FONT_STACK },
      aria: { enabled: true },
      animation: false,
      tooltip: {
        trigger: 'axis',
        axisPointer: { type: 'shadow' },
        formatter: (items: { dataIndex: number }[]) => {
          const r = rows[items[0]?.dataIndex ?? -1];
          return r ? `${r.groupName ?? r.group}<br/><strong>${formatWithInterval(r, def, lang)}</strong> ${def?.unit[lang] ?? ''}` : '';
        },
      },
      grid: { left: 8, right: 32, top: isSrb ? 28 : 16, bottom: 8, containLabel: true },
      xAxis: {
        type: 'value',
        axisLabel: { formatter: (v: number) => formatIndicator(indicator, v, def, lang) },
        splitLine: { lineStyle: { type: 'dashed' } },
      },
      // Region names are clickable too (triggerEvent), not only the bars.
      yAxis: { type: 'category', data: names, inverse: true, triggerEvent: true, axisTick: { show: false }, axisLabel: { width: 140, overflow: 'truncate' } },
      series: [
        {
          name: def?.name[lang] ?? indicator,
          type: 'bar',
          data: rows.map((r) => ({ value: r.value, itemStyle: { color: out(r.value) ? '#fa8c16' : '#2f6fdf' } })),
          barMaxWidth: 22,
          label: { show: !withInterval, position: 'right', formatter: (p: { value: number | null }) => formatIndicator(indicator, p.value, def, lang) },
          ...(isSrb
            ? {
                markArea: {
                  silent: true,
                  itemStyle: { color: 'rgba(82,196,26,0.12)' },
                  label: { show: true, position: 'top', color: '#389e0d', formatter: t('stats.srbNormal') },
                  data: [[{ xAxis: SRB_NORMAL[0] }, { xAxis: SRB_NORMAL[1] }]],
                },
              }
            : {}),
        },
        ...(withInterval
          ? [
              {
                name: t('stats.interval'),
                type: 'custom',
                renderItem: renderErrorBar,
                encode: { x: [1, 2], y: 0 },
                data: rows.map((r, i) => (r.interval ? [i, r.interval.lower, r.interval.upper] : [i, null, null])),
                z: 10,
              },
            ]
          : []),
      ],
    };
  }, [rows, def, indicator, lang, t]);
  return (
    <EChart
      option={option}
      height={Math.max(220, rows.length * 28 + 48)}
      ariaLabel={t('stats.child.chart', { indicator: def?.name[lang] ?? indicator })}
      testId="child-chart"
      onClick={(e) => {
        const row = e.componentType === 'yAxis' ? rows.find((r) => (r.groupName ?? r.group) === e.value) : rows[e.dataIndex ?? -1];
        if (row?.group) onPick(row.group);
      }}
    />
  );
}
