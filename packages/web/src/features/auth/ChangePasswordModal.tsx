import { useState } from 'react';
import { Alert, App, Form, Input, Modal } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { authContracts, ChangePasswordBody, type CurrentUser } from '@renkou/core';
import { call, isApiError } from '../../api/api';
import { serverFieldErrors, setFieldErrors, validate } from '../../api/form-errors';
import { ME_KEY } from '../../app/auth';
import { useI18n } from '../../i18n/i18n';

interface Values {
  currentPassword?: string;
  newPassword?: string;
  confirm?: string;
}

/** Changing one's own password; forced (not closable) while the server says the password must change. */
export function ChangePasswordModal({ open, forced, onClose }: { open: boolean; forced: boolean; onClose(): void }) {
  const { t, text, lang } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [other, setOther] = useState<string | null>(null);

  const submit = async () => {
    setOther(null);
    const v = form.getFieldsValue();
    const checked = validate(ChangePasswordBody, { currentPassword: v.currentPassword ?? '', newPassword: v.newPassword ?? '' }, lang);
    if (!checked.ok) return setFieldErrors(form, checked.fields);
    if (v.newPassword !== v.confirm) return form.setFields([{ name: 'confirm', errors: [t('pwd.mismatch')] }]);
    setBusy(true);
    try {
      await call(authContracts.changePassword, { body: checked.value });
      queryClient.setQueryData<CurrentUser>(ME_KEY, (u) => (u ? { ...u, mustChangePassword: false } : u));
      void message.success(t('pwd.done'));
      form.resetFields();
      onClose();
    } catch (e) {
      if (isApiError(e)) {
        const { fields, other: rest } = serverFieldErrors(e, lang, ['currentPassword', 'newPassword']);
        setFieldErrors(form, fields);
        setOther(fields.length === 0 || rest.length > 0 ? [text(e.text), ...rest].join('；') : null);
      } else setOther(t('common.error'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('pwd.title')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onOk={() => void submit()}
      confirmLoading={busy}
      onCancel={forced ? undefined : onClose}
      closable={!forced}
      mask={{ closable: !forced }}
      keyboard={!forced}
      cancelButtonProps={{ style: forced ? { display: 'none' } : undefined }}
      destroyOnHidden
    >
      {forced && <Alert type="info" showIcon title={t('pwd.mustChange')} style={{ marginBottom: 16 }} />}
      {other && <Alert type="error" showIcon title={other} style={{ marginBottom: 16 }} />}
      <Form name="changePassword" form={form} layout="vertical" onFinish={() => void submit()}>
        <Form.Item label={t('pwd.current')} name="currentPassword">
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Form.Item label={t('pwd.new')} name="newPassword">
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item label={t('pwd.confirm')} name="confirm">
          <Input.Password autoComplete="new-password" onPressEnter={() => void submit()} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
