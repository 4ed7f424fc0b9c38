import { useMemo, useState } from 'react';
import { Alert, Card, Col, Empty, Form, Layout, Row, Select, Space, Spin, Statistic, Table, Typography } from 'antd';
import { LoginOutlined } from '@ant-design/icons';
import { Link } from 'react-router';
import { formatTime } from '../../app/format';
import { DemoBanner } from '../../app/DemoBanner';
import { LanguageSwitch } from '../../app/LanguageSwitch';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useI18n } from '../../i18n/i18n';
import { label, SEX } from '../../i18n/labels';
import { lastComplete } from '../stats/period';
import { usePublicStats } from '../stats/queries';
import { formatPublic, SUPPRESSED, type PublicRow } from './public-format';

const YEARS = 10;

/** A published figure; "<5" carries its explanation. */
function PublicValue({ row }: { row: PublicRow }) {
  const { t, lang } = useI18n();
  const text = formatPublic(row, lang);
  // "<5" is a count below 5; a missing rate was built on fewer than 5 events (or has no denominator).
  if (row.value === SUPPRESSED) return <span title={t('public.suppressed')} data-suppressed="true">{text}</span>;
  return row.value === null ? <span title={t('public.suppressedNote')}>{text}</span> : <span>{text}</span>;
}

/**
 * 政务公开 · 人口统计公开数据: the aggregate statistics anyone may read, without signing in
 * (GET /api/v1/public/stats). Counts below 5, and rates built on them, come as "<5".
 */
export function PublicStatsPage() {
  const { t, text, lang } = useI18n();
  const last = lastComplete('year').year;
  const [year, setYear] = useState(last);
  const stats = usePublicStats(String(year));
  const rows = stats.data?.rows ?? [];
  const totals = rows.filter((r) => r.group === null);
  const grouped = useMemo(() => {
    const map = new Map<string, PublicRow[]>();
    for (const r of rows) if (r.group !== null) map.set(r.indicator, [...(map.get(r.indicator) ?? []), r]);
    return [...map.entries()];
  }, [rows]);
  const anySuppressed = rows.some((r) => r.value === SUPPRESSED);

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header className="app-header">
        <Typography.Title level={4} className="app-title" style={{ cursor: 'default' }}>
          {t('app.name')} · {t('public.subtitle')}
        </Typography.Title>
        <Space>
          <LanguageSwitch dark />
          <Link to="/login" style={{ color: 'rgba(255,255,255,0.88)' }} data-testid="public-sign-in">
            <LoginOutlined /> {t('public.signIn')}
          </Link>
        </Space>
      </Layout.Header>
      <DemoBanner />
      <Layout.Content id="main" className="public-content">
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          <Space align="baseline" wrap style={{ justifyContent: 'space-between', width: '100%' }}>
            <Typography.Title level={2} style={{ margin: 0 }} data-testid="public-title">
              {stats.data ? `${stats.data.region.name} · ` : ''}
              {t('public.title')}
            </Typography.Title>
            <Form.Item label={t('public.year')} style={{ margin: 0 }}>
              <Select<number>
                value={year}
                onChange={setYear}
                options={Array.from({ length: YEARS }, (_, i) => ({ value: last - i, label: t('stats.yearOption', { y: last - i }) }))}
                style={{ width: 120 }}
                data-testid="public-year"
                aria-label={t('public.year')}
              />
            </Form.Item>
          </Space>
          {stats.error && <ErrorAlert error={stats.error} />}
          {stats.isPending && <Spin size="large" style={{ display: 'block', margin: 48 }} />}
          {stats.data && rows.length === 0 && <Empty description={t('public.empty')} />}
          {anySuppressed && <Alert type="info" showIcon title={t('public.suppressed')} data-testid="public-suppressed-note" />}
          {totals.length > 0 && (
            <Row gutter={[16, 16]} data-testid="public-cards">
              {totals.map((r) => (
                <Col key={r.indicator} xs={12} md={8} xl={6}>
                  <Card size="small" className="stat-card" data-testid={`public-${r.indicator}`}>
                    <Statistic title={text(r.name)} value={formatPublic(r, lang)} suffix={r.value === SUPPRESSED || r.value === null ? undefined : text(r.unit)} formatter={() => <PublicValue row={r} />} />
                  </Card>
                </Col>
              ))}
            </Row>
          )}
          {grouped.length > 0 && (
            <Card size="small" title={t('public.groups')}>
              <Row gutter={[16, 16]}>
                {grouped.map(([indicator, items]) => (
                  <Col key={indicator} xs={24} md={12} xl={8}>
                    <Table<PublicRow>
                      size="small"
                      pagination={false}
                      rowKey={(r) => r.group ?? ''}
                      dataSource={items}
                      title={() => <strong>{`${text(items[0]!.name)}（${text(items[0]!.unit)}）`}</strong>}
                      columns={[
                        { title: t('stats.group'), key: 'group', render: (_: unknown, r) => r.groupName ?? label(SEX, r.group, lang) },
                        { title: t('stats.value'), key: 'value', align: 'right', render: (_: unknown, r) => <PublicValue row={r} /> },
                      ]}
                    />
                  </Col>
                ))}
              </Row>
            </Card>
          )}
          {stats.data && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('public.suppressedNote')} {t('stats.generatedAt', { time: formatTime(stats.data.generatedAt) })}
            </Typography.Text>
          )}
        </Space>
      </Layout.Content>
    </Layout>
  );
}
