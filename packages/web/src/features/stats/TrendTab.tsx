import { useState } from 'react';
import { Alert, Col, Empty, Form, Row, Segmented, Space, Spin } from 'antd';
import { MAX_PERIODS, type Basis, type IndicatorDefinitionView } from '@renkou/core';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useI18n } from '../../i18n/i18n';
import { PeriodPicker } from './PeriodPicker';
import { convertPeriod, lastComplete, parsePeriod, periodCode, periodCount, shiftPeriod, type Period, type PeriodKind } from './period';
import { useTrend } from './queries';
import { TrendChart } from './TrendChart';

/** The default span ending at the chosen period: five years, eight quarters or twelve months. */
const SPAN: Record<PeriodKind, number> = { year: 5, quarter: 8, month: 12 };

interface Range {
  readonly granularity: PeriodKind;
  readonly from: string;
  readonly to: string;
}

function defaultRange(to: Period): Range {
  return { granularity: to.kind, from: periodCode(shiftPeriod(to, 1 - SPAN[to.kind])), to: periodCode(to) };
}

interface Props {
  readonly region: string;
  readonly period: string;
  readonly basis: Basis;
  readonly indicators: readonly string[];
  readonly defs: ReadonlyMap<string, IndicatorDefinitionView>;
}

/** 趋势: the chosen indicators over months, quarters or years, a line chart each. */
export function TrendTab({ region, period, basis, indicators, defs }: Props) {
  const { t } = useI18n();
  const main = parsePeriod(period) ?? lastComplete('year');
  const [chosen, setChosen] = useState<Range | null>(null);
  const range = chosen ?? defaultRange(main);
  const from = parsePeriod(range.from)!;
  const to = parsePeriod(range.to)!;
  const count = periodCount(from, to);
  const valid = count >= 1 && count <= MAX_PERIODS;
  const trend = useTrend({ region, basis, indicators, granularity: range.granularity, from: range.from, to: range.to }, valid);

  const setGranularity = (k: PeriodKind) => setChosen(defaultRange(convertPeriod(to, k)));

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space wrap size="large">
        <Form.Item label={t('stats.trend.granularity')} style={{ margin: 0 }}>
          <Segmented<PeriodKind>
            value={range.granularity}
            onChange={setGranularity}
            options={(['month', 'quarter', 'year'] as const).map((k) => ({ value: k, label: t(`stats.kind.${k}`) }))}
            data-testid="trend-granularity"
          />
        </Form.Item>
        <Form.Item label={t('stats.trend.from')} style={{ margin: 0 }}>
          <PeriodPicker value={range.from} onChange={(c) => setChosen({ ...range, from: c })} kinds={[range.granularity]} data-testid="trend-from" />
        </Form.Item>
        <Form.Item label={t('stats.trend.to')} style={{ margin: 0 }}>
          <PeriodPicker value={range.to} onChange={(c) => setChosen({ ...range, to: c })} kinds={[range.granularity]} data-testid="trend-to" />
        </Form.Item>
      </Space>
      {count < 1 && <Alert type="warning" showIcon title={t('stats.trend.badRange')} />}
      {count > MAX_PERIODS && <Alert type="warning" showIcon title={t('stats.trend.tooLong', { n: MAX_PERIODS })} />}
      {trend.error && <ErrorAlert error={trend.error} />}
      {valid && trend.isPending && <Spin style={{ display: 'block', margin: 32 }} />}
      {trend.data && trend.data.series.length === 0 && <Empty description={t('stats.noRows')} />}
      {trend.data && (
        <Row gutter={[16, 16]}>
          {trend.data.series.map((s) => (
            <Col key={s.indicator} xs={24} lg={12} xxl={8}>
              <TrendChart indicator={s.indicator} points={s.points} def={defs.get(s.indicator)} />
            </Col>
          ))}
        </Row>
      )}
    </Space>
  );
}
