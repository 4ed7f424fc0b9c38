import { useState } from 'react';
import { Alert, AutoComplete, Button, Card, Col, DatePicker, Form, Input, InputNumber, Row, Space, Table, Tag, Typography } from 'antd';
import { SafetyCertificateOutlined, SearchOutlined } from '@ant-design/icons';
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import type { Dayjs } from 'dayjs';
import type { z } from 'zod';
import { auditContracts, AuditQuery, type AuditRecordView } from '@renkou/core';
import { call } from '../../api/api';
import { setFieldErrors, validate } from '../../api/form-errors';
import { DATE_FORMAT, formatTime } from '../../app/format';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useI18n } from '../../i18n/i18n';
import { label, OUTCOME, roleName } from '../../i18n/labels';

type Row = z.infer<typeof AuditRecordView>;
type Filter = Omit<z.input<typeof AuditQuery>, 'page' | 'pageSize'>;

const ACTIONS = [
  'auth.login', 'auth.logout', 'auth.change_password', 'auth.totp_enable', 'person.read', 'person.search', 'person.reveal_id', 'person.create',
  'household.read', 'household.create', 'household.add_member', 'event.', 'dashboard.read', 'user.create', 'user.disable', 'user.enable', 'user.unlock',
  'user.reset_password', 'access.denied', 'rate_limit.exceeded', 'audit.search', 'audit.verify',
];
const OBJECT_TYPES = ['person', 'household', 'vital_event', 'user', 'region', 'login', 'person_search', 'route', 'audit_log'];

interface Values {
  username?: string;
  userId?: number;
  action?: string;
  objectType?: string;
  objectId?: string;
  dates?: [Dayjs | null, Dayjs | null] | null;
}

/** 审计日志 (audit administrator): who did what to which record, when, from where, and why. */
export function AuditPage() {
  const { t, lang } = useI18n();
  const [form] = Form.useForm<Values>();
  const [filter, setFilter] = useState<Filter>({});
  const [page, setPage] = useState({ page: 1, pageSize: 50 });

  const records = useQuery({
    queryKey: ['audit', filter, page],
    queryFn: () => call(auditContracts.search, { query: { ...filter, ...page } }),
    placeholderData: keepPreviousData,
  });
  const verify = useMutation({ mutationFn: () => call(auditContracts.verify) });

  const submit = (v: Values) => {
    const f: Filter = {
      ...(v.username?.trim() ? { username: v.username.trim().toLowerCase() } : {}),
      ...(v.userId ? { userId: v.userId } : {}),
      ...(v.action?.trim() ? { action: v.action.trim() } : {}),
      ...(v.objectType?.trim() ? { objectType: v.objectType.trim() } : {}),
      ...(v.objectId?.trim() ? { objectId: v.objectId.trim() } : {}),
      ...(v.dates?.[0] ? { from: v.dates[0].format(DATE_FORMAT) } : {}),
      ...(v.dates?.[1] ? { to: v.dates[1].format(DATE_FORMAT) } : {}),
    };
    const checked = validate(AuditQuery, f, lang);
    if (!checked.ok) return setFieldErrors(form, checked.fields.map((e) => (e.name[0] === 'from' || e.name[0] === 'to' ? { ...e, name: ['dates'] } : e)));
    setFilter(f);
    setPage((p) => ({ ...p, page: 1 }));
  };

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space style={{ width: '100%', justifyContent: 'space-between' }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('audit.title')}
        </Typography.Title>
        <Button icon={<SafetyCertificateOutlined />} loading={verify.isPending} onClick={() => verify.mutate()}>
          {t('audit.verify')}
        </Button>
      </Space>
      {verify.data && (
        <Alert
          type={verify.data.ok ? 'success' : 'error'}
          showIcon
          closable
          title={verify.data.ok ? t('audit.verifyOk', { n: verify.data.checked }) : t('audit.verifyBad', { n: verify.data.problems.length })}
          description={verify.data.ok ? undefined : verify.data.problems.slice(0, 10).map((p) => `#${p.id ?? '?'} (${p.chain}/${p.chainSeq}): ${p.problem}`).join('；')}
        />
      )}
      <Card>
        <Form name="auditSearch" form={form} layout="vertical" onFinish={submit} aria-label={t('audit.title')}>
          <Row gutter={16}>
            <Col xs={24} md={8} xl={4}>
              <Form.Item label={t('audit.user')} name="username">
                <Input allowClear data-testid="audit-username" />
              </Form.Item>
            </Col>
            <Col xs={24} md={8} xl={3}>
              <Form.Item label={t('audit.userId')} name="userId">
                <InputNumber min={1} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col xs={24} md={8} xl={4}>
              <Form.Item label={t('audit.action')} name="action">
                <AutoComplete allowClear options={ACTIONS.map((a) => ({ value: a }))} showSearch={{ filterOption: (input, o) => String(o?.value).includes(input) }} data-testid="audit-action" />
              </Form.Item>
            </Col>
            <Col xs={24} md={8} xl={4}>
              <Form.Item label={t('audit.objectType')} name="objectType">
                <AutoComplete allowClear options={OBJECT_TYPES.map((a) => ({ value: a }))} data-testid="audit-object-type" />
              </Form.Item>
            </Col>
            <Col xs={24} md={8} xl={3}>
              <Form.Item label={t('audit.objectId')} name="objectId">
                <Input allowClear data-testid="audit-object-id" />
              </Form.Item>
            </Col>
            <Col xs={24} md={8} xl={6}>
              <Form.Item label={t('audit.dates')} name="dates">
                <DatePicker.RangePicker format={DATE_FORMAT} style={{ width: '100%' }} allowEmpty={[true, true]} />
              </Form.Item>
            </Col>
          </Row>
          <Space>
            <Button type="primary" htmlType="submit" icon={<SearchOutlined />} data-testid="audit-search">
              {t('common.search')}
            </Button>
            <Button
              onClick={() => {
                form.resetFields();
                setFilter({});
              }}
            >
              {t('common.reset')}
            </Button>
          </Space>
        </Form>
      </Card>
      {(records.error || verify.error) && <ErrorAlert error={records.error ?? verify.error} />}
      <Card>
        <Table<Row>
          rowKey="id"
          size="small"
          data-testid="audit-table"
          loading={records.isFetching}
          dataSource={records.data?.items ?? []}
          scroll={{ x: 1000 }}
          pagination={{
            current: page.page,
            pageSize: page.pageSize,
            total: records.data?.total ?? 0,
            showSizeChanger: true,
            pageSizeOptions: [20, 50, 100, 200],
            showTotal: (n) => t('common.total', { n }),
            onChange: (p, s) => setPage({ page: p, pageSize: s }),
          }}
          columns={[
            { title: '#', dataIndex: 'id', key: 'id', width: 64 },
            { title: t('audit.at'), dataIndex: 'at', key: 'at', render: formatTime, width: 160 },
            {
              title: t('audit.user'),
              dataIndex: 'username',
              key: 'user',
              width: 160,
              render: (u: string | null, r: Row) =>
                u ? (
                  <>
                    {u}
                    {r.userId ? ` (#${r.userId})` : ''}
                    {r.role && (
                      <div>
                        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                          {roleName(r.role, lang)}
                        </Typography.Text>
                      </div>
                    )}
                  </>
                ) : (
                  '—'
                ),
            },
            { title: t('audit.action'), dataIndex: 'action', key: 'action', render: (a: string) => <span className="mono">{a}</span>, width: 170 },
            { title: t('audit.object'), key: 'object', width: 120, render: (_: unknown, r: Row) => (r.objectType ? `${r.objectType}${r.objectId ? ` #${r.objectId}` : ''}` : '—') },
            {
              title: t('audit.outcome'),
              dataIndex: 'outcome',
              key: 'outcome',
              width: 72,
              render: (o: string) => <Tag color={o === 'success' ? 'green' : o === 'denied' ? 'red' : 'orange'}>{label(OUTCOME, o, lang)}</Tag>,
            },
            { title: t('audit.reason'), dataIndex: 'reason', key: 'reason', render: (s: string | null) => s ?? '' },
            { title: t('audit.ip'), dataIndex: 'ip', key: 'ip', render: (s: string | null) => <span className="mono">{s ?? ''}</span>, width: 120 },
          ]}
        />
      </Card>
    </Space>
  );
}
