import { Card, Col, Row, Space, Statistic, Table, Tooltip, Typography } from 'antd';
import { InfoCircleOutlined } from '@ant-design/icons';
import type { z } from 'zod';
import type { ErrorRateRow } from '@renkou/core';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useI18n } from '../../i18n/i18n';
import type { Lang } from '../../i18n/labels';
import { formatCount, formatFixed } from '../stats/format';
import { periodLabel } from '../stats/period';
import { useErrorRate } from './queries';

type Rate = z.infer<typeof ErrorRateRow>;

export function formatRate(rate: number | null, lang: Lang): string {
  return rate === null ? '—' : `${formatFixed(rate, 2, lang)}%`;
}

export interface ErrorRateCardProps {
  readonly region: string | undefined;
  readonly period: string;
  /**
   * 'table': a card with the totals and a row per child region (比对差异); 'card': a card with the totals
   * (数据质量); 'inline': one small number with its counts in a tooltip (统计分析).
   */
  readonly variant?: 'table' | 'card' | 'inline';
}

/** 统计误差率: of the partner records checked against the registry, the share found missing, wrong or unresolved. */
export function ErrorRateCard({ region, period, variant = 'card' }: ErrorRateCardProps) {
  const { t, lang } = useI18n();
  const q = useErrorRate(region, period);
  const total = q.data?.total;
  const title = (
    <span>
      {t('errorRate.title')}
      {q.data ? ` · ${q.data.region.name} · ${periodLabel(q.data.period, t)}` : ''}{' '}
      <Tooltip title={t('errorRate.help')}>
        <InfoCircleOutlined aria-label={t('errorRate.help')} />
      </Tooltip>
    </span>
  );

  if (variant === 'inline') {
    if (q.error) return null;
    const counts = total ? `${t('errorRate.checked')} ${formatCount(total.checked, lang)} · ${t('errorRate.missing')} ${formatCount(total.missing, lang)} · ${t('errorRate.wrong')} ${formatCount(total.wrong, lang)} · ${t('errorRate.unresolved')} ${formatCount(total.unresolved, lang)}` : '';
    return (
      <Tooltip title={`${t('errorRate.help')}${counts ? `（${counts}）` : ''}`}>
        <Statistic
          title={t('errorRate.short')}
          value={total ? formatRate(total.rate, lang) : '—'}
          loading={q.isPending}
          styles={{ content: { fontSize: 18 } }}
          style={{ marginBottom: 8, display: 'inline-block' }}
          data-testid="error-rate-inline"
          data-value={total?.rate ?? ''}
        />
      </Tooltip>
    );
  }

  const stats = (
    <Row gutter={16} data-testid="error-rate-total" data-value={total?.rate ?? ''}>
      <Col xs={12} md={8} lg={4}>
        <Statistic title={t('errorRate.rate')} value={total ? formatRate(total.rate, lang) : '—'} loading={q.isPending} styles={{ content: { color: total && total.rate !== null && total.rate > 0 ? '#cf1322' : undefined } }} data-testid="error-rate-value" />
      </Col>
      {(['checked', 'missing', 'wrong', 'unresolved'] as const).map((k) => (
        <Col xs={12} md={8} lg={4} key={k}>
          <Statistic title={t(`errorRate.${k}`)} value={total ? formatCount(total[k], lang) : '—'} loading={q.isPending} data-testid={`error-rate-${k}`} />
        </Col>
      ))}
    </Row>
  );

  return (
    <Card size="small" title={title} data-testid="error-rate">
      {q.error ? (
        <ErrorAlert error={q.error} />
      ) : (
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          {stats}
          {total && total.checked === 0 && <Typography.Text type="secondary">{t('errorRate.none')}</Typography.Text>}
          {variant === 'table' && (
            <Table<Rate>
              rowKey="regionCode"
              size="small"
              loading={q.isFetching}
              dataSource={q.data?.children ?? []}
              pagination={{ pageSize: 50, hideOnSinglePage: true, showTotal: (n) => t('common.total', { n }) }}
              data-testid="error-rate-table"
              scroll={{ x: 640 }}
              columns={[
                { title: t('errorRate.region'), key: 'region', render: (_: unknown, r) => r.regionName },
                ...(['checked', 'missing', 'wrong', 'unresolved'] as const).map((k) => ({
                  title: t(`errorRate.${k}`),
                  key: k,
                  align: 'right' as const,
                  width: 100,
                  render: (_: unknown, r: Rate) => formatCount(r[k], lang),
                })),
                { title: t('errorRate.rate'), key: 'rate', align: 'right', width: 100, render: (_: unknown, r) => formatRate(r.rate, lang) },
              ]}
              summary={() =>
                total ? (
                  <Table.Summary fixed>
                    <Table.Summary.Row data-testid="error-rate-table-total">
                      <Table.Summary.Cell index={0}>
                        <strong>{t('errorRate.total')}</strong>
                      </Table.Summary.Cell>
                      {(['checked', 'missing', 'wrong', 'unresolved'] as const).map((k, i) => (
                        <Table.Summary.Cell index={i + 1} key={k} align="right">
                          <strong>{formatCount(total[k], lang)}</strong>
                        </Table.Summary.Cell>
                      ))}
                      <Table.Summary.Cell index={5} align="right">
                        <strong>{formatRate(total.rate, lang)}</strong>
                      </Table.Summary.Cell>
                    </Table.Summary.Row>
                  </Table.Summary>
                ) : null
              }
            />
          )}
        </Space>
      )}
    </Card>
  );
}
