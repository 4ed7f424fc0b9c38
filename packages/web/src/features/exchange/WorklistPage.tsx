import { useMemo, useState } from 'react';
import { Button, Card, Col, Empty, Form, Row, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { CheckOutlined, RollbackOutlined, UserAddOutlined, UserSwitchOutlined } from '@ant-design/icons';
import { Link, useSearchParams } from 'react-router';
import type { z } from 'zod';
import { FEED_KINDS, type FeedKind, type WorklistItem } from '@renkou/core';
import { formatTime } from '../../app/format';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useI18n } from '../../i18n/i18n';
import { DecisionModal, type DecisionTarget } from './DecisionModal';
import { CandidatesTable } from './CandidatesTable';
import { RecordView } from './RecordView';
import { feedName, kindOptions, reasonLabel } from './labels';
import { useWorklist } from './queries';

type Item = z.infer<typeof WorklistItem>;
const keyOf = (i: Pick<Item, 'batchId' | 'row'>) => `${i.batchId}:${i.row}`;

/**
 * 待核对: the records the linkage could not settle. The clerk opens one, compares it with its candidates,
 * and accepts a candidate, creates a new person (police move-ins only) or rejects it, with a comment.
 */
export function WorklistPage() {
  const { t, lang } = useI18n();
  const [params, setParams] = useSearchParams();
  const fromUrl = params.get('kind') as FeedKind | null;
  const kind = fromUrl && FEED_KINDS.includes(fromUrl) ? fromUrl : undefined;
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const list = useWorklist(kind, page.page, page.pageSize);
  const [selected, setSelected] = useState<string | null>(null);
  const [candidate, setCandidate] = useState<number | null>(null);
  const [target, setTarget] = useState<DecisionTarget | null>(null);
  const [decided, setDecided] = useState<{ decision: 'accept_match' | 'create_new'; personId: number | null } | null>(null);

  const items = useMemo(() => list.data?.items ?? [], [list.data]);
  const item = items.find((i) => keyOf(i) === selected);
  const chosen = item?.candidates.find((c) => c.personId === candidate);
  const canCreate = item?.kind === 'police_hukou' && item.record.change === 'move_in';

  const select = (i: Item) => {
    setSelected(keyOf(i));
    setCandidate(i.candidates.length === 1 ? i.candidates[0]!.personId : null);
    setDecided(null);
  };

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={3}>{t('worklist.title')}</Typography.Title>
      <Card size="small">
        <Form layout="inline" component="div">
          <Form.Item label={t('exchange.kind')} style={{ marginBottom: 0 }}>
            <Select<FeedKind>
              allowClear
              placeholder={t('exchange.allKinds')}
              value={kind}
              options={kindOptions(lang)}
              onChange={(k) => {
                setParams(k ? { kind: k } : {}, { replace: true });
                setPage((p) => ({ ...p, page: 1 }));
                setSelected(null);
              }}
              style={{ width: 300 }}
              data-testid="worklist-kind"
              aria-label={t('exchange.kind')}
            />
          </Form.Item>
        </Form>
      </Card>
      {list.error && <ErrorAlert error={list.error} />}
      {decided && (
        <Typography.Text type="success" data-testid="decision-done">
          <CheckOutlined /> {t(`worklist.done.${decided.decision}`)}
          {decided.personId !== null && (
            <>
              {' · '}
              <Link to={`/persons/${decided.personId}`}>{t('worklist.openPerson')}</Link>
            </>
          )}
        </Typography.Text>
      )}
      <Card size="small">
        <Table<Item>
          rowKey={keyOf}
          size="small"
          data-testid="worklist-table"
          loading={list.isFetching}
          dataSource={items}
          locale={{ emptyText: <Empty description={t('worklist.empty')} /> }}
          rowSelection={{ type: 'radio', selectedRowKeys: selected ? [selected] : [], onChange: (_, rows) => rows[0] && select(rows[0]), columnWidth: 40 }}
          onRow={(i) => ({ onClick: () => select(i), style: { cursor: 'pointer' } })}
          pagination={{ current: page.page, pageSize: page.pageSize, total: list.data?.total ?? 0, showTotal: (n) => t('common.total', { n }), onChange: (p, s) => setPage({ page: p, pageSize: s }) }}
          scroll={{ x: 960 }}
          columns={[
            { title: t('batch.id'), key: 'batch', width: 70, render: (_: unknown, i) => i.batchId },
            { title: t('imports.row'), key: 'row', width: 60, render: (_: unknown, i) => i.row },
            { title: t('batch.kind'), key: 'kind', width: 200, render: (_: unknown, i) => feedName(i.kind, lang) },
            { title: t('worklist.key'), key: 'key', render: (_: unknown, i) => <span className="mono">{i.recordKey}</span> },
            { title: t('worklist.reason'), key: 'reason', render: (_: unknown, i) => <Tag color="orange" data-reason={i.reason}>{reasonLabel(i.reason, lang)}</Tag> },
            { title: t('worklist.candidateCount'), key: 'n', width: 70, align: 'right', render: (_: unknown, i) => i.candidates.length },
            { title: t('worklist.receivedAt'), key: 'at', width: 170, render: (_: unknown, i) => formatTime(i.receivedAt) },
          ]}
        />
      </Card>
      {item ? (
        <Row gutter={16} data-testid="worklist-detail" data-key={keyOf(item)}>
          <Col xs={24} lg={9}>
            <Card size="small" title={`${t('worklist.record')} · ${feedName(item.kind, lang)}`} extra={<Typography.Text type="secondary">{t('worklist.recordHelp')}</Typography.Text>}>
              <RecordView kind={item.kind} record={item.record} />
            </Card>
          </Col>
          <Col xs={24} lg={15}>
            <Card
              size="small"
              title={t('worklist.candidates')}
              actions={[
                <Tooltip key="accept" title={chosen ? undefined : t('worklist.chooseFirst')}>
                  <Button
                    type="primary"
                    icon={<UserSwitchOutlined />}
                    disabled={!chosen}
                    onClick={() => chosen && setTarget({ batchId: item.batchId, row: item.row, decision: 'accept_match', person: { id: chosen.personId, name: chosen.name } })}
                    data-testid="decide-accept"
                  >
                    {t('worklist.accept')}
                  </Button>
                </Tooltip>,
                <Tooltip key="create" title={canCreate ? undefined : t('worklist.createOnly')}>
                  <Button icon={<UserAddOutlined />} disabled={!canCreate} onClick={() => setTarget({ batchId: item.batchId, row: item.row, decision: 'create_new' })} data-testid="decide-create">
                    {t('worklist.create')}
                  </Button>
                </Tooltip>,
                <Button key="reject" danger icon={<RollbackOutlined />} onClick={() => setTarget({ batchId: item.batchId, row: item.row, decision: 'reject' })} data-testid="decide-reject">
                  {t('worklist.reject')}
                </Button>,
              ]}
            >
              <CandidatesTable item={item} value={candidate} onChange={setCandidate} />
            </Card>
          </Col>
        </Row>
      ) : (
        items.length > 0 && (
          <Typography.Text type="secondary" data-testid="worklist-hint">
            {t('worklist.pickOne')}
          </Typography.Text>
        )
      )}
      <DecisionModal
        target={target}
        onClose={() => setTarget(null)}
        onDone={(d, personId) => {
          setTarget(null);
          setSelected(null);
          setCandidate(null);
          setDecided(d === 'reject' ? null : { decision: d, personId });
        }}
      />
    </Space>
  );
}
