import { useMemo } from 'react';
import type { Dashboard } from '@renkou/core';
import { EChart, type EChartOption } from '../../components/EChart';
import { useI18n } from '../../i18n/i18n';
import { FONT_STACK } from '../../app/theme';


/** 人口金字塔: age groups up the middle, men to the left and women to the right (ECharts bars). */
export function Pyramid({ rows }: { rows: Dashboard['pyramid'] }) {
  const { t } = useI18n();
  const option = useMemo<EChartOption>(() => {
    const male = t('dash.male');
    const female = t('dash.female');
    const max = Math.max(1, ...rows.map((r) => Math.max(r.male, r.female)));
    return {
      textStyle: { fontFamily: FONT_STACK },
      aria: { enabled: true },
      animation: false,
      tooltip: {
        trigger: 'axis',
        axisPointer: { type: 'shadow' },
        valueFormatter: (v: unknown) => String(Math.abs(Number(v))),
      },
      legend: { data: [male, female], top: 0, right: 8 },
      grid: { left: 8, right: 24, top: 32, bottom: 8, containLabel: true },
      xAxis: {
        type: 'value',
        min: -max,
        max,
        axisLabel: { formatter: (v: number) => String(Math.abs(v)) },
        splitLine: { lineStyle: { type: 'dashed' } },
      },
      yAxis: { type: 'category', data: rows.map((r) => r.ageGroup), axisTick: { show: false } },
      series: [
        { name: male, type: 'bar', stack: 'pop', data: rows.map((r) => -r.male), itemStyle: { color: '#2f6fdf' }, barCategoryGap: '12%' },
        { name: female, type: 'bar', stack: 'pop', data: rows.map((r) => r.female), itemStyle: { color: '#e0567a' } },
      ],
    };
  }, [rows, t]);
  return <EChart option={option} height={440} ariaLabel={t('dash.pyramid')} testId="pyramid" />;
}
