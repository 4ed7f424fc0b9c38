import { useMemo, useState } from 'react';
import { Card, Col, Form, Row, Space, Table, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import type { z } from 'zod';
import type { QualityFinding, QualityResult } from '@renkou/core';
import { useAuth } from '../../app/auth';
import { ErrorAlert } from '../../components/ErrorAlert';
import { RegionPicker } from '../../components/RegionPicker';
import { useI18n } from '../../i18n/i18n';
import { ErrorRateCard } from '../exchange/ErrorRateCard';
import { formatAmount } from './format';
import { PeriodPicker } from './PeriodPicker';
import { lastComplete, parsePeriod, periodCode, periodLabel } from './period';
import { useQuality } from './queries';
import { statsHref } from './useStatsParams';

type Check = z.infer<typeof QualityResult>['checks'][number];
const SEVERITY_COLOR: Record<QualityFinding['severity'], string> = { info: 'blue', warning: 'orange', alert: 'red' };
const SEVERITY_RANK: Record<QualityFinding['severity'], number> = { alert: 0, warning: 1, info: 2 };

/** 数据质量: the checks run on a region's aggregates for a month or year, and what each found. */
export function QualityPage() {
  const { t, text, lang } = useI18n();
  const auth = useAuth();
  const [region, setRegion] = useState<string>(auth.user?.regionCode ?? '');
  const [period, setPeriod] = useState<string>(() => periodCode(lastComplete('month')));
  const quality = useQuality(region, period);
  const names = useMemo(() => new Map((quality.data?.checks ?? []).map((c) => [c.check, c.name])), [quality.data]);
  const findings = useMemo(
    () => [...(quality.data?.findings ?? [])].sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || a.regionCode.localeCompare(b.regionCode)),
    [quality.data],
  );

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('quality.title')}
      </Typography.Title>
      <Card size="small">
        <Form layout="vertical" component="div">
          <Row gutter={16}>
            <Col xs={24} md={10} xl={6}>
              <Form.Item label={t('stats.region')} style={{ marginBottom: 8 }}>
                <RegionPicker value={region} onChange={(c) => c && setRegion(c)} allowClear={false} data-testid="quality-region" aria-label={t('stats.region')} />
              </Form.Item>
            </Col>
            <Col xs={24} md={14} xl={8}>
              <Form.Item label={t('stats.period')} extra={t('quality.periodHelp')} style={{ marginBottom: 8 }}>
                <PeriodPicker value={period} onChange={setPeriod} kinds={['month', 'year']} data-testid="quality-period" />
              </Form.Item>
            </Col>
          </Row>
        </Form>
      </Card>
      {quality.error && <ErrorAlert error={quality.error} />}
      <Card size="small" title={quality.data ? `${t('quality.checks')} · ${quality.data.region.name} · ${periodLabel(quality.data.period, t)}` : t('quality.checks')}>
        <Table<Check>
          rowKey="check"
          size="small"
          pagination={false}
          loading={quality.isFetching}
          dataSource={quality.data?.checks ?? []}
          data-testid="quality-checks"
          columns={[
            { title: t('quality.check'), key: 'name', width: 200, render: (_: unknown, c) => text(c.name) },
            { title: t('quality.method'), key: 'method', render: (_: unknown, c) => <Typography.Text type="secondary">{text(c.method)}</Typography.Text> },
            {
              title: t('quality.findingsCount'),
              key: 'findings',
              align: 'right',
              width: 110,
              render: (_: unknown, c) => (c.findings > 0 ? <Tag color="orange">{formatAmount(c.findings, lang)}</Tag> : <Tag color="green">0</Tag>),
            },
          ]}
        />
      </Card>
      <ErrorRateCard region={region} period={period} variant="card" />
      <Card size="small" title={t('quality.findings')}>
        <Table<QualityFinding>
          rowKey={(f) => `${f.check}:${f.regionCode}:${f.period}`}
          size="small"
          loading={quality.isFetching}
          dataSource={findings}
          data-testid="quality-findings"
          locale={{ emptyText: t('quality.none') }}
          pagination={{ pageSize: 50, hideOnSinglePage: true, showTotal: (n) => t('common.total', { n }) }}
          scroll={{ x: 960 }}
          columns={[
            { title: t('quality.check'), key: 'check', width: 160, render: (_: unknown, f) => text(names.get(f.check)) || f.check },
            {
              title: t('quality.severity'),
              key: 'severity',
              width: 80,
              render: (_: unknown, f) => (
                <Tag color={SEVERITY_COLOR[f.severity]} data-severity={f.severity}>
                  {t(`quality.severity.${f.severity}`)}
                </Tag>
              ),
            },
            {
              title: t('quality.region'),
              key: 'region',
              width: 150,
              render: (_: unknown, f) => <Link to={statsHref({ region: f.regionCode, period: parsePeriod(f.period) ? f.period : period })}>{f.regionName}</Link>,
            },
            { title: t('quality.period'), key: 'period', width: 110, render: (_: unknown, f) => periodLabel(f.period, t) },
            { title: t('quality.value'), key: 'value', align: 'right', width: 90, render: (_: unknown, f) => formatAmount(f.value === null ? null : Math.round(f.value * 100) / 100, lang) },
            { title: t('quality.expected'), key: 'expected', width: 120, render: (_: unknown, f) => f.expected ?? '' },
            { title: t('quality.message'), key: 'message', render: (_: unknown, f) => text(f.message) },
          ]}
        />
      </Card>
    </Space>
  );
}
