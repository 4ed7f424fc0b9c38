import { useEffect, useMemo, useState } from 'react';
import { Button, Card, Slider, Space, Typography } from 'antd';
import { PauseOutlined, CaretRightOutlined } from '@ant-design/icons';
import { FONT_STACK } from '../../app/theme';
import { EChart, type EChartOption } from '../../components/EChart';
import { useI18n } from '../../i18n/i18n';
import { formatNumber, pyramidMax, type ScenarioRun } from './model';

/** Years per second while playing. */
const STEP_MS = 250;
const MALE = '#2f6fdf';
const FEMALE = '#e0567a';

/**
 * 人口金字塔 by year: men to the left, women to the right, five-year groups, on an axis fixed over all
 * years so the shape visibly changes. A slider picks the year; play steps through the years (4 a
 * second). A second scenario is drawn over the first as outlined bars.
 */
export function PyramidPlayer({ scenarios }: { scenarios: readonly ScenarioRun[] }) {
  const { t, lang } = useI18n();
  const first = scenarios[0]!;
  const years = first.pyramids.map((p) => p.year);
  const minYear = years[0] ?? 0;
  const maxYear = years.at(-1) ?? minYear;
  const [year, setYear] = useState(minYear);
  const [playing, setPlaying] = useState(false);
  const shown = Math.min(maxYear, Math.max(minYear, year));

  // A new run (another base year or horizon) starts at its base year.
  useEffect(() => {
    setYear(minYear);
    setPlaying(false);
  }, [minYear, maxYear]);

  useEffect(() => {
    if (!playing) return;
    const h = setInterval(() => setYear((y) => Math.min(maxYear, y + 1)), STEP_MS);
    return () => clearInterval(h);
  }, [playing, maxYear]);

  // The last year reached: the play button becomes "play" again (a click then starts over).
  useEffect(() => {
    if (playing && shown >= maxYear) setPlaying(false);
  }, [playing, shown, maxYear]);

  const max = useMemo(() => pyramidMax(scenarios), [scenarios]);
  const i = shown - minYear;
  const a = first.pyramids[i];
  const second = scenarios[1];
  const b = second?.pyramids[i];
  const digits = max < 100 ? 1 : 0;

  const option = useMemo<EChartOption>(() => {
    if (!a) return {};
    const male = t('projection.male');
    const female = t('projection.female');
    const named = (sex: string, s: ScenarioRun) => (second ? `${sex} · ${s.name}` : sex);
    const series: object[] = [
      { name: named(male, first), type: 'bar', stack: 'a', data: a.male.map((v) => -v), itemStyle: { color: MALE }, barCategoryGap: '12%' },
      { name: named(female, first), type: 'bar', stack: 'a', data: [...a.female], itemStyle: { color: FEMALE } },
    ];
    if (second && b) {
      const outline = (color: string) => ({ color: 'rgba(255,255,255,0)', borderColor: color, borderWidth: 1.5, borderType: 'solid' });
      series.push(
        { name: named(male, second), type: 'bar', stack: 'b', barGap: '-100%', data: b.male.map((v) => -v), itemStyle: outline('#0b3a8f'), z: 3 },
        { name: named(female, second), type: 'bar', stack: 'b', data: [...b.female], itemStyle: outline('#8f0b33'), z: 3 },
      );
    }
    return {
      textStyle: { fontFamily: FONT_STACK },
      aria: { enabled: true },
      animation: false,
      tooltip: {
        trigger: 'axis',
        axisPointer: { type: 'shadow' },
        valueFormatter: (v: unknown) => formatNumber(Math.abs(Number(v)), lang, digits),
      },
      legend: { top: 0, right: 8 },
      grid: { left: 8, right: 24, top: 32, bottom: 8, containLabel: true },
      xAxis: {
        type: 'value',
        min: -max,
        max,
        axisLabel: { formatter: (v: number) => formatNumber(Math.abs(v), lang, 0) },
        splitLine: { lineStyle: { type: 'dashed' } },
      },
      yAxis: { type: 'category', data: [...a.ageGroups], axisTick: { show: false } },
      series,
    };
  }, [a, b, first, second, max, lang, t, digits]);

  const total = (s: ScenarioRun | undefined) => s?.years[i]?.total;
  return (
    <Card
      size="small"
      title={t('projection.pyramid')}
      data-testid="projection-pyramid"
      extra={second && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('projection.pyramid.outline', { name: second.name })}</Typography.Text>}
    >
      <Space wrap align="center" style={{ width: '100%', marginBottom: 8 }}>
        <Button
          type="primary"
          icon={playing ? <PauseOutlined /> : <CaretRightOutlined />}
          onClick={() => {
            if (!playing && shown >= maxYear) setYear(minYear);
            setPlaying(!playing);
          }}
          data-testid="pyramid-play"
          aria-pressed={playing}
        >
          {playing ? t('projection.pyramid.pause') : t('projection.pyramid.play')}
        </Button>
        <Typography.Text strong data-testid="pyramid-year" data-value={shown}>
          {t('projection.pyramid.total', { year: shown, n: formatNumber(total(first), lang, digits) })}
          {second && ` · ${second.name} ${formatNumber(total(second), lang, digits)}`}
        </Typography.Text>
      </Space>
      <div data-testid="pyramid-slider">
        <Slider
          min={minYear}
          max={maxYear}
          value={shown}
          onChange={(v) => {
            setPlaying(false);
            setYear(v);
          }}
          marks={{ [minYear]: String(minYear), [maxYear]: String(maxYear) }}
          tooltip={{ formatter: (v) => String(v) }}
          ariaLabelForHandle={t('projection.pyramid.year')}
        />
      </div>
      <EChart option={option} height={460} ariaLabel={`${t('projection.pyramid')} ${shown}`} testId="projection-pyramid-chart" />
    </Card>
  );
}
