import { useState } from 'react';
import { App, Button, Card, Form, Input, Modal, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import { PlusOutlined, SearchOutlined } from '@ant-design/icons';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ROLES, userContracts, type Role, type UserView } from '@renkou/core';
import { call } from '../../api/api';
import { formatTime } from '../../app/format';
import { ErrorAlert } from '../../components/ErrorAlert';
import { RegionName } from '../../components/RegionName';
import { useI18n } from '../../i18n/i18n';
import { roleName } from '../../i18n/labels';
import { CreateUserModal, type Created } from './CreateUserModal';

type Action = 'disable' | 'enable' | 'unlock';

/** 用户管理 (security administrator): list, create, disable/enable, unlock, reset a password. */
export function UsersPage() {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [filter, setFilter] = useState<{ q?: string; role?: Role }>({});
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const [creating, setCreating] = useState(false);
  const [secret, setSecret] = useState<{ title: string; password?: string | undefined; totpUri?: string | undefined } | null>(null);

  const users = useQuery({
    queryKey: ['users', filter, page],
    queryFn: () => call(userContracts.list, { query: { ...filter, ...page } }),
    placeholderData: keepPreviousData,
  });

  const act = useMutation({
    mutationFn: ({ action, id }: { action: Action; id: number }) => call(userContracts[action], { params: { id } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['users'] }),
  });
  const reset = useMutation({
    mutationFn: (u: UserView) => call(userContracts.resetPassword, { params: { id: u.id } }).then((r) => ({ ...r, u })),
    onSuccess: (r) => {
      setSecret({ title: `${t('users.reset')}: ${r.u.username}`, password: r.initialPassword });
      return queryClient.invalidateQueries({ queryKey: ['users'] });
    },
  });

  const onCreated = (c: Created) => {
    setCreating(false);
    void message.success(t('users.created', { name: c.username }));
    setSecret({ title: t('users.created', { name: c.username }), password: c.initialPassword, totpUri: c.totpUri });
    void queryClient.invalidateQueries({ queryKey: ['users'] });
  };

  const state = (u: UserView) =>
    u.disabled ? <Tag>{t('users.disabled')}</Tag> : u.locked ? <Tag color="red">{t('users.locked')}</Tag> : <Tag color="green">{t('users.active')}</Tag>;

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space style={{ width: '100%', justifyContent: 'space-between' }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('users.title')}
        </Typography.Title>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="create-user">
          {t('users.create')}
        </Button>
      </Space>
      <Card>
        <Form name="userFilter" layout="inline" onFinish={(v: { q?: string; role?: Role }) => { setFilter({ ...(v.q ? { q: v.q } : {}), ...(v.role ? { role: v.role } : {}) }); setPage((p) => ({ ...p, page: 1 })); }}>
          <Form.Item label={t('users.q')} name="q">
            <Input allowClear />
          </Form.Item>
          <Form.Item label={t('users.role')} name="role">
            <Select allowClear style={{ width: 200 }} options={ROLES.map((r) => ({ value: r, label: roleName(r, lang) }))} />
          </Form.Item>
          <Button type="primary" htmlType="submit" icon={<SearchOutlined />}>
            {t('common.search')}
          </Button>
        </Form>
      </Card>
      {(users.error || act.error || reset.error) && <ErrorAlert error={users.error ?? act.error ?? reset.error} />}
      <Card>
        <Table<UserView>
          rowKey="id"
          size="middle"
          data-testid="users-table"
          loading={users.isFetching}
          dataSource={users.data?.items ?? []}
          pagination={{ current: page.page, pageSize: page.pageSize, total: users.data?.total ?? 0, showTotal: (n) => t('common.total', { n }), onChange: (p, s) => setPage({ page: p, pageSize: s }) }}
          columns={[
            { title: t('users.username'), dataIndex: 'username', key: 'username', render: (s: string) => <span className="mono">{s}</span> },
            { title: t('users.displayName'), dataIndex: 'displayName', key: 'name' },
            { title: t('users.holder'), dataIndex: 'holder', key: 'holder' },
            { title: t('users.role'), dataIndex: 'role', key: 'role', render: (r: string) => roleName(r, lang) },
            { title: t('users.region'), dataIndex: 'regionCode', key: 'region', render: (c: string) => <RegionName code={c} /> },
            { title: t('users.state'), key: 'state', render: (_: unknown, u: UserView) => state(u) },
            { title: t('users.totp'), dataIndex: 'totpEnabled', key: 'totp', render: (b: boolean) => (b ? t('common.yes') : t('common.no')) },
            { title: t('users.createdAt'), dataIndex: 'createdAt', key: 'created', render: formatTime },
            {
              title: t('common.actions'),
              key: 'actions',
              render: (_: unknown, u: UserView) => (
                <Space size={4} wrap>
                  {u.disabled ? (
                    <Button size="small" onClick={() => act.mutate({ action: 'enable', id: u.id })}>{t('users.enable')}</Button>
                  ) : (
                    <Popconfirm title={t('users.disableConfirm', { name: u.username })} okText={t('common.confirm')} cancelText={t('common.cancel')} onConfirm={() => act.mutate({ action: 'disable', id: u.id })}>
                      <Button size="small" danger>{t('users.disable')}</Button>
                    </Popconfirm>
                  )}
                  {u.locked && <Button size="small" onClick={() => act.mutate({ action: 'unlock', id: u.id })}>{t('users.unlock')}</Button>}
                  <Popconfirm title={t('users.resetConfirm', { name: u.username })} okText={t('common.confirm')} cancelText={t('common.cancel')} onConfirm={() => reset.mutate(u)}>
                    <Button size="small">{t('users.reset')}</Button>
                  </Popconfirm>
                </Space>
              ),
            },
          ]}
        />
      </Card>
      <CreateUserModal open={creating} onClose={() => setCreating(false)} onCreated={onCreated} />
      <Modal open={secret !== null} title={secret?.title} onCancel={() => setSecret(null)} footer={<Button type="primary" onClick={() => setSecret(null)} data-testid="secret-close">{t('common.close')}</Button>} destroyOnHidden>
        {secret?.password && (
          <>
            <Typography.Paragraph>{t('users.oneTime')}</Typography.Paragraph>
            <Typography.Paragraph copyable={{ text: secret.password }} className="secret" data-testid="one-time-password">
              {secret.password}
            </Typography.Paragraph>
          </>
        )}
        {secret?.totpUri && (
          <>
            <Typography.Paragraph>{t('users.totpUri')}</Typography.Paragraph>
            <Typography.Paragraph copyable={{ text: secret.totpUri }} className="mono" style={{ wordBreak: 'break-all' }} data-testid="totp-uri">
              {secret.totpUri}
            </Typography.Paragraph>
          </>
        )}
      </Modal>
    </Space>
  );
}
