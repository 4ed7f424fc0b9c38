import { Button, Col, Row, Space, Statistic, Tag } from 'antd';
import { useNavigate } from 'react-router';
import type { z } from 'zod';
import type { BatchSummary } from '@renkou/core';
import { useI18n } from '../../i18n/i18n';
import { formatCount } from '../stats/format';

type Summary = z.infer<typeof BatchSummary>;

/** The counts of an import batch; the figures a clerk acts on link to where they act. */
export const COUNT_KEYS = ['received', 'valid', 'applied', 'alreadyApplied', 'rejected', 'worklist'] as const;

export function BatchStatus({ status }: { status: Summary['status'] }) {
  const { t } = useI18n();
  return <Tag color={status === 'applied' ? 'green' : 'gold'}>{t(`batch.status.${status}`)}</Tag>;
}

/** 收到 · 格式正确 · 已入库 · 此前已导入 · 被拒 · 待核对, with links to the rejected rows and the worklist. */
export function BatchSummaryView({ batch, links = true }: { batch: Summary; links?: boolean }) {
  const { t, lang } = useI18n();
  const navigate = useNavigate();
  const color = (k: (typeof COUNT_KEYS)[number]) => (k === 'rejected' && batch.rejected > 0 ? '#cf1322' : k === 'worklist' && batch.worklist > 0 ? '#d46b08' : k === 'applied' ? '#389e0d' : undefined);
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="batch-summary" data-batch={batch.batchId}>
      <Row gutter={[16, 8]}>
        {COUNT_KEYS.map((k) => (
          <Col xs={12} sm={8} lg={4} key={k}>
            <Statistic title={t(`batch.${k}`)} value={formatCount(batch[k], lang)} styles={{ content: { color: color(k) } }} data-testid={`batch-${k}`} data-value={batch[k]} />
          </Col>
        ))}
      </Row>
      {links && (batch.rejected > 0 || batch.worklist > 0) && (
        <Space wrap>
          {batch.rejected > 0 && (
            <Button danger onClick={() => void navigate(`/exchange/imports?batch=${batch.batchId}`)} data-testid="link-rejected">
              {t('batch.viewRejected')}
            </Button>
          )}
          {batch.worklist > 0 && (
            <Button onClick={() => void navigate(`/exchange/worklist?kind=${batch.kind}`)} data-testid="link-worklist">
              {t('batch.openWorklist')}
            </Button>
          )}
        </Space>
      )}
    </Space>
  );
}
