import { useMemo } from 'react';
import { Card } from 'antd';
import type { IndicatorDefinitionView, IndicatorValue } from '@renkou/core';
import { FONT_STACK } from '../../app/theme';
import { EChart, type EChartOption } from '../../components/EChart';
import { useI18n } from '../../i18n/i18n';
import { formatIndicator, formatWithInterval } from './format';

export type TrendPoint = IndicatorValue & { readonly period: string };

/** One indicator over time as a line; SRB with its normal range as a band. */
export function TrendChart({ indicator, points, def }: { indicator: string; points: readonly TrendPoint[]; def: IndicatorDefinitionView | undefined }) {
  const { t, lang } = useI18n();
  const name = def?.name[lang] ?? indicator;
  const option = useMemo<EChartOption>(
    () => ({
      textStyle: { fontFamily: FONT_STACK },
      aria: { enabled: true },
      animation: false,
      tooltip: {
        trigger: 'axis',
        formatter: (items: { dataIndex: number }[]) => {
          const p = points[items[0]?.dataIndex ?? -1];
          return p ? `${p.period}<br/><strong>${formatWithInterval(p, def, lang)}</strong> ${def?.unit[lang] ?? ''}` : '';
        },
      },
      grid: { left: 8, right: 16, top: 24, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: points.map((p) => p.period), boundaryGap: false },
      yAxis: {
        type: 'value',
        scale: indicator === 'srb',
        axisLabel: { formatter: (v: number) => formatIndicator(indicator, v, def, lang) },
        splitLine: { lineStyle: { type: 'dashed' } },
      },
      series: [
        {
          name,
          type: 'line',
          data: points.map((p) => p.value),
          connectNulls: false,
          symbolSize: 6,
          itemStyle: { color: '#2f6fdf' },
          ...(indicator === 'srb'
            ? { markArea: { silent: true, itemStyle: { color: 'rgba(82,196,26,0.12)' }, data: [[{ yAxis: 103 }, { yAxis: 107 }]] } }
            : {}),
        },
      ],
    }),
    [points, def, indicator, lang, name],
  );
  return (
    <Card size="small" title={`${name}${def?.unit[lang] ? `（${def.unit[lang]}）` : ''}`} data-testid={`trend-${indicator}`}>
      <EChart option={option} height={240} ariaLabel={`${t('stats.tab.trend')}: ${name}`} />
    </Card>
  );
}
