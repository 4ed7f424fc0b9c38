import { useMemo } from 'react';
import { Card, Col, Row } from 'antd';
import { FONT_STACK } from '../../app/theme';
import { EChart, type EChartOption } from '../../components/EChart';
import type { DictKey } from '../../i18n/dict';
import { useI18n } from '../../i18n/i18n';
import { formatNumber, personDigits, type ScenarioRun, type YearRow } from './model';

type Metric = keyof Omit<YearRow, 'year'>;

interface ChartSpec {
  readonly key: string;
  readonly title: DictKey;
  readonly metrics: readonly { readonly metric: Metric; readonly label: DictKey; readonly color: string }[];
  /** 'count': persons; 'percent': shares and ratios with one decimal. */
  readonly unit: 'count' | 'percent';
  /** Flows (births, deaths) are over a year: the base year has none. */
  readonly flows?: boolean;
}

const CHARTS: readonly ChartSpec[] = [
  { key: 'total', title: 'projection.chart.total', unit: 'count', metrics: [{ metric: 'total', label: 'projection.col.total', color: '#2f6fdf' }] },
  {
    key: 'flows',
    title: 'projection.chart.flows',
    unit: 'count',
    flows: true,
    metrics: [
      { metric: 'births', label: 'projection.col.births', color: '#52a447' },
      { metric: 'deaths', label: 'projection.col.deaths', color: '#8c8c8c' },
    ],
  },
  {
    key: 'aging',
    title: 'projection.chart.aging',
    unit: 'percent',
    metrics: [
      { metric: 'aged60Share', label: 'projection.col.aged60Share', color: '#d48806' },
      { metric: 'aged65Share', label: 'projection.col.aged65Share', color: '#cf1322' },
    ],
  },
  {
    key: 'dependency',
    title: 'projection.chart.dependency',
    unit: 'percent',
    metrics: [
      { metric: 'dependencyChild', label: 'projection.col.dependencyChild', color: '#52a447' },
      { metric: 'dependencyOld', label: 'projection.col.dependencyOld', color: '#cf1322' },
      { metric: 'dependencyTotal', label: 'projection.col.dependencyTotal', color: '#2f6fdf' },
    ],
  },
  {
    key: 'school',
    title: 'projection.chart.school',
    unit: 'count',
    metrics: [
      { metric: 'schoolAge', label: 'projection.col.schoolAge', color: '#722ed1' },
      { metric: 'primary', label: 'projection.col.primary', color: '#13a8a8' },
      { metric: 'juniorSecondary', label: 'projection.col.juniorSecondary', color: '#d46b08' },
    ],
  },
  { key: 'working', title: 'projection.chart.working', unit: 'count', metrics: [{ metric: 'workingAge', label: 'projection.col.workingAge', color: '#1d39c4' }] },
];

function LineChart({ spec, scenarios }: { spec: ChartSpec; scenarios: readonly ScenarioRun[] }) {
  const { t, lang } = useI18n();
  const option = useMemo<EChartOption>(() => {
    const rows = (s: ScenarioRun) => (spec.flows ? s.years.slice(1) : s.years);
    const years = rows(scenarios[0]!).map((y) => String(y.year));
    const all = scenarios.flatMap((s) => rows(s).flatMap((y) => spec.metrics.map((m) => y[m.metric])));
    const digits = spec.unit === 'percent' ? 1 : personDigits(all);
    const two = scenarios.length > 1;
    return {
      textStyle: { fontFamily: FONT_STACK },
      aria: { enabled: true },
      animation: false,
      tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => formatNumber(Number(v), lang, digits) },
      legend: { top: 0, type: 'scroll' },
      grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: years, boundaryGap: false },
      yAxis: {
        type: 'value',
        scale: spec.unit === 'count' && spec.metrics.length === 1,
        axisLabel: { formatter: (v: number) => formatNumber(v, lang, spec.unit === 'percent' ? 0 : digits === 1 && Math.abs(v) < 10 ? 1 : 0) },
        splitLine: { lineStyle: { type: 'dashed' } },
      },
      series: scenarios.flatMap((s, si) =>
        spec.metrics.map((m) => ({
          name: two ? `${t(m.label)} · ${s.name}` : t(m.label),
          type: 'line',
          data: rows(s).map((y) => y[m.metric]),
          showSymbol: false,
          itemStyle: { color: m.color },
          lineStyle: { color: m.color, width: 2, type: si === 0 ? 'solid' : 'dashed' },
        })),
      ),
    };
  }, [spec, scenarios, lang, t]);
  return (
    <Card size="small" title={t(spec.title)} data-testid={`projection-chart-${spec.key}`}>
      <EChart option={option} height={260} ariaLabel={t(spec.title)} />
    </Card>
  );
}

/** 主要指标走势: total population, births and deaths, ageing, dependency, school-age and working-age; a second scenario dashed. */
export function ProjectionCharts({ scenarios }: { scenarios: readonly ScenarioRun[] }) {
  return (
    <Row gutter={[16, 16]}>
      {CHARTS.map((c) => (
        <Col key={c.key} xs={24} xl={12}>
          <LineChart spec={c} scenarios={scenarios} />
        </Col>
      ))}
    </Row>
  );
}
