import { useState } from 'react';
import { Alert, App, Button, Card, Form, Input, Modal, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { CreatePartnerBody, exchangeContracts, type FeedKind, type PartnerView } from '@renkou/core';
import { call, isApiError } from '../../api/api';
import { serverFieldErrors, setFieldErrors, validate } from '../../api/form-errors';
import { formatTime } from '../../app/format';
import { ErrorAlert } from '../../components/ErrorAlert';
import { RegionName } from '../../components/RegionName';
import { RegionPicker } from '../../components/RegionPicker';
import { useI18n } from '../../i18n/i18n';
import { feedName, kindOptions } from './labels';
import { usePartners } from './queries';

type Partner = z.infer<typeof PartnerView>;
interface Values {
  name?: string;
  kind?: FeedKind;
  regionCode?: string;
}

/** 交换伙伴 (security administrator): the partner systems that send feeds by API, their keys, disabling one. */
export function PartnersPage() {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const partners = usePartners();
  const [creating, setCreating] = useState(false);
  const [issued, setIssued] = useState<{ name: string; apiKey: string } | null>(null);

  const disable = useMutation({
    mutationFn: (id: number) => call(exchangeContracts.disablePartner, { params: { id } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['exchange', 'partners'] }),
  });

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space style={{ width: '100%', justifyContent: 'space-between' }}>
        <Typography.Title level={3}>{t('partners.title')}</Typography.Title>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="create-partner">
          {t('partners.create')}
        </Button>
      </Space>
      {(partners.error || disable.error) && <ErrorAlert error={partners.error ?? disable.error} />}
      <Card size="small">
        <Table<Partner>
          rowKey="id"
          size="small"
          data-testid="partners-table"
          loading={partners.isFetching}
          dataSource={partners.data?.items ?? []}
          locale={{ emptyText: t('partners.empty') }}
          pagination={{ pageSize: 50, hideOnSinglePage: true, showTotal: (n) => t('common.total', { n }) }}
          columns={[
            { title: t('partners.name'), dataIndex: 'name', key: 'name' },
            { title: t('exchange.kind'), key: 'kind', render: (_: unknown, p) => feedName(p.kind, lang) },
            { title: t('partners.region'), key: 'region', render: (_: unknown, p) => <RegionName code={p.regionCode} /> },
            { title: t('partners.keyPrefix'), key: 'prefix', render: (_: unknown, p) => <span className="mono">{p.keyPrefix}…</span> },
            { title: t('partners.state'), key: 'state', render: (_: unknown, p) => (p.disabled ? <Tag>{t('partners.disabled')}</Tag> : <Tag color="green">{t('partners.active')}</Tag>) },
            { title: t('partners.createdAt'), key: 'createdAt', render: (_: unknown, p) => formatTime(p.createdAt) },
            {
              title: t('common.actions'),
              key: 'actions',
              render: (_: unknown, p) =>
                !p.disabled && (
                  <Popconfirm title={t('partners.disableConfirm', { name: p.name })} okText={t('common.confirm')} cancelText={t('common.cancel')} onConfirm={() => disable.mutate(p.id)}>
                    <Button size="small" danger loading={disable.isPending && disable.variables === p.id} data-testid={`disable-partner-${p.id}`}>
                      {t('partners.disable')}
                    </Button>
                  </Popconfirm>
                ),
            },
          ]}
        />
      </Card>
      <CreatePartnerModal
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(p) => {
          setCreating(false);
          void message.success(t('partners.created', { name: p.name }));
          setIssued(p);
          void queryClient.invalidateQueries({ queryKey: ['exchange', 'partners'] });
        }}
      />
      <Modal
        open={issued !== null}
        title={issued ? t('partners.created', { name: issued.name }) : ''}
        closable={false}
        maskClosable={false}
        keyboard={false}
        footer={
          <Button type="primary" onClick={() => setIssued(null)} data-testid="api-key-close">
            {t('common.close')}
          </Button>
        }
        destroyOnHidden
      >
        {issued && (
          <>
            <Alert type="warning" showIcon title={t('partners.keyOnce')} style={{ marginBottom: 12 }} />
            <Typography.Paragraph strong>{t('partners.apiKey')}</Typography.Paragraph>
            <Typography.Paragraph copyable={{ text: issued.apiKey, tooltips: [t('common.copy'), t('common.copied')] }} className="mono secret" style={{ wordBreak: 'break-all' }} data-testid="api-key">
              {issued.apiKey}
            </Typography.Paragraph>
            <Typography.Paragraph type="secondary">{t('partners.keyUse')}</Typography.Paragraph>
          </>
        )}
      </Modal>
    </Space>
  );
}

function CreatePartnerModal({ open, onClose, onCreated }: { open: boolean; onClose(): void; onCreated(p: { name: string; apiKey: string }): void }) {
  const { t, lang } = useI18n();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [other, setOther] = useState<unknown>(null);

  const submit = async () => {
    setOther(null);
    const checked = validate(CreatePartnerBody, form.getFieldsValue(), lang);
    if (!checked.ok) return setFieldErrors(form, checked.fields);
    setBusy(true);
    try {
      const res = await call(exchangeContracts.createPartner, { body: checked.value });
      form.resetFields();
      onCreated({ name: res.name, apiKey: res.apiKey });
    } catch (e) {
      if (isApiError(e)) {
        // Details that name a field are marked on it; the message above lists every detail too.
        setFieldErrors(form, serverFieldErrors(e, lang, ['name', 'kind', 'regionCode']).fields);
      }
      setOther(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal open={open} title={t('partners.create')} okText={t('common.save')} cancelText={t('common.cancel')} onOk={() => void submit()} confirmLoading={busy} onCancel={onClose} destroyOnHidden width={560}>
      {other !== null && <ErrorAlert error={other} style={{ marginBottom: 12 }} />}
      <Form name="createPartner" form={form} layout="vertical" onFinish={() => void submit()}>
        <Form.Item label={t('partners.name')} name="name" required>
          <Input maxLength={100} data-testid="partner-name" />
        </Form.Item>
        <Form.Item label={t('exchange.kind')} name="kind" required>
          <Select options={kindOptions(lang)} data-testid="partner-kind" />
        </Form.Item>
        <Form.Item label={t('partners.region')} name="regionCode" required extra={t('partners.regionHelp')}>
          <RegionPicker data-testid="partner-region" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
