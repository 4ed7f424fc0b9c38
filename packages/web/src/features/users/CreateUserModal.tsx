import { useState } from 'react';
import { Alert, Form, Input, Modal, Select } from 'antd';
import { CreateUserBody, ROLE_REGION_LEVEL, ROLES, userContracts, type Role } from '@renkou/core';
import { call, isApiError } from '../../api/api';
import { serverFieldErrors, setFieldErrors, validate } from '../../api/form-errors';
import { RegionPicker } from '../../components/RegionPicker';
import { useI18n } from '../../i18n/i18n';
import { roleName } from '../../i18n/labels';

interface Values {
  username?: string;
  displayName?: string;
  holder?: string;
  role?: Role;
  regionCode?: string;
  password?: string;
}

export interface Created {
  readonly username: string;
  readonly initialPassword?: string | undefined;
  readonly totpUri?: string | undefined;
}

/** 新建用户: the security administrator creates an account with a role and a region of the right level. */
export function CreateUserModal({ open, onClose, onCreated }: { open: boolean; onClose(): void; onCreated(c: Created): void }) {
  const { t, text, lang } = useI18n();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [other, setOther] = useState<string | null>(null);
  const role = Form.useWatch('role', form);
  const level = role ? ROLE_REGION_LEVEL[role] : null;
  const levelNames = t('region.levels').split(',');

  const submit = async () => {
    setOther(null);
    const v = form.getFieldsValue();
    const body = { ...v, password: v.password || undefined };
    const checked = validate(CreateUserBody, body, lang);
    if (!checked.ok) return setFieldErrors(form, checked.fields);
    setBusy(true);
    try {
      const res = await call(userContracts.create, { body: checked.value });
      form.resetFields();
      onCreated({ username: res.user.username, initialPassword: res.initialPassword, totpUri: res.totpUri });
    } catch (e) {
      if (isApiError(e)) {
        const { fields, other: rest } = serverFieldErrors(e, lang, ['username', 'displayName', 'holder', 'role', 'regionCode', 'password']);
        setFieldErrors(form, fields);
        setOther([text(e.text), ...rest].join('；'));
      } else setOther(t('common.error'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal open={open} title={t('users.create')} okText={t('common.save')} cancelText={t('common.cancel')} onOk={() => void submit()} confirmLoading={busy} onCancel={onClose} destroyOnHidden width={560}>
      {other && <Alert type="error" showIcon title={other} style={{ marginBottom: 12 }} data-testid="create-user-error" />}
      <Form name="createUser" form={form} layout="vertical" onFinish={() => void submit()}>
        <Form.Item label={t('users.username')} name="username" required>
          <Input autoComplete="off" data-testid="new-username" />
        </Form.Item>
        <Form.Item label={t('users.displayName')} name="displayName" required>
          <Input data-testid="new-displayName" />
        </Form.Item>
        <Form.Item label={t('users.holder')} name="holder" required extra={t('users.holderHelp')}>
          <Input data-testid="new-holder" />
        </Form.Item>
        <Form.Item label={t('users.role')} name="role" required>
          <Select data-testid="new-role" options={ROLES.map((r) => ({ value: r, label: roleName(r, lang) }))} onChange={() => form.setFieldValue('regionCode', undefined)} />
        </Form.Item>
        <Form.Item label={t('users.region')} name="regionCode" required extra={level ? t('users.regionHelp', { level: levelNames[level - 1] ?? '' }) : undefined}>
          <RegionPicker level={level ?? undefined} data-testid="new-region" />
        </Form.Item>
        <Form.Item label={`${t('users.password')}${t('common.optional')}`} name="password" extra={t('users.passwordHelp')}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
