import { Badge, Card, Col, Descriptions, Row, Space, Spin, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { systemContracts } from '@renkou/core';
import { call } from '../../api/api';
import { formatNumber } from '../../app/format';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useI18n } from '../../i18n/i18n';

function uptime(seconds: number, lang: 'zh' | 'en'): string {
  const d = Math.floor(seconds / 86400);
  const h = Math.floor((seconds % 86400) / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  return lang === 'zh' ? `${d} 天 ${h} 小时 ${m} 分` : `${d} d ${h} h ${m} min`;
}

/** 系统设置与状态 (system administrator): health of the server and database, and the security settings in force. */
export function SystemPage() {
  const { t, lang } = useI18n();
  const health = useQuery({ queryKey: ['health'], queryFn: () => call(systemContracts.health), refetchInterval: 30_000 });
  const settings = useQuery({ queryKey: ['settings'], queryFn: () => call(systemContracts.settings) });

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={3}>{t('system.title')}</Typography.Title>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <Card title={t('system.health')} data-testid="health">
            {health.isPending ? (
              <Spin />
            ) : health.error ? (
              <ErrorAlert error={health.error} />
            ) : (
              <Descriptions
                column={1}
                size="small"
                items={[
                  { key: 's', label: t('system.status'), children: <Badge status="success" text={health.data.status} /> },
                  { key: 'db', label: t('system.database'), children: health.data.database },
                  { key: 'v', label: t('system.version'), children: health.data.version },
                  { key: 'r', label: t('system.regions'), children: formatNumber(health.data.regions, lang) },
                  { key: 'p', label: t('system.persons'), children: formatNumber(health.data.persons, lang) },
                  { key: 'u', label: t('system.uptime'), children: uptime(health.data.uptimeSeconds, lang) },
                ]}
              />
            )}
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card title={t('system.settings')} data-testid="settings">
            {settings.isPending ? (
              <Spin />
            ) : settings.error ? (
              <ErrorAlert error={settings.error} />
            ) : (
              <Descriptions
                column={1}
                size="small"
                items={[
                  { key: 'pw', label: t('system.passwordPolicy'), children: t('system.passwordPolicyValue', { len: settings.data.passwordPolicy.minLength, classes: settings.data.passwordPolicy.minClasses }) },
                  { key: 'lock', label: t('system.lockout'), children: t('system.lockoutValue', { n: settings.data.lockout.maxFailures, m: settings.data.lockout.lockMinutes }) },
                  { key: 'sess', label: t('system.session'), children: t('system.sessionValue', { idle: settings.data.session.idleMinutes, abs: settings.data.session.absoluteHours }) },
                  {
                    key: 'rate',
                    label: t('system.rates'),
                    children: t('system.ratesValue', { login: settings.data.rateLimits.loginPerMinute, search: settings.data.rateLimits.searchPerMinute, reveal: settings.data.rateLimits.revealPerHour }),
                  },
                ]}
              />
            )}
          </Card>
        </Col>
      </Row>
    </Space>
  );
}
