import { Alert, Card, Col, Row, Space, Spin, Statistic, Table, Tag, Tooltip, Typography } from 'antd';
import { InfoCircleOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { dashboardContracts, type Dashboard } from '@renkou/core';
import { call } from '../../api/api';
import { formatDate } from '../../app/format';
import { ErrorAlert } from '../../components/ErrorAlert';
import { RegionName } from '../../components/RegionName';
import { useI18n } from '../../i18n/i18n';
import { EVENT_KIND, label } from '../../i18n/labels';
import { Pyramid } from './Pyramid';

type Latest = Dashboard['latestEvents'][number];

function Stat({ title, value, testId, suffix, help }: { title: string; value: number | string; testId: string; suffix?: string; help?: string }) {
  return (
    <Card size="small" className="stat-card">
      <Statistic
        title={
          <span>
            {title}{' '}
            {help && (
              <Tooltip title={help}>
                <InfoCircleOutlined aria-label={help} />
              </Tooltip>
            )}
          </span>
        }
        value={value}
        suffix={suffix}
        groupSeparator=","
        data-testid={testId}
      />
    </Card>
  );
}

/** 首页概览: totals, this year's births and deaths, the sex ratio at birth, the pyramid, the latest events. */
export function DashboardPage() {
  const { t, lang } = useI18n();
  const dash = useQuery({ queryKey: ['dashboard'], queryFn: () => call(dashboardContracts.summary), refetchInterval: 60_000 });
  if (dash.isPending) return <Spin size="large" style={{ display: 'block', margin: '64px auto' }} />;
  if (dash.error) return <ErrorAlert error={dash.error} />;
  const d = dash.data;
  const y = d.thisYear;
  const births = y.birthsMale + y.birthsFemale;

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space align="baseline" wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {d.region.name} · {t('dash.title')}
        </Typography.Title>
        <Typography.Text type="secondary">{t('dash.asOf', { date: formatDate(d.asOf) })}</Typography.Text>
      </Space>
      <Row gutter={[12, 12]}>
        <Col xs={12} md={6} xl={3}><Stat title={t('dash.population')} value={d.totals.population} testId="stat-population" /></Col>
        <Col xs={12} md={6} xl={3}><Stat title={t('dash.male')} value={d.totals.male} testId="stat-male" /></Col>
        <Col xs={12} md={6} xl={3}><Stat title={t('dash.female')} value={d.totals.female} testId="stat-female" /></Col>
        <Col xs={12} md={6} xl={3}><Stat title={t('dash.households')} value={d.totals.households} testId="stat-households" /></Col>
        <Col xs={12} md={6} xl={3}><Stat title={t('dash.floating')} value={d.totals.floatingIn} testId="stat-floating" help={t('dash.floatingHelp')} /></Col>
        <Col xs={12} md={6} xl={3}><Stat title={t('dash.births', { year: y.year })} value={y.births} testId="stat-births" /></Col>
        <Col xs={12} md={6} xl={3}><Stat title={t('dash.deaths', { year: y.year })} value={y.deaths} testId="stat-deaths" /></Col>
        <Col xs={12} md={6} xl={3}>
          <Stat title={t('dash.srb')} value={y.srb === null ? '—' : y.srb.toFixed(1)} testId="stat-srb" help={t('dash.srbHelp')} />
        </Col>
      </Row>
      {births > 0 && births < 100 && <Alert type="info" showIcon title={t('dash.srbSmall')} />}
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <Card title={t('dash.pyramid')} size="small">
            <Pyramid rows={d.pyramid} />
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card title={t('dash.latest')} size="small">
            <Table<Latest>
              rowKey="id"
              size="small"
              pagination={false}
              data-testid="latest-events"
              dataSource={d.latestEvents}
              columns={[
                { title: t('event.when'), dataIndex: 'occurredOn', key: 'on', render: formatDate, width: 110 },
                { title: t('form.kind'), dataIndex: 'kind', key: 'kind', render: (k: string) => <Tag>{label(EVENT_KIND, k, lang)}</Tag> },
                { title: t('person.name'), dataIndex: 'personName', key: 'name', render: (_: string, e: Latest) => <Link to={`/persons/${e.personId}`}>{e.personName}</Link> },
                { title: t('event.region'), dataIndex: 'regionCode', key: 'region', render: (c: string) => <RegionName code={c} /> },
              ]}
            />
          </Card>
        </Col>
      </Row>
    </Space>
  );
}
