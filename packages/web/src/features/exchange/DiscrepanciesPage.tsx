import { useMemo, useState } from 'react';
import { Card, Col, Form, Row, Space, Statistic, Table, Tag, Tooltip, Typography } from 'antd';
import { Link } from 'react-router';
import type { z } from 'zod';
import { todayInChina, type DiscrepancyItem } from '@renkou/core';
import { useAuth } from '../../app/auth';
import { formatDate } from '../../app/format';
import { ErrorAlert } from '../../components/ErrorAlert';
import { RegionName } from '../../components/RegionName';
import { RegionPicker } from '../../components/RegionPicker';
import { useI18n } from '../../i18n/i18n';
import { formatCount } from '../stats/format';
import { PeriodPicker } from '../stats/PeriodPicker';
import { periodCode, periodLabel, periodOf } from '../stats/period';
import { ErrorRateCard } from './ErrorRateCard';
import { DISCREPANCY, DISCREPANCY_HELP, DISCREPANCY_KINDS, discrepancyLabel, type DiscrepancyKind } from './labels';
import { useDiscrepancies } from './queries';

type Item = z.infer<typeof DiscrepancyItem>;
const COLOR: Record<DiscrepancyKind, string> = {
  birth_missing_in_registry: 'red',
  birth_without_certificate: 'orange',
  death_registry_only: 'gold',
  death_feed_only: 'volcano',
  hukou_not_in_residence: 'blue',
};

/**
 * 比对差异: what the partner feeds and the registry disagree on in a region and period (births the
 * registry lacked, births without a certificate, deaths on one side only, hukou moves not reflected in
 * residence), and the statistical error rate by child region.
 */
export function DiscrepanciesPage() {
  const { t, lang } = useI18n();
  const auth = useAuth();
  const [region, setRegion] = useState<string>(auth.user?.regionCode ?? '');
  const [period, setPeriod] = useState<string>(() => periodCode(periodOf('year', todayInChina())));
  const [kind, setKind] = useState<DiscrepancyKind | null>(null);
  const q = useDiscrepancies(region || undefined, period);
  const items = useMemo(() => (q.data?.items ?? []).filter((i) => kind === null || i.kind === kind), [q.data, kind]);

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={3}>{t('disc.title')}</Typography.Title>
      <Card size="small">
        <Form layout="vertical" component="div">
          <Row gutter={16}>
            <Col xs={24} md={10} xl={6}>
              <Form.Item label={t('stats.region')} style={{ marginBottom: 8 }}>
                <RegionPicker value={region} onChange={(c) => c && setRegion(c)} allowClear={false} data-testid="disc-region" aria-label={t('stats.region')} />
              </Form.Item>
            </Col>
            <Col xs={24} md={14} xl={10}>
              <Form.Item label={t('stats.period')} style={{ marginBottom: 8 }}>
                <PeriodPicker value={period} onChange={setPeriod} data-testid="disc-period" />
              </Form.Item>
            </Col>
          </Row>
        </Form>
      </Card>
      {q.error && <ErrorAlert error={q.error} />}
      <Row gutter={[12, 12]} data-testid="disc-counts">
        {DISCREPANCY_KINDS.map((k) => {
          const n = q.data?.counts[k] ?? 0;
          const active = kind === k;
          return (
            <Col xs={12} md={8} xl={4} key={k} style={{ flex: '1 1 0' }}>
              <Card
                size="small"
                hoverable
                onClick={() => setKind(active ? null : k)}
                style={{ borderColor: active ? '#1d4ed8' : undefined, height: '100%' }}
                data-testid={`disc-count-${k}`}
                data-value={n}
                aria-pressed={active}
              >
                <Tooltip title={DISCREPANCY_HELP[k][lang === 'zh' ? 0 : 1]}>
                  <div>
                    <Statistic title={DISCREPANCY[k][lang === 'zh' ? 0 : 1]} value={formatCount(n, lang)} loading={q.isPending} styles={{ content: { color: n > 0 ? '#cf1322' : undefined } }} />
                  </div>
                </Tooltip>
              </Card>
            </Col>
          );
        })}
      </Row>
      <Card
        size="small"
        title={q.data ? `${t('disc.items')} · ${q.data.region.name} · ${periodLabel(q.data.period, t)}` : t('disc.items')}
        extra={
          <Space>
            {kind && (
              <Tag closable onClose={() => setKind(null)} color={COLOR[kind]}>
                {discrepancyLabel(kind, lang)}
              </Tag>
            )}
            <Typography.Text type="secondary">{t('disc.limit')}</Typography.Text>
          </Space>
        }
      >
        <Table<Item>
          rowKey={(i) => `${i.kind}:${i.personId ?? ''}:${i.detail}`}
          size="small"
          loading={q.isFetching}
          dataSource={items}
          data-testid="disc-table"
          locale={{ emptyText: t('disc.none') }}
          pagination={{ pageSize: 50, hideOnSinglePage: true, showTotal: (n) => t('common.total', { n }) }}
          scroll={{ x: 900 }}
          columns={[
            {
              title: t('disc.kind'),
              key: 'kind',
              width: 200,
              render: (_: unknown, i) => (
                <Tag color={COLOR[i.kind]} data-kind={i.kind}>
                  {discrepancyLabel(i.kind, lang)}
                </Tag>
              ),
            },
            { title: t('disc.name'), key: 'name', width: 130, render: (_: unknown, i) => (i.personId !== null ? <Link to={`/persons/${i.personId}`}>{i.name ?? i.personId}</Link> : i.name ?? '—') },
            { title: t('disc.date'), key: 'date', width: 120, render: (_: unknown, i) => formatDate(i.date) },
            { title: t('disc.region'), key: 'region', width: 220, render: (_: unknown, i) => (i.regionCode ? <RegionName code={i.regionCode} /> : '—') },
            { title: t('disc.detail'), key: 'detail', render: (_: unknown, i) => <Typography.Text type="secondary">{i.detail}</Typography.Text> },
          ]}
        />
      </Card>
      <ErrorRateCard region={region || undefined} period={period} variant="table" />
    </Space>
  );
}
