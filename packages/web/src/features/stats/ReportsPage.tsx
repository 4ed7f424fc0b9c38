import { useState } from 'react';
import { Button, Card, Col, Empty, Form, Row, Segmented, Space, Spin, Typography } from 'antd';
import { DownloadOutlined, FileExcelOutlined } from '@ant-design/icons';
import type { Basis } from '@renkou/core';
import { formatTime } from '../../app/format';
import { useAuth } from '../../app/auth';
import { ErrorAlert } from '../../components/ErrorAlert';
import { RegionPicker } from '../../components/RegionPicker';
import { useI18n } from '../../i18n/i18n';
import { PeriodPicker } from './PeriodPicker';
import { lastComplete, periodCode, periodLabel } from './period';
import { reportUrl, useReport, type ReportKind } from './queries';
import { ReportTable } from './ReportTable';
import { BasisSwitch } from './BasisSwitch';

const DEFAULT_PERIOD: Record<ReportKind, () => string> = {
  monthly: () => periodCode(lastComplete('month')),
  annual: () => periodCode(lastComplete('year')),
};

/** 统计报表: the monthly (月报) or annual (年报) report of a region, previewed, and downloaded as .xlsx or .csv. */
export function ReportsPage() {
  const { t, text } = useI18n();
  const auth = useAuth();
  const [report, setReport] = useState<ReportKind>('annual');
  const [region, setRegion] = useState<string>(auth.user?.regionCode ?? '');
  const [period, setPeriod] = useState<string>(DEFAULT_PERIOD.annual);
  const [basis, setBasis] = useState<Basis>('residence');
  const view = useReport(report, region, period, basis);
  const file = (format: 'xlsx' | 'csv') => reportUrl(report, { region, period, basis, format });

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('reports.title')}
      </Typography.Title>
      <Card size="small">
        <Form layout="vertical" component="div">
          <Row gutter={16}>
            <Col xs={24} md={12} xl={5}>
              <Form.Item label={t('reports.kind')} style={{ marginBottom: 8 }}>
                <Segmented<ReportKind>
                  value={report}
                  onChange={(k) => {
                    setReport(k);
                    setPeriod(DEFAULT_PERIOD[k]());
                  }}
                  options={[
                    { value: 'monthly', label: t('reports.monthly') },
                    { value: 'annual', label: t('reports.annual') },
                  ]}
                  data-testid="report-kind"
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={12} xl={7}>
              <Form.Item label={t('stats.region')} style={{ marginBottom: 8 }}>
                <RegionPicker value={region} onChange={(c) => c && setRegion(c)} allowClear={false} data-testid="report-region" aria-label={t('stats.region')} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12} xl={6}>
              <Form.Item label={t('stats.period')} style={{ marginBottom: 8 }}>
                <PeriodPicker value={period} onChange={setPeriod} kinds={[report === 'monthly' ? 'month' : 'year']} data-testid="report-period" />
              </Form.Item>
            </Col>
            <Col xs={24} md={12} xl={6}>
              <Form.Item label={t('stats.basis')} style={{ marginBottom: 8 }}>
                <BasisSwitch value={basis} onChange={setBasis} />
              </Form.Item>
            </Col>
          </Row>
        </Form>
      </Card>
      {view.error && <ErrorAlert error={view.error} />}
      {view.isPending && <Spin style={{ display: 'block', margin: 32 }} />}
      {view.data && (
        <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="report-preview">
          <Space align="center" wrap style={{ width: '100%', justifyContent: 'space-between' }}>
            <Space align="baseline" wrap>
              <Typography.Title level={4} style={{ margin: 0 }}>
                {text(view.data.title)}
              </Typography.Title>
              <Typography.Text type="secondary">
                {view.data.region.name} · {periodLabel(view.data.period, t)} · {t(`stats.basis.${view.data.basis}`)} ·{' '}
                {t('stats.generatedAt', { time: formatTime(view.data.generatedAt) })}
              </Typography.Text>
            </Space>
            {/* Plain links to the same report as a file: the browser sends the session cookie along. */}
            <Space wrap>
              <Button type="primary" icon={<FileExcelOutlined />} href={file('xlsx')} download data-testid="download-xlsx">
                {t('reports.downloadXlsx')}
              </Button>
              <Button icon={<DownloadOutlined />} href={file('csv')} download data-testid="download-csv">
                {t('reports.downloadCsv')}
              </Button>
            </Space>
          </Space>
          {view.data.tables.length === 0 && <Empty description={t('reports.empty')} />}
          {view.data.tables.map((table, i) => (
            <ReportTable key={`${i}:${table.title}`} table={table} index={i} />
          ))}
        </Space>
      )}
    </Space>
  );
}
