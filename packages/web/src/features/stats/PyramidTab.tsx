import { useState } from 'react';
import { DatePicker, Empty, Form, Space, Spin, Typography } from 'antd';
import dayjs from 'dayjs';
import { todayInChina, type Basis } from '@renkou/core';
import { DATE_FORMAT, formatDate } from '../../app/format';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useI18n } from '../../i18n/i18n';
import { Pyramid } from '../dashboard/Pyramid';
import { formatCount } from './format';
import { parsePeriod, periodEnd } from './period';
import { usePyramid } from './queries';

/** 人口金字塔 of the region on a date: by default the last day of the chosen period (today, if that is later). */
export function PyramidTab({ region, period, basis }: { region: string; period: string; basis: Basis }) {
  const { t, lang } = useI18n();
  const today = todayInChina();
  const p = parsePeriod(period);
  const end = p ? periodEnd(p) : today;
  const [chosen, setChosen] = useState<string | null>(null);
  const date = chosen ?? (end < today ? end : today);
  const pyramid = usePyramid(region, date, basis);

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space wrap size="large" align="center">
        <Form.Item label={t('stats.pyramid.date')} style={{ margin: 0 }}>
          <DatePicker
            value={dayjs(date)}
            format={DATE_FORMAT}
            allowClear={false}
            disabledDate={(d) => d.format(DATE_FORMAT) > today}
            onChange={(d) => setChosen(d ? d.format(DATE_FORMAT) : null)}
            data-testid="pyramid-date"
          />
        </Form.Item>
        {pyramid.data && (
          <Typography.Text strong data-testid="pyramid-total" data-value={pyramid.data.total}>
            {pyramid.data.region.name} · {formatDate(pyramid.data.date)} · {t('stats.pyramid.total', { n: formatCount(pyramid.data.total, lang) })}
          </Typography.Text>
        )}
      </Space>
      {pyramid.error && <ErrorAlert error={pyramid.error} />}
      {pyramid.isPending && <Spin style={{ display: 'block', margin: 32 }} />}
      {pyramid.data && (pyramid.data.total > 0 ? <Pyramid rows={pyramid.data.rows} /> : <Empty description={t('stats.noRows')} />)}
    </Space>
  );
}
