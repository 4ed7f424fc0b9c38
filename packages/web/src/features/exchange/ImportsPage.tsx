import { useState } from 'react';
import { Button, Card, Drawer, Form, Select, Space, Table, Tooltip, Typography } from 'antd';
import { FileExcelOutlined } from '@ant-design/icons';
import { useSearchParams } from 'react-router';
import type { z } from 'zod';
import type { BatchSummary, FeedKind, RejectedRow } from '@renkou/core';
import { formatTime } from '../../app/format';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useI18n } from '../../i18n/i18n';
import { formatCount } from '../stats/format';
import { BatchStatus, BatchSummaryView, COUNT_KEYS } from './BatchSummaryView';
import { feedName, kindOptions } from './labels';
import { rejectedXlsxUrl, useBatch, useBatches, useRejected } from './queries';

type Summary = z.infer<typeof BatchSummary>;
type Rejected = z.infer<typeof RejectedRow>;

/** 导入记录: the batches imported in the user's region, newest first; a batch opens its rejected rows. */
export function ImportsPage() {
  const { t, lang } = useI18n();
  const [params, setParams] = useSearchParams();
  const [kind, setKind] = useState<FeedKind | undefined>(undefined);
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const batches = useBatches(kind, page.page, page.pageSize);
  const open = Number(params.get('batch'));
  const openId = Number.isInteger(open) && open > 0 ? open : undefined;
  const show = (id: number | undefined) =>
    setParams((prev) => {
      const next = new URLSearchParams(prev);
      if (id === undefined) next.delete('batch');
      else next.set('batch', String(id));
      return next;
    });

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={3}>{t('imports.title')}</Typography.Title>
      <Card size="small">
        <Form layout="inline" component="div">
          <Form.Item label={t('exchange.kind')} style={{ marginBottom: 0 }}>
            <Select<FeedKind>
              allowClear
              placeholder={t('exchange.allKinds')}
              value={kind}
              options={kindOptions(lang)}
              onChange={(k) => {
                setKind(k);
                setPage((p) => ({ ...p, page: 1 }));
              }}
              style={{ width: 300 }}
              data-testid="imports-kind"
              aria-label={t('exchange.kind')}
            />
          </Form.Item>
        </Form>
      </Card>
      {batches.error && <ErrorAlert error={batches.error} />}
      <Card size="small">
        <Table<Summary>
          rowKey="batchId"
          size="small"
          data-testid="imports-table"
          loading={batches.isFetching}
          dataSource={batches.data?.items ?? []}
          scroll={{ x: 1200 }}
          onRow={(b) => ({ onClick: () => show(b.batchId), style: { cursor: 'pointer' }, 'data-batch': b.batchId } as React.HTMLAttributes<HTMLElement>)}
          pagination={{ current: page.page, pageSize: page.pageSize, total: batches.data?.total ?? 0, showTotal: (n) => t('common.total', { n }), onChange: (p, s) => setPage({ page: p, pageSize: s }) }}
          columns={[
            { title: t('batch.id'), dataIndex: 'batchId', key: 'id', width: 70 },
            { title: t('batch.kind'), key: 'kind', width: 200, render: (_: unknown, b) => feedName(b.kind, lang) },
            { title: t('batch.fileName'), key: 'file', ellipsis: true, render: (_: unknown, b) => b.fileName ?? '—' },
            { title: t('batch.encoding'), key: 'encoding', width: 90, render: (_: unknown, b) => <span className="mono">{b.encoding ?? '—'}</span> },
            { title: t('batch.status'), key: 'status', width: 80, render: (_: unknown, b) => <BatchStatus status={b.status} /> },
            ...COUNT_KEYS.map((k) => ({
              title: t(`batch.${k}`),
              key: k,
              width: 90,
              align: 'right' as const,
              render: (_: unknown, b: Summary) => (k === 'rejected' && b.rejected > 0 ? <Typography.Text type="danger">{formatCount(b[k], lang)}</Typography.Text> : formatCount(b[k], lang)),
            })),
            { title: t('batch.createdAt'), key: 'createdAt', width: 170, render: (_: unknown, b) => formatTime(b.createdAt) },
            {
              title: t('common.actions'),
              key: 'open',
              width: 110,
              fixed: 'right',
              render: (_: unknown, b) => (
                <Button size="small" type="link" onClick={(e) => { e.stopPropagation(); show(b.batchId); }} data-testid={`open-batch-${b.batchId}`}>
                  {t('batch.viewRejected')}
                </Button>
              ),
            },
          ]}
        />
      </Card>
      <RejectedDrawer id={openId} onClose={() => show(undefined)} />
    </Space>
  );
}

/** A batch's counts and its rejected rows (row, column, value, reason), with the .xlsx to hand back. */
function RejectedDrawer({ id, onClose }: { id: number | undefined; onClose(): void }) {
  const { t, text } = useI18n();
  const batch = useBatch(id);
  const rows = useRejected(id);
  return (
    <Drawer
      open={id !== undefined}
      onClose={onClose}
      size={900}
      title={id !== undefined ? t('imports.rejectedTitle', { id }) : ''}
      destroyOnHidden
      data-testid="rejected-drawer"
      extra={
        id !== undefined && (
          <Button type="primary" icon={<FileExcelOutlined />} href={rejectedXlsxUrl(id)} download data-testid="download-rejected">
            {t('imports.download')}
          </Button>
        )
      }
    >
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        {(batch.error || rows.error) && <ErrorAlert error={batch.error ?? rows.error} />}
        {batch.data && <BatchSummaryView batch={batch.data} links={false} />}
        <Table<Rejected>
          rowKey={(r) => `${r.row}:${r.field}`}
          size="small"
          loading={rows.isFetching}
          dataSource={rows.data?.items ?? []}
          data-testid="rejected-table"
          locale={{ emptyText: t('imports.noRejected') }}
          pagination={{ pageSize: 50, hideOnSinglePage: true, showTotal: (n) => t('common.total', { n }) }}
          columns={[
            {
              title: (
                <Tooltip title={t('imports.rowHelp')}>
                  <span>{t('imports.row')}</span>
                </Tooltip>
              ),
              dataIndex: 'row',
              key: 'row',
              width: 70,
            },
            { title: t('imports.field'), dataIndex: 'field', key: 'field', width: 140 },
            { title: t('imports.value'), key: 'value', width: 180, render: (_: unknown, r) => <span className="mono">{r.value ?? '—'}</span> },
            { title: t('imports.reason'), key: 'reason', render: (_: unknown, r) => text(r.reason) },
          ]}
        />
      </Space>
    </Drawer>
  );
}
